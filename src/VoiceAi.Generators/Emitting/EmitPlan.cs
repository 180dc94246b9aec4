using System.Collections.Generic;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// One generated file's input. The pipeline fans the model out into these, so that editing one schema
/// changes one <see cref="TypesFile"/> and only that file is emitted again.
/// </summary>
internal abstract record FileSpec(ClientInfo Client)
{
    public abstract string HintName { get; }

    protected string Hint(string kind, string name) => Client.Namespace + "." + Client.ClientName + "." + kind + (name.Length == 0 ? string.Empty : "." + name) + ".g.cs";

    public abstract string Emit();
}

/// <summary>
/// The client. Server-sent events need System.Net.ServerSentEvents (in the .NET 9+ framework, a package for .NET 8):
/// without it, text/event-stream responses are binary streams and the streaming twins are left out.
/// </summary>
internal sealed record ClientFile(ClientInfo Client, EquatableArray<OperationSpec> Operations, bool ServerSentEvents = true, bool Logging = false) : FileSpec(Client)
{
    public override string HintName => Hint("Client", string.Empty);

    /// <summary>The sub-clients (OpenApiGroupBy="Tags").</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = EquatableArray<GroupSpec>.Empty;

    public override string Emit() => ClientEmitter.Emit(Client, ServerSentEvents ? Operations : WithoutEvents(Operations), Logging, Groups);

    private static EquatableArray<OperationSpec> WithoutEvents(EquatableArray<OperationSpec> operations)
        => operations
            .Where(o => !o.IsStreamingVariant)
            .Select(o => o.Response.Kind == ResponseKind.EventStream ? o with { Response = o.Response with { Kind = ResponseKind.Binary, Type = TypeRef.Binary } } : o)
            .ToEquatableArray();
}

/// <summary>
/// The JSON metadata and the support class; with <paramref name="Unions"/> that also has what unions read with, and with
/// <paramref name="UnionShapes"/> how they choose among several object or list variants.
/// </summary>
internal sealed record JsonFile(ClientInfo Client, EquatableArray<TypeRef> Types, bool Unions = false, bool UnionShapes = false, bool StringEnums = false) : FileSpec(Client)
{
    public override string HintName => Hint("Json", string.Empty);

    public override string Emit() => SupportEmitter.EmitJson(Client, Types, Unions, UnionShapes, StringEnums);
}

internal sealed record ExceptionFile(ClientInfo Client, EquatableArray<ErrorTypeSpec> ErrorTypes) : FileSpec(Client)
{
    public override string HintName => Hint("Exception", string.Empty);

    public override string Emit() => SupportEmitter.EmitException(Client, ErrorTypes);
}

/// <summary>The options; with <paramref name="Logging"/> (Microsoft.Extensions.Logging.Abstractions referenced) they take an ILogger.</summary>
internal sealed record OptionsFile(ClientInfo Client, bool Logging = false) : FileSpec(Client)
{
    public override string HintName => Hint("Options", string.Empty);

    public override string Emit() => SupportEmitter.EmitOptions(Client, Logging);
}

internal sealed record BinaryResponseFile(ClientInfo Client) : FileSpec(Client)
{
    public override string HintName => Hint("BinaryResponse", string.Empty);

    public override string Emit() => SupportEmitter.EmitBinaryResponse(Client);
}

/// <summary>
/// The models, enums and unions whose names fall in one of <see cref="EmitPlan.TypeFileCount"/> groups (a stable hash of
/// the name): Roslyn's driver pays per generated file, so a document of thousands of types gets a few dozen files. The
/// group of a type depends on its name alone, so an edit to one schema re-emits only the file that holds it.
/// </summary>
internal sealed record TypesFile(ClientInfo Client, int Group, EquatableArray<ModelSpec> Models, EquatableArray<EnumSpec> Enums, EquatableArray<UnionSpec> Unions) : FileSpec(Client)
{
    public override string HintName => Hint("Types", Group.ToString("00", System.Globalization.CultureInfo.InvariantCulture));

    public override string Emit()
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, Client);
        var first = true;
        foreach (var model in Models)
        {
            Separate(writer, ref first);
            ModelEmitter.Write(writer, Client, model);
        }

        foreach (var spec in Enums)
        {
            Separate(writer, ref first);
            EnumEmitter.Write(writer, Client, spec);
        }

        foreach (var union in Unions)
        {
            Separate(writer, ref first);
            UnionEmitter.Write(writer, Client, union);
        }

        return writer.ToString();
    }

    private static void Separate(SourceWriter writer, ref bool first)
    {
        if (!first)
        {
            writer.Line();
        }

        first = false;
    }
}

