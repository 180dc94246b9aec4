using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

public class SmokeTests
{
    [Fact]
    public void Bundled_document_generates_code_that_compiles_clean()
    {
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.NotEmpty(result.Sources);
        result.AssertCompilesClean();
    }
}
