using Microsoft.CodeAnalysis;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// Response keys of every shape compile, and the most specific one is chosen at run time: exact codes, then ranges
/// (<c>4XX</c>, <c>4xx</c>), then <c>default</c>, whatever order the document lists them in. The docs show a range as written.
/// </summary>
public class StatusCodeTests
{
    private const string Errors = """
        openapi: 3.0.3
        info: {title: Statuses, version: "1"}
        servers: [{url: "https://statuses.example"}]
        paths:
          /things:
            get:
              operationId: getThing
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
                "1XX": {description: informational, content: {application/json: {schema: {$ref: "#/components/schemas/Other"}}}}
                "3XX": {description: moved, content: {application/json: {schema: {$ref: "#/components/schemas/Other"}}}}
                4XX: {description: any client error, content: {application/json: {schema: {$ref: "#/components/schemas/ClientProblem"}}}}
                "404": {description: not found, content: {application/json: {schema: {$ref: "#/components/schemas/NotFound"}}}}
                "4xx": {description: the range again in lower case, content: {application/json: {schema: {$ref: "#/components/schemas/Other"}}}}
                "400": {description: a code the range covers, content: {application/json: {schema: {$ref: "#/components/schemas/NotFound"}}}}
                "410": {description: "gone, without a body"}
                5xx: {description: server error, content: {application/json: {schema: {$ref: "#/components/schemas/ClientProblem"}}}}
                "503": {description: unavailable, content: {application/json: {schema: {$ref: "#/components/schemas/ClientProblem"}}}}
                default: {description: anything else, content: {application/json: {schema: {$ref: "#/components/schemas/Other"}}}}
        components:
          schemas:
            Thing: {type: object, properties: {id: {type: string}}}
            ClientProblem: {type: object, properties: {problem: {type: string}}}
            NotFound: {type: object, properties: {missing: {type: string}}}
            Other: {type: object, properties: {other: {type: string}}}
        """;

    [Fact]
    public void Exact_codes_then_ranges_then_default_whatever_the_document_s_order()
    {
        var result = GeneratorHarness.Run(new TestDocument("errors.yaml", Errors, "StatusesClient", "Statuses"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var client = result.Source("Statuses.StatusesClient.Client.g.cs");
        var parser = client.Substring(client.IndexOf("private static object? __Parse_400or404_NotFound_503_ClientProblem_4XXor5XX_ClientProblem_Default_Other(", StringComparison.Ordinal));
        parser = parser.Substring(0, parser.IndexOf("\t}", StringComparison.Ordinal));
        var arms = parser.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("=>", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "400 or 404 => TryParse(body, __m.StatusesJson.Default.NotFound),",
                "503 => TryParse(body, __m.StatusesJson.Default.ClientProblem),",
                ">= 400 and <= 499 or >= 500 and <= 599 => TryParse(body, __m.StatusesJson.Default.ClientProblem),",
                "_ => TryParse(body, __m.StatusesJson.Default.Other),",
            ],
            arms);
    }

    [Fact]
    public void The_docs_show_ranges_as_the_document_writes_them()
    {
        var result = GeneratorHarness.Run(new TestDocument("errors.yaml", Errors, "StatusesClient", "Statuses"));

        var client = result.Source("Statuses.StatusesClient.Client.g.cs");
        Assert.Contains("(400: a code the range covers; 404: not found; 410: gone, without a body; 503: unavailable; 4XX: any client error; 5XX: server error; other: anything else)", client, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_code_quoted_and_unquoted_is_read_once_with_a_located_warning()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: {title: Twice, version: "1"}
            servers: [{url: "https://twice.example"}]
            paths:
              /things:
                get:
                  operationId: getThing
                  responses:
                    200: {description: ok, content: {application/json: {schema: {type: string}}}}
                    "200": {description: ok again, content: {application/json: {schema: {type: integer}}}}
                    400: {description: unquoted, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
                    "400": {description: quoted, content: {application/json: {schema: {$ref: "#/components/schemas/B"}}}}
            components:
              schemas:
                A: {type: object, properties: {a: {type: string}}}
                B: {type: object, properties: {b: {type: string}}}
            """;
        var result = GeneratorHarness.Run(new TestDocument("twice.yaml", Yaml, "TwiceClient", "Twice"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var warnings = result.GeneratorDiagnostics.Where(d => d.Id == "VOAI011").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Equal([9, 11], warnings.Select(w => w.Location.GetLineSpan().StartLinePosition.Line).Order());
        Assert.All(warnings, w => Assert.Contains("twice", w.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var client = result.Source("Twice.TwiceClient.Client.g.cs");
        // The first of each is read.
        Assert.Contains("Task<string> GetThingAsync(", client, StringComparison.Ordinal);
        Assert.Contains("400 => TryParse(body, __m.TwiceJson.Default.A),", client, StringComparison.Ordinal);
        Assert.DoesNotContain("TwiceJson.Default.B)", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_codes_before_a_success_range_each_get_their_own_body()
    {
        const string Yaml = """
            openapi: 3.1.0
            info: {title: Successes, version: "1"}
            servers: [{url: "https://successes.example"}]
            paths:
              /jobs:
                post:
                  operationId: runJob
                  responses:
                    2xx: {description: any other success, content: {application/json: {schema: {type: object, properties: {any: {type: string}}}}}}
                    "201": {description: created, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
                    "204": {description: nothing}
                    "2XX": {description: the range again, content: {application/json: {schema: {type: integer}}}}
              /only-range:
                get:
                  operationId: onlyRange
                  responses:
                    "2XX": {description: any success, content: {application/json: {schema: {type: object, properties: {only: {type: string}}}}}}
              /range-and-nothing:
                get:
                  operationId: rangeAndNothing
                  responses:
                    "204": {description: nothing}
                    "2XX": {description: any other success, content: {application/json: {schema: {type: object, properties: {something: {type: string}}}}}}
            """;
        var result = GeneratorHarness.Run(new TestDocument("successes.yaml", Yaml, "SuccessesClient", "Successes"));

        result.AssertCompilesClean();
        var client = result.Source("Successes.SuccessesClient.Client.g.cs");
        Assert.Contains("Task<__m.RunJobResult> RunJobAsync(", client, StringComparison.Ordinal);
        Assert.Contains("201 => new __m.RunJobResult(201) { Created = await ReadJsonAsync(", client, StringComparison.Ordinal);
        Assert.Contains("204 => new __m.RunJobResult(204),", client, StringComparison.Ordinal);
        Assert.Contains(">= 200 and <= 299 => new __m.RunJobResult(__status) { Status2XX = await ReadJsonAsync(", client, StringComparison.Ordinal);
        Assert.Contains("The success answer: 201 in Created, 204 (no body), 2XX in Status2XX.", client, StringComparison.Ordinal);
        Assert.Contains("Task<__m.OnlyRangeResponse> OnlyRangeAsync(", client, StringComparison.Ordinal);
        // Typed by the lowest status, the range counting as 200: a 204 without a body does not make the method return nothing.
        Assert.Contains("Task<__m.RangeAndNothingResponse?> RangeAndNothingAsync(", client, StringComparison.Ordinal);
        Assert.Contains("if ((int)__response.StatusCode is 204) return default;", client, StringComparison.Ordinal);
    }
}
