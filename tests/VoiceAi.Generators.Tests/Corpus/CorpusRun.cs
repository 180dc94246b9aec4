using System.Text.Json;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;

namespace VoiceAi.Generators.Tests.Corpus;

/// <summary>One document of ../shared/specs/manifest.json.</summary>
public sealed record CorpusEntry(string Name, string File, int OperationCount, int FileCount)
{
    public string FullPath => Path.Combine(TestPaths.Shared, "specs", File);

    public string ClientName => string.Concat(Name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))) + "Client";

    public string Namespace => "Corpus." + ClientName.Substring(0, ClientName.Length - "Client".Length);
}

public static class CorpusManifest
{
    public static IReadOnlyList<CorpusEntry> Entries { get; } = Load();

    private static List<CorpusEntry> Load()
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(TestPaths.Shared, "specs", "manifest.json")));
        return json.RootElement.EnumerateArray()
            .Select(e => new CorpusEntry(
                e.GetProperty("name").GetString()!,
                e.GetProperty("file").GetString()!,
                e.GetProperty("operation_count").GetInt32(),
                e.TryGetProperty("file_count", out var files) ? files.GetInt32() : 1))
            .ToList();
    }
}

/// <summary>Figures of one document: what was generated, and what the compiler and the generator said of it.</summary>
public sealed record CorpusReport(
    string Name,
    int Operations,
    int OperationsWithMethod,
    int TypedOperations,
    int GeneratorTypedOperations,
    int Files,
    int Lines,
    int GeneratorWarnings,
    int GeneratorErrors,
    IReadOnlyList<string> Untyped,
    IReadOnlyList<string> WithoutMethod,
    IReadOnlyList<string> InternalErrors,
    IReadOnlyList<string> CompilationProblems,
    IReadOnlyDictionary<string, int> WarningsById,
    IReadOnlyList<string> GeneratorDiagnostics,
    TimeSpan GenerateTime,
    TimeSpan CompileTime,
    TimeSpan CheckTime)
{
    /// <summary>Operations with a paging twin (a method that returns the client's Pageable), from the signatures.</summary>
    public int PagedOperations { get; init; }

    public double TypedPercent => Operations == 0 ? 100.0 : 100.0 * TypedOperations / Operations;

    public string Line()
        => $"| {Name} | {TypedOperations}/{Operations} ({TypedPercent:0.0}%) | {GeneratorTypedOperations} | {PagedOperations} | {Files} | {Lines:N0} | {GeneratorWarnings} ({string.Join(", ", WarningsById.OrderBy(p => p.Key).Select(p => p.Key + "×" + p.Value))}) | {GeneratorErrors} | {CompilationProblems.Count} | {GenerateTime.TotalSeconds:0.0} s | {CompileTime.TotalSeconds:0.0} s |";
}

public static class CorpusRun
{
    /// <summary>The item metadata of the second pass: sub-clients by tag and C# enums.</summary>
    public static readonly IReadOnlyDictionary<string, string> Styled = new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags", ["OpenApiEnumStyle"] = "Enum" };

    public static CorpusReport Run(CorpusEntry entry, bool styled = false)
    {
        var documents = new List<TestDocument> { new(entry.FullPath, System.IO.File.ReadAllText(entry.FullPath), entry.ClientName, entry.Namespace) { Metadata = styled ? Styled : new Dictionary<string, string>() } };
        if (entry.FileCount > 1)
        {
            // A multi-file document: every sibling file is an AdditionalFiles item without metadata.
            var root = Path.GetDirectoryName(entry.FullPath)!;
            foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Where(IsOpenApiFile).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (file != entry.FullPath)
                {
                    documents.Add(new TestDocument(file, System.IO.File.ReadAllText(file), ClientName: null, Namespace: null));
                }
            }
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { internal static class Empty { } }");
        var driver = GeneratorHarness.CreateDriver(documents).RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out var generatorDiagnostics);
        var generateTime = watch.Elapsed;
        var sources = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToList();

        watch.Restart();
        var problems = outputCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(Describe)
            .ToList();
        var compileTime = watch.Elapsed;

