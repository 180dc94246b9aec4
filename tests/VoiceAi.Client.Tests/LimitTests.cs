using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Forms;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>
/// HttpClient.Timeout ends when the headers arrive (the client reads with ResponseHeadersRead): reading a body into a value
/// is bounded by the same timeout, and streams handed to the caller are not.
/// </summary>
public class BodyTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private static HttpClient Stalling(HttpStatusCode status, string head, string mediaType = "application/json", TimeSpan? timeout = null)
        => new(new RecordingHandler(_ => new HttpResponseMessage(status)
        {
            Content = new StreamContent(new StallingStream(Encoding.UTF8.GetBytes(head))) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }))
        { Timeout = timeout ?? Timeout };

    /// <summary>Runs the call with an outer guard, so that a body read without a bound fails the test instead of hanging it.</summary>
    internal static async Task<Exception?> Guarded(Func<Task> call)
    {
        var task = call();
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == task, "The call was still waiting after 30 s: reading the body is not bounded.");
        return await Record.ExceptionAsync(() => task);
    }

    internal static async Task<T> ThrowsGuarded<T>(Func<Task> call)
        where T : Exception
        => Assert.IsType<T>(await Guarded(call));

    private static void AssertTimedOut(Exception? exception, Stopwatch elapsed)
    {
        var canceled = Assert.IsType<TaskCanceledException>(exception);
        Assert.IsType<TimeoutException>(canceled.InnerException);
        Assert.Contains("HttpClient.Timeout of 0.2 seconds", canceled.Message, StringComparison.Ordinal);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), "Took " + elapsed.Elapsed);
    }

    [Fact]
    public async Task A_JSON_body_that_stalls_after_the_headers_times_out()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.OK, "{\"id\":"));
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 })), elapsed);
    }

    [Fact]
    public async Task A_stalled_JSON_body_times_out_also_when_the_caller_passes_a_token_that_is_never_cancelled()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.OK, "{\"id\":"));
        using var caller = new CancellationTokenSource();
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }, cancellationToken: caller.Token)), elapsed);
        Assert.False(caller.IsCancellationRequested);
    }

    [Fact]
    public async Task A_text_body_that_stalls_times_out()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.OK, "Hel", "text/plain"));
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.GetNoteAsync("n1")), elapsed);
    }

    [Fact]
    public async Task The_error_body_of_an_operation_without_a_body_times_out_when_it_stalls()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.NotFound, "{\"id\":"));
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.DeleteFileAsync("f1")), elapsed);
    }

    [Fact]
    public async Task An_error_body_that_stalls_times_out()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.UnprocessableEntity, "{\"detail\":", "text/plain"));
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 })), elapsed);
    }

    [Fact]
    public async Task The_WithResponse_twins_time_out_on_a_stalled_body_of_either_kind()
    {
        var elapsed = Stopwatch.StartNew();
        AssertTimedOut(await Guarded(() => new FormsClient(Stalling(HttpStatusCode.OK, "{")).CreateChargeWithResponseAsync(new CreateChargeRequest { Amount = 1 })), elapsed);

        elapsed.Restart();
        AssertTimedOut(await Guarded(() => new FormsClient(Stalling(HttpStatusCode.InternalServerError, "{")).DeleteFileWithResponseAsync("f1")), elapsed);
    }

    [Fact]
    public async Task A_stalled_body_of_an_operation_with_several_success_schemas_times_out()
    {
        var client = new UnionsClient(Stalling(HttpStatusCode.Accepted, "{\"jobId\":"));
        var elapsed = Stopwatch.StartNew();

        AssertTimedOut(await Guarded(() => client.RunJobAsync()), elapsed);
    }

    /// <summary>Passes without the fix too: guards that the timeout does not change how the caller's own cancellation looks.</summary>
    [Fact]
    public async Task The_callers_own_cancellation_stays_a_plain_cancellation_with_the_callers_token()
    {
        var client = new FormsClient(Stalling(HttpStatusCode.OK, "{\"id\":", timeout: TimeSpan.FromSeconds(60)));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var canceled = Assert.IsAssignableFrom<OperationCanceledException>(await Guarded(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }, cancellationToken: caller.Token)));

        Assert.Equal(caller.Token, canceled.CancellationToken);
        Assert.IsNotType<TimeoutException>(canceled.InnerException);
        Assert.DoesNotContain("HttpClient.Timeout", canceled.Message, StringComparison.Ordinal);
    }

    /// <summary>Passes without the fix too: an infinite HttpClient.Timeout still means no timeout for the body.</summary>
    [Fact]
    public async Task An_infinite_timeout_waits_for_a_slow_body()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(chunks.Reader)) }))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var client = new FormsClient(http);
        await chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":"));

        var call = client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 });
        await Task.Delay(500);
        Assert.False(call.IsCompleted);
        await chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes("\"ch_1\"}"));
        chunks.Writer.Complete();

        Assert.Equal("ch_1", (await call.WaitAsync(TimeSpan.FromSeconds(30))).Id);
    }

    /// <summary>Passes without the fix too: guards that the body timeout is not put on streams handed to the caller.</summary>
    [Fact]
    public async Task A_binary_stream_is_not_cut_by_the_timeout_once_returned()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new ChunkedStream(chunks.Reader)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/mpeg") } },
        }))
        { Timeout = Timeout };
        var client = new UnionsClient(http);
        await chunks.Writer.WriteAsync([1, 1]);

        using var audio = await client.SpeakAsync(new SpeakRequest { Text = "hi" });
        var buffer = new byte[16];
        Assert.Equal(2, await audio.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        await Task.Delay(Timeout * 4); // the server is slow: longer than HttpClient.Timeout between two chunks
        await chunks.Writer.WriteAsync([2, 2, 2]);
        Assert.Equal(3, await audio.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        chunks.Writer.Complete();
        Assert.Equal(0, await audio.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Passes without the fix too: guards that the body timeout is not put on event streams.</summary>
    [Fact]
    public async Task An_event_stream_is_not_cut_by_the_timeout()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(chunks.Reader)) }))
        {
            Timeout = Timeout,
        };
        var client = new UnionsClient(http);
        await chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: 1\n\n"));

        await using var events = client.TicksAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("1", events.Current);

        await Task.Delay(Timeout * 4);
        await chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: 2\n\n"));
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("2", events.Current);
        chunks.Writer.Complete();
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}

