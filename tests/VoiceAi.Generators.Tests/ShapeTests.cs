using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// One type per shape: inline enums with the same values (same order, same kind, deprecated or not) are one struct,
/// named after their first use (components in name order, then operations in document order); the wire values and
/// every property's own documentation stay.
/// </summary>
public class ShapeTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: {title: Shapes, version: "1"}
        servers: [{url: "https://shapes.example"}]
        paths:
          /grants:
            post:
              operationId: grant
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        level: {type: string, enum: [read, write]}
              responses:
                "204": {description: done}
        components:
          schemas:
            Zeta:
              type: object
              properties:
                access: {type: string, description: Zeta's access., enum: [read, write]}
            Alpha:
              type: object
              properties:
                permission: {type: string, description: Alpha's permission., enum: [read, write]}
                reversed: {type: string, enum: [write, read]}
                old: {type: string, deprecated: true, enum: [read, write]}
                count: {type: integer, enum: [1, 2]}
                other: {type: integer, enum: [1, 2]}
                named: {$ref: "#/components/schemas/Level"}
            Level: {type: string, enum: [read, write]}
        """;

    [Fact]
    public void Inline_enums_with_the_same_values_are_one_type_named_after_the_first_use()
    {
        var result = GeneratorHarness.Run(new TestDocument("shapes.yaml", Yaml, "ShapesClient", "Shapes"));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var alpha = result.TypeSource("Alpha");
        // Alpha comes first in name order: its property names the shared type, which Zeta and the request body use too.
        Assert.Contains("public __m.AlphaPermission? Permission { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaPermission? Access { get; init; }", result.TypeSource("Zeta"), StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaPermission? Level { get; init; }", result.TypeSource("GrantRequest"), StringComparison.Ordinal);
        // Each property keeps its own documentation; the shared struct, documented differently by its uses, says neither.
        Assert.Contains("Zeta's access.", result.TypeSource("Zeta"), StringComparison.Ordinal);
        Assert.Contains("Alpha's permission.", alpha, StringComparison.Ordinal);
        Assert.DoesNotContain("Alpha's permission.", result.TypeSource("AlphaPermission"), StringComparison.Ordinal);
        // Another order, a deprecated one and a component are other types; integer enums share one too.
        Assert.Contains("public __m.AlphaReversed? Reversed { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("__m.AlphaOld? Old { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.Level? Named { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaCount? Count { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaCount? Other { get; init; }", alpha, StringComparison.Ordinal);
        var enums = result.TypeNames.Where(n => result.TypeSource(n).Contains("public readonly partial struct " + n + " ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["AlphaCount", "AlphaOld", "AlphaPermission", "AlphaReversed", "Level"], enums);
    }

    private const string Objects = """
        openapi: 3.1.0
        info: {title: Objects, version: "1"}
        servers: [{url: "https://objects.example"}]
        paths:
          /uploads:
            post:
              operationId: upload
              requestBody:
                content:
                  multipart/form-data:
                    schema: {type: object, properties: {file: {type: string, format: binary}, note: {type: string}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, properties: {file: {type: string, format: binary}, note: {type: string}}}
        components:
          schemas:
            Owner: {type: object, properties: {name: {type: string}}}
            Alpha:
              type: object
              properties:
                first: {type: object, properties: {x: {type: string}, owner: {$ref: "#/components/schemas/Owner"}}}
                second: {type: object, properties: {x: {type: string}, owner: {$ref: "#/components/schemas/Owner"}}}
                nullableOwner: {type: object, properties: {x: {type: string}, owner: {$ref: "#/components/schemas/Owner", nullable: true}}}
                other: {type: object, properties: {y: {type: string}}}
        """;

    [Fact]
    public void Inline_objects_written_the_same_are_one_type_and_any_difference_keeps_them_apart()
    {
        var result = GeneratorHarness.Run(new TestDocument("objects.yaml", Objects, "ObjectsClient", "Objects"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var alpha = result.TypeSource("Alpha");
        Assert.Contains("public __m.AlphaFirst? First { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaFirst? Second { get; init; }", alpha, StringComparison.Ordinal);
        // A 3.1 `nullable: true` beside a $ref is kept by Microsoft.OpenApi but not written back: still another shape.
        Assert.Contains("public __m.AlphaNullableOwner? NullableOwner { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public __m.AlphaOther? Other { get; init; }", alpha, StringComparison.Ordinal);
        // The same schema as a multipart form (a file part) and as JSON (a string) are two types.
        var client = result.Source("Objects.ObjectsClient.Client.g.cs");
        Assert.Contains("UploadAsync(__m.UploadRequest? request = null,", client, StringComparison.Ordinal);
        Assert.Contains("Task<__m.UploadResponse> UploadAsync(", client, StringComparison.Ordinal);
        Assert.Contains("ObjectsFileContent", result.TypeSource("UploadRequest"), StringComparison.Ordinal);
        Assert.DoesNotContain("ObjectsFileContent", result.TypeSource("UploadResponse"), StringComparison.Ordinal);
        Assert.DoesNotContain("AlphaSecond", result.TypeNames);
    }

    private const string Unions = """
        openapi: 3.0.3
        info: {title: Unions, version: "1"}
        paths:
          /a:
            get:
              operationId: listA
              parameters:
                - {name: created, in: query, schema: {anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: integer}]}}
              responses: {"204": {description: done}}
          /b:
            get:
              operationId: listB
              parameters:
                - {name: created, in: query, schema: {anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: integer}]}}
                - {name: other, in: query, schema: {anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: string}]}}
              responses: {"204": {description: done}}
        components:
          schemas:
            Holder:
              type: object
              properties:
                first: {oneOf: [{$ref: "#/components/schemas/Pet"}, {type: integer}]}
                second: {oneOf: [{$ref: "#/components/schemas/Pet"}, {type: integer}]}
                described: {description: Another shape., oneOf: [{$ref: "#/components/schemas/Pet"}, {type: integer}]}
                reordered: {oneOf: [{type: integer}, {$ref: "#/components/schemas/Pet"}]}
            Pet: {type: object, properties: {name: {type: string}}}
        """;

    [Fact]
    public void Inline_unions_written_the_same_are_one_type_and_any_difference_keeps_them_apart()
    {
        var result = GeneratorHarness.Run(new TestDocument("unions.yaml", Unions, "UnionsClient", "Unions"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var holder = result.TypeSource("Holder");
        Assert.Contains("public __m.HolderFirst? First { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public __m.HolderFirst? Second { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public __m.HolderDescribed? Described { get; init; }", holder, StringComparison.Ordinal);
        Assert.Contains("public __m.HolderReordered? Reordered { get; init; }", holder, StringComparison.Ordinal);
        Assert.DoesNotContain("HolderSecond", result.TypeNames);

        // The same inline union in two operations: one type, named after the first; another variant: its own.
        var client = result.Source("Unions.UnionsClient.Client.g.cs");
        Assert.Contains("ListAAsync(__m.ListACreated? created = null,", client, StringComparison.Ordinal);
        Assert.Contains("ListBAsync(__m.ListACreated? created = null, __m.ListBOther? other = null,", client, StringComparison.Ordinal);
        Assert.DoesNotContain("ListBCreated", result.TypeNames);
        Assert.Contains("ListBOther", result.TypeNames);
    }

    [Fact]
    public void A_shared_enum_reads_and_writes_the_wire_values_of_every_use()
    {
        var result = GeneratorHarness.Run(new TestDocument("shapes.yaml", Yaml, "ShapesClient", "Shapes"));
        var assembly = result.Load();
        var zeta = assembly.GetType("Shapes.Zeta")!;
        var resolver = (System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)assembly.GetType("Shapes.ShapesJson")!.GetProperty("Default")!.GetValue(null)!;
        var options = new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = resolver };

        var value = System.Text.Json.JsonSerializer.Deserialize("{\"access\":\"write\"}", zeta, options);
        Assert.Equal("{\"access\":\"write\"}", System.Text.Json.JsonSerializer.Serialize(value, zeta, options));
        var access = zeta.GetProperty("Access")!.GetValue(value)!;
        Assert.Equal("write", access.ToString());
    }
}

/// <summary>
/// A corpus document with every <c>$ref</c> to a component schema inlined (cycles left as references) generates no
/// more than 1.1× the types of the original: structurally equal inline schemas are one type.
/// </summary>
public class InlinedDocumentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string, string> Documents() => new()
    {
        { "spotify", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml") },
        { "twilio-api-v2010", Path.Combine(TestPaths.Shared, "specs", "twilio-api-v2010", "twilio_api_v2010.json") },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_inlined_document_generates_at_most_1_1_times_the_types_of_the_original(string name, string path)
    {
        var text = File.ReadAllText(path);
        var tree = (System.Text.Json.Nodes.JsonObject)VoiceAi.Generators.Reading.DocumentReader.ParseTree(text, !path.EndsWith(".json", StringComparison.Ordinal))!;
        static int References(string json) => (json.Length - json.Replace("\"$ref\":\"#/components/schemas/", "", StringComparison.Ordinal).Length) / "\"$ref\":\"#/components/schemas/".Length;
        var before = References(tree.ToJsonString());
        var inlined = Inliner.Inline(tree).ToJsonString();
        Assert.True(References(inlined) * 10 < before, $"{References(inlined)} of {before} references left: not inlined");

        var original = GeneratorHarness.Run(new TestDocument(path, text, "ShapeClient", "Shape"));
        var copy = GeneratorHarness.Run(new TestDocument(name + "-inlined.json", inlined, "ShapeClient", "Shape"));

        Assert.DoesNotContain(copy.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        copy.AssertCompilesClean();
        var types = original.TypeNames.Count;
        var after = copy.TypeNames.Count;
        output.WriteLine($"{name}: {types} types from the document, {after} from it inlined ({(double)after / types:0.00}×); {original.Sources.Sum(s => s.SourceText.Length):N0} → {copy.Sources.Sum(s => s.SourceText.Length):N0} characters");
        Assert.True(after <= types * 1.1, $"{name}: {after} types inlined, {types} in the original");
    }
}
