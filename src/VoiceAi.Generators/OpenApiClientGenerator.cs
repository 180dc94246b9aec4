using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Emitting;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using VoiceAi.Generators.Reading;

namespace VoiceAi.Generators;

/// <summary>
/// OpenAPI document (AdditionalFiles with OpenApiClientName) → model → C# client.
/// Wiring only: each stage lives in its own folder (Options, Reading, Model, Emitting, Diagnostics).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Options: which AdditionalFiles are OpenAPI documents, and with what client name and namespace.
        var options = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (File: pair.Left, Options: DocumentInput.GetOptions(pair.Left, pair.Right)))
            .Where(static pair => pair.Options is not null)
            .WithTrackingName(TrackingNames.DocumentOptions);

        // 2. Documents: their text, read once per change.
        var texts = options
            .Select(static (pair, cancellationToken) => DocumentInput.Read(pair.File, pair.Options!, cancellationToken));

        // The other JSON and YAML AdditionalFiles, for documents whose $refs reach into other files. A document that
        // refers to no other file does not take them, so editing them never re-reads it.
        var siblings = context.AdditionalTextsProvider
            .Where(static file => SiblingFile.IsCandidate(file.Path))
            .Select(static (file, cancellationToken) => new SiblingFile(file.Path, DocumentInput.WithoutByteOrderMark(file.GetText(cancellationToken)?.ToString() ?? string.Empty)))
            .Collect()
            .Select(static (files, _) => files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToEquatableArray());
        var documents = texts
            .Combine(siblings)
            .Select(static (pair, _) => pair.Left.HasExternalReferences ? pair.Left with { Files = pair.Right } : pair.Left)
            .WithTrackingName(TrackingNames.Documents);

        // Two documents may not generate the same client.
        var unique = documents.Collect()
            .Select(static (all, _) => Deduplicate(all))
            .WithTrackingName(TrackingNames.UniqueDocuments);
        context.RegisterSourceOutput(unique.SelectMany(static (result, _) => result.Diagnostics), ReportDiagnostic);

        // 3. Read: document → model and diagnostics.
        var results = unique
            .SelectMany(static (result, _) => result.Documents)
            .Select(static (document, cancellationToken) => DocumentReader.Read(document, cancellationToken))
            .WithTrackingName(TrackingNames.Models);
        context.RegisterSourceOutput(
            results.SelectMany(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            ReportDiagnostic);

        // 4. Emit: one file spec per output file, so an edit re-emits only the files it touches.
        // Whether System.Net.ServerSentEvents is referenced: a bool, so C# edits leave every later step cached.
        var hasServerSentEvents = context.CompilationProvider
            .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == "System.Net.ServerSentEvents"))
            .WithTrackingName(TrackingNames.ServerSentEvents);
        // Whether Microsoft.Extensions.Logging.Abstractions is referenced: then the options take an ILogger.
        var hasLogging = context.CompilationProvider
            .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == "Microsoft.Extensions.Logging.Abstractions"))
            .WithTrackingName(TrackingNames.Logging);
        var sources = results
            .Combine(hasServerSentEvents)
            .Combine(hasLogging)
            .SelectMany(static (pair, _) => EmitPlan.Files(pair.Left.Left.Model, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Files)
            .Select(static (file, _) => EmitPlan.Emit(file))
            .WithTrackingName(TrackingNames.Sources);
        context.RegisterSourceOutput(sources, static (spc, file) => spc.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8)));

        // 5. Dependency injection, only when the project references Microsoft.Extensions.Http: a cheap, equatable look at
        //    the compilation's references (a bool), so C# edits never re-run anything after it.
        var hasHttpExtensions = context.CompilationProvider
            .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == "Microsoft.Extensions.Http"))
            .WithTrackingName(TrackingNames.HttpExtensions);
        var injection = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => (result.Model!.Client, result.Model.Groups))
            .Combine(hasHttpExtensions)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => pair.Left)
            .Combine(hasLogging)
            .Select(static (pair, _) => EmitPlan.Emit(new DependencyInjectionFile(pair.Left.Client, pair.Right) { Groups = pair.Left.Groups }))
            .WithTrackingName(TrackingNames.DependencyInjection);
        context.RegisterSourceOutput(injection, static (spc, file) => spc.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8)));
    }

    private static void ReportDiagnostic(SourceProductionContext context, DiagnosticInfo info) => context.ReportDiagnostic(info.ToDiagnostic());

    private static UniqueDocuments Deduplicate(ImmutableArray<DocumentInput> documents)
    {
        // One OpenAPI and one AsyncAPI document per client: an AsyncAPI document that names the client of an OpenAPI
        // document is read with it (one client, one set of options); alone, it is a client of its own.
        var seen = new Dictionary<string, DocumentInput>(System.StringComparer.Ordinal);
        var seenAsync = new Dictionary<string, DocumentInput>(System.StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var document in documents.OrderBy(d => d.Path, System.StringComparer.Ordinal))
        {
            var key = document.Namespace + "." + document.ClientName;
            var kind = document.IsAsyncApi ? seenAsync : seen;
            if (kind.TryGetValue(key, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateClient, document.Path, DocumentPosition.Start, key, first.FileName, document.FileName));
                continue;
            }

            kind[key] = document;
        }

        var kept = new List<DocumentInput>();
        foreach (var pair in seen)
        {
            kept.Add(seenAsync.TryGetValue(pair.Key, out var realtime) ? pair.Value with { Realtime = realtime } : pair.Value);
        }

        kept.AddRange(seenAsync.Where(p => !seen.ContainsKey(p.Key)).Select(p => p.Value));
        return new UniqueDocuments(kept.OrderBy(d => d.Path, System.StringComparer.Ordinal).ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private sealed record UniqueDocuments(EquatableArray<DocumentInput> Documents, EquatableArray<DiagnosticInfo> Diagnostics);
}
