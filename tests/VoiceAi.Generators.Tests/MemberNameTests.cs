using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Reading;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// Names from the document that every generated type already has a member of (inherited, or one the generator writes),
/// or that are the type's own name, are renamed by Naming's one rule (the smallest number from 2 that frees every name
/// the member brings); the JSON names, enum values and wire names stay as the document has them.
/// Documents/members.yaml has each of them in several casings.
/// </summary>
public class MemberNameTests
{
    private static readonly Lazy<GenerationResult> Members = new(() => GeneratorHarness.Run(new TestDocument("members.yaml", File.ReadAllText(TestPaths.Document("members.yaml")), "MembersClient", "Members")));

    private static readonly Lazy<Assembly> Loaded = new(() => Members.Value.Load());

    [Fact]
    public void A_document_named_after_every_member_compiles_clean_with_every_warning_wave()
    {
        var result = Members.Value;

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8785" or "VOAI999" || d.Severity == DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        // A name taken by the client's own methods is not another operation's: no VOAI004.
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI004");
    }

    [Fact]
    public void Properties_named_after_the_record_s_members_are_renamed_by_the_rule()
    {
        var thing = Generated("Thing");
        // Document order: the first that wants a taken name gets 2, the next 3.
        foreach (var name in new[] { "ToString2", "ToString3", "TOSTRING", "ToString4", "Tostring", "Equals2", "GetHashCode2", "GetType2", "MemberwiseClone2", "Finalize2", "ReferenceEquals2", "EqualityContract2", "PrintMembers2", "Deconstruct2", "Clone2", "AdditionalProperties2", "AdditionalProperties3", "Thing2", "Thing3", "Instance", "Read", "Write", "Value", "IsKnown", "Json", "Foo", "FooIsSet2", "Mode" })
        {
            Assert.True(thing.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly) is not null, "Thing has no property " + name);
        }

