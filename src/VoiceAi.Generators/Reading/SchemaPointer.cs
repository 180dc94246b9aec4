using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.OpenApi;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Resolves a local <c>$ref</c> that points inside a component rather than at one, by walking the object model:
/// <c>#/components/schemas/A/properties/b/items</c>, <c>#/components/parameters/p/schema</c>,
/// <c>#/components/responses/r/content/application~1json/schema</c>.
/// (Microsoft.OpenApi rewrites <c>#/paths/…</c> references before we see them, so those are not followed.)
/// A pointer that passes through a <c>$ref: '#name'</c> follows it with <paramref name="anchors"/>.
/// </summary>
internal sealed class SchemaPointer(OpenApiDocument document, Options.DocumentInput input, Func<OpenApiSchemaReference, IOpenApiSchema?>? anchors = null)
{
    private const int MaxHops = 64;
    private readonly Dictionary<string, IOpenApiSchema?> _cache = new(StringComparer.Ordinal);
    private Dictionary<OpenApiSchemaReference, string>? _rawReferences;

    /// <summary>
    /// The target of a reference that Microsoft.OpenApi could not resolve. It keeps only the last segment of a reference
    /// into a component (<c>#/components/schemas/A/properties/b</c> becomes <c>#/components/schemas/b</c>), so the
    /// reference's own text is read again from the JSON document, at the place the reference object was found.
    /// </summary>
    public IOpenApiSchema? ResolveBroken(OpenApiSchemaReference reference)
    {
        if (_rawReferences is null)
        {
            _rawReferences = new Dictionary<OpenApiSchemaReference, string>(ReferenceComparer.Instance);
            if (!input.IsYaml && input.Text.IndexOf("#/components/", StringComparison.Ordinal) >= 0)
            {
                CollectRawReferences();
            }
        }

        return _rawReferences.TryGetValue(reference, out var raw) ? Resolve(raw) : null;
    }

    private void CollectRawReferences()
    {
        System.Text.Json.JsonDocument json;
        try
        {
            json = System.Text.Json.JsonDocument.Parse(input.Text, new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip, MaxDepth = 4096 });
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        using (json)
        {
            var root = json.RootElement;
            var walker = new ModelWalker((reference, path) =>
            {
                if (Navigate(root, path) is { } element
                    && element.TryGetProperty("$ref", out var text)
                    && text.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    _rawReferences![reference] = text.GetString()!;
                }
            });
            walker.Walk(document);
        }
    }

    private static System.Text.Json.JsonElement? Navigate(System.Text.Json.JsonElement element, List<string> path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(segment, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == System.Text.Json.JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < element.GetArrayLength())
            {
                element = element[i];
            }
            else
            {
                return null;
            }
        }

