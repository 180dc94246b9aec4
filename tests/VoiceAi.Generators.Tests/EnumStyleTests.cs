using System.Reflection;
using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// OpenApiEnumStyle="Enum": closed sets of values as C# enums with an Unknown member (0) for values the document does
/// not list; wire names kept; usable in a switch with constant patterns; an unknown value cannot be written back.
/// </summary>
public class EnumStyleTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: {title: Enums, version: "1"}
        servers: [{url: "https://enums.example"}]
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
                - {name: size, in: query, required: true, schema: {$ref: "#/components/schemas/Size"}}
                - {name: level, in: query, schema: {$ref: "#/components/schemas/Level"}}
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
        components:
          schemas:
            Kind:
              type: string
              enum: [dog, cat-like, unknown, "two words"]
            Size:
              type: integer
              enum: [1, 5, 10]
            Level:
              type: integer
              enum: [0, 1]
            KindOrText:
              oneOf:
                - $ref: "#/components/schemas/Kind"
                - {type: string}
            Pet:
              type: object
              required: [kind]
              properties:
                kind: {$ref: "#/components/schemas/Kind"}
                size: {$ref: "#/components/schemas/Size"}
                level: {$ref: "#/components/schemas/Level"}
                label: {$ref: "#/components/schemas/KindOrText"}
                status: {type: string, enum: [new, old], default: old}
        """;

    /// <summary>Consumer code: a switch with constant patterns, which an extensible struct cannot be used in.</summary>
    private const string Consumer = """
        namespace Consumer
        {
            public static class Uses
            {
                public static string Describe(Enums.Kind kind) => kind switch
                {
                    Enums.Kind.Dog => "dog",
                    Enums.Kind.CatLike => "cat",
                    Enums.Kind.Unknown => "the documented 'unknown'",
                    Enums.Kind.UnknownValue => "not documented",
                    _ => "other",
                };
            }
        }
        """;

    private static GenerationResult Run(string? style = "Enum", string consumer = Consumer)
        => GeneratorHarness.Run(
            new TestDocument("enums.yaml", Yaml, "EnumsClient", "Enums") { Metadata = style is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["OpenApiEnumStyle"] = style } },
            consumer);

    [Fact]
    public void Closed_sets_become_CSharp_enums_with_an_unknown_member_and_compile_clean()
    {
        var result = Run();
        result.AssertCompilesClean();
        var assembly = result.Load();
        var kind = assembly.GetType("Enums.Kind")!;
        Assert.True(kind.IsEnum);
        Assert.Equal(["UnknownValue", "Dog", "CatLike", "Unknown", "TwoWords"], Enum.GetNames(kind));
        Assert.Equal(0, (int)Enum.Parse(kind, "UnknownValue"));
        var size = assembly.GetType("Enums.Size")!;
        Assert.True(size.IsEnum);
        Assert.Equal(new[] { 0, 1, 5, 10 }, Enum.GetValues(size).Cast<object>().Select(Convert.ToInt32)); // the wire numbers, 0 for Unknown
        var level = assembly.GetType("Enums.Level")!;
        Assert.Equal(new[] { 0, 1, 2 }, Enum.GetValues(level).Cast<object>().Select(Convert.ToInt32)); // 0 is a documented value: members in order after Unknown
        Assert.DoesNotContain("IsKnown", result.TypeSource("Kind"), StringComparison.Ordinal);

        var describe = assembly.GetType("Consumer.Uses")!.GetMethod("Describe")!;
        Assert.Equal("cat", describe.Invoke(null, [Enum.Parse(kind, "CatLike")]));
        Assert.Equal("the documented 'unknown'", describe.Invoke(null, [Enum.Parse(kind, "Unknown")])); // the document's own value keeps its name
        Assert.Equal("not documented", describe.Invoke(null, [Enum.ToObject(kind, 0)]));
    }

    [Fact]
    public void Wire_names_are_read_and_written_and_an_unknown_value_reads_as_Unknown_and_cannot_be_written()
    {
        var result = Run();
        result.AssertCompilesClean();
        var assembly = result.Load();
        var json = Json(assembly);
        var pet = assembly.GetType("Enums.Pet")!;

        var read = json.Deserialize(pet, """{"kind":"cat-like","size":10,"level":0,"label":"two words","status":"new"}""");
        Assert.Equal("""{"kind":"cat-like","size":10,"level":0,"label":"two words","status":"new"}""", json.Serialize(pet, read));
        Assert.Equal("CatLike", pet.GetProperty("Kind")!.GetValue(read)!.ToString());
        Assert.Equal("TwoWords", Union(pet.GetProperty("Label")!.GetValue(read)!)); // a documented value is the enum variant

        var unknown = json.Deserialize(pet, """{"kind":"hamster","size":7,"level":9,"label":"free text"}""");
        Assert.Equal("UnknownValue", pet.GetProperty("Kind")!.GetValue(unknown)!.ToString());
        Assert.Equal("Unknown", pet.GetProperty("Size")!.GetValue(unknown)!.ToString());
        Assert.Equal("Unknown", pet.GetProperty("Level")!.GetValue(unknown)!.ToString());
        Assert.Equal("free text", Union(pet.GetProperty("Label")!.GetValue(unknown)!)); // not the enum's Unknown: the string variant

        // The documented trade-off: the value that was read is gone, so writing it back throws rather than send a wrong one.
        var error = Assert.ThrowsAny<Exception>(() => json.Serialize(pet, unknown));
        var inner = error is TargetInvocationException { InnerException: { } e } ? e : error;
        Assert.IsType<ArgumentOutOfRangeException>(inner);
        Assert.Contains("cannot be written back", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_send_the_wire_value()
    {
        var result = Run();
        result.AssertCompilesClean();
        var assembly = result.Load();
        var handler = new CapturingHandler();
        var options = Activator.CreateInstance(assembly.GetType("Enums.EnumsClientOptions")!)!;
        var client = Activator.CreateInstance(assembly.GetType("Enums.EnumsClient")!, new HttpClient(handler) { BaseAddress = new Uri("https://enums.example") }, options)!;
        var kind = assembly.GetType("Enums.Kind")!;
        var size = assembly.GetType("Enums.Size")!;
        var level = assembly.GetType("Enums.Level")!;
        var list = client.GetType().GetMethods().Single(m => m.Name == "ListPetsAsync" && m.GetParameters().Length == 4);
        var task = (Task)list.Invoke(client, [Enum.Parse(size, "Value5"), Enum.Parse(kind, "CatLike"), Enum.Parse(level, "Value0"), CancellationToken.None])!;
        await task;
        Assert.Equal("https://enums.example/pets?kind=cat-like&size=5&level=0", handler.Uri!.AbsoluteUri); // Level's 0 is its member 1
        Assert.Equal(1, (int)Enum.Parse(level, "Value0"));
    }

    [Fact]
    public void The_default_and_Struct_keep_extensible_structs_and_an_unknown_style_is_a_warning()
    {
        foreach (var style in new[] { null, "Struct", "struct" })
        {
            var result = Run(style, "namespace Consumer { internal static class Empty { } }");
            result.AssertCompilesClean();
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.Contains("public readonly partial struct Kind", result.TypeSource("Kind"), StringComparison.Ordinal);
        }

        var wrong = Run("Enums", "namespace Consumer { internal static class Empty { } }");
        wrong.AssertCompilesClean();
        var warning = Assert.Single(wrong.GeneratorDiagnostics);
        Assert.Equal("VOAI014", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("OpenApiEnumStyle 'Enums'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("enums.yaml", warning.Location.GetLineSpan().Path);
        Assert.Contains("public readonly partial struct Kind", wrong.TypeSource("Kind"), StringComparison.Ordinal);
    }

    private static string Union(object union)
    {
        var value = union.GetType().GetProperty("Value")!.GetValue(union)!;
        return value.ToString()!;
    }

    private sealed record JsonCalls(System.Text.Json.JsonSerializerOptions Options)
    {
        public object Deserialize(Type type, string json) => System.Text.Json.JsonSerializer.Deserialize(json, Options.GetTypeInfo(type))!;

        public string Serialize(Type type, object value) => System.Text.Json.JsonSerializer.Serialize(value, Options.GetTypeInfo(type));
    }

    private static JsonCalls Json(Assembly assembly)
    {
        var resolver = assembly.GetType("Enums.EnumsJson")!;
        return new JsonCalls((System.Text.Json.JsonSerializerOptions)resolver.GetProperty("Options")!.GetValue(resolver.GetProperty("Default")!.GetValue(null))!);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("""{"kind":"dog"}""", System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