/// <summary>The IServiceCollection extension, emitted only when the project references Microsoft.Extensions.Http.</summary>
internal sealed record DependencyInjectionFile(ClientInfo Client, bool Logging = false) : FileSpec(Client)
{
    public override string HintName => Hint("DependencyInjection", string.Empty);

    /// <summary>The sub-clients (OpenApiGroupBy="Tags"): each interface is registered too.</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = EquatableArray<GroupSpec>.Empty;

    public override string Emit() => SupportEmitter.EmitDependencyInjection(Client, Logging, Groups);
}

/// <summary>The realtime support code and the options' realtime settings, for a client with AsyncAPI channels.</summary>
internal sealed record RealtimeSupportFile(ClientInfo Client, string? RealtimeAddress) : FileSpec(Client)
{
    public override string HintName => Hint("Realtime", string.Empty);

    public override string Emit() => RealtimeEmitter.EmitSupport(Client, RealtimeAddress);
}

/// <summary>One WebSocket channel: its connection class and the client's method that opens it.</summary>
internal sealed record RealtimeChannelFile(ClientInfo Client, RealtimeChannelSpec Channel) : FileSpec(Client)
{
    public override string HintName => Hint("Realtime", Channel.Name);

    public override string Emit() => RealtimeEmitter.EmitChannel(Client, Channel);
}

/// <summary>The text of one generated file.</summary>
internal sealed record GeneratedFile(string HintName, string Text);

internal static class EmitPlan
{
    public static IEnumerable<FileSpec> Files(ApiModel? model, bool serverSentEvents = true, bool logging = false)
    {
        if (model is null)
        {
            yield break;
        }

        var client = model.Client;
        yield return new OptionsFile(client, logging);
        yield return new ExceptionFile(client, model.ErrorTypes);
        yield return new BinaryResponseFile(client);
        yield return new ClientFile(client, model.Operations, serverSentEvents, logging) { Groups = model.Groups };
        yield return new JsonFile(client, JsonTypes(model), model.Unions.Count > 0, model.Unions.Any(UnionEmitter.ChoosesByShape), !client.PlainEnums && model.Enums.Any(e => e.IsString));
        if (model.Realtime.Count > 0)
        {
            yield return new RealtimeSupportFile(client, model.RealtimeAddress);
            foreach (var channel in model.Realtime)
            {
                yield return new RealtimeChannelFile(client, channel);
            }
        }

        var models = model.Models.ToLookup(m => TypeFileGroup(m.Name));
        var enums = model.Enums.ToLookup(e => TypeFileGroup(e.Name));
        var unions = model.Unions.ToLookup(u => TypeFileGroup(u.Name));
        for (var group = 0; group < TypeFileCount; group++)
        {
            if (models.Contains(group) || enums.Contains(group) || unions.Contains(group))
            {
                yield return new TypesFile(client, group, models[group].ToEquatableArray(), enums[group].ToEquatableArray(), unions[group].ToEquatableArray());
            }
        }
    }

    /// <summary>
    /// How many files the types are spread over, at most. Roslyn's driver charges per generated file on every run, cached
    /// or not (GitHub: 6,929 files cost 160 ms a keystroke), and hardly per character; a few dozen files cost well under a
    /// millisecond, and an edit to one schema re-emits a 64th of the types.
    /// </summary>
    public const int TypeFileCount = 64;

    /// <summary>The file group of a type: FNV-1a of its name's UTF-16 code units (stable across runs and processes, unlike string.GetHashCode).</summary>
    public static int TypeFileGroup(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % TypeFileCount);
    }

    /// <summary>Every model and enum, then the other types that requests and responses use as a whole.</summary>
    private static EquatableArray<TypeRef> JsonTypes(ApiModel model)
    {
        var types = model.Models.Select(m => new TypeRef(TypeKind.Model, m.Name))
            .Concat(model.Enums.Select(e => new TypeRef(TypeKind.Enum, e.Name)))
            .Concat(model.Unions.Select(u => new TypeRef(TypeKind.Model, u.Name)))
            .ToList();
        foreach (var root in model.RootTypes)
        {
            if (!types.Contains(root))
            {
                types.Add(root);
            }
        }

        return types.ToEquatableArray();
    }

    public static GeneratedFile Emit(FileSpec file) => new(file.HintName, file.Emit());
}
