using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

public class CompilationTests
{
    [Fact]
    public void The_older_full_Voice_AI_document_1_4_0_generates_a_client_that_compiles_clean()
    {
        var path = Path.Combine(TestPaths.Shared, "voice-ai", "full", "voice-ai-openapi-1.4.0.json");
        var result = GeneratorHarness.Run(new TestDocument(path, File.ReadAllText(path), "VoiceAiLegacyClient", "VoiceAi.Legacy"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        result.AssertCompilesClean();
        var client = result.Source("VoiceAi.Legacy.VoiceAiLegacyClient.Client.g.cs");
        Assert.Equal(38, System.Text.RegularExpressions.Regex.Matches(client, @"private (async )?__y\.Tasks\.Task.* \w+CoreAsync\(").Count);
    }

    [Fact]
    public void Two_documents_give_two_clients_in_their_own_namespaces()
    {
        var bundled = new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi");
        var focused = new TestDocument("focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused");
        var result = GeneratorHarness.Run([bundled, focused], "namespace Consumer { internal static class Use { internal static object[] Clients(System.Net.Http.HttpClient http) => [new VoiceAi.VoiceAiClient(http), new Focused.FocusedClient(http)]; } }");

        result.AssertCompilesClean();
        Assert.Contains(result.Sources, s => s.HintName.StartsWith("VoiceAi.VoiceAiClient.", StringComparison.Ordinal));
        Assert.Contains(result.Sources, s => s.HintName.StartsWith("Focused.FocusedClient.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_additional_file_without_a_client_name_is_ignored()
    {
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), ClientName: null));
        Assert.Empty(result.Sources);
        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Fact]
    public void Output_is_byte_identical_under_other_cultures()
    {
        var document = new TestDocument("focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused");
        var original = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var texts = new List<string>();
            foreach (var culture in new[] { "tr-TR", "de-DE", "" })
            {
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
                System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
                texts.Add(string.Join("\n", GeneratorHarness.Run(document).Sources.Select(s => s.HintName + "\n" + s.SourceText)));
            }

            Assert.Equal(texts[0], texts[1]);
            Assert.Equal(texts[0], texts[2]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
            System.Globalization.CultureInfo.CurrentUICulture = original;
        }
    }
}

public class ClashTests
{
    /// <summary>
    /// Found by the corpus: parameters named like the client's locals (query, uri, item, response, content, cookies,
    /// httpRequest), two bearer schemes and two API-key schemes on one header, a required deprecated property,
    /// a required body of a value type, and lists of a union with and without null.
    /// </summary>
    [Fact]
    public void Of_alternative_security_requirements_only_those_a_call_can_end_up_sending_are_emitted()
    {
        const string Yaml = """
            openapi: 3.1.0
            info: {title: Alternatives, version: "1"}
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
                header: {type: apiKey, in: header, name: X-Api-Key}
                basic: {type: http, scheme: basic}
            security:
              - bearer: []
              - header: []
              - basic: []
            paths:
              /a:
                get:
                  operationId: getA
                  responses: {"204": {description: ok}}
            """;
        var result = GeneratorHarness.Run(new TestDocument("alternatives.yaml", Yaml, "AlternativesClient", "Alternatives"));

        result.AssertCompilesClean();
        var client = result.Source("Alternatives.AlternativesClient.Client.g.cs");
        // The header key needs the same credential as the bearer token, which is tried first: it can never be sent.
        Assert.DoesNotContain("X-Api-Key", client, StringComparison.Ordinal);
        Assert.Contains("var __security = _options.ApiKey is { Length: > 0 } ? 0 : (_options.Username is { Length: > 0 } || _options.ApiKey is { Length: > 0 }) ? 1 : -1;", client, StringComparison.Ordinal);
        Assert.Contains("if (__security is 0) __Bearer(__httpRequest);", client, StringComparison.Ordinal);
        Assert.Contains("if (__security is 1) __Basic(__httpRequest);", client, StringComparison.Ordinal);
        Assert.DoesNotContain("__HeaderKey(__httpRequest", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_statuses_with_other_schemas_give_a_result_type_and_a_range_is_for_the_statuses_no_code_has()
    {
        const string Yaml = """
            openapi: 3.1.0
            info: {title: Statuses, version: "1"}
            paths:
              /jobs:
                post:
                  operationId: runJob
                  responses:
                    "200": {description: done, content: {application/json: {schema: {type: object, properties: {output: {type: string}}}}}}
                    "202": {description: queued, content: {application/json: {schema: {type: object, properties: {jobId: {type: string}}}}}}
              /ranged:
                post:
                  operationId: ranged
                  responses:
                    "2XX": {description: any, content: {application/json: {schema: {type: object, properties: {any: {type: string}}}}}}
                    "201": {description: created, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
                    "202": {description: queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
            """;
        var result = GeneratorHarness.Run(new TestDocument("statuses.yaml", Yaml, "StatusesClient", "Statuses"));

        result.AssertCompilesClean();
        var client = result.Source("Statuses.StatusesClient.Client.g.cs");
        Assert.Contains("Task<__m.RunJobResult> RunJobAsync(", client, StringComparison.Ordinal);
        Assert.Contains("202 => new __m.RunJobResult(202) { Accepted = await ReadJsonAsync(", client, StringComparison.Ordinal);
        // 201 and 202 are more specific than the 2XX listed before them: each has its body, 2XX the others.
        Assert.Contains("Task<__m.RangedResult> RangedAsync(", client, StringComparison.Ordinal);
        // The lowest status (2XX counts as 200) names the first body type; the others are named by their status.
        Assert.Contains("201 => new __m.RangedResult(201) { Created = await ReadJsonAsync(__response, __m.StatusesJson.Default.RangedResponse201,", client, StringComparison.Ordinal);
        Assert.Contains("202 => new __m.RangedResult(202) { Accepted = await ReadJsonAsync(", client, StringComparison.Ordinal);
        Assert.Contains(">= 200 and <= 299 => new __m.RangedResult(__status) { Status2XX = await ReadJsonAsync(__response, __m.StatusesJson.Default.RangedResponse,", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_and_shapes_that_clashed_in_real_documents_compile_clean()
    {
        var document = new TestDocument("clashes.yaml", File.ReadAllText(TestPaths.Document("clashes.yaml")), "ClashesClient", "Clashes");
        var result = GeneratorHarness.Run(document);

        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        result.AssertCompilesClean();
        var client = result.Source("Clashes.ClashesClient.Client.g.cs");
        // One Authorization and one X-Key per operation (two operations).
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(client, @"__(Bearer|Basic)\(__httpRequest\);").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(client, "\"X-Key\"").Count);
        var legacy = result.TypeSource("Legacy");
        Assert.Contains("Deprecated.", legacy);
    }
}

public class PointerReferenceTests
{
    [Fact]
    public void References_into_components_resolve_to_typed_values()
    {
        var document = new TestDocument("pointers.json", File.ReadAllText(TestPaths.Document("pointers.json")), "PointersClient", "Pointers");
        var result = GeneratorHarness.Run(document);

        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var derived = result.TypeSource("Derived");
        Assert.Contains("public string? Label { get; init; }", derived);
        Assert.Contains("public __x.DateTimeOffset? When { get; init; }", derived);
        Assert.Matches(@"public __m\.\w+\? Kind \{ get; init; \}", derived);
        var client = result.Source("Pointers.PointersClient.Client.g.cs");
        Assert.Contains("Task<__x.DateTimeOffset> GetChoiceAsync(", client);
    }
}
