using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceAi.Client.Tests.Realtime;

/// <summary>
/// A local stand-in for Voice AI's WebSocket text to speech (Kestrel on 127.0.0.1), playing the documented protocol of
/// <c>/api/v1/tts/stream</c> and <c>/api/v1/tts/multi-stream</c>: text is buffered until a flush, then the audio comes
/// as base64 chunks and an <c>is_last</c> message; the single channel then closes with 1000. It also plays the failures
/// the tests need: the voice "refused" closes with 1008 and a reason, the text "drop" drops the connection, the text
/// "error" (multi-stream) is answered with an error message for its context. Audio of text T is the UTF-8 bytes of T repeated to
/// <see cref="ChunkBytes"/> per chunk, <see cref="Chunks"/> chunks.
/// </summary>
public sealed class TtsStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    public const string Key = "vk_test_realtime";

    public TtsStandIn(int chunks = 3, int chunkBytes = 1024)
    {
        Chunks = chunks;
        ChunkBytes = chunkBytes;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/api/v1/tts/stream", context => Serve(context, SingleAsync));
        _app.Map("/api/v1/tts/multi-stream", context => Serve(context, MultiAsync));
        _app.Map("/chat/rooms/{roomId}", context => Serve(context, ChatAsync));
        _app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(_app.Urls.First());
    }

    public int Chunks { get; }

    public int ChunkBytes { get; }

    /// <summary>The stand-in's address (http://127.0.0.1:port/).</summary>
    public Uri Address { get; }

    /// <summary>Every JSON message the stand-in received, in order.</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>The headers and query of each upgrade request.</summary>
    public ConcurrentQueue<(string? Authorization, string Query, string Path)> Upgrades { get; } = new();

    /// <summary>Messages to send first on the next multi-stream connection, as they are (unknown messages, oversized ones).</summary>
    public List<string> Preamble { get; } = [];

    /// <summary>The preamble waits for the client's first message (so that the client can open its views first).</summary>
    public bool PreambleAfterFirstMessage { get; set; }

    private int _preambleSent;
    private int _closes;

    /// <summary>How many preamble messages the socket has taken so far.</summary>
    public int PreambleSent => Volatile.Read(ref _preambleSent);

    /// <summary>How many close handshakes a client started.</summary>
    public int Closes => Volatile.Read(ref _closes);

    /// <summary>The audio the stand-in sends for one chunk of <paramref name="text"/>.</summary>
    public byte[] Audio(string text, int chunk)
    {
        var seed = Encoding.UTF8.GetBytes(text + "#" + chunk);
        var audio = new byte[ChunkBytes];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = seed[i % seed.Length];
        }

        return audio;
    }

    private async Task Serve(HttpContext context, Func<WebSocket, HttpContext, Task> play)
    {
        Upgrades.Enqueue((context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, context.Request.QueryString.Value ?? string.Empty, context.Request.Path.Value ?? string.Empty));
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var chat = context.Request.Path.StartsWithSegments("/chat");
        if (chat ? context.Request.Query["token"] != Key : context.Request.Headers.Authorization != "Bearer " + Key)
        {
            context.Response.StatusCode = 401;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await play(socket, context);
        }
        catch (Exception) when (socket.State != WebSocketState.Open)
        {
            // The client went away.
        }
    }

    private async Task<JsonObject?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Interlocked.Increment(ref _closes);
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var message = JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
                Received.Enqueue(message);
                return message;
            }
        }
    }

    private static Task SendAsync(WebSocket socket, SemaphoreSlim gate, JsonObject message) => SendTextAsync(socket, gate, message.ToJsonString());

    private static async Task SendTextAsync(WebSocket socket, SemaphoreSlim gate, string text)
    {
        await gate.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SingleAsync(WebSocket socket, HttpContext context)
    {
        var gate = new SemaphoreSlim(1, 1);
        var text = new StringBuilder();
        var first = true;
        while (await ReceiveAsync(socket) is { } message)
        {
            if (first && message["voice_id"]?.GetValue<string>() == "refused")
            {
                await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "voice not found", CancellationToken.None);
                return;
            }

            first = false;
            text.Append(message["text"]?.GetValue<string>());
            if (text.ToString() == "drop")
            {
                context.Abort();
                return;
            }

            if (message["flush"]?.GetValue<bool>() == true)
            {
                for (var i = 0; i < Chunks; i++)
                {
                    await SendAsync(socket, gate, new JsonObject { ["audio"] = Convert.ToBase64String(Audio(text.ToString(), i)) });
                }

                await SendAsync(socket, gate, new JsonObject { ["is_last"] = true });
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                return;
            }
        }
    }

    private async Task MultiAsync(WebSocket socket, HttpContext context)
    {
        var gate = new SemaphoreSlim(1, 1);
        if (PreambleAfterFirstMessage && await ReceiveAsync(socket) is null)
        {
            return;
        }

        foreach (var raw in Preamble)
        {
            await SendTextAsync(socket, gate, raw);
            Interlocked.Increment(ref _preambleSent);
        }

        var contexts = new Dictionary<string, StringBuilder>();
        var flushes = new List<Task>();
        var next = 0;
        while (await ReceiveAsync(socket) is { } message)
        {
            if (message["close_socket"]?.GetValue<bool>() == true && message["context_id"] is null)
            {
                await Task.WhenAll(flushes);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closed by client", CancellationToken.None);
                return;
            }

            // The first message to a context id initializes it; without an id, the server makes one.
            var id = message["context_id"]?.GetValue<string>() ?? "ctx-" + ++next;
            if (!contexts.TryGetValue(id, out var buffer))
            {
                contexts[id] = buffer = new StringBuilder();
            }

            if (message["text"]?.GetValue<string>() == "error")
            {
                await SendAsync(socket, gate, new JsonObject { ["error"] = "Text rejected for context " + id, ["context_id"] = id });
                continue;
            }

            buffer.Append(message["text"]?.GetValue<string>());
            if (buffer.ToString() == "drop")
            {
                context.Abort();
                return;
            }

            if (message["flush"]?.GetValue<bool>() == true)
            {
                var text = buffer.ToString();
                buffer.Clear();
                var close = message["close_context"]?.GetValue<bool>() == true || message["auto_close"]?.GetValue<bool>() == true;
                var contextId = id;
                flushes.Add(Task.Run(async () =>
                {
                    for (var i = 0; i < Chunks; i++)
                    {
                        await SendAsync(socket, gate, new JsonObject { ["audio"] = Convert.ToBase64String(Audio(text, i)), ["context_id"] = contextId });
                        await Task.Yield();
                    }

                    await SendAsync(socket, gate, new JsonObject { ["is_last"] = true, ["context_id"] = contextId });
                    if (close)
                    {
                        await SendAsync(socket, gate, new JsonObject { ["context_closed"] = true, ["context_id"] = contextId });
                    }
                }));
            }
            else if (message["close_context"]?.GetValue<bool>() == true)
            {
                await Task.WhenAll(flushes);
                contexts.Remove(id);
                await SendAsync(socket, gate, new JsonObject { ["context_closed"] = true, ["context_id"] = id });
            }
        }

        await Task.WhenAll(flushes);
    }

    private async Task ChatAsync(WebSocket socket, HttpContext context)
    {
        var gate = new SemaphoreSlim(1, 1);
        var room = (string)context.Request.RouteValues["roomId"]!;
        await SendAsync(socket, gate, new JsonObject { ["user"] = "ada", ["online"] = true });
        while (await ReceiveAsync(socket) is { } message)
        {
            var text = message["text"]!.GetValue<string>();
            await SendAsync(socket, gate, text == "oops"
                ? new JsonObject { ["error"] = "no shouting in " + room }
                : new JsonObject { ["from"] = "echo@" + room, ["text"] = text, ["at"] = "2026-12-02T10:00:00Z" });
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
    }
}
