using System.Net;
using System.Text;
using Forms;
using Petstore;
using Relative;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>
/// What the generated client guarantees against a hostile or broken server and hostile values (docs/security.md):
/// no POST is sent twice, path values stay in their segment, credentials never leave the API's origin on a redirect,
/// no value can add a header, and server text in messages cannot forge a log line.
/// </summary>
public class SecurityTests
{
    private const string PetJson = """{"id":1,"name":"Rex"}""";

    private static HttpResponseMessage Ok(string json = """{"phone_number":"+1","status":"active"}""")
        => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Status(HttpStatusCode status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    private static RecordingHandler Sequence(params Func<HttpResponseMessage>[] answers)
    {
        var index = 0;
        return new RecordingHandler(_ => answers[Math.Min(index++, answers.Length - 1)]());
    }

    private static VoiceAiClient Voice(HttpMessageHandler handler)
        => new(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k", RetryDelay = TimeSpan.Zero });

    private static PurchasePhoneNumberRequest Purchase => new() { PhoneNumber = "+1" };

    // ---- A paid POST is never sent twice ----

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_POST_answered_with_Retry_After_0_is_not_sent_again(HttpStatusCode status)
    {
        var handler = Sequence(() => Status(status, "0"), () => Ok());

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_idempotency_key_the_operation_does_not_declare_is_sent_but_does_not_make_the_POST_retryable()
    {
        var handler = Sequence(() => Status(HttpStatusCode.BadGateway), () => Ok());

        await Assert.ThrowsAsync<VoiceAiApiException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase, new VoiceAiClientRequestOptions { IdempotencyKey = "order-42" }));

        Assert.Equal("order-42", Assert.Single(handler.Requests).Headers.GetValues("Idempotency-Key").Single());
    }

    [Fact]
    public async Task A_POST_whose_operation_declares_Idempotency_Key_is_retried_with_the_same_key_and_only_with_one()
    {
        var handler = Sequence(() => Status(HttpStatusCode.BadGateway), () => Ok("""{"id":"ch_1"}"""));
        var client = new FormsClient(new HttpClient(handler), new FormsClientOptions { RetryDelay = TimeSpan.Zero });

        await client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }, idempotencyKey: "charge-7");

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("charge-7", r.Headers.GetValues("Idempotency-Key").Single()));

        // The same call without a key is not retried.
        var again = Sequence(() => Status(HttpStatusCode.BadGateway), () => Ok("""{"id":"ch_1"}"""));
        await Assert.ThrowsAsync<FormsApiException>(() => new FormsClient(new HttpClient(again), new FormsClientOptions { RetryDelay = TimeSpan.Zero }).CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));
        Assert.Single(again.Requests);
    }

    [Fact]
    public async Task A_POST_that_timed_out_is_retried_only_when_the_caller_opts_in()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls == 1
            ? throw new TaskCanceledException("timeout", new TimeoutException())
            : Ok());

        await Assert.ThrowsAsync<TaskCanceledException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase));
        Assert.Equal(1, calls);

        calls = 0;
        await Voice(handler).SelectPhoneNumberAsync(Purchase, new VoiceAiClientRequestOptions { RetryUnsafeRequest = true });
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_POST_is_retried_on_500_when_the_caller_opts_in()
    {
        var handler = Sequence(() => Status(HttpStatusCode.InternalServerError), () => Ok());

        await Voice(handler).SelectPhoneNumberAsync(Purchase, new VoiceAiClientRequestOptions { RetryUnsafeRequest = true });

        Assert.Equal(2, handler.Requests.Count);
    }

    // ---- Path values stay in their segment ----

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_path_value_that_would_drop_or_climb_a_segment_is_refused_before_anything_is_sent(string value)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteFileAsync(value));

        Assert.Equal("fileId", ex.ParamName);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("%2E%2E", "/files/%252E%252E")]
    [InlineData("...", "/files/...")]
    [InlineData("a/../b", "/files/a%2F..%2Fb")]
    public async Task Dots_that_are_not_a_dot_segment_stay_inside_the_segment(string value, string path)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        await client.DeleteFileAsync(value);

        Assert.Equal(path, handler.Last.RequestUri!.AbsolutePath);
    }

    // ---- Credentials never follow a redirect to another origin ----

    private static RecordingHandler Redirecting(HttpStatusCode status, string location, string json)
    {
        var first = true;
        return new RecordingHandler(_ =>
        {
            if (first)
            {
                first = false;
                var redirect = new HttpResponseMessage(status);
                redirect.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
                return redirect;
            }

            return Ok(json);
        });
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_so_no_credential_reaches_it()
    {
        // Whoever added the credential: the client (X-Api-Key), a handler of the pipeline (Authorization), or the hook.
        var inner = Redirecting(HttpStatusCode.Found, "https://elsewhere.example/pets/1", PetJson);
        var client = new PetstoreClient(new HttpClient(new AddsToken(inner)), new PetstoreClientOptions { ApiKey = "secret-key" });

        var ex = await Assert.ThrowsAsync<PetstoreApiException>(() => client.ShowPetByIdAsync("1"));

        Assert.Equal(302, ex.StatusCode);
        Assert.Equal("https://elsewhere.example/pets/1", ex.Headers["Location"].Single());
        var sent = Assert.Single(inner.Requests);
        Assert.Equal("petstore.example.com", sent.RequestUri!.Host);
        Assert.Equal("secret-key", sent.Headers.GetValues("X-Api-Key").Single());
    }

    /// <summary>A handler of the caller's pipeline that adds its own token, as an OAuth handler would.</summary>
    private sealed class AddsToken(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "OAUTH-TOKEN");
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_redirect_to_another_port_is_not_followed_and_one_within_the_origin_keeps_the_cookie()
    {
        var options = new RelativeClientOptions { ApiKey = "session-1", BaseAddress = new Uri("https://api.example/") };
        var away = Redirecting(HttpStatusCode.TemporaryRedirect, "https://api.example:8443/v2/items/1", """{"id":"1"}""");
        var ex = await Assert.ThrowsAsync<RelativeApiException>(() => new RelativeClient(new HttpClient(away), options).GetItemAsync("1"));
        Assert.Equal(307, ex.StatusCode);
        Assert.Single(away.Requests);

        var home = Redirecting(HttpStatusCode.MovedPermanently, "/v2/items/2", """{"id":"2"}""");
        var item = await new RelativeClient(new HttpClient(home), options).GetItemAsync("1");
        Assert.Equal("2", item.Id);
        Assert.Equal("https://api.example/v2/items/2", home.Requests[1].RequestUri!.ToString());
        Assert.Equal("session=session-1", home.Requests[1].Headers.GetValues("Cookie").Single());
    }

    [Theory]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.PermanentRedirect)]
    public async Task A_307_or_308_after_a_POST_is_not_followed_so_the_POST_is_sent_once(HttpStatusCode status)
    {
        var handler = new RecordingHandler(request =>
        {
            var redirect = new HttpResponseMessage(status);
            redirect.Headers.Location = request.RequestUri;
            return redirect;
        });

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("//[")]
    [InlineData("//a:99999/")]
    [InlineData("http://")]
    public async Task A_malformed_Location_is_the_answer_not_a_crash(string location)
    {
        var handler = new RecordingHandler(_ =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.TryAddWithoutValidation("Location", location);
            return redirect;
        });

        var ex = await Assert.ThrowsAsync<PetstoreApiException>(() => new PetstoreClient(new HttpClient(handler)).ShowPetByIdAsync("1"));

        Assert.Equal(302, ex.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_not_followed()
    {
        var handler = Redirecting(HttpStatusCode.Found, "http://dev.voice.ai/api/v1/agent/select-phone-number", "{}");

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase));

        Assert.Equal(302, ex.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_303_after_a_POST_is_followed_with_a_GET_without_the_body()
    {
        var handler = Redirecting(HttpStatusCode.SeeOther, "/api/v1/agent/numbers/1", """{"phone_number":"+1","status":"active"}""");

        var result = await Voice(handler).SelectPhoneNumberAsync(Purchase);

        Assert.Equal("active", result.Status);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal(HttpMethod.Get, handler.Requests[1].Method);
        Assert.Null(handler.Bodies[1]);
        Assert.Equal("Bearer k", handler.Requests[1].Headers.Authorization!.ToString()); // same origin
    }

    [Fact]
    public async Task Redirects_stop_after_ten()
    {
        var handler = new RecordingHandler(request =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri(request.RequestUri!, "/pets/loop");
            return redirect;
        });

        var ex = await Assert.ThrowsAsync<PetstoreApiException>(() => new PetstoreClient(new HttpClient(handler)).ShowPetByIdAsync("1"));

        Assert.Equal(302, ex.StatusCode);
        Assert.Equal(11, handler.Requests.Count);
    }

    [Fact]
    public void The_DI_registration_leaves_redirects_to_the_client()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Petstore.PetstoreClientServiceCollectionExtensions.AddPetstoreClient(services);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpMessageHandlerFactory>(provider);

        HttpMessageHandler handler = factory.CreateHandler(nameof(IPetstoreClient));
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        // Microsoft.Extensions.Http 8 builds an HttpClientHandler, the ASP.NET Core 10 framework's a SocketsHttpHandler.
        Assert.False(handler switch
        {
            HttpClientHandler client => client.AllowAutoRedirect,
            SocketsHttpHandler sockets => sockets.AllowAutoRedirect,
            _ => throw new Xunit.Sdk.XunitException("Unexpected primary handler " + handler.GetType()),
        });
    }

    [Fact]
    public async Task Through_the_DI_registration_a_cross_host_redirect_on_loopback_never_reaches_the_second_host()
    {
        using var second = new LoopbackServer(_ => (200, PetJson, null));
        using var first = new LoopbackServer(_ => (302, string.Empty, second.Address + "pets/1"), host: "127.0.0.1");
        Assert.NotEqual(new Uri(first.Address).Host, new Uri(second.Address).Host);

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Petstore.PetstoreClientServiceCollectionExtensions.AddPetstoreClient(services, options =>
        {
            options.ApiKey = "secret-key";
            options.BaseAddress = new Uri(first.Address);
        });
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IPetstoreClient>(provider);

        var ex = await Assert.ThrowsAsync<PetstoreApiException>(() => client.ShowPetByIdAsync("1"));

        Assert.Equal(302, ex.StatusCode);
        Assert.Equal("secret-key", first.Headers.Single()["X-Api-Key"]);
        Assert.Empty(second.Headers);
    }

    [Fact]
    public void The_DI_registration_keeps_a_primary_handler_set_for_every_client_and_turns_its_redirects_off()
    {
        var proxy = new WebProxy("http://proxy.example:3128");
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions.ConfigureHttpClientDefaults(services, builder =>
            Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.ConfigurePrimaryHttpMessageHandler(builder, () => new SocketsHttpHandler { Proxy = proxy }));
        Petstore.PetstoreClientServiceCollectionExtensions.AddPetstoreClient(services);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpMessageHandlerFactory>(provider);

        HttpMessageHandler handler = factory.CreateHandler(nameof(IPetstoreClient));
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Same(proxy, sockets.Proxy);
        Assert.False(sockets.AllowAutoRedirect);
    }

    [Fact]
    public async Task A_text_answer_in_a_charset_NET_refuses_is_read_as_UTF_8()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent("hello"u8.ToArray()) { Headers = { { "Content-Type", "text/plain; charset=utf-7" } } },
        });

        Assert.Equal("hello", await new FormsClient(new HttpClient(handler)).GetNoteAsync("n1"));
    }

    [Fact]
    public async Task The_log_never_shows_user_info_or_the_base_address_query()
    {
        var logger = new CollectingLogger();
        var handler = new RecordingHandler(_ => Ok());
        var options = new VoiceAiClientOptions { ApiKey = "k", BaseAddress = new Uri("https://user:hunter2@dev.voice.ai/?code=FUNCTION-KEY"), Logger = logger };

        await new VoiceAiClient(new HttpClient(handler), options).SelectPhoneNumberAsync(Purchase);

        Assert.NotEmpty(logger.Messages);
        Assert.All(logger.Messages, m => Assert.DoesNotContain("hunter2", m, StringComparison.Ordinal));
        Assert.All(logger.Messages, m => Assert.DoesNotContain("FUNCTION-KEY", m, StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("https://dev.voice.ai/api/v1/agent/select-phone-number?code=[redacted]", StringComparison.Ordinal));
        Assert.Equal("FUNCTION-KEY", System.Web.HttpUtility.ParseQueryString(handler.Last.RequestUri!.Query)["code"]); // still sent
        Assert.DoesNotContain("FUNCTION-KEY", options.ToString(), StringComparison.Ordinal);
    }

    private sealed class CollectingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Messages.Enqueue(formatter(state, exception));
    }

    // ---- No value can add a header ----

    [Theory]
    [InlineData("k\r\nX-Injected: 1")]
    [InlineData("k\nX-Injected: 1")]
    [InlineData("k\0")]
    public async Task An_API_key_with_CR_LF_or_NUL_is_refused_before_anything_is_sent(string key)
    {
        var pets = new RecordingHandler(_ => Ok(PetJson));
        var header = await Assert.ThrowsAsync<FormatException>(() => new PetstoreClient(new HttpClient(pets), new PetstoreClientOptions { ApiKey = key }).ShowPetByIdAsync("1"));
        Assert.Empty(pets.Requests);
        Assert.DoesNotContain("X-Injected", header.Message, StringComparison.Ordinal); // the key is never in a message

        var voice = new RecordingHandler(_ => Ok());
        await Assert.ThrowsAsync<FormatException>(() => new VoiceAiClient(new HttpClient(voice), new VoiceAiClientOptions { ApiKey = key }).SelectPhoneNumberAsync(Purchase));
        Assert.Empty(voice.Requests);
    }

    [Fact]
    public async Task An_idempotency_key_with_CR_LF_is_refused_before_anything_is_sent()
    {
        var handler = new RecordingHandler(_ => Ok());

        await Assert.ThrowsAsync<FormatException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase, new VoiceAiClientRequestOptions { IdempotencyKey = "a\r\nX-Injected: 1" }));

        Assert.Empty(handler.Requests);
    }

    // ---- Multipart names as browsers send them ----

    [Fact]
    public async Task Multipart_file_names_escape_backslash_and_send_non_ASCII_as_UTF_8()
    {
        byte[]? wire = null;
        var handler = new RecordingHandler(request =>
        {
            wire = request.Content!.ReadAsByteArrayAsync().Result;
            return Ok("""{"id":"f1"}""");
        });

        await new FormsClient(new HttpClient(handler)).UploadFileAsync(new Upload { File = FormsFileContent.FromBytes([1], "año\\"), Purpose = UploadPurpose.FineTune });

        var text = Encoding.UTF8.GetString(wire!);
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"año%5C\"\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("=?utf-8?", text, StringComparison.OrdinalIgnoreCase);
    }

    // ---- Addresses ----

    [Theory]
    [InlineData("https://host.example/", "https://host.example/v2/items/1")]
    [InlineData("https://host.example/docs/openapi.json", "https://host.example/v2/items/1")]
    public async Task A_relative_server_is_resolved_against_the_given_address(string baseAddress, string expected)
    {
        var handler = new RecordingHandler(_ => Ok("""{"id":"1"}"""));

        await new RelativeClient(new HttpClient(handler), new RelativeClientOptions { ApiKey = null, BaseAddress = new Uri(baseAddress) }).GetItemAsync("1");

        Assert.Equal(expected, handler.Last.RequestUri!.ToString());
    }

    [Fact]
    public async Task A_relative_server_without_an_address_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new RelativeClient(new HttpClient(new RecordingHandler(_ => Ok()))).GetItemAsync("1"));

        Assert.Contains("BaseAddress", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_address_with_a_query_keeps_it_after_the_path_and_the_operation_query()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler), new FormsClientOptions { BaseAddress = new Uri("https://forms.example/api?code=S") });

        await client.DeleteFileAsync("f1");
        Assert.Equal("https://forms.example/api/files/f1?code=S", handler.Last.RequestUri!.ToString());

        await client.SearchAsync(tags: ["x"]);
        Assert.StartsWith("https://forms.example/api/search?", handler.Last.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("&code=S", handler.Last.RequestUri!.ToString(), StringComparison.Ordinal);
    }

    // ---- Messages and ToString ----

    [Fact]
    public async Task Server_text_in_an_exception_message_has_no_control_format_or_bidi_characters()
    {
        var body = "bad\u202Eevil\u001b[31m\u2028line\u2029\rX\u200B\U000E0041tag";
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { ReasonPhrase = "Bad\u202ERequest", Content = new StringContent(body) });

        var ex = await Assert.ThrowsAsync<VoiceAiApiException>(() => Voice(handler).SelectPhoneNumberAsync(Purchase));

        Assert.Equal(body, ex.ResponseBody); // the raw text is kept where it is asked for
        for (var i = 0; i < ex.Message.Length; i++)
        {
            // By code point: the tag character U+E0041 is a surrogate pair whose category is Format.
            Assert.False(System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ex.Message, i) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Surrogate, "at " + i);
        }
        Assert.Contains("evil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_never_shows_credentials_held_in_the_base_address()
    {
        var text = new VoiceAiClientOptions { ApiKey = "sk-1", BaseAddress = new Uri("https://user:hunter2@dev.voice.ai/") }.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-1", text, StringComparison.Ordinal);
        Assert.Contains("https://dev.voice.ai/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_the_API_key_to_null_turns_the_environment_fallback_off()
    {
        // RELATIVE_API_KEY belongs to this test alone: no other test reads or writes it.
        Environment.SetEnvironmentVariable(RelativeClientOptions.ApiKeyEnvironmentVariable, "from-env");
        try
        {
            Assert.Equal("from-env", new RelativeClientOptions().ApiKey);
            Assert.Null(new RelativeClientOptions { ApiKey = null }.ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RelativeClientOptions.ApiKeyEnvironmentVariable, null);
        }
    }
}
