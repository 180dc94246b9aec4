using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>AddXClient is generated only for projects that reference Microsoft.Extensions.Http.</summary>
public class DependencyInjectionGenerationTests
{
    private static TestDocument Bundled => new("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");

    [Fact]
    public void Without_Microsoft_Extensions_Http_nothing_that_needs_it_is_generated()
    {
        var result = GeneratorHarness.Run(Bundled);

        result.AssertCompilesClean();
        Assert.DoesNotContain(result.Sources, s => s.HintName.Contains("DependencyInjection", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Sources, s => s.SourceText.ToString().Contains("global::Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void With_Microsoft_Extensions_Http_AddVoiceAiClient_is_generated_and_compiles()
    {
        string[] assemblies = ["Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Primitives"];
        const string Consumer = """
            namespace Consumer
            {
                internal static class Startup
                {
                    internal static Microsoft.Extensions.DependencyInjection.IHttpClientBuilder Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
                        => VoiceAi.VoiceAiClientServiceCollectionExtensions.AddVoiceAiClient(services, options => options.ApiKey = "k");
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(assemblies, Consumer);
        var driver = GeneratorHarness.CreateDriver([Bundled]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        // CS1701/CS1702 (reference version unification) are silenced by the SDK in real builds.
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("VoiceAi.VoiceAiClient.DependencyInjection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void With_sub_clients_each_group_interface_is_registered_and_resolves_to_the_client()
    {
        string[] assemblies = ["Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Primitives"];
        const string Consumer = """
            namespace Consumer
            {
                public static class Startup
                {
                    public static object[] Resolve()
                    {
                        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
                        VoiceAi.VoiceAiClientServiceCollectionExtensions.AddVoiceAiClient(services, options => options.ApiKey = "k");
                        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
                        return new object[]
                        {
                            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<VoiceAi.IVoiceAiPhoneNumberManagementClient>(provider),
                            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<VoiceAi.IVoiceAiTextToSpeechClient>(provider),
                        };
                    }
                }
            }
            """;
        var grouped = Bundled with { Metadata = new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags" } };
        var compilation = GeneratorHarness.CreateCompilation(assemblies, Consumer);
        GeneratorHarness.CreateDriver([grouped]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        using var stream = new MemoryStream();
        Assert.True(output.Emit(stream).Success);
        var assembly = System.Reflection.Assembly.Load(stream.ToArray());
        var resolved = (object[])assembly.GetType("Consumer.Startup")!.GetMethod("Resolve")!.Invoke(null, null)!;
        Assert.All(resolved, r => Assert.Equal("VoiceAi.VoiceAiClient", r.GetType().FullName));
    }

    [Fact]
    public void With_Microsoft_Extensions_Logging_Abstractions_the_options_take_an_ILogger_and_the_client_logs()
    {
        const string Consumer = """
            namespace Consumer
            {
                internal static class Setup
                {
                    internal static VoiceAi.VoiceAiClientOptions Options(Microsoft.Extensions.Logging.ILogger logger) => new() { Logger = logger };
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(["Microsoft.Extensions.Logging.Abstractions"], Consumer);
        var driver = GeneratorHarness.CreateDriver([Bundled]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var client = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("VoiceAi.VoiceAiClient.Client.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("LogRequest(request, attempt);", client, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\"", client, StringComparison.Ordinal);
        Assert.DoesNotContain(driver.GetRunResult().GeneratedTrees, t => t.FilePath.Contains("DependencyInjection", StringComparison.Ordinal));
    }
}
