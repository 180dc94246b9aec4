using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoiceAi.Generators.Tests.Fuzzing;

/// <summary>One mutated document: its text, file name, and the mutation that made it.</summary>
public sealed record Mutant(string Name, string Text, string Operator);

/// <summary>
/// Seeded, reproducible mutations of OpenAPI documents: structural ones on the JSON tree (delete, duplicate, retype,
/// break or loop $refs, hostile names and strings, deep nesting) and textual ones (BOM, truncation, odd characters,
/// YAML alias bombs, empty files).
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly string[] HostileStrings =
    [
        "*/ #if X\n#error injected\n#endif /*",
        "</summary><script>alert(1)</script>",
        "\"\"\" raw \"\"\" \u2028 line\u2029separator \0 nul",
        "class",
        "123abc",
        "",
        " ",
        "a.b<c>[d]",
        "ünïcödé-名前",
        "\uD800 lone surrogate",
        "../../etc/passwd?x=1#frag",
        "CR\rLF\n",
        // Code after each kind of line break C# knows, ending in #error: if any of it ever became code, the mutant would not compile.
        "x\n[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\n#error injected\n//",
        "x\r[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\r#error injected\r//",
        "x\r\n[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\r\n#error injected\r\n//",
        "x\u0085[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\u0085#error injected\u0085//",
        "x\u2028[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\u2028#error injected\u2028//",
        "x\u2029[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\u2029#error injected\u2029//",
        "bidi \u202E\u2066 \u2069\u200E\u200F\u061C zero\u200B\uFEFF\u00AD tag \U000E0041 \" \\ { \"\"\" ]]> <!--",
        "application/json\r\nX-Injected: 1",
    ];

    /// <summary>The keywords whose string value reaches the generated code (comments, documentation, literals, headers).</summary>
    private static readonly string[] StringFields =
    [
        "title", "version", "description", "summary", "url", "default", "operationId", "name", "propertyName", "bearerFormat", "example", "const", "in", "scheme",
    ];

    /// <summary>The maps whose keys reach the generated code: media types, header names, security schemes, discriminator values, server variables.</summary>
    private static readonly string[] KeyedMaps = ["content", "headers", "securitySchemes", "mapping", "variables", "properties", "schemas", "responses", "examples"];

    /// <summary>
    /// Names that generated types already have, written out here rather than taken from the generator (a name its lists
    /// missed is the bug this class looks for): inherited members, records', enum structs', unions', converters', the
    /// exception's, the client's, the operation methods' own parameters, and names only our emitters make.
    /// </summary>
    private static readonly string[] MemberNames =
    [
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "EqualityContract", "PrintMembers", "Deconstruct", "<Clone>$", "Clone",
        "AdditionalProperties", "Value", "IsKnown", "KnownValues", "_value", "Known", "Unknown",
        "Json", "VariantName", "FromJson", "WriteTo", "Info", "_index", "Instance", "Read", "Write", "JsonConverter",
        "Message", "Data", "StatusCode", "Headers", "Body", "ResponseBody", "InnerException", "HResult",
        "SendAsync", "BuildUri", "HeaderValue", "PathSegment", "_httpClient", "_options", "ServerUrl", "UserAgent", "Dispose",
        "request", "requestOptions", "observe", "cancellationToken", "__response", "__status", "value", "writer", "reader", "options",
        "Is", "As", "From", "IsString", "AsString", "FromString", "Default", "Options",
    ];

    /// <summary>The casings a member name is tried in: as written, lower camel, all lower, all upper, snake, with a prefix that stems it.</summary>
    private static readonly Func<string, string>[] Casings =
    [
        n => n,
        n => n.Length == 0 ? n : char.ToLowerInvariant(n[0]) + n.Substring(1),
        n => n.ToLowerInvariant(),
        n => n.ToUpperInvariant(),
        n => string.Concat(n.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
        n => "Is" + n,
        n => n + "Async",
    ];

    private readonly Random _random = new(seed);

    public Mutant Mutate(string name, string text, bool isYaml, int index)
    {
        var op = _random.Next(19);
        var stem = Path.GetFileNameWithoutExtension(name) + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (op)
        {
            case 0:
                return new(stem + Path.GetExtension(name), "\uFEFF" + text, "bom");
            case 1:
                return new(stem + Path.GetExtension(name), text.Substring(0, _random.Next(text.Length)), "truncate");
            case 2:
                return new(stem + Path.GetExtension(name), _random.Next(2) == 0 ? string.Empty : " \n\t\n", "empty");
            case 3:
            {
                var position = _random.Next(text.Length);
                var junk = new[] { "\uFFFD", "\uD800", "\u0000", "\u001B", "{", "]", ":", "\"", "\n  - ", "&a", "*a", "!!binary" }[_random.Next(12)];
                return new(stem + Path.GetExtension(name), text.Insert(position, junk), "insert-junk");
            }

            case 4 when isYaml:
                return new(stem + ".yaml", AliasBomb(), "yaml-alias-bomb");
            case 18 when isYaml:
                return new(stem + ".yaml", DuplicateStatusKeys(text), "yaml-duplicate-status");
            default:
                break;
        }

        // Structural: on the JSON tree, written back as JSON.
        var tree = VoiceAi.Generators.Reading.DocumentReader.ParseTree(text, isYaml);
        if (tree is not JsonObject root)
        {
            return new(stem + Path.GetExtension(name), text, "unchanged");
        }

        var label = op switch
        {
            5 => Delete(root),
            6 => Duplicate(root),
            7 => Retype(root),
            8 => BreakReference(root),
            9 => Cycle(root),
            10 => HostileString(root),
            11 => HostileName(root),
            12 => WeirdEnum(root),
            13 => DuplicateOperationIds(root),
            14 => "deep-nesting",
            16 => MemberName(root),
            17 => Statuses(root),
            _ => HostileField(root),
        };

        var json = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (label == "deep-nesting")
        {
            json = DeepNesting(json);
        }

        return new(stem + ".json", json, label);
    }

    private List<JsonNode> Nodes(JsonNode root)
    {
        var all = new List<JsonNode>();
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            all.Add(node);
            switch (node)
            {
                case JsonObject obj:
                    foreach (var pair in obj)
                    {
                        if (pair.Value is not null)
                        {
                            stack.Push(pair.Value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            stack.Push(item);
                        }
                    }

                    break;
            }
        }

        return all;
    }

    private T? Pick<T>(IReadOnlyList<T> items) => items.Count == 0 ? default : items[_random.Next(items.Count)];

    private string Delete(JsonObject root)
    {
        var target = Pick(Nodes(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList());
        if (target is null)
        {
            return "delete-none";
        }

        var key = target.ElementAt(_random.Next(target.Count)).Key;
        target.Remove(key);
        return "delete";
    }

    private string Duplicate(JsonObject root)
    {
        var objects = Nodes(root).OfType<JsonObject>().ToList();
        var source = Pick(objects);
        var destination = Pick(objects);
        if (source is null || destination is null || ReferenceEquals(source, destination) || source.Count == 0)
        {
            return "duplicate-none";
        }

        var pair = source.ElementAt(_random.Next(source.Count));
        destination[pair.Key] = pair.Value?.DeepClone();
        return "duplicate";
    }

    private string Retype(JsonObject root)
    {
        var target = Pick(Nodes(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList());
        if (target is null)
        {
            return "retype-none";
        }

        var key = target.ElementAt(_random.Next(target.Count)).Key;
        target[key] = _random.Next(8) switch
        {
            0 => JsonValue.Create("x"),
            1 => JsonValue.Create(42),
            2 => JsonValue.Create(-1.5),
            3 => JsonValue.Create(true),
            4 => null,
            5 => new JsonArray(JsonValue.Create(1), JsonValue.Create("two")),
            6 => new JsonObject(),
            _ => JsonNode.Parse("1e400"),
        };
        return "retype";
    }

    private string BreakReference(JsonObject root)
    {
        var references = Nodes(root).OfType<JsonObject>().Where(o => o.ContainsKey("$ref")).ToList();
        var target = Pick(references);
        if (target is null)
        {
            return "ref-none";
        }

        target["$ref"] = _random.Next(7) switch
        {
            0 => "#/components/schemas/Missing",
            1 => "missing.yaml#/Thing",
            2 => "#/",
            3 => string.Empty,
            4 => "http://example.invalid/schema.json",
            5 => "#/components/schemas/A/properties/b/items/0",
            _ => "#/paths",
        };
        return "broken-ref";
    }

    private string Cycle(JsonObject root)
    {
        if (root["components"]?["schemas"] is not JsonObject schemas || schemas.Count < 2)
        {
            return "cycle-none";
        }

        var keys = schemas.Select(p => p.Key).ToList();
        var a = keys[_random.Next(keys.Count)];
        var b = keys[_random.Next(keys.Count)];
        switch (_random.Next(3))
        {
            case 0:
                schemas[a] = new JsonObject { ["$ref"] = "#/components/schemas/" + b };
                schemas[b] = new JsonObject { ["$ref"] = "#/components/schemas/" + a };
                return "cycle-alias";
            case 1:
                schemas[a] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + a }) };
                return "cycle-allOf";
            default:
                schemas[a] = new JsonObject { ["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + a }, new JsonObject { ["$ref"] = "#/components/schemas/" + b }) };
                return "cycle-oneOf";
        }
    }

    private string HostileString(JsonObject root)
    {
        var target = Pick(Nodes(root).OfType<JsonObject>().Where(o => o.Any(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)).ToList());
        if (target is null)
        {
            return "string-none";
        }

        var key = Pick(target.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(p => p.Key).ToList())!;
        target[key] = _random.Next(4) == 0 ? new string('x', 200_000) + HostileStrings[0] : HostileStrings[_random.Next(HostileStrings.Length)];
        return "hostile-string";
    }

    /// <summary>
    /// A hostile string in one place that reaches the output: a documented string field or an x- extension, an enum
    /// value or tag, the key of a media-type, header, security-scheme, mapping or variable map, the server URL and its
    /// variables, or an API key's name.
    /// </summary>
    private string HostileField(JsonObject root)
    {
        var hostile = HostileStrings[_random.Next(HostileStrings.Length)];
        switch (_random.Next(5))
        {
            case 0:
            {
                // A server whose URL and variables are hostile (the first server is the client's default address).
                var variable = new JsonObject { ["default"] = hostile, ["enum"] = new JsonArray(hostile, "v1"), ["description"] = hostile };
                var url = _random.Next(2) == 0 ? "https://api.example.com/{v}/" + hostile : "https://api.example.com/{v}";
                root["servers"] = new JsonArray(new JsonObject { ["url"] = url, ["description"] = hostile, ["variables"] = new JsonObject { ["v"] = variable } });
                return "hostile-server";
            }

            case 1:
            {
                // An API key whose scheme name and header, cookie or query name are hostile, required by every operation.
                var components = root["components"] as JsonObject ?? (JsonObject)(root["components"] = new JsonObject());
                var schemes = components["securitySchemes"] as JsonObject ?? (JsonObject)(components["securitySchemes"] = new JsonObject());
                var key = _random.Next(2) == 0 ? hostile : "key";
                schemes[key] = new JsonObject { ["type"] = "apiKey", ["in"] = new[] { "header", "cookie", "query" }[_random.Next(3)], ["name"] = hostile, ["description"] = hostile };
                root["security"] = new JsonArray(new JsonObject { [key] = new JsonArray() });
                return "hostile-security";
            }

            case 2:
            {
                // An enum value, a tag, or an element of another string array.
                var arrays = Nodes(root).OfType<JsonArray>().Where(a => a.Any(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)).ToList();
                var array = Pick(arrays);
                if (array is null)
                {
                    return "hostile-field-none";
                }

                var index = Pick(Enumerable.Range(0, array.Count).Where(i => array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList());
                array[index] = hostile;
                return "hostile-enum";
            }

            case 3:
            {
                // The key of a map that reaches the output: a media type, a header name, a discriminator value...
                var maps = Nodes(root).OfType<JsonObject>().Where(o => o.Count > 0 && o.Parent is JsonObject parent && KeyedMaps.Any(k => ReferenceEquals(parent[k], o))).ToList();
                var map = Pick(maps);
                if (map is null)
                {
                    return "hostile-key-none";
                }

                var pair = map.ElementAt(_random.Next(map.Count));
                var value = pair.Value?.DeepClone();
                map.Remove(pair.Key);
                map[_random.Next(3) == 0 ? pair.Key + hostile : hostile] = value;
                return "hostile-key";
            }

            default:
            {
                // A string field the emitters write, or an x- extension.
                var candidates = Nodes(root).OfType<JsonObject>()
                    .SelectMany(o => o.Where(p => StringFields.Contains(p.Key) || p.Key.StartsWith("x-", StringComparison.Ordinal)).Select(p => (Object: o, p.Key)))
                    .ToList();
                if (candidates.Count == 0)
                {
                    return "hostile-field-none";
                }

                var (target, field) = candidates[_random.Next(candidates.Count)];
                target[field] = hostile;
                return "hostile-field";
            }
        }
    }

    private string HostileName(JsonObject root)
    {
        var maps = Nodes(root).OfType<JsonObject>().Where(o => o.Count > 0 && (o.Parent is JsonObject p && (p["properties"] == o || p["schemas"] == o || p["paths"] == o))).ToList();
        var target = Pick(maps);
        if (target is null)
        {
            return "name-none";
        }

        var pair = target.ElementAt(_random.Next(target.Count));
        var value = pair.Value?.DeepClone();
        target.Remove(pair.Key);
        var name = _random.Next(3) == 0 ? new string('n', 600) : HostileStrings[_random.Next(HostileStrings.Length)];
        if (target.Parent is JsonObject { } parent && parent["paths"] == target)
        {
            name = "/" + name.Replace("{", string.Empty) + "/{id}";
        }

        target[name] = value;
        return "hostile-name";
    }

    /// <summary>
    /// A property, an enum value, a union variant (a schema's name, or a new oneOf of it and a string), a parameter or an
    /// operation named after a member the generated type already has, in one of several casings; sometimes two names
    /// that differ only in case, or the containing schema's own name.
    /// </summary>
    private string MemberName(JsonObject root)
    {
        var name = Casings[_random.Next(Casings.Length)](MemberNames[_random.Next(MemberNames.Length)]);
        var nodes = Nodes(root);
        switch (_random.Next(6))
        {
            case 0:
            {
                // A property (and, half the time, a second one that differs only in case).
                var properties = nodes.OfType<JsonObject>().Where(o => o.Parent is JsonObject p && ReferenceEquals(p["properties"], o)).ToList();
                var target = Pick(properties);
                if (target is null)
                {
                    return "member-name-none";
                }

                target[name] = new JsonObject { ["type"] = "string" };
                if (_random.Next(2) == 0)
                {
                    target[name.ToUpperInvariant() == name ? name.ToLowerInvariant() : name.ToUpperInvariant()] = new JsonObject { ["type"] = "integer" };
                }

                return "member-name-property";
            }

            case 1:
            {
                // An enum value, beside its other casing.
                var enums = nodes.OfType<JsonArray>().Where(a => a.Parent is JsonObject p && ReferenceEquals(p["enum"], a) && a.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)).ToList();
                var target = Pick(enums);
                if (target is null)
                {
                    return "member-name-none";
                }

                target.Add(name);
                target.Add(name.ToLowerInvariant() == name ? name.ToUpperInvariant() : name.ToLowerInvariant());
                return "member-name-enum";
            }

            case 2:
            {
                // A union whose variant is a schema of that name.
                var schemas = root["components"]?["schemas"] as JsonObject;
                var properties = nodes.OfType<JsonObject>().Where(o => o.Parent is JsonObject p && ReferenceEquals(p["properties"], o) && o.Count > 0).ToList();
                var target = Pick(properties);
                if (schemas is null || target is null)
                {
                    return "member-name-none";
                }

                schemas[name] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("kind") };
                var property = target.ElementAt(_random.Next(target.Count)).Key;
                target[property] = new JsonObject { ["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }, new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "integer" }) };
                return "member-name-variant";
            }

            case 3:
            {
                // A parameter.
                var operations = nodes.OfType<JsonObject>().Where(o => o.ContainsKey("responses") && o.Parent is JsonObject).ToList();
                var target = Pick(operations);
                if (target is null)
                {
                    return "member-name-none";
                }

                var parameters = target["parameters"] as JsonArray ?? (JsonArray)(target["parameters"] = new JsonArray());
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = _random.Next(2) == 0 ? "query" : "header", ["schema"] = new JsonObject { ["type"] = "string" } });
                return "member-name-parameter";
            }

            case 4:
            {
                // An operation whose id is a member of the client.
                var operations = nodes.OfType<JsonObject>().Where(o => o.ContainsKey("responses") && o.Parent is JsonObject).ToList();
                var target = Pick(operations);
                if (target is null)
                {
                    return "member-name-none";
                }

                target["operationId"] = name;
                return "member-name-operation";
            }

            default:
            {
                // A property named after its own schema.
                var schemas = root["components"]?["schemas"] as JsonObject;
                var objects = schemas?.Where(p => p.Value is JsonObject o && o["properties"] is JsonObject).ToList();
                if (objects is null || objects.Count == 0)
                {
                    return "member-name-none";
                }

                var (schemaName, schema) = objects[_random.Next(objects.Count)];
                var own = (JsonObject)schema!["properties"]!;
                own[Casings[_random.Next(3)](schemaName)] = new JsonObject { ["type"] = "string" };
                return "member-name-own-type";
            }
        }
    }

    /// <summary>
    /// An operation's responses with status keys of every shape: exact codes, ranges in both cases, <c>default</c>, a
    /// range before a code it covers, the same range twice, a success range beside a bodiless 204.
    /// </summary>
    private string Statuses(JsonObject root)
    {
        var operations = Nodes(root).OfType<JsonObject>().Where(o => o["responses"] is JsonObject).ToList();
        var target = Pick(operations);
        if (target is null)
        {
            return "statuses-none";
        }

        string[] keys = ["200", "201", "204", "2XX", "2xx", "1XX", "3XX", "400", "404", "4XX", "4xx", "5XX", "5xx", "503", "default", "0404", "600"];
        var responses = (JsonObject)target["responses"]!;
        var existing = responses.Select(p => p.Value).Where(v => v is JsonObject).ToList();
        responses.Clear();
        for (int i = 0, count = 2 + _random.Next(8); i < count; i++)
        {
            var key = keys[_random.Next(keys.Length)];
            var body = _random.Next(3) switch
            {
                0 => new JsonObject { ["description"] = key },
                1 => new JsonObject { ["description"] = key, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = _random.Next(2) == 0 ? "string" : "integer" } } } },
                _ => existing.Count > 0 ? existing[_random.Next(existing.Count)]!.DeepClone() : new JsonObject { ["description"] = key },
            };
            responses[key] = body;
        }

        return "statuses";
    }

    /// <summary>The same status code twice in one responses map, quoted and unquoted (YAML reads them as two keys).</summary>
    private string DuplicateStatusKeys(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        var at = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimEnd().EndsWith("responses:", StringComparison.Ordinal)).ToList();
        if (at.Count == 0)
        {
            return text;
        }

        var line = at[_random.Next(at.Count)];
        var indent = new string(' ', lines[line].Length - lines[line].TrimStart().Length + 2);
        var code = new[] { "200", "400", "404", "500" }[_random.Next(4)];
        lines.Insert(line + 1, indent + code + ": {description: unquoted, content: {application/json: {schema: {type: string}}}}");
        lines.Insert(line + 2, indent + "'" + code + "': {description: quoted, content: {application/json: {schema: {type: integer}}}}");
        return string.Join("\n", lines);
    }

    private string WeirdEnum(JsonObject root)
    {
        var schema = Pick(Nodes(root).OfType<JsonObject>().Where(o => o.ContainsKey("type")).ToList());
        if (schema is null)
        {
            return "enum-none";
        }

        schema["enum"] = _random.Next(3) switch
        {
            0 => new JsonArray(null, JsonValue.Create(""), JsonValue.Create("1"), JsonValue.Create("class"), JsonValue.Create("a b"), JsonValue.Create("A B"), JsonValue.Create("a_b")),
            1 => new JsonArray(JsonValue.Create(1), JsonValue.Create(-1), JsonValue.Create(2147483648L), JsonValue.Create(1.5)),
            _ => new JsonArray(JsonValue.Create(true), JsonValue.Create("x"), new JsonObject()),
        };
        return "weird-enum";
    }

    private string DuplicateOperationIds(JsonObject root)
    {
        var operations = Nodes(root).OfType<JsonObject>().Where(o => o.ContainsKey("operationId")).ToList();
        foreach (var operation in operations)
        {
            operation["operationId"] = _random.Next(2) == 0 ? "same" : "Same!";
        }

        return "duplicate-operationIds";
    }

    /// <summary>Nests a schema 10,000 levels deep (as text: no JSON writer goes that deep).</summary>
    private string DeepNesting(string json)
    {
        var marker = "\"type\":\"string\"";
        var index = json.IndexOf(marker, StringComparison.Ordinal);
        var levels = 10_000;
        var deep = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            deep.Append(_random.Next(2) == 0 ? "\"type\":\"array\",\"items\":{" : "\"type\":\"object\",\"properties\":{\"p\":{");
        }

        var opened = deep.ToString();
        var closing = new StringBuilder();
        foreach (var c in opened)
        {
            if (c == '{')
            {
                closing.Append('}');
            }
        }

        var nested = opened + "\"type\":\"string\"" + closing;
        return index < 0 ? json : json.Substring(0, index) + nested + json.Substring(index + marker.Length);
    }

    private string AliasBomb()
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo: {title: bomb, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        for (var level = 0; level < 9; level++)
        {
            var name = "b" + level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append("      x-").Append(name).Append(": &").Append(name).Append(" [");
            text.Append(string.Join(",", Enumerable.Repeat("*" + previous, 9)));
            text.Append("]\n");
            previous = name;
        }

        text.Append("      type: object\n      properties:\n        p: {type: string}\n");
        return text.ToString();
    }
}
