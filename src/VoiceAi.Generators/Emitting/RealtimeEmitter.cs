using System.Globalization;
using System.IO;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// Realtime (AsyncAPI WebSocket) clients: the shared support code once per client (a C# file of this project, emitted
/// verbatim), the options' realtime settings, and per channel a connection class and the client's method that opens it.
/// </summary>
internal static class RealtimeEmitter
{
    private const string Token = "__y.CancellationToken";

    private static readonly string Template = ReadTemplate();

    private static string ReadTemplate()
    {
        using var stream = typeof(RealtimeEmitter).Assembly.GetManifestResourceStream("VoiceAi.Generators.Templates.Realtime.cs")!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n");

        // The template's own header comment is not emitted.
        var start = text.IndexOf("/// <summary>", System.StringComparison.Ordinal);
        return text.Substring(start);
    }

    public static string EmitSupport(ClientInfo client, string? realtimeAddress)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        var address = realtimeAddress is null
            ? "public __x.Uri? RealtimeAddress { get; set; }"
            : "public __x.Uri? RealtimeAddress { get; set; } = new __x.Uri(" + CSharp.Literal(realtimeAddress) + ");";
        writer.Line($$"""
            public sealed partial class {{client.OptionsName}}
            {
                /// <summary>
                /// The address of the realtime (WebSocket) channels.{{(realtimeAddress is null ? " When null, the HTTP address (the HttpClient's <c>BaseAddress</c>, else <see cref=\"BaseAddress\"/>) in its WebSocket form: <c>https</c> becomes <c>wss</c>, <c>http</c> <c>ws</c>." : " Defaults to <c>" + CSharp.DocText(realtimeAddress) + "</c>, the AsyncAPI document's first WebSocket server; when set to null, the HTTP address in its WebSocket form.")}}
                /// </summary>
                {{address}}

                /// <summary>
                /// How often a realtime connection sends a keep-alive frame: 30 s by default; <see cref="__x.TimeSpan.Zero"/> turns it off.
                /// .NET sends unsolicited pongs, which keep proxies from closing an idle socket but do not notice a silent server: pass a
                /// cancellation token to the receive calls, or on .NET 9+ set <c>KeepAliveTimeout</c> through <see cref="ConfigureWebSocket"/>.
                /// </summary>
                public __x.TimeSpan RealtimeKeepAliveInterval { get; set; } = __x.TimeSpan.FromSeconds(30);

                /// <summary>How long opening a realtime connection may take, the WebSocket upgrade included: 15 s by default.</summary>
                public __x.TimeSpan RealtimeConnectTimeout { get; set; } = __x.TimeSpan.FromSeconds(15);

                /// <summary>The largest message a realtime connection reads, in bytes: 4 MiB by default, at most 1 GiB. A larger one closes the connection (1009) with a <see cref="{{client.Prefix}}RealtimeException"/>.</summary>
                public long MaxRealtimeMessageBytes { get; set; } = 4L * 1024 * 1024;

                /// <summary>
                /// How many received messages a realtime connection (and each context view) holds before it stops reading the socket: 16 by default.
                /// A slow reader holds the server back (TCP backpressure) rather than growing memory: at most this many messages of up to <see cref="MaxRealtimeMessageBytes"/> per queue
                /// (in pooled buffers, which round a size up to a power of two).
                /// </summary>
                public int RealtimeQueueMessages { get; set; } = 16;

                /// <summary>
                /// Whether the API key may be sent over an unencrypted <c>ws://</c> address to a host other than loopback: false by default,
                /// and connecting then fails with a <see cref="{{client.Prefix}}RealtimeException"/> before anything is sent.
                /// </summary>
                public bool RealtimeAllowUnencryptedCredentials { get; set; }

                /// <summary>Sets anything else of each realtime socket (a proxy, client certificates, sub-protocols) before it connects.</summary>
                public __x.Action<__x.Net.WebSockets.ClientWebSocketOptions>? ConfigureWebSocket { get; set; }
            }

            public sealed partial class {{client.ClientName}}
            {
                /// <summary>The address of a realtime channel: the realtime address (or the HTTP one as ws/wss), its path, then the channel's address.</summary>
                private __x.Uri __RealtimeUri(string path, string? query)
                {
                    var address = _options.RealtimeAddress;
                    if (address is null)
                    {
                        var http = _httpClient.BaseAddress ?? _options.BaseAddress ?? throw new __x.InvalidOperationException("The realtime channels need an address: set the options' RealtimeAddress or BaseAddress.");
                        var ws = new __x.UriBuilder(http) { Scheme = http.Scheme == "http" ? "ws" : "wss", Port = http.IsDefaultPort ? -1 : http.Port };
                        address = ws.Uri;
                    }

                    if (!address.IsAbsoluteUri || (address.Scheme != "ws" && address.Scheme != "wss"))
                    {
                        throw new __x.InvalidOperationException("The realtime address must be an absolute ws:// or wss:// address.");
                    }

                    var builder = new __x.UriBuilder(address) { Path = address.AbsolutePath.TrimEnd('/') + path };
                    if (query is not null)
                    {
                        builder.Query = (address.Query.Length > 1 ? address.Query.Substring(1) + "&" : string.Empty) + query;
                    }

                    return builder.Uri;
                }
            }

            """);
        writer.Line(Template.Replace("__P__", client.Prefix).TrimEnd('\n'));
        return writer.ToString();
    }

    public static string EmitChannel(ClientInfo client, RealtimeChannelSpec channel)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        var message = channel.Message.Kind == TypeKind.Json ? "__x.Text.Json.Nodes.JsonNode" : CSharp.TypeName(client, channel.Message);
        var connection = CSharp.Ns + channel.ClassName;
        var baseType = CSharp.Ns + client.Prefix + "RealtimeConnection<" + message + ">";
        var received = channel.Received;
        var names = received.SelectMany(r => r.Required).Distinct().Take(64).ToList();
        if (channel.Route is { } route && !names.Contains(route) && names.Count < 64)
        {
            names.Add(route);
        }

        // A kind is told by its required names only when no other kind requires the same ones (and it requires some):
        // otherwise the union reads the message (its discriminator or its shape), and no kind is decoded as binary.
        var masks = received.Select(r => Mask(r, names)).ToList();
        bool Certain(int i) => received[i].Type.Kind == TypeKind.Model && (received.Count == 1 || (masks[i] != "0x0UL" && masks.Count(m => m == masks[i]) == 1));

        // The client's method that opens the channel, documented once on the interface.
        var parameters = string.Concat(channel.Parameters.Select(p => "string " + p.Name + (p.Default is { } value ? " = " + CSharp.Literal(value) : string.Empty) + ", "));
        using (writer.Block("public partial interface " + client.InterfaceName))
        {
            CSharp.Summary(writer, "Opens " + (channel.Title ?? channel.Name) + (channel.Description is { } d ? ": " + d : "."));
            writer.Line("/// <remarks>WebSocket <c>" + CSharp.DocText(channel.Address) + "</c>, with the client's API key and options. Dispose the connection to close it.</remarks>");
            foreach (var parameter in channel.Parameters)
            {
                CSharp.DocElement(writer, "param", parameter.Description ?? parameter.WireName, "name=\"" + parameter.Name + "\"");
            }

            writer.Line("/// <param name=\"cancellationToken\">Cancels the connecting (not the connection).</param>");
            writer.Line("/// <exception cref=\"" + client.Prefix + "RealtimeException\">The connection could not be made (a refused upgrade keeps its HTTP status).</exception>");
            writer.Line("__y.Tasks.Task<" + connection + "> " + channel.ConnectMethod + "(" + parameters + Token + " cancellationToken = default);");
        }

        writer.Line();
        using (writer.Block("public sealed partial class " + client.ClientName))
        {
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public async __y.Tasks.Task<" + connection + "> " + channel.ConnectMethod + "(" + parameters + Token + " cancellationToken = default)"))
            {
                writer.Line("var __headers = new __x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>>();");
                writer.Line("string? __query = null;");
                foreach (var scheme in client.SecuritySchemes.Where(s => channel.Security.Contains(s.Key)))
                {
                    switch (scheme.Kind)
                    {
                        case SecurityKind.Bearer:
                            writer.Line("if (_options.ApiKey is { Length: > 0 } __bearer) __headers.Add(new(\"Authorization\", \"Bearer \" + __bearer));");
                            break;
                        case SecurityKind.ApiKeyHeader:
                            writer.Line("if (_options.ApiKey is { Length: > 0 } __" + Index(client, scheme) + ") __headers.Add(new(" + CSharp.Literal(scheme.ParameterName) + ", __" + Index(client, scheme) + "));");
                            break;
                        case SecurityKind.ApiKeyCookie:
                            writer.Line("if (_options.ApiKey is { Length: > 0 } __" + Index(client, scheme) + ") __headers.Add(new(\"Cookie\", " + CSharp.Literal(scheme.ParameterName + "=") + " + __x.Uri.EscapeDataString(__" + Index(client, scheme) + ")));");
                            break;
                        case SecurityKind.ApiKeyQuery:
                            writer.Line("if (_options.ApiKey is { Length: > 0 } __" + Index(client, scheme) + ") __query = (__query is null ? string.Empty : __query + \"&\") + " + CSharp.Literal(System.Uri.EscapeDataString(scheme.ParameterName) + "=") + " + __x.Uri.EscapeDataString(__" + Index(client, scheme) + ");");
                            break;
                        case SecurityKind.Basic:
                            writer.Line("if (_options.Username is { } __user) __headers.Add(new(\"Authorization\", \"Basic \" + __x.Convert.ToBase64String(__x.Text.Encoding.UTF8.GetBytes(__user + \":\" + _options.Password))));");
                            break;
                    }
                }

                writer.Line("var __uri = __RealtimeUri(" + AddressExpression(channel) + ", __query);");
                if (client.SecuritySchemes.Any(s => channel.Security.Contains(s.Key)))
                {
                    writer.Line("if (__uri.Scheme == \"ws\" && !__uri.IsLoopback && (__headers.Count > 0 || __query is not null) && !_options.RealtimeAllowUnencryptedCredentials) throw new " + client.Prefix + "RealtimeException(\"The realtime address \" + __uri.GetComponents(__x.UriComponents.SchemeAndServer, __x.UriFormat.UriEscaped) + \" is unencrypted (ws://): the API key is not sent there. Use wss://, or set the options' RealtimeAllowUnencryptedCredentials.\");");
                }

                writer.Line("var __socket = await " + baseType + ".ConnectSocketAsync(__uri, __headers, _options.RealtimeKeepAliveInterval, _options.RealtimeConnectTimeout, _options.ConfigureWebSocket, cancellationToken).ConfigureAwait(false);");
                writer.Line("return new " + connection + "(__socket, _options.RealtimeQueueMessages, _options.MaxRealtimeMessageBytes);");
            }
        }

        writer.Line();
        CSharp.Summary(writer, (channel.Title is { } title ? title + ": " : string.Empty) + (channel.Description ?? "a WebSocket connection to " + channel.Address + "."));
        writer.Line("/// <remarks>Opened by <see cref=\"" + client.ClientName + "." + channel.ConnectMethod + "\"/>. Sends are serialized; received messages are queued (bounded) as they arrive.</remarks>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed partial class " + channel.ClassName + " : " + baseType))
        {
            writer.Line("private static readonly byte[][] s_names = { " + string.Join(", ", names.Select(n => CSharp.Utf8Literal(n) + ".ToArray()")) + " };");
            writer.Line("private static readonly ulong[] s_required = { " + string.Join(", ", masks) + " };");
            writer.Line();
            writer.Line("internal " + channel.ClassName + "(__x.Net.WebSockets.WebSocket socket, int capacity, long maxMessageBytes)");
            writer.Line("    : base(socket, capacity, maxMessageBytes, s_names, s_required, " + (channel.Route is { } r2 ? names.IndexOf(r2).ToString(CultureInfo.InvariantCulture) : "-1") + ")");
            writer.Line("{");
            writer.Line("}");

            foreach (var send in channel.Sends)
            {
                writer.Line();
                CSharp.Summary(writer, send.Summary ?? "Sends " + send.Type.Name + ".", send.Description);
                if (send.Deprecated)
                {
                    writer.Line("[__x.Obsolete]");
                }

                writer.Line("public __y.Tasks.Task " + send.MethodName + "(" + CSharp.TypeName(client, send.Type) + " message, " + Token + " cancellationToken = default)");
                writer.Line("    => SendAsync(message, " + CSharp.TypeInfoReference(client, send.Type) + ", cancellationToken);");
            }

            if (channel.ContextMethod is { } contextMethod)
            {
                writer.Line();
                writer.Line("/// <summary>The messages whose <c>" + CSharp.DocText(channel.Route!) + "</c> is <paramref name=\"id\"/>, as their own stream, while other contexts run on this connection. Dispose the view when the context is done.</summary>");
                writer.Line("public " + CSharp.Ns + client.Prefix + "RealtimeContext<" + message + "> " + contextMethod + "(string id) => OpenContext(id);");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("protected override " + message + " Read(__x.ReadOnlySpan<byte> json, int kind)"))
            {
                if (channel.Message.Kind == TypeKind.Json)
                {
                    writer.Line("return __x.Text.Json.Nodes.JsonNode.Parse(json) ?? throw new __j.JsonException(\"The message is null.\");");
                }
                else if (received.Count == 1 && received[0].VariantName is null)
                {
                    writer.Line("return __j.JsonSerializer.Deserialize(json, " + CSharp.TypeInfoReference(client, received[0].Type) + ") ?? throw new __j.JsonException(\"The message is null.\");");
                }
                else
                {
                    writer.Line("switch (kind)");
                    writer.Line("{");
                    writer.Indent();
                    for (var i = 0; i < received.Count; i++)
                    {
                        if (!Certain(i))
                        {
                            continue;
                        }

                        writer.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ":");
                        writer.Line("    if (TryRead(json, " + CSharp.TypeInfoReference(client, received[i].Type) + ") is { } __" + i.ToString(CultureInfo.InvariantCulture) + ") return " + message + ".From" + received[i].VariantName + "(__" + i.ToString(CultureInfo.InvariantCulture) + ");");
                        writer.Line("    break;");
                    }

                    writer.Unindent();
                    writer.Line("}");
                    writer.Line();
                    writer.Line("using var __document = __j.JsonDocument.Parse(json.ToArray());");
                    writer.Line("return " + message + ".FromJson(__document.RootElement);");
                }
            }

            var errors = received.Select((m, i) => (m, i)).Where(p => p.m.IsError && p.m.ErrorText is not null && p.m.VariantName is not null).ToList();
            if (errors.Count > 0)
            {
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line("protected override string? ErrorText(" + message + " message)");
                writer.Line("    => " + string.Concat(errors.Select(e => "message.As" + e.m.VariantName + " is { } __" + e.i.ToString(CultureInfo.InvariantCulture) + " ? __" + e.i.ToString(CultureInfo.InvariantCulture) + "." + e.m.ErrorText + " ?? string.Empty : ")) + "null;");
                var errorKinds = errors.Where(e => Certain(e.i)).Select(e => e.i.ToString(CultureInfo.InvariantCulture)).ToList();
                if (errorKinds.Count > 0 && channel.Route is not null)
                {
                    writer.Line();
                    writer.Line("/// <inheritdoc/>");
                    writer.Line("protected override bool IsErrorKind(int kind) => kind is " + string.Join(" or ", errorKinds) + ";");
                }
            }

            var binary = received.Select((m, i) => (m, i)).FirstOrDefault(p => p.m.BinaryProperty is not null && Certain(p.i));
            if (binary.m is not null)
            {
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line("protected override int BinaryKind => " + binary.i.ToString(CultureInfo.InvariantCulture) + ";");
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line("protected override __x.ReadOnlySpan<byte> BinaryProperty => " + CSharp.Utf8Literal(binary.m.BinaryProperty!) + ";");
            }
        }

        return writer.ToString();
    }

    private static string Index(ClientInfo client, SecuritySchemeSpec scheme) => "key" + client.SecuritySchemes.ToList().IndexOf(scheme).ToString(CultureInfo.InvariantCulture);

    /// <summary>The channel's address as a C# expression: literal parts, and each parameter as an escaped path segment.</summary>
    private static string AddressExpression(RealtimeChannelSpec channel)
    {
        var address = channel.Address.StartsWith("/", System.StringComparison.Ordinal) ? channel.Address : "/" + channel.Address;
        var parts = new System.Collections.Generic.List<string>();
        var rest = address;
        while (rest.Length > 0)
        {
            var open = rest.IndexOf('{');
            var close = open < 0 ? -1 : rest.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                parts.Add(CSharp.Literal(rest));
                break;
            }

            if (open > 0)
            {
                parts.Add(CSharp.Literal(rest.Substring(0, open)));
            }

            var wire = rest.Substring(open + 1, close - open - 1);
            var parameter = channel.Parameters.First(p => p.WireName == wire);
            parts.Add("PathSegment(" + parameter.Name + ", nameof(" + parameter.Name + "))");
            rest = rest.Substring(close + 1);
        }

        return string.Join(" + ", parts);
    }

    private static string Mask(RealtimeMessageSpec message, System.Collections.Generic.List<string> names)
    {
        ulong mask = 0;
        foreach (var name in message.Required)
        {
            var index = names.IndexOf(name);
            if (index >= 0)
            {
                mask |= 1UL << index;
            }
        }

        return "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";
    }
}
