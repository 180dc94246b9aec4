using System.Text.Json;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Corpus;

/// <summary>
/// "Compile the world": every document of ../shared/specs generates a client that compiles with no error or warning,
/// with a typed method for at least 95% of its operations. Prints a line of figures per document.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var entry in CorpusManifest.Entries)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_generates_a_client_that_compiles_clean(string name)
    {
        var entry = CorpusManifest.Entries.Single(e => e.Name == name);
        var report = CorpusRun.Run(entry);
        output.WriteLine(report.Line());
        CorpusReportFile.Record(report);

        Assert.True(report.InternalErrors.Count == 0, string.Join("\n", report.InternalErrors));
        Assert.True(report.CompilationProblems.Count == 0, $"{name}: {report.CompilationProblems.Count} compiler problems:\n" + string.Join("\n", report.CompilationProblems.Take(40)));
        Assert.True(report.Operations == entry.OperationCount, $"{name}: {report.Operations} operations generated, the document has {entry.OperationCount}");
        Assert.True(report.TypedPercent >= 95.0, $"{name}: only {report.TypedOperations}/{report.Operations} operations are typed:\n" + string.Join("\n", report.UntypedReasons.Take(40)));
    }
}
