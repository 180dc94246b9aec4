using System.Diagnostics;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using VoiceAi.Generators.Emitting;
using VoiceAi.Generators.Options;
using VoiceAi.Generators.Reading;

// Usage: dotnet run -c Release --project benchmarks/VoiceAi.Generators.Timing [-- iterations]
// Times, per document and warm (after one untimed run): the Microsoft.OpenApi parse alone, and our whole
// read → model → emit, with the bytes allocated on this thread. Not a test: the figures go to benchmarks/README.md.
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "specs"));
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var peers = args.Contains("--peers");

var documents = new (string Name, string Path)[]
{
    ("voice-ai (bundled)", Path.Combine(root, "openapi", "openapi.json")),
    ("openai", Path.Combine(shared, "openai", "openapi.yaml")),
    ("stripe", Path.Combine(shared, "stripe", "spec3.yaml")),
    ("github", Path.Combine(shared, "github", "api.github.com.json")),
};

// --only a,b: only the named documents (a quicker --compile while an emitter change is measured).
if (Array.IndexOf(args, "--only") is var only and >= 0 && only + 1 < args.Length)
{
    var names = args[only + 1].Split(',');
    documents = documents.Where(d => names.Contains(d.Name)).ToArray();
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation()}; {iterations} warm iterations, median");
Console.WriteLine("| document | size | parse (Microsoft.OpenApi) | total (read + model + emit) | model + emit | model | emit | allocated (total) | allocated (emit) | files | diagnostics |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
// --dump DIR: every single-file document of ../shared/specs/manifest.json generated into DIR/<name>/, to compare the
// output of two versions of the generator with `diff -r` (with --nswag, NSwag's output beside it, as NSwag.cs.txt).
if (Array.IndexOf(args, "--dump") is var dumped and >= 0)
{
    var target = args[dumped + 1];
    // --include OPERATIONS: only these operations (OpenApiIncludeOperations), e.g. with --only-dump github.
    var dumpFilter = Array.IndexOf(args, "--include") is var inc and >= 0 ? OperationFilter.Parse(null, args[inc + 1], null) : OperationFilter.None;
    var dumpOnly = Array.IndexOf(args, "--only-dump") is var od and >= 0 ? args[od + 1].Split(',') : null;
    using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "manifest.json")));
    var entries = manifest.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? manifest.RootElement : manifest.RootElement.EnumerateObject().First(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Array).Value;
    foreach (var entry in entries.EnumerateArray())
    {
        var name = entry.GetProperty("name").GetString()!;
        if (dumpOnly is not null && !dumpOnly.Contains(name))
        {
            continue;
        }

        var file = entry.TryGetProperty("path", out var relative) ? relative.GetString()! : entry.GetProperty("file").GetString()!;
        var text = File.ReadAllText(Path.Combine(shared, file));
        var read = DocumentReader.Read(new DocumentInput(file, "DumpClient", "Dump", text) { Filter = dumpFilter }, CancellationToken.None);
        var folder = Path.Combine(target, name);
        Directory.CreateDirectory(folder);
        foreach (var generated in EmitPlan.Files(read.Model).Select(EmitPlan.Emit))
        {
            File.WriteAllText(Path.Combine(folder, generated.HintName), generated.Text);
        }

        Console.WriteLine($"{name}: {read.Diagnostics.Count} diagnostics");

        // --nswag: NSwag's output for the same document beside ours (the settings of --compile), as NSwag.cs.txt.
        if (args.Contains("--nswag"))
        {
            try
            {
                File.WriteAllText(Path.Combine(folder, "NSwag.cs.txt"), Peers.NSwagSystemTextJson(Path.Combine(shared, file)));
            }
            catch (Exception ex)
            {
                Console.WriteLine($"{name}: NSwag cannot read it ({ex.GetType().Name})");
            }
        }
    }

    return;
}

