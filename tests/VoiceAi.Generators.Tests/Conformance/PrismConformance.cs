using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ParameterLocation = VoiceAi.Generators.Model.ParameterLocation;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Reading;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Conformance;

/// <summary>
/// Calls operations of a corpus document through the client generated from it (compiled in memory and loaded) against
/// Prism mocking the same document: once with only the required values, then with every optional value set, as many
/// times as the largest enum it touches has members (call <c>i</c> sends member <c>i</c> of every enum). Values are made
/// from the schemas by <see cref="SchemaValues"/> and turned into the client's own types by its generated JSON.
/// A call is accepted when Prism answers 2xx and the answer is read back into the typed result. Two kinds of call are
/// counted apart, never as accepted: Prism validated the request but could not answer it (an event stream of objects it
/// cannot mock, or an answer it made up that breaks the document's own response schema), so no answer was read.
/// </summary>
internal static class PrismConformance
{
    public sealed record Outcome(string Document, int Operations, int Calls, IReadOnlyList<string> Rejected, IReadOnlyDictionary<string, int> Kinds, int UnmockedEvents, int InvalidMocks, int LeftOutFields, string Refusal, int EventStreamsRead, int RejectedCalls)
    {
        /// <summary>Calls Prism accepted whose answer was read into the typed result.</summary>
        public int AcceptedAndRead => Calls - RejectedCalls - Unread;

        /// <summary>Calls whose request Prism accepted but whose answer it could not give, so none was read.</summary>
        public int Unread => UnmockedEvents + InvalidMocks;
    }

    private const int MaxCallsPerOperation = 12;

    public static async Task<Outcome> RunAsync(
        string name,
        string path,
        VoiceAi.Client.Tests.Conformance.PrismServer prism,
        Func<IReadOnlyList<OperationSpec>, IReadOnlyList<OperationSpec>> select,
        ITestOutputHelper output)
    {
        const string ns = "Conformance", clientName = "ConformanceClient";
        var text = File.ReadAllText(path);
        var model = DocumentReader.Read(new Options.DocumentInput(path, clientName, ns, text), CancellationToken.None).Model
            ?? throw new InvalidOperationException(name + ": no model");
        var generated = GeneratorHarness.Run(new TestDocument(path, text, clientName, ns));
        var assembly = generated.Load();

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var document = OpenApiDocument.Parse(text, path.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings).Document!;

        var resolver = (IJsonTypeInfoResolver)assembly.GetType($"{ns}.{clientName[..^"Client".Length]}Json")!.GetProperty("Default")!.GetValue(null)!;
        var json = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(resolver, new DefaultJsonTypeInfoResolver()) };

        var optionsType = assembly.GetType($"{ns}.{clientName}Options")!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("ApiKey")!.SetValue(options, "conformance-key");
        optionsType.GetProperty("Username")?.SetValue(options, "AC00000000000000000000000000000000");
        optionsType.GetProperty("Password")?.SetValue(options, "secret");
        optionsType.GetProperty("MaxRetries")!.SetValue(options, 0);
        var answers = new JsonAnswers();
        using var http = new HttpClient(answers) { BaseAddress = prism.Address, Timeout = TimeSpan.FromSeconds(60) };
        var client = Activator.CreateInstance(assembly.GetType($"{ns}.{clientName}")!, http, options)!;

        var operations = select(model.Operations.ToList());

        // Prism is a judge here, not an echo: the first operation that needs credentials, called without them, is refused.
        // ApiKey = null: no fallback to {PREFIX}_API_KEY (OPENAI_API_KEY…), which the developer's shell may set.
        var anonymousOptions = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("ApiKey")!.SetValue(anonymousOptions, null);
        var anonymous = Activator.CreateInstance(assembly.GetType($"{ns}.{clientName}")!, http, anonymousOptions)!;
        var secured = operations.First(o => o.Security.Count > 0 && !o.IsStreamingVariant);
        var securedMethod = Method(anonymous, secured);
        var securedArguments = Arguments(securedMethod, secured, document.Paths[secured.Path], document.Paths[secured.Path].Operations![new HttpMethod(secured.HttpMethod.ToUpperInvariant())], new SchemaValues(false, 0), false, json, assembly, new HashSet<string>());
        var refusal = await CallAsync(securedMethod, anonymous, securedArguments, answers) ?? "accepted";
        var rejected = new List<string>();
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var calls = 0;
        var unmockedEvents = 0;
        var invalidMocks = 0;
        var leftOut = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var pathItem = document.Paths[operation.Path];
            var documented = pathItem.Operations![new HttpMethod(operation.HttpMethod.ToUpperInvariant())];
            var method = Method(client, operation);
            var kind = Kind(operation);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;

