using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>Bad input gives a diagnostic with our id, a message and a line in the document; never a crash or broken code.</summary>
public class DiagnosticTests
{
    private static Diagnostic Single(GenerationResult result, string id)
    {
        var matching = result.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"Expected one {id}; got: " + string.Join("\n", result.GeneratorDiagnostics));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");
        return matching[0];
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    [Fact]
    public void Malformed_json_is_VOAI001_at_the_broken_line()
    {
        const string Json = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": { \"title\": \"x\", \"version\": \"1\" \n  \"paths\": {}\n}";
        var result = GeneratorHarness.Run(new TestDocument("/specs/broken.json", Json));

        var diagnostic = Single(result, "VOAI001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/specs/broken.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(4, Position(diagnostic).Line);
        Assert.Contains("broken.json", diagnostic.GetMessage());
        Assert.Empty(result.Sources);
        result.AssertCompilesClean();
    }

    [Fact]
    public void An_empty_file_is_VOAI001()
    {
        var result = GeneratorHarness.Run(new TestDocument("empty.json", "  "));
        Assert.Contains("empty", Single(result, "VOAI001").GetMessage());
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Unresolved_ref_is_VOAI003_at_the_property_in_json()
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
                      "owner": { "$ref": "#/components/schemas/Missing" }
                    }
                  }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("refs.json", Json));

        var diagnostic = Single(result, "VOAI003");
        Assert.Equal((10, 11), Position(diagnostic));
        Assert.Contains("#/components/schemas/Pet/properties/owner", diagnostic.GetMessage());
        Assert.Contains("Missing", diagnostic.GetMessage());
        result.AssertCompilesClean();
    }

    [Fact]
    public void Unresolved_ref_is_located_in_yaml_too()
    {
        const string Yaml = """
            openapi: 3.0.3
            info:
              title: x
              version: "1"
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    name:
                      type: string
                    owner:
                      $ref: '#/components/schemas/Missing'
            """;
        var result = GeneratorHarness.Run(new TestDocument("refs.yaml", Yaml));

        Assert.Equal((13, 9), Position(Single(result, "VOAI003")));
        result.AssertCompilesClean();
    }

    [Fact]
    public void Duplicate_operation_names_are_VOAI004_and_both_operations_are_generated()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths:
              /a:
                get:
                  operationId: getThing
                  responses: { '204': { description: ok } }
              /b:
                get:
                  operationId: getThing
                  responses: { '204': { description: ok } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("dupes.yaml", Yaml));

        var diagnostic = Single(result, "VOAI004");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(9, Position(diagnostic).Line);
        Assert.Contains("GetThing2Async", diagnostic.GetMessage());
        result.AssertCompilesClean();
        var client = result.Source("TestApi.TestClient.Client.g.cs");
        Assert.Contains("GetThingAsync(", client);
        Assert.Contains("GetThing2Async(", client);
    }

    [Theory]
    [InlineData("Not A Name", "TestApi", "class name")]
    [InlineData("TestClient", "Bad..Namespace", "namespace")]
    [InlineData("__s", "TestApi", "class name")] // would clash with the alias of the support class in every file
    [InlineData("TestClient", "TestApi.__j", "namespace")] // would clash with the alias of System.Text.Json in TestApi
    public void Invalid_client_names_are_VOAI006(string clientName, string ns, string what)
    {
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), clientName, ns));
        Assert.Contains(what, Single(result, "VOAI006").GetMessage());
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Two_documents_for_the_same_client_are_VOAI007()
    {
        var text = File.ReadAllText(TestPaths.BundledDocument);
        var result = GeneratorHarness.Run([new TestDocument("a/openapi.json", text), new TestDocument("b/openapi.json", text)]);
        Assert.Contains("TestApi.TestClient", Single(result, "VOAI007").GetMessage());
        result.AssertCompilesClean();
    }

    [Fact]
    public void A_document_that_is_not_openapi_reports_an_error_instead_of_generating()
    {
        var result = GeneratorHarness.Run(new TestDocument("notes.json", """{ "hello": "world" }"""));
        Assert.Contains(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("VOAI", StringComparison.Ordinal));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");
        result.AssertCompilesClean();
    }

    [Fact]
    public void A_multipart_body_that_is_not_an_object_is_VOAI009_naming_the_operation_and_still_gets_a_method()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths:
              /upload:
                post:
                  operationId: upload
                  requestBody:
                    content:
                      multipart/form-data:
                        schema: { type: string, format: binary }
                  responses: { '204': { description: ok } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("upload.yaml", Yaml));
        var diagnostic = Single(result, "VOAI009");
        Assert.Equal(9, Position(diagnostic).Line);
        Assert.Contains("Operation upload (POST /upload)", diagnostic.GetMessage());
        Assert.Contains("multipart/form-data", diagnostic.GetMessage());
        result.AssertCompilesClean();
        Assert.Contains("UploadAsync(__x.IO.Stream? request = null", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_default_no_CSharp_literal_can_hold_is_VOAI011_at_the_default_and_left_out()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths: {}
            components:
              schemas:
                Limits:
                  type: object
                  properties:
                    huge:
                      type: number
                      default: 1e400
                    small:
                      type: number
                      format: float
                      default: 1e39
                    money:
                      type: number
                      format: decimal
                      default: 1e400
                    count:
                      type: integer
                      format: int32
                      default: 3000000000
                    half:
                      type: integer
                      format: int64
                      default: 1.5
                    fine:
                      type: number
                      default: 0.25
                    big:
                      type: integer
                      format: int64
                      default: -9223372036854775808
                    limit:
                      type: integer
                      default: 9223372036854776000
                    ranged:
                      type: integer
                      maximum: 4294967295
                    plain:
                      type: integer
                      maximum: 100
            """;
        var result = GeneratorHarness.Run(new TestDocument("limits.yaml", Yaml));

        var warnings = result.GeneratorDiagnostics.Where(d => d.Id == "VOAI011").OrderBy(d => Position(d).Line).ToList();
        Assert.Equal([11, 15, 19, 23, 27], warnings.Select(d => Position(d).Line));
        Assert.All(warnings, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal((11, 11), Position(warnings[0]));
        Assert.Contains("The default '1e400' at #/components/schemas/Limits/properties/huge/default is left out", warnings[0].GetMessage());
        Assert.Contains("double", warnings[0].GetMessage());
        Assert.Contains("float", warnings[1].GetMessage());
        Assert.Contains("decimal", warnings[2].GetMessage());
        Assert.Contains("int", warnings[3].GetMessage());
        Assert.Contains("long", warnings[4].GetMessage());
        result.AssertCompilesClean();

        var model = result.TypeSource("Limits");
        Assert.DoesNotContain("1e400", model);
        Assert.DoesNotContain("1e39", model);
        Assert.Contains("?? 0.25d;", model);
        Assert.Contains("?? -9223372036854775808L;", model);
        Assert.Contains("public double? Huge { get; init; }", model);
        // An integer without a format whose own values go beyond int is a long, and 2^63 as a double writes it is long.MaxValue.
        Assert.Contains("public long Limit { get => __Limit ?? 9223372036854775807L;", model);
        Assert.Contains("public long? Ranged { get; init; }", model);
        Assert.Contains("public int? Plain { get; init; }", model);
    }

    [Fact]
    public void A_default_of_a_component_is_reported_once_where_it_is_written_and_json_defaults_are_checked_too()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "x", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Big": { "type": "number", "default": 1e400 },
                  "A": {
                    "type": "object",
                    "properties": {
                      "one": { "$ref": "#/components/schemas/Big" },
                      "two": { "$ref": "#/components/schemas/Big" },
                      "max": { "type": "number", "default": 1.7976931348623157e308 },
                      "tiny": { "type": "number", "default": 1e-400 }
                    }
                  }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("big.json", Json));
        Assert.Equal((7, 34), Position(Single(result, "VOAI011"))); // the "default" of Big, once for both properties
        result.AssertCompilesClean();
        var model = result.TypeSource("A");
        Assert.Contains("?? 1.7976931348623157e308d;", model);
        Assert.Contains("?? 1e-400d;", model);
        Assert.DoesNotContain("1e400", model);
    }

    [Fact]
    public void No_diagnostic_sits_at_the_document_start_unless_the_problem_is_there()
    {
        // Microsoft.OpenApi puts the place of most of these in the message, or names a list without its index.
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths:
              /pets:
                get:
                  operationId: listPets
                  parameters:
                    - name: limit
                      in: query
                      schema: { type: integer, patternProperties: {} }
                  responses:
                    '200':
                      description: OK
                      schema:
                        $ref: '#/components/schemas/Pet'
                query:
                  operationId: queryPets
                  responses: { '204': { description: ok } }
            components:
              headers:
              schemas:
                Pet:
                  $schema: 'http://json-schema.org/draft-04/schema#'
                  type: object
                  required: name
                  properties:
                    name: { type: string }
                    kind: { type: Kind }
            """;
        var result = GeneratorHarness.Run(new TestDocument("pets.yaml", Yaml));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");

        var found = result.GeneratorDiagnostics.Select(d => (d.Id, Position(d))).OrderBy(p => p.Item2).ToList();
        var expected = new[]
        {
            ("VOAI012", (10, 36)), // patternProperties, in the first parameter's schema
            ("VOAI012", (14, 11)), // schema directly under the response
            ("VOAI012", (16, 5)),  // query
            ("VOAI012", (20, 3)),  // headers: (nothing)
            ("VOAI012", (23, 7)),  // $schema
            ("VOAI002", (25, 7)),  // required: name (a string, not a list)
            ("VOAI002", (28, 17)), // type: Kind
        };
        Assert.Equal(expected, found);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => Position(d) == (1, 1));
        var required = result.GeneratorDiagnostics.Single(d => Position(d) == (25, 7)).GetMessage();
        Assert.Contains("'required' is a string", required);
        Assert.Contains("a list", required);

        // A document with no openapi member: the problem is the document itself, and it is reported at its start.
        var root = GeneratorHarness.Run(new TestDocument("notes.yaml", "hello: world\nlist: [1, 2]\n"));
        Assert.All(root.GeneratorDiagnostics, d => Assert.Equal((1, 1), Position(d)));
        Assert.NotEmpty(root.GeneratorDiagnostics);
    }
}

public class YamlSyntaxTests
{
    [Fact]
    public void Malformed_yaml_is_an_error_at_the_broken_line_not_an_internal_error()
    {
        const string Yaml = "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\npaths: {}\n";
        var result = GeneratorHarness.Run(new TestDocument("broken.yaml", Yaml));

        var errors = result.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal("VOAI001", error.Id);
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("broken.yaml", error.GetMessage());
        Assert.Empty(result.Sources);
    }
}

public class DiagnosticCatalogTests
{
    [Fact]
    public void Every_descriptor_is_in_the_catalogue_in_the_release_notes_and_in_the_docs()
    {
        var fields = typeof(Diagnostics.DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor))
            .Select(f => (Microsoft.CodeAnalysis.DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        var releases = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "VoiceAi.Generators", "AnalyzerReleases.Unshipped.md"));
        var docs = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "diagnostics.md"));

        Assert.Equal(fields.Select(d => d.Id).OrderBy(i => i), Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(i => i));
        foreach (var descriptor in fields)
        {
            Assert.StartsWith("VOAI", descriptor.Id, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + " | VoiceAi.Generators | " + descriptor.DefaultSeverity + " |", releases);
            Assert.Contains("## " + descriptor.Id + " ", docs);
        }
    }
}
