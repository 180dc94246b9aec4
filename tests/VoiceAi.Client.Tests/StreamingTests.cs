using System.Net;
using System.Threading.Channels;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

public class StreamingTests
{
    [Fact]
    public async Task The_caller_chooses_the_audio_type_with_a_typed_Accept()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1]) });
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k" });

        await using (await client.GenerateSpeechAsync(new GenerateSpeechRequest { Text = "hi" }, accept: GenerateSpeechAccept.AudioWav))
        {
        }

        Assert.Equal("audio/wav", Assert.Single(handler.Last.Headers.Accept).MediaType);
        Assert.Equal(["audio/mpeg", "audio/wav", "audio/pcm"], GenerateSpeechAccept.KnownValues.Select(v => v.Value));
    }

    [Fact]
    public async Task A_streamed_response_hands_over_each_chunk_before_the_next_is_sent()
    {
        var chunks = Channel.CreateUnbounded<byte[]>();
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(chunks.Reader)) });
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k" });
        await chunks.Writer.WriteAsync([1, 1, 1]);

        await using var audio = await client.GenerateSpeechStreamAsync(new GenerateSpeechRequest { Text = "hi" });
        var buffer = new byte[16];

        // The first chunk is readable while the server has not sent the second one yet.
        var first = await audio.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, first);
        var second = audio.Content.ReadAsync(buffer).AsTask();
        Assert.False(second.IsCompleted);

        await chunks.Writer.WriteAsync([2, 2]);
        Assert.Equal(2, await second.WaitAsync(TimeSpan.FromSeconds(10)));
        chunks.Writer.Complete();
        Assert.Equal(0, await audio.Content.ReadAsync(buffer));
    }
}
