using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// JSON Schema 2020-12 references in 3.1 documents: <c>$ref: '#name'</c> to an <c>$anchor</c> or a <c>$dynamicAnchor</c>,
/// <c>$dynamicRef</c> resolved through the dynamic scope (the generic list), and anchors scoped by <c>$id</c>.
/// anchors.yaml and anchors.json are the same document.
/// </summary>
public class AnchorTests
{
    private const string Generic = "__g.";

    private static GenerationResult Generate(string file)
    {
        var result = GeneratorHarness.Run(new TestDocument(file, File.ReadAllText(TestPaths.Document(file)), "AnchorsClient", "Anchors"));
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        result.AssertCompilesClean();
        return result;
    }

    private static string Model(GenerationResult result, string name) => result.TypeSource(name);

    [Theory]
    [InlineData("anchors.yaml")]
    [InlineData("anchors.json")]
    public void A_plain_name_ref_is_the_schema_with_that_anchor(string file)
    {
        var catalog = Model(Generate(file), "Catalog");

        Assert.Contains("public required __m.Item Item { get; init; }", catalog); // $anchor at a component's root: that component
        Assert.Contains("public " + Generic + "IReadOnlyList<__m.Item>? Items { get; init; }", catalog);
        Assert.Contains("public __x.Guid? Code { get; init; }", catalog); // $anchor inside another component's $defs
        Assert.Contains("public __m.Item? Content { get; init; }", catalog); // $dynamicRef to a plain $anchor is a $ref
    }

    [Theory]
    [InlineData("anchors.yaml")]
    [InlineData("anchors.json")]
    public void A_plain_name_ref_to_a_dynamic_anchor_is_that_schema(string file)
    {
        var catalog = Model(Generate(file), "Catalog");

        Assert.Contains("public __m.Tag? Tag { get; init; }", catalog);
    }

    [Theory]
    [InlineData("anchors.yaml")]
    [InlineData("anchors.json")]
    public void A_dynamic_ref_takes_the_outermost_dynamic_anchor_of_its_scope(string file)
    {
        var result = Generate(file);
        var catalog = Model(result, "Catalog");

        Assert.Contains("public " + Generic + "IReadOnlyList<string>? Names { get; init; }", catalog); // StringList overrides T
        Assert.Contains("public " + Generic + "IReadOnlyList<__m.Item>? ItemList { get; init; }", catalog); // ItemList's T is $ref: '#itemType'
        var itemPage = Model(result, "ItemPage");
        Assert.Contains("public " + Generic + "IReadOnlyList<__m.Item>? Data { get; init; }", itemPage); // a generic object
        Assert.Contains("public int? Total { get; init; }", itemPage);
        Assert.Contains("public __m.ItemPageSummary? Summary { get; init; }", itemPage); // an inline object of a generic object
        Assert.Contains("public __m.Item? First { get; init; }", Model(result, "ItemPageSummary"));
        // JSON Schema's own example: StrictTree's children are StrictTrees.
        Assert.Contains("public " + Generic + "IReadOnlyList<__m.StrictTree>? Children { get; init; }", Model(result, "StrictTree"));
        var client = result.Source("Anchors.AnchorsClient.Client.g.cs");
        Assert.Contains("Task<__m.Catalog> GetCatalogAsync(", client); // a response schema by anchor
    }

    [Theory]
    [InlineData("anchors.yaml")]
    [InlineData("anchors.json")]
    public void A_dynamic_ref_that_no_outer_scope_overrides_takes_its_own_resources_anchor(string file)
    {
        var result = Generate(file);
        var catalog = Model(result, "Catalog");

        Assert.Contains("public " + Generic + "IReadOnlyList<int>? Numbers { get; init; }", catalog); // List alone: its default T
        var page = Model(result, "Page");
        Assert.Contains("public " + Generic + "IReadOnlyList<__j.JsonElement?>? Data { get; init; }", page); // an empty placeholder
        Assert.Contains("public __m.PageSummary? Summary { get; init; }", page);
        Assert.Contains("public __j.JsonElement? First { get => __First;", Model(result, "PageSummary")); // optional and nullable: tells null from unset
        Assert.Contains("public " + Generic + "IReadOnlyList<__m.Tree>? Children { get; init; }", Model(result, "Tree"));
    }

