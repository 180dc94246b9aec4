using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>A document split over several files: the entry has OpenApiClientName, the others are plain AdditionalFiles.</summary>
public class MultiFileTests
{
    private static List<TestDocument> Documents(bool withMissingTarget = false)
    {
        var root = TestPaths.Document("multi");
        var documents = new List<TestDocument> { new(Path.Combine(root, "api.yaml"), File.ReadAllText(Path.Combine(root, "api.yaml")), "MultiClient", "Multi") };
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Where(f => !f.EndsWith("api.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            documents.Add(new TestDocument(file, File.ReadAllText(file), ClientName: null, Namespace: null));
        }

        if (withMissingTarget)
        {
            documents.Add(new TestDocument(Path.Combine(root, "models", "missing.yaml"), "type: object\nproperties:\n  reason: {type: string}\n", ClientName: null, Namespace: null));
        }

        return documents;
    }

    [Fact]
    public void Relative_refs_between_additional_files_resolve_to_typed_code()
    {
        var result = GeneratorHarness.Run(Documents(withMissingTarget: true));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var node = result.TypeSource("Node");
        Assert.Contains("public required long Id { get; init; }", node);
        Assert.Contains("IReadOnlyList<__m.Node>? Children", node); // recursion stays a reference
        var extra = result.TypeSource("NodeExtra");
        Assert.Contains("public string? Label { get; init; }", extra); // a property map from another file
        var client = result.Source("Multi.MultiClient.Client.g.cs");
        Assert.Contains("Task<__m.Node> GetNodeAsync(long id,", client); // an operation written in another file
        Assert.Contains("An API described in several files.", client); // a description from another file
    }

    [Fact]
    public void Files_that_start_with_a_byte_order_mark_resolve_too()
    {
        var documents = Documents(withMissingTarget: true).Select(d => d with { Text = "\uFEFF" + d.Text }).ToList();
        var result = GeneratorHarness.Run(documents);

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        Assert.Contains("public string? Label { get; init; }", result.TypeSource("NodeExtra"));
    }

    [Fact]
    public void A_ref_to_a_file_that_is_not_an_additional_file_is_VOAI010_located_in_the_file_that_has_it()
    {
        var result = GeneratorHarness.Run(Documents());

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("VOAI010", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.EndsWith("node_get.yaml", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(19, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1); // the "schema:" that holds the $ref
        Assert.Contains("../models/missing.yaml", diagnostic.GetMessage());
        result.AssertCompilesClean();
    }

    [Fact]
    public void Editing_a_file_that_no_document_refers_to_does_not_read_a_self_contained_document_again()
    {
        var bundled = new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");
        var other = new TestDocument("settings.json", "{\"a\": 1}", ClientName: null, Namespace: null);
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { class A { } }");
        var driver = GeneratorHarness.CreateDriver([bundled, other], out var texts).RunGenerators(compilation);

        var edited = driver.ReplaceAdditionalText(texts[1], new GeneratorHarness.InMemoryAdditionalText("settings.json", "{\"a\": 2}"));
        var result = edited.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Theory]
    [InlineData("a:\n  $ref: '#/components/schemas/A'\n", false)]
    [InlineData("a:\n  $ref: >-\n    #/components/schemas/A\n", false)]
    [InlineData("a:\n  $ref: |\n    '#/components/schemas/A'\n", false)]
    [InlineData("{\"$ref\": \"#/components/schemas/A\"}", false)]
    [InlineData("a:\n  $ref: >-\n    other.yaml#/A\n", true)]
    [InlineData("a:\n  $ref: 'other.yaml'\n", true)]
    [InlineData("{\"$ref\": \"other.json#/A\"}", true)]
    public void Only_a_ref_to_another_file_makes_a_document_multi_file(string text, bool external)
    {
        // A block scalar (Stripe writes "$ref: >-" and the reference on the next line) is read past its indicator:
        // a self-contained document must not go through the bundler, which costs a second parse.
        Assert.Equal(external, VoiceAi.Generators.Reading.Bundler.HasExternalReferences(text));
    }
}