            var variants = 1;
            for (var variant = -1; variant < variants && variant < MaxCallsPerOperation; variant++)
            {
                var all = variant >= 0;
                var values = new SchemaValues(all, Math.Max(variant, 0));
                var label = $"{operation.MethodName} {operation.HttpMethod.ToUpperInvariant()} {operation.Path} ({(all ? "all, variant " + variant : "required only")})";
                object?[] arguments;
                try
                {
                    arguments = Arguments(method, operation, pathItem, documented, values, all, json, assembly, leftOut);
                }
                catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
                {
                    rejected.Add($"{label}: the test could not make its values: {e.Message}");
                    calls++;
                    continue;
                }

                variants = Math.Max(variants, values.LargestEnum);
                calls++;
                var problem = await CallAsync(method, client, arguments, answers);
                if (problem is not null && kind == "event-stream" && problem.Contains("errors#NO_COMPLEX_OBJECT_TEXT", StringComparison.Ordinal))
                {
                    // Prism validated the request (it answers 422 first when a request breaks the document) and then
                    // cannot mock an event stream of objects: not rejected, but no answer was read (counted apart).
                    unmockedEvents++;
                    problem = null;
                }
                else if (problem is not null && ResponseOnlyViolations(problem))
                {
                    // The request passed; the answer Prism made up breaks the document's own response schema: not
                    // rejected, but no answer was read (counted apart).
                    invalidMocks++;
                    problem = null;
                }

                if (problem is not null)
                {
                    if (problem.StartsWith("HttpRequestException", StringComparison.Ordinal))
                    {
                        problem = Shorten(problem) + "\n  Prism's log:\n" + prism.RecentLog();
                        rejected.Add($"{label}: {problem}");
                        break; // Prism is gone: the calls after this one say nothing more
                    }

                    rejected.Add($"{label}: {Shorten(problem)}");
                }
            }
        }

        var rejectedCalls = rejected.Count;

        // Prism cannot answer with events, so each event-stream operation also reads two events made from its event
        // schema (and a [DONE] marker) from a local handler, through the same generated client.
        var eventsRead = 0;
        foreach (var operation in operations.Where(o => o.Response.Kind == ResponseKind.EventStream))
        {
            var documented = document.Paths[operation.Path].Operations![new HttpMethod(operation.HttpMethod.ToUpperInvariant())];
            var events = documented.Responses!.Where(r => r.Key.StartsWith('2')).SelectMany(r => r.Value.Content ?? new Dictionary<string, IOpenApiMediaType>())
                .First(c => c.Key.StartsWith("text/event-stream", StringComparison.Ordinal)).Value.Schema;
            var data = (new SchemaValues(false, 0).Value(events) ?? JsonValue.Create("tick")).ToJsonString();
            var stream = "data: " + data + "\n\n" + "event: message\ndata: " + data + "\n\ndata: [DONE]\n\n";
            using var local = new HttpClient(new CannedEvents(stream)) { BaseAddress = new Uri("http://127.0.0.1/") };
            var eventClient = Activator.CreateInstance(assembly.GetType($"{ns}.{clientName}")!, local, options)!;
            var method = Method(eventClient, operation);
            var arguments = Arguments(method, operation, document.Paths[operation.Path], documented, new SchemaValues(false, 0), false, json, assembly, new HashSet<string>());
            var count = await CountEventsAsync(method, eventClient, arguments);
            if (count is 2)
            {
                eventsRead++;
            }
            else
            {
                rejected.Add($"{operation.MethodName}: read {count} of 2 events made from its schema: {data}");
            }
        }

        var outcome = new Outcome(name, operations.Count, calls, rejected, kinds, unmockedEvents, invalidMocks, leftOut.Count, $"{secured.MethodName} without credentials: {Shorten(refusal)}", eventsRead, rejectedCalls);
        output.WriteLine(Row(outcome));
        output.WriteLine(outcome.Refusal);
        output.WriteLine($"{outcome.EventStreamsRead} event-stream operations read two typed events from a local handler");
        foreach (var line in rejected.Take(40))
        {
            output.WriteLine("  rejected: " + line);
        }

        Report(outcome);
        return outcome;
    }

    public static string Row(Outcome outcome)
        => $"| {outcome.Document} | {outcome.Operations} | {string.Join(", ", outcome.Kinds.Select(k => $"{k.Value} {k.Key}"))} | {outcome.Calls} | {outcome.AcceptedAndRead} | {outcome.UnmockedEvents} | {outcome.InvalidMocks} | {outcome.RejectedCalls} | {outcome.LeftOutFields} | {outcome.EventStreamsRead} |";

    private static readonly object ReportGate = new();

    /// <summary>One row per document in artifacts/conformance-report.md, replaced when the document runs again.</summary>
    private static void Report(Outcome outcome)
    {
        lock (ReportGate)
        {
            var file = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "conformance-report.md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var rows = File.Exists(file)
                ? File.ReadAllLines(file).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| document", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal)).ToList()
                : [];
            rows.RemoveAll(r => r.StartsWith($"| {outcome.Document} |", StringComparison.Ordinal));
            rows.Add(Row(outcome));
            rows.Sort(StringComparer.Ordinal);
            var report = new StringBuilder()
                .AppendLine("# Prism conformance of corpus documents")
                .AppendLine()
                .AppendLine("A call is accepted when Prism answers 2xx and its answer is read into the typed result. The two \"not read\" columns are calls whose request Prism validated but could not answer: they are not accepted, and not rejected.")
                .AppendLine()
                .AppendLine("| document | operations | kinds | calls | accepted, answer read | not read: Prism cannot mock the event stream | not read: Prism's mock answer breaks the document | rejected | optional form fields Prism cannot read, left out | event-stream operations whose typed events were read from a local handler |")
                .AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            rows.ForEach(r => report.AppendLine(r));
            foreach (var line in outcome.Rejected)
            {
                report.AppendLine().Append("- ").Append(outcome.Document).Append(": ").AppendLine(line);
            }

            File.WriteAllText(file, report.ToString());
        }
    }

    private static MethodInfo Method(object client, OperationSpec operation)
        => client.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Single(m => m.Name == operation.MethodName && !m.GetParameters().Any(p => p.ParameterType.Name.EndsWith("RequestOptions", StringComparison.Ordinal)));

    /// <summary>Prism's 500 for a request it accepted and an answer of its own that breaks the response schema.</summary>
    private static bool ResponseOnlyViolations(string problem)
    {
        var start = problem.IndexOf('{');
        if (!problem.StartsWith("HTTP 500", StringComparison.Ordinal) || !problem.Contains("errors#VIOLATIONS", StringComparison.Ordinal) || start < 0)
        {
            return false;
        }

        // The body may be cut short: every validation location that can be seen must be in the response.
        var locations = System.Text.RegularExpressions.Regex.Matches(problem, "\"location\":\\[\"(\\w+)\"");
        return locations.Count > 0 && locations.All(m => m.Groups[1].Value == "response");
    }

    private static string Kind(OperationSpec operation)
    {
        if (operation.IsStreamingVariant || operation.Response.Kind == ResponseKind.EventStream)
        {
            return "event-stream";
        }

        return operation.Body?.Kind switch
        {
            BodyKind.Multipart => "multipart",
            BodyKind.FormUrlEncoded => "form",
            BodyKind.Json => "json body",
            BodyKind.Binary => "binary body",
            _ => operation.Response.Kind == ResponseKind.Binary ? "binary response" : "no body",
        };
    }

    private static object?[] Arguments(
        MethodInfo method,
        OperationSpec operation,
        IOpenApiPathItem pathItem,
        OpenApiOperation documented,
        SchemaValues values,
        bool all,
        JsonSerializerOptions json,
        Assembly assembly,
        ISet<string> leftOut)
    {
        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            arguments[i] = parameter.HasDefaultValue ? parameter.DefaultValue : null;
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments[i] = CancellationToken.None;
                continue;
            }

            var spec = operation.Parameters.FirstOrDefault(p => p.Name.TrimStart('@') == parameter.Name);
            if (spec is not null)
            {
                var declared = (documented.Parameters ?? []).Concat(pathItem.Parameters ?? [])
                    .FirstOrDefault(p => string.Equals(p.Name, spec.WireName, StringComparison.OrdinalIgnoreCase) && Location(p.In) == spec.Location);
                if (declared is null || (!spec.Required && !all) || declared.Deprecated)
                {
                    continue; // a parameter of the generator's own (a typed Accept), or an optional one left out
                }

                var node = values.Value(declared.Schema);
                arguments[i] = node is null ? null : node.Deserialize(parameter.ParameterType, json);
                continue;
            }

            var body = operation.Body ?? throw new InvalidOperationException($"{operation.MethodName}: parameter {parameter.Name} is neither a parameter nor a body");
            if (!body.Required && !all)
            {
                continue;
            }

            var schema = documented.RequestBody?.Content?.TryGetValue(body.ContentType, out var media) == true ? media.Schema : null;
            arguments[i] = body.Kind switch
            {
                BodyKind.Binary => new MemoryStream([1, 2, 3, 4]),
                BodyKind.Text => "text",
                BodyKind.Multipart => Multipart(parameter.ParameterType, body, schema, values, all, json, assembly, Unreadable),
                BodyKind.FormUrlEncoded => Form(values.Value(schema) as JsonObject ?? new JsonObject(), schema, Unreadable).Deserialize(parameter.ParameterType, json),
                _ => (values.Value(schema) ?? new JsonObject()).Deserialize(parameter.ParameterType, json),
            };

            void Unreadable(string field) => leftOut.Add(operation.MethodName + "." + field);
        }

        return arguments;
    }

    /// <summary>
    /// A form body without its optional list and object fields: Prism reads each form field as one string (the last one
    /// of a name) unless the document gives an <c>encoding</c> style, so it would call such a field the wrong type whatever
    /// is sent. How the client encodes them is covered by FormsClientTests.
    /// </summary>
    private static JsonObject Form(JsonObject body, IOpenApiSchema? schema, Action<string> unreadable)
    {
        var required = SchemaValues.Target(schema)?.Required ?? new HashSet<string>();
        foreach (var field in body.ToList())
        {
            if (field.Value is JsonArray or JsonObject && !required.Contains(field.Key))
            {
                body.Remove(field.Key);
                unreadable(field.Key);
            }
        }

        return body;
    }

    /// <summary>A multipart request object: files as small in-memory files, every other part from its schema (see <see cref="Form"/>).</summary>
    private static object Multipart(Type type, RequestBodySpec body, IOpenApiSchema? schema, SchemaValues values, bool all, JsonSerializerOptions json, Assembly assembly, Action<string> unreadable)
    {
        var target = SchemaValues.Target(schema);
        var instance = Activator.CreateInstance(type)!;
        var fileType = assembly.GetTypes().Single(t => t.GetMethod("FromBytes", BindingFlags.Public | BindingFlags.Static) is not null);
        foreach (var part in body.Parts)
        {
            var required = target?.Required?.Contains(part.JsonName) == true;
            if (!required && !all)
            {
                continue;
            }

            var property = type.GetProperty(part.Name)!;
            var partSchema = target?.Properties?.TryGetValue(part.JsonName, out var s) == true ? s : null;
            if (part.Type.Kind == TypeKind.File || (part.Type.Kind == TypeKind.Array && part.Type.Element!.Kind == TypeKind.File))
            {
                var file = fileType.GetMethod("FromBytes")!.Invoke(null, [Encoding.UTF8.GetBytes("RIFF....WAVEfmt "), "sample.wav", "audio/wav"]);
                if (part.Type.Kind == TypeKind.File)
                {
                    property.SetValue(instance, file);
                }
                else
                {
                    var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(fileType))!;
                    list.Add(file);
                    property.SetValue(instance, list);
                }

                continue;
            }

            if (values.Value(partSchema) is { } node)
            {
                if (node is JsonArray or JsonObject && !required)
                {
                    unreadable(part.JsonName);
                    continue;
                }

                property.SetValue(instance, node.Deserialize(property.PropertyType, json));
            }
        }

        return instance;
    }

    private static ParameterLocation? Location(Microsoft.OpenApi.ParameterLocation? location) => location switch
    {
        Microsoft.OpenApi.ParameterLocation.Path => ParameterLocation.Path,
        Microsoft.OpenApi.ParameterLocation.Query => ParameterLocation.Query,
        Microsoft.OpenApi.ParameterLocation.Header => ParameterLocation.Header,
        Microsoft.OpenApi.ParameterLocation.Cookie => ParameterLocation.Cookie,
        _ => null,
    };

    /// <summary>Null when the call was accepted and its answer read; otherwise why not.</summary>
    private static async Task<string?> CallAsync(MethodInfo method, object client, object?[] arguments, JsonAnswers? answers = null)
    {
        try
        {
            answers?.Clear();
            var returned = method.Invoke(client, arguments);
            switch (returned)
            {
                case Task task:
                    await task;
                    var result = task.GetType().GetProperty("Result")?.GetValue(task);
                    if (result is null && task.GetType().IsGenericType && answers?.Last is { } json && json.Trim() != "null")
                    {
                        return "the JSON answer was not read into the typed result (it is null): " + Shorten(json);
                    }

                    if (result?.GetType().GetProperty("Content")?.GetValue(result) is Stream content)
                    {
                        await content.CopyToAsync(Stream.Null);
                    }

                    (result as IDisposable)?.Dispose();
                    return null;
                case not null when returned.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)) is { } stream:
                    var drain = typeof(PrismConformance).GetMethod(nameof(DrainAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(stream.GetGenericArguments()[0]);
                    var count = await (Task<int>)drain.Invoke(null, [returned])!;
                    return count > 0 ? null : "the event stream had no events";
                default:
                    return "unexpected return " + returned;
            }
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            if (inner.GetType().Name.EndsWith("ApiException", StringComparison.Ordinal))
            {
                var status = inner.GetType().GetProperty("StatusCode")!.GetValue(inner);
                var responseBody = inner.GetType().GetProperty("ResponseBody")?.GetValue(inner) as string;
                return $"HTTP {status}: {responseBody}";
            }

            return $"{inner.GetType().Name}: {inner.Message}";
        }
    }

    /// <summary>How many events the streaming method yields (its exception's message when it throws).</summary>
    private static async Task<object> CountEventsAsync(MethodInfo method, object client, object?[] arguments)
    {
        try
        {
            var returned = method.Invoke(client, arguments)!;
            var stream = returned.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
            var drain = typeof(PrismConformance).GetMethod(nameof(DrainAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(stream.GetGenericArguments()[0]);
            return await (Task<int>)drain.Invoke(null, [returned])!;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            return inner.GetType().Name + ": " + Shorten(inner.Message);
        }
    }

    /// <summary>Keeps the last 2xx JSON answer's text, to tell a result that was read from one that was left null.</summary>
    private sealed class JsonAnswers() : DelegatingHandler(new HttpClientHandler())
    {
        public string? Last { get; private set; }

        public void Clear() => Last = null;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var type = response.Content.Headers.ContentType?.MediaType;
            if (response.IsSuccessStatusCode && type is not null && Infrastructure.RawDocument.IsJson(type))
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                Last = await response.Content.ReadAsStringAsync(cancellationToken);
            }

            return response;
        }
    }

    /// <summary>Answers every request with the same text/event-stream body.</summary>
    private sealed class CannedEvents(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") });
    }

    private static async Task<int> DrainAsync<T>(IAsyncEnumerable<T> events)
    {
        var count = 0;
        await foreach (var _ in events)
        {
            count++;
        }

        return count;
    }

    private static string Shorten(string? text)
        => text is null ? string.Empty : text.Length > 600 ? text[..600] + "…" : text;
}
