using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>Server-sent events need System.Net.ServerSentEvents (in .NET 9+; a package on .NET 8).</summary>
public class EventStreamGenerationTests
{
    private static TestDocument Unions => new("unions.yaml", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "VoiceAi.Client.Tests", "Documents", "unions.yaml")), "UnionsClient", "Unions");

    [Fact]
    public void With_System_Net_ServerSentEvents_event_streams_are_IAsyncEnumerable()
    {
        var result = GeneratorHarness.Run(Unions);

        result.AssertCompilesClean();
        var client = result.Source("Unions.UnionsClient.Client.g.cs");
        Assert.Contains("IAsyncEnumerable<__m.CreateChatEvent> CreateChatStreamingAsync(", client);
        Assert.Contains("IAsyncEnumerable<string> TicksAsync(", client);
    }

    [Fact]
    public void Without_it_event_streams_are_binary_streams_and_the_streaming_twins_are_left_out()
    {
        var compilation = GeneratorHarness.CreateCompilationWithout("System.Net.ServerSentEvents", "namespace Consumer { internal static class Empty { } }");
        GeneratorHarness.CreateDriver([Unions]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var client = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Unions.UnionsClient.Client.g.cs", StringComparison.Ordinal)).ToString();
        Assert.DoesNotContain("CreateChatStreamingAsync", client);
        Assert.DoesNotContain("ServerSentEvents", client);
        Assert.Contains("Task<__m.UnionsBinaryResponse> TicksAsync(", client);
    }
}
