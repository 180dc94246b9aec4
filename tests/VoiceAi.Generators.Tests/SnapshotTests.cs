using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>One committed <c>.verified.cs</c> per generated file.</summary>
public class SnapshotTests
{
    [Fact]
    public void Bundled_Voice_AI_document()
    {
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi"));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        VerifyAll("VoiceAi", result);
    }

    [Fact]
    public void Focused_document_with_allOf_maps_arrays_unions_and_names()
    {
        var result = GeneratorHarness.Run(new TestDocument("focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused"));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        VerifyAll("Focused", result);
    }

    /// <summary>OpenApiGroupBy="Tags" on the bundled document: the files it changes (the client's), each verified.</summary>
    [Fact]
    public void Bundled_Voice_AI_document_grouped_by_tags()
        => VerifyChanged("VoiceAiGrouped", "openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi", ("OpenApiGroupBy", "Tags"), expected: ".Client");

    /// <summary>OpenApiEnumStyle="Enum" on the focused document (enums in models, unions and parameters): the files it changes.</summary>
    [Fact]
    public void Focused_document_with_CSharp_enums()
        => VerifyChanged("FocusedEnums", "focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused", ("OpenApiEnumStyle", "Enum"), expected: ".Types.");

    private static void VerifyChanged(string folder, string path, string text, string client, string ns, (string Name, string Value) option, string expected)
    {
        var plain = GeneratorHarness.Run(new TestDocument(path, text, client, ns));
        var styled = GeneratorHarness.Run(new TestDocument(path, text, client, ns) { Metadata = new Dictionary<string, string> { [option.Name] = option.Value } });
        Assert.Empty(styled.GeneratorDiagnostics);
        styled.AssertCompilesClean();
        var before = plain.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var changed = styled.Sources.Where(s => !before.TryGetValue(s.HintName, out var old) || old != s.SourceText.ToString()).ToList();
        Assert.Contains(changed, s => s.HintName.Contains(expected, StringComparison.Ordinal));
        foreach (var source in changed)
        {
            Snapshot.Verify(folder, source.HintName.Replace(".g.cs", string.Empty), source.SourceText.ToString());
        }

        Snapshot.VerifyNoOthers(folder, changed.Select(s => s.HintName.Replace(".g.cs", string.Empty)));
    }

    private static void VerifyAll(string folder, GenerationResult result)
    {
        Assert.NotEmpty(result.Sources);
        foreach (var source in result.Sources)
        {
            Snapshot.Verify(folder, source.HintName.Replace(".g.cs", string.Empty), source.SourceText.ToString());
        }

        Snapshot.VerifyNoOthers(folder, result.Sources.Select(s => s.HintName.Replace(".g.cs", string.Empty)));
    }
}
