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

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation()}; {iterations} warm iterations, median");
Console.WriteLine("| document | size | parse (Microsoft.OpenApi) | total (read + model + emit) | model + emit | allocated (total) | files | diagnostics |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
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
    long allocated = 0;
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
        var emitted = EmitPlan.Files(result.Model).Select(EmitPlan.Emit).ToList();
        var totalTime = watch.Elapsed.TotalMilliseconds;
        if (i == 0)
        {
            continue; // warm-up
        }

        parse.Add(parseTime);
        total.Add(totalTime);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        files = emitted.Count;
        diagnostics = result.Diagnostics.Count;
    }

    var p = Median(parse);
    var t = Median(total);
    Console.WriteLine($"| {name} | {text.Length / 1024.0 / 1024.0:F1} MB | {p:F0} ms | {t:F0} ms | {Math.Max(0, t - p):F0} ms | {allocated / 1024.0 / 1024.0:F0} MB | {files} | {diagnostics} |");
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

internal static class Peers
{
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
