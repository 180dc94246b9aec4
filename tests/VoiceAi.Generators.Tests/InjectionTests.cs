using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// A hostile document never injects code. Every string field that can reach the output carries the same payload: each
/// kind of line break C# knows, comment and XML terminators, a directive, quotes, backslashes, braces, bidi and other
/// format characters, NUL, and a module initializer that would run when the consumer's assembly loads. The output is
/// then checked with Roslyn, token by token.
/// </summary>
public class InjectionTests
{
    /// <summary>Never part of an identifier the generator makes (<c>Naming</c> drops the underscore between letters), so any token holding it came from the document verbatim.</summary>
    private const string Marker = "Pwn_Marker";

    private const string Code = "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }";

    private static readonly string[] Breaks = ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"];

    /// <summary>The payload, tagged with the field it is put in (to find it in the output when a test fails).</summary>
    private static string Payload(string field)
    {
        var text = new StringBuilder(field).Append(' ').Append(Marker);
        foreach (var lineBreak in Breaks)
        {
            text.Append(lineBreak).Append(Code).Append(lineBreak).Append("#error ").Append(Marker).Append(lineBreak).Append("// ");
        }

        return text.Append(" */ </summary> <!-- ]]> & \"\"\" \" \\ { \u202E \u2066 \u200F \u061C \u200B \uFEFF \0 ").Append(Marker).Append(" /*").ToString();
    }

    /// <summary>A media type that would add a header if it were written to the request as it is.</summary>
    private static string HostileMediaType(string type) => type + "\r\nX-Injected: " + Marker;

    private static JsonObject Doc(string field) => new() { ["description"] = Payload(field + "Description") };

    /// <summary>The hostile document: every string the generator may write, a payload.</summary>
    public static JsonObject HostileDocument()
    {
        var p = Payload;
        JsonObject Schema(string field, JsonObject schema)
        {
            schema["description"] = p(field + "Description");
            schema["title"] = p(field + "Title");
            schema["example"] = p(field + "Example");
            schema["x-extension"] = p(field + "Extension");
            return schema;
        }

        var properties = new JsonObject
        {
            [p("propertyName")] = Schema("stringProperty", new JsonObject { ["type"] = "string", ["default"] = p("stringDefault") }),
            ["constant"] = Schema("constProperty", new JsonObject { ["type"] = "string", ["const"] = p("const"), ["enum"] = new JsonArray(p("constEnum")) }),
            ["double"] = Schema("doubleProperty", new JsonObject { ["type"] = "number", ["default"] = JsonNode.Parse("1e400") }),
            ["float"] = Schema("floatProperty", new JsonObject { ["type"] = "number", ["format"] = "float", ["default"] = JsonNode.Parse("1e39") }),
            ["decimal"] = Schema("decimalProperty", new JsonObject { ["type"] = "number", ["format"] = "decimal", ["default"] = JsonNode.Parse("1e400") }),
            ["int"] = Schema("intProperty", new JsonObject { ["type"] = "integer", ["default"] = JsonNode.Parse("1e400") }),
            ["long"] = Schema("longProperty", new JsonObject { ["type"] = "integer", ["format"] = "int64", ["default"] = JsonNode.Parse("99999999999999999999") }),
            ["kind"] = new JsonObject { ["$ref"] = "#/components/schemas/Kind", ["default"] = p("enumDefault") },
            ["when"] = Schema("dateProperty", new JsonObject { ["type"] = "string", ["format"] = "date-time", ["default"] = p("dateDefault") }),
            ["inlineEnum"] = Schema("inlineEnum", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(p("inlineEnumValue"), "plain"), ["default"] = p("inlineEnumValue") }),
            ["shape"] = new JsonObject { ["$ref"] = "#/components/schemas/Shape" },
        };

