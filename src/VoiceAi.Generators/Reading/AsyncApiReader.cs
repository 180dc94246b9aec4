using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Options;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// An AsyncAPI 3.0 document, read over its JSON tree (there is no AsyncAPI reader for .NET in the feed): its WebSocket
/// channels and operations as drafts that name payload schemas by key, and an OpenAPI tree that carries those payload
/// schemas (components/schemas, at the same pointers as in the AsyncAPI document) and the security schemes, so that the
/// payloads go through the same model builder and emitters as any OpenAPI schema.
/// </summary>
internal sealed class AsyncApiReader
{
    private readonly JsonObject _root;
    private readonly List<PendingDiagnostic> _pending;
    private readonly SiblingFile? _source;
    private readonly string _fileName;
    private readonly JsonObject _schemas = new();
    private readonly JsonObject _securitySchemes = new();
    private readonly Dictionary<string, string> _schemeKeys = new(StringComparer.Ordinal);
    private readonly System.Threading.CancellationToken _cancellationToken;

    private AsyncApiReader(JsonObject root, List<PendingDiagnostic> pending, SiblingFile? source, string fileName, System.Threading.CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _root = root;
        _pending = pending;
        _source = source;
        _fileName = fileName;
    }

    /// <summary>Whether a text is an AsyncAPI document: its first member is <c>asyncapi</c> (JSON or YAML), without parsing it.</summary>
    public static bool IsAsyncApi(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
        {
            i++;
        }

        // Comments and a YAML document marker before the first member.
        while (i < text.Length && (text[i] == '#' || (text[i] == '-' && string.CompareOrdinal(text, i, "---", 0, 3) == 0)))
        {
            while (i < text.Length && text[i] != '\n')
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '{')
        {
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        return string.CompareOrdinal(text, i, "asyncapi", 0, 8) == 0 && i + 8 < text.Length && text[i + 8] is '"' or '\'' or ':' or ' ';
    }

    /// <summary>
    /// Reads <paramref name="tree"/>; null (with an error) when it is not an AsyncAPI 3 document. <paramref name="source"/>
    /// is the file diagnostics point into when the document is read beside an OpenAPI document (null: the document itself).
    /// </summary>
    public static AsyncApiDraft? Read(JsonNode? tree, List<PendingDiagnostic> pending, SiblingFile? source, string fileName, System.Threading.CancellationToken cancellationToken)
    {
        if (tree is not JsonObject root)
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.InvalidDocument, string.Empty, [fileName, "it is not an AsyncAPI document (an object is expected)"], source));
            return null;
        }

        var version = Text(root["asyncapi"]) ?? string.Empty;
        if (!version.StartsWith("3.", StringComparison.Ordinal))
        {
            pending.Add(new PendingDiagnostic(DiagnosticDescriptors.AsyncApiVersion, "#/asyncapi", [fileName, version.Length == 0 ? "(no version)" : version], source));
            return null;
        }

        return new AsyncApiReader(root, pending, source, fileName, cancellationToken).Read();
    }

    private AsyncApiDraft Read()
    {
        var info = _root["info"] as JsonObject;
        if (_root["components"] is JsonObject components && components["schemas"] is JsonObject schemas)
        {
            foreach (var pair in schemas)
            {
                _schemas[pair.Key] = pair.Value?.DeepClone();
            }
        }

        var servers = ReadServers();
        var channels = new List<AsyncApiChannelDraft>();
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var operations = (_root["operations"] as JsonObject)?.ToList() ?? [];
        foreach (var pair in (_root["channels"] as JsonObject)?.ToList() ?? [])
        {
            if (ReadChannel(pair.Key, pair.Value as JsonObject, servers, operations, usedNames) is { } channel)
            {
                channels.Add(channel);
            }
        }

        foreach (var pair in operations)
        {
            if (pair.Value is JsonObject operation && ChannelKey(operation["channel"]) is null)
            {
                Warn("#/operations/" + Escape(pair.Key), "the operation '" + pair.Key + "'", "its channel is not a $ref to a channel of the document");
            }
        }

        var server = servers.FirstOrDefault(s => s.Url is not null);
        var openApi = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = Text(info?["title"]) ?? "Realtime API",
                ["version"] = Text(info?["version"]) ?? "1.0.0",
                ["description"] = Text(info?["description"]),
            },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = _schemas, ["securitySchemes"] = _securitySchemes },
        };
        if (server?.Url is { } url)
        {
            // The HTTP form of the first WebSocket server: the options' BaseAddress, from which the socket's address follows.
            openApi["servers"] = new JsonArray(new JsonObject { ["url"] = HttpForm(url) });
        }

        return new AsyncApiDraft(openApi, channels, server?.Url);
    }

    /// <summary><c>wss://host/x</c> as <c>https://host/x</c> (and ws as http).</summary>
    public static string HttpForm(string url)
        => url.StartsWith("wss://", StringComparison.OrdinalIgnoreCase) ? "https://" + url.Substring(6)
            : url.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) ? "http://" + url.Substring(5)
            : url;

    private sealed record ServerDraft(string Key, string? Url, List<string> Security);

    private List<ServerDraft> ReadServers()
    {
        var result = new List<ServerDraft>();
        foreach (var pair in (_root["servers"] as JsonObject)?.ToList() ?? [])
        {
            var pointer = "#/servers/" + Escape(pair.Key);
            if (Resolve(pair.Value, pointer, out _) is not JsonObject server)
            {
                continue;
            }

            var protocol = (Text(server["protocol"]) ?? string.Empty).ToLowerInvariant();
            if (protocol is not "ws" and not "wss")
            {
                Warn(pointer, "the server '" + pair.Key + "'", "its protocol is '" + protocol + "', and only ws and wss servers are supported");
                result.Add(new ServerDraft(pair.Key, null, []));
                continue;
            }

            var host = Substitute(Text(server["host"]) ?? string.Empty, server["variables"] as JsonObject);
            var path = Substitute(Text(server["pathname"]) ?? string.Empty, server["variables"] as JsonObject);
            var url = protocol + "://" + host + (path.Length > 0 && path[0] != '/' ? "/" : string.Empty) + path.TrimEnd('/');
            if (host.Length == 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
            {
                Warn(pointer, "the server '" + pair.Key + "'", "its host and pathname are not an address");
                result.Add(new ServerDraft(pair.Key, null, []));
                continue;
            }

            result.Add(new ServerDraft(pair.Key, url, ReadSecurity(server["security"] as JsonArray, pointer + "/security")));
        }

        return result;
    }

    private static string Substitute(string text, JsonObject? variables)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in variables?.ToList() ?? [])
        {
            var value = pair.Value is JsonObject variable ? Text(variable["default"]) ?? (variable["enum"] as JsonArray)?.Select(Text).FirstOrDefault(v => v is not null) : null;
            values[pair.Key] = value ?? string.Empty;
        }

        return ServerVariables.Substitute(text, values);
    }

    /// <summary>The OpenAPI security scheme keys of a security list (AsyncAPI 3: scheme objects or <c>$ref</c>s to them).</summary>
    private List<string> ReadSecurity(JsonArray? security, string pointer)
    {
        var result = new List<string>();
        for (var i = 0; security is not null && i < security.Count; i++)
        {
            var at = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var reference = security[i] is JsonObject o && Text(o["$ref"]) is { } r ? r : null;
            var key = reference is not null && reference.StartsWith("#/components/securitySchemes/", StringComparison.Ordinal)
                ? Unescape(reference.Substring("#/components/securitySchemes/".Length))
                : "scheme" + (_schemeKeys.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_schemeKeys.TryGetValue(key, out var known))
            {
                result.Add(known);
                continue;
            }

            if (Resolve(security[i], at, out _) is not JsonObject scheme)
            {
                continue;
            }

            var type = Text(scheme["type"]) ?? string.Empty;
            JsonObject? converted = type switch
            {
                "http" when string.Equals(Text(scheme["scheme"]), "basic", StringComparison.OrdinalIgnoreCase) => new JsonObject { ["type"] = "http", ["scheme"] = "basic" },
                "http" when string.Equals(Text(scheme["scheme"]), "bearer", StringComparison.OrdinalIgnoreCase) => new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                "userPassword" => new JsonObject { ["type"] = "http", ["scheme"] = "basic" },
                "httpApiKey" when Text(scheme["in"]) is "header" or "query" or "cookie" && Text(scheme["name"]) is { Length: > 0 } => new JsonObject { ["type"] = "apiKey", ["in"] = Text(scheme["in"]), ["name"] = Text(scheme["name"]) },
                "oauth2" or "openIdConnect" => new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                _ => null,
            };
            if (converted is null)
            {
                Warn(reference ?? at, "the security scheme '" + key + "'", "its type '" + type + "' is not one a WebSocket upgrade can send (http bearer or basic, httpApiKey in a header, the query or a cookie, userPassword, oauth2)");
                _schemeKeys[key] = string.Empty;
                continue;
            }

            if (Text(scheme["description"]) is { } description)
            {
                converted["description"] = description;
            }

            _securitySchemes[key] = converted;
            _schemeKeys[key] = key;
            result.Add(key);
        }

        return result.Where(k => k.Length > 0).ToList();
    }

    private AsyncApiChannelDraft? ReadChannel(string key, JsonObject? channel, List<ServerDraft> servers, List<KeyValuePair<string, JsonNode?>> operations, HashSet<string> usedNames)
    {
        var pointer = "#/channels/" + Escape(key);
        if (channel is null)
        {
            return null;
        }

        var address = Text(channel["address"]);
        if (address is null)
        {
            Warn(pointer, "the channel '" + key + "'", "it has no address (the address is only known at runtime)");
            return null;
        }

        // The channel's servers (all of the document's when it names none): it needs a WebSocket one.
        var named = (channel["servers"] as JsonArray)?.Select(s => s is JsonObject o ? Text(o["$ref"]) : null).Where(r => r is not null).Select(r => Unescape(r!.Substring(r.LastIndexOf('/') + 1))).ToList();
        var candidates = named is { Count: > 0 } ? servers.Where(s => named.Contains(s.Key)).ToList() : servers;
        var server = candidates.FirstOrDefault(s => s.Url is not null);
        if (server is null)
        {
            Warn(pointer, "the channel '" + key + "'", "none of its servers is a ws or wss server");
            return null;
        }

        if (address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' or '\\' || c > '\u007e'))
        {
            Warn(pointer + "/address", "the channel '" + key + "'", "its address is not a path");
            return null;
        }

        var parameters = new List<AsyncApiParameterDraft>();
        var parameterObjects = channel["parameters"] as JsonObject;
        foreach (var placeholder in Placeholders(address).Distinct(StringComparer.Ordinal))
        {
            var parameter = Resolve(parameterObjects?[placeholder], pointer + "/parameters/" + Escape(placeholder), out _) as JsonObject;
            if (placeholder.Length == 0 || placeholder.Any(c => !char.IsLetterOrDigit(c) && c is not '_' and not '-' and not '.'))
            {
                Warn(pointer + "/address", "the channel '" + key + "'", "its parameter '" + placeholder + "' has no usable name");
                return null;
            }

            parameters.Add(new AsyncApiParameterDraft(placeholder, Text(parameter?["description"]), Text(parameter?["default"]), (parameter?["enum"] as JsonArray)?.Select(Text).Where(v => v is not null).Select(v => v!).ToList() ?? []));
        }

        var sends = new List<AsyncApiSendDraft>();
        var receives = new List<AsyncApiMessageDraft>();
        var security = new List<string>(server.Security);
        foreach (var pair in operations)
        {
            var operationPointer = "#/operations/" + Escape(pair.Key);
            if (pair.Value is not JsonObject operation || ChannelKey(operation["channel"]) != key)
            {
                continue;
            }

            var action = Text(operation["action"]);
            if (action is not "send" and not "receive")
            {
                Warn(operationPointer, "the operation '" + pair.Key + "'", "its action is neither send nor receive");
                continue;
            }

            if (operation["security"] is JsonArray operationSecurity)
            {
                foreach (var scheme in ReadSecurity(operationSecurity, operationPointer + "/security"))
                {
                    if (!security.Contains(scheme))
                    {
                        security.Add(scheme);
                    }
                }
            }

            var messages = new List<(string Key, string Pointer)>();
            if (operation["messages"] is JsonArray list && list.Count > 0)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var reference = list[i] is JsonObject o ? Text(o["$ref"]) : null;
                    var prefix = "#/channels/" + Escape(key) + "/messages/";
                    if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        Warn(operationPointer + "/messages/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "a message of the operation '" + pair.Key + "'", "it is not a $ref to a message of its channel");
                        continue;
                    }

                    messages.Add((Unescape(reference.Substring(prefix.Length)), reference));
                }
            }
            else
            {
                messages.AddRange(((channel["messages"] as JsonObject)?.ToList() ?? []).Select(m => (m.Key, pointer + "/messages/" + Escape(m.Key))));
            }

            foreach (var (messageKey, messagePointer) in messages)
            {
                if (ReadMessage(messageKey, (channel["messages"] as JsonObject)?[messageKey], messagePointer) is not { } message)
                {
                    continue;
                }

                if (action == "send")
                {
                    sends.Add(new AsyncApiSendDraft(pair.Key, Text(operation["title"]) ?? Text(operation["summary"]), Text(operation["description"]), message, Deprecated(operation)));
                }
                else if (!receives.Any(r => r.SchemaKey == message.SchemaKey))
                {
                    receives.Add(message);
                }
            }
        }

        var name = ChannelName(key, address, usedNames);
        string? unionKey = null;
        if (receives.Count > 1)
        {
            unionKey = FreeSchemaKey(name + "Message");
            _schemas[unionKey] = new JsonObject
            {
                ["description"] = "A message the server sends on " + address + ": one of the channel's messages, or one it does not document.",
                ["oneOf"] = new JsonArray(receives.Select(r => (JsonNode)new JsonObject { ["$ref"] = "#/components/schemas/" + Escape(r.SchemaKey) }).ToArray()),
            };
        }

        return new AsyncApiChannelDraft(
            key, name, address, Text(channel["title"]), Text(channel["description"]) ?? Text(channel["summary"]), server.Url!,
            parameters, sends, receives, unionKey, RouteProperty(receives, sends), security, pointer);
    }

    private static bool Deprecated(JsonObject node) => node["deprecated"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private AsyncApiMessageDraft? ReadMessage(string key, JsonNode? node, string pointer)
    {
        string? componentKey = null;
        if (node is JsonObject o && Text(o["$ref"]) is { } reference && reference.StartsWith("#/components/messages/", StringComparison.Ordinal))
        {
            componentKey = Unescape(reference.Substring("#/components/messages/".Length));
        }

        if (Resolve(node, pointer, out var at) is not JsonObject message)
        {
            return null;
        }

        var contentType = Text(message["contentType"]) ?? Text(_root["defaultContentType"]) ?? "application/json";
        if (contentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
        {
            Warn(at, "the message '" + key + "'", "its content type is '" + contentType + "', and only JSON messages are supported");
            return null;
        }

        var payload = message["payload"];
        var payloadPointer = at + "/payload";
        if (payload is JsonObject multi && multi["schema"] is { } inner && multi.ContainsKey("schemaFormat"))
        {
            var format = Text(multi["schemaFormat"]) ?? string.Empty;
            if (format.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0 && format.IndexOf("asyncapi", StringComparison.OrdinalIgnoreCase) < 0)
            {
                Warn(payloadPointer, "the message '" + key + "'", "its payload's schema format is '" + format + "', and only JSON Schema and AsyncAPI schemas are supported");
                return null;
            }

            payload = inner;
            payloadPointer += "/schema";
        }

        var name = Naming.ToPascalCase(componentKey ?? Text(message["name"]) ?? key, "Message");
        string schemaKey;
        if (payload is JsonObject p && Text(p["$ref"]) is { } payloadReference && payloadReference.StartsWith("#/components/schemas/", StringComparison.Ordinal) && p.Count == 1)
        {
            schemaKey = Unescape(payloadReference.Substring("#/components/schemas/".Length));
            if (!_schemas.ContainsKey(schemaKey))
            {
                Warn(payloadPointer, "the message '" + key + "'", "its payload's $ref does not resolve");
                return null;
            }
        }
        else if (payload is JsonObject)
        {
            schemaKey = FreeSchemaKey(name);
            _schemas[schemaKey] = payload.DeepClone();
        }
        else
        {
            Warn(at, "the message '" + key + "'", "it has no payload schema");
            return null;
        }

        var title = Text(message["title"]);
        // The channel's error message: one named so (error, problem, fault) in its key, name, title or schema.
        // A whole word of the name: "StreamError" and "error_message" are, "DefaultSettings" is not.
        var isError = new[] { key, componentKey, Text(message["name"]), title, schemaKey }.Any(t => t is not null && Words(t).Any(w => w.Equals("error", StringComparison.OrdinalIgnoreCase) || w.Equals("problem", StringComparison.OrdinalIgnoreCase) || w.Equals("fault", StringComparison.OrdinalIgnoreCase)));
        var correlation = Resolve(message["correlationId"], at + "/correlationId", out _) is JsonObject c && Text(c["location"]) is { } location && location.StartsWith("$message.payload#/", StringComparison.Ordinal)
            ? location.Substring("$message.payload#/".Length)
            : null;
        return new AsyncApiMessageDraft(key, schemaKey, title ?? Text(message["summary"]), Text(message["description"]), isError, correlation, TopLevelProperties(schemaKey));
    }

    /// <summary>
    /// The top-level properties of a payload schema (through <c>$ref</c>s and <c>allOf</c>), with whether each is a string:
    /// each schema visited once, each name once, at most <see cref="MaxTopLevelProperties"/>.
    /// </summary>
    private List<(string Name, bool IsString)> TopLevelProperties(string schemaKey)
    {
        var result = new List<(string, bool)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal) { schemaKey };
        Collect(_schemas.TryGetPropertyValue(schemaKey, out var root) ? root : null, 0);
        return result;

        void Collect(JsonNode? node, int depth)
        {
            if (depth > 8 || node is not JsonObject schema || result.Count >= MaxTopLevelProperties)
            {
                return;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            // A referenced schema is read once (a schema that lists itself in its allOf a hundred times is read once).
            if (Text(schema["$ref"]) is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                && visited.Add(Unescape(reference.Substring("#/components/schemas/".Length)))
                && _schemas.TryGetPropertyValue(Unescape(reference.Substring("#/components/schemas/".Length)), out var target))
            {
                Collect(target, depth + 1);
            }

            foreach (var part in (schema["allOf"] as JsonArray) ?? [])
            {
                Collect(part, depth + 1);
            }

            foreach (var property in (schema["properties"] as JsonObject)?.ToList() ?? [])
            {
                if (result.Count >= MaxTopLevelProperties || !names.Add(property.Key))
                {
                    continue;
                }

                var type = (property.Value as JsonObject)?["type"];
                var isString = Text(type) == "string" || (type is JsonArray types && types.Any(t => Text(t) == "string"));
                result.Add((property.Key, isString));
            }
        }
    }

    private const int MaxTopLevelProperties = 256;

    /// <summary>The words of a name: split at what is not a letter or digit and where a lower-case letter meets an upper-case one.</summary>
    private static IEnumerable<string> Words(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var end = i == name.Length || !char.IsLetterOrDigit(name[i]) || (i > start && char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (!end)
            {
                continue;
            }

            if (i > start)
            {
                yield return name.Substring(start, i - start);
            }

            start = i < name.Length && char.IsLetterOrDigit(name[i]) ? i : i + 1;
        }
    }

    /// <summary>
    /// The property that routes received messages to a context: the messages' <c>correlationId</c> when they all give the
    /// same one; otherwise a string property whose name ends in "id" that every received message has and some sent
    /// message has too (Voice AI's <c>context_id</c>). Null when there is none (or only one kind of message is received).
    /// </summary>
    private static string? RouteProperty(List<AsyncApiMessageDraft> receives, List<AsyncApiSendDraft> sends)
    {
        if (receives.Count < 2)
        {
            return null;
        }

        var correlations = receives.Select(r => r.Correlation).Distinct().ToList();
        if (correlations.Count == 1 && correlations[0] is { } correlation && !correlation.Contains("/"))
        {
            return correlation;
        }

        foreach (var (name, isString) in receives[0].Properties)
        {
            if (isString && name.EndsWith("id", StringComparison.OrdinalIgnoreCase)
                && receives.All(r => r.Properties.Any(p => p.Name == name && p.IsString))
                && sends.Any(s => s.Message.Properties.Any(p => p.Name == name)))
            {
                return name;
            }
        }

        return null;
    }

    private string FreeSchemaKey(string wanted)
    {
        var key = wanted;
        for (var i = 2; _schemas.ContainsKey(key); i++)
        {
            key = wanted + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return key;
    }

    /// <summary>The channel's name in C#: its key when that is a name, else the last segments of its address that are not parameters.</summary>
    private static string ChannelName(string key, string address, HashSet<string> used)
    {
        var segments = address.Split('/').Where(s => s.Length > 0 && !s.Contains("{")).ToList();
        var candidates = new List<string>();
        if (!key.Contains("/") && Naming.ToPascalCase(key, string.Empty) is { Length: > 0 } fromKey)
        {
            candidates.Add(fromKey);
        }

        for (var n = 1; n <= segments.Count; n++)
        {
            candidates.Add(Naming.ToPascalCase(string.Join("-", segments.Skip(segments.Count - n)), string.Empty));
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Length > 0 && char.IsLetter(candidate[0]) && used.Add(candidate))
            {
                return candidate;
            }
        }

        var fallback = candidates.FirstOrDefault(c => c.Length > 0 && char.IsLetter(c[0])) ?? "Channel";
        for (var i = 2; ; i++)
        {
            var numbered = fallback + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (used.Add(numbered))
            {
                return numbered;
            }
        }
    }

    private static IEnumerable<string> Placeholders(string address)
    {
        var start = address.IndexOf('{');
        while (start >= 0)
        {
            var end = address.IndexOf('}', start);
            if (end < 0)
            {
                yield break;
            }

            yield return address.Substring(start + 1, end - start - 1);
            start = address.IndexOf('{', end);
        }
    }

    /// <summary>The key of the channel a <c>$ref</c> names (<c>#/channels/key</c>).</summary>
    private static string? ChannelKey(JsonNode? node)
        => node is JsonObject o && Text(o["$ref"]) is { } reference && reference.StartsWith("#/channels/", StringComparison.Ordinal) && reference.IndexOf('/', "#/channels/".Length) < 0
            ? Unescape(reference.Substring("#/channels/".Length))
            : null;

    /// <summary>The node a local <c>$ref</c> chain leads to (at most 16 steps), and its pointer.</summary>
    private JsonNode? Resolve(JsonNode? node, string pointer, out string at)
    {
        at = pointer;
        for (var step = 0; step < 16 && node is JsonObject o && Text(o["$ref"]) is { } reference; step++)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                Warn(at, "the $ref '" + reference + "'", "only references inside the document are read");
                return null;
            }

            JsonNode? target = _root;
            foreach (var part in reference.Substring(2).Split('/'))
            {
                var name = Unescape(part);
                target = target is JsonObject t ? t[name] : target is JsonArray a && int.TryParse(name, out var index) && index >= 0 && index < a.Count ? a[index] : null;
                if (target is null)
                {
                    break;
                }
            }

            if (target is null)
            {
                Warn(at, "the $ref '" + reference + "'", "it does not resolve");
                return null;
            }

            node = target;
            at = reference;
        }

        return node;
    }

    private void Warn(string pointer, string what, string why)
        => _pending.Add(new PendingDiagnostic(DiagnosticDescriptors.AsyncApiLeftOut, pointer, [what, DocumentReader.PointerText(pointer), why], _source));

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");

    private static string Unescape(string part) => Uri.UnescapeDataString(part).Replace("~1", "/").Replace("~0", "~");
}

/// <summary>What the AsyncAPI reader found: the OpenAPI tree of the payload schemas, and the channels that use them.</summary>
internal sealed record AsyncApiDraft(JsonObject OpenApi, List<AsyncApiChannelDraft> Channels, string? ServerUrl);

internal sealed record AsyncApiChannelDraft(
    string Key,
    string Name,
    string Address,
    string? Title,
    string? Description,
    string ServerUrl,
    List<AsyncApiParameterDraft> Parameters,
    List<AsyncApiSendDraft> Sends,
    List<AsyncApiMessageDraft> Receives,
    string? UnionKey,
    string? RouteProperty,
    List<string> Security,
    string Pointer);

internal sealed record AsyncApiParameterDraft(string Name, string? Description, string? Default, List<string> Enum);

internal sealed record AsyncApiSendDraft(string OperationKey, string? Title, string? Description, AsyncApiMessageDraft Message, bool Deprecated);

internal sealed record AsyncApiMessageDraft(string Key, string SchemaKey, string? Title, string? Description, bool IsError, string? Correlation, List<(string Name, bool IsString)> Properties);