    [Theory]
    [InlineData("anchors.yaml")]
    [InlineData("anchors.json")]
    public void Anchors_are_looked_up_in_the_resource_that_id_starts(string file)
    {
        var result = Generate(file);

        Assert.Contains("public string? Sound { get; init; }", Model(result, "Cat"));
        Assert.Contains("public int? Sound { get; init; }", Model(result, "Dog"));
        // The anchored component is the type itself, not an inline copy.
        Assert.DoesNotContain(result.TypeNames, n => n.StartsWith("Catalog", StringComparison.Ordinal) && n != "Catalog");
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    private static void AssertUnresolved(GenerationResult result, (int Line, int Column) refPosition, (int Line, int Column) dynamicRefPosition)
    {
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");
        var unresolved = result.GeneratorDiagnostics.Where(d => d.Id == "VOAI003").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.True(unresolved.Count == 2, "Expected two VOAI003; got: " + string.Join("\n", result.GeneratorDiagnostics));
        Assert.Equal(refPosition, Position(unresolved[0]));
        Assert.Contains("'#nobody'", unresolved[0].GetMessage());
        Assert.Equal(dynamicRefPosition, Position(unresolved[1]));
        Assert.Contains("'#nothing'", unresolved[1].GetMessage());
        result.AssertCompilesClean();
        var pet = result.TypeSource("Pet");
        Assert.Contains("public __j.JsonElement? Owner { get => __Owner;", pet);
    }

    [Fact]
    public void An_anchor_that_does_not_resolve_is_VOAI003_at_the_ref_line_in_yaml()
    {
        const string Yaml = """
            openapi: 3.1.0
            info:
              title: x
              version: "1"
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    owner:
                      $ref: '#nobody'
                    friends:
                      type: array
                      items:
                        $dynamicRef: '#nothing'
                Other:
                  $anchor: somebody
                  type: string
            """;
        AssertUnresolved(GeneratorHarness.Run(new TestDocument("anchors-missing.yaml", Yaml)), (12, 11), (16, 13));
    }

    [Fact]
    public void An_anchor_that_does_not_resolve_is_VOAI003_at_the_ref_line_in_json()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "x", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Pet": {
                    "type": "object",
                    "properties": {
                      "owner": {
                        "$ref": "#nobody"
                      },
                      "friends": {
                        "type": "array",
                        "items": {
                          "$dynamicRef": "#nothing"
                        }
                      }
                    }
                  },
                  "Other": { "$anchor": "somebody", "type": "string" }
                }
              }
            }
            """;
        AssertUnresolved(GeneratorHarness.Run(new TestDocument("anchors-missing.json", Json)), (11, 13), (16, 15));
    }
    [Fact]
    public void Anchored_schemas_that_contain_themselves_resolve_without_recursing_forever()
    {
        const string Yaml = """
            openapi: 3.1.0
            info:
              title: x
              version: "1"
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    node:
                      $ref: '#node'
                    nested:
                      $ref: '#nested'
                    loop:
                      $ref: '#loop'
                    tree:
                      $dynamicRef: '#branch'
                Definitions:
                  $defs:
                    node:
                      $anchor: node
                      type: object
                      properties:
                        next:
                          $ref: '#node'
                    nested:
                      $anchor: nested
                      type: array
                      items:
                        $ref: '#nested'
                    loop:
                      $anchor: loop
                      $ref: '#loop'
                    branch:
                      $dynamicAnchor: branch
                      type: object
                      properties:
                        other:
                          $dynamicRef: '#leaf'
                Other:
                  $defs:
                    leaf:
                      $dynamicAnchor: leaf
                      type: object
                      properties:
                        back:
                          $dynamicRef: '#branch'
            """;
        var result = GeneratorHarness.Run(new TestDocument("anchors-recursive.yaml", Yaml));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");
        result.AssertCompilesClean();
        var holder = result.TypeSource("Holder");
        Assert.Contains("public __m.HolderNode? Node { get; init; }", holder); // an object may contain itself
        Assert.Contains("public __m.HolderNode? Next { get; init; }", result.TypeSource("HolderNode"));
        Assert.Contains("public __m.HolderTree? Tree { get; init; }", holder);
        // Back is a branch again: reached in a longer dynamic scope, it is a type of its own (of the same shape).
        Assert.Matches(@"public __m\.HolderTree\w*\? Back \{ get; init; \}", result.TypeSource("HolderTreeOther"));
        var nested = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "VOAI005");
        Assert.Contains("'#nested'", nested.GetMessage()); // an array of itself has no type
        var loop = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "VOAI003");
        Assert.Contains("'#loop'", loop.GetMessage()); // a reference to itself names nothing
    }

    [Theory]
    [InlineData("3.1.0", "VOAI005")]
    [InlineData("3.0.3", "VOAI003")] // a 3.0 reference into a component whose walk comes back to itself does not resolve
    public void A_schema_reached_by_pointer_that_is_an_array_of_itself_is_a_warning_not_a_crash(string version, string id)
    {
        // Once a stack overflow in the compiler's process: the items point back at the property that holds them.
        var yaml = """
            openapi: VERSION
            info: {title: x, version: "1"}
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    list:
                      type: array
                      items:
                        $ref: '#/components/schemas/A/properties/list'
                    self:
                      $ref: '#/components/schemas/A'
                B:
                  type: object
                  properties:
                    copy:
                      $ref: '#/components/schemas/A/properties/list'
            """;
        var result = GeneratorHarness.Run(new TestDocument("pointer-loop.yaml", yaml.Replace("VERSION", version, StringComparison.Ordinal)));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999" || d.Severity == DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var loop = result.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.Equal([10, 17], loop.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).Order());
        if (id == "VOAI005")
        {
            Assert.All(loop, d => Assert.Contains("contains itself without an object in between", d.GetMessage(), StringComparison.Ordinal));
        }
        Assert.Contains("public __m.A? Self { get; init; }", result.TypeSource("A"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pointer_reached_again_inside_a_named_object_is_that_type_not_VOAI005()
    {
        // Holder.list is a list of Y, and Y.back names Holder.list again: there is an object (Y) in between.
        const string Yaml = """
            openapi: 3.1.0
            info: {title: x, version: "1"}
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    p:
                      $ref: '#/components/schemas/Holder/properties/list'
                Holder:
                  type: object
                  properties:
                    list:
                      type: array
                      items:
                        $ref: '#/components/schemas/Y'
                Y:
                  type: object
                  properties:
                    back:
                      $ref: '#/components/schemas/Holder/properties/list'
            """;
        var result = GeneratorHarness.Run(new TestDocument("pointer-through-object.yaml", Yaml));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        Assert.Contains("__g.IReadOnlyList<__m.Y>? Back { get; init; }", result.TypeSource("Y"), StringComparison.Ordinal);
        Assert.Contains("__g.IReadOnlyList<__m.Y>? P { get; init; }", result.TypeSource("A"), StringComparison.Ordinal);
    }
}
