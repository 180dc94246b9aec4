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
    public async Task The_generated_clients_publish_with_native_AOT_without_warnings_and_the_binary_works()
    {
        var project = Path.Combine(TestPaths.RepositoryRoot, "samples", "VoiceAi.AotCheck");
        var output = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "aot-check");
        var log = PackageTests.Run(project, "publish", "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo");

        Assert.DoesNotContain("warning IL", log, StringComparison.Ordinal);
        Assert.DoesNotContain("warning AOT", log, StringComparison.Ordinal);
        var start = new ProcessStartInfo(Path.Combine(output, "VoiceAi.AotCheck")) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;

        // Read while it runs, and give up (killing it) after a minute: a hung binary fails the test instead of hanging CI.
        var reading = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The AOT binary did not finish within a minute.");
        }

        var text = await reading;
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("AOT check passed", text, StringComparison.Ordinal);
        Assert.Contains("ok   realtime WebSocket exchange", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
    }
}
