using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    private readonly HashSet<string> _usedTypeNames = new(StringComparer.Ordinal);
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
        foreach (var reserved in new[] { _client.ClientName, _client.InterfaceName, _client.OptionsName, _client.ExceptionName, _client.JsonName, _client.BinaryResponseName, _client.SupportName, _client.FileContentName, _client.FileContentName + "JsonConverter", _client.RequestOptionsName, _client.Prefix + "Response" })
        {
            _usedTypeNames.Add(reserved);
        }
    }

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
            if (Classify(schemas[key]) != SchemaShape.Alias)
            {
                _componentTypeNames[key] = Naming.MakeUnique(Naming.ToPascalCase(key, "Schema"), _usedTypeNames);
            }
        }

        CollectMultipartComponents();
        foreach (var key in keys)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            ResolveComponent(key);
        }

        var operations = BuildOperations();
        var errorTypes = CollectErrorTypes(operations);

        // A union reads its variants through the resolver: each variant type needs its metadata.
        var roots = CollectRootTypes(operations).ToList();
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
            _unions.OrderBy(u => u.Name, StringComparer.Ordinal).ToEquatableArray());
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
            BuildSecuritySchemes());
    }

    private string? DefaultServerUrl()
    {
        var server = _document.Servers?.FirstOrDefault();
        if (server?.Url is not { Length: > 0 } url)
        {
            return null;
        }

        foreach (var variable in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
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
            if (kind is { } k)
            {
                result.Add(new SecuritySchemeSpec(pair.Key, k, scheme.Name ?? "Authorization", scheme.Description));
            }
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

    /// <summary>A C# literal for a string, escaped by Roslyn.</summary>
    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private static string FormatNumber(JsonNode node) => node.ToJsonString();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
