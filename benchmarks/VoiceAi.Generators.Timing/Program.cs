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

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string RuntimeInformation() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;
