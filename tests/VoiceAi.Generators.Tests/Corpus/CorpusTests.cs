using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Corpus;

/// <summary>
/// "Compile the world": every document of ../shared/specs generates a client that compiles with no error or warning,
/// with no generator error and no more generator warnings than its budget (none, but DigitalOcean's three out-of-range defaults), a method
/// for every operation of the document (read as a plain tree, not by the generator), and typed methods for every
/// operation but those listed in <see cref="KnownUntyped"/>, judged from the emitted signatures, not from the
/// generator's VOAI009: a JSON request body is not taken as a Stream, and a JSON success is neither returned as the
/// binary response type nor dropped. Prints a line of figures per document.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// The generator warnings a document may have (VOAI003, VOAI005, VOAI008, VOAI009…), by document: none for any of
    /// them today. A warning in a user's build is a problem to fix or to budget here with its reason. (DigitalOcean's
    /// Kafka settings, <c>default: 9223372036854776000</c>, long.MaxValue as a double writes it, are read as long.MaxValue.)
    /// </summary>
    private static readonly IReadOnlyDictionary<string, int> WarningBudget = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The operations whose signatures are not typed, by document, with the reason: every other operation must be.
    /// PagerDuty's two answer 200 with a <c>$ref</c> to <c>#/components/requestBodies/…</c> (a request body where a
    /// response belongs): the generator drops the answer (a plain Task), without a diagnostic.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string[]> KnownUntyped = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["pagerduty"] =
        [
            "PUT /event_orchestrations/{id}/cache_variables/{cache_variable_id}/data",
            "PUT /event_orchestrations/services/{service_id}/cache_variables/{cache_variable_id}/data",
        ],
    };

    /// <summary>
    /// The operations recognized as paginated (with a paging twin), by document; every other document has none. Spot
    /// checks: GitHub's come from the Link header (the 209 that declare it, less those whose 200 may be a bodiless 204),
    /// Stripe's from has_more with starting_after, OpenAI's from has_more with last_id and after, Twilio's from
    /// next_page_uri, Spotify's from next.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, int> Paged = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["github"] = 195,
        ["stripe"] = 98,
        ["openai"] = 40,
        ["twilio-api-v2010"] = 60,
        ["spotify"] = 15,
        ["pagerduty"] = 18,
        ["digitalocean"] = 1,
    };

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
    public void Document_generates_a_client_that_compiles_clean(string name) => Check(name, styled: false);

    /// <summary>The same with OpenApiGroupBy="Tags" and OpenApiEnumStyle="Enum": sub-clients and C# enums, as clean.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_generates_a_client_that_compiles_clean_grouped_with_enums(string name) => Check(name, styled: true);

    private void Check(string name, bool styled)
    {
        var entry = CorpusManifest.Entries.Single(e => e.Name == name);
        var report = CorpusRun.Run(entry, styled);
        output.WriteLine(report.Line());
        output.WriteLine($"operations read from the document and their signatures checked in {report.CheckTime.TotalSeconds:0.0} s");
        foreach (var line in report.Untyped.Take(20))
        {
            output.WriteLine("  untyped: " + line);
        }

        CorpusReportFile.Record(report);

        Assert.True(report.InternalErrors.Count == 0, string.Join("\n", report.InternalErrors));
        Assert.True(report.PagedOperations == Paged.GetValueOrDefault(name), $"{name}: {report.PagedOperations} operations with a paging twin, {Paged.GetValueOrDefault(name)} expected");
        Assert.True(report.GeneratorErrors == 0, $"{name}: {report.GeneratorErrors} generator errors (they fail a user's build):\n" + string.Join("\n", report.GeneratorDiagnostics.Take(40)));
        var budget = WarningBudget.GetValueOrDefault(name);
        Assert.True(report.GeneratorWarnings <= budget, $"{name}: {report.GeneratorWarnings} generator warnings, {budget} budgeted:\n" + string.Join("\n", report.GeneratorDiagnostics.Take(40)));
        // Roslyn's driver pays per generated file on every run, cached or not: the types share a bounded number of files.
        Assert.True(report.Files <= VoiceAi.Generators.Emitting.EmitPlan.TypeFileCount + 8, $"{name}: {report.Files} generated files");
        Assert.True(report.CompilationProblems.Count == 0, $"{name}: {report.CompilationProblems.Count} compiler problems:\n" + string.Join("\n", report.CompilationProblems.Take(40)));
        Assert.True(report.Operations == entry.OperationCount, $"{name}: the document has {report.Operations} operations, the manifest says {entry.OperationCount}");
        Assert.True(report.WithoutMethod.Count == 0, $"{name}: {report.WithoutMethod.Count} operations have no method with their route in the client interface:\n" + string.Join("\n", report.WithoutMethod.Take(40)));
        var known = KnownUntyped.GetValueOrDefault(name) ?? [];
        var unexpected = report.Untyped.Where(u => !known.Any(k => u.StartsWith(k + ": ", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"{name}: {unexpected.Count} operations have untyped signatures ({report.TypedOperations}/{report.Operations} typed):\n" + string.Join("\n", unexpected.Take(40)));
        Assert.True(report.TypedOperations == report.Operations - known.Length, $"{name}: {report.TypedOperations}/{report.Operations} operations typed, {report.Operations - known.Length} expected (are the known untyped ones typed now? then remove them from the list):\n" + string.Join("\n", report.Untyped));
    }
}