        return element.ValueKind == System.Text.Json.JsonValueKind.Object ? element : null;
    }

    public IOpenApiSchema? Resolve(string reference)
    {
        if (_cache.TryGetValue(reference, out var known))
        {
            return known;
        }

        _cache[reference] = null; // a pointer that leads back to itself resolves to nothing
        var resolved = Walk(reference, 0);
        _cache[reference] = resolved;
        return resolved;
    }

    private IOpenApiSchema? Walk(string reference, int hops)
    {
        if (hops > MaxHops || !reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = reference.Substring(2).Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = SourceLocator.Unescape(segments[i]);
        }

        var index = 0;
        IOpenApiSchema? schema = Start(segments, ref index);
        while (schema is not null && index < segments.Length)
        {
            schema = Deref(schema, hops);
            schema = schema is null ? null : Step(schema, segments, ref index);
        }

        return schema is null ? null : Deref(schema, hops);
    }

    private IOpenApiSchema? Deref(IOpenApiSchema schema, int hops)
    {
        if (schema is not OpenApiSchemaReference reference)
        {
            return schema;
        }

        if (anchors?.Invoke(reference) is { } anchored)
        {
            return hops < MaxHops ? Deref(anchored, hops + 1) : null;
        }

        try
        {
            if (reference.Target is { } target)
            {
                return target;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
        }

        if (_rawReferences is not null && _rawReferences.TryGetValue(reference, out var raw))
        {
            return Walk(raw, hops + 1);
        }

        var text = reference.Reference?.ReferenceV3;
        return text is null ? null : Walk(text, hops + 1);
    }

    private IOpenApiSchema? Start(string[] s, ref int index)
    {
        if (s.Length >= 3 && s[0] == "components")
        {
            var name = s[2];
            index = 3;
            var components = document.Components;
            switch (s[1])
            {
                case "schemas":
                    return components?.Schemas is { } schemas && schemas.TryGetValue(name, out var schema) ? schema : null;
                case "parameters":
                    return components?.Parameters is { } parameters && parameters.TryGetValue(name, out var parameter) ? FromParameter(parameter, s, ref index) : null;
                case "headers":
                    return components?.Headers is { } headers && headers.TryGetValue(name, out var header) ? FromHeader(header, s, ref index) : null;
                case "requestBodies":
                    return components?.RequestBodies is { } bodies && bodies.TryGetValue(name, out var body) ? FromContent(body.Content, s, ref index) : null;
                case "responses":
                    return components?.Responses is { } responses && responses.TryGetValue(name, out var response) ? FromContent(response.Content, s, ref index) : null;
            }

            return null;
        }

        return null;
    }

    private static IOpenApiSchema? FromParameter(IOpenApiParameter parameter, string[] s, ref int index)
    {
        if (index < s.Length && s[index] == "schema")
        {
            index++;
            return parameter.Schema;
        }

        return FromContent(parameter.Content, s, ref index);
    }

    private static IOpenApiSchema? FromHeader(IOpenApiHeader header, string[] s, ref int index)
    {
        if (index < s.Length && s[index] == "schema")
        {
            index++;
            return header.Schema;
        }

        return FromContent(header.Content, s, ref index);
    }

    private static IOpenApiSchema? FromContent(IDictionary<string, IOpenApiMediaType>? content, string[] s, ref int index)
    {
        // content/{media type}/schema
        if (content is null || s.Length < index + 3 || s[index] != "content" || s[index + 2] != "schema" || !content.TryGetValue(s[index + 1], out var media))
        {
            return null;
        }

        index += 3;
        return media.Schema;
    }

    private static IOpenApiSchema? Step(IOpenApiSchema schema, string[] s, ref int index)
    {
        var segment = s[index++];
        switch (segment)
        {
            case "properties" when index < s.Length:
                return schema.Properties is { } properties && properties.TryGetValue(s[index++], out var property) ? property : null;
            case "items":
                return schema.Items;
            case "additionalProperties":
                return schema.AdditionalProperties;
            case "not":
                return schema.Not;
            case "allOf" or "oneOf" or "anyOf" when index < s.Length:
                var list = segment == "allOf" ? schema.AllOf : segment == "oneOf" ? schema.OneOf : schema.AnyOf;
                return list is not null && int.TryParse(s[index++], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count ? list[i] : null;
            default:
                return null;
        }
    }
}

/// <summary>Compares schema objects by identity.</summary>
internal sealed class SchemaIdentity : IEqualityComparer<IOpenApiSchema>
{
    public static readonly SchemaIdentity Instance = new();

    public bool Equals(IOpenApiSchema? x, IOpenApiSchema? y) => ReferenceEquals(x, y);

    public int GetHashCode(IOpenApiSchema obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

/// <summary>Compares reference objects by identity: each <c>$ref</c> of the document is its own object.</summary>
internal sealed class ReferenceComparer : IEqualityComparer<OpenApiSchemaReference>
{
    public static readonly ReferenceComparer Instance = new();

    public bool Equals(OpenApiSchemaReference? x, OpenApiSchemaReference? y) => ReferenceEquals(x, y);

    public int GetHashCode(OpenApiSchemaReference obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

/// <summary>Visits every schema reference of a document with the JSON path where it is written.</summary>
internal sealed class ModelWalker(Action<OpenApiSchemaReference, List<string>> visit)
{
    private const int MaxDepth = 256;
    private readonly List<string> _path = [];

    public void Walk(OpenApiDocument document)
    {
        if (document.Components is { } components)
        {
            Push("components");
            Map("schemas", components.Schemas, Schema);
            Map("parameters", components.Parameters, Parameter);
            Map("headers", components.Headers, Header);
            Map("requestBodies", components.RequestBodies, (b) => Content(b.Content));
            Map("responses", components.Responses, Response);
            Pop();
        }

        if (document.Paths is { } paths)
        {
            Push("paths");
            foreach (var pair in paths)
            {
                Push(pair.Key);
                List("parameters", pair.Value.Parameters, Parameter);
                foreach (var operation in pair.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>())
                {
                    Push(operation.Key.Method.ToLowerInvariant());
                    List("parameters", operation.Value.Parameters, Parameter);
                    if (operation.Value.RequestBody is { } body and not OpenApiRequestBodyReference)
                    {
                        Push("requestBody");
                        Content(body.Content);
                        Pop();
                    }

                    Map("responses", operation.Value.Responses, Response);
                    Pop();
                }

                Pop();
            }

            Pop();
        }
    }

    private void Push(string segment) => _path.Add(segment);

    private void Pop() => _path.RemoveAt(_path.Count - 1);

    private void Map<T>(string name, IDictionary<string, T>? values, Action<T> each)
    {
        if (values is null)
        {
            return;
        }

        Push(name);
        foreach (var pair in values)
        {
            if (pair.Value is null)
            {
                continue;
            }

            Push(pair.Key);
            each(pair.Value);
            Pop();
        }

        Pop();
    }

    private void List<T>(string name, IList<T>? values, Action<T> each)
    {
        if (values is null)
        {
            return;
        }

        Push(name);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                continue;
            }

            Push(i.ToString(CultureInfo.InvariantCulture));
            each(values[i]);
            Pop();
        }

        Pop();
    }

    private void Parameter(IOpenApiParameter parameter)
    {
        if (parameter is OpenApiParameterReference)
        {
            return;
        }

        One("schema", parameter.Schema);
        Content(parameter.Content);
    }

    private void Header(IOpenApiHeader header)
    {
        if (header is OpenApiHeaderReference)
        {
            return;
        }

        One("schema", header.Schema);
        Content(header.Content);
    }

    private void Response(IOpenApiResponse response)
    {
        if (response is OpenApiResponseReference)
        {
            return;
        }

        Content(response.Content);
        Map("headers", response.Headers, Header);
    }

    private void Content(IDictionary<string, IOpenApiMediaType>? content)
        => Map("content", content, media => One("schema", media.Schema));

    private void One(string name, IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return;
        }

        Push(name);
        Schema(schema);
        Pop();
    }

    private void Schema(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            visit(reference, _path);
            return;
        }

        if (_path.Count > MaxDepth)
        {
            return;
        }

        Map("properties", schema.Properties, Schema);
        One("items", schema.Items);
        One("additionalProperties", schema.AdditionalProperties);
        One("not", schema.Not);
        List("allOf", schema.AllOf, Schema);
        List("oneOf", schema.OneOf, Schema);
        List("anyOf", schema.AnyOf, Schema);
    }
}