        // The record's own members are still the record's.
        Assert.NotNull(thing.GetProperty("AdditionalProperties"));
        Assert.Equal(typeof(string), thing.GetMethod("ToString", Type.EmptyTypes)!.ReturnType);
    }

    [Fact]
    public void Renamed_properties_keep_their_wire_names_through_the_generated_converter()
    {
        var json = """
            {"toString":"a","ToString":"b","TOSTRING":"c","to_string":"d","tostring":"e","equals":"f","getHashCode":"g","getType":"h",
             "memberwiseClone":"i","finalize":"j","referenceEquals":"k","equalityContract":"l","printMembers":"m","deconstruct":"n",
             "<Clone>$":"o","additionalProperties":"p","additional_properties":"q","thing":"r","Thing":"s","instance":"t","read":"u",
             "write":"v","value":"w","isKnown":true,"json":"x","foo":null,"fooIsSet":"y","mode":"toString","unlisted":1}
            """;
        var thing = Generated("Thing");
        var value = JsonSerializer.Deserialize(json, thing)!;

        Assert.Equal("a", thing.GetProperty("ToString2")!.GetValue(value));
        Assert.Equal("d", thing.GetProperty("ToString4")!.GetValue(value));
        Assert.Equal("f", thing.GetProperty("Equals2")!.GetValue(value));
        Assert.Equal("r", thing.GetProperty("Thing2")!.GetValue(value));
        Assert.Equal("y", thing.GetProperty("FooIsSet2")!.GetValue(value));
        var extra = (IReadOnlyDictionary<string, JsonElement>)thing.GetProperty("AdditionalProperties")!.GetValue(value)!;
        Assert.Equal(1, extra["unlisted"].GetInt32());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(value, thing))), JsonSerializer.Serialize(value, thing));

        // A property with a default and one that tracks null, whose backing fields would have had the same name.
        var unset = JsonSerializer.Deserialize("""{"toString":"a","equals":"f"}""", thing)!;
        Assert.Equal("x", thing.GetProperty("FooIsSet2")!.GetValue(unset));
        Assert.Equal("""{"toString":"a","equals":"f"}""", JsonSerializer.Serialize(unset, thing));
    }

    [Fact]
    public void Enum_values_named_after_the_struct_s_members_keep_their_values()
    {
        var mode = Generated("Mode");
        var expected = new Dictionary<string, string>
        {
            ["Value2"] = "value", ["Value3"] = "Value", ["Value4"] = "VALUE", ["IsKnown2"] = "isKnown", ["IsKnown3"] = "is_known",
            ["KnownValues2"] = "knownValues", ["ToString2"] = "toString", ["Tostring"] = "TOSTRING", ["Equals2"] = "equals",
            ["GetHashCode2"] = "getHashCode", ["GetType2"] = "getType", ["MemberwiseClone2"] = "memberwiseClone", ["Finalize2"] = "finalize",
            ["ReferenceEquals2"] = "referenceEquals", ["Mode2"] = "mode", ["Value5"] = "*", ["Empty"] = "", ["Plain"] = "plain",
        };
        foreach (var (member, wire) in expected)
        {
            var value = mode.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            Assert.True(value is not null, "Mode has no member " + member);
            Assert.Equal(wire, mode.GetProperty("Value")!.GetValue(value));
            var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(wire), mode)!;
            Assert.Equal(value, read);
            Assert.True((bool)mode.GetProperty("IsKnown")!.GetValue(read)!, wire + " is not known");
            Assert.Equal(JsonSerializer.Serialize(wire), JsonSerializer.Serialize(read, mode));
        }

        Assert.Equal(expected.Count, ((System.Collections.ICollection)mode.GetProperty("KnownValues")!.GetValue(null)!).Count);
    }

    [Fact]
    public void Union_variants_whose_members_would_be_the_union_s_own_are_renamed()
    {
        var choice = Generated("Choice");
        // Known would give IsKnown, Json FromJson: both the union's. Value and VariantName give IsValue, AsVariantName…: free.
        foreach (var name in new[] { "IsKnown2", "AsKnown2", "IsJson2", "AsJson2", "IsValue", "AsValue", "IsVariantName", "IsString" })
        {
            Assert.True(choice.GetProperty(name) is not null, "Choice has no property " + name);
        }

        Assert.NotNull(choice.GetMethod("FromKnown2"));
        Assert.NotNull(choice.GetMethod("FromJson2"));
        var fromJson = choice.GetMethod("FromJson", [typeof(JsonElement)])!;
        var known = fromJson.Invoke(null, [JsonDocument.Parse("""{"known":"k"}""").RootElement.Clone()])!;
        Assert.True((bool)choice.GetProperty("IsKnown2")!.GetValue(known)!);
        Assert.True((bool)choice.GetProperty("IsKnown")!.GetValue(known)!);
        Assert.Equal("Known2", choice.GetProperty("VariantName")!.GetValue(known));
        var json = fromJson.Invoke(null, [JsonDocument.Parse("""{"json":"j"}""").RootElement.Clone()])!;
        Assert.True((bool)choice.GetProperty("IsJson2")!.GetValue(json)!);
        Assert.Equal("""{"json":"j"}""", JsonSerializer.Serialize(json, choice));

        // IsCat's variant Cat would give a member named like the union (CS0542).
        var isCat = Generated("IsCat");
        Assert.NotNull(isCat.GetProperty("IsCat2"));
        Assert.NotNull(isCat.GetProperty("IsInteger"));
    }

    [Fact]
    public void Operations_and_parameters_named_after_the_client_s_own_keep_their_wire_names()
    {
        var client = Members.Value.Source("Members.MembersClient.Client.g.cs");

        foreach (var method in new[] { "Send2Async(", "EnsureSuccess2Async(", "ReadJson2Async(", "ReadJsonOrNull2Async(", "ReadText2Async(", "OpenBody2Async(", "OpenBodySlowly2Async(", "ReadErrorBody2Async(", " ToStringAsync(", " GetHashCodeAsync(" })
        {
            Assert.Contains(method, client, StringComparison.Ordinal);
        }

        Assert.Contains("PathSegment(request2, nameof(request2))", client, StringComparison.Ordinal);
        Assert.Contains("AppendQuery(__query, \"requestOptions\", requestOptions2);", client, StringComparison.Ordinal);
        Assert.Contains("AppendQuery(__query, \"observe\", observe2);", client, StringComparison.Ordinal);
        Assert.Contains("AppendQuery(__query, \"cancellationToken\", cancellationToken2);", client, StringComparison.Ordinal);
        Assert.Contains("__httpRequest.Headers.Add(\"cancellation_token\", cancellationToken3);", client, StringComparison.Ordinal);
        Assert.Contains("__cookies.Add(\"REQUEST=\" + __x.Uri.EscapeDataString(request3));", client, StringComparison.Ordinal);
        Assert.Contains("AppendQuery(__query, \"__uri\", uri);", client, StringComparison.Ordinal);
        Assert.Contains("__m.Thing request, __m.MembersClientRequestOptions requestOptions,", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_bodies_named_after_the_exception_s_members_get_their_own_property()
    {
        var exception = Members.Value.Source("Members.MembersClient.Exception.g.cs");

        Assert.Contains("public __m.Problem? Error => Body as __m.Problem;", exception, StringComparison.Ordinal);
        foreach (var (type, property) in new[] { ("Error", "Error2"), ("ReasonPhrase", "ReasonPhrase2"), ("GetBody", "GetBody2"), ("Data", "Data2"), ("Message", "Message2"), ("Printable", "Printable2"), ("CreateMessage", "CreateMessage2") })
        {
            Assert.Contains("public __m." + type + "? " + property + " => Body as __m." + type + ";", exception, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Types_named_like_another_s_converter_or_a_member_of_their_kind_or_differing_only_in_case_get_their_own_names_and_files()
    {
        var types = Members.Value.TypeNames;

        Assert.Contains("Foo", types);
        Assert.Contains("FooJsonConverter2", types);
        Assert.Contains("PET", types);
        Assert.Contains("Pet2", types);
        // Named after a member of their kind: a record ToString, an enum KnownValues, a union WriteTo.
        Assert.Contains("ToString2", types);
        Assert.Contains("ReferenceEquals2", types);
        Assert.Contains("public readonly partial struct KnownValues2", Members.Value.TypeSource("KnownValues2"), StringComparison.Ordinal);
        Assert.Contains("public sealed partial class WriteTo2", Members.Value.TypeSource("WriteTo2"), StringComparison.Ordinal);
        // Default and Options keep their names: their metadata is the resolver's Default_TypeInfo and Options_TypeInfo.
        Assert.Contains("Options", types);
        Assert.Contains("public __t.JsonTypeInfo<__m.Options> Options_TypeInfo =>", Members.Value.Source("Members.MembersClient.Json.g.cs"), StringComparison.Ordinal);
        // Type names differ ignoring case too (and so do the files, on a file system that ignores case).
        Assert.Equal(types.Count, types.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var hints = Members.Value.Sources.Select(s => s.HintName).ToList();
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>
    /// The reserved lists of Naming are what the emitters write: every member each generated type has, inherited or
    /// its own, is in its kind's list, or is one the document's names brought (listed here for a small document).
    /// </summary>
    [Fact]
    public void The_reserved_lists_name_every_member_each_generated_type_has()
    {
        const string Yaml = """
            openapi: 3.1.0
            info: {title: Lists, version: "1"}
            servers: [{url: /v2}]
            paths:
              /op:
                post:
                  operationId: op
                  requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Rec"}}}}
                  responses:
                    "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Un"}}}}
                    "202": {description: queued, content: {application/json: {schema: {$ref: "#/components/schemas/En"}}}}
                    "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Rec"}}}}
              /text:
                get:
                  operationId: text
                  responses: {"200": {description: ok, content: {text/plain: {schema: {type: string}}}}}
              /events:
                get:
                  operationId: events
                  responses: {"200": {description: ok, content: {text/event-stream: {schema: {type: string}}}}}
            components:
              schemas:
                Rec:
                  type: object
                  properties:
                    p: {type: [string, "null"]}
                    q: {type: string, default: d}
                En: {type: string, enum: [m]}
                Un:
                  oneOf:
                    - $ref: "#/components/schemas/Rec"
                    - type: string
            """;
        var compilation = GeneratorHarness.CreateCompilation(["Microsoft.Extensions.Logging.Abstractions"], "namespace Consumer { internal static class Empty { } }");
        GeneratorHarness.CreateDriver([new TestDocument("lists.yaml", Yaml, "ListsClient", "Lists")]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // AdditionalProperties is the record's own too, claimed first by the rule.
        Check("Rec", Naming.RecordMembers, "AdditionalProperties", "P", "__P", "__PIsSet", "Q", "__Q");
        Check("En", Naming.EnumStructMembers, "M");
        Check("Un", Naming.UnionMembers, "FromRec", "IsRec", "AsRec", "FromString", "IsString", "AsString");
        Check("ListsClient", Naming.ClientMembers, "OpAsync", "OpCoreAsync", "OpWithResponseAsync", "__Parse_400_Rec", "TextAsync", "TextCoreAsync", "TextWithResponseAsync", "EventsAsync", "EventsCoreAsync");
        Check("ListsApiException", Naming.ExceptionMembers, "Error");
        Check("OpResult", Naming.ResultMembers, "Ok", "Accepted");

        void Check(string typeName, IReadOnlyCollection<string> reserved, params string[] fromTheDocument)
        {
            var type = output.GetTypeByMetadataName("Lists." + typeName);
            Assert.True(type is not null, "no type " + typeName);
            var missing = MemberNames(output, type!).Except(reserved).Except(fromTheDocument).Except([typeName]).ToList();
            Assert.True(missing.Count == 0, typeName + " has members its reserved list does not name: " + string.Join(", ", missing));
        }
    }

    /// <summary>Every member name a type has that C# code can name: its own (nested types too) and the ones it inherits that it can see.</summary>
    private static IEnumerable<string> MemberNames(Compilation compilation, INamedTypeSymbol type)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var inherited = !SymbolEqualityComparer.Default.Equals(current, type);
                if (!member.CanBeReferencedByName || (inherited && !compilation.IsSymbolAccessibleWithin(member, type))
                    || member is IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Destructor) })
                {
                    continue;
                }

                names.Add(member.Name);
            }
        }

        return names;
    }

    /// <summary>
    /// Every generated file has the aliases <c>__j</c> (System.Text.Json) and <c>__s</c> (the support class), and the
    /// converters and capture helpers have their own locals, fields and names: schemas, properties (with backing fields),
    /// parameters and operations named like any of them still compile, and read and write their own wire names.
    /// </summary>
    [Fact]
    public void Names_like_the_generated_aliases_locals_and_helpers_keep_out_of_their_way()
    {
        const string Document = """
            openapi: 3.0.3
            info: { title: Aliases, version: '1' }
            paths:
              /capture/{__observe}:
                get:
                  operationId: capture
                  parameters:
                    - { name: __observe, in: path, required: true, schema: { type: string } }
                    - { name: __j, in: query, schema: { type: string } }
                    - { name: __s, in: query, schema: { type: string } }
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/__j' } } } }
              /capture-empty:
                post:
                  operationId: captureEmpty
                  requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/__s' } } } }
                  responses:
                    '204': { description: none }
            components:
              schemas:
                __j:
                  type: object
                  required: [v0]
                  properties:
                    j: { type: string, default: q }
                    s: { type: integer, default: 3 }
                    __j: { type: string, default: x }
                    __s: { type: string, nullable: true }
                    n0: { type: string }
                    v0: { type: string }
                    h0: { type: boolean }
                    p0: { $ref: '#/components/schemas/J' }
                    extra: { type: string }
                    name: { type: string }
                    reader: { type: string }
                    writer: { type: string }
                    options: { type: string }
                    value: { type: string }
                __s: { type: object, properties: { __observe: { type: string } } }
                J: { type: string, enum: [a, b] }
                S: { type: object, additionalProperties: { type: integer } }
                N0: { type: object, properties: { v0: { $ref: '#/components/schemas/S' } } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("aliases.yaml", Document, "AliasesClient", "Aliases"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var assembly = result.Load();
        var model = assembly.GetTypes().Single(t => t.Namespace == "Aliases" && t.GetProperty("N0") is not null && t.GetProperty("Extra") is not null);
        var json = """{"j":"a","s":4,"__j":"y","__s":null,"n0":"n","v0":"v","h0":true,"p0":"b","extra":"e","name":"m","reader":"r","writer":"w","options":"o","value":"x"}""";
        var value = JsonSerializer.Deserialize(json, model)!;
        Assert.Equal(json, JsonSerializer.Serialize(value, model));

        // The operations keep their own names: the client's helpers begin with "__", which no operation's name does.
        var client = assembly.GetType("Aliases.AliasesClient", throwOnError: true)!;
        foreach (var name in new[] { "CaptureAsync", "CaptureWithResponseAsync", "CaptureEmptyAsync", "CaptureEmptyWithResponseAsync" })
        {
            Assert.True(client.GetMethods().Any(m => m.Name == name), "AliasesClient has no method " + name);
        }
    }

    private static Type Generated(string name) => Loaded.Value.GetType("Members." + name, throwOnError: true)!;
}