// --compile [RUNS]: what the user's build pays for the generated code: ours and NSwag's (System.Text.Json flavour) for the
// same documents, each compiled alone in memory (Release, nullable, the net10 framework references), median of RUNS, the
// two outputs compiled in turn in every run (in the reverse order on odd runs) so that the machine's drift and Roslyn's
// JIT warm-up fall on both. Two parse options: a console app's (`dotnet build` passes no /doc, so doc comments are plain
// comments) and with doc comments parsed as structured trivia (close to what the IDE pays; a build with
// GenerateDocumentationFile also checks them and writes the XML file). And a third: the console app's options, parse and
// bind only (every method body bound and every diagnostic computed, GetDiagnostics, no IL emission), which is what a
// compile of an output with errors pays (NSwag's GitHub and Stripe outputs have some), so both are measured alike.
if (Array.IndexOf(args, "--compile") is var compiling and >= 0)
{
    var runs = Math.Max(1, compiling + 1 < args.Length && int.TryParse(args[compiling + 1], out var r) ? r : 3);
    Console.WriteLine();
    Console.WriteLine($"| document | ours: characters | files | compile, console app (median of {runs}) | with doc comments parsed | bind only | NSwag 14.8: characters | compile, console app | with doc comments parsed | bind only |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (name, path) in documents.Where(d => File.Exists(d.Path)))
    {
        var text = File.ReadAllText(path);
        var read = DocumentReader.Read(new DocumentInput(path, "BenchClient", "Bench", text), CancellationToken.None);
        var ours = EmitPlan.Files(read.Model).Select(EmitPlan.Emit).Select(f => f.Text).ToList();
        string? nswag = null;
        string nswagFailure = string.Empty;
        try
        {
            nswag = Peers.NSwagSystemTextJson(path);
        }
        catch (Exception ex)
        {
            nswagFailure = "cannot read it (" + ex.GetType().Name + ")";
        }

        // --aot-peer: NSwag's output made reflection-free the way System.Text.Json offers (a JsonSerializerContext with
        // every NSwag DTO, run through the SDK's System.Text.Json source generator), which is what NSwag's client needs
        // for Native AOT; ours needs nothing more. Only bound (mode 2), like the rest of NSwag's.
        List<string>? aotPeer = nswag is not null && args.Contains("--aot-peer") ? AotPeer.Sources(nswag) : null;

        // Modes: 0 the console app's options, 1 doc comments parsed, 2 bind only (the console app's options).
        var cells = new Dictionary<(bool Ours, int Mode), Compile.Samples>();
        var aotCell = new Compile.Samples();
        for (var run = 0; run < runs; run++)
        {
            var order = new[] { (true, 0), (false, 0), (true, 1), (false, 1), (true, 2), (false, 2) };
            foreach (var (isOurs, mode) in run % 2 == 0 ? order : Enumerable.Reverse(order))
            {
                if (isOurs)
                {
                    Compile.Once(ours, mode == 1, mode != 2, Cell(true, mode));
                }
                else if (nswag is not null)
                {
                    Compile.Once([nswag], mode == 1, mode != 2, Cell(false, mode));
                }
            }

            if (aotPeer is not null)
            {
                Compile.Once(aotPeer, false, false, aotCell);
            }
        }

        var nswagCells = nswag is null ? $"{nswagFailure} | – | – | –" : $"{nswag.Length:N0} | {cells[(false, 0)]} | {cells[(false, 1)]} | {cells[(false, 2)]}";
        Console.WriteLine($"| {name} | {ours.Sum(t => (long)t.Length):N0} | {ours.Count} | {cells[(true, 0)]} | {cells[(true, 1)]} | {cells[(true, 2)]} | {nswagCells} |");
        if (aotPeer is not null)
        {
            Console.WriteLine($"|   NSwag with the System.Text.Json source generator | {aotPeer.Sum(t => (long)t.Length):N0} characters (of which generated: {aotPeer.Sum(t => (long)t.Length) - nswag!.Length:N0}) | bind only: {aotCell} |");
        }

        Compile.Samples Cell(bool isOurs, int mode) => cells.TryGetValue((isOurs, mode), out var found) ? found : cells[(isOurs, mode)] = new Compile.Samples();
    }

    return;
}

// --cached-only: only the cached-run table.
if (args.Contains("--cached-only"))
{
    PrintCachedRuns();
    return;
}

// --profile NAME: read and emit ten times, for a profiler (dotnet-trace collect -- dotnet …) to sample.
if (Array.IndexOf(args, "--profile") is var profiled and >= 0)
{
    var document = documents.First(d => d.Name == args[profiled + 1]).Path;
    var source = File.ReadAllText(document);
    var throughDriver = args.Contains("--driver");
    for (var i = 0; i < 10; i++)
    {
        if (throughDriver)
        {
            DriverRun.Run(document, source);
            continue;
        }

        var read = DocumentReader.Read(new DocumentInput(document, "BenchClient", "Bench", source), CancellationToken.None);
        _ = EmitPlan.Files(read.Model).Select(EmitPlan.Emit).Count();
    }

    return;
}

// --allocations NAME: which types the emitters allocate most, sampled from the runtime's allocation events.
if (Array.IndexOf(args, "--allocations") is var at and >= 0)
{
    AllocationProfile.Run(documents.First(d => d.Name == args[at + 1]).Path);
    return;
}

foreach (var (name, path) in documents)
{
    if (!File.Exists(path))
    {
        Console.WriteLine($"| {name} | missing: {path} | | | | | | |");
        continue;
    }

    var text = File.ReadAllText(path);
    var input = new DocumentInput(path, "BenchClient", "Bench", text);
    var parse = new List<double>();
    var total = new List<double>();
    var emit = new List<double>();
    long allocated = 0;
    long emitAllocated = 0;
    var files = 0;
    var diagnostics = 0;
    for (var i = 0; i <= iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        _ = OpenApiDocument.Parse(text, input.IsYaml ? "yaml" : "json", settings);
        var parseTime = watch.Elapsed.TotalMilliseconds;

        var before = GC.GetAllocatedBytesForCurrentThread();
        watch.Restart();
        var result = DocumentReader.Read(input, CancellationToken.None);
        var readTime = watch.Elapsed.TotalMilliseconds;
        var readAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var emitted = EmitPlan.Files(result.Model).Select(EmitPlan.Emit).ToList();
        var totalTime = watch.Elapsed.TotalMilliseconds;
        if (i == 0)
        {
            continue; // warm-up
        }

        parse.Add(parseTime);
        total.Add(totalTime);
        emit.Add(totalTime - readTime);
        emitAllocated = GC.GetAllocatedBytesForCurrentThread() - before - readAllocated;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        files = emitted.Count;
        diagnostics = result.Diagnostics.Count;
    }

    var p = Median(parse);
    var t = Median(total);
    var e = Median(emit);
    Console.WriteLine($"| {name} | {text.Length / 1024.0 / 1024.0:F1} MB | {p:F0} ms | {t:F0} ms | {Math.Max(0, t - p):F0} ms | {Math.Max(0, t - p - e):F0} ms | {e:F0} ms | {allocated / 1024.0 / 1024.0:F0} MB | {emitAllocated / 1024.0 / 1024.0:F0} MB | {files} | {diagnostics} |");
}

// The whole generator through Roslyn's CSharpGeneratorDriver (what a build runs), warm, median.
Console.WriteLine();
Console.WriteLine("| document | CSharpGeneratorDriver (whole generator, warm) | allocated |");
Console.WriteLine("| --- | ---: | ---: |");
foreach (var (name, path) in documents.Where(d => File.Exists(d.Path)))
{
    var text = File.ReadAllText(path);
    var times = new List<double>();
    long allocated = 0;
    for (var i = 0; i <= iterations; i++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        DriverRun.Run(path, text);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (i > 0)
        {
            times.Add(elapsed);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    Console.WriteLine($"| {name} | {Median(times):F0} ms | {allocated / 1024.0 / 1024.0:F0} MB |");
}

PrintCachedRuns();

if (peers)
{
    Console.WriteLine();
    Console.WriteLine("| document | NSwag CSharpClientGenerator (in-process, warm) | kiota generate (tool, wall) |");
    Console.WriteLine("| --- | ---: | ---: |");
    foreach (var (name, path) in documents.Where(d => File.Exists(d.Path)))
    {
        var nswag = Peers.NSwag(path, iterations);
        var kiota = Peers.Kiota(path, root, Math.Min(iterations, 3));
        Console.WriteLine($"| {name} | {nswag} | {kiota} |");
    }
}

// What the IDE pays on each keystroke: an unrelated C# edit with every generator step cached (no step tracking), median.
void PrintCachedRuns()
{
    Console.WriteLine();
    Console.WriteLine("| document | cached run after an unrelated C# edit (median) | files |");
    Console.WriteLine("| --- | ---: | ---: |");
    foreach (var (name, path) in documents.Where(d => File.Exists(d.Path)))
    {
        var (median, files) = DriverRun.Cached(path, File.ReadAllText(path), Math.Max(20, iterations * 4));
        Console.WriteLine($"| {name} | {median:F2} ms | {files} |");
    }
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string RuntimeInformation() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;

internal static class DriverRun
{
    private static readonly Microsoft.CodeAnalysis.CSharp.CSharpCompilation Compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
        "Bench",
        [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { }")],
        [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);

    public static void Run(string path, string text)
    {
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            [Microsoft.CodeAnalysis.GeneratorExtensions.AsSourceGenerator(new VoiceAi.Generators.OpenApiClientGenerator())],
            [new Text(path, text)],
            optionsProvider: new Options());
        driver.RunGenerators(Compilation);
    }

    /// <summary>Runs once, then <paramref name="runs"/> times after editing the C# of the compilation: the median, and the number of generated files.</summary>
    public static (double Median, int Files) Cached(string path, string text, int runs)
    {
        Microsoft.CodeAnalysis.GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            [Microsoft.CodeAnalysis.GeneratorExtensions.AsSourceGenerator(new VoiceAi.Generators.OpenApiClientGenerator())],
            [new Text(path, text)],
            optionsProvider: new Options(),
            driverOptions: new Microsoft.CodeAnalysis.GeneratorDriverOptions(Microsoft.CodeAnalysis.IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        Microsoft.CodeAnalysis.Compilation compilation = Compilation;
        driver = driver.RunGenerators(compilation);
        var files = driver.GetRunResult().Results.Sum(r => r.GeneratedSources.Length);
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var edited = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { int x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; }");
            compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), edited);
            var watch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], files);
    }

    private sealed class Text(string path, string text) : Microsoft.CodeAnalysis.AdditionalText
    {
        private readonly Microsoft.CodeAnalysis.Text.SourceText _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);

        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private static readonly Values Document = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClientName"] = "BenchClient", ["build_metadata.AdditionalFiles.OpenApiNamespace"] = "Bench" });

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Values([]);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.SyntaxTree tree) => GlobalOptions;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.AdditionalText textFile) => Document;
    }

    private sealed class Values(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

internal static class Compile
{
    private static readonly Microsoft.CodeAnalysis.MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll")
        .Select(p => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p))
        .ToArray();

    /// <summary>The wall times of one output's compiles, and its error count.</summary>
    public sealed class Samples
    {
        public List<double> Times { get; } = [];

        public int Errors { get; set; }

        public override string ToString()
        {
            var sorted = Times.OrderBy(t => t).ToList();
            return $"{sorted[sorted.Count / 2]:F1} s" + (Errors > 0 ? $" ({Errors} errors)" : string.Empty);
        }
    }

    /// <summary>A compilation as a console app's Release build has it: nullable, the framework's references.</summary>
    public static Microsoft.CodeAnalysis.CSharp.CSharpCompilation Create(IEnumerable<Microsoft.CodeAnalysis.SyntaxTree> trees, string name)
        => Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            name,
            trees,
            References,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, optimizationLevel: Microsoft.CodeAnalysis.OptimizationLevel.Release, nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable));

    /// <summary>
    /// Parse, bind and emit the sources to memory once (or, without <paramref name="emit"/>, parse and bind every method
    /// body: all the diagnostics, no IL); the wall time and the error count go to <paramref name="samples"/>.
    /// </summary>
    public static void Once(IReadOnlyList<string> sources, bool parseDocumentationComments, bool emit, Samples samples)
    {
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest,
            parseDocumentationComments ? Microsoft.CodeAnalysis.DocumentationMode.Parse : Microsoft.CodeAnalysis.DocumentationMode.None);
        var watch = Stopwatch.StartNew();
        var trees = sources.Select(t => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(t, parse)).ToList();
        var compilation = Create(trees, "Bench" + samples.Times.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var stream = new MemoryStream();
        var diagnostics = emit ? compilation.Emit(stream).Diagnostics : compilation.GetDiagnostics();
        samples.Times.Add(watch.Elapsed.TotalSeconds);
        samples.Errors = diagnostics.Count(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }
}

