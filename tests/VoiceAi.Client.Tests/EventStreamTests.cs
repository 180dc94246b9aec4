using System.Net;
using System.Text;
using System.Threading.Channels;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>text/event-stream responses are IAsyncEnumerable of the event schema, read as each event arrives.</summary>
public class EventStreamTests
{
    private static HttpResponseMessage Events(string text)
        => new(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "text/event-stream") };

    [Fact]
    public async Task A_response_that_is_JSON_or_events_gets_a_streaming_twin_that_yields_typed_events_until_DONE()
    {
        var handler = new RecordingHandler(_ => Events("data: {\"delta\":\"Hel\"}\n\ndata: {\"delta\":\"lo\"}\n\ndata: [DONE]\n\ndata: {\"delta\":\"never\"}\n\n"));
        var client = new UnionsClient(new HttpClient(handler));

        var deltas = new List<string?>();
        await foreach (var chunk in client.CreateChatStreamingAsync(new CreateChatRequest { Prompt = "hi", Stream = true }))
        {
            deltas.Add(chunk.Delta);
        }

        Assert.Equal(["Hel", "lo"], deltas);
        Assert.Equal("text/event-stream", Assert.Single(handler.Last.Headers.Accept).MediaType);
    }

    [Fact]
    public async Task The_JSON_method_is_still_there()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"text":"Hello"}""");
        var client = new UnionsClient(new HttpClient(handler));

        Assert.Equal("Hello", (await client.CreateChatAsync(new CreateChatRequest { Prompt = "hi" })).Text);
    }

    [Fact]
    public async Task A_response_that_is_audio_or_events_is_audio_and_its_streaming_twin_yields_the_events()
    {
        var handler = new RecordingHandler(request => request.Headers.Accept.Any(a => a.MediaType == "text/event-stream")
            ? Events("data: {\"audio\":\"AQI=\"}\n\n")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([9, 8, 7]) { Headers = { ContentType = new("audio/wav") } } });
        var client = new UnionsClient(new HttpClient(handler));

        using (var audio = await client.SpeakAsync(new SpeakRequest { Text = "hi" }))
        {
            Assert.Equal(["audio/mpeg", "audio/wav"], handler.Last.Headers.Accept.Select(a => a.MediaType));
            Assert.Equal("audio/wav", audio.ContentType);
        }

        using (await client.SpeakAsync(new SpeakRequest { Text = "hi" }, SpeakAccept.AudioWav))
        {
            Assert.Equal("audio/wav", Assert.Single(handler.Last.Headers.Accept).MediaType);
        }

        var chunks = new List<byte[]?>();
        await foreach (var e in client.SpeakStreamingAsync(new SpeakRequest { Text = "hi", StreamFormat = SpeakRequestStreamFormat.Sse }))
        {
            chunks.Add(e.Audio);
        }

        Assert.Equal([1, 2], Assert.Single(chunks));
        Assert.Equal("text/event-stream", Assert.Single(handler.Last.Headers.Accept).MediaType);
    }

    [Fact]
    public async Task Events_without_a_schema_are_their_raw_data()
    {
        var client = new UnionsClient(new HttpClient(new RecordingHandler(_ => Events("event: tick\ndata: 1\n\ndata: two\ndata: lines\n\n"))));

        var events = new List<string>();
        await foreach (var data in client.TicksAsync())
        {
            events.Add(data);
        }

        Assert.Equal(["1", "two\nlines"], events);
    }

    [Fact]
    public async Task Each_event_is_handed_over_as_it_arrives_and_stopping_early_disposes_the_response()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var body = new ChunkedStream(chunks.Reader);
        var client = new UnionsClient(new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) })));
        await chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: {\"delta\":\"first\"}\n\n"));

        await using (var events = client.CreateChatStreamingAsync(new CreateChatRequest { Prompt = "hi" }).GetAsyncEnumerator())
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal("first", events.Current.Delta); // read while the server has sent nothing more
        }

        Assert.True(body.Disposed);
    }
}
