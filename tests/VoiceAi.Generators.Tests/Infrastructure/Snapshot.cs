using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>
/// Verify's conventions without Verify: <c>{name}.verified.cs</c> is committed beside the tests; on a mismatch
/// <c>{name}.received.cs</c> is written (git-ignored) and the test fails with a line diff.
/// Set <c>VERIFY_ACCEPT=1</c> to accept the received text as the new snapshot.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "VERIFY_ACCEPT";

    public static void Verify(string folder, string name, string actual)
    {
        var directory = Path.Combine(TestPaths.ProjectDirectory, "Snapshots", folder);
        Directory.CreateDirectory(directory);
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        var message = expected is null
            ? $"No snapshot {verified}. Review {received}, then rename it or run with {AcceptVariable}=1."
            : $"Snapshot {verified} differs; the new text is in {received}. Accept with {AcceptVariable}=1.\n" + Diff(expected, actual);
        Xunit.Assert.Fail(message);
    }

    /// <summary>
    /// Fails when the folder holds a <c>.verified.cs</c> that is not among <paramref name="names"/>: a file the generator
    /// stopped emitting. <c>VERIFY_ACCEPT=1</c> deletes it.
    /// </summary>
    public static void VerifyNoOthers(string folder, IEnumerable<string> names)
    {
        var directory = Path.Combine(TestPaths.ProjectDirectory, "Snapshots", folder);
        var expected = new HashSet<string>(names.Select(n => n + ".verified.cs"), StringComparer.Ordinal);
        var stale = Directory.EnumerateFiles(directory, "*.verified.cs").Where(f => !expected.Contains(Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            stale.ForEach(File.Delete);
            return;
        }

        Xunit.Assert.Fail($"The generator no longer emits these snapshots (delete them, or run with {AcceptVariable}=1):\n" + string.Join("\n", stale));
    }

    public static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual);
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < diff.Lines.Count && shown < 80; i++)
        {
            var line = diff.Lines[i];
            if (line.Type == ChangeType.Unchanged)
            {
                continue;
            }

            builder.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString() ?? "?").Append(": ").AppendLine(line.Text);
            shown++;
        }

        return builder.ToString();
    }
}