internal static class AotPeer
{
    /// <summary>
    /// NSwag's output, a JsonSerializerContext that names every one of its DTOs (the types NJsonSchema generated), and
    /// what the SDK's System.Text.Json source generator makes of the two, run in memory.
    /// </summary>
    public static List<string> Sources(string nswag)
    {
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, Microsoft.CodeAnalysis.DocumentationMode.None);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(nswag, parse);
        var dtos = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>()
            .Where(t => t.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax
                && t is not Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax { TypeParameterList: not null }
                && t.AttributeLists.ToString().Contains("NJsonSchema", StringComparison.Ordinal))
            .Select(t => t.Identifier.Text)
            .Distinct()
            .ToList();
        var context = "namespace NSwagBench\n{\n"
            // TypeInfoPropertyName: a DTO named like a member of JsonSerializerContext (Options) would hide it.
            + string.Concat(dtos.Select(d => "    [System.Text.Json.Serialization.JsonSerializable(typeof(" + d + "), TypeInfoPropertyName = \"T_" + d + "\")]\n"))
            + "    internal partial class NSwagJsonContext : System.Text.Json.Serialization.JsonSerializerContext { }\n}\n";
        var compilation = Compile.Create([tree, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(context, parse)], "AotPeer");
        var generator = (Microsoft.CodeAnalysis.IIncrementalGenerator)Activator.CreateInstance(
            System.Reflection.Assembly.LoadFrom(GeneratorPath()).GetType("System.Text.Json.SourceGeneration.JsonSourceGenerator", throwOnError: true)!)!;
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([Microsoft.CodeAnalysis.GeneratorExtensions.AsSourceGenerator(generator)], parseOptions: parse);
        var result = driver.RunGenerators(compilation).GetRunResult();
        var sources = new List<string> { nswag, context };
        sources.AddRange(result.GeneratedTrees.Select(t => t.GetText().ToString()));
        var errors = Compile.Create(sources.Select(t => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(t, parse)), "AotPeerCheck").GetDiagnostics()
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Console.WriteLine($"  (the AOT peer: {dtos.Count} DTOs, {result.GeneratedTrees.Length} generated files, {result.Diagnostics.Length} generator diagnostics; errors: "
            + string.Join(", ", errors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).Take(5).Select(g => g.Key + " ×" + g.Count() + " (" + g.First().GetMessage(System.Globalization.CultureInfo.InvariantCulture) + ")")) + ")");
        return sources;
    }

    // The SDK's targeting pack carries the generator: packs/Microsoft.NETCore.App.Ref/<version>/analyzers/dotnet/cs.
    private static string GeneratorPath()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        var mine = Path.Combine(packs, Environment.Version.ToString(), "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        return File.Exists(mine)
            ? mine
            : Directory.GetFiles(packs, "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).Last();
    }
}

