using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;

namespace VoiceAi.Generators.Reading;

/// <summary>What reading one document gives: the model (null when nothing can be generated) and its diagnostics.</summary>
internal sealed record ReadResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A diagnostic found while reading, located by JSON pointer (in <see cref="Source"/>, or in the document itself when null) until the reader turns pointers into lines.</summary>
/// <remarks><see cref="Position"/>, when set, is where the diagnostic is: for what a pointer cannot tell apart (a key given twice).</remarks>
internal sealed record PendingDiagnostic(DiagnosticDescriptor Descriptor, string Pointer, string[] Arguments, SiblingFile? Source = null, DocumentPosition? Position = null);

/// <summary>Stage 1: document text → Microsoft.OpenApi object model → <see cref="ApiModel"/>. Nothing of Microsoft.OpenApi leaves this stage.</summary>
internal static class DocumentReader
{
    public static ReadResult Read(DocumentInput input, CancellationToken cancellationToken)
    {
        var pending = new List<PendingDiagnostic>();
        var aliases = new PointerAliases();
        ApiModel? model = null;
        try
        {
            model = ReadModel(input, pending, aliases, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            var position = new DocumentPosition((int)(ex.LineNumber ?? 0), (int)(ex.BytePositionInLine ?? 0));
            return new ReadResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDocument, input.Path, position, input.FileName, ex.Message) }.ToEquatableArray());
        }
        catch (DocumentTextException ex)
        {
            return new ReadResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDocument, input.Path, new DocumentPosition(ex.Line, 0), input.FileName, ex.Message) }.ToEquatableArray());
        }
        catch (SharpYaml.YamlException ex)
        {
            var position = new DocumentPosition(Math.Max(0, ex.Start.Line), Math.Max(0, ex.Start.Column));
            return new ReadResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDocument, input.Path, position, input.FileName, ex.Message) }.ToEquatableArray());
        }
        catch (Exception ex)
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InternalError, string.Empty, [input.FileName, ex.GetType().Name + ": " + ex.Message]));
            model = null;
        }

        return new ReadResult(model, Locate(input, pending.Select(aliases.ToText)));
    }

    private static ApiModel? ReadModel(DocumentInput input, List<PendingDiagnostic> pending, PointerAliases aliases, CancellationToken cancellationToken)
    {
        if (!Naming.IsValidIdentifier(input.ClientName) || Naming.IsGeneratorName(input.ClientName))
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidClientName, string.Empty, [input.ClientName, "class name (OpenApiClientName)", input.FileName]));
            return null;
        }

        if (!Naming.IsValidNamespace(input.Namespace) || input.Namespace.Split('.').Any(Naming.IsGeneratorName))
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidClientName, string.Empty, [input.Namespace, "namespace (OpenApiNamespace)", input.FileName]));
            return null;
        }

        if (string.IsNullOrWhiteSpace(input.Text))
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [input.FileName, "the file is empty"]));
            return null;
        }

        if (LoneSurrogateLine(input.Text) is { } badLine)
        {
            throw new DocumentTextException(badLine, "it holds an invalid character (a lone UTF-16 surrogate), which no JSON or YAML reader accepts");
        }

        if (NestingDepth(input.Text, input.IsYaml) is var (depth, line) && depth > MaxNestingDepth)
        {
            // Deeper than any real API document; refused before any parser recurses into it.
            throw new DocumentTextException(line, "it nests " + depth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels deep (at most " + MaxNestingDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " are read)");
        }

        cancellationToken.ThrowIfCancellationRequested();
        // The document is read, not validated: Microsoft.OpenApi's validation rules report style problems
        // (a discriminator property not listed as required, two paths differing only in parameter names) as errors,
        // and a user cannot fix a vendor's document. What stops generation is reported by the model builder.
        var settings = new OpenApiReaderSettings { LoadExternalRefs = false, RuleSet = ValidationRuleSet.GetEmptyRuleSet() };
        settings.AddYamlReader();
        Microsoft.OpenApi.Reader.ReadResult result;
        Leniency leniency;
        (AsyncApiDraft, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>)? realtime = null;
        try
        {
            // One parse: the text becomes a JSON tree, which is rewritten where a vendor's intent is clear (Swagger 2
            // leftovers) and then read by Microsoft.OpenApi. A text the tree parser refuses is left to Microsoft.OpenApi,
            // whose complaint is reported.
            var tree = ParseTree(input.Text, input.IsYaml);
            if (tree is null && input.IsYaml && DuplicateKeys.RenameDuplicateResponses(input.Text, pending) is { } renamed)
            {
                // 400: and "400": in one responses mapping, which no JSON tree can hold: read with the first only.
                tree = ParseTree(renamed, isYaml: true);
            }

            if (input.IsAsyncApi)
            {
                // An AsyncAPI document alone: its payload schemas and security schemes as an OpenAPI tree without paths.
                if (tree is null)
                {
                    ThrowSyntaxError(input.Text, input.IsYaml);
                    pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [input.FileName, "it cannot be read as JSON or YAML"]));
                    return null;
                }

                if (AsyncApiReader.Read(tree, pending, null, input.FileName, cancellationToken) is not { } alone)
                {
                    return null;
                }

                tree = alone.OpenApi;
                realtime = (alone, Identity, Identity);
            }
            else if (tree is not null && input.Realtime is { } companion)
            {
                realtime = ReadCompanion(tree, companion, pending, cancellationToken);
            }

            if (tree is not null)
            {
                var location = new Uri(OpenApiConstants.BaseRegistryUri);
                if (input.HasExternalReferences && input.Files.Count > 0)
                {
                    // A multi-file document: bundled into one tree from the AdditionalFiles beside it.
                    tree = new Bundler(input, pending).Bundle(tree);
                    location = new Uri("file:///" + Bundler.Normalize(input.Path).TrimStart('/'));
                    cancellationToken.ThrowIfCancellationRequested();
                }

                leniency = Leniency.Repair(tree, pending, aliases);
                cancellationToken.ThrowIfCancellationRequested();
                result = new OpenApiJsonReader().Read(tree, location, settings);
            }
            else
            {
                leniency = Leniency.WithoutTree(aliases);
                result = OpenApiDocument.Parse(input.Text, input.IsYaml ? OpenApiConstants.Yaml : OpenApiConstants.Json, settings);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (input.IsYaml)
            {
                ThrowYamlSyntaxError(input.Text);
            }
            else
            {
                ThrowJsonSyntaxError(input.Text);
            }

            // Well-formed, but Microsoft.OpenApi cannot read it (an unsupported version, an empty $ref, …): the document's problem.
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [input.FileName, ex.Message]));
            return null;
        }

        var document = result.Document;
        var errors = result.Diagnostic?.Errors ?? [];
        if ((document is null || errors.Count > 0) && leniency.IsTextOnly)
        {
            // Microsoft.OpenApi reports malformed JSON or YAML without a position; the syntax parsers have line and column.
            // (A text that became a tree is well-formed.)
            if (input.IsYaml)
            {
                ThrowYamlSyntaxError(input.Text);
            }
            else
            {
                ThrowJsonSyntaxError(input.Text);
            }
        }

        // Structural complaints where the intent is clear (an unknown member, a null where a map belongs) become
        // warnings at the member; errors stay where nothing sensible can be generated.
        foreach (var error in errors)
        {
            pending.Add(leniency.Translate(error, isWarning: false));
        }

        foreach (var warning in result.Diagnostic?.Warnings ?? [])
        {
            pending.Add(leniency.Translate(warning, isWarning: true));
        }

        if (document is null)
        {
            if (errors.Count == 0)
            {
                pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [input.FileName, "it is not an OpenAPI 3.0 or 3.1 document"]));
            }

            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var model = new ModelBuilder(document, input, pending, cancellationToken) { Realtime = realtime }.Build();
        if (realtime is { } merged && input.Realtime is { } asyncInput && !input.IsAsyncApi)
        {
            // What the model builder says of a merged payload schema is said of the AsyncAPI document, at its own key.
            var file = new SiblingFile(asyncInput.Path, asyncInput.Text);
            var back = merged.Item2.ToDictionary(p => "/components/schemas/" + SourceLocator.Escape(p.Value), p => "/components/schemas/" + SourceLocator.Escape(p.Key), StringComparer.Ordinal);
            for (var i = 0; i < pending.Count; i++)
            {
                var pointer = SourceLocator.Normalize(pending[i].Pointer);
                if (pending[i].Source is null && back.FirstOrDefault(b => pointer == b.Key || pointer.StartsWith(b.Key + "/", StringComparison.Ordinal)) is { Key: { } from } match)
                {
                    pending[i] = pending[i] with { Source = file, Pointer = "#" + match.Value + pointer.Substring(from.Length) };
                }
            }
        }

        return model;
    }

    private static readonly IReadOnlyDictionary<string, string> Identity = new Dictionary<string, string>();

    private static void ThrowSyntaxError(string text, bool isYaml)
    {
        if (isYaml)
        {
            ThrowYamlSyntaxError(text);
        }
        else
        {
            ThrowJsonSyntaxError(text);
        }
    }

    /// <summary>
    /// The AsyncAPI document read with an OpenAPI one: its payload schemas and security schemes join the OpenAPI tree
    /// (a schema whose name is taken gets another: <c>XRealtime</c>; a security scheme the OpenAPI document has already,
    /// the same kind and name, is that one). Its own problems are reported in its own file.
    /// </summary>
    private static (AsyncApiDraft, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>)? ReadCompanion(System.Text.Json.Nodes.JsonNode tree, DocumentInput companion, List<PendingDiagnostic> pending, CancellationToken cancellationToken)
    {
        var file = new SiblingFile(companion.Path, companion.Text);
        var asyncTree = string.IsNullOrWhiteSpace(companion.Text) || NestingDepth(companion.Text, companion.IsYaml).Depth > MaxNestingDepth ? null : ParseTree(companion.Text, companion.IsYaml);
        if (asyncTree is null)
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [companion.FileName, "it cannot be read as JSON or YAML"], file));
            return null;
        }

        AsyncApiDraft? draft;
        try
        {
            draft = AsyncApiReader.Read(asyncTree, pending, file, companion.FileName, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The AsyncAPI document fails alone: the HTTP client of the OpenAPI document is still generated.
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InternalError, string.Empty, [companion.FileName, ex.GetType().Name + ": " + ex.Message], file));
            return null;
        }

        if (draft is null || tree is not System.Text.Json.Nodes.JsonObject root)
        {
            return null;
        }

        var components = root["components"] as System.Text.Json.Nodes.JsonObject ?? new System.Text.Json.Nodes.JsonObject();
        root["components"] = components;
        var schemas = components["schemas"] as System.Text.Json.Nodes.JsonObject ?? new System.Text.Json.Nodes.JsonObject();
        components["schemas"] = schemas;
        var schemes = components["securitySchemes"] as System.Text.Json.Nodes.JsonObject ?? new System.Text.Json.Nodes.JsonObject();
        components["securitySchemes"] = schemes;

        var draftSchemas = (System.Text.Json.Nodes.JsonObject)draft.OpenApi["components"]!["schemas"]!;
        var schemaKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in draftSchemas)
        {
            var key = pair.Key;
            for (var i = 1; schemas.ContainsKey(key) || schemaKeys.ContainsValue(key); i++)
            {
                key = pair.Key + "Realtime" + (i == 1 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            schemaKeys[pair.Key] = key;
        }

        foreach (var pair in draftSchemas.ToList())
        {
            var node = pair.Value?.DeepClone();
            RewriteReferences(node, schemaKeys);
            schemas[schemaKeys[pair.Key]] = node;
        }

        var schemeKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in ((System.Text.Json.Nodes.JsonObject)draft.OpenApi["components"]!["securitySchemes"]!).ToList())
        {
            var same = schemes.FirstOrDefault(s => SameScheme(s.Value, pair.Value));
            if (same.Key is not null)
            {
                schemeKeys[pair.Key] = same.Key;
                continue;
            }

            var key = pair.Key;
            for (var i = 2; schemes.ContainsKey(key); i++)
            {
                key = pair.Key + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            schemes[key] = pair.Value?.DeepClone();
            schemeKeys[pair.Key] = key;
        }

        return (draft, schemaKeys, schemeKeys);
    }

    private static bool SameScheme(System.Text.Json.Nodes.JsonNode? a, System.Text.Json.Nodes.JsonNode? b)
    {
        static string Field(System.Text.Json.Nodes.JsonNode? node, string name)
            => node is System.Text.Json.Nodes.JsonObject o && o[name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? text.ToLowerInvariant() : string.Empty;
        return Field(a, "type") == Field(b, "type") && Field(a, "scheme") == Field(b, "scheme") && Field(a, "in") == Field(b, "in")
            && Field(a, "name") == Field(b, "name") && Field(a, "type").Length > 0;
    }

    /// <summary>Points the <c>$ref</c>s of merged schemas at the names they were given.</summary>
    private static void RewriteReferences(System.Text.Json.Nodes.JsonNode? node, IReadOnlyDictionary<string, string> keys)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                if (o["$ref"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var reference) && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    var rest = reference.Substring("#/components/schemas/".Length);
                    var slash = rest.IndexOf('/');
                    var key = SourceLocator.Unescape(slash < 0 ? rest : rest.Substring(0, slash));
                    if (keys.TryGetValue(key, out var renamed) && renamed != key)
                    {
                        o["$ref"] = "#/components/schemas/" + SourceLocator.Escape(renamed) + (slash < 0 ? string.Empty : rest.Substring(slash));
                    }
                }

                foreach (var pair in o.ToList())
                {
                    if (pair.Key != "$ref")
                    {
                        RewriteReferences(pair.Value, keys);
                    }
                }

                break;
            case System.Text.Json.Nodes.JsonArray a:
                foreach (var item in a)
                {
                    RewriteReferences(item, keys);
                }

                break;
        }
    }

    /// <summary>The line of the first lone UTF-16 surrogate (text that came from bytes that were not UTF-8), or null.</summary>
    internal static int? LoneSurrogateLine(string text)
    {
        var line = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return line;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>How deep a document may nest: real ones stay under 40; parsers and the model builder recurse per level.</summary>
    public const int MaxNestingDepth = 256;

    /// <summary>
    /// The deepest nesting of a text and the line where it is reached, without parsing: brackets outside strings for
    /// JSON (and YAML flow style), and indentation for YAML block style (a level needs at least one more space).
    /// </summary>
    internal static (int Depth, int Line) NestingDepth(string text, bool isYaml)
    {
        var depth = 0;
        var max = 0;
        var maxLine = 0;
        var line = 0;
        var inString = false;
        var quote = '"';
        var indent = 0;
        var atLineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                atLineStart = true;
                indent = 0;
                if (isYaml)
                {
                    inString = false; // YAML quoted scalars rarely span lines; a stray quote must not hide the rest
                }

                continue;
            }

            if (atLineStart)
            {
                if (c == ' ')
                {
                    indent++;
                    continue;
                }

                atLineStart = false;

                // YAML indentation counts spaces, several per level: eight spaces count as one level here.
                if (isYaml && indent / 8 > max && c != '#')
                {
                    max = indent / 8;
                    maxLine = line;
                }
            }

            if (inString)
            {
                if (c == '\\' && !isYaml)
                {
                    i++;
                }
                else if (c == quote)
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                case '\'' when isYaml:
                    inString = true;
                    quote = c;
                    break;
                case '{':
                case '[':
                    depth++;
                    if (depth > max)
                    {
                        max = depth;
                        maxLine = line;
                    }

                    break;
                case '}':
                case ']':
                    depth = System.Math.Max(0, depth - 1);
                    break;
            }
        }

        return (max, maxLine);
    }

    /// <summary>The JSON tree of a JSON or YAML text; null when it is not well-formed.</summary>
    public static System.Text.Json.Nodes.JsonNode? ParseTree(string text, bool isYaml)
    {
        try
        {
            if (!isYaml)
            {
                return System.Text.Json.Nodes.JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 4096 });
            }

            var stream = new SharpYaml.Serialization.YamlStream();
            stream.Load(new System.IO.StringReader(text));
            return stream.Documents.Count == 0 ? null : Microsoft.OpenApi.YamlReader.YamlConverter.ToJsonNode(stream.Documents[0]);
        }
        catch (Exception ex) when (ex is JsonException or SharpYaml.YamlException or InvalidOperationException or ArgumentException or OpenApiException)
        {
            // Not well-formed, or beyond the YAML converter's limits (an alias bomb): Microsoft.OpenApi reads the text and says why.
            return null;
        }
    }

    /// <summary>Throws System.Text.Json's exception, with its line and column, when the text is not well-formed JSON.</summary>
    private static void ThrowJsonSyntaxError(string text)
    {
        using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 100_000 });
    }

    /// <summary>Throws SharpYaml's exception, with its position, when the text is not well-formed YAML.</summary>
    private static void ThrowYamlSyntaxError(string text)
    {
        var parser = SharpYaml.Parser.CreateParser(new System.IO.StringReader(text));
        while (parser.MoveNext())
        {
        }
    }

    public static string PointerText(string? pointer)
    {
        var normalized = SourceLocator.Normalize(pointer ?? string.Empty);
        return normalized.Length == 0 ? "the document root" : "#" + normalized;
    }

    private static EquatableArray<DiagnosticInfo> Locate(DocumentInput input, IEnumerable<PendingDiagnostic> diagnostics)
    {
        var pending = diagnostics.ToList();
        if (pending.Count == 0)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        var result = new List<DiagnosticInfo>(pending.Count);
        foreach (var group in pending.GroupBy(p => p.Source))
        {
            var (path, text, isYaml) = group.Key is { } file ? (file.Path, file.Text, file.IsYaml) : (input.Path, input.Text, input.IsYaml);
            var positions = SourceLocator.Locate(text, isYaml, group.Select(p => p.Pointer));
            result.AddRange(group.Select(p => DiagnosticInfo.Create(p.Descriptor, path, p.Position ?? FindPosition(positions, p.Pointer), p.Arguments)));
        }

        return result.ToEquatableArray();
    }

    /// <summary>The position of the pointer, else of its nearest located ancestor, else the document start.</summary>
    private static DocumentPosition FindPosition(IReadOnlyDictionary<string, DocumentPosition> positions, string pointer)
    {
        var p = SourceLocator.Normalize(pointer);
        while (true)
        {
            if (positions.TryGetValue(p, out var position))
            {
                return position;
            }

            var slash = p.LastIndexOf('/');
            if (slash < 0)
            {
                return DocumentPosition.Start;
            }

            p = p.Substring(0, slash);
        }
    }
}

/// <summary>A document whose text is refused before parsing, with the line where the problem is.</summary>
internal sealed class DocumentTextException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
