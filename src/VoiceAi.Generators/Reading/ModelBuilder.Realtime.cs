using System;
using System.Collections.Generic;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Reading;

// The channels of an AsyncAPI document, read with (or as) this client: their payload schemas are component schemas of
// the document being built, so they become models, enums and unions like any other.
internal sealed partial class ModelBuilder
{
    /// <summary>The AsyncAPI channels to build, with the key each of their schema keys has in this document.</summary>
    public (AsyncApiDraft Draft, IReadOnlyDictionary<string, string> Schemas, IReadOnlyDictionary<string, string> Schemes)? Realtime { get; init; }

    /// <summary>What a connection class has of its own: a send method or the context view may not take these names.</summary>
    private static readonly string[] ConnectionMembers =
    [
        .. Naming.ObjectMembers, "ReceiveAsync", "ReadAllAsync", "DisposeAsync", "SendAsync", "Read", "ErrorText", "BinaryKind", "BinaryProperty",
        "OpenContext", "CloseContext", "CloseStatus", "CloseStatusDescription", "State", "ConnectSocketAsync", "ReceiveFromAsync", "ReadAllFromAsync", "Frame",
    ];

    private EquatableArray<RealtimeChannelSpec> BuildRealtime(List<OperationSpec> operations, List<TypeRef> roots, out string? realtimeAddress)
    {
        realtimeAddress = null;
        if (Realtime is not { } realtime)
        {
            return EquatableArray<RealtimeChannelSpec>.Empty;
        }

        var (draft, keys, schemes) = realtime;
        string Key(string key) => keys.TryGetValue(key, out var mapped) ? mapped : key;
        void Root(TypeRef type)
        {
            if (!roots.Contains(type))
            {
                roots.Add(type);
            }
        }

        if (draft.ServerUrl is { } serverUrl && !SameServer(AsyncApiReader.HttpForm(serverUrl), _client.AbsoluteServerUrl))
        {
            realtimeAddress = serverUrl;
        }

        var clientMembers = new HashSet<string>(Naming.ClientMembers, StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            clientMembers.UnionWith(Naming.OperationMembers(operation.MethodName));
            clientMembers.Add(operation.PublicName + "Async");
            if (operation.Paging is { } paging)
            {
                clientMembers.Add(paging.MethodName);
            }
        }

        var channels = new List<RealtimeChannelSpec>();
        foreach (var channel in draft.Channels)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var className = TypeName(_client.Prefix + channel.Name + "Connection", ConnectionMembers);
            var connect = Naming.MakeUnique("Connect" + channel.Name + "Async", clientMembers);
            clientMembers.Add(connect);

            var members = new HashSet<string>(ConnectionMembers, StringComparer.Ordinal) { className };
            var sends = new List<RealtimeSendSpec>();
            foreach (var send in channel.Sends)
            {
                var type = ResolveComponent(Key(send.Message.SchemaKey)).Type;
                Root(type);
                var name = Naming.ToPascalCase(send.OperationKey, "Send") + "Async";
                if (sends.Any(s => s.MethodName == name && s.Type == type))
                {
                    continue;
                }

                if (!sends.Any(s => s.MethodName == name))
                {
                    name = Naming.MakeUnique(name, members);
                    members.Add(name);
                }

                sends.Add(new RealtimeSendSpec(name, send.Title ?? send.Message.Title, send.Description ?? send.Message.Description, type, send.Deprecated));
            }

            TypeRef message;
            UnionSpec? union = null;
            if (channel.UnionKey is { } unionKey)
            {
                message = ResolveComponent(Key(unionKey)).Type;
                union = _unions.FirstOrDefault(u => u.Name == message.Name);
            }
            else
            {
                message = channel.Receives.Count == 1 ? ResolveComponent(Key(channel.Receives[0].SchemaKey)).Type : TypeRef.Json;
            }

            // A connection's message type is a class: a union, a model, a list or a map, or a string. Anything else (a
            // number, an enum struct, a free-form value, a union the model folded into one type) is read as a JsonNode.
            if (message.Kind is not (TypeKind.Model or TypeKind.Array or TypeKind.Map or TypeKind.String) || (channel.UnionKey is not null && union is null))
            {
                message = TypeRef.Json;
                union = null;
            }

            if (message.Kind != TypeKind.Json)
            {
                Root(message);
            }

            var received = new List<RealtimeMessageSpec>();
            foreach (var receive in channel.Receives)
            {
                var type = ResolveComponent(Key(receive.SchemaKey)).Type;
                Root(type);
                var model = type.Kind == TypeKind.Model ? _models.FirstOrDefault(m => m.Name == type.Name) : null;
                var required = model is not null
                    ? model.Properties.Where(p => p.Required).Select(p => p.JsonName).ToEquatableArray()
                    : EquatableArray<string>.Empty;
                var variant = union?.Variants.FirstOrDefault(v => v.Type == type)?.Name;
                if (message.Kind == TypeKind.Json)
                {
                    // Read as a JsonNode: nothing to tell apart (the payload types are still generated).
                    continue;
                }

                if (union is not null && variant is null)
                {
                    // Two messages of one shape share a type (and a variant): the first one is enough.
                    continue;
                }

                var errorText = receive.IsError
                    ? model?.Properties.FirstOrDefault(p => p.Type.Kind == TypeKind.String && p.JsonName is "error" or "message" or "detail" or "reason")?.Name
                    : null;
                var binary = model?.Properties.Where(p => p.Type.Kind == TypeKind.Bytes).ToList();
                received.Add(new RealtimeMessageSpec(
                    type,
                    variant,
                    required,
                    receive.IsError && errorText is not null,
                    errorText,
                    binary is { Count: 1 } ? binary[0].JsonName : null,
                    receive.Description ?? receive.Title));
            }

            // Told apart by the names they require: the message that requires most is tried first.
            received = received.Select((r, i) => (r, i)).OrderByDescending(p => p.r.Required.Count).ThenBy(p => p.i).Select(p => p.r).ToList();

            var parameterNames = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken" };
            // Parameters with a default come last (C# wants optional parameters after the others); the address names them.
            var parameters = channel.Parameters.Select(p =>
            {
                var name = Naming.MakeUnique(Naming.ToCamelCase(p.Name, "value"), parameterNames);
                parameterNames.Add(name);
                return new RealtimeParameterSpec(name, p.Name, p.Description, p.Default);
            }).OrderBy(p => p.Default is null ? 0 : 1).ToEquatableArray();

            string? contextMethod = null;
            if (channel.RouteProperty is { } route && received.Count > 1)
            {
                var stem = route.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || route.EndsWith("-id", StringComparison.OrdinalIgnoreCase) ? route.Substring(0, route.Length - 3)
                    : route.EndsWith("Id", StringComparison.Ordinal) && route.Length > 2 ? route.Substring(0, route.Length - 2)
                    : route;
                contextMethod = Naming.MakeUnique("For" + Naming.ToPascalCase(stem, "Context"), members);
                members.Add(contextMethod);
            }

            var security = channel.Security.Select(k => schemes.TryGetValue(k, out var mapped) ? mapped : k).Distinct().Where(k => _client.SecuritySchemes.Any(s => s.Key == k)).ToEquatableArray();
            channels.Add(new RealtimeChannelSpec(channel.Name, className, connect, channel.Address, channel.Title, channel.Description, parameters, sends.ToEquatableArray(), message, received.ToEquatableArray(), security)
            {
                Route = contextMethod is null ? null : channel.RouteProperty,
                ContextMethod = contextMethod,
            });
        }

        return channels.ToEquatableArray();
    }

    /// <summary>Whether two absolute addresses have the same scheme, host and port.</summary>
    private static bool SameServer(string a, string? b)
        => b is not null && Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            && string.Equals(x.Scheme, y.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && x.Port == y.Port
            && string.Equals(x.AbsolutePath.TrimEnd('/'), y.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);
}