internal static class Peers
{
    /// <summary>NSwag's C# client for a document, System.Text.Json flavour, in the namespace NSwagBench: what --compile compiles.</summary>
    public static string NSwagSystemTextJson(string path)
    {
        var document = path.EndsWith(".json", StringComparison.Ordinal)
            ? global::NSwag.OpenApiDocument.FromFileAsync(path).GetAwaiter().GetResult()
            : global::NSwag.OpenApiYamlDocument.FromFileAsync(path).GetAwaiter().GetResult();
        var settings = new global::NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings();
        settings.CSharpGeneratorSettings.JsonLibrary = global::NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.Namespace = "NSwagBench";
        return new global::NSwag.CodeGeneration.CSharp.CSharpClientGenerator(document, settings).GenerateFile();
    }

    /// <summary>NSwag's own C# client generator, in-process and warm: document parse plus code generation.</summary>
    public static string NSwag(string path, int iterations)
    {
        var times = new List<double>();
        try
        {
            for (var i = 0; i <= iterations; i++)
            {
                var watch = Stopwatch.StartNew();
                var document = path.EndsWith(".json", StringComparison.Ordinal)
                    ? global::NSwag.OpenApiDocument.FromFileAsync(path).GetAwaiter().GetResult()
                    : global::NSwag.OpenApiYamlDocument.FromFileAsync(path).GetAwaiter().GetResult();
                var code = new global::NSwag.CodeGeneration.CSharp.CSharpClientGenerator(document, new global::NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings()).GenerateFile();
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                GC.KeepAlive(code);
            }

            times.Sort();
            return $"{times[times.Count / 2]:F0} ms";
        }
        catch (Exception ex)
        {
            return "fails: " + ex.GetType().Name + ": " + ex.Message.Split('\n')[0];
        }
    }

