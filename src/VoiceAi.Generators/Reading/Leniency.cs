using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using VoiceAi.Generators.Diagnostics;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Reads a vendor's document leniently: a user cannot fix it, so where its intent is clear the client still comes out.
/// Before Microsoft.OpenApi reads the JSON tree, a Swagger 2 leftover is rewritten: a <c>schema</c> directly under a
/// response becomes its <c>application/json</c> content (a <c>#/definitions/Pet</c> reference in it Microsoft.OpenApi
/// reads as <c>#/components/schemas/Pet</c> itself). After, Microsoft.OpenApi's complaints become located diagnostics: a
/// warning (VOAI012) that says what was ignored where the construct can be dropped, an error (VOAI002) in plain words
/// where nothing sensible can be generated (<c>type: SomeSchemaName</c>). Every one is placed at the member it is about,
/// also where Microsoft.OpenApi gives the place only in its message, or names a list without the index of the element.
/// </summary>
internal sealed class Leniency
{
    private const string ComponentSchemasPrefix = "#/components/schemas/";
    private const int MaxMatches = 256;

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly HashSet<string> SchemaMembers = new(StringComparer.Ordinal)
    {
        "schema", "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema",
    };

    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal)
    {
        "properties", "schemas", "patternProperties", "$defs", "definitions", "dependentSchemas",
    };

    private static readonly HashSet<string> SchemaLists = new(StringComparer.Ordinal) { "allOf", "anyOf", "oneOf", "prefixItems" };

    private static readonly Regex NotAValidProperty = new(@"^(?<name>.*) is not a valid property at (?<at>#.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static readonly Regex InvalidType = new(@"^Invalid schema type identifier: (?<type>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static readonly Regex PointerInMessage = new(@"\bat (?<at>#(?:/\S*)?)", RegexOptions.CultureInvariant);

    private readonly JsonNode? _root;
    private readonly PointerAliases _aliases;
    private readonly string _version;
    private readonly Dictionary<string, int> _resolved = new(StringComparer.Ordinal);

    private Leniency(JsonNode? root, PointerAliases aliases)
    {
        _root = root;
        _aliases = aliases;
        var version = (root as JsonObject)?["openapi"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var parts = version?.Split('.');
        _version = parts is { Length: >= 2 } && parts[0].Length > 0 && parts[1].Length > 0 ? "OpenAPI " + parts[0] + "." + parts[1] : "OpenAPI";
    }

    /// <summary>Whether Microsoft.OpenApi read the text itself, because it did not parse as a tree.</summary>
    public bool IsTextOnly => _root is null;

    /// <summary>For a document Microsoft.OpenApi read from its text (no tree): diagnostics are placed by their pointers alone.</summary>
    public static Leniency WithoutTree(PointerAliases aliases) => new(null, aliases);

    /// <summary>Rewrites, in place, the constructs of <paramref name="root"/> whose intent is clear; each gives a VOAI012 warning.</summary>
    public static Leniency Repair(JsonNode root, List<PendingDiagnostic> pending, PointerAliases aliases)
    {
        var leniency = new Leniency(root, aliases);

        // Only an OpenAPI 3 document: in a Swagger 2 one (which Microsoft.OpenApi reads as such) these are no leftovers.
        if (root is JsonObject document && document["openapi"] is JsonValue version && version.TryGetValue<string>(out var text) && text.StartsWith("3.", StringComparison.Ordinal))
        {
            leniency.RewriteSwagger2Responses(document, pending);
        }

        return leniency;
    }

    /// <summary>One of Microsoft.OpenApi's errors or warnings as our diagnostic, at the member it is about.</summary>
    public PendingDiagnostic Translate(OpenApiError problem, bool isWarning)
    {
        var message = problem.Message ?? string.Empty;
        var member = NotAValidProperty.Match(message);
        if (member.Success)
        {
            var name = member.Groups["name"].Value;
            var at = member.Groups["at"].Value;
            var found = Resolve(Child(SourceLocator.Normalize(at), name), message, Any);
            return UnknownMember(name, found.Pointer);
        }

        var raw = problem.Pointer is { Length: > 0 } given && given.StartsWith("#", StringComparison.Ordinal)
            ? given
            : PointerInMessage.Match(message) is { Success: true } inMessage ? inMessage.Groups["at"].Value.TrimEnd('.', ',', ';', ')') : string.Empty;
        raw = SourceLocator.Normalize(raw);

        if (isWarning)
        {
            var pointer = Resolve(raw, message, Any).Pointer;
            return new PendingDiagnostic(DiagnosticDescriptors.DocumentWarning, pointer, [message, DocumentReader.PointerText(pointer)]);
        }

        var invalid = InvalidType.Match(message);
        if (invalid.Success)
        {
            var type = invalid.Groups["type"].Value;
            if (type.Trim().Length == 0)
            {
                var empty = Resolve(raw, message, IsNothing, Any).Pointer;
                return Lenient(empty, "'type' has no value", "it is ignored, as if the schema had no type (a value with no type is typed as JsonElement)");
            }

            var pointer = Resolve(raw, message, n => IsString(n, type) || (n is JsonArray list && list.Any(e => IsString(e, type))), Any).Pointer;
            var hint = HasComponentSchema(type)
                ? "; to use the schema '" + type + "', write $ref: '" + ComponentSchemasPrefix + SourceLocator.Escape(type) + "' instead of the type"
                : string.Empty;
            return new PendingDiagnostic(
                DiagnosticDescriptors.DocumentError,
                pointer,
                ["'type: " + type + "' is not a JSON type (string, number, integer, boolean, array, object or null), so nothing can be generated for it" + hint, DocumentReader.PointerText(pointer)]);
        }

        if (Expectation(message) is { } expected)
        {
            var found = Resolve(raw, message, IsNothing, Any);
            if (found.Exists)
            {
                var name = LastSegment(found.Pointer);
                if (IsNothing(found.Node))
                {
                    return Lenient(found.Pointer, "'" + name + "' has no value where " + expected + " is expected", "it is ignored");
                }

                if (IsSchemaType(found.Pointer) && found.Node is JsonObject or JsonArray)
                {
                    return Lenient(found.Pointer, "'type' is " + DescribeType(found.Node), "it is ignored, as if the schema had no type (a value with no type is typed as JsonElement)");
                }

                return new PendingDiagnostic(
                    DiagnosticDescriptors.DocumentError,
                    found.Pointer,
                    ["'" + name + "' is " + Describe(found.Node) + " where " + expected + " is expected; it cannot be read", DocumentReader.PointerText(found.Pointer)]);
            }
        }

        var located = Resolve(raw, message, Any).Pointer;
        return new PendingDiagnostic(DiagnosticDescriptors.DocumentError, located, [message, DocumentReader.PointerText(located)]);
    }

    private PendingDiagnostic UnknownMember(string name, string pointer)
    {
        var parent = Segments(pointer);
        if (parent.Count > 0)
        {
            parent.RemoveAt(parent.Count - 1);
        }

        if (name == "query" && IsPathItem(parent))
        {
            return Lenient(pointer, "'query' is not a path item member in " + _version, "OpenAPI 3.2 adds it for QUERY requests, so it is ignored here and no method is generated for it");
        }

        if (name == "schema" && parent.Count >= 2 && parent[parent.Count - 2] == "responses")
        {
            return Lenient(pointer, "'schema' directly under a response is Swagger 2 style, and this response has content or its schema is not an object", "it is ignored; put the schema under content instead");
        }

        return IsSchema(parent)
            ? Lenient(pointer, "'" + name + "' is not an " + _version + " schema keyword", "it is ignored")
            : Lenient(pointer, "'" + name + "' is not a member " + _version + " defines here", "it is ignored");
    }

    private static PendingDiagnostic Lenient(string pointer, string what, string done)
        => new(DiagnosticDescriptors.DocumentReadLeniently, pointer, [what, DocumentReader.PointerText(pointer), done]);

    /// <summary>What Microsoft.OpenApi expected where a value had the wrong shape, in words; null for other messages.</summary>
    private static string? Expectation(string message)
    {
        if (message.StartsWith("Expected map", StringComparison.Ordinal) || message.IndexOf("must be a map", StringComparison.Ordinal) >= 0)
        {
            return "a map";
        }

        if (message.StartsWith("Expected list", StringComparison.Ordinal) || message.StartsWith("Expected array", StringComparison.Ordinal) || message.StartsWith("Cannot create a list", StringComparison.Ordinal))
        {
            return "a list";
        }

        if (message.StartsWith("Expected scalar", StringComparison.Ordinal) || message.StartsWith("Expected a value", StringComparison.Ordinal))
        {
            return "a single value";
        }

        return null;
    }

    private string DescribeType(JsonNode? node)
    {
        var is30 = _version.StartsWith("OpenAPI 3.0", StringComparison.Ordinal);
        if (node is JsonArray)
        {
            return is30 ? "a list, which " + _version + " does not allow (3.1 does)" : "a list that holds something other than type names";
        }

        return is30 ? "an object, not a JSON type name" : "an object, not a JSON type name or a list of them";
    }

    private static string Describe(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject:
                return "a map";
            case JsonArray:
                return "a list";
            case JsonValue value when value.TryGetValue<string>(out var text):
                return "a string ('" + (text.Length > 40 ? text.Substring(0, 40) + "…" : text) + "')";
            case JsonValue value when value.TryGetValue<bool>(out var flag):
                return "a boolean (" + (flag ? "true" : "false") + ")";
            case JsonValue value:
                return "a number (" + value.ToJsonString() + ")";
            default:
                return "empty";
        }
    }

    private static bool Any(JsonNode? node) => true;

    /// <summary>A null: JSON <c>null</c>, YAML <c>~</c> or <c>null</c>, or a YAML key with nothing after it (read as "").</summary>
    private static bool IsNothing(JsonNode? node)
        => node is null || JsonNullSentinel.IsJsonNullSentinel(node) || (node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0);

    private static bool IsString(JsonNode? node, string text) => node is JsonValue value && value.TryGetValue<string>(out var s) && s == text;

    private bool HasComponentSchema(string name)
        => (_root as JsonObject)?["components"] is JsonObject components && components["schemas"] is JsonObject schemas && schemas.ContainsKey(name);

    private static bool IsSchemaType(string pointer)
    {
        var segments = Segments(pointer);
        return segments.Count >= 2 && segments[segments.Count - 1] == "type" && !segments.Contains("securitySchemes");
    }

    /// <summary>Whether the object at these segments is a path item: in paths, webhooks, components.pathItems or a callback.</summary>
    private static bool IsPathItem(List<string> segments)
    {
        var n = segments.Count;
        return (n == 2 && segments[0] is "paths" or "webhooks")
            || (n == 3 && segments[0] == "components" && segments[1] == "pathItems")
            || (n >= 3 && segments[n - 3] == "callbacks");
    }

    /// <summary>Whether the object at these segments is a schema, judged by the member that holds it.</summary>
    private static bool IsSchema(List<string> segments)
    {
        var n = segments.Count;
        if (n == 0)
        {
            return false;
        }

        var last = segments[n - 1];
        if (SchemaMembers.Contains(last) || SchemaLists.Contains(last))
        {
            return true;
        }

        return n >= 2 && (SchemaMaps.Contains(segments[n - 2]) || (SchemaLists.Contains(segments[n - 2]) && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out _)));
    }

    /// <summary>
    /// The pointer in the tree that <paramref name="raw"/> (as Microsoft.OpenApi writes it: list indices left out) names, the
    /// node there, and whether it exists. The first predicate that some candidate meets chooses; the n-th report of the same
    /// message at the same pointer gets the n-th candidate, so that two parameters with the same problem are told apart.
    /// </summary>
    private (string Pointer, JsonNode? Node, bool Exists) Resolve(string raw, string message, params Func<JsonNode?, bool>[] predicates)
    {
        var normalized = SourceLocator.Normalize(raw);
        if (_root is null)
        {
            return (normalized, null, false);
        }

        var segments = Segments(normalized);
        var key = normalized + "\n" + message;
        _resolved.TryGetValue(key, out var seen);
        foreach (var predicate in predicates)
        {
            var candidates = new List<(string Pointer, JsonNode? Node)>();
            Collect(_root, segments, 0, string.Empty, predicate, candidates);
            if (candidates.Count > 0)
            {
                _resolved[key] = seen + 1;
                var chosen = candidates[Math.Min(seen, candidates.Count - 1)];
                return (chosen.Pointer, chosen.Node, true);
            }
        }

        return (normalized, null, false);
    }

    private static void Collect(JsonNode? node, List<string> segments, int index, string pointer, Func<JsonNode?, bool> predicate, List<(string, JsonNode?)> found)
    {
        if (found.Count >= MaxMatches)
        {
            return;
        }

        if (index == segments.Count)
        {
            if (predicate(node))
            {
                found.Add((pointer, node));
            }

            return;
        }

        var segment = segments[index];
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue(segment, out var child))
                {
                    Collect(child, segments, index + 1, pointer + "/" + SourceLocator.Escape(segment), predicate, found);
                }

                break;
            case JsonArray array:
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    if (i < array.Count)
                    {
                        Collect(array[i], segments, index + 1, pointer + "/" + segment, predicate, found);
                    }
                }
                else
                {
                    // Microsoft.OpenApi leaves list indices out of its pointers: the segment belongs to an element.
                    for (var e = 0; e < array.Count; e++)
                    {
                        Collect(array[e], segments, index, pointer + "/" + e.ToString(CultureInfo.InvariantCulture), predicate, found);
                    }
                }

                break;
        }
    }

    private static string Child(string pointer, string name) => pointer + "/" + SourceLocator.Escape(name);

    private static List<string> Segments(string pointer)
    {
        var normalized = SourceLocator.Normalize(pointer);
        return normalized.Length == 0
            ? []
            : normalized.Substring(1).Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    private static string LastSegment(string pointer)
    {
        var segments = Segments(pointer);
        return segments.Count == 0 ? "the document" : segments[segments.Count - 1];
    }

    /// <summary>
    /// A Swagger 2 response (<c>schema</c> directly under it, no <c>content</c>) is read as one with
    /// <c>content: {application/json: {schema}}</c>; diagnostics about the moved schema are placed at the <c>schema</c> in the text.
    /// </summary>
    private void RewriteSwagger2Responses(JsonObject document, List<PendingDiagnostic> pending)
    {
        foreach (var root in new[] { "paths", "webhooks" })
        {
            if (document[root] is JsonObject items)
            {
                foreach (var item in items)
                {
                    VisitPathItem(item.Value as JsonObject, "/" + root + "/" + SourceLocator.Escape(item.Key), pending, 0);
                }
            }
        }

        if (document["components"] is not JsonObject components)
        {
            return;
        }

        if (components["responses"] is JsonObject responses)
        {
            foreach (var response in responses)
            {
                VisitResponse(response.Value as JsonObject, "/components/responses/" + SourceLocator.Escape(response.Key), pending);
            }
        }

        if (components["pathItems"] is JsonObject pathItems)
        {
            foreach (var item in pathItems)
            {
                VisitPathItem(item.Value as JsonObject, "/components/pathItems/" + SourceLocator.Escape(item.Key), pending, 0);
            }
        }

        if (components["callbacks"] is JsonObject callbacks)
        {
            foreach (var callback in callbacks)
            {
                VisitCallback(callback.Value as JsonObject, "/components/callbacks/" + SourceLocator.Escape(callback.Key), pending, 0);
            }
        }
    }

    private void VisitPathItem(JsonObject? item, string pointer, List<PendingDiagnostic> pending, int depth)
    {
        if (item is null || depth > 8)
        {
            return;
        }

        foreach (var method in Methods)
        {
            if (item[method] is not JsonObject operation)
            {
                continue;
            }

            var operationPointer = pointer + "/" + method;
            if (operation["responses"] is JsonObject responses)
            {
                foreach (var response in responses)
                {
                    VisitResponse(response.Value as JsonObject, operationPointer + "/responses/" + SourceLocator.Escape(response.Key), pending);
                }
            }

            if (operation["callbacks"] is JsonObject callbacks)
            {
                foreach (var callback in callbacks)
                {
                    VisitCallback(callback.Value as JsonObject, operationPointer + "/callbacks/" + SourceLocator.Escape(callback.Key), pending, depth + 1);
                }
            }
        }
    }

    private void VisitCallback(JsonObject? callback, string pointer, List<PendingDiagnostic> pending, int depth)
    {
        if (callback is null || callback.ContainsKey("$ref"))
        {
            return;
        }

        foreach (var expression in callback)
        {
            VisitPathItem(expression.Value as JsonObject, pointer + "/" + SourceLocator.Escape(expression.Key), pending, depth);
        }
    }

    private void VisitResponse(JsonObject? response, string pointer, List<PendingDiagnostic> pending)
    {
        if (response is null || response.ContainsKey("$ref") || response.ContainsKey("content") || response["schema"] is not JsonObject schema)
        {
            return;
        }

        response.Remove("schema");
        response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } };
        _aliases.Add(pointer + "/content/application~1json/schema", pointer + "/schema");
        pending.Add(Lenient(pointer + "/schema", "'schema' directly under a response is Swagger 2 style", "it is read as the response's application/json content"));
    }
}

