using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>One operation of a document, as its JSON/YAML tree says: the media types of its body and success responses.</summary>
public sealed record RawOperation(string Method, string Path, IReadOnlyList<string> RequestContentTypes, IReadOnlyList<(string Status, IReadOnlyList<string> ContentTypes)> Successes)
{
    public string Route => Method + " " + Path;

    /// <summary>The body can be sent as JSON.</summary>
    public bool JsonRequest => RequestContentTypes.Any(RawDocument.IsJson);

    /// <summary>A success status answers with JSON.</summary>
    public bool JsonSuccess => Successes.Any(s => s.ContentTypes.Any(RawDocument.IsJson));
}

/// <summary>
/// An OpenAPI document read as a plain JSON tree (YAML through SharpYaml), its <c>$ref</c>s followed by hand, into
/// other files too, wherever they stand (DigitalOcean refers whole operations to files). Independent of the generator's
/// reader and bundler, and of Microsoft.OpenApi's model.
/// </summary>
public sealed class RawDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly Dictionary<string, JsonNode?> _files = new(StringComparer.Ordinal);

    private RawDocument(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static RawDocument Load(string path) => new(path);

    /// <summary>JSON media types: application/json, text/json and any +json suffix, with or without parameters.</summary>
    public static bool IsJson(string contentType)
    {
        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return type is "application/json" or "text/json" || type.EndsWith("+json", StringComparison.Ordinal);
    }

    /// <summary>Every operation under <c>paths</c>, with the path item's and the operation's references followed.</summary>
    public IReadOnlyList<RawOperation> Operations()
    {
        var result = new List<RawOperation>();
        var root = File(Path);
        if (root?["paths"] is not JsonObject paths)
        {
            return result;
        }

        foreach (var (path, value) in paths)
        {
            var (item, itemFile) = Resolve(value, Path);
            if (item is not JsonObject pathItem)
            {
                continue;
            }

            foreach (var method in Methods)
            {
                var (operation, file) = Resolve(pathItem[method], itemFile);
                if (operation is not JsonObject op)
                {
                    continue;
                }

                var (body, bodyFile) = Resolve(op["requestBody"], file);
                var requestTypes = Keys(Resolve(body?["content"], bodyFile).Node);
                var successes = new List<(string, IReadOnlyList<string>)>();
                if (Resolve(op["responses"], file) is ({ } responsesNode, var responsesFile) && responsesNode is JsonObject responses)
                {
                    foreach (var (status, response) in responses)
                    {
                        if (status.StartsWith('2'))
                        {
                            var (answer, answerFile) = Resolve(response, responsesFile);
                            successes.Add((status, Keys(Resolve(answer?["content"], answerFile).Node)));
                        }
                    }
                }

                result.Add(new RawOperation(method.ToUpperInvariant(), path, requestTypes, successes));
            }
        }

        return result;
    }

    private static List<string> Keys(JsonNode? node) => node is JsonObject obj ? obj.Select(p => p.Key).ToList() : [];

    /// <summary>A node with its <c>$ref</c>s followed (local pointers and relative files), and the file it is in.</summary>
    public (JsonNode? Node, string File) Resolve(JsonNode? node, string file)
    {
        for (var hops = 0; hops < 32 && node is JsonObject obj && obj["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String; hops++)
        {
            var text = reference.GetValue<string>();
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            var target = hash == 0 ? file : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, Uri.UnescapeDataString(hash < 0 ? text : text[..hash])));
            node = Pointer(File(target), hash < 0 ? string.Empty : text[(hash + 1)..]);
            file = target;
        }

        return (node, file);
    }

    private static JsonNode? Pointer(JsonNode? node, string pointer)
    {
        foreach (var segment in pointer.Split('/').Skip(1))
        {
            var name = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[name],
                JsonArray array when int.TryParse(name, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private JsonNode? File(string path)
    {
        if (_files.TryGetValue(path, out var known))
        {
            return known;
        }

        if (!System.IO.File.Exists(path))
        {
            return _files[path] = null;
        }

        var text = System.IO.File.ReadAllText(path);
        JsonNode? tree;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            tree = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 4096 });
        }
        else
        {
            var stream = new SharpYaml.Serialization.YamlStream();
            stream.Load(new StringReader(text));
            tree = stream.Documents.Count == 0 ? null : Microsoft.OpenApi.YamlReader.YamlConverter.ToJsonNode(stream.Documents[0]);
        }

        return _files[path] = tree;
    }
}