    /// <summary>The kiota tool (a process: its own start-up is included), median wall time.</summary>
    public static string Kiota(string path, string root, int iterations)
    {
        var tool = Path.Combine(root, "artifacts", "tools", "kiota");
        if (!File.Exists(tool))
        {
            return "not installed (dotnet tool install --tool-path artifacts/tools Microsoft.OpenApi.Kiota --version 1.38.0)";
        }

        var times = new List<double>();
        var output = Path.Combine(Path.GetTempPath(), "kiota-timing");
        for (var i = 0; i < iterations; i++)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "generate", "-l", "CSharp", "-d", path, "-o", output, "-c", "KiotaClient", "-n", "Bench", "--clean-output", "--exclude-backward-compatible" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (process.ExitCode != 0)
            {
                return "fails (exit " + process.ExitCode + ")";
            }
        }

        times.Sort();
        return $"{times[times.Count / 2]:F0} ms";
    }
}

/// <summary>Samples the runtime's allocation events (about one per 100 KB) by type while the emitters run.</summary>
internal sealed class AllocationProfile : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public static void Run(string path)
    {
        var text = File.ReadAllText(path);
        var model = DocumentReader.Read(new DocumentInput(path, "BenchClient", "Bench", text), CancellationToken.None).Model;
        using var listener = new AllocationProfile();
        var files = EmitPlan.Files(model).Select(EmitPlan.Emit).ToList();
        listener.Dispose();
        Console.WriteLine($"{files.Count} files, {files.Sum(f => (long)f.Text.Length) / 1024.0 / 1024.0:F0} M characters of output");
        foreach (var kind in files.GroupBy(f => f.HintName.Split('.')[^3]).OrderByDescending(g => g.Sum(f => (long)f.Text.Length)).Take(6))
        {
            Console.WriteLine($"  {kind.Key}: {kind.Count()} files, {kind.Sum(f => (long)f.Text.Length) / 1024.0 / 1024.0:F1} M characters");
        }

        var total = listener._bytes.Values.Sum();
        foreach (var (type, bytes) in listener._bytes.OrderByDescending(p => p.Value).Take(15))
        {
            Console.WriteLine($"{bytes / 1024.0 / 1024.0,8:F0} MB {100.0 * bytes / total,5:F1}%  {type}");
        }
    }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
        {
            var type = (string?)e.Payload![names.IndexOf("TypeName")] ?? "?";
            var amount = Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
