using System.Text.Json;
using System.Text.RegularExpressions;
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

/// <summary>Figures of one document: what was generated, and what the compiler said of it.</summary>
public sealed record CorpusReport(
    string Name,
    int Operations,
    int TypedOperations,
    int Files,
    int Lines,
    int GeneratorWarnings,
    int GeneratorErrors,
    IReadOnlyList<string> UntypedReasons,
    IReadOnlyList<string> InternalErrors,
    IReadOnlyList<string> CompilationProblems,
    IReadOnlyDictionary<string, int> WarningsById,
    IReadOnlyList<string> GeneratorDiagnostics,
    TimeSpan GenerateTime,
    TimeSpan CompileTime)
{
    public double TypedPercent => Operations == 0 ? 100.0 : 100.0 * TypedOperations / Operations;

    public string Line()
        => $"| {Name} | {TypedOperations}/{Operations} ({TypedPercent:0.0}%) | {Files} | {Lines:N0} | {GeneratorWarnings} ({string.Join(", ", WarningsById.OrderBy(p => p.Key).Select(p => p.Key + "×" + p.Value))}) | {GeneratorErrors} | {CompilationProblems.Count} | {GenerateTime.TotalSeconds:0.0} s | {CompileTime.TotalSeconds:0.0} s |";
}

public static class CorpusRun
{
    // Each operation has one private core method that its two public overloads call.
    private static readonly Regex OperationMethod = new(@"^    private async (?:global::System\.Threading\.Tasks\.Task|global::System\.Collections\.Generic\.IAsyncEnumerable).* (\w+)CoreAsync\(", RegexOptions.Multiline);

    public static CorpusReport Run(CorpusEntry entry)
    {
        var documents = new List<TestDocument> { new(entry.FullPath, System.IO.File.ReadAllText(entry.FullPath), entry.ClientName, entry.Namespace) };
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

        var clientSource = sources.FirstOrDefault(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SourceText?.ToString() ?? string.Empty;
        // Operations, not methods: a streaming twin (XStreaming beside X, for a JSON-or-events response) is the same operation.
        var cores = OperationMethod.Matches(clientSource).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var operations = cores.Count(c => !(c.EndsWith("Streaming", StringComparison.Ordinal) && cores.Contains(c.Substring(0, c.Length - "Streaming".Length))));
        // VOAI009 names each operation that is not fully typed: "Operation {id} ({route}): …".
        var untyped = generatorDiagnostics.Where(d => d.Id == "VOAI009").Select(d => d.GetMessage()).ToList();
        var untypedOperations = untyped.Select(m => m.Substring(0, m.IndexOf("):", StringComparison.Ordinal) + 1)).Distinct().Count();

        return new CorpusReport(
            entry.Name,
            operations,
            operations - untypedOperations,
            sources.Count,
            sources.Sum(s => s.SourceText.Lines.Count),
            generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            untyped,
            generatorDiagnostics.Where(d => d.Id == "VOAI999").Select(d => d.ToString()).ToList(),
            problems,
            generatorDiagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()),
            generatorDiagnostics.GroupBy(d => d.Id).SelectMany(g => g.Take(15)).Select(d => d.ToString()).ToList(),
            generateTime,
            compileTime);
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
            System.IO.File.WriteAllLines(path, new[] { "| document | typed operations | files | lines | generator warnings | generator errors | compiler problems | generate | compile |", "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |" }.Concat(lines));
        }
    }
}
