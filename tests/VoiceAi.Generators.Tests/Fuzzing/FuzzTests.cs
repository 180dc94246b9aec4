using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Fuzzing;

/// <summary>
/// Mutated documents never break a build: for every mutant no exception leaves the generator (no CS8785, no VOAI999),
/// generation ends, and either the output compiles with no error or the generator reported an error with a location;
/// and no raw control, line-separator, bidi or other format character is anywhere in the output. Hostile strings (code
/// after every kind of line break, each ending in #error, so that any of it that became code would not compile) go into
/// every place that reaches the output: documented fields, x- extensions, enum values, map keys (media types, header
/// names, discriminator values), the server URL and its variables, API key names (Mutator.HostileField).
/// 2,000+ mutants, seeded: a failure names its seed, index and operator, so it can be replayed.
/// </summary>
public abstract class FuzzTestsBase(ITestOutputHelper output)
{
    /// <summary>A hang guard, not a speed measurement: far beyond what any mutant needs.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static readonly ConcurrentDictionary<string, string> Reports = new();

    /// <summary>CI runs fixed seeds; <c>VOICEAI_FUZZ_SEED=n</c> shifts them to explore further (a failure names the seed to replay).</summary>
    private static readonly int SeedOffset = int.TryParse(Environment.GetEnvironmentVariable("VOICEAI_FUZZ_SEED"), out var offset) ? offset : 0;

    protected void Run(string seedPath, int count, int seed)
    {
        seed += SeedOffset;
        var text = File.ReadAllText(seedPath);
        var isYaml = !seedPath.EndsWith(".json", StringComparison.Ordinal);
        var mutator = new Mutator(seed);
        var byOperator = new SortedDictionary<string, (int Compiled, int Rejected)>(StringComparer.Ordinal);
        var failures = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var mutant = mutator.Mutate(Path.GetFileName(seedPath), text, isYaml, i);
            var verdict = Check(mutant);
            if (verdict.Failure is not null)
            {
                failures.Add($"seed {seed}, mutant {i} ({mutant.Operator}): {verdict.Failure}");
            }

            var (compiled, rejected) = byOperator.TryGetValue(mutant.Operator, out var counts) ? counts : (0, 0);
            byOperator[mutant.Operator] = verdict.Rejected ? (compiled, rejected + 1) : (compiled + 1, rejected);
        }

        var line = $"| {Path.GetFileName(seedPath)} | {seed} | {count} | {byOperator.Values.Sum(v => v.Compiled)} | {byOperator.Values.Sum(v => v.Rejected)} | {failures.Count} | {string.Join(", ", byOperator.Select(p => $"{p.Key} {p.Value.Compiled}+{p.Value.Rejected}"))} |";
        output.WriteLine(line);
        Reports[Path.GetFileName(seedPath)] = line;
        WriteReport();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));

        // A floor, so that a generator that refused every mutant (each with a located error) cannot pass: today 56-60% of
        // the mutants of each seed document compile clean.
        var clean = byOperator.Values.Sum(v => v.Compiled);
        Assert.True(clean >= count * MinimumCleanShare, $"only {clean} of {count} mutants compiled clean (at least {MinimumCleanShare:P0} expected)");
    }

    private const double MinimumCleanShare = 0.4;

    private static (string? Failure, bool Rejected) Check(Mutant mutant)
    {
        var document = new TestDocument(mutant.Name, mutant.Text, "FuzzClient", "Fuzz");
        var task = Task.Run(() => GeneratorHarness.Run(document));
        if (!task.Wait(Bound))
        {
            return ("generation did not end within " + Bound.TotalSeconds + " s", false);
        }

        var result = task.Result;
        var crash = result.GeneratorDiagnostics.Concat(result.Output.GetDiagnostics()).FirstOrDefault(d => d.Id is "CS8785" or "AD0001" or "VOAI999");
        if (crash is not null)
        {
            return ("the generator crashed: " + crash, false);
        }

        var errors = result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var unlocated = errors.FirstOrDefault(d => d.Location.Kind != LocationKind.ExternalFile || !d.Id.StartsWith("VOAI", StringComparison.Ordinal));
            return unlocated is null ? (null, true) : ("an error without a location in the document: " + unlocated, true);
        }

        var compileErrors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (compileErrors.Count > 0)
        {
            return ("generated code does not compile: " + string.Join("; ", compileErrors.Take(3)), false);
        }

        // Trojan Source: no raw line separator, control, bidi or other format character anywhere in the output.
        foreach (var source in result.Sources)
        {
            var text = source.SourceText.ToString();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c < 0x80 ? c < 0x20 && c is not '\n' and not '\t' : IsHidden(text, ref i))
                {
                    return ($"{source.HintName} holds a raw U+{(int)c:X4}", false);
                }
            }
        }

        return (null, false);
    }

    /// <summary>A control, format or separator character, or a lone surrogate, at <paramref name="i"/> (moved past a surrogate pair).</summary>
    private static bool IsHidden(string text, ref int i)
    {
        var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, i);
        var hidden = category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
            || (char.IsSurrogate(text[i]) && !pair);
        i += pair ? 1 : 0;
        return hidden;
    }

    private static void WriteReport()
    {
        lock (Reports)
        {
            var path = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "fuzz-report.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, new[]
            {
                "| seed document | seed | mutants | compiled clean | rejected with a located error | failures | by operator (compiled+rejected) |",
                "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
            }.Concat(Reports.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)));
        }
    }
}

