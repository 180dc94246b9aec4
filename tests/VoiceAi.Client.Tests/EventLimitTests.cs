using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

[CollectionDefinition(nameof(MeasuresAllocations), DisableParallelization = true)]
public sealed class MeasuresAllocations;

/// <summary>Server-sent events stop at MaxEventBytes per line and per event (SseParser buffers both until they end).</summary>
[Collection(nameof(MeasuresAllocations))]
public class EventLimitTests
{
    private const int Limit = 1024 * 1024;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static UnionsClient Client(Stream body, long? limit = Limit)
    {
        var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("text/event-stream") } },
        }));
        return new UnionsClient(http, limit is null ? null : new UnionsClientOptions { MaxEventBytes = limit.Value });
    }

    [Fact]
    public void The_default_limit_is_8_MiB()
    {
        Assert.Equal(8L * 1024 * 1024, new UnionsClientOptions().MaxEventBytes);
    }

    private static async Task<List<string>> ReadAll(UnionsClient client)
    {
        var events = new List<string>();
        await foreach (var data in client.TicksAsync())
        {
            events.Add(data);
        }

        return events;
    }

    [Fact]
    public async Task A_line_that_never_ends_fails_near_the_limit_with_bounded_memory()
    {
        // One line of 32 MiB, made as it is read (without a limit SseParser buffers all of it, and the string of it).
        var body = new GeneratedStream(Bytes("data: "), Bytes(new string('a', 64 * 1024)), 32L * 1024 * 1024, Bytes("\n\n"));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = await BodyTimeoutTests.ThrowsGuarded<UnionsResponseTooLargeException>(() => ReadAll(Client(body)));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(("MaxEventBytes", (long)Limit), (error.LimitName, error.Limit));
        Assert.StartsWith("A line of the event stream is longer than UnionsClientOptions.MaxEventBytes allows (1048576 bytes)", error.Message, StringComparison.Ordinal);
        Assert.InRange(body.BytesRead, Limit, 3 * Limit);
        Assert.True(allocated < 32 * 1024 * 1024, "Allocated " + allocated + " bytes");
    }

    [Fact]
    public async Task An_event_that_never_ends_fails_near_the_limit()
    {
        // Lines of 1 KiB with no blank line between them: one event that only grows.
        var line = Bytes("data: " + new string('e', 1024 - 7) + "\n");
        var body = new GeneratedStream([], line, 16L * 1024 * 1024, Bytes("\n"));

        var error = await BodyTimeoutTests.ThrowsGuarded<UnionsResponseTooLargeException>(() => ReadAll(Client(body)));

        Assert.StartsWith("An event of the event stream is larger than UnionsClientOptions.MaxEventBytes allows (1048576 bytes)", error.Message, StringComparison.Ordinal);
        Assert.InRange(body.BytesRead, Limit, 3 * Limit);
    }

    [Fact]
    public async Task Events_under_the_limit_stream_whatever_their_total_and_line_endings()
    {
        // Each event is under 64 bytes and together they are far over: the count starts again after each blank line (LF, CRLF or CR).
        var text = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            var end = (i % 3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
            text.Append(": keep-alive").Append(end).Append("event: tick").Append(end).Append("data: ").Append(i).Append(end).Append(end);
        }

        var events = await ReadAll(Client(new MemoryStream(Bytes(text.ToString())), limit: 64));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), events);
    }

    [Fact]
    public async Task An_event_at_the_limit_is_read_and_each_event_is_handed_over_as_it_arrives()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var client = Client(new ChunkedStream(chunks.Reader), limit: 64);
        var exactly64 = "data: " + new string('x', 64 - 6); // 64 bytes before the line break
        await chunks.Writer.WriteAsync(Bytes(exactly64 + "\n\n"));

        await using var events = client.TicksAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new string('x', 58), events.Current);

        var second = events.MoveNextAsync().AsTask();
        Assert.False(second.IsCompleted);
        await chunks.Writer.WriteAsync(Bytes("data: 2\r\n\r\n"));
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("2", events.Current);
        chunks.Writer.Complete();
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
