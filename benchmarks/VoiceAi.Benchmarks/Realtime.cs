using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;

namespace VoiceAi.Benchmarks;

/// <summary>The floor's text message: what a hand-written client sends (System.Text.Json source generation).</summary>
public sealed record FloorTextMessage([property: JsonPropertyName("context_id")] string ContextId, [property: JsonPropertyName("text")] string Text, [property: JsonPropertyName("flush")] bool Flush);

/// <summary>The floor's one type for what the server sends: every documented property, optional.</summary>
public sealed class FloorServerMessage
{
    [JsonPropertyName("audio")]
    public byte[]? Audio { get; set; }

    [JsonPropertyName("context_id")]
    public string? ContextId { get; set; }

    [JsonPropertyName("is_last")]
    public bool? IsLast { get; set; }

    [JsonPropertyName("context_closed")]
    public bool? ContextClosed { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

/// <summary>
/// Voice AI's multi-stream channel on loopback: a server (the framework's server-side WebSocket over a TcpListener) that
/// answers each text message with <see cref="Chunks"/> audio chunks of 100 ms of 16 kHz PCM (3,200 bytes, base64 in JSON)
/// and an <c>is_last</c>. One exchange: send the text, read every chunk, then the completion. With one chunk it is the
/// time from sending the text to handing the audio over; with 32 it divides into the time and allocations per chunk.
/// The floor: ClientWebSocket, a reused receive buffer and System.Text.Json source generation.
/// </summary>
[MemoryDiagnoser]
public class RealtimeSpeech
{
    private TcpListener _listener = null!;
    private Task _server = null!;
    private VoiceAiMultiStreamConnection _ours = null!;
    private ClientWebSocket _floor = null!;
    private readonly byte[] _floorBuffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _audio = new(64 * 1024);
    private static readonly TextMessageMulti Text = new() { ContextId = "c", Text = "Hello there.", Flush = true };
    private static readonly FloorTextMessage FloorText = new("c", "Hello there.", true);

    [Params(1, 32)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var chunk = Encoding.UTF8.GetBytes("{\"audio\":\"" + Convert.ToBase64String(Enumerable.Range(0, 3200).Select(i => (byte)i).ToArray()) + "\",\"context_id\":\"c\"}");
        var last = Encoding.UTF8.GetBytes("{\"is_last\":true,\"context_id\":\"c\"}");
        _server = Task.Run(() => ServeAsync(chunk, last));
        var address = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port);
        var client = new VoiceAiClient(new HttpClient(), new VoiceAiClientOptions { ApiKey = "k", BaseAddress = address });
        _ours = client.ConnectMultiStreamAsync().GetAwaiter().GetResult();
        _floor = new ClientWebSocket();
        _floor.Options.SetRequestHeader("Authorization", "Bearer k");
        _floor.ConnectAsync(new Uri("ws://" + address.Authority + "/api/v1/tts/multi-stream"), CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _floor.Dispose();
        _listener.Stop();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Floor_ClientWebSocket_STJ()
    {
        await _floor.SendAsync(JsonSerializer.SerializeToUtf8Bytes(FloorText, FloorJsonContext.Default.FloorTextMessage), WebSocketMessageType.Text, true, CancellationToken.None);
        var bytes = 0;
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _floor.ReceiveAsync(_floorBuffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = JsonSerializer.Deserialize(_floorBuffer.AsSpan(0, length), FloorJsonContext.Default.FloorServerMessage)!;
            if (message.IsLast == true)
            {
                return bytes;
            }

            bytes += message.Audio!.Length;
        }
    }

    [Benchmark]
    public async Task<int> VoiceAi_Generated()
    {
        await _ours.SendTextMultiAsync(Text);
        var bytes = 0;
        while (await _ours.ReceiveAsync() is { } message)
        {
            if (message.AsAudioChunkMulti is { } chunk)
            {
                bytes += chunk.Audio.Length;
            }
            else if (message.IsCompletionMessageMulti)
            {
                break;
            }
        }

        return bytes;
    }

    [Benchmark]
    public async Task<int> VoiceAi_Generated_IntoBufferWriter()
    {
        await _ours.SendTextMultiAsync(Text);
        _audio.ResetWrittenCount();
        while (true)
        {
            var receipt = await _ours.ReceiveAsync(_audio);
            if (!receipt.Received || receipt.Message?.IsCompletionMessageMulti == true)
            {
                return _audio.WrittenCount;
            }
        }
    }

    private async Task ServeAsync(byte[] chunk, byte[] last)
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (connection)
                {
                    connection.NoDelay = true;
                    var stream = connection.GetStream();
                    var head = new StringBuilder();
                    var one = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
                    {
                        head.Append((char)one[0]);
                    }

                    var key = head.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
                    var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n"));
                    using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
                    var buffer = new byte[4096];
                    try
                    {
                        while (true)
                        {
                            var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                            if (received.MessageType == WebSocketMessageType.Close)
                            {
                                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                                return;
                            }

                            for (var i = 0; i < Chunks; i++)
                            {
                                await socket.SendAsync(chunk.AsMemory(), WebSocketMessageType.Text, true, CancellationToken.None);
                            }

                            await socket.SendAsync(last.AsMemory(), WebSocketMessageType.Text, true, CancellationToken.None);
                        }
                    }
                    catch (Exception)
                    {
                    }
                }
            });
        }
    }
}
