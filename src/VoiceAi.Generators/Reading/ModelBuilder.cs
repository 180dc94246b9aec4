using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using ParameterLocation = VoiceAi.Generators.Model.ParameterLocation;

namespace VoiceAi.Generators.Reading;

/// <summary>Walks a Microsoft.OpenApi document and builds the value-equatable <see cref="ApiModel"/>.</summary>
internal sealed partial class ModelBuilder
{
    private const string ComponentsPointer = "#/components/schemas/";

    private readonly OpenApiDocument _document;
    private readonly DocumentInput _input;
    private readonly List<PendingDiagnostic> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    // Type names, compared ignoring case: each model, enum and union has a file of its own, and Roslyn refuses two
    // generated files whose names differ only in case (as would a disk that ignores case).
    private readonly HashSet<string> _usedTypeNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _componentTypeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeResolution> _componentTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumSpec> _enums = new(StringComparer.Ordinal);
    private readonly List<ModelSpec> _models = [];
    private readonly List<UnionSpec> _unions = [];
    private readonly ClientInfo _client;
    private readonly SchemaPointer _pointers;
    private readonly HashSet<string> _multipartComponents = new(StringComparer.Ordinal);
    private bool _fileContext;
    private readonly Dictionary<InlineKey, TypeResolution> _inlineTypes = new(InlineKeyComparer.Instance);

    /// <summary>The inline enum struct of each shape (kind, deprecation and values, in order): one type per shape.</summary>
    private readonly Dictionary<string, string> _enumShapes = new(StringComparer.Ordinal);

    /// <summary>The inline object type of each shape (see ObjectShapeKey): one type per shape.</summary>
    private readonly Dictionary<string, TypeResolution> _objectShapes = new(StringComparer.Ordinal);

    /// <summary>The inline union type of each shape (the same key as an object's, marked as a union): one type per shape.</summary>
    private readonly Dictionary<string, TypeResolution> _unionShapes = new(StringComparer.Ordinal);

    /// <summary>Anchors and dynamic references (3.1); null for a document that has none, which then reads as it always has.</summary>
    private readonly SchemaAnchors? _anchors;

    /// <summary>The dynamic scope of what is being resolved now; only kept when <see cref="_anchors"/> is not null.</summary>
    private DynamicScope? _scope;

    public ModelBuilder(OpenApiDocument document, DocumentInput input, List<PendingDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        _document = document;
        _input = input;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _anchors = SchemaAnchors.Create(document, input);
        _pointers = new SchemaPointer(document, input, _anchors is null ? null : reference => SchemaAnchors.IsAnchorReference(reference) ? _anchors.Resolve(reference, _scope) : null);
        _client = BuildClientInfo();
        foreach (var reserved in new[] { _client.ClientName, _client.InterfaceName, _client.OptionsName, _client.ExceptionName, _client.JsonName, _client.BinaryResponseName, _client.SupportName, _client.EnumInterfaceName, _client.EnumConverterName, _client.UnionBaseName, _client.UnionInterfaceName, _client.UnionConverterName, _client.FileContentName, _client.FileContentName + "JsonConverter", _client.RequestOptionsName, _client.Prefix + "Response", _client.ResponseTooLargeName, _client.ClientName + "ServiceCollectionExtensions", _client.PageableName, _client.Prefix + "RealtimeException", _client.Prefix + "RealtimeReceipt", _client.Prefix + "RealtimeConnection", _client.Prefix + "RealtimeContext" })
        {
            _usedTypeNames.Add(reserved);
        }
    }

    /// <summary>
    /// The name of a model, enum or union (Naming's rule in the namespace: with its converter, ignoring case, and not one
    /// of the <paramref name="members"/> of its kind: <see cref="Naming.RecordMembers"/>, <see cref="Naming.EnumStructMembers"/>, <see cref="Naming.UnionMembers"/>).
    /// </summary>
    private string TypeName(string wanted, IReadOnlyCollection<string> members) => Naming.MakeUnique(wanted, _usedTypeNames, Naming.TypeMembers, members);

    /// <summary>What a record has besides object's: the members of its kind and the one claimed first.</summary>
    private static readonly string[] RecordTypeMembers = [.. Naming.RecordMembers, "AdditionalProperties"];

