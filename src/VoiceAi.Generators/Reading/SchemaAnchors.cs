using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.OpenApi;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// The JSON Schema 2020-12 identifiers of a 3.1 document, read from Microsoft.OpenApi's object model (which parses
/// <c>$id</c>, <c>$anchor</c>, <c>$dynamicAnchor</c> and <c>$defs</c>, and makes a bare <c>$dynamicRef</c> a reference
/// object, but resolves neither <c>$ref: '#name'</c> nor a <c>$dynamicRef</c> whose anchor is declared more than once).
/// <list type="bullet">
/// <item><c>$ref: '#name'</c> is the schema with <c>$anchor: name</c> or <c>$dynamicAnchor: name</c> in the schema
/// resource of the reference: the document, or the nearest schema with its own <c>$id</c>.</item>
/// <item><c>$dynamicRef: '#name'</c> first resolves the same way; when that schema's anchor is a
/// <c>$dynamicAnchor</c>, the outermost scope of the dynamic scope that declares <c>$dynamicAnchor: name</c> is used
/// instead (§8.2.3.2). The scopes are the component schemas (and schemas with an <c>$id</c>) entered through
/// <c>$ref</c> from the component being generated; each component is generated once, so its dynamic scope starts
/// at itself.</item>
/// </list>
/// Built only for documents whose text has one of these keywords; every other document reads as before.
/// </summary>
internal sealed class SchemaAnchors
{
    private const int MaxDepth = 256;

    private readonly Dictionary<IOpenApiSchema, Node> _nodes = new(SchemaIdentity.Instance);
    private readonly Dictionary<string, List<Anchor>> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<OpenApiSchemaReference, Anchor?> _static = new(ReferenceComparer.Instance);
    private readonly HashSet<IOpenApiSchema> _holdsDynamicRef = new(SchemaIdentity.Instance);
    private int _units;
    private int _resources;

    private SchemaAnchors()
    {
    }

    /// <summary>Where a schema object is: its pointer, its schema resource (0: the document), its scope and, for a component's root, the component.</summary>
    private sealed class Node(string pointer, int resource, int unit, string? component)
    {
        public string Pointer { get; } = pointer;

        public int Resource { get; } = resource;

        public int Unit { get; } = unit;

        public string? Component { get; } = component;
    }

    private sealed class Anchor(string name, bool isDynamic, IOpenApiSchema schema, Node node)
    {
        public string Name { get; } = name;

        public bool IsDynamic { get; } = isDynamic;

        public IOpenApiSchema Schema { get; } = schema;

        public Node Node { get; } = node;
    }

    /// <summary>The index of a document whose text uses anchors or dynamic references; null for any other document.</summary>
    public static SchemaAnchors? Create(OpenApiDocument document, Options.DocumentInput input)
    {
        var uses = Uses(input.Text);
        foreach (var file in input.Files)
        {
            uses |= Uses(file.Text);
        }

        if (!uses)
        {
            return null;
        }

        var index = new SchemaAnchors();
        index.Walk(document);
        return index;
    }

    private static bool Uses(string text)
        => text.IndexOf("$anchor", StringComparison.Ordinal) >= 0
            || text.IndexOf("$dynamicAnchor", StringComparison.Ordinal) >= 0
            || text.IndexOf("$dynamicRef", StringComparison.Ordinal) >= 0;

    /// <summary>A reference by plain name: <c>$ref: '#name'</c>, or a <c>$dynamicRef: '#name'</c> without <c>$ref</c>.</summary>
    public static bool IsAnchorReference(OpenApiSchemaReference reference) => AnchorName(reference, out _, out _);

    /// <summary>The keyword that holds an anchor reference (<c>$ref</c> or <c>$dynamicRef</c>), to locate it.</summary>
    public static string? Keyword(OpenApiSchemaReference reference)
        => AnchorName(reference, out _, out var isDynamic) ? (isDynamic ? "$dynamicRef" : "$ref") : null;

    private static bool AnchorName(OpenApiSchemaReference reference, out string name, out bool isDynamic)
    {
        name = string.Empty;
        isDynamic = false;
        var text = reference.Reference?.ReferenceV3;
        if (text is not { Length: > 1 } || text[0] != '#' || text[1] == '/')
        {
            return false;
        }

        name = Uri.UnescapeDataString(text.Substring(1));
        isDynamic = string.Equals(reference.Reference!.DynamicRef, text, StringComparison.Ordinal);
        return true;
    }

