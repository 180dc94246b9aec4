using System.Text.Json.Nodes;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>
/// A document with every <c>$ref</c> to a component schema replaced by a copy of that schema (itself inlined), as some
/// vendors publish their documents. A reference back into a schema that is being inlined (a cycle) is left as it is, and
/// the components such references still name are kept; the others are removed.
/// </summary>
public static class Inliner
{
    private const string Prefix = "#/components/schemas/";

    public static JsonObject Inline(JsonObject document)
    {
        var schemas = document["components"]?["schemas"] as JsonObject ?? [];
        var originals = schemas.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();

        JsonNode? Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj when obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var text) && text.StartsWith(Prefix, StringComparison.Ordinal)
                    && originals.TryGetValue(Unescape(text[Prefix.Length..]), out var target) && target is not null:
                {
                    var key = Unescape(text[Prefix.Length..]);
                    if (stack.Contains(key))
                    {
                        kept.Add(key);
                        return obj.DeepClone(); // a cycle stays a reference
                    }

                    stack.Add(key);
                    var copy = Walk(target.DeepClone());
                    stack.RemoveAt(stack.Count - 1);
                    return copy;
                }

                case JsonObject obj:
                {
                    var result = new JsonObject();
                    foreach (var (name, value) in obj.ToList())
                    {
                        result[name] = Walk(value);
                    }

                    return result;
                }

                case JsonArray array:
                    return new JsonArray(array.Select(Walk).ToArray());
                default:
                    return node?.DeepClone();
            }
        }

        var inlined = (JsonObject)Walk(document)!;
        if (inlined["components"] is JsonObject components)
        {
            // The components a cycle still names, themselves inlined from their own root.
            var remaining = new JsonObject();
            var pending = new Queue<string>(kept);
            var done = new HashSet<string>(StringComparer.Ordinal);
            while (pending.TryDequeue(out var key))
            {
                if (!done.Add(key))
                {
                    continue;
                }

                stack.Add(key);
                remaining[key] = Walk(originals[key]!.DeepClone());
                stack.RemoveAt(stack.Count - 1);
                foreach (var added in kept.Where(k => !done.Contains(k)))
                {
                    pending.Enqueue(added);
                }
            }

            components["schemas"] = remaining;
        }

        return inlined;
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
