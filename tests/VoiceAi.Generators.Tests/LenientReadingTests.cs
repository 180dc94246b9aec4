using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// A vendor's document that Microsoft.OpenApi finds structurally wrong still gives a client where the intent is clear:
/// a located VOAI012 warning says what was honoured or ignored, and generation goes on.
/// </summary>
public class LenientReadingTests
{
    private const string Lenient = "VOAI012";

    private static List<Diagnostic> All(GenerationResult result, string id)
    {
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI999");
        Assert.True(!result.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), "Errors: " + string.Join("\n", result.GeneratorDiagnostics));
        return result.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
    }

    private static Diagnostic Single(GenerationResult result, string id)
    {
        var matching = All(result, id);
        Assert.True(matching.Count == 1, $"Expected one {id}; got: " + string.Join("\n", result.GeneratorDiagnostics));
        return matching[0];
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_YAML_document_that_starts_with_a_byte_order_mark_is_read()
    {
        const string Yaml = "\uFEFFopenapi: 3.0.3\ninfo: { title: x, version: \"1\" }\npaths: {}\ncomponents:\n  schemas:\n    Pet: { type: object, properties: { name: { type: string } } }\n";
        var result = GeneratorHarness.Run(new TestDocument("bom.yaml", Yaml));

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        Assert.Contains(result.Sources, s => s.SourceText.ToString().Contains("partial record Pet", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_keyword_in_a_3_0_schema_is_a_warning_at_the_keyword_and_the_model_is_generated()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  patternProperties:
                    "^x-": { type: string }
                  properties:
                    name: { type: string }
            """;
        var result = GeneratorHarness.Run(new TestDocument("pets.yaml", Yaml));

        var warning = Single(result, Lenient);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal((8, 7), Position(warning));
        Assert.Contains("'patternProperties'", Message(warning));
        Assert.Contains("#/components/schemas/Pet/patternProperties", Message(warning));
        Assert.Contains("ignored", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("public string? Name { get; init; }", result.TypeSource("Pet"));
    }

    [Fact]
    public void An_unknown_keyword_in_a_schema_of_the_second_parameter_is_located_there_in_json()
    {
        // Microsoft.OpenApi names the place without the index of the parameter (#/paths/~1pets/get/parameters/schema).
        const string Json = """
            {
              "openapi": "3.0.3",
              "info": { "title": "x", "version": "1" },
              "paths": {
                "/pets": {
                  "get": {
                    "operationId": "listPets",
                    "parameters": [
                      { "name": "a", "in": "query", "schema": { "type": "string" } },
                      { "name": "b", "in": "query", "schema": { "type": "string", "patternProperties": {} } }
                    ],
                    "responses": { "204": { "description": "ok" } }
                  }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("pets.json", Json));

        var warning = Single(result, Lenient);
        Assert.Equal((10, 71), Position(warning));
        Assert.Contains("#/paths/~1pets/get/parameters/1/schema/patternProperties", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("ListPetsAsync(string? a = null, string? b = null", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_path_item_query_member_is_a_warning_at_the_member_and_the_other_operations_are_generated()
    {
        const string Yaml = """
            openapi: 3.0.3
            info:
              title: tasks
              version: '1.0'
            paths:
              /tasks:
                get:
                  operationId: getTasks
                  responses:
                    '200':
                      description: OK
                query:
                  operationId: queryTasks
                  responses:
                    '200':
                      description: OK
            """;
        var result = GeneratorHarness.Run(new TestDocument("tasks.yaml", Yaml));

        var warning = Single(result, Lenient);
        Assert.Equal((12, 5), Position(warning));
        Assert.Contains("'query'", Message(warning));
        Assert.Contains("#/paths/~1tasks/query", Message(warning));
        Assert.Contains("OpenAPI 3.2", Message(warning));
        Assert.Contains("no method is generated", Message(warning));
        result.AssertCompilesClean();
        var client = result.Source("TestApi.TestClient.Client.g.cs");
        Assert.Contains("GetTasksAsync(", client);
        Assert.DoesNotContain("QueryTasks", client);
    }

    [Fact]
    public void A_path_item_query_member_is_located_in_json_too()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "tasks", "version": "1" },
              "paths": {
                "/tasks": {
                  "get": { "operationId": "getTasks", "responses": { "204": { "description": "ok" } } },
                  "query": { "operationId": "queryTasks", "responses": { "204": { "description": "ok" } } }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("tasks.json", Json));

        var warning = Single(result, Lenient);
        Assert.Equal((7, 7), Position(warning));
        Assert.Contains("OpenAPI 3.1", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("GetTasksAsync(", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    private const string PetConsumer = """
        namespace Consumer
        {
            internal static class UsesPet
            {
                public static async global::System.Threading.Tasks.Task<string?> NameAsync(global::TestApi.TestClient client)
                {
                    global::TestApi.Pet pet = await client.GetPetAsync("1");
                    return pet.Name;
                }
            }
        }
        """;

    [Fact]
    public void A_swagger_2_schema_under_a_response_is_read_as_json_content_and_the_method_returns_the_type()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: x, version: "1" }
            paths:
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: string } }
                  responses:
                    '200':
                      description: OK
                      schema:
                        $ref: '#/components/schemas/Pet'
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    name: { type: string }
            """;
        var result = GeneratorHarness.Run(new TestDocument("pets.yaml", Yaml), PetConsumer);

        var warning = Single(result, Lenient);
        Assert.Equal((12, 11), Position(warning));
        Assert.Contains("'schema'", Message(warning));
        Assert.Contains("Swagger 2", Message(warning));
        Assert.Contains("#/paths/~1pets~1{id}/get/responses/200/schema", Message(warning));
        Assert.Contains("application/json", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("__y.Tasks.Task<__m.Pet> GetPetAsync(string id", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_swagger_2_response_with_a_definitions_reference_is_typed_in_json()
    {
        // issue_8945 of openapi-generator: a Swagger 2 response in a 3.0 document, with a Swagger 2 reference.
        const string Json = """
            {
              "openapi": "3.0.1",
              "info": { "title": "x", "version": "1" },
              "paths": {
                "/pets/{id}": {
                  "get": {
                    "operationId": "getPet",
                    "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                    "responses": {
                      "200": {
                        "description": "OK",
                        "schema": { "$ref": "#/definitions/Pet" }
                      }
                    }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Pet": { "type": "object", "properties": { "name": { "type": "string" } } }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("pets.json", Json), PetConsumer);

        // Microsoft.OpenApi reads #/definitions/Pet as #/components/schemas/Pet; once the schema is content, so is this one.
        var warning = Single(result, Lenient);
        Assert.Equal((12, 13), Position(warning));
        Assert.Contains("Swagger 2", Message(warning));
        Assert.Contains("application/json", Message(warning));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "VOAI003");
        result.AssertCompilesClean();
        Assert.Contains("__y.Tasks.Task<__m.Pet> GetPetAsync(string id", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_null_where_a_map_is_expected_is_a_warning_at_the_member_and_is_ignored()
    {
        // issue_1517 of openapi-generator: `headers:` with nothing after it.
        const string Yaml = """
            openapi: 3.0.1
            info: { title: x, version: "1" }
            components:
              headers:
              parameters: ~
              responses:
                OK:
                  description: OK
            paths:
              /ping:
                get:
                  operationId: ping
                  responses:
                    '200': { $ref: '#/components/responses/OK' }
            """;
        var result = GeneratorHarness.Run(new TestDocument("ping.yaml", Yaml));

        var warnings = All(result, Lenient).OrderBy(d => Position(d)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Equal((4, 3), Position(warnings[0]));
        Assert.Contains("'headers'", Message(warnings[0]));
        Assert.Contains("a map", Message(warnings[0]));
        Assert.Contains("ignored", Message(warnings[0]));
        Assert.Equal((5, 3), Position(warnings[1]));
        Assert.Contains("'parameters'", Message(warnings[1]));
        result.AssertCompilesClean();
        Assert.Contains("PingAsync(", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_json_null_where_a_map_is_expected_is_a_warning_too()
    {
        const string Json = """
            {
              "openapi": "3.0.1",
              "info": { "title": "x", "version": "1" },
              "paths": { "/ping": { "get": { "operationId": "ping", "responses": { "204": { "description": "ok" } } } } },
              "components": {
                "headers": null
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("ping.json", Json));

        var warning = Single(result, Lenient);
        Assert.Equal((6, 5), Position(warning));
        Assert.Contains("#/components/headers", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("PingAsync(", result.Source("TestApi.TestClient.Client.g.cs"));
    }

    [Fact]
    public void A_type_given_as_an_object_is_a_warning_and_the_value_is_typed_as_json()
    {
        // issue_23102 of openapi-generator.
        const string Yaml = """
            openapi: 3.1.0
            info: { title: x, version: "1" }
            paths: {}
            components:
              schemas:
                Tagged:
                  properties:
                    tags:
                      items:
                        pattern: "^[A-Z]+$"
                        type:
                          oneOf:
                            - string
                            - type: "null"
                      type: array
            """;
        var result = GeneratorHarness.Run(new TestDocument("tags.yaml", Yaml));

        var warning = Single(result, Lenient);
        Assert.Equal((11, 13), Position(warning));
        Assert.Contains("'type'", Message(warning));
        Assert.Contains("is an object", Message(warning));
        Assert.Contains("JsonElement", Message(warning));
        Assert.DoesNotContain("Expected list", Message(warning));
        result.AssertCompilesClean();
        Assert.Contains("__g.IReadOnlyList<__j.JsonElement?>? Tags", result.TypeSource("Tagged"));
    }

    [Fact]
    public void A_type_given_as_an_object_is_located_in_json_too()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "x", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Tagged": {
                    "properties": {
                      "tags": { "type": "array", "items": { "type": { "oneOf": ["string"] } } }
                    }
                  }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("tags.json", Json));

        var warning = Single(result, Lenient);
        Assert.Equal((9, 49), Position(warning));
        Assert.Contains("#/components/schemas/Tagged/properties/tags/items/type", Message(warning));
        result.AssertCompilesClean();
    }

    [Fact]
    public void A_schema_name_given_as_type_stays_an_error_in_plain_words_at_the_type_of_each_variant()
    {
        // issue_23278 of openapi-generator: Microsoft.OpenApi names both places .../oneOf/items/type, without the index.
        const string Yaml = """
            openapi: 3.1.0
            info: { title: x, version: "1" }
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    options:
                      oneOf:
                        - type: array
                          items:
                            type: Thing
                        - type: array
                          items:
                            type: Other
                Thing:
                  type: object
                  properties:
                    name: { type: string }
            """;
        var result = GeneratorHarness.Run(new TestDocument("things.yaml", Yaml));

        var errors = result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => Position(d)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("VOAI002", e.Id));
        Assert.Equal((13, 17), Position(errors[0]));
        Assert.Contains("'type: Thing' is not a JSON type", Message(errors[0]));
        Assert.Contains("#/components/schemas/Holder/properties/options/oneOf/0/items/type", Message(errors[0]));
        Assert.Contains("$ref: '#/components/schemas/Thing'", Message(errors[0]));
        Assert.Equal((16, 17), Position(errors[1]));
        Assert.Contains("'type: Other' is not a JSON type", Message(errors[1]));
        Assert.DoesNotContain("$ref", Message(errors[1]));
    }
}