        var schemas = new JsonObject
        {
            ["Thing"] = Schema("thing", new JsonObject { ["type"] = "object", ["required"] = new JsonArray(p("propertyName")), ["properties"] = properties }),
            [p("schemaName")] = Schema("namedSchema", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [p("otherPropertyName")] = new JsonObject { ["type"] = "integer" } } }),
            ["Kind"] = Schema("enum", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(p("enumValue1"), p("enumValue2"), "ok"), ["default"] = p("enumSchemaDefault") }),
            [p("enumSchemaName")] = Schema("enum2", new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(1, 2) }),
            ["Shape"] = Schema("union", new JsonObject
            {
                ["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/Circle" }, new JsonObject { ["$ref"] = "#/components/schemas/Square" }),
                ["discriminator"] = new JsonObject
                {
                    ["propertyName"] = p("discriminatorProperty"),
                    ["mapping"] = new JsonObject { [p("discriminatorValue")] = "#/components/schemas/Circle", ["square"] = "#/components/schemas/Square" },
                },
            }),
            ["Circle"] = Schema("circle", new JsonObject { ["type"] = "object", ["required"] = new JsonArray(p("discriminatorProperty")), ["properties"] = new JsonObject { [p("discriminatorProperty")] = new JsonObject { ["type"] = "string" }, [p("circleProperty")] = new JsonObject { ["type"] = "number" } } }),
            ["Square"] = Schema("square", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [p("discriminatorProperty")] = new JsonObject { ["type"] = "string" }, ["side"] = new JsonObject { ["type"] = "number" } } }),
            ["Problem"] = Schema("problem", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [p("problemProperty")] = new JsonObject { ["type"] = "string" } } }),
        };

        JsonObject Parameter(string name, string location, JsonObject schema, bool required = false) => new()
        {
            ["name"] = name,
            ["in"] = location,
            ["required"] = required,
            ["description"] = p(location + "ParameterDescription"),
            ["example"] = p(location + "ParameterExample"),
            ["schema"] = schema,
        };

        var thing = new JsonObject { ["$ref"] = "#/components/schemas/Thing" };
        var json = new JsonObject { ["schema"] = thing.DeepClone(), ["example"] = p("mediaExample") };
        var errors = new JsonObject
        {
            ["404"] = new JsonObject { ["description"] = p("errorDescription"), ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } } },
            ["default"] = new JsonObject { ["description"] = p("defaultResponseDescription") },
        };

        JsonObject Operation(string field, JsonObject responses, JsonObject? body = null, JsonArray? parameters = null)
        {
            var operation = new JsonObject
            {
                ["operationId"] = p(field + "OperationId"),
                ["summary"] = p(field + "Summary"),
                ["description"] = p(field + "Description"),
                ["tags"] = new JsonArray(p(field + "Tag")),
                ["x-extension"] = p(field + "Extension"),
                ["x-voiceai-evidence"] = new JsonObject { ["confidence"] = p(field + "Confidence") },
                ["x-pagination"] = new JsonObject { ["results"] = p(field + "Results"), ["next_url"] = p(field + "NextUrl") },
                ["parameters"] = parameters ?? new JsonArray(),
                ["responses"] = responses,
                ["security"] = new JsonArray(new JsonObject { [p("securitySchemeName")] = new JsonArray(), ["cookieKey"] = new JsonArray(), ["queryKey"] = new JsonArray(), ["bearer"] = new JsonArray() }),
            };
            if (body is not null)
            {
                operation["requestBody"] = body;
            }

            return operation;
        }

        JsonObject Responses(JsonObject success)
        {
            var responses = (JsonObject)errors.DeepClone();
            responses["200"] = success;
            return responses;
        }

        var paths = new JsonObject
        {
            ["/things/{id}/" + p("path").Replace("{", string.Empty, StringComparison.Ordinal)] = new JsonObject
            {
                ["summary"] = p("pathSummary"),
                ["description"] = p("pathDescription"),
                ["parameters"] = new JsonArray(Parameter("id", "path", new JsonObject { ["type"] = "string", ["default"] = p("pathDefault") }, required: true)),
                ["post"] = Operation(
                    "json",
                    Responses(new JsonObject
                    {
                        ["description"] = p("responseDescription"),
                        ["headers"] = new JsonObject { [p("responseHeaderName")] = new JsonObject { ["description"] = p("responseHeaderDescription"), ["schema"] = new JsonObject { ["type"] = "string" } } },
                        ["content"] = new JsonObject { [HostileMediaType("application/json")] = json.DeepClone(), ["application/json"] = json.DeepClone() },
                    }),
                    new JsonObject
                    {
                        ["description"] = p("requestBodyDescription"),
                        ["required"] = true,
                        ["content"] = new JsonObject { [HostileMediaType("application/json")] = json.DeepClone(), ["application/json"] = json.DeepClone() },
                    },
                    new JsonArray(
                        Parameter(p("queryParameterName"), "query", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(p("queryEnum"), "b"), ["default"] = p("queryDefault") }),
                        Parameter(p("headerParameterName"), "header", new JsonObject { ["type"] = "string" }),
                        Parameter("X-Good", "header", new JsonObject { ["type"] = "string", ["default"] = p("headerDefault") }),
                        Parameter(p("cookieParameterName"), "cookie", new JsonObject { ["type"] = "string" }))),
            },
            ["/audio"] = new JsonObject
            {
                ["get"] = Operation("binary", Responses(new JsonObject
                {
                    ["description"] = p("binaryResponseDescription"),
                    ["content"] = new JsonObject { [HostileMediaType("audio/mpeg")] = new JsonObject(), ["audio/wav"] = new JsonObject(), ["audio/ogg; codecs=\"opus\""] = new JsonObject() },
                })),
                ["put"] = Operation(
                    "upload",
                    Responses(new JsonObject { ["description"] = p("uploadResponseDescription") }),
                    new JsonObject { ["description"] = p("uploadBodyDescription"), ["content"] = new JsonObject { [HostileMediaType("audio/mpeg")] = new JsonObject(), ["text/plain"] = new JsonObject() } }),
            },
            ["/events"] = new JsonObject
            {
                ["get"] = Operation("events", Responses(new JsonObject
                {
                    ["description"] = p("eventsResponseDescription"),
                    ["content"] = new JsonObject { ["application/json"] = json.DeepClone(), [HostileMediaType("text/event-stream")] = new JsonObject(), ["text/event-stream"] = new JsonObject { ["schema"] = thing.DeepClone() } },
                })),
            },
        };

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = p("title"),
                ["version"] = p("version"),
                ["description"] = p("infoDescription"),
                ["summary"] = p("infoSummary"),
                ["termsOfService"] = "https://example.com/terms",
                ["contact"] = new JsonObject { ["name"] = p("contactName") },
                ["x-logo"] = p("infoExtension"),
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "https://evil.example/{v}/?" + p("serverUrl"),
                ["description"] = p("serverDescription"),
                ["variables"] = new JsonObject
                {
                    ["v"] = new JsonObject { ["default"] = p("serverVariableDefault"), ["enum"] = new JsonArray(p("serverVariableDefault"), "a"), ["description"] = p("serverVariableDescription") },
                },
            }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = p("tagName"), ["description"] = p("tagDescription") }),
            ["x-extension"] = p("rootExtension"),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    [p("securitySchemeName")] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = p("apiKeyHeaderName"), ["description"] = p("securitySchemeDescription") },
                    ["cookieKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "cookie", ["name"] = p("apiKeyCookieName"), ["description"] = p("cookieSchemeDescription") },
                    ["queryKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = p("apiKeyQueryName"), ["description"] = p("querySchemeDescription") },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = p("bearerFormat"), ["description"] = p("bearerDescription") },
                },
            },
        };
    }

    /// <summary>The document as JSON, with U+0085, U+2028, U+2029 and the bidi and format characters raw (JSON allows them unescaped; control characters stay escaped, as JSON requires).</summary>
    public static string HostileJson()
    {
        var text = HostileDocument().ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var c in "\u0085\u2028\u2029\u202E\u2066\u200F\u061C\u200B\uFEFF")
        {
            text = text.Replace("\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture), c.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("\u2028", text, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The same document as YAML: double-quoted scalars with escapes (YAML reads raw U+0085, U+2028 and U+2029 as line breaks).</summary>
    public static string HostileYaml()
        => "# The injection test's hostile document, as YAML.\n" + HostileDocument().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>JSON and YAML, each also with sub-clients by tag and C# enums (<c>.styled.</c>), whose names and docs come from the same hostile text.</summary>
    public static TheoryData<string> Variants => new() { "hostile.json", "hostile.yaml", "hostile.styled.json", "hostile.styled.yaml", "hostile.asyncapi.json" };

    /// <summary>
    /// A hostile AsyncAPI 3.0 document: every string of a channel, operation, message, parameter, server and security
    /// scheme (and the payload schemas' names, property names and enum values) carries the payload.
    /// </summary>
    public static string HostileAsyncApi()
    {
        var p = Payload;
        var payload = new JsonObject
        {
            ["type"] = "object",
            ["description"] = p("payloadDescription"),
            ["required"] = new JsonArray(p("payloadProperty"), "context_id"),
            ["properties"] = new JsonObject
            {
                [p("payloadProperty")] = new JsonObject { ["type"] = "string", ["description"] = p("payloadPropertyDescription"), ["default"] = p("payloadDefault") },
                ["context_id"] = new JsonObject { ["type"] = "string" },
                ["mood"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(p("moodValue"), "calm") },
                ["audio"] = new JsonObject { ["type"] = "string", ["format"] = "byte" },
            },
        };
        var error = new JsonObject { ["type"] = "object", ["required"] = new JsonArray("error", "context_id"), ["properties"] = new JsonObject { ["error"] = new JsonObject { ["type"] = "string" }, ["context_id"] = new JsonObject { ["type"] = "string" } } };
        var document = new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = p("title"), ["version"] = p("version"), ["description"] = p("infoDescription") },
            ["servers"] = new JsonObject
            {
                [p("serverKey")] = new JsonObject { ["host"] = "evil.example" + p("host"), ["protocol"] = "wss", ["security"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/securitySchemes/key" }) },
                ["good"] = new JsonObject { ["host"] = "{region}.example.com", ["protocol"] = "wss", ["pathname"] = "/v1", ["variables"] = new JsonObject { ["region"] = new JsonObject { ["default"] = p("region") } }, ["security"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/securitySchemes/key" }, new JsonObject { ["$ref"] = "#/components/securitySchemes/query" }) },
                ["plain"] = new JsonObject { ["host"] = "ok.example.com", ["protocol"] = "wss", ["pathname"] = PrintablePath, ["security"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/securitySchemes/key" }, new JsonObject { ["$ref"] = "#/components/securitySchemes/" + p("schemeKey").Replace("~", "~0").Replace("/", "~1") }) },
            },
            ["channels"] = new JsonObject
            {
                [p("channelKey")] = new JsonObject
                {
                    ["address"] = "/rooms/{" + "room" + "}/" + "x",
                    ["title"] = p("channelTitle"),
                    ["description"] = p("channelDescription"),
                    ["parameters"] = new JsonObject { ["room"] = new JsonObject { ["description"] = p("parameterDescription"), ["default"] = p("parameterDefault") } },
                    ["messages"] = new JsonObject { ["say"] = new JsonObject { ["$ref"] = "#/components/messages/Say" }, [p("messageKey")] = new JsonObject { ["$ref"] = "#/components/messages/Heard" }, ["error"] = new JsonObject { ["$ref"] = "#/components/messages/Error" } },
                },
                ["bad"] = new JsonObject { ["address"] = "/x" + p("address"), ["messages"] = new JsonObject() },
            },
            ["operations"] = new JsonObject
            {
                [p("operationKey")] = new JsonObject { ["action"] = "send", ["title"] = p("operationTitle"), ["description"] = p("operationDescription"), ["channel"] = new JsonObject { ["$ref"] = "#/channels/" + p("channelKey").Replace("~", "~0").Replace("/", "~1") }, ["messages"] = new JsonArray(new JsonObject { ["$ref"] = "#/channels/" + p("channelKey").Replace("~", "~0").Replace("/", "~1") + "/messages/say" }) },
                ["hear"] = new JsonObject { ["action"] = "receive", ["channel"] = new JsonObject { ["$ref"] = "#/channels/" + p("channelKey").Replace("~", "~0").Replace("/", "~1") } },
            },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["key"] = new JsonObject { ["type"] = "httpApiKey", ["in"] = "header", ["name"] = p("headerName"), ["description"] = p("schemeDescription") },
                    [p("schemeKey")] = new JsonObject { ["type"] = "httpApiKey", ["in"] = "query", ["name"] = p("queryName") },
                },
                ["messages"] = new JsonObject
                {
                    ["Say"] = new JsonObject { ["title"] = p("messageTitle"), ["description"] = p("messageDescription"), ["contentType"] = "application/json", ["payload"] = new JsonObject { ["$ref"] = "#/components/schemas/" + p("schemaName").Replace("~", "~0").Replace("/", "~1") } },
                    ["Heard"] = new JsonObject { ["payload"] = payload.DeepClone() },
                    ["Error"] = new JsonObject { ["payload"] = error },
                },
                ["schemas"] = new JsonObject { [p("schemaName")] = payload },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>A server path of printable ASCII only (so that it is an address, and reaches the options as a literal and a doc).</summary>
    private const string PrintablePath = "/v1/x\"*/</summary><!--]]>-->{}";

    private static GenerationResult Generate(string name)
    {
        if (name.Contains(".asyncapi.", StringComparison.Ordinal))
        {
            var realtime = GeneratorHarness.Run(new TestDocument(name, HostileAsyncApi(), "HostileClient", "Hostile"));
            Assert.DoesNotContain(realtime.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

            // Not vacuous: the hostile channel, its send method, the union of what it receives and the context view.
            var channel = Assert.Single(realtime.Sources, s => s.HintName.StartsWith("Hostile.HostileClient.Realtime.", StringComparison.Ordinal) && s.HintName != "Hostile.HostileClient.Realtime.g.cs").SourceText.ToString();
            Assert.Contains("public async __y.Tasks.Task<__m.", channel, StringComparison.Ordinal);
            Assert.Contains("=> SendAsync(message, ", channel, StringComparison.Ordinal);
            Assert.Contains("OpenContext(id)", channel, StringComparison.Ordinal);
            Assert.Contains("protected override string? ErrorText(", channel, StringComparison.Ordinal);
            Assert.Contains("PathSegment(room, nameof(room))", channel, StringComparison.Ordinal);
            Assert.Contains(realtime.GeneratorDiagnostics, d => d.Id == "VOAI016");

            // The printable path is the address (of the client alone: its WebSocket server in the HTTP form), as an escaped literal.
            Assert.Contains("new __x.Uri(\"https://ok.example.com/v1/x\\\"*/</summary><!--]]>-->{}\")", realtime.Source("Hostile.HostileClient.Options.g.cs"), StringComparison.Ordinal);
            return realtime;
        }

        var styled = name.Contains(".styled.", StringComparison.Ordinal);
        var metadata = styled ? new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags", ["OpenApiEnumStyle"] = "Enum" } : new Dictionary<string, string>();
        var result = GeneratorHarness.Run(new TestDocument(name, name.EndsWith(".json", StringComparison.Ordinal) ? HostileJson() : HostileYaml(), "HostileClient", "Hostile") { Metadata = metadata });
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        // Not vacuous: the document was read, and every kind of file was written.
        var hints = result.Sources.Select(s => s.HintName).ToList();
        Assert.Contains("Hostile.HostileClient.Client.g.cs", hints);
        var types = string.Concat(result.TypeFiles.Select(f => f.SourceText.ToString()));
        Assert.Contains("public sealed partial record ", types, StringComparison.Ordinal);
        Assert.Contains(styled ? "public enum " : "public readonly partial struct ", types, StringComparison.Ordinal);
        if (styled)
        {
            Assert.Contains(" => this;", result.Source("Hostile.HostileClient.Client.g.cs"), StringComparison.Ordinal); // the sub-clients
        }

        Assert.Contains("public sealed partial class ", types, StringComparison.Ordinal);
        Assert.True(CountOf(result.Source("Hostile.HostileClient.Client.g.cs"), "CoreAsync(") >= 4, "every operation gets a method");
        return result;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<(string Hint, string Text)> Files(GenerationResult result)
        => result.Sources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    /// <summary>The generated files parsed as the compiler parses them, with documentation comments checked.</summary>
    private static List<SyntaxTree> Trees(IEnumerable<(string Hint, string Text)> files)
        => files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose), path: f.Hint))
            .ToList();

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_output_compiles_without_errors(string name)
    {
        var result = Generate(name);
        var errors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_line_separator_control_bidi_or_format_character_is_written_raw(string name) => AssertNoHiddenCharacter(Files(Generate(name)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_directive_but_the_file_header_and_no_injected_member_or_attribute(string name) => AssertNoDirectiveOrInjectedMember(Files(Generate(name)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Documentation_comments_are_well_formed_xml(string name) => AssertWellFormedDocumentation(Files(Generate(name)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_payload_appears_only_inside_string_literals_and_comments(string name) => AssertPayloadOnlyInLiteralsAndComments(Files(Generate(name)));

    /// <summary>
    /// The emitters alone, given a model that carries the payload where the reader would not let it through (a server URL
    /// with line breaks, an enum value, a JSON name, a default): the audited functions hold without the reader's checks.
    /// </summary>
    [Fact]
    public void The_emitters_alone_never_write_the_payload_as_code()
    {
        var p = Payload;
        var schemes = new[] { new Model.SecuritySchemeSpec(p("schemeKey"), Model.SecurityKind.ApiKeyHeader, p("apiKeyHeader"), p("schemeDescription")), new Model.SecuritySchemeSpec("query", Model.SecurityKind.ApiKeyQuery, p("apiKeyQuery"), null) }.ToEquatableArray();
        var client = new Model.ClientInfo("Hostile", "HostileClient", "Hostile", p("title"), p("description"), p("version"), "https://evil.example/?" + p("serverUrl"), schemes);
        var parameters = new[]
        {
            new Model.ParameterSpec("id", p("pathName"), Model.ParameterLocation.Path, Model.TypeRef.String, Required: true, Explode: false, p("pathDescription"), Deprecated: false),
            new Model.ParameterSpec("q", p("queryName"), Model.ParameterLocation.Query, Model.TypeRef.String, Required: false, Explode: true, p("queryDescription"), Deprecated: false),
            new Model.ParameterSpec("h", p("headerName"), Model.ParameterLocation.Header, Model.TypeRef.String, Required: false, Explode: false, p("headerDescription"), Deprecated: false),
            new Model.ParameterSpec("c", p("cookieName"), Model.ParameterLocation.Cookie, Model.TypeRef.String, Required: false, Explode: false, p("cookieDescription"), Deprecated: false),
        }.ToEquatableArray();
        var operation = new Model.OperationSpec(
            "GetThingAsync", p("method"), "/things/{" + p("pathName") + "}/" + p("path"), p("summary"), p("operationDescription"), Deprecated: false, parameters, Body: null,
            new Model.ResponseSpec(Model.ResponseKind.Json, new Model.TypeRef(Model.TypeKind.Model, "Thing"), false, new[] { p("mediaType") }.ToEquatableArray(), p("responseDescription")),
            new[] { new Model.ErrorResponseSpec(404, p("errorDescription"), new Model.TypeRef(Model.TypeKind.Model, "Thing")) }.ToEquatableArray(),
            new[] { p("schemeKey"), "query" }.ToEquatableArray());
        var property = new Model.PropertySpec("Name", p("jsonName"), Model.TypeRef.String, Required: false, Nullable: false, new Model.DefaultValue(Model.DefaultKind.String, p("default")), p("propertyDescription"), Deprecated: false);
        var model = new Model.ModelSpec("Thing", p("modelDescription"), false, new[] { property }.ToEquatableArray());
        var kind = new Model.EnumSpec("Kind", p("enumDescription"), IsString: true, Deprecated: false, new[] { new Model.EnumMemberSpec("Known", p("enumValue")) }.ToEquatableArray());
        var union = new Model.UnionSpec("Shape", p("unionDescription"), p("discriminator"), new[] { new Model.UnionVariantSpec("Thing", new Model.TypeRef(Model.TypeKind.Model, "Thing"), new[] { p("discriminatorValue") }.ToEquatableArray(), new[] { p("jsonName") }.ToEquatableArray(), Model.EquatableArray<string>.Empty) }.ToEquatableArray());
        var files = new List<(string Hint, string Text)>
        {
            ("Options.g.cs", Emitting.SupportEmitter.EmitOptions(client, logging: true)),
            ("Exception.g.cs", Emitting.SupportEmitter.EmitException(client, Model.EquatableArray<Model.ErrorTypeSpec>.Empty)),
            ("Json.g.cs", Emitting.SupportEmitter.EmitJson(client, new[] { new Model.TypeRef(Model.TypeKind.Model, "Thing"), new Model.TypeRef(Model.TypeKind.Enum, "Kind"), new Model.TypeRef(Model.TypeKind.Model, "Shape") }.ToEquatableArray(), unions: true, unionShapes: true, stringEnums: true)),
            ("BinaryResponse.g.cs", Emitting.SupportEmitter.EmitBinaryResponse(client)),
            ("Client.g.cs", Emitting.ClientEmitter.Emit(client, new[] { operation }.ToEquatableArray(), logging: true)),
            ("DependencyInjection.g.cs", Emitting.SupportEmitter.EmitDependencyInjection(client, logging: true)),
            ("Types.g.cs", new Emitting.TypesFile(client, 0, new[] { model }.ToEquatableArray(), new[] { kind }.ToEquatableArray(), new[] { union }.ToEquatableArray()).Emit()),
        };

        string[] extensions = ["Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Primitives"];
        var compilation = GeneratorHarness.CreateCompilation(extensions, "namespace Consumer { internal static class Empty { } }").AddSyntaxTrees(Trees(files));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The emitted code does not compile:\n" + string.Join("\n", errors.Take(20)));
        AssertNoHiddenCharacter(files);
        AssertNoDirectiveOrInjectedMember(files);
        AssertWellFormedDocumentation(files);
        AssertPayloadOnlyInLiteralsAndComments(files);
        Assert.Contains(files, f => f.Text.Contains("new __x.Uri(\"https://evil.example/?serverUrl Pwn_Marker\\n[System.Runtime", StringComparison.Ordinal));
    }

    /// <summary>
    /// Header values and names from the document: only valid media types become Accept and Content-Type (a line break in
    /// one would add a header: TryAddWithoutValidation sends it as written), and only HTTP tokens become header and cookie
    /// names. What is left out is reported (VOAI011) where the document says it.
    /// </summary>
    [Fact]
    public void Only_valid_media_types_and_header_names_reach_the_request()
    {
        const string Json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "x", "version": "1" },
              "paths": {
                "/audio": {
                  "post": {
                    "operationId": "speak",
                    "parameters": [
                      { "name": "X Bad Header", "in": "header", "schema": { "type": "string" } },
                      { "name": "X-Good", "in": "header", "schema": { "type": "string" } },
                      { "name": "a=1; admin", "in": "cookie", "schema": { "type": "string" } },
                      { "name": "session", "in": "cookie", "schema": { "type": "string" } }
                    ],
                    "requestBody": {
                      "content": {
                        "text/plain\r\nX-Injected: 1": {},
                        "application/octet-stream": {}
                      }
                    },
                    "responses": {
                      "200": {
                        "description": "ok",
                        "content": {
                          "audio/mpeg\r\nX-Injected: 1": {},
                          "audio/wav": {},
                          "audio/ogg; codecs=\"opus\"": {},
                          "audio/*": {}
                        }
                      }
                    },
                    "security": [ { "bad": [], "good": [] } ]
                  }
                }
              },
              "components": {
                "securitySchemes": {
                  "bad": { "type": "apiKey", "in": "header", "name": "X-Key\r\nX-Injected: 1" },
                  "good": { "type": "apiKey", "in": "header", "name": "X-Api-Key" }
                }
              }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("headers.json", Json));
        result.AssertCompilesClean();
        var client = result.Source("TestApi.TestClient.Client.g.cs");

        Assert.Contains("__httpRequest.Headers.TryAddWithoutValidation(\"Accept\", \"audio/wav, audio/ogg; codecs=\\\"opus\\\", audio/*\");", client);
        Assert.Contains("ContentType = new __x.Net.Http.Headers.MediaTypeHeaderValue(\"application/octet-stream\")", client);
        Assert.Contains("Headers.Add(\"X-Good\"", client);
        Assert.Contains("__cookies.Add(\"session=\"", client);
        Assert.Contains("__HeaderKey(__httpRequest, \"X-Api-Key\");", client);
        Assert.DoesNotContain("X-Injected", client);
        Assert.DoesNotContain("X Bad Header", client);
        Assert.DoesNotContain("admin", client);
        Assert.DoesNotContain("text/plain", client);

        var leftOut = result.GeneratorDiagnostics.Where(d => d.Id == "VOAI011").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal([9, 11, 16, 24, 37], leftOut.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Contains("The header parameter 'X Bad Header'", leftOut[0].GetMessage());
        Assert.Contains("The cookie parameter 'a=1; admin'", leftOut[1].GetMessage());
        Assert.Contains("The media type 'text/plain\\u000D\\u000AX-Injected: 1'", leftOut[2].GetMessage());
        Assert.Contains("The media type 'audio/mpeg\\u000D\\u000AX-Injected: 1'", leftOut[3].GetMessage());
        Assert.Contains("of security scheme 'bad'", leftOut[4].GetMessage());
        Assert.All(leftOut, d => Assert.DoesNotContain("\n", d.GetMessage(), StringComparison.Ordinal));
    }

    /// <summary>
    /// Output is linear in the input: a string repeated in every file (the title and version in each file's header) or in
    /// every operation (an API key's name) costs a bounded number of characters per file or operation, not its length.
    /// </summary>
    [Fact]
    public void Output_grows_linearly_with_the_input()
    {
        const int Long = 200_000;
        var schemas = new JsonObject();
        var paths = new JsonObject();
        for (var i = 0; i < 40; i++)
        {
            schemas["Model" + i] = new JsonObject { ["type"] = "object", ["description"] = new string('d', 2_000), ["properties"] = new JsonObject { ["id"] = new JsonObject { ["type"] = "string" } } };
            paths["/things" + i] = new JsonObject { ["get"] = new JsonObject { ["operationId"] = "get" + i, ["responses"] = new JsonObject { ["204"] = new JsonObject { ["description"] = "ok" } } } };
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = new string('t', Long), ["version"] = new string('v', Long), ["description"] = new string('i', Long) },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://example.com/" + new string('u', Long) }),
            ["security"] = new JsonArray(new JsonObject { ["key"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject { ["key"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = new string('k', Long) } },
            },
        }.ToJsonString();

        var result = GeneratorHarness.Run(new TestDocument("long.json", document, "LongClient", "Long"));
        result.AssertCompilesClean();
        var output = result.Sources.Sum(s => (long)s.SourceText.Length);
        Assert.True(result.Sources.Count > 40, "every schema has its file");
        Assert.True(output < 2L * document.Length, $"{output:N0} characters written for a {document.Length:N0}-character document");
    }

    private static void AssertNoHiddenCharacter(IEnumerable<(string Hint, string Text)> files)
    {
        var found = new List<string>();
        foreach (var (hint, text) in files)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                var hidden = c == '\r' || (category == UnicodeCategory.Control && c is not '\n' and not '\t')
                    || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])));
                if (hidden)
                {
                    var line = text.Take(i).Count(ch => ch == '\n') + 1;
                    found.Add(hint + ":" + line + ": U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }

                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
            }
        }

        Assert.True(found.Count == 0, "Raw characters that hide or reorder code:\n" + string.Join("\n", found.Distinct().Take(30)));
    }

    private static void AssertNoDirectiveOrInjectedMember(IEnumerable<(string Hint, string Text)> files)
    {
        var problems = new List<string>();
        foreach (var tree in Trees(files))
        {
            var root = tree.GetRoot();
            var directives = root.DescendantTrivia(descendIntoTrivia: true).Where(t => t.IsDirective || t.IsKind(SyntaxKind.DisabledTextTrivia)).ToList();
            var header = directives.Take(2).Select(t => t.Kind()).ToList();
            // After the header, only the pairs around each overload with options (its inherited docs; see ClientEmitter),
            // each exactly as the generator writes it.
            var pairs = directives.Skip(2).Select(d => d.ToString().Trim()).ToList();
            var onlyPairs = pairs.Count % 2 == 0 && pairs.Select((text, i) => text == (i % 2 == 0 ? "#pragma warning disable CS1573" : "#pragma warning restore CS1573")).All(ok => ok);
            if (directives.Count < 2 || !header.SequenceEqual([SyntaxKind.NullableDirectiveTrivia, SyntaxKind.PragmaWarningDirectiveTrivia]) || !onlyPairs)
            {
                problems.Add(tree.FilePath + ": directives " + string.Join(", ", directives.Select(d => d.Kind() + " '" + d.ToString().Trim() + "'")));
            }

            foreach (var node in root.DescendantNodes())
            {
                var declared = node switch
                {
                    MethodDeclarationSyntax method => method.Identifier.ValueText,
                    LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                    BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
                    PropertyDeclarationSyntax property => property.Identifier.ValueText,
                    _ => null,
                };
                if (declared == "Pwn")
                {
                    problems.Add(tree.FilePath + ": a member named Pwn: " + node.ToString().Split('\n')[0]);
                }

                if (node is AttributeSyntax attribute && attribute.Name.ToString().Contains("ModuleInitializer", StringComparison.Ordinal))
                {
                    problems.Add(tree.FilePath + ": " + attribute);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
    }

    private static void AssertWellFormedDocumentation(IEnumerable<(string Hint, string Text)> files)
    {
        var compilation = GeneratorHarness.CreateCompilation().AddSyntaxTrees(Trees(files));
        var documentationWarnings = compilation.GetDiagnostics()
            .Where(d => d.Id is "CS0419" or "CS1570" or "CS1571" or "CS1572" or "CS1573" or "CS1574" or "CS1580" or "CS1581" or "CS1584" or "CS1587" or "CS1589" or "CS1590" or "CS1592" or "CS1658" or "CS1710" or "CS1711" or "CS1712" or "CS1723" or "CS1734" or "CS1735")
            .ToList();
        Assert.True(documentationWarnings.Count == 0, "Documentation comments that are not well-formed:\n" + string.Join("\n", documentationWarnings.Take(20)));

        // The check is live: a broken comment in the same mode is reported.
        var broken = CSharpSyntaxTree.ParseText("/// <summary>a </summary> <!-- b\npublic class Broken { }", GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose));
        Assert.Contains(GeneratorHarness.CreateCompilation().AddSyntaxTrees(broken).GetDiagnostics(), d => d.Id == "CS1570");
    }

    private static void AssertPayloadOnlyInLiteralsAndComments(IEnumerable<(string Hint, string Text)> files)
    {
        var problems = new List<string>();
        var inLiterals = 0;
        var inComments = 0;
        foreach (var tree in Trees(files))
        {
            var root = tree.GetRoot();
            foreach (var token in root.DescendantTokens(descendIntoTrivia: false))
            {
                if (token.Text.Contains(Marker, StringComparison.Ordinal))
                {
                    if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken))
                    {
                        inLiterals++;
                    }
                    else
                    {
                        problems.Add(tree.FilePath + ": token " + token.Kind() + " '" + token.Text + "'");
                    }
                }

                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText is "Pwn" or "ModuleInitializer")
                {
                    problems.Add(tree.FilePath + ": identifier " + token.ValueText + " at line " + (token.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
                }
            }

            foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: false))
            {
                if (!trivia.ToFullString().Contains(Marker, StringComparison.Ordinal))
                {
                    continue;
                }

                if (trivia.Kind() is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.SingleLineDocumentationCommentTrivia)
                {
                    inComments++;
                }
                else
                {
                    problems.Add(tree.FilePath + ": trivia " + trivia.Kind() + " '" + trivia.ToFullString().Trim() + "'");
                }
            }
        }

        Assert.True(problems.Count == 0, "The document's text became code:\n" + string.Join("\n", problems.Distinct().Take(30)));
        Assert.True(inLiterals > 0 && inComments > 0, $"the payload reached {inLiterals} literals and {inComments} comments: the check would not see it");
    }
}
