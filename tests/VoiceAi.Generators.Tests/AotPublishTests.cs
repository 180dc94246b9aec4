using System.Diagnostics;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// samples/VoiceAi.AotCheck is published with Native AOT (PublishAot, IsAotCompatible, warnings as errors): the generated
/// clients give no trimming or AOT warning, and the native binary calls them against a local server and checks the answers.
/// </summary>
public class AotPublishTests
{
    [Fact]
    public void The_generated_clients_publish_with_native_AOT_without_warnings_and_the_binary_works()
    {
        var project = Path.Combine(TestPaths.RepositoryRoot, "samples", "VoiceAi.AotCheck");
        var output = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "aot-check");
        var log = PackageTests.Run(project, "publish", "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo");

        Assert.DoesNotContain("warning IL", log, StringComparison.Ordinal);
        Assert.DoesNotContain("warning AOT", log, StringComparison.Ordinal);
        var start = new ProcessStartInfo(Path.Combine(output, "VoiceAi.AotCheck")) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("AOT check passed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
    }
}