    /// <summary>
    /// The schema an anchor reference points to in <paramref name="scope"/> (null: the reference's own resource only),
    /// or null when no schema of its resource has that anchor. One step: the schema found may itself be a reference.
    /// </summary>
    public IOpenApiSchema? Resolve(OpenApiSchemaReference reference, DynamicScope? scope)
    {
        if (!AnchorName(reference, out var name, out var isDynamic))
        {
            return null;
        }

        var initial = Static(reference, name);
        if (initial is null)
        {
            return null;
        }

        // §8.2.3.2: only when the initial target's anchor is a $dynamicAnchor ("bookending") is the dynamic scope
        // searched, outermost first; otherwise $dynamicRef behaves as $ref.
        if (isDynamic && initial.IsDynamic && scope is not null)
        {
            foreach (var unit in scope.OutermostFirst())
            {
                if (DynamicAnchorIn(unit, name) is { } outer)
                {
                    return outer.Schema;
                }
            }
        }

        return initial.Schema;
    }

    /// <summary>The component whose root <paramref name="schema"/> is, or null.</summary>
    public string? ComponentOf(IOpenApiSchema schema) => _nodes.TryGetValue(schema, out var node) ? node.Component : null;

    /// <summary>Whether a <c>$dynamicRef</c> is written inside <paramref name="schema"/>: its type may differ by scope.</summary>
    public bool HoldsDynamicRef(IOpenApiSchema schema) => _holdsDynamicRef.Contains(schema);

    /// <summary>The scope that evaluating <paramref name="schema"/> is in once reached from <paramref name="scope"/>: its own scope is the innermost.</summary>
    public DynamicScope? Enter(DynamicScope? scope, IOpenApiSchema schema)
    {
        if (!_nodes.TryGetValue(schema, out var node))
        {
            return scope;
        }

        return scope is null ? new DynamicScope(node.Unit, null) : scope.Enter(node.Unit);
    }

    /// <summary>The scope of a schema generated on its own (a component, an operation's schema): the schema's own.</summary>
    public DynamicScope? Start(IOpenApiSchema schema) => Enter(null, schema);

    private Anchor? Static(OpenApiSchemaReference reference, string name)
    {
        if (_static.TryGetValue(reference, out var known))
        {
            return known;
        }

        Anchor? best = null;
        if (_anchors.TryGetValue(name, out var candidates))
        {
            // A plain-name fragment is resolved against the reference's base URI: anchors of its own schema resource.
            // One resource should not declare a name twice; when it does (a generic schema and its specialisations
            // written without $id), the declaration nearest to the reference wins: in its own component, else the
            // longest shared pointer, else the first in the document.
            _nodes.TryGetValue(reference, out var at);
            var resource = at?.Resource ?? 0;
            var bestScore = -1;
            foreach (var candidate in candidates)
            {
                if (candidate.Node.Resource != resource)
                {
                    continue;
                }

                var score = at is null ? 0 : (candidate.Node.Unit == at.Unit ? 1 << 20 : 0) + SharedLength(candidate.Node.Pointer, at.Pointer);
                if (score > bestScore)
                {
                    best = candidate;
                    bestScore = score;
                }
            }
        }

        _static[reference] = best;
        return best;
    }

