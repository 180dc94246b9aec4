using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>An OpenAPI document given to the generator as an AdditionalFiles item with its metadata.</summary>
public sealed record TestDocument(string Path, string Text, string? ClientName = "TestClient", string? Namespace = "TestApi")
{
    /// <summary>More item metadata, by name without its prefix (<c>OpenApiIncludeTags</c>…).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Runs the generator in-process over in-memory AdditionalFiles, and compiles what it emits.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    /// <summary>Every warning wave the compiler knows (as <c>&lt;AnalysisLevel&gt;latest</c> or <c>WarningLevel 9999</c> in a user's project), not level 4.</summary>
    public const int NewestWarningWave = 9999;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation([], sources);

    /// <summary>A consumer compilation without one of the framework's assemblies (as on an older framework).</summary>
    public static CSharpCompilation CreateCompilationWithout(string assembly, params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Consumer.cs")),
            References.Value.Where(r => !string.Equals(Path.GetFileNameWithoutExtension(r.Display), assembly, StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: NewestWarningWave));

    /// <summary>A consumer compilation with <paramref name="extraAssemblies"/> (file names from the test's own dependencies) referenced too.</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<string> extraAssemblies, params string[] sources)
    {
        var extra = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => extraAssemblies.Contains(Path.GetFileNameWithoutExtension(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Consumer.cs")),
            References.Value.Concat(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: NewestWarningWave));
    }

    public static GeneratorDriver CreateDriver(IEnumerable<TestDocument> documents, IDictionary<string, string>? globalOptions = null)
        => CreateDriver(documents, out _, globalOptions);

    public static GeneratorDriver CreateDriver(IEnumerable<TestDocument> documents, out ImmutableArray<AdditionalText> texts, IDictionary<string, string>? globalOptions = null)
    {
        texts = documents.Select(d => new InMemoryAdditionalText(d.Path, d.Text)).ToImmutableArray<AdditionalText>();
        var options = new TestOptionsProvider(documents.ToDictionary(d => d.Path), globalOptions ?? new Dictionary<string, string>());
        return CSharpGeneratorDriver.Create(
            [new OpenApiClientGenerator().AsSourceGenerator()],
            texts,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>The AdditionalFiles metadata of <paramref name="documents"/>, to swap into a driver as an MSBuild change.</summary>
    public static AnalyzerConfigOptionsProvider Options(IEnumerable<TestDocument> documents, IDictionary<string, string>? globalOptions = null)
        => new TestOptionsProvider(documents.ToDictionary(d => d.Path), globalOptions ?? new Dictionary<string, string>());

    /// <summary>Generates from the documents and compiles the result with a consumer source.</summary>
    public static GenerationResult Run(IEnumerable<TestDocument> documents, params string[] consumerSources)
    {
        var compilation = CreateCompilation(consumerSources.Length == 0 ? ["namespace Consumer { internal static class Empty { } }"] : consumerSources);
        var driver = CreateDriver(documents).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GenerationResult(driver, driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static GenerationResult Run(TestDocument document, params string[] consumerSources) => Run([document], consumerSources);

    public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class TestOptionsProvider(IReadOnlyDictionary<string, TestDocument> documents, IDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var values = new Dictionary<string, string>();
            if (documents.TryGetValue(textFile.Path, out var document))
            {
                if (document.ClientName is not null)
                {
                    values["build_metadata.AdditionalFiles.OpenApiClientName"] = document.ClientName;
                }

                if (document.Namespace is not null)
                {
                    values["build_metadata.AdditionalFiles.OpenApiNamespace"] = document.Namespace;
                }

                foreach (var (name, value) in document.Metadata)
                {
                    values["build_metadata.AdditionalFiles." + name] = value;
                }
            }

            return new DictionaryOptions(values);
        }
    }

    private sealed class DictionaryOptions(IDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>What one generator run gave.</summary>
public sealed record GenerationResult(GeneratorDriver Driver, GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(r => r.GeneratedSources).ToList();

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>The files that hold the models, enums and unions (<c>….Types.NN.g.cs</c>: several types to a file).</summary>
    public IEnumerable<GeneratedSourceResult> TypeFiles => Sources.Where(s => s.HintName.Contains(".Types.", StringComparison.Ordinal));

    /// <summary>
    /// The text of the generated type <paramref name="name"/> and of its converter (<c>{name}JsonConverter</c>), with
    /// their documentation, as they stand in the file that holds them; fails when there is no such type.
    /// </summary>
    public string TypeSource(string name)
    {
        var declarations = TypeFiles
            .SelectMany(f => f.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
            .Where(d => d.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax && (d.Identifier.ValueText == name || d.Identifier.ValueText == name + "JsonConverter"))
            .ToList();
        Xunit.Assert.True(declarations.Count > 0, $"no generated type {name}; the types are: {string.Join(", ", TypeNames.Take(200))}");
        return string.Join("\n", declarations.Select(d => d.ToFullString()));
    }

    /// <summary>The names of the generated models, enums and unions (their converters left out), in file order.</summary>
    public IReadOnlyList<string> TypeNames => TypeFiles
        .SelectMany(f => f.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
        .Where(d => d.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax)
        .Select(d => d.Identifier.ValueText)
        .Where(n => !n.EndsWith("JsonConverter", StringComparison.Ordinal) || n == "JsonConverter")
        .ToList();

    /// <summary>Compiler diagnostics of the output (warnings and errors), generator diagnostics excluded.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems()
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Fails with the problems listed when the generated code does not compile clean.</summary>
    public void AssertCompilesClean()
    {
        var problems = CompilationProblems();
        Xunit.Assert.True(problems.Count == 0, "The generated code does not compile clean:\n" + string.Join("\n", problems.Take(30).Select(Describe)));
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        var line = tree is null ? string.Empty : "\n    > " + tree.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
        return diagnostic + line;
    }

    /// <summary>Emits the output compilation and loads it.</summary>
    public Assembly Load()
    {
        using var stream = new MemoryStream();
        var emit = Output.Emit(stream);
        Xunit.Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }
}