/// <summary>Bodies read into a value stop at MaxResponseBodyBytes.</summary>
public class ResponseSizeTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><c>{"id":"aaaa…"}</c> of exactly <paramref name="size"/> bytes, made as it is read.</summary>
    private static GeneratedStream JsonOfSize(long size) => new(Bytes("{\"id\":\""), Bytes(new string('a', 4096)), size - 9, Bytes("\"}"));

    private static FormsClient Client(HttpContent content, long? limit = null)
    {
        var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));
        return new FormsClient(http, limit is null ? null : new FormsClientOptions { MaxResponseBodyBytes = limit.Value });
    }

    private static StreamContent Content(Stream body, string mediaType = "application/json", long? contentLength = null)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Headers.ContentLength = contentLength;
        return content;
    }

    [Fact]
    public void The_default_limit_is_64_MiB()
    {
        Assert.Equal(64L * 1024 * 1024, new FormsClientOptions().MaxResponseBodyBytes);
    }

    [Fact]
    public async Task A_Content_Length_over_the_limit_fails_before_the_body_is_read()
    {
        var body = JsonOfSize(2048);
        var client = Client(Content(body, contentLength: 2048), limit: 1024);

        var error = await Assert.ThrowsAsync<FormsResponseTooLargeException>(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));

        Assert.Equal(0, body.BytesRead);
        Assert.Equal(("MaxResponseBodyBytes", 1024L, HttpStatusCode.OK), (error.LimitName, error.Limit, error.StatusCode));
        Assert.Equal("The response body of 2048 bytes is larger than FormsClientOptions.MaxResponseBodyBytes allows (1024 bytes); raise that option to read it.", error.Message);
        Assert.IsAssignableFrom<HttpRequestException>(error);
    }

    [Fact]
    public async Task A_body_in_memory_over_the_limit_fails_and_one_at_the_limit_reads()
    {
        var json = "{\"id\":\"" + new string('a', 1024 - 9) + "\"}";
        var tooLarge = new StringContent(json + " ", Encoding.UTF8, "application/json");

        var error = await Assert.ThrowsAsync<FormsResponseTooLargeException>(() => Client(tooLarge, limit: 1024).CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));

        Assert.Equal("The response body of 1025 bytes is larger than FormsClientOptions.MaxResponseBodyBytes allows (1024 bytes); raise that option to read it.", error.Message);
        Assert.Equal(1024 - 9, (await Client(new StringContent(json, Encoding.UTF8, "application/json"), limit: 1024).CreateChargeAsync(new CreateChargeRequest { Amount = 1 })).Id!.Length);
    }

    [Fact]
    public async Task A_body_without_a_Content_Length_fails_as_soon_as_it_passes_the_limit()
    {
        var body = JsonOfSize(10 * 1024 * 1024);
        var client = Client(Content(body), limit: 64 * 1024);

        var error = await Assert.ThrowsAsync<FormsResponseTooLargeException>(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));

        Assert.Equal(64 * 1024 + 1, body.BytesRead);
        Assert.Equal("The response body is larger than FormsClientOptions.MaxResponseBodyBytes allows (65536 bytes); raise that option to read it.", error.Message);
    }

    [Fact]
    public async Task With_the_default_limit_a_body_past_64_MiB_fails_and_reading_stops_there()
    {
        // 100 MiB of white space before a small object: cheap to parse, so only the limit stops it.
        var body = new GeneratedStream([], Bytes(new string(' ', 64 * 1024)), 100L * 1024 * 1024, Bytes("{\"id\":\"x\"}"));
        var client = Client(Content(body));

        var error = await Assert.ThrowsAsync<FormsResponseTooLargeException>(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));

        Assert.Equal(64L * 1024 * 1024, error.Limit);
        Assert.Equal(64L * 1024 * 1024 + 1, body.BytesRead);
    }

    [Fact]
    public async Task A_body_at_or_under_the_limit_reads_with_or_without_a_Content_Length()
    {
        Assert.Equal(1024 - 9, (await Client(Content(JsonOfSize(1024), contentLength: 1024), limit: 1024).CreateChargeAsync(new CreateChargeRequest { Amount = 1 })).Id!.Length);
        Assert.Equal(1024 - 9, (await Client(Content(JsonOfSize(1024)), limit: 1024).CreateChargeAsync(new CreateChargeRequest { Amount = 1 })).Id!.Length);
        Assert.Equal(1000 - 9, (await Client(Content(JsonOfSize(1000)), limit: 1024).CreateChargeAsync(new CreateChargeRequest { Amount = 1 })).Id!.Length);
    }

    [Fact]
    public async Task A_text_body_over_the_limit_fails_and_one_under_it_is_decoded_with_its_charset()
    {
        var tooLong = new GeneratedStream([], Bytes(new string('t', 4096)), 1024 * 1024, []);
        await Assert.ThrowsAsync<FormsResponseTooLargeException>(() => Client(Content(tooLong, "text/plain"), limit: 1024).GetNoteAsync("n1"));
        Assert.Equal(1025, tooLong.BytesRead);

        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("caf\u00e9"));
        latin1.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=iso-8859-1");
        Assert.Equal("caf\u00e9", await Client(latin1, limit: 1024).GetNoteAsync("n1"));

        var utf8 = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("caf\u00e9")]);
        utf8.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        Assert.Equal("caf\u00e9", await Client(utf8).GetNoteAsync("n1"));
    }
}
