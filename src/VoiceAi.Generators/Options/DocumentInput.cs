using System;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VoiceAi.Generators.Options;

/// <summary>
/// One OpenAPI document to generate a client from: an AdditionalFiles item with <c>OpenApiClientName</c> metadata.
/// Compares by value (path, options and the whole text), so an unchanged document is never read twice.
/// </summary>
internal sealed record DocumentInput(string Path, string ClientName, string Namespace, string Text)
{
    /// <summary>
    /// The other JSON and YAML AdditionalFiles, when this document refers to other files; empty otherwise, so that
    /// editing an unrelated file never re-reads a self-contained document.
    /// </summary>
    public Model.EquatableArray<SiblingFile> Files { get; init; } = Model.EquatableArray<SiblingFile>.Empty;

    /// <summary>Which operations the client gets (item metadata OpenApiIncludeTags, OpenApiIncludeOperations, OpenApiExcludeOperations).</summary>
    public OperationFilter Filter { get; init; } = OperationFilter.None;

    /// <summary>The shape of the generated surface (item metadata OpenApiEnumStyle, OpenApiGroupBy).</summary>
    public GenerationStyle Style { get; init; } = GenerationStyle.Default;

    /// <summary>Whether a <c>$ref</c> of this document names another file.</summary>
    public bool HasExternalReferences { get; } = Reading.Bundler.HasExternalReferences(Text);

    /// <summary>Whether this is an AsyncAPI document (its first member is <c>asyncapi</c>) rather than an OpenAPI one.</summary>
    public bool IsAsyncApi { get; } = Reading.AsyncApiReader.IsAsyncApi(Text);

    /// <summary>
    /// The AsyncAPI document read with this OpenAPI document, when both name the same client (namespace and class): its
    /// channels join this client, and its payload schemas this document's schemas.
    /// </summary>
    public DocumentInput? Realtime { get; init; }

    public const string ClientNameMetadata = "build_metadata.AdditionalFiles.OpenApiClientName";
    public const string NamespaceMetadata = "build_metadata.AdditionalFiles.OpenApiNamespace";
    public const string AsyncClientNameMetadata = "build_metadata.AdditionalFiles.AsyncApiClientName";
    public const string AsyncNamespaceMetadata = "build_metadata.AdditionalFiles.AsyncApiNamespace";
    public const string RootNamespaceProperty = "build_property.RootNamespace";

    public bool IsYaml => Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || FirstNonWhiteSpace(Text) is not '{' and not '[' and not '\0';

    /// <summary>The first character that is not white space or a byte-order mark, without copying the text.</summary>
    private static char FirstNonWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c;
            }
        }

        return '\0';
    }

    /// <summary>The options of one AdditionalFiles item, read before its text so that files without a client name are never read.</summary>
    public static DocumentOptions? GetOptions(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        var options = provider.GetOptions(file);
        // An AsyncAPI document may be named with AsyncApiClientName/AsyncApiNamespace, or like an OpenAPI one.
        var async = options.TryGetValue(AsyncClientNameMetadata, out var clientName) && !string.IsNullOrWhiteSpace(clientName);
        if (!async && (!options.TryGetValue(ClientNameMetadata, out clientName) || string.IsNullOrWhiteSpace(clientName)))
        {
            return null;
        }

        string? ns = null;
        if (!async || !options.TryGetValue(AsyncNamespaceMetadata, out ns) || string.IsNullOrWhiteSpace(ns))
        {
            options.TryGetValue(NamespaceMetadata, out ns);
        }
        if (string.IsNullOrWhiteSpace(ns))
        {
            provider.GlobalOptions.TryGetValue(RootNamespaceProperty, out ns);
        }

        if (string.IsNullOrWhiteSpace(ns))
        {
            ns = clientName;
        }

        return new DocumentOptions(file.Path, clientName!.Trim(), ns!.Trim(), OperationFilter.From(options), GenerationStyle.From(options));
    }

    public static DocumentInput Read(AdditionalText file, DocumentOptions options, CancellationToken cancellationToken)
    {
        var text = WithoutByteOrderMark(file.GetText(cancellationToken)?.ToString() ?? string.Empty);
        return new DocumentInput(options.Path, options.ClientName, options.Namespace, text) { Filter = options.Filter, Style = options.Style };
    }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The text without a byte-order mark at its start (an in-memory or re-encoded file): YAML readers refuse it as content.</summary>
    public static string WithoutByteOrderMark(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
}

/// <summary>A JSON or YAML AdditionalFiles item that a document may refer to with a relative <c>$ref</c>.</summary>
internal sealed record SiblingFile(string Path, string Text)
{
    public bool IsYaml => !Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static bool IsCandidate(string path)
        => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The generator options of one document, from its AdditionalFiles metadata.</summary>
internal sealed record DocumentOptions(string Path, string ClientName, string Namespace, OperationFilter Filter, GenerationStyle Style);
