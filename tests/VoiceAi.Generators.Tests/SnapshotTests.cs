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