    /// <summary>How a schema maps to C#: its type and whether the document allows null.</summary>
    private readonly record struct TypeResolution(TypeRef Type, bool Nullable);

    public ApiModel Build()
    {
        var schemas = _document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var keys = schemas.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

        // Names first, so that inline types never take a component's name.
        foreach (var key in keys)
        {
            using var scope = Scoped(_anchors?.Start(schemas[key]));
            var shape = Classify(schemas[key]);
            if (shape != SchemaShape.Alias)
            {
                _componentTypeNames[key] = TypeName(Naming.ToPascalCase(key, "Schema"), shape switch { SchemaShape.Enum => Naming.EnumStructMembers, SchemaShape.Union => Naming.UnionMembers, _ => RecordTypeMembers });
            }
        }

        ReportUnknownStyle();
        CollectMultipartComponents();
        if (_input.Filter.KeepsAll)
        {
            foreach (var key in keys)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                ResolveComponent(key);
            }
        }

        // With a filter, only the schemas the kept operations reach are built (as they are reached); their names were
        // given above, so that they are the same as in the whole client.
        var operations = NamePagingTwins(AssignGroups(BuildOperations(), out var groups));
        var errorTypes = CollectErrorTypes(operations);

        // A union reads its variants through the resolver: each variant type needs its metadata.
        var roots = CollectRootTypes(operations).ToList();
        var realtime = BuildRealtime(operations, roots, out var realtimeAddress);
        foreach (var variant in _unions.SelectMany(u => u.Variants))
        {
            if (!roots.Contains(variant.Type))
            {
                roots.Add(variant.Type);
            }
        }

