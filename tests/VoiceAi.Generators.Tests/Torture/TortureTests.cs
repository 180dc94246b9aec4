using System.Text.Json;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Torture;

/// <summary>One document of ../shared/torture/manifest.json.</summary>
public sealed record TortureEntry(string Name, string File, string OpenApiVersion, int OperationCount, bool HasExternalRefs)
{
    public string FullPath => Path.Combine(TestPaths.Shared, "torture", File);
}

public static class TortureManifest
{
    public static IReadOnlyList<TortureEntry> Entries { get; } = Load();

    /// <summary>
    /// The documents that cannot be generated as their authors meant: a <c>type</c> that is not a JSON type. Each must be
    /// refused with a located error that names the construct; every other document must compile clean.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Invalid { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // `type: TestObject` and `type: TestArray`: schema names where a JSON type belongs.
        ["oag-3_1-issue_23278"] = ["TestObject", "TestArray"],
    };

    private static List<TortureEntry> Load()
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(TestPaths.Shared, "torture", "manifest.json")));
        return json.RootElement.EnumerateArray()
            .Select(e => new TortureEntry(
                e.GetProperty("name").GetString()!,
                e.GetProperty("file").GetString()!,
                e.GetProperty("openapi_version").GetString()!,
                e.GetProperty("operation_count").GetInt32(),
                e.GetProperty("has_external_refs").GetBoolean()))
            .ToList();
    }
}

/// <summary>What one torture document gave.</summary>
public sealed record TortureReport(string Name, int Files, IReadOnlyList<Diagnostic> GeneratorDiagnostics, IReadOnlyList<string> CompilationProblems)
{
    public IEnumerable<Diagnostic> Errors => GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> Warnings => GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    public string Outcome => Errors.Any() ? "rejected" : CompilationProblems.Count > 0 ? "does not compile" : Warnings.Any() ? "clean, with warnings" : "clean";

    public string Line()
        => $"| {Name} | {Outcome} | {Files} | {Warnings.Count()} | {Errors.Count()} | {CompilationProblems.Count} | {Escape(string.Join("; ", GeneratorDiagnostics.Take(3).Select(Short)))} |";

    private static string Short(Diagnostic d) => d.Id + " " + d.Location.GetLineSpan().StartLinePosition.ToString() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}

/// <summary>
/// 178 small documents that each broke some generator (../shared/torture, from OpenAPITools/openapi-generator's test
/// resources): every one generates in memory and compiles with no error and no warning, or is refused with a located
/// error that names the construct. A line per document goes to artifacts/torture-report.md.
/// </summary>
public class TortureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var entry in TortureManifest.Entries)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Fact]
    public void The_manifest_lists_178_documents_and_at_most_2_are_expected_to_be_refused()
    {
        Assert.Equal(178, TortureManifest.Entries.Count);
        Assert.True(TortureManifest.Invalid.Count <= 2, string.Join(", ", TortureManifest.Invalid.Keys));
        Assert.All(TortureManifest.Invalid.Keys, name => Assert.Contains(TortureManifest.Entries, e => e.Name == name));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_compiles_clean_or_is_refused_with_a_located_error(string name)
    {
        var entry = TortureManifest.Entries.Single(e => e.Name == name);
        var report = Run(entry);
        output.WriteLine(report.Line());
        ReportFile.Record(report);

        Assert.DoesNotContain(report.GeneratorDiagnostics, d => d.Id == "VOAI999");

        // Every diagnostic is located in a document, and not at its first character unless the problem is there.
        foreach (var diagnostic in report.GeneratorDiagnostics)
        {
            Assert.True(diagnostic.Location.Kind == LocationKind.ExternalFile, $"{name}: {diagnostic} has no location in the document");
            var start = diagnostic.Location.GetLineSpan().StartLinePosition;
            Assert.True(start != default || FirstLineIsTheProblem(entry, diagnostic), $"{name}: {diagnostic} sits at (1,1)");
        }

        Assert.True(report.CompilationProblems.Count == 0, $"{name}: {report.CompilationProblems.Count} compiler problems:\n" + string.Join("\n", report.CompilationProblems.Take(30)));
        if (TortureManifest.Invalid.TryGetValue(name, out var constructs))
        {
            // Refused, and each error names the construct: no other error hides among them.
            var messages = report.Errors.Select(e => e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.Contains(constructs, c => m.Contains(c, StringComparison.Ordinal)));
            Assert.All(constructs, c => Assert.Contains(messages, m => m.Contains(c, StringComparison.Ordinal)));
        }
        else
        {
            Assert.True(!report.Errors.Any(), $"{name}: refused:\n" + string.Join("\n", report.Errors));
            Assert.True(report.Files > 0, $"{name}: nothing was generated");
        }
    }

    /// <summary>A diagnostic at (1,1) is right only for a document whose first line is the problem (an empty or unreadable file).</summary>
    private static bool FirstLineIsTheProblem(TortureEntry entry, Diagnostic diagnostic)
        => diagnostic.Id == "VOAI001" && System.IO.File.ReadAllText(entry.FullPath).TrimStart().Length == 0;

    public static TortureReport Run(TortureEntry entry)
    {
        var documents = new List<TestDocument> { new(entry.FullPath, System.IO.File.ReadAllText(entry.FullPath), "TortureClient", "Torture") };
        if (entry.HasExternalRefs)
        {
            var folder = Path.GetDirectoryName(entry.FullPath)!;
            var text = System.IO.File.ReadAllText(entry.FullPath);
            foreach (var sibling in Directory.EnumerateFiles(folder).Where(f => f != entry.FullPath && text.Contains(Path.GetFileName(f), StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
            {
                documents.Add(new TestDocument(sibling, System.IO.File.ReadAllText(sibling), ClientName: null, Namespace: null));
            }
        }

        var result = GeneratorHarness.Run(documents);
        return new TortureReport(
            entry.Name,
            result.Sources.Count,
            result.GeneratorDiagnostics,
            result.CompilationProblems().Select(d => d.ToString()).ToList());
    }

    private static class ReportFile
    {
        private static readonly object Gate = new();

        public static void Record(TortureReport report)
        {
            lock (Gate)
            {
                var path = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "torture-report.md");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var lines = System.IO.File.Exists(path)
                    ? System.IO.File.ReadAllLines(path).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| document", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal)).ToList()
                    : [];
                lines.RemoveAll(l => l.StartsWith("| " + report.Name + " |", StringComparison.Ordinal));
                lines.Add(report.Line());
                lines.Sort(StringComparer.Ordinal);
                System.IO.File.WriteAllLines(path, new[] { "| document | outcome | files | generator warnings | generator errors | compiler problems | first diagnostics |", "| --- | --- | ---: | ---: | ---: | ---: | --- |" }.Concat(lines));
            }
        }
    }
}
