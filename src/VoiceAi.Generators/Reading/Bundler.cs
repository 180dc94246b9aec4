using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Options;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Turns a document whose <c>$ref</c>s reach into other files (AdditionalFiles beside it) into one JSON tree before
/// Microsoft.OpenApi reads it. Schemas from other files become components named after their file (or fragment), so
/// recursion stays a reference and names stay stable; everything else (operations, responses, parameters, headers,
/// descriptions) is copied in place, which also covers <c>$ref</c>s where OpenAPI allows none (DigitalOcean's operations).
/// </summary>
internal sealed class Bundler
{
    private const int MaxInlineDepth = 64;

    private readonly DocumentInput _entry;
    private readonly Dictionary<string, SiblingFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hoisted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _componentNames = new(StringComparer.Ordinal);
    private readonly List<PendingDiagnostic> _diagnostics;
    private readonly Stack<string> _inlining = new();
    private JsonObject _schemas = null!;

    public Bundler(DocumentInput entry, List<PendingDiagnostic> diagnostics)
    {
        _entry = entry;
        _diagnostics = diagnostics;
        foreach (var file in entry.Files)
        {
            _files[Normalize(file.Path)] = file;
        }
    }

    /// <summary>Whether a document's text refers to another file: a <c>$ref</c> value that does not start with <c>#</c>.</summary>
    public static bool HasExternalReferences(string text)
    {
        var index = 0;
        while ((index = text.IndexOf("$ref", index, StringComparison.Ordinal)) >= 0)
        {
            index += 4;
            var i = index;
            while (i < text.Length && (text[i] is '"' or '\'' or ' ' or '\t' or ':'))
            {
                i++;
            }

            // A YAML block scalar (Stripe: "$ref: >-" and the reference on the next line): its text starts after the
            // indicator, the line break and the indentation.
            if (i < text.Length && text[i] is '>' or '|')
            {
                i++;
                while (i < text.Length && (text[i] is '-' or '+' or ' ' or '\t' or '\r' or '\n' || char.IsDigit(text[i])))
                {
                    i++;
                }

                while (i < text.Length && text[i] is '"' or '\'')
                {
                    i++;
                }
            }

            if (i < text.Length && text[i] != '#' && text[i] != '\n' && text[i] != '\r' && text[i] != '{')
            {
                return true;
            }
        }

        return false;
    }

    public JsonNode Bundle(JsonNode root)
    {
        var entryPath = Normalize(_entry.Path);
        _parsed[entryPath] = root;
        if (root is not JsonObject document)
        {
            return root;
        }

        var components = document["components"] as JsonObject;
        if (components is null)
        {
            components = new JsonObject();
            document["components"] = components;
        }

        _schemas = components["schemas"] as JsonObject ?? new JsonObject();
        components["schemas"] = _schemas;
        foreach (var name in _schemas.Select(p => p.Key))
        {
            _componentNames.Add(name);
        }

        Visit(document, entryPath, "#", inSchema: false);
        return document;
    }

