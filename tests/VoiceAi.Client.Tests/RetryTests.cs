using System.Net;
using System.Text;
using Forms;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>
/// Retries are on by default and never risk a double charge: GET, PUT and DELETE are retried on 408/429/5xx and network
/// errors; a POST only when the connection was never made, unless its operation declares an Idempotency-Key header and
/// the request carries one, or the caller opts in (SecurityTests).
/// </summary>
public class RetryTests
{
    private static readonly VoiceAiClientOptions Fast = new() { ApiKey = "k", RetryDelay = TimeSpan.Zero };

    private static HttpResponseMessage Status(HttpStatusCode status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("""{"phone_number":"+1","status":"active"}""", Encoding.UTF8, "application/json") };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    private static (VoiceAiClient Client, RecordingHandler Handler) Sequence(params Func<HttpResponseMessage>[] answers)
    {
        var index = 0;
        var handler = new RecordingHandler(_ => answers[Math.Min(index++, answers.Length - 1)]());
        return (new VoiceAiClient(new HttpClient(handler), Fast), handler);
    }

    private static PurchasePhoneNumberRequest Purchase => new() { PhoneNumber = "+1" };

    [Fact]
    public async Task A_POST_that_failed_with_500_is_not_retried()
    {
        var (client, handler) = Sequence(() => Status(HttpStatusCode.InternalServerError), () => Status(HttpStatusCode.OK));

        await Assert.ThrowsAsync<VoiceAiApiException>(() => client.SelectPhoneNumberAsync(Purchase));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_POST_answered_503_without_Retry_After_is_not_retried()
    {
        var (client, handler) = Sequence(() => Status(HttpStatusCode.ServiceUnavailable), () => Status(HttpStatusCode.OK));

        await Assert.ThrowsAsync<VoiceAiApiException>(() => client.SelectPhoneNumberAsync(Purchase));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_POST_whose_connection_was_refused_is_retried()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : Status(HttpStatusCode.OK));
        var client = new VoiceAiClient(new HttpClient(handler), Fast);

        await client.SelectPhoneNumberAsync(Purchase);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_POST_that_timed_out_after_it_was_sent_is_not_retried()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ =>
        {
            calls++;
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException());
        });
        var client = new VoiceAiClient(new HttpClient(handler), Fast);

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.SelectPhoneNumberAsync(Purchase));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_GET_is_retried_on_503_and_on_network_errors_up_to_MaxRetries()
    {
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls switch
        {
            1 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            2 => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset"),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        var client = new FormsClient(new HttpClient(handler), new FormsClientOptions { RetryDelay = TimeSpan.Zero });

        await client.SearchAsync();

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Retries_stop_at_MaxRetries_and_can_be_turned_off_per_call()
    {
        var (client, handler) = Sequence(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var forms = new FormsClient(new HttpClient(handler), new FormsClientOptions { RetryDelay = TimeSpan.Zero, MaxRetries = 2 });

        await Assert.ThrowsAsync<FormsApiException>(() => forms.SearchAsync());
        Assert.Equal(3, handler.Requests.Count);

        await Assert.ThrowsAsync<FormsApiException>(() => forms.SearchAsync(new FormsClientRequestOptions { MaxRetries = 0 }));
        Assert.Equal(4, handler.Requests.Count);
        GC.KeepAlive(client);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_is_not_waited_for()
    {
        // A GET, which is retried on 429: but not after an hour's wait. With Retry-After: 0 the same GET is retried.
        var (client, handler) = Sequence(() => Status(HttpStatusCode.TooManyRequests, "3600"), () => new HttpResponseMessage(HttpStatusCode.NoContent));
        var forms = new FormsClient(new HttpClient(handler), new FormsClientOptions { RetryDelay = TimeSpan.Zero });

        var ex = await Assert.ThrowsAsync<FormsApiException>(() => forms.SearchAsync());

        Assert.Equal(429, ex.StatusCode);
        Assert.Single(handler.Requests);

        var (_, quick) = Sequence(() => Status(HttpStatusCode.TooManyRequests, "0"), () => new HttpResponseMessage(HttpStatusCode.NoContent));
        await new FormsClient(new HttpClient(quick), new FormsClientOptions { RetryDelay = TimeSpan.Zero }).SearchAsync();
        Assert.Equal(2, quick.Requests.Count);
        GC.KeepAlive(client);
    }

    [Fact]
    public async Task A_multipart_body_with_a_file_stream_is_never_sent_twice()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero) } });
        var client = new FormsClient(new HttpClient(handler), new FormsClientOptions { RetryDelay = TimeSpan.Zero });

        // Even with the caller's opt-in for retrying a POST: the file stream cannot be read twice.
        await Assert.ThrowsAsync<FormsApiException>(() => client.UploadFileAsync(new Upload { File = new FormsFileContent(new MemoryStream([1]), "a.bin"), Purpose = UploadPurpose.Assistants }, new FormsClientRequestOptions { RetryUnsafeRequest = true }));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Every_request_names_the_package_in_its_User_Agent_and_the_key_variable_is_named_after_the_client()
    {
        var (client, handler) = Sequence(() => Status(HttpStatusCode.OK));
        await client.SelectPhoneNumberAsync(Purchase);
        Assert.StartsWith("VoiceAi.Generators/", handler.Last.Headers.UserAgent.ToString(), StringComparison.Ordinal);

        // The fallback itself is tested on a client whose variable no other test reads (SecurityTests): setting
        // VOICEAI_API_KEY here would race with the tests that build default options in parallel.
        Assert.Equal("VOICEAI_API_KEY", VoiceAiClientOptions.ApiKeyEnvironmentVariable);
    }
}