        // Typed or not, from the document (read as a plain tree) and the emitted signatures, not from what the generator
        // says of itself: each operation's methods are found by the route remark the interface carries.
        watch.Restart();
        var prefix = entry.ClientName[..^"Client".Length];
        var binary = "global::" + entry.Namespace + "." + prefix + "BinaryResponse";
        var methods = sources.Any(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal))
            ? ClientMethods.Read(ClientMethods.ClientTree(sources), "I" + entry.ClientName, withGroups: styled)
            : new Dictionary<string, IReadOnlyList<ClientMethod>>();
        var operations = RawDocument.Load(entry.FullPath).Operations();
        var withoutMethod = new List<string>();
        var untyped = new List<string>();
        foreach (var operation in operations)
        {
            if (!methods.TryGetValue(operation.Route, out var found))
            {
                withoutMethod.Add(operation.Route);
                continue;
            }

            var reasons = new List<string>();
            if (operation.JsonRequest && found.FirstOrDefault(m => m.BodyType is "global::System.IO.Stream" or "global::System.IO.Stream?") is { } raw)
            {
                reasons.Add($"{raw.Name} takes its JSON body ({string.Join(", ", operation.RequestContentTypes)}) as a Stream");
            }

            // A JSON success needs a method that returns it as a value: not bytes, a stream or nothing, and not only a
            // streaming twin's events.
            const string Task = "global::System.Threading.Tasks.Task<";
            // Only the plain methods count: a WithResponse twin returns a typed wrapper even of nothing (Response<object?>).
            var plain = found.Where(m => !m.Name.EndsWith("WithResponseAsync", StringComparison.Ordinal)).ToList();
            if (operation.JsonSuccess && !plain.Any(m => m.ReturnType.StartsWith(Task, StringComparison.Ordinal) && m.ReturnType != Task + binary + ">" && m.ReturnType != Task + "global::System.IO.Stream>" && !m.ReturnType.EndsWith("<object?>>", StringComparison.Ordinal)))
            {
                reasons.Add($"no method returns its JSON success ({string.Join("; ", operation.Successes.Select(s => s.Status + ": " + string.Join(", ", s.ContentTypes)))}) as a value: {string.Join(", ", found.Select(m => m.Name + " returns " + m.ReturnType))}");
            }

            if (reasons.Count > 0)
            {
                untyped.Add(operation.Route + ": " + string.Join("; ", reasons));
            }
        }

        var checkTime = watch.Elapsed;

        // VOAI009 names each operation the generator itself says is not fully typed: "Operation {id} ({route}): …".
        var generatorUntyped = generatorDiagnostics.Where(d => d.Id == "VOAI009").Select(d => d.GetMessage()).Select(m => m.Substring(0, m.IndexOf("):", StringComparison.Ordinal) + 1)).Distinct().Count();

        var pageable = "global::" + entry.Namespace + "." + prefix + "Pageable<";
        var paged = methods.Count(m => m.Value.Any(method => method.ReturnType.StartsWith(pageable, StringComparison.Ordinal)));
        return new CorpusReport(
            entry.Name + (styled ? " (grouped, enums)" : string.Empty),
            operations.Count,
            operations.Count - withoutMethod.Count,
            operations.Count - withoutMethod.Count - untyped.Count,
            operations.Count - generatorUntyped,
            sources.Count,
            sources.Sum(s => s.SourceText.Lines.Count),
            generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            untyped,
            withoutMethod,
            generatorDiagnostics.Where(d => d.Id == "VOAI999").Select(d => d.ToString()).ToList(),
            problems,
            generatorDiagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()),
            generatorDiagnostics.GroupBy(d => d.Id).SelectMany(g => g.Take(15)).Select(d => d.ToString()).ToList(),
            generateTime,
            compileTime,
            checkTime)
        {
            PagedOperations = paged,
        };
    }

    private static bool IsOpenApiFile(string path)
        => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string Describe(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        var line = tree is null ? string.Empty : "\n    > " + tree.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
        return diagnostic + line;
    }
}

/// <summary>Collects the per-document lines into artifacts/corpus-report.md, for the closing note and the README.</summary>
public static class CorpusReportFile
{
    private static readonly object Gate = new();

    public static void Record(CorpusReport report)
    {
        lock (Gate)
        {
            var detail = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "corpus", report.Name + ".txt");
            Directory.CreateDirectory(Path.GetDirectoryName(detail)!);
            System.IO.File.WriteAllLines(detail, report.CompilationProblems.Concat(report.GeneratorDiagnostics));
            var path = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "corpus-report.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var lines = System.IO.File.Exists(path) ? System.IO.File.ReadAllLines(path).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| document", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal)).ToList() : [];
            lines.RemoveAll(l => l.StartsWith("| " + report.Name + " |", StringComparison.Ordinal));
            lines.Add(report.Line());
            lines.Sort(StringComparer.Ordinal);
            System.IO.File.WriteAllLines(path, new[] { "| document | typed operations (from the signatures) | typed by the generator's own account (no VOAI009) | paginated operations (a paging twin) | files | lines | generator warnings | generator errors | compiler problems | generate | compile |", "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |" }.Concat(lines));
        }
    }
}
