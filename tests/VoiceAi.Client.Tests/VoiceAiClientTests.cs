using System.Net;
using System.Text;
using System.Text.Json;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

public class VoiceAiClientTests
{
    private const string Key = "sk-test-secret-key-123";

    private static (IVoiceAiClient Client, RecordingHandler Handler) Create(RecordingHandler handler, HttpClient? http = null)
        => (new VoiceAiClient(http ?? new HttpClient(handler), new VoiceAiClientOptions { ApiKey = Key }), handler);

    [Fact]
    public async Task SelectPhoneNumber_posts_json_with_bearer_auth_and_parses_the_response()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+15551234567","status":"active","extra":{"ignored":[1,2]}}"""));

        PurchasePhoneNumberResponse response = await client.SelectPhoneNumberAsync(
            new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = PurchasePhoneNumberRequestProvider.Telnyx },
            CancellationToken.None);

        Assert.Equal("+15551234567", response.PhoneNumber);
        Assert.Equal("active", response.Status);
        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("https://dev.voice.ai/api/v1/agent/select-phone-number", handler.Last.RequestUri!.ToString());
        Assert.Equal("Bearer", handler.Last.Headers.Authorization!.Scheme);
        Assert.Equal(Key, handler.Last.Headers.Authorization.Parameter);
        Assert.Equal("application/json", handler.Last.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"phone_number":"+15551234567","provider":"telnyx"}""", handler.LastBody);
    }

    [Fact]
    public async Task Optional_properties_that_were_not_set_are_omitted_but_defaults_are_visible()
    {
        var request = new PurchasePhoneNumberRequest { PhoneNumber = "+1" };
        Assert.Equal(PurchasePhoneNumberRequestProvider.Twilio, request.Provider);
        var speech = new GenerateSpeechRequest { Text = "Hello" };
        Assert.Equal(AudioFormat.Mp3, speech.AudioFormat);
        Assert.Equal(1d, speech.Temperature);
        Assert.Equal(0.8d, speech.TopP);
        Assert.Equal(GenerateSpeechRequestLanguage.En, speech.Language);
        Assert.Null(speech.VoiceId);
        Assert.Null(speech.DictionaryVersion);

        var (client, handler) = Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) }));
        await client.SelectPhoneNumberAsync(request).ContinueWith(_ => { });
        Assert.Equal("""{"phone_number":"+1"}""", handler.LastBody);

        using var audio = await client.GenerateSpeechAsync(speech);
        Assert.Equal("""{"text":"Hello"}""", handler.LastBody);

        using var withValues = await client.GenerateSpeechAsync(speech with { AudioFormat = AudioFormat.Mp3_44100_128, Temperature = 1, VoiceId = "v1", DictionaryVersion = 3 });
        Assert.Equal("""{"text":"Hello","voice_id":"v1","audio_format":"mp3_44100_128","temperature":1,"dictionary_version":3}""", handler.LastBody);
    }

    [Fact]
    public async Task Missing_required_response_property_is_a_clear_error()
    {
        var (client, _) = Create(RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+1"}"""));
        var error = await Assert.ThrowsAsync<JsonException>(() => client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }));
        Assert.Contains("'status'", error.Message);
        Assert.Contains("PurchasePhoneNumberResponse", error.Message);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Documented_error_statuses_throw_with_the_typed_ErrorResponse(int status)
    {
        const string Body = """{"error":"Phone number limit reached","detail":null,"code":"plan_limit"}""";
        var (client, _) = Create(RecordingHandler.Json((HttpStatusCode)status, Body));

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(Body, ex.ResponseBody);
        Assert.NotNull(ex.Error);
        Assert.Equal("Phone number limit reached", ex.Error!.Error);
        Assert.Null(ex.Error.Detail);
        Assert.Equal("plan_limit", ex.Error.Code);
        Assert.Equal("application/json; charset=utf-8", string.Join(",", ex.Headers["Content-Type"]));
        Assert.DoesNotContain(Key, ex.ToString());
        Assert.DoesNotContain(Key, ex.Message);
    }

    [Fact]
    public async Task Validation_error_422_is_available_typed()
    {
        const string Body = """{"detail":[{"loc":["body","phone_number"],"msg":"field required","type":"value_error.missing"}]}""";
        var (client, _) = Create(RecordingHandler.Json(HttpStatusCode.UnprocessableEntity, Body));

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => client.GenerateSpeechAsync(new GenerateSpeechRequest { Text = "x" }));

        Assert.Equal(422, ex.StatusCode);
        Assert.Null(ex.Error);
        var validation = Assert.IsType<HTTPValidationError>(ex.Body);
        Assert.Same(validation, ex.HTTPValidationError);
        var detail = Assert.Single(validation.Detail!);
        Assert.Equal("field required", detail.Msg);
        Assert.Equal("phone_number", detail.Loc[1].AsString); // loc items are anyOf string | integer: a typed union
    }

    [Fact]
    public async Task An_error_body_that_is_not_the_documented_type_keeps_the_raw_text()
    {
        var (client, _) = Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") }));
        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }));
        Assert.Equal(502, ex.StatusCode);
        Assert.Null(ex.Body);
        Assert.Equal("<html>bad gateway</html>", ex.ResponseBody);
        Assert.Contains("502", ex.Message);
    }

    [Fact]
    public async Task Speech_returns_a_stream_with_its_content_type_without_buffering_the_body()
    {
        var source = new CountingStream(10 * 1024 * 1024);
        var (client, handler) = Create(new RecordingHandler(_ =>
        {
            var content = new StreamContent(source, 4096);
            content.Headers.ContentType = new("audio/mpeg");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }));

        await using (var audio = await client.GenerateSpeechAsync(new GenerateSpeechRequest { Text = "Hello", AudioFormat = AudioFormat.Mp3 }))
        {
            Assert.Equal("audio/mpeg", audio.ContentType);
            Assert.Equal(200, audio.StatusCode);
            Assert.True(source.BytesRead < 1024 * 1024, $"{source.BytesRead} bytes were read before the caller read any");
            var buffer = new byte[1000];
            var read = await audio.Content.ReadAsync(buffer);
            Assert.True(read > 0);
            Assert.All(buffer.Take(read), b => Assert.Equal(7, b));
        }

        Assert.True(source.Disposed);
        Assert.Equal("audio/mpeg, audio/wav, audio/pcm", string.Join(", ", handler.Last.Headers.Accept.Select(a => a.MediaType)));
        Assert.Equal("https://dev.voice.ai/api/v1/tts/speech", handler.Last.RequestUri!.ToString());
    }

    [Fact]
    public async Task Speech_stream_uses_its_own_path()
    {
        var (client, handler) = Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2]) }));
        await using var audio = await client.GenerateSpeechStreamAsync(new GenerateSpeechRequest { Text = "Hello" });
        Assert.Equal("https://dev.voice.ai/api/v1/tts/speech/stream", handler.Last.RequestUri!.ToString());
        var bytes = new MemoryStream();
        await audio.Content.CopyToAsync(bytes);
        Assert.Equal(new byte[] { 1, 2 }, bytes.ToArray());
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.OK, "{}"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }, cts.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task The_HttpClient_base_address_wins_over_the_default_server()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+1","status":"ok"}""");
        var (client, _) = Create(handler, new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:5000/proxy/") });
        await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" });
        Assert.Equal("http://127.0.0.1:5000/proxy/api/v1/agent/select-phone-number", handler.Last.RequestUri!.ToString());

        // ApiKey = null: no fallback to VOICEAI_API_KEY, which the developer's shell may set (README tells users to).
        var options = new VoiceAiClientOptions { ApiKey = null };
        Assert.Equal(new Uri("https://dev.voice.ai"), options.BaseAddress);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public async Task Without_an_api_key_no_authorization_header_is_sent()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+1","status":"ok"}""");
        await new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = null }).SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" });
        Assert.Null(handler.Last.Headers.Authorization);
    }

    [Fact]
    public void The_api_key_never_appears_in_ToString()
    {
        var options = new VoiceAiClientOptions { ApiKey = Key };
        Assert.DoesNotContain(Key, options.ToString());
        Assert.Contains("***", options.ToString());
    }

    [Fact]
    public void Enums_serialize_as_their_document_values_through_the_generated_resolver()
    {
        Assert.Equal("\"telnyx\"", JsonSerializer.Serialize(PurchasePhoneNumberRequestProvider.Telnyx, VoiceAiJson.Default.PurchasePhoneNumberRequestProvider));
        Assert.Equal(AudioFormat.Opus48000_64, JsonSerializer.Deserialize("\"opus_48000_64\"", VoiceAiJson.Default.AudioFormat));
        Assert.Equal("voiceai-tts-v1-2026-02-10", GenerateSpeechRequestModel.VoiceaiTtsV1_2026_02_10.Value);
        var typeInfo = VoiceAiJson.Default.Options.GetTypeInfo(typeof(PurchasePhoneNumberRequest));
        var json = JsonSerializer.Serialize(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }, typeInfo);
        Assert.Equal("""{"phone_number":"+1"}""", json);
    }

    [Fact]
    public void An_enum_value_the_document_does_not_list_is_kept_and_written_back_unchanged()
    {
        var provider = JsonSerializer.Deserialize("\"vonage\"", VoiceAiJson.Default.PurchasePhoneNumberRequestProvider);

        Assert.False(provider.IsKnown);
        Assert.Equal("vonage", provider.Value);
        Assert.NotEqual(PurchasePhoneNumberRequestProvider.Twilio, provider);
        Assert.NotEqual(PurchasePhoneNumberRequestProvider.Telnyx, provider);
        Assert.Equal("\"vonage\"", JsonSerializer.Serialize(provider, VoiceAiJson.Default.PurchasePhoneNumberRequestProvider));
        Assert.True(PurchasePhoneNumberRequestProvider.Twilio.IsKnown);
        Assert.Equal(PurchasePhoneNumberRequestProvider.Twilio, (PurchasePhoneNumberRequestProvider)"twilio");
        Assert.Equal([PurchasePhoneNumberRequestProvider.Twilio, PurchasePhoneNumberRequestProvider.Telnyx], PurchasePhoneNumberRequestProvider.KnownValues);
    }

    [Fact]
    public async Task A_response_with_an_unknown_enum_value_is_read_and_round_trips()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+1","status":"purchased","provider":"vonage"}""");
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = Key });

        var response = await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1", Provider = new PurchasePhoneNumberRequestProvider("vonage") });

        Assert.Contains("\"provider\":\"vonage\"", handler.LastBody);
        Assert.Equal("+1", response.PhoneNumber);
    }

    [Fact]
    public void Nullability_matches_the_document()
    {
        // ErrorResponse.detail and .code say nullable: true inside a 3.1 document.
        var properties = typeof(ErrorResponse).GetProperties().ToDictionary(p => p.Name);
        var context = new System.Reflection.NullabilityInfoContext();
        Assert.Equal(System.Reflection.NullabilityState.NotNull, context.Create(properties["Error"]).ReadState);
        Assert.Equal(System.Reflection.NullabilityState.Nullable, context.Create(properties["Detail"]).ReadState);
        Assert.Equal(System.Reflection.NullabilityState.Nullable, context.Create(properties["Code"]).ReadState);
        var response = typeof(PurchasePhoneNumberResponse).GetProperties().ToDictionary(p => p.Name);
        Assert.Equal(System.Reflection.NullabilityState.NotNull, context.Create(response["Status"]).ReadState);
    }

    /// <summary>A large stream that counts how much of it was read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        private long _position;

        public long BytesRead => _position;

        public bool Disposed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Fill(buffer, (byte)7, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