// One class per seed document: xUnit runs classes in parallel.
/// <summary>
/// The Voice AI documents: the 3 exact operations of the vendor's 1.5.0 pages (shared/voice-ai/openapi.json, small, so
/// many mutants), and the bundled 50-operation document (each mutant compiles a client 25 times the size: fewer).
/// </summary>
public class FuzzBundledTests(ITestOutputHelper output) : FuzzTestsBase(output)
{
    [Fact]
    public void Mutants_of_the_Voice_AI_seed_document() => Run(Path.Combine(TestPaths.Shared, "voice-ai", "openapi.json"), 700, 1);
}

/// <summary>In a class of its own, so that it runs beside the seed's mutants.</summary>
public class FuzzBundledFullTests(ITestOutputHelper output) : FuzzTestsBase(output)
{
    [Fact]
    public void Mutants_of_the_bundled_document() => Run(TestPaths.BundledDocument, 60, 5);
}

public class FuzzFocusedTests(ITestOutputHelper output) : FuzzTestsBase(output)
{
    [Fact]
    public void Mutants_of_the_focused_document() => Run(TestPaths.Document("focused.yaml"), 500, 2);
}

public class FuzzPetstoreTests(ITestOutputHelper output) : FuzzTestsBase(output)
{
    [Fact]
    public void Mutants_of_swagger_petstore3() => Run(Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml"), 500, 3);
}

public class FuzzTictactoeTests(ITestOutputHelper output) : FuzzTestsBase(output)
{
    [Fact]
    public void Mutants_of_tictactoe_3_1() => Run(Path.Combine(TestPaths.Shared, "specs", "oai-tictactoe", "tictactoe.yaml"), 400, 4);
}

public class HugeDocumentTests
{
    [Fact]
    public void A_50_MB_document_generates_and_its_huge_description_is_cut()
    {
        var tree = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPaths.BundledDocument))!;
        tree["info"]!["description"] = new string('d', 50 * 1024 * 1024);
        var huge = tree.ToJsonString();
        Assert.True(huge.Length > 50 * 1024 * 1024);

        var result = GeneratorHarness.Run(new TestDocument("huge.json", huge, "HugeClient", "Huge"));

        Assert.True(result.GeneratorDiagnostics.All(d => d.Severity != DiagnosticSeverity.Error), string.Join("\n", result.GeneratorDiagnostics.Select(d => d.ToString().Substring(0, Math.Min(300, d.ToString().Length)))));
        result.AssertCompilesClean();
        Assert.True(result.Sources.Sum(s => s.SourceText.Length) < 2 * 1024 * 1024, "the description was copied whole into the generated code");
    }
}