    /// <summary>Rewrites the external references under <paramref name="node"/>, which was written in <paramref name="file"/>.</summary>
    private JsonNode? Visit(JsonNode? node, string file, string pointer, bool inSchema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference))
                {
                    return Reference(obj, reference, file, pointer, inSchema);
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var childPointer = pointer + "/" + SourceLocator.Escape(key);
                    var child = obj[key];
                    var childInSchema = IsSchemaChild(key, inSchema, pointer);
                    if (inSchema && key is "properties" or "patternProperties" or "$defs" or "definitions" && child is JsonObject map)
                    {
                        // A whole property map from another file (properties: {$ref: attributes.yml#/x}) is copied in.
                        var mapFile = file;
                        var mapPointer = childPointer;
                        if (map["$ref"] is JsonValue mapRef && mapRef.TryGetValue<string>(out var mapReference) && MapFragment(mapReference, file, childPointer) is { } copied)
                        {
                            map = copied.map;
                            obj[key] = map;
                            mapFile = copied.file;
                            mapPointer = copied.pointer;
                        }

                        foreach (var property in map.Select(p => p.Key).ToList())
                        {
                            Replace(map, property, Visit(map[property], mapFile, mapPointer + "/" + SourceLocator.Escape(property), inSchema: true));
                        }

                        continue;
                    }

                    Replace(obj, key, Visit(child, file, childPointer, childInSchema));
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Visit(array[i], file, pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), inSchema);
                    if (!ReferenceEquals(item, array[i]))
                    {
                        array[i] = item?.Parent is null ? item : item.DeepClone();
                    }
                }

                return array;
            default:
                return node;
        }
    }

    private static void Replace(JsonObject obj, string key, JsonNode? value)
    {
        if (!ReferenceEquals(obj[key], value))
        {
            obj[key] = value?.Parent is null ? value : value.DeepClone();
        }
    }

    /// <summary>Whether the value under <paramref name="key"/> is a schema.</summary>
    private static bool IsSchemaChild(string key, bool inSchema, string pointer)
    {
        if (key is "schema")
        {
            return true;
        }

        if (pointer == "#/components" && key == "schemas")
        {
            return false; // its values are schemas: handled as a map below
        }

        if (pointer == "#/components/schemas")
        {
            return true;
        }

        return inSchema && key is "items" or "additionalProperties" or "not" or "allOf" or "oneOf" or "anyOf" or "if" or "then" or "else" or "contains" or "propertyNames";
    }

    private JsonNode? Reference(JsonObject obj, string reference, string file, string pointer, bool inSchema)
    {
        var hash = reference.IndexOf('#');
        var filePart = hash < 0 ? reference : reference.Substring(0, hash);
        var fragment = hash < 0 ? string.Empty : reference.Substring(hash + 1);
        var entryPath = Normalize(_entry.Path);
        if (filePart.Length == 0 && file == entryPath)
        {
            return obj; // a local reference of the entry document stays as it is
        }

        var target = filePart.Length == 0 ? file : Resolve(file, filePart);
        if (filePart.Contains("://") || !_files.ContainsKey(target) && target != entryPath)
        {
            // Reported once, here; a schema becomes "any JSON" so that the model builder does not report it again.
            ReportMissing(reference, file, pointer);
            return inSchema ? new JsonObject() : obj;
        }

        var key = target + "#" + fragment;
        if (inSchema)
        {
            // Schemas become components: recursion stays a reference and the type keeps a stable name.
            if (!_hoisted.TryGetValue(key, out var name))
            {
                if (target == entryPath && fragment.StartsWith("/components/schemas/", StringComparison.Ordinal))
                {
                    obj["$ref"] = "#" + fragment;
                    return obj;
                }

                name = UniqueName(ComponentName(target, fragment));
                _hoisted[key] = name;
                var schema = Fragment(target, fragment, reference, file, pointer);
                _schemas[name] = schema is null ? new JsonObject() : Visit(schema.DeepClone(), target, FilePointer(fragment), inSchema: true)?.DeepClone();
            }

            obj["$ref"] = "#/components/schemas/" + name;
            return obj;
        }

        if (_inlining.Contains(key) || _inlining.Count > MaxInlineDepth)
        {
            return obj; // a reference cycle outside schemas: left as it is
        }

        var value = Fragment(target, fragment, reference, file, pointer);
        if (value is null)
        {
            return obj;
        }

        _inlining.Push(key);
        var copy = Visit(value.DeepClone(), target, FilePointer(fragment), inSchema: false);
        _inlining.Pop();
        return copy;
    }

    /// <summary>The pointer of a fragment inside its own file: diagnostics are located in the file that has the text.</summary>
    private static string FilePointer(string fragment) => "#" + (fragment.StartsWith("/", StringComparison.Ordinal) ? fragment : string.Empty);

    private (JsonObject map, string file, string pointer)? MapFragment(string reference, string file, string pointer)
    {
        var hash = reference.IndexOf('#');
        var filePart = hash < 0 ? reference : reference.Substring(0, hash);
        var target = filePart.Length == 0 ? file : Resolve(file, filePart);
        if (!_files.ContainsKey(target) && target != Normalize(_entry.Path))
        {
            ReportMissing(reference, file, pointer);
            return null;
        }

        var fragment = hash < 0 ? string.Empty : reference.Substring(hash + 1);
        return Fragment(target, fragment, reference, file, pointer) is JsonObject map
            ? ((JsonObject)map.DeepClone(), target, FilePointer(fragment))
            : null;
    }

    private JsonNode? Fragment(string target, string fragment, string reference, string file, string pointer)
    {
        var node = Parse(target);
        foreach (var raw in fragment.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = SourceLocator.Unescape(raw);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array when int.TryParse(segment, out var i) && i >= 0 && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                break;
            }
        }

        if (node is null)
        {
            ReportMissing(reference, file, pointer);
        }

        return node;
    }

    private JsonNode? Parse(string path)
    {
        if (_parsed.TryGetValue(path, out var known))
        {
            return known;
        }

        JsonNode? node = null;
        if (_files.TryGetValue(path, out var file))
        {
            node = DocumentReader.ParseTree(file.Text, file.IsYaml);
        }

        _parsed[path] = node;
        return node;
    }

    private void ReportMissing(string reference, string file, string pointer)
    {
        _diagnostics.Add(new PendingDiagnostic(
            DiagnosticDescriptors.UnresolvedFileReference,
            pointer,
            [reference, DocumentReader.PointerText(pointer), Path.GetFileName(file)],
            file == Normalize(_entry.Path) ? null : _files[file]));
    }

    private string UniqueName(string wanted)
    {
        var name = wanted;
        for (var i = 2; !_componentNames.Add(name); i++)
        {
            name = wanted + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary><c>models/droplet.yml</c> → <c>droplet</c>; <c>shared/attributes.yml#/page</c> → <c>page</c>.</summary>
    private static string ComponentName(string target, string fragment)
    {
        var last = fragment.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last is { Length: > 0 } ? last : Path.GetFileNameWithoutExtension(target);
    }

    private static string Resolve(string file, string relative)
    {
        var directory = Path.GetDirectoryName(file) ?? string.Empty;
        return Normalize(Path.Combine(directory, Uri.UnescapeDataString(relative)));
    }

    /// <summary>A path with forward slashes and without <c>.</c> or <c>..</c> segments, computed without touching the disk.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        var rooted = path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal);
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return (rooted ? "/" : string.Empty) + string.Join("/", parts);
    }
}
