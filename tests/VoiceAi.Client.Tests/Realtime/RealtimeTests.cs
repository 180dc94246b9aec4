using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests.Realtime;

/// <summary>The bundled realtime client (AsyncAPI) against the local WebSocket stand-in on 127.0.0.1.</summary>
public sealed class RealtimeTests : IAsyncLifetime
{
    private TtsStandIn _server = null!;

    public Task InitializeAsync()
    {
        _server = new TtsStandIn();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private VoiceAiClient Client(Action<VoiceAiClientOptions>? configure = null)
    {
        var options = new VoiceAiClientOptions { ApiKey = TtsStandIn.Key, BaseAddress = _server.Address, MaxRetries = 0 };
        configure?.Invoke(options);
        return new VoiceAiClient(new HttpClient(), options);
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Single_context_init_with_flush_streams_the_audio_then_the_completion_and_ends_at_the_normal_close()
    {
        await using var tts = await Client().ConnectStreamAsync(Timeout);
        await tts.SendInitSingleAsync(new InitMessageSingle { Text = "Hello ", VoiceId = "v1" }, Timeout);
        await tts.SendTextSingleAsync(new TextMessageSingle { Text = "world", Flush = true }, Timeout);

        var audio = new List<byte[]>();
        var completed = false;
        await foreach (var message in tts.ReadAllAsync(Timeout))
        {
            if (message.AsAudioChunkSingle is { } chunk)
            {
                Assert.False(completed);
                audio.Add(chunk.Audio);
            }
            else
            {
                Assert.True(message.AsCompletionMessageSingle?.IsLast);
                completed = true;
            }
        }

        Assert.True(completed);
        Assert.Equal(Enumerable.Range(0, _server.Chunks).Select(i => _server.Audio("Hello world", i)), audio);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, tts.CloseStatus);
        Assert.Equal("done", tts.CloseStatusDescription);

        // The wire: the documented names, the init's defaults not sent unless set.
        var sent = _server.Received.ToList();
        Assert.Equal("Hello ", sent[0]["text"]!.GetValue<string>());
        Assert.Equal("v1", sent[0]["voice_id"]!.GetValue<string>());
        Assert.True(sent[1]["flush"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_upgrade_carries_the_options_API_key_as_a_bearer_token_and_goes_to_the_documented_path()
    {
        await using (await Client().ConnectStreamAsync(Timeout))
        {
        }

        var upgrade = Assert.Single(_server.Upgrades);
        Assert.Equal("Bearer " + TtsStandIn.Key, upgrade.Authorization);
        Assert.Equal("/api/v1/tts/stream", upgrade.Path);
    }

    [Fact]
    public async Task A_refused_key_is_a_typed_error_with_the_HTTP_status_and_without_the_key()
    {
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(() => Client(o => o.ApiKey = "vk_wrong_secret").ConnectStreamAsync(Timeout));
        Assert.Equal(401, ex.HttpStatusCode);
        Assert.DoesNotContain("vk_wrong_secret", ex.ToString());
    }

    [Fact]
    public async Task Multi_stream_contexts_interleave_on_one_socket_and_each_view_sees_only_its_own()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        using var a = tts.ForContext("a");
        using var b = tts.ForContext("b");
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "a", Text = "first", Flush = true }, Timeout);
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "b", Text = "second", Flush = true }, Timeout);

        async Task<List<byte[]>> Collect(VoiceAiRealtimeContext<MultiStreamMessage> view)
        {
            var chunks = new List<byte[]>();
            await foreach (var message in view.ReadAllAsync(Timeout))
            {
                if (message.AsAudioChunkMulti is { } chunk)
                {
                    Assert.Equal(view.Id, chunk.ContextId);
                    chunks.Add(chunk.Audio);
                }
                else if (message.AsCompletionMessageMulti is { } done)
                {
                    Assert.Equal(view.Id, done.ContextId);
                    break;
                }
            }

            return chunks;
        }

        var results = await Task.WhenAll(Collect(a), Collect(b));
        Assert.Equal(Enumerable.Range(0, _server.Chunks).Select(i => _server.Audio("first", i)), results[0]);
        Assert.Equal(Enumerable.Range(0, _server.Chunks).Select(i => _server.Audio("second", i)), results[1]);

