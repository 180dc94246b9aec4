using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceAi.Sample;

/// <summary>
/// A local stand-in for https://dev.voice.ai, on 127.0.0.1 and a free port, for running the sample without an API key.
/// It answers the operations the sample calls the way the document describes them: every route wants the bearer header
/// (401 with an ErrorResponse without it), request bodies are checked against their schemas (422 with FastAPI's
/// HTTPValidationError when they break them), and every answer has the shape of the document's response schema.
/// Between calls it remembers an account of its own: the phone numbers selected and the agents created.
/// </summary>
/// <remarks>
/// Answers are literal JSON; a value that came from a request is only ever written through <see cref="Str"/>
/// (JsonEncodedText) or the serializer, never spliced in raw.
/// </remarks>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(WebApplication app) => _app = app;

    private static int _speechRequests;

    public Uri Address => new(_app.Urls.First());

    /// <summary>How many speech requests reached the server (the first one is answered 503 with Retry-After).</summary>
    public static int SpeechRequests => _speechRequests;

    public static async Task<StandInServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var account = new Account();
        app.UseWebSockets();
        MapRealtime(app);
        MapPhoneNumbers(app, account);
        MapAgents(app, account);
        MapTextToSpeech(app);
        MapPronunciationDictionaries(app);

        await app.StartAsync();
        return new StandInServer(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ---- Phone Number Management ----

    private static void MapPhoneNumbers(WebApplication app, Account account)
    {
        // SearchPhoneNumbersRequest (every field optional) → SearchPhoneNumbersResponse.
        app.MapPost("/api/v1/agent/search-phone-numbers", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            var countryCode = OptionalString(body, "body", "country_code") ?? "US";
            var areaCode = OptionalString(body, "body", "area_code");
            if (areaCode is not null && !(areaCode.Length == 3 && areaCode.All(char.IsAsciiDigit)))
            {
                throw Invalid(["body", "area_code"], @"String should match pattern '^\d{3}$'", "string_pattern_mismatch");
            }

            _ = OptionalString(body, "body", "provider");

            // Three free numbers in the area code asked for (415 when none is given); 555-01xx numbers are fictional.
            var area = areaCode ?? "415";
            var (locality, region) = area == "415" ? ("San Francisco", "CA") : ((string?)null, (string?)null);
            var results = Enumerable.Range(1, 3).Select(i =>
                $$"""{"phone_number":{{Str($"+1{area}55501{i:00}")}},"locality":{{Str(locality)}},"region":{{Str(region)}},"country_code":{{Str(countryCode)}}}""");
            return Json($$"""{"results":[{{string.Join(",", results)}}],"total_results":3}""");
        }));

        // PurchasePhoneNumberRequest → PurchasePhoneNumberResponse; 402 (ErrorResponse) for a number ending in 0402, as if the plan were full.
        app.MapPost("/api/v1/agent/select-phone-number", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            var number = RequiredString(body, "body", "phone_number");
            _ = OptionalEnum(body, ["twilio", "telnyx"], "body", "provider");

            // The stand-in has always treated an empty number as a missing one.
            if (number.Length == 0)
            {
                throw Invalid(["body", "phone_number"], "Field required", "missing");
            }

            if (number.EndsWith("0402", StringComparison.Ordinal))
            {
                return Error(402, "Phone number limit reached. Upgrade your plan or release an existing number.", "plan_limit");
            }

            lock (account.Gate)
            {
                if (!account.PhoneNumbers.Contains(number))
                {
                    account.PhoneNumbers.Add(number);
                }
            }

            return Json($$"""{"phone_number":{{Str(number)}},"status":"active"}""");
        }));

        // ?page&limit → PaginatedAllPhoneNumbersResponse: the account's numbers, none assigned to an agent.
        app.MapGet("/api/v1/agent/phone-numbers", Handle(context =>
        {
            var (page, limit) = ReadPaging(context);
            string[] numbers;
            lock (account.Gate)
            {
                numbers = [.. account.PhoneNumbers];
            }

            var items = Page(numbers, page, limit).Select(n =>
                $$"""{"phone_number":{{Str(n)}},"status":"active","assigned_to_agent_id":null,"assigned_to_agent_name":null}""");
            return Task.FromResult(Json($$"""{"items":[{{string.Join(",", items)}}],"pagination":{{Pagination(page, limit, numbers.Length)}}}"""));
        }));

        // PurchasePhoneNumberRequest → PurchasePhoneNumberResponse with status "released".
        app.MapPost("/api/v1/agent/release-phone-number", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            var number = RequiredString(body, "body", "phone_number");
            _ = OptionalEnum(body, ["twilio", "telnyx"], "body", "provider");

            bool released;
            lock (account.Gate)
            {
                released = account.PhoneNumbers.Remove(number);
            }

            // The document lists only 200 and 422 here: a number the account does not own is the stand-in's own 404 (an ErrorResponse, as select-phone-number answers).
            return released
                ? Json($$"""{"phone_number":{{Str(number)}},"status":"released"}""")
                : Error(404, "Phone number not found", "not_found");
        }));
    }

    // ---- Agent Management ----

    private static void MapAgents(WebApplication app, Account account)
    {
        // CreateAgentRequest (name and config required) → 201 with the Agent, paused until deployed.
        app.MapPost("/api/v1/agent/", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            var name = RequiredString(body, "body", "name");
            if (name.Length == 0)
            {
                throw Invalid(["body", "name"], "String should have at least 1 character", "string_too_short");
            }

            var config = RequiredObject(body, "body", "config");
            _ = OptionalString(config, "body", "config", "prompt");
            _ = OptionalString(config, "body", "config", "greeting");
            var kbId = OptionalInt(body, "body", "kb_id");

            // The config is kept as sent (through the serializer, so it is well-formed JSON whatever the caller wrote).
            var now = DateTimeOffset.UtcNow;
            var agent = AgentJson($"agent_{Guid.NewGuid():N}", name, JsonSerializer.Serialize(config, SampleJson.Default.JsonElement), "paused", 1, kbId, now);
            lock (account.Gate)
            {
                account.Agents.Add(new StoredAgent("paused", agent));
            }

            return Json(agent, 201);
        }));

        // ?page&limit&show_statuses → PaginatedAgentResponse; by default deployed and paused agents are shown.
        app.MapGet("/api/v1/agent/", Handle(context =>
        {
            var (page, limit) = ReadPaging(context);
            string[] statuses = context.Request.Query["show_statuses"] is { Count: > 0 } asked ? [.. asked.OfType<string>()] : ["deployed", "paused"];
            StoredAgent[] shown;
            lock (account.Gate)
            {
                shown = [.. account.Agents.Where(a => statuses.Contains(a.Status))];
            }

            var items = Page(shown, page, limit).Select(a => a.Json);
            return Task.FromResult(Json($$"""{"items":[{{string.Join(",", items)}}],"pagination":{{Pagination(page, limit, shown.Length)}}}"""));
        }));
    }

    private static string AgentJson(string id, string name, string configJson, string status, int statusCode, int? kbId, DateTimeOffset at)
    {
        var time = Str(at.ToString("O", CultureInfo.InvariantCulture));
        var kb = kbId is { } value ? value.ToString(CultureInfo.InvariantCulture) : "null";
        return $$"""{"agent_id":{{Str(id)}},"user_id":"stand-in-user","name":{{Str(name)}},"config":{{configJson}},"status":{{Str(status)}},"status_code":{{statusCode}},"kb_id":{{kb}},"created_at":{{time}},"updated_at":{{time}}}""";
    }

    // ---- Text To Speech over WebSocket (the AsyncAPI channels) ----

    /// <summary>
    /// <c>/api/v1/tts/multi-stream</c> as its page describes it: the first message to a <c>context_id</c> sets the context
    /// up, text is buffered until <c>flush</c>, then the audio comes as base64 chunks tagged with the context (interleaved
    /// when several contexts flush at once), then <c>is_last</c>; <c>close_context</c> is confirmed with
    /// <c>context_closed</c>, <c>close_socket</c> closes the connection (1000). The bearer header is checked on the upgrade.
    /// </summary>
    private static void MapRealtime(WebApplication app)
    {
        app.Map("/api/v1/tts/multi-stream", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            if (!IsAuthorized(context))
            {
                context.Response.StatusCode = 401;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var gate = new SemaphoreSlim(1, 1);
            var buffers = new Dictionary<string, StringBuilder>();
            var flushes = new List<Task>();
            var buffer = new byte[64 * 1024];
            async Task Send(string json)
            {
                await gate.WaitAsync();
                try
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(json), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
                }
                finally
                {
                    gate.Release();
                }
            }

            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await Task.WhenAll(flushes);
                    await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var root = message.RootElement;
                bool Flag(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
                if (Flag("close_socket"))
                {
                    await Task.WhenAll(flushes);
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "close_socket", CancellationToken.None);
                    return;
                }

                var id = root.TryGetProperty("context_id", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString()! : "ctx_" + buffers.Count;
                if (!buffers.TryGetValue(id, out var text))
                {
                    buffers[id] = text = new StringBuilder();
                }

                if (root.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
                {
                    text.Append(part.GetString());
                }

                if (Flag("flush"))
                {
                    var words = text.ToString();
                    text.Clear();
                    var close = Flag("close_context") || Flag("auto_close");
                    flushes.Add(Task.Run(async () =>
                    {
                        // One 20 ms chunk of 16 kHz PCM (640 bytes) per 4 characters, after a "first audio" delay.
                        await Task.Delay(30);
                        for (var chunk = 0; chunk < Math.Max(1, words.Length / 4); chunk++)
                        {
                            await Send("{\"audio\":\"" + Convert.ToBase64String(FakeMp3(640)) + "\",\"context_id\":" + Str(id) + "}");
                            await Task.Delay(5);
                        }

                        await Send("{\"is_last\":true,\"context_id\":" + Str(id) + "}");
                        if (close)
                        {
                            await Send("{\"context_closed\":true,\"context_id\":" + Str(id) + "}");
                        }
                    }));
                }
                else if (Flag("close_context"))
                {
                    await Task.WhenAll(flushes);
                    buffers.Remove(id);
                    await Send("{\"context_closed\":true,\"context_id\":" + Str(id) + "}");
                }
            }
        });
    }

    // ---- Text To Speech ----

    private static void MapTextToSpeech(WebApplication app)
    {
        // GenerateSpeechRequest (text required) → audio/mpeg; the first request of the run is turned away 503 (busy, come back at once).
        app.MapPost("/api/v1/tts/speech", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            _ = RequiredString(body, "body", "text");

            // The client does not resend a POST on its own: the sample calls again.
            if (Interlocked.Increment(ref _speechRequests) == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Error(503, "Busy, try again");
            }

            return Results.Bytes(FakeMp3(32 * 1024), "audio/mpeg");
        }));

        // GenerateSpeechRequest (text required) → audio/mpeg in five flushed chunks, as a stream arrives.
        app.MapPost("/api/v1/tts/speech/stream", Handle(async context =>
        {
            var body = await ReadJsonObjectAsync(context);
            _ = RequiredString(body, "body", "text");
            return Results.Stream(async stream =>
            {
                for (var chunk = 0; chunk < 5; chunk++)
                {
                    await stream.WriteAsync(FakeMp3(4096));
                    await stream.FlushAsync();
                    await Task.Delay(50);
                }
            }, "audio/mpeg");
        }));

        // multipart/form-data with a file part (required, MP3/WAV/OGG, at most 7.5 MB), name, voice_visibility, language → CloneVoiceResponse.
        app.MapPost("/api/v1/tts/clone-voice", Handle(async context =>
        {
            if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            {
                throw Invalid(["body", "file"], "Field required", "missing");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var file = form.Files.GetFile("file") ?? throw Invalid(["body", "file"], "Field required", "missing");
            if (file.Length == 0)
            {
                throw Invalid(["body", "file"], "The audio file is empty", "value_error");
            }

            if (file.Length > 7_864_320)
            {
                throw Invalid(["body", "file"], "The audio file is larger than 7.5MB", "value_error");
            }

            var head = new byte[12];
            await using (var content = file.OpenReadStream())
            {
                await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, context.RequestAborted);
            }

            if (!IsAudio(head))
            {
                throw Invalid(["body", "file"], "Audio file must be MP3, WAV, or OGG", "value_error");
            }

            _ = FormEnum(form, "voice_visibility", "PUBLIC", "PRIVATE");
            _ = FormEnum(form, "language", "en", "es", "fr", "de", "it", "pt", "pl", "ru", "nl", "sv", "ca");

            // A new voice is queued for processing.
            return Json($$"""{"voice_id":{{Str($"voice_{Guid.NewGuid():N}")}},"status":"PENDING"}""");
        }));
    }

    /// <summary>Whether the first bytes are those of a WAV (RIFF…WAVE), an MP3 (ID3 tag or frame sync) or an OGG file.</summary>
    private static bool IsAudio(ReadOnlySpan<byte> head)
        => (head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
           || head[..3].SequenceEqual("ID3"u8)
           || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
           || head[..4].SequenceEqual("OggS"u8);

    private static byte[] FakeMp3(int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xFB;
        return bytes;
    }

    // ---- Pronunciation Dictionaries ----

    private static void MapPronunciationDictionaries(WebApplication app)
    {
        // {dictionary_id} (a UUID) and {version} (an integer) → that version as a PLS (W3C Pronunciation Lexicon) document.
        app.MapGet("/api/v1/tts/pronunciation-dictionaries/{dictionary_id}/{version}/download", Handle(context =>
        {
            if (!Guid.TryParse(context.Request.RouteValues["dictionary_id"] as string, out var dictionaryId))
            {
                throw Invalid(["path", "dictionary_id"], "Input should be a valid UUID", "uuid_parsing");
            }

            if (!int.TryParse(context.Request.RouteValues["version"] as string, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
            {
                throw Invalid(["path", "version"], "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
            }

            var pls = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
                  <!-- Stand-in dictionary {dictionaryId:D}, version {version.ToString(CultureInfo.InvariantCulture)} -->
                  <lexeme>
                    <grapheme>Voice AI</grapheme>
                    <alias>voice A I</alias>
                  </lexeme>
                  <lexeme>
                    <grapheme>Kestrel</grapheme>
                    <phoneme>ˈkɛstɹəl</phoneme>
                  </lexeme>
                </lexicon>
                """;

            // The document lists application/octet-stream for this answer (no page shows another media type), so that is what is sent.
            return Task.FromResult(Results.Bytes(Encoding.UTF8.GetBytes(pls), "application/octet-stream", $"dictionary-{dictionaryId:D}-v{version.ToString(CultureInfo.InvariantCulture)}.pls"));
        }));
    }

    // ---- Shared: authorization, request checks, answers ----

    /// <summary>
    /// One route: the bearer header is checked first (401 with an ErrorResponse without it), then the handler runs;
    /// a request that breaks the document's schema ends in an <see cref="InvalidRequestException"/>, answered 422.
    /// </summary>
    private static RequestDelegate Handle(Func<HttpContext, Task<IResult>> handler) => async context =>
    {
        IResult result;
        if (!IsAuthorized(context))
        {
            result = Error(401, "Invalid or missing API key");
        }
        else
        {
            try
            {
                result = await handler(context);
            }
            catch (InvalidRequestException e)
            {
                result = e.Answer;
            }
        }

        await result.ExecuteAsync(context);
    };

    private static bool IsAuthorized(HttpContext context)
        => context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);

    /// <summary>A request the document's schema rejects: answered 422 with FastAPI's HTTPValidationError, one detail.</summary>
    private sealed class InvalidRequestException(string[] loc, string msg, string type) : Exception($"{string.Join(".", loc)}: {msg}")
    {
        public IResult Answer => Json($$"""{"detail":[{"loc":[{{string.Join(",", loc.Select(l => Str(l)))}}],"msg":{{Str(msg)}},"type":{{Str(type)}}}]}""", 422);
    }

    private static InvalidRequestException Invalid(string[] loc, string msg, string type) => new(loc, msg, type);

    /// <summary>The JSON body, which must be an object.</summary>
    private static async Task<JsonElement> ReadJsonObjectAsync(HttpContext context)
    {
        JsonElement body;
        try
        {
            body = context.Request.HasJsonContentType()
                ? await JsonSerializer.DeserializeAsync(context.Request.Body, SampleJson.Default.JsonElement, context.RequestAborted)
                : throw new JsonException("Not JSON");
        }
        catch (JsonException)
        {
            throw Invalid(["body"], "JSON decode error", "json_invalid");
        }

        return body.ValueKind == JsonValueKind.Object
            ? body
            : throw Invalid(["body"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type");
    }

    // Property checks: loc is where the property is (["body", "config", "prompt"]), its last item the property's name.
    private static string RequiredString(JsonElement parent, params string[] loc)
        => parent.TryGetProperty(loc[^1], out var value) ? AsString(value, loc) : throw Invalid(loc, "Field required", "missing");

    private static string? OptionalString(JsonElement parent, params string[] loc)
        => parent.TryGetProperty(loc[^1], out var value) && value.ValueKind != JsonValueKind.Null ? AsString(value, loc) : null;

    private static string AsString(JsonElement value, string[] loc)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(loc, "Input should be a valid string", "string_type");

    private static int? OptionalInt(JsonElement parent, params string[] loc)
    {
        if (!parent.TryGetProperty(loc[^1], out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid(loc, "Input should be a valid integer", "int_type");
    }

    private static JsonElement RequiredObject(JsonElement parent, params string[] loc)
    {
        if (!parent.TryGetProperty(loc[^1], out var value))
        {
            throw Invalid(loc, "Field required", "missing");
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw Invalid(loc, "Input should be a valid dictionary or object to extract fields from", "model_attributes_type");
    }

    private static string? OptionalEnum(JsonElement parent, string[] allowed, params string[] loc)
    {
        var value = OptionalString(parent, loc);
        return value is null || allowed.Contains(value) ? value : throw Invalid(loc, EnumMessage(allowed), "enum");
    }

    private static string? FormEnum(IFormCollection form, string name, params string[] allowed)
    {
        if (!form.TryGetValue(name, out var values))
        {
            return null;
        }

        var value = values.ToString();
        return allowed.Contains(value) ? value : throw Invalid(["body", name], EnumMessage(allowed), "enum");
    }

    /// <summary>Pydantic's wording: "Input should be 'a', 'b' or 'c'".</summary>
    private static string EnumMessage(string[] allowed)
        => $"Input should be {string.Join(", ", allowed[..^1].Select(a => $"'{a}'"))} or '{allowed[^1]}'";

    /// <summary>The page and limit query parameters, bounded as the document bounds them (page from 1; limit 1 to 100, 10 when not given).</summary>
    private static (int Page, int Limit) ReadPaging(HttpContext context)
        => (QueryInt(context, "page", 1, int.MaxValue) ?? 1, QueryInt(context, "limit", 1, 100) ?? 10);

    private static int? QueryInt(HttpContext context, string name, int min, int max)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (!int.TryParse(values.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(["query", name], "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
        }

        return value < min ? throw Invalid(["query", name], $"Input should be greater than or equal to {min}", "greater_than_equal")
            : value > max ? throw Invalid(["query", name], $"Input should be less than or equal to {max}", "less_than_equal")
            : value;
    }

    private static IEnumerable<T> Page<T>(IEnumerable<T> items, int page, int limit)
        => items.Skip((int)Math.Min(int.MaxValue, (page - 1L) * limit)).Take(limit);

    /// <summary>A PaginationMeta object for one page of <paramref name="totalItems"/>.</summary>
    private static string Pagination(int page, int limit, int totalItems)
    {
        var totalPages = (totalItems + limit - 1) / limit;
        return $$"""{"current_page":{{page}},"total_pages":{{totalPages}},"total_items":{{totalItems}},"limit":{{limit}},"has_next":{{Bool(page < totalPages)}},"has_previous":{{Bool(page > 1)}}}""";
    }

    /// <summary>A JSON string (or null), escaped by JsonEncodedText.</summary>
    private static string Str(string? value) => value is null ? "null" : $"\"{JsonEncodedText.Encode(value)}\"";

    private static string Bool(bool value) => value ? "true" : "false";

    private static IResult Json(string json, int status = 200) => Results.Text(json, "application/json", Encoding.UTF8, status);

    private static IResult Error(int status, string error, string? code = null)
        => Results.Text(JsonSerializer.Serialize(new Dictionary<string, string?> { ["error"] = error, ["code"] = code }, SampleJson.Default.DictionaryStringString), "application/json", Encoding.UTF8, status);

    /// <summary>What the stand-in remembers between calls. Requests may overlap, so it is read and written under <see cref="Gate"/>.</summary>
    private sealed class Account
    {
        public readonly Lock Gate = new();

        public readonly List<string> PhoneNumbers = [];

        /// <summary>Agents as their Agent JSON, with an agent that is already deployed (the document names only paused = 1; 2 is the stand-in's).</summary>
        public readonly List<StoredAgent> Agents =
        [
            new("deployed", AgentJson(
                "agent_front_desk", "Front desk",
                """{"prompt":"You answer the phone for a dental practice.","greeting":"Hello, how can I help?"}""",
                "deployed", 2, null, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))),
        ];
    }

    private sealed record StoredAgent(string Status, string Json);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class SampleJson : System.Text.Json.Serialization.JsonSerializerContext;
