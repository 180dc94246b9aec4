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
        Assert.Contains("public global::Shapes.AlphaPermission? Permission { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public global::Shapes.AlphaPermission? Access { get; init; }", result.TypeSource("Zeta"), StringComparison.Ordinal);
        Assert.Contains("public global::Shapes.AlphaPermission? Level { get; init; }", result.TypeSource("GrantRequest"), StringComparison.Ordinal);
        // Each property keeps its own documentation.
        Assert.Contains("Zeta's access.", result.TypeSource("Zeta"), StringComparison.Ordinal);
        // Another order, a deprecated one and a component are other types; integer enums share one too.
        Assert.Contains("public global::Shapes.AlphaReversed? Reversed { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("global::Shapes.AlphaOld? Old { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public global::Shapes.Level? Named { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public global::Shapes.AlphaCount? Count { get; init; }", alpha, StringComparison.Ordinal);
        Assert.Contains("public global::Shapes.AlphaCount? Other { get; init; }", alpha, StringComparison.Ordinal);
        var enums = result.TypeNames.Where(n => result.TypeSource(n).Contains("public readonly partial struct " + n + " ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["AlphaCount", "AlphaOld", "AlphaPermission", "AlphaReversed", "Level"], enums);
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