/// <summary>
/// Places in the tree Microsoft.OpenApi read that are elsewhere in the text, because the tree was rewritten before it
/// was read: a diagnostic about <c>.../content/application~1json/schema/...</c> belongs to <c>.../schema/...</c>.
/// </summary>
internal sealed class PointerAliases
{
    private readonly List<(string Tree, string Text)> _aliases = [];

    public void Add(string tree, string text) => _aliases.Add((SourceLocator.Normalize(tree), SourceLocator.Normalize(text)));

    /// <summary>The diagnostic with its pointer, and the pointers in its message, as they are in the text.</summary>
    public PendingDiagnostic ToText(PendingDiagnostic diagnostic)
    {
        if (_aliases.Count == 0 || diagnostic.Source is not null)
        {
            return diagnostic;
        }

        var arguments = diagnostic.Arguments;
        var changed = false;
        var mapped = new string[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            mapped[i] = arguments[i];
            foreach (var (tree, text) in _aliases)
            {
                mapped[i] = mapped[i].Replace("#" + tree, "#" + text);
            }

            changed |= mapped[i] != arguments[i];
        }

        var pointer = Map(diagnostic.Pointer);
        return pointer == diagnostic.Pointer && !changed ? diagnostic : diagnostic with { Pointer = pointer, Arguments = mapped };
    }

    private string Map(string pointer)
    {
        var normalized = SourceLocator.Normalize(pointer);
        foreach (var (tree, text) in _aliases)
        {
            if (normalized == tree || normalized.StartsWith(tree + "/", StringComparison.Ordinal))
            {
                return text + normalized.Substring(tree.Length);
            }
        }

        return pointer;
    }
}