        return new ApiModel(
            _client,
            _models.OrderBy(m => m.Name, StringComparer.Ordinal).ToEquatableArray(),
            _enums.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
            operations.ToEquatableArray(),
            roots.ToEquatableArray(),
            errorTypes,
            _unions.OrderBy(u => u.Name, StringComparer.Ordinal).ToEquatableArray())
        {
            Groups = groups,
            Realtime = realtime,
            RealtimeAddress = realtimeAddress,
        };
    }

    /// <summary>The component schemas that multipart/form-data request bodies refer to.</summary>
    private void CollectMultipartComponents()
    {
        foreach (var item in (_document.Paths ?? new OpenApiPaths()).Values)
        {
            foreach (var operation in (item?.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>()).Values)
            {
                foreach (var media in operation.RequestBody?.Content ?? new Dictionary<string, IOpenApiMediaType>())
                {
                    if (media.Key.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) && media.Value?.Schema is { } schema && ComponentKey(schema) is { } key)
                    {
                        _multipartComponents.Add(key);
                    }
                }
            }
        }
    }

    private ClientInfo BuildClientInfo()
    {
        var info = _document.Info;
        var prefix = _input.ClientName.EndsWith("Client", StringComparison.Ordinal) && _input.ClientName.Length > "Client".Length
            ? _input.ClientName.Substring(0, _input.ClientName.Length - "Client".Length)
            : _input.ClientName;
        return new ClientInfo(
            _input.Namespace,
            _input.ClientName,
            prefix,
            string.IsNullOrWhiteSpace(info?.Title) ? prefix : info!.Title!,
            info?.Description,
            info?.Version ?? string.Empty,
            DefaultServerUrl(),
            BuildSecuritySchemes())
        {
            PlainEnums = _input.Style.Enums == EnumStyle.Enum,
        };
    }

    /// <summary>Option values that are not documented ones (VOAI014): the default is used.</summary>
    private void ReportUnknownStyle()
    {
        if (_input.Style.UnknownEnumStyle is { } enums)
        {
            Report(DiagnosticDescriptors.UnknownOptionValue, "#", "OpenApiEnumStyle", enums, _input.FileName, "Struct or Enum", "Struct");
        }

        if (_input.Style.UnknownGroupBy is { } grouping)
        {
            Report(DiagnosticDescriptors.UnknownOptionValue, "#", "OpenApiGroupBy", grouping, _input.FileName, "None or Tags", "None");
        }
    }

    private string? DefaultServerUrl()
    {
        var server = _document.Servers?.FirstOrDefault();
        if (server?.Url is not { Length: > 0 } url)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            values[variable.Key] = variable.Value?.Default ?? string.Empty;
        }

        url = ServerVariables.Substitute(url, values);
        if (url.Length == 0)
        {
            return null;
        }

        if (HasInvisibleCharacter(url))
        {
            return null;
        }

        // A relative reference ("/v2", "v2") is kept: the client resolves it against the address the user gives. On Unix,
        // Uri takes "/v2" for an absolute file URI, so a reference is recognised by its form first. "//host" (another host)
        // is not a path and is left out.
        if (!url.Contains("://"))
        {
            return url.StartsWith("//", StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Relative, out _) ? null : url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https") ? url : null;
    }

    /// <summary>
    /// Whether a text holds a control character, a line or paragraph separator, a format character (bidi controls,
    /// zero-width characters) or a lone surrogate. Uri.TryCreate accepts them (it escapes them), but a server URL with
    /// one is not a real address: it is left out rather than shown in the options' documentation.
    /// </summary>
    private static bool HasInvisibleCharacter(string text)
    {
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                return true;
            }
        }

        return false;
    }

    private EquatableArray<SecuritySchemeSpec> BuildSecuritySchemes()
    {
        var result = new List<SecuritySchemeSpec>();
        foreach (var pair in (_document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var scheme = pair.Value;
            if (scheme is null)
            {
                continue;
            }

            SecurityKind? kind = scheme.Type switch
            {
                SecuritySchemeType.Http when string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase) => SecurityKind.Basic,
                SecuritySchemeType.Http => SecurityKind.Bearer,
                SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect => SecurityKind.Bearer,
                SecuritySchemeType.ApiKey when scheme.In == Microsoft.OpenApi.ParameterLocation.Query => SecurityKind.ApiKeyQuery,
                SecuritySchemeType.ApiKey when scheme.In == Microsoft.OpenApi.ParameterLocation.Cookie => SecurityKind.ApiKeyCookie,
                SecuritySchemeType.ApiKey => SecurityKind.ApiKeyHeader,
                _ => null,
            };
            if (kind is not { } k)
            {
                continue;
            }

            // The key's name is written into every operation that sends it: a header or cookie name must be an HTTP
            // token (the client would drop it, or add a broken header), and no name may be longer than any real one.
            var name = scheme.Name ?? "Authorization";
            var token = k is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyCookie;
            if (k is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyCookie or SecurityKind.ApiKeyQuery && (name.Length > MaxNameLength || (token ? !IsToken(name) : name.Length == 0)))
            {
                LeftOut("#/components/securitySchemes/" + SourceLocator.Escape(pair.Key) + "/name", "The API key name " + Shown(name) + " of security scheme " + Shown(pair.Key), token ? "it is not a valid HTTP " + (k == SecurityKind.ApiKeyHeader ? "header" : "cookie") + " name (a token of at most " + Invariant(MaxNameLength) + " characters); the key is not sent" : "it is empty or longer than " + Invariant(MaxNameLength) + " characters; the key is not sent");
                continue;
            }

            result.Add(new SecuritySchemeSpec(pair.Key, k, name, scheme.Description));
        }

        return result.ToEquatableArray();
    }

    /// <summary>Makes <paramref name="scope"/> the dynamic scope until the result is disposed (nothing changes for a document without anchors).</summary>
    private ScopeRestore Scoped(DynamicScope? scope)
    {
        if (_anchors is null)
        {
            return default;
        }

        var restore = new ScopeRestore(this, _scope);
        _scope = scope;
        return restore;
    }

    private readonly struct ScopeRestore(ModelBuilder? builder, DynamicScope? saved) : IDisposable
    {
        public void Dispose()
        {
            if (builder is not null)
            {
                builder._scope = saved;
            }
        }
    }

    /// <summary>An inline schema's type: one per schema, or per dynamic scope when a <c>$dynamicRef</c> is written inside it.</summary>
    private readonly struct InlineKey(IOpenApiSchema schema, string? scope)
    {
        public IOpenApiSchema Schema { get; } = schema;

        public string? Scope { get; } = scope;
    }

    private sealed class InlineKeyComparer : IEqualityComparer<InlineKey>
    {
        public static readonly InlineKeyComparer Instance = new();

        public bool Equals(InlineKey x, InlineKey y) => ReferenceEquals(x.Schema, y.Schema) && string.Equals(x.Scope, y.Scope, StringComparison.Ordinal);

        public int GetHashCode(InlineKey obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Schema) ^ (obj.Scope is null ? 0 : StringComparer.Ordinal.GetHashCode(obj.Scope));
    }

    private InlineKey Inline(IOpenApiSchema schema)
        => new(schema, _anchors is not null && _anchors.HoldsDynamicRef(schema) ? _scope?.Key : null);

    private void Report(DiagnosticDescriptor descriptor, string pointer, params string[] arguments)
        => _diagnostics.Add(new PendingDiagnostic(descriptor, pointer, arguments));

    private static string Pointer(string parent, string segment) => parent + "/" + SourceLocator.Escape(segment);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>The pointers VOAI011 was reported at: a value reached twice (a component's default, a response read for a streaming twin too) is reported once.</summary>
    private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);

    /// <summary>Reports (once per place) that a value of the document is left out of the generated code (VOAI011).</summary>
    private void LeftOut(string pointer, string what, string why)
    {
        if (_leftOut.Add(pointer))
        {
            Report(DiagnosticDescriptors.ValueLeftOut, pointer, what, Visible(DocumentReader.PointerText(pointer), 200), why);
        }
    }

    /// <summary>A value of the document as a diagnostic shows it: quoted, at most 60 characters, line breaks and other invisible characters as <c>\uXXXX</c>, so that it cannot forge a line of the build log.</summary>
    internal static string Shown(string value) => "'" + Visible(value, 60) + "'";

    /// <summary><paramref name="value"/> cut at <paramref name="max"/> characters (with an ellipsis), control, format, separator and surrogate characters as <c>\uXXXX</c>.</summary>
    internal static string Visible(string value, int max)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in value.Length > max ? value.Substring(0, max) : value)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return value.Length > max ? text.Append('…').ToString() : text.ToString();
    }

    private static string FormatNumber(JsonNode node) => node.ToJsonString();

    /// <summary>The longest API key, header or cookie name kept: far beyond any real one, and written once per operation.</summary>
    private const int MaxNameLength = 256;

    /// <summary>An RFC 9110 token (a header field name, a cookie name, a media type's type or subtype): <c>1*tchar</c>.</summary>
    private static bool IsToken(string text) => IsToken(text, 0, text.Length);

    private static bool IsToken(string text, int start, int end)
    {
        if (end <= start)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (!IsTokenChar(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTokenChar(char c)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>
    /// Whether a media type is what RFC 9110 allows in Accept and Content-Type: <c>type "/" subtype</c>, both tokens,
    /// then parameters <c>; name=value</c> with a token or quoted-string value (ASCII only). Anything else (a line break
    /// that would add a header, a space inside a token) is left out of the generated requests.
    /// </summary>
    private static bool IsMediaType(string text)
    {
        var i = 0;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }

        if (i == 0 || i >= text.Length || text[i] != '/')
        {
            return false;
        }

        var start = ++i;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        while (true)
        {
            SkipSpace(text, ref i);
            if (i == text.Length)
            {
                return true;
            }

            if (text[i] != ';')
            {
                return false;
            }

            i++;
            SkipSpace(text, ref i);
            if (i == text.Length)
            {
                return true; // a trailing ';' is allowed (parameters = *( OWS ";" OWS [ parameter ] ))
            }

            start = i;
            while (i < text.Length && IsTokenChar(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || text[i] != '=')
            {
                return false;
            }

            start = ++i;
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    // qdtext and quoted-pair: visible ASCII, space and tab.
                    if (text[i] == '\\')
                    {
                        i++;
                    }

                    if (i >= text.Length || !(text[i] is '\t' or (>= ' ' and <= '~')))
                    {
                        return false;
                    }
                }

                if (i >= text.Length)
                {
                    return false;
                }

                i++;
            }
            else
            {
                while (i < text.Length && IsTokenChar(text[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
        }
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