        // The context stays open for another flush; closing it is confirmed.
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "a", Text = "again", Flush = true }, Timeout);
        Assert.Equal(_server.Audio("again", 0), (await a.ReceiveAsync(Timeout))!.AsAudioChunkMulti!.Audio);
        await tts.CloseContextMultiAsync(new CloseContextMulti { ContextId = "a", CloseContext = true }, Timeout);
        MultiStreamMessage? closed;
        do
        {
            closed = await a.ReceiveAsync(Timeout);
        }
        while (closed is { IsContextClosedMessageMulti: false });

        Assert.Equal("a", closed!.AsContextClosedMessageMulti!.ContextId);

        // Closing the socket: the server closes normally and every reader ends.
        await tts.CloseSocketMultiAsync(new CloseSocketMulti { CloseSocket = true }, Timeout);
        Assert.Null(await b.ReceiveAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, tts.CloseStatus);
    }

    [Fact]
    public async Task Messages_of_contexts_without_a_view_stay_on_the_connection()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        using var a = tts.ForContext("a");
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "z", Text = "other", Flush = true }, Timeout);
        var first = await tts.ReceiveAsync(Timeout);
        Assert.Equal("z", first!.AsAudioChunkMulti!.ContextId);
    }

    [Fact]
    public async Task An_error_message_from_the_server_is_a_typed_error_that_keeps_the_message()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "c", Text = "error" }, Timeout);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        var error = Assert.IsType<ErrorMessageMulti>(Assert.IsType<MultiStreamMessage>(ex.ServerMessage).Value);
        Assert.Equal("c", error.ContextId);
        Assert.Contains("Text rejected for context c", ex.Message);

        // The connection goes on: the next flush is read.
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "c", Text = "fine", Flush = true }, Timeout);
        Assert.True((await tts.ReceiveAsync(Timeout))!.IsAudioChunkMulti);
    }

    [Fact]
    public async Task A_server_close_with_a_reason_is_a_typed_error_that_keeps_the_close_status_and_description()
    {
        await using var tts = await Client().ConnectStreamAsync(Timeout);
        await tts.SendInitSingleAsync(new InitMessageSingle { Text = "x", VoiceId = "refused", Flush = true }, Timeout);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () =>
        {
            await foreach (var _ in tts.ReadAllAsync(Timeout))
            {
            }
        });
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ex.CloseStatus);
        Assert.Equal("voice not found", ex.CloseDescription);
        Assert.Contains("1008", ex.Message);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, tts.CloseStatus);
    }

    [Fact]
    public async Task A_dropped_connection_is_a_typed_error()
    {
        await using var tts = await Client().ConnectStreamAsync(Timeout);
        await tts.SendInitSingleAsync(new InitMessageSingle { Text = "drop" }, Timeout);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.Contains("dropped", ex.Message);
    }

    [Fact]
    public async Task Audio_chunks_are_decoded_straight_into_a_PipeWriter_a_buffer_writer_or_a_stream()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = "p", Text = "pipe", Flush = true }, Timeout);

        var pipe = new Pipe();
        var first = await tts.ReceiveAsync(pipe.Writer, Timeout);
        Assert.True(first.IsBinary);
        Assert.Equal(_server.ChunkBytes, first.BinaryBytes);
        await pipe.Writer.FlushAsync();
        var read = await pipe.Reader.ReadAsync();
        Assert.Equal(_server.Audio("pipe", 0), read.Buffer.ToArray());

        var buffer = new ArrayBufferWriter<byte>();
        var second = await tts.ReceiveAsync(buffer, Timeout);
        Assert.True(second.IsBinary);
        Assert.Equal(_server.Audio("pipe", 1), buffer.WrittenSpan.ToArray());

        var stream = new MemoryStream();
        Assert.True((await tts.ReceiveAsync(stream, Timeout)).IsBinary);
        Assert.Equal(_server.Audio("pipe", 2), stream.ToArray());

        // A message that is not audio comes as itself.
        var last = await tts.ReceiveAsync(stream, Timeout);
        Assert.True(last.Received);
        Assert.False(last.IsBinary);
        Assert.True(last.Message!.IsCompletionMessageMulti);
    }

    [Fact]
    public async Task A_message_the_document_does_not_describe_is_kept_as_an_unknown_message()
    {
        _server.Preamble.Add("{\"hello\":\"world\"}");
        _server.Preamble.Add("{\"audio\":\"not base64!\",\"context_id\":\"q\"}");
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        var unknown = await tts.ReceiveAsync(Timeout);
        Assert.False(unknown!.IsKnown);
        Assert.Equal("world", unknown.Json!.Value.GetProperty("hello").GetString());

        // The shape of an audio chunk that does not read as one is unknown too, not a crash.
        var bad = await tts.ReceiveAsync(Timeout);
        Assert.False(bad!.IsKnown);
    }

    [Fact]
    public async Task Messages_are_told_apart_however_their_JSON_is_written_and_text_that_is_not_JSON_is_a_typed_error()
    {
        // Escaped names, spaces, nested values, an escaped routing value, a null where a name is required: each is
        // told apart as the document says (the quick scan of the names leaves what it does not expect to a JSON reader).
        _server.Preamble.Add("{ \"is_last\" : true , \"context_id\" : \"a\" }");
        _server.Preamble.Add("{\"\\u0061udio\":\"AQID\",\"context_id\":\"a\"}");
        _server.Preamble.Add("{\"extra\":{\"audio\":1},\"context_closed\":true,\"context_id\":\"a\\u0062\"}");
        _server.Preamble.Add("{\"audio\":null,\"context_id\":\"a\",\"error\":\"e\\\"q\"}");
        _server.Preamble.Add("not json at all");
        _server.Preamble.Add("{\"is_last\":true,\"context_id\":\"z\"}");
        _server.PreambleAfterFirstMessage = true;
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        using var view = tts.ForContext("ab");
        await tts.CloseContextMultiAsync(new CloseContextMulti { ContextId = "start", CloseContext = true }, Timeout);

        Assert.Equal("a", (await tts.ReceiveAsync(Timeout))!.AsCompletionMessageMulti!.ContextId);
        Assert.Equal([1, 2, 3], (await tts.ReceiveAsync(Timeout))!.AsAudioChunkMulti!.Audio);
        var error = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.Contains("e\"q", error.Message);
        var notJson = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.IsAssignableFrom<JsonException>(notJson.InnerException);
        Assert.Equal("z", (await tts.ReceiveAsync(Timeout))!.AsCompletionMessageMulti!.ContextId);

        // The escaped routing value "a\u0062" is "ab": routed to the view.
        Assert.Equal("ab", (await view.ReceiveAsync(Timeout))!.AsContextClosedMessageMulti!.ContextId);
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_the_connection_with_1009_and_a_typed_error()
    {
        _server.Preamble.Add("{\"hello\":\"" + new string('x', 10_000) + "\"}");
        await using var tts = await Client(o => o.MaxRealtimeMessageBytes = 4096).ConnectMultiStreamAsync(Timeout);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ex.CloseStatus);
    }

    [Fact]
    public async Task A_slow_reader_holds_the_server_back_instead_of_buffering_everything()
    {
        // 48 messages of 1 MiB; the client queues 2. Loopback socket buffers hold a few MiB, so the server cannot get
        // all of them out while nobody reads.
        var big = "{\"hello\":\"" + new string('x', 1 << 20) + "\"}";
        for (var i = 0; i < 48; i++)
        {
            _server.Preamble.Add(big);
        }

        await using var tts = await Client(o => o.RealtimeQueueMessages = 2).ConnectMultiStreamAsync(Timeout);
        await Task.Delay(1500);
        var sentWhileIdle = _server.PreambleSent;
        Assert.True(sentWhileIdle < 40, sentWhileIdle + " of 48 messages were taken while nobody read");

        for (var i = 0; i < 48; i++)
        {
            Assert.False((await tts.ReceiveAsync(Timeout))!.IsKnown);
        }

        // The server counts a message after its send returns, which can be just after the client has it.
        for (var i = 0; i < 100 && _server.PreambleSent < 48; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(48, _server.PreambleSent);
    }

    [Fact]
    public async Task Concurrent_sends_are_serialized_into_whole_messages()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "s" + i, Text = new string('t', 5000) + i }, Timeout))));
        await tts.CloseSocketMultiAsync(new CloseSocketMulti { CloseSocket = true }, Timeout);
        Assert.Null(await tts.ReceiveAsync(Timeout));
        var texts = _server.Received.Select(m => m["text"]?.GetValue<string>()).Where(t => t is not null).ToHashSet();
        Assert.Equal(40, texts.Count);
    }

    [Fact]
    public async Task DisposeAsync_closes_the_socket_with_a_normal_closure()
    {
        var tts = await Client().ConnectMultiStreamAsync(Timeout);
        await tts.DisposeAsync();
        Assert.Equal(WebSocketState.Closed, tts.State);
        for (var i = 0; i < 50 && _server.Closes == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, _server.Closes);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "x" }, Timeout));
    }

    [Fact]
    public async Task Receiving_observes_the_callers_cancellation()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        using var cancel = new CancellationTokenSource(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await tts.ReceiveAsync(cancel.Token));
    }

    [Fact]
    public async Task An_explicit_realtime_address_wins_over_the_HTTP_one()
    {
        var client = Client(o =>
        {
            o.BaseAddress = new Uri("https://unused.invalid");
            o.RealtimeAddress = new Uri("ws://" + _server.Address.Authority);
        });
        await using (await client.ConnectStreamAsync(Timeout))
        {
        }

        Assert.Single(_server.Upgrades);
    }

    [Fact]
    public async Task A_second_document_a_standalone_AsyncAPI_client_with_a_channel_parameter_and_a_query_key()
    {
        var client = new Chat.ChatClient(new HttpClient(), new Chat.ChatClientOptions { ApiKey = TtsStandIn.Key, BaseAddress = new Uri(_server.Address, "/chat") });
        await using var room = await client.ConnectRoomAsync("lobby one", Timeout);
        var presence = await room.ReceiveAsync(Timeout);
        Assert.Equal("ada", presence!.AsPresence!.User);
        await room.SayInRoomAsync(new Chat.Say { Text = "hi", Mood = Chat.SayMood.Calm }, Timeout);
        var said = (await room.ReceiveAsync(Timeout))!.AsSaid!;
        Assert.Equal("echo@lobby one", said.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), said.At);
        await room.SayInRoomAsync(new Chat.Say { Text = "oops" }, Timeout);
        var ex = await Assert.ThrowsAsync<Chat.ChatRealtimeException>(async () => await room.ReceiveAsync(Timeout));
        Assert.Contains("no shouting in lobby one", ex.Message);

        var upgrade = _server.Upgrades.Single();
        Assert.Equal("/chat/rooms/lobby%20one", upgrade.Path.Replace(" ", "%20"));
        Assert.Equal("?token=" + TtsStandIn.Key, upgrade.Query);
        Assert.Null(upgrade.Authorization);
        Assert.Equal("calm", _server.Received.First()["mood"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_path_parameter_refuses_dot_segments()
        => await Assert.ThrowsAsync<ArgumentException>(() => new Chat.ChatClient(new HttpClient(), new Chat.ChatClientOptions { ApiKey = "k", BaseAddress = _server.Address }).ConnectRoomAsync("..", Timeout));

    [Fact]
    public async Task A_server_wide_error_without_a_context_reaches_every_open_view()
    {
        _server.PreambleAfterFirstMessage = true;
        _server.Preamble.Add("{\"error\":\"quota exceeded\"}");
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        using var a = tts.ForContext("a");
        using var b = tts.ForContext("b");
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "a", Text = "x" }, Timeout);
        foreach (var view in new[] { a, b })
        {
            var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await view.ReceiveAsync(Timeout));
            Assert.Contains("quota exceeded", ex.Message);
        }

        Assert.Contains("quota exceeded", (await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout))).Message);
    }

    [Fact]
    public async Task Late_messages_of_a_disposed_view_are_dropped_and_do_not_hold_other_contexts_back()
    {
        // The connection's own queue holds 2: were the 10 late messages of "old" queued there, the reading task would
        // wait for room and "b" would never get its message.
        _server.PreambleAfterFirstMessage = true;
        for (var i = 0; i < 10; i++)
        {
            _server.Preamble.Add("{\"context_closed\":true,\"context_id\":\"old\"}");
        }

        _server.Preamble.Add("{\"is_last\":true,\"context_id\":\"b\"}");
        await using var tts = await Client(o => o.RealtimeQueueMessages = 2).ConnectMultiStreamAsync(Timeout);
        tts.ForContext("old").Dispose();
        using var b = tts.ForContext("b");
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "b", Text = "x" }, Timeout);
        Assert.True((await b.ReceiveAsync(Timeout))!.IsCompletionMessageMulti);

        // Opened again, the context gets its messages again.
        using var again = tts.ForContext("old");
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "old", Text = "y", Flush = true }, Timeout);
        Assert.True((await again.ReceiveAsync(Timeout))!.IsAudioChunkMulti);
    }

    [Fact]
    public async Task Readers_that_dispose_their_views_when_the_connection_drops_leave_no_other_reader_waiting()
    {
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            // Disposing (and opening) views on the reading task's own thread, as its failure is handed over.
            using var view = tts.ForContext("v" + i);
            try
            {
                await view.ReceiveAsync(Timeout);
                return "ended";
            }
            catch (VoiceAiRealtimeException)
            {
                view.Dispose();
                tts.ForContext("late" + i).Dispose();
                return "failed";
            }
        })).ToList();
        await Task.Delay(300);
        await tts.SendTextMultiAsync(new TextMessageMulti { ContextId = "d", Text = "drop" }, Timeout);
        Assert.All(await Task.WhenAll(readers), r => Assert.Equal("failed", r));

        // A view opened after the end is complete at once.
        Assert.Null(await tts.ForContext("after").ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task DisposeAsync_with_unread_messages_still_closes_with_the_servers_answer_at_once()
    {
        for (var i = 0; i < 12; i++)
        {
            _server.Preamble.Add("{\"hello\":\"" + new string('x', 32 * 1024) + "\"}");
        }

        var tts = await Client(o => o.RealtimeQueueMessages = 1).ConnectMultiStreamAsync(Timeout);
        for (var i = 0; i < 100 && _server.PreambleSent < 2; i++)
        {
            await Task.Delay(20);
        }

        // The reading task waits for room in the queue; the dispose must not wait 5 s for a close it cannot read.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await tts.DisposeAsync();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "the dispose took " + watch.Elapsed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, tts.CloseStatus);
        Assert.Equal(12, _server.PreambleSent);
    }

    [Fact]
    public async Task A_message_of_exactly_the_limit_is_read_and_one_byte_more_is_not()
    {
        var exact = "{\"hello\":\"" + new string('x', 4096 - 12) + "\"}";
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(exact));
        _server.Preamble.Add(exact);
        _server.Preamble.Add("{\"hello\":\"" + new string('x', 4096 - 11) + "\"}");
        await using var tts = await Client(o => o.MaxRealtimeMessageBytes = 4096).ConnectMultiStreamAsync(Timeout);
        Assert.False((await tts.ReceiveAsync(Timeout))!.IsKnown);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ex.CloseStatus);
    }

    [Fact]
    public async Task The_API_key_is_not_sent_over_ws_to_another_host_than_loopback_unless_allowed()
    {
        var voice = Client(o => o.RealtimeAddress = new Uri("ws://realtime.example.invalid/"));
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(() => voice.ConnectStreamAsync(Timeout));
        Assert.Contains("unencrypted", ex.Message);
        Assert.DoesNotContain(TtsStandIn.Key, ex.Message);

        var chat = new Chat.ChatClient(new HttpClient(), new Chat.ChatClientOptions { ApiKey = TtsStandIn.Key, RealtimeAddress = new Uri("ws://realtime.example.invalid/chat") });
        Assert.Contains("unencrypted", (await Assert.ThrowsAsync<Chat.ChatRealtimeException>(() => chat.ConnectRoomAsync("r", Timeout))).Message);

        // Allowed, it goes on to connect (and fails to resolve the host, not on the rule).
        var allowed = Client(o =>
        {
            o.RealtimeAddress = new Uri("ws://realtime.example.invalid/");
            o.RealtimeAllowUnencryptedCredentials = true;
        });
        Assert.DoesNotContain("unencrypted", (await Assert.ThrowsAsync<VoiceAiRealtimeException>(() => allowed.ConnectStreamAsync(Timeout))).Message);
    }

    [Fact]
    public async Task A_refused_query_key_is_not_part_of_the_error()
    {
        var client = new Chat.ChatClient(new HttpClient(), new Chat.ChatClientOptions { ApiKey = "wrong_key_in_query", BaseAddress = new Uri(_server.Address, "/chat") });
        var ex = await Assert.ThrowsAsync<Chat.ChatRealtimeException>(() => client.ConnectRoomAsync("r", Timeout));
        Assert.Equal(401, ex.HttpStatusCode);
        Assert.DoesNotContain("wrong_key_in_query", ex.ToString());
        Assert.DoesNotContain("token=", ex.ToString());
    }

    [Fact]
    public async Task Server_text_in_an_error_is_cleaned_of_line_breaks_control_and_bidi_characters()
    {
        _server.Preamble.Add("{\"error\":\"bad\\u202Enews\\nForged: line\\u0007\"}");
        await using var tts = await Client().ConnectMultiStreamAsync(Timeout);
        var ex = await Assert.ThrowsAsync<VoiceAiRealtimeException>(async () => await tts.ReceiveAsync(Timeout));
        Assert.Contains("bad news Forged: line", ex.Message);
        Assert.DoesNotContain(ex.Message, c => c is '\u202E' or '\n' or '\u0007');
        Assert.Contains("\u202E", Assert.IsType<ErrorMessageMulti>(Assert.IsType<MultiStreamMessage>(ex.ServerMessage).Value).Error); // the message itself as sent
    }

    [Fact]
    public async Task A_key_with_CR_or_LF_is_refused_before_connecting()
    {
        foreach (var key in new[] { "k\r\nX-Forged: 1", "k\nX", "k\0" })
        {
            var ex = await Assert.ThrowsAsync<FormatException>(() => Client(o => o.ApiKey = key).ConnectStreamAsync(Timeout));
            Assert.DoesNotContain(key, ex.Message);
        }

        Assert.Empty(_server.Upgrades);
    }
}
