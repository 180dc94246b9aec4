using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using VoiceAi.Generators.Reading;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] TrackedSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    private static TestDocument Bundled => new("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");

    [Fact]
    public void An_unrelated_CSharp_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { class A { } }");
        var driver = GeneratorHarness.CreateDriver([Bundled]).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { class B { } }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {output.Reason}");
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Contains(TrackingNames.Sources, result.TrackedSteps.Keys);
    }

    [Fact]
    public void Editing_one_schema_re_emits_only_that_schemas_file()
    {
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { class A { } }");
        var original = Bundled;
        var driver = GeneratorHarness.CreateDriver([original], out var texts).RunGenerators(compilation);

        // Same path, edited text: only the description of one PurchasePhoneNumberResponse property changes.
        var at = original.Text.IndexOf("\"title\": \"Status\"", original.Text.IndexOf("\"PurchasePhoneNumberResponse\": {", StringComparison.Ordinal), StringComparison.Ordinal);
        var editedText = original.Text[..at] + "\"title\": \"Status\", \"description\": \"The purchase status.\"" + original.Text[(at + "\"title\": \"Status\"".Length)..];
        Assert.NotEqual(original.Text, editedText);
        var newDriver = driver.ReplaceAdditionalText(texts.Single(), new GeneratorHarness.InMemoryAdditionalText(original.Path, editedText));
        var result = newDriver.RunGenerators(compilation).GetRunResult().Results.Single();

        var emitted = result.TrackedSteps[TrackingNames.Sources]
            .SelectMany(s => s.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => o.Value.ToString()!)
            .ToList();
        var only = Assert.Single(emitted);
        var group = VoiceAi.Generators.Emitting.EmitPlan.TypeFileGroup("PurchasePhoneNumberResponse").ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("VoiceAi.VoiceAiClient.Types." + group + ".g.cs", only);
        Assert.Contains("The purchase status.", only);
    }

    [Fact]
    public void The_model_holds_no_roslyn_or_openapi_objects()
    {
        var input = new DocumentInput("openapi.json", "VoiceAiClient", "VoiceAi", File.ReadAllText(TestPaths.BundledDocument));
        var model = DocumentReader.Read(input, CancellationToken.None).Model;
        Assert.NotNull(model);

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(model!, visited);
        Assert.True(visited.Count > 50);
    }

    [Fact]
    public void Reading_the_same_document_twice_gives_equal_models()
    {
        var input = new DocumentInput("openapi.json", "VoiceAiClient", "VoiceAi", File.ReadAllText(TestPaths.BundledDocument));
        var first = DocumentReader.Read(input, CancellationToken.None);
        var second = DocumentReader.Read(input with { }, CancellationToken.None);
        Assert.NotSame(first.Model, second.Model);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static void Walk(object value, HashSet<object> visited)
    {
        var type = value.GetType();
        if (value is string || type.IsPrimitive || type.IsEnum || !visited.Add(value))
        {
            return;
        }

        var ns = type.Namespace ?? string.Empty;
        Assert.False(ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), $"{type} is a Roslyn type in the model");
        Assert.False(ns.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal), $"{type} is a Microsoft.OpenApi type in the model");
        Assert.False(ns.StartsWith("System.Text.Json", StringComparison.Ordinal), $"{type} is a JSON DOM type in the model");

        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                if (item is not null)
                {
                    Walk(item, visited);
                }
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.GetValue(value) is { } child)
            {
                Walk(child, visited);
            }
        }
    }
}

public class OptionChangeTests
{
    [Fact]
    public void Changing_one_documents_namespace_re_reads_only_that_document()
    {
        var bundled = new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");
        var focused = new TestDocument("focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused");
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { class A { } }");
        var driver = GeneratorHarness.CreateDriver([bundled, focused]).RunGenerators(compilation);

        var changed = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options([bundled, focused with { Namespace = "Focused.Renamed" }]));
        var result = changed.RunGenerators(compilation).GetRunResult().Results.Single();

        var models = result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(models, o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        var bundledModel = models.Single(o => o.Value.ToString()!.Contains("ClientName = VoiceAiClient", StringComparison.Ordinal));
        Assert.Equal(IncrementalStepRunReason.Cached, bundledModel.Reason);
        Assert.Contains(result.GeneratedSources, s => s.HintName.StartsWith("Focused.Renamed.FocusedClient.", StringComparison.Ordinal));
    }
}