    private Anchor? DynamicAnchorIn(int unit, string name)
    {
        if (_anchors.TryGetValue(name, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (candidate.IsDynamic && candidate.Node.Unit == unit)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int SharedLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }

    private void Walk(OpenApiDocument document)
    {
        if (document.Components is { } components)
        {
            foreach (var pair in components.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            {
                Root(pair.Value, "#/components/schemas/" + SourceLocator.Escape(pair.Key), pair.Key);
            }

            foreach (var pair in components.Parameters ?? new Dictionary<string, IOpenApiParameter>())
            {
                Parameter(pair.Value, "#/components/parameters/" + SourceLocator.Escape(pair.Key));
            }

            foreach (var pair in components.Headers ?? new Dictionary<string, IOpenApiHeader>())
            {
                Header(pair.Value, "#/components/headers/" + SourceLocator.Escape(pair.Key));
            }

            foreach (var pair in components.RequestBodies ?? new Dictionary<string, IOpenApiRequestBody>())
            {
                if (pair.Value is not null and not OpenApiRequestBodyReference)
                {
                    Content(pair.Value.Content, "#/components/requestBodies/" + SourceLocator.Escape(pair.Key));
                }
            }

            foreach (var pair in components.Responses ?? new Dictionary<string, IOpenApiResponse>())
            {
                Response(pair.Value, "#/components/responses/" + SourceLocator.Escape(pair.Key));
            }
        }

        foreach (var path in document.Paths ?? new OpenApiPaths())
        {
            if (path.Value is null)
            {
                continue;
            }

            var pathPointer = "#/paths/" + SourceLocator.Escape(path.Key);
            Parameters(path.Value.Parameters, pathPointer);
            foreach (var operation in path.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>())
            {
                var pointer = pathPointer + "/" + operation.Key.Method.ToLowerInvariant();
                Parameters(operation.Value.Parameters, pointer);
                if (operation.Value.RequestBody is { } body and not OpenApiRequestBodyReference)
                {
                    Content(body.Content, pointer + "/requestBody");
                }

                foreach (var response in operation.Value.Responses ?? new OpenApiResponses())
                {
                    Response(response.Value, pointer + "/responses/" + SourceLocator.Escape(response.Key));
                }
            }
        }
    }

    private void Parameters(IList<IOpenApiParameter>? parameters, string pointer)
    {
        for (var i = 0; parameters is not null && i < parameters.Count; i++)
        {
            Parameter(parameters[i], pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void Parameter(IOpenApiParameter? parameter, string pointer)
    {
        if (parameter is null or OpenApiParameterReference)
        {
            return;
        }

        Root(parameter.Schema, pointer + "/schema", null);
        Content(parameter.Content, pointer);
    }

    private void Header(IOpenApiHeader? header, string pointer)
    {
        if (header is null or OpenApiHeaderReference)
        {
            return;
        }

        Root(header.Schema, pointer + "/schema", null);
        Content(header.Content, pointer);
    }

    private void Response(IOpenApiResponse? response, string pointer)
    {
        if (response is null or OpenApiResponseReference)
        {
            return;
        }

        Content(response.Content, pointer);
        foreach (var header in response.Headers ?? new Dictionary<string, IOpenApiHeader>())
        {
            Header(header.Value, pointer + "/headers/" + SourceLocator.Escape(header.Key));
        }
    }

    private void Content(IDictionary<string, IOpenApiMediaType>? content, string pointer)
    {
        foreach (var media in content ?? new Dictionary<string, IOpenApiMediaType>())
        {
            Root(media.Value?.Schema, pointer + "/content/" + SourceLocator.Escape(media.Key) + "/schema", null);
        }
    }

    /// <summary>A schema that is not inside another: a component, or the schema of a parameter, header or media type. It is a scope of its own.</summary>
    private void Root(IOpenApiSchema? schema, string pointer, string? component)
    {
        if (schema is not null)
        {
            Schema(schema, pointer, resource: 0, unit: ++_units, component, depth: 0);
        }
    }

    /// <summary>Indexes a schema and what is inside it; true when a <c>$dynamicRef</c> is written in it.</summary>
    private bool Schema(IOpenApiSchema schema, string pointer, int resource, int unit, string? component, int depth)
    {
        if (depth > MaxDepth || _nodes.ContainsKey(schema))
        {
            return false;
        }

        string? id;
        string? anchor;
        string? dynamicAnchor;
        var reference = schema as OpenApiSchemaReference;
        var own = reference?.Reference;
        if (reference is not null)
        {
            // A reference's own keywords (3.1 allows them beside $ref) are on its JsonSchemaReference: the reference's
            // getters fall back to its target's, which are not written here.
            id = own?.SchemaId;
            anchor = own?.Anchor;
            dynamicAnchor = own?.DynamicAnchor;
        }
        else
        {
            id = schema.Id;
            anchor = (schema as OpenApiSchema)?.Anchor;
            dynamicAnchor = schema.DynamicAnchor;
        }

        // $id starts a schema resource (an $id that is only a fragment is a draft-07 anchor, not a resource).
        if (id is { Length: > 0 } && id[0] != '#')
        {
            resource = ++_resources;
            if (depth > 0)
            {
                unit = ++_units;
            }
        }

        var node = new Node(pointer, resource, unit, depth == 0 ? component : null);
        _nodes[schema] = node;
        if (anchor is { Length: > 0 })
        {
            Add(new Anchor(anchor, isDynamic: false, schema, node));
        }

        if (dynamicAnchor is { Length: > 0 })
        {
            Add(new Anchor(dynamicAnchor, isDynamic: true, schema, node));
        }

        var holds = reference is not null && AnchorName(reference, out _, out var isDynamicRef) && isDynamicRef;
        if (own is not null)
        {
            holds |= Children(pointer, resource, unit, depth, own.Properties, own.Items, own.AdditionalProperties, own.Not, own.AllOf, own.OneOf, own.AnyOf, own.Definitions, own.PatternProperties, own.DependentSchemas, own.If, own.Then, own.Else, own.Contains, own.PropertyNames, own.UnevaluatedPropertiesSchema, own.ContentSchema);
        }
        else if (schema is OpenApiSchema s)
        {
            holds |= Children(pointer, resource, unit, depth, s.Properties, s.Items, s.AdditionalProperties, s.Not, s.AllOf, s.OneOf, s.AnyOf, s.Definitions, s.PatternProperties, s.DependentSchemas, s.If, s.Then, s.Else, s.Contains, s.PropertyNames, s.UnevaluatedPropertiesSchema, s.ContentSchema);
        }

        if (holds)
        {
            _holdsDynamicRef.Add(schema);
        }

        return holds;
    }

    private bool Children(
        string pointer,
        int resource,
        int unit,
        int depth,
        IDictionary<string, IOpenApiSchema>? properties,
        IOpenApiSchema? items,
        IOpenApiSchema? additionalProperties,
        IOpenApiSchema? not,
        IList<IOpenApiSchema>? allOf,
        IList<IOpenApiSchema>? oneOf,
        IList<IOpenApiSchema>? anyOf,
        IDictionary<string, IOpenApiSchema>? definitions,
        IDictionary<string, IOpenApiSchema>? patternProperties,
        IDictionary<string, IOpenApiSchema>? dependentSchemas,
        params IOpenApiSchema?[] others)
    {
        var holds = false;
        holds |= Map(properties, pointer + "/properties/", resource, unit, depth);
        holds |= One(items, pointer + "/items", resource, unit, depth);
        holds |= One(additionalProperties, pointer + "/additionalProperties", resource, unit, depth);
        holds |= One(not, pointer + "/not", resource, unit, depth);
        holds |= List(allOf, pointer + "/allOf/", resource, unit, depth);
        holds |= List(oneOf, pointer + "/oneOf/", resource, unit, depth);
        holds |= List(anyOf, pointer + "/anyOf/", resource, unit, depth);
        holds |= Map(definitions, pointer + "/$defs/", resource, unit, depth);
        holds |= Map(patternProperties, pointer + "/patternProperties/", resource, unit, depth);
        holds |= Map(dependentSchemas, pointer + "/dependentSchemas/", resource, unit, depth);
        string[] names = ["if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "contentSchema"];
        for (var i = 0; i < others.Length; i++)
        {
            holds |= One(others[i], pointer + "/" + names[i], resource, unit, depth);
        }

        return holds;
    }

    private bool One(IOpenApiSchema? schema, string pointer, int resource, int unit, int depth)
        => schema is not null && Schema(schema, pointer, resource, unit, component: null, depth + 1);

    private bool Map(IDictionary<string, IOpenApiSchema>? schemas, string prefix, int resource, int unit, int depth)
    {
        var holds = false;
        foreach (var pair in schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            holds |= One(pair.Value, prefix + SourceLocator.Escape(pair.Key), resource, unit, depth);
        }

        return holds;
    }

    private bool List(IList<IOpenApiSchema>? schemas, string prefix, int resource, int unit, int depth)
    {
        var holds = false;
        for (var i = 0; schemas is not null && i < schemas.Count; i++)
        {
            holds |= One(schemas[i], prefix + i.ToString(CultureInfo.InvariantCulture), resource, unit, depth);
        }

        return holds;
    }

    private void Add(Anchor anchor)
    {
        if (!_anchors.TryGetValue(anchor.Name, out var list))
        {
            _anchors[anchor.Name] = list = [];
        }

        list.Add(anchor);
    }
}

/// <summary>
/// The dynamic scope of JSON Schema 2020-12 while a schema is generated: the scopes (components, schemas with
/// <c>$id</c>) entered through references, innermost first. Immutable; entering gives a new scope.
/// </summary>
internal sealed class DynamicScope(int unit, DynamicScope? outer)
{
    public int Unit { get; } = unit;

    public DynamicScope? Outer { get; } = outer;

    /// <summary>Distinguishes scopes for the types of inline schemas that hold a <c>$dynamicRef</c>.</summary>
    public string Key => Outer is null ? Unit.ToString(CultureInfo.InvariantCulture) : Outer.Key + "/" + Unit.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The scope with <paramref name="unit"/> entered. A unit already in the scope is not entered again: the outermost
    /// occurrence is the one a dynamic reference finds, and the scope stays finite through recursive schemas.
    /// </summary>
    public DynamicScope Enter(int unit)
    {
        for (var scope = this; scope is not null; scope = scope.Outer)
        {
            if (scope.Unit == unit)
            {
                return this;
            }
        }

        return new DynamicScope(unit, this);
    }

    public IEnumerable<int> OutermostFirst()
    {
        var units = new List<int>();
        for (var scope = this; scope is not null; scope = scope.Outer)
        {
            units.Add(scope.Unit);
        }

        units.Reverse();
        return units;
    }
}
