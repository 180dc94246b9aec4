// The support code of realtime (AsyncAPI WebSocket) clients, emitted verbatim once per client with __P__ replaced by the
// client's prefix, after the generated file header (which opens the namespace). It is not compiled in the generator
// project (netstandard2.0 has none of these APIs); RealtimeTests and the client tests compile and run it.

/// <summary>
/// The end of a realtime connection that was not a normal closure: the server closed the WebSocket with another status
/// than 1000, the connection dropped, a message was too large, or the server sent an error message.
/// The API key is never part of its message.
/// </summary>
[global::System.CodeDom.Compiler.GeneratedCode("VoiceAi.Generators", "0.1.0")]
public class __P__RealtimeException : global::System.Exception
{
    /// <summary>A failure with a message and, optionally, the WebSocket close status and description the server sent.</summary>
    public __P__RealtimeException(string message, global::System.Net.WebSockets.WebSocketCloseStatus? closeStatus = null, string? closeDescription = null, global::System.Exception? innerException = null)
        : base(message, innerException)
    {
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
    }

    /// <summary>The close status the server sent (1008 policy violation, 1011 internal error…); null when it sent none.</summary>
    public global::System.Net.WebSockets.WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The close reason the server sent, as it sent it; null when it sent none.</summary>
    public string? CloseDescription { get; }

    /// <summary>The error message the server sent (a typed message of the channel), when that is what ended the read.</summary>
    public object? ServerMessage { get; init; }

    /// <summary>The HTTP status of a refused upgrade (401 for a wrong key), when the connection was never made.</summary>
    public int? HttpStatusCode { get; init; }

    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var chars = text!.Length > 512 ? text.Substring(0, 512).ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (global::System.Globalization.CharUnicodeInfo.GetUnicodeCategory(chars[i]) is global::System.Globalization.UnicodeCategory.Control or global::System.Globalization.UnicodeCategory.Format or global::System.Globalization.UnicodeCategory.LineSeparator or global::System.Globalization.UnicodeCategory.ParagraphSeparator or global::System.Globalization.UnicodeCategory.Surrogate)
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }
}

/// <summary>One message taken by a <c>ReceiveAsync</c> overload that writes binary payloads (audio) to a destination.</summary>
/// <typeparam name="TMessage">The channel's message type.</typeparam>
[global::System.CodeDom.Compiler.GeneratedCode("VoiceAi.Generators", "0.1.0")]
public readonly struct __P__RealtimeReceipt<TMessage>
    where TMessage : class
{
    internal __P__RealtimeReceipt(TMessage? message, int binaryBytes, bool received)
    {
        Message = message;
        BinaryBytes = binaryBytes;
        Received = received;
    }

    /// <summary>False when the connection ended normally and there is nothing more to receive.</summary>
    public bool Received { get; }

    /// <summary>The message, when it was not a binary chunk; null for a chunk, whose bytes went to the destination.</summary>
    public TMessage? Message { get; }

    /// <summary>A binary chunk was written to the destination (<see cref="BinaryBytes"/> bytes, possibly 0).</summary>
    public bool IsBinary => Received && Message is null;

    /// <summary>How many bytes of a binary chunk were written to the destination.</summary>
    public int BinaryBytes { get; }
}

/// <summary>
/// A WebSocket connection of a realtime client. One task reads the socket and queues each message as it arrives, as its
/// UTF-8 JSON, in a bounded queue (the options' <c>RealtimeQueueMessages</c>): a slow reader holds the socket back rather
/// than growing memory. Sends are serialized (one writer at a time). <see cref="DisposeAsync"/> closes gracefully.
/// </summary>
/// <typeparam name="TMessage">What the server sends on this channel: a union of its messages, or the one message.</typeparam>
[global::System.CodeDom.Compiler.GeneratedCode("VoiceAi.Generators", "0.1.0")]
public abstract class __P__RealtimeConnection<TMessage> : global::System.IAsyncDisposable
    where TMessage : class
{
    private readonly global::System.Net.WebSockets.WebSocket _socket;
    private readonly global::System.Threading.SemaphoreSlim _sendLock = new(1, 1);
    private readonly global::System.Buffers.ArrayBufferWriter<byte> _output = new(1024);
    private readonly __j.Utf8JsonWriter _writer;
    private readonly global::System.Threading.Channels.Channel<Frame> _queue;
    private readonly global::System.Collections.Generic.Dictionary<string, global::System.Threading.Channels.Channel<Frame>> _views = new(global::System.StringComparer.Ordinal);
    private readonly global::System.Collections.Generic.HashSet<string> _closedViews = new(global::System.StringComparer.Ordinal);
    private bool _completed;
    private readonly global::System.Threading.CancellationTokenSource _stop = new();
    private readonly int _capacity;
    private readonly long _maxMessageBytes;
    private readonly byte[][] _names;
    private readonly ulong[] _required;
    private readonly int _route;
    private readonly global::System.Threading.Tasks.Task _pump;
    private int _disposed;

    /// <summary>A connection over an open socket; the derived class says how messages are told apart.</summary>
    /// <param name="socket">The open socket; the connection owns it.</param>
    /// <param name="capacity">How many messages are queued before the socket is no longer read.</param>
    /// <param name="maxMessageBytes">The largest message, in bytes.</param>
    /// <param name="names">The top-level JSON property names that tell the messages apart (at most 64).</param>
    /// <param name="required">For each message kind, in the order they are tried, the bits of the names it must have.</param>
    /// <param name="route">The index in <paramref name="names"/> of the property that routes messages to a context, or -1.</param>
    protected __P__RealtimeConnection(global::System.Net.WebSockets.WebSocket socket, int capacity, long maxMessageBytes, byte[][] names, ulong[] required, int route)
    {
        _socket = socket ?? throw new global::System.ArgumentNullException(nameof(socket));
        _capacity = capacity < 1 ? 1 : capacity;
        _maxMessageBytes = maxMessageBytes < 1 ? 1 : global::System.Math.Min(maxMessageBytes, MaxMessageBytesLimit);
        _names = names;
        _required = required;
        _route = route;
        _writer = new __j.Utf8JsonWriter(_output, new __j.JsonWriterOptions { Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        _queue = NewQueue();
        _pump = global::System.Threading.Tasks.Task.Run(PumpAsync);
    }

    /// <summary>The largest message limit a connection takes (1 GiB): a larger <c>MaxRealtimeMessageBytes</c> is this.</summary>
    public const long MaxMessageBytesLimit = 1L << 30;

    /// <summary>The close status the server sent, once it closed the connection.</summary>
    public global::System.Net.WebSockets.WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The close reason the server sent, once it closed the connection.</summary>
    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>The socket's state.</summary>
    public global::System.Net.WebSockets.WebSocketState State => _socket.State;

    /// <summary>The message kind <paramref name="json"/> is (an index into the constructor's <c>required</c> order), or -1.</summary>
    protected abstract TMessage Read(global::System.ReadOnlySpan<byte> json, int kind);

    /// <summary>The text of the message when it is the channel's error message (it ends a read with a <see cref="__P__RealtimeException"/>); null otherwise.</summary>
    protected virtual string? ErrorText(TMessage message) => null;

    /// <summary>Whether the message kind is one of the channel's error messages: one without a routing value reaches every open context view too.</summary>
    protected virtual bool IsErrorKind(int kind) => false;

    /// <summary>The message kind whose one base64 property is binary data (audio), or -1.</summary>
    protected virtual int BinaryKind => -1;

    /// <summary>The JSON name of the binary property of <see cref="BinaryKind"/>.</summary>
    protected virtual global::System.ReadOnlySpan<byte> BinaryProperty => default;

    /// <summary>The message read as <typeparamref name="T"/>; null when it does not read as one (it is then an unknown message).</summary>
    protected static T? TryRead<T>(global::System.ReadOnlySpan<byte> json, __j.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            return __j.JsonSerializer.Deserialize(json, info);
        }
        catch (__j.JsonException)
        {
            return null;
        }
    }

    /// <summary>Serializes <paramref name="message"/> and sends it as one text message; concurrent sends wait their turn.</summary>
    protected async global::System.Threading.Tasks.Task SendAsync<T>(T message, __j.Serialization.Metadata.JsonTypeInfo<T> info, global::System.Threading.CancellationToken cancellationToken)
    {
        if (message is null)
        {
            throw new global::System.ArgumentNullException(nameof(message));
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (global::System.Threading.Volatile.Read(ref _disposed) != 0)
            {
                throw new global::System.ObjectDisposedException(GetType().Name);
            }

            _output.Clear();
            _writer.Reset();
            __j.JsonSerializer.Serialize(_writer, message, info);
            _writer.Flush();
            try
            {
                await _socket.SendAsync(_output.WrittenMemory, global::System.Net.WebSockets.WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            catch (global::System.Net.WebSockets.WebSocketException ex)
            {
                throw new __P__RealtimeException("Sending failed: the connection is " + _socket.State + " (" + ex.WebSocketErrorCode + ").", _socket.CloseStatus, _socket.CloseStatusDescription);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next message, as it arrives; null once the server closed the connection normally (1000, or no status).</summary>
    /// <exception cref="__P__RealtimeException">The connection ended otherwise, or the server sent an error message.</exception>
    public global::System.Threading.Tasks.ValueTask<TMessage?> ReceiveAsync(global::System.Threading.CancellationToken cancellationToken = default)
        => ReceiveFromAsync(_queue, cancellationToken);

    /// <summary>
    /// The next message; a binary chunk (audio) is decoded from base64 straight into <paramref name="binary"/> (a
    /// <c>PipeWriter</c>, or an <c>ArrayBufferWriter&lt;byte&gt;</c> over a buffer of yours) without an array of its own.
    /// </summary>
    public global::System.Threading.Tasks.ValueTask<__P__RealtimeReceipt<TMessage>> ReceiveAsync(global::System.Buffers.IBufferWriter<byte> binary, global::System.Threading.CancellationToken cancellationToken = default)
        => ReceiveFromAsync(_queue, binary ?? throw new global::System.ArgumentNullException(nameof(binary)), cancellationToken);

    /// <summary>The next message; a binary chunk (audio) is decoded from base64 into a pooled buffer and written to <paramref name="binary"/>.</summary>
    public async global::System.Threading.Tasks.ValueTask<__P__RealtimeReceipt<TMessage>> ReceiveAsync(global::System.IO.Stream binary, global::System.Threading.CancellationToken cancellationToken = default)
    {
        if (binary is null)
        {
            throw new global::System.ArgumentNullException(nameof(binary));
        }

        var buffer = new PooledWriter();
        try
        {
            var receipt = await ReceiveFromAsync(_queue, buffer, cancellationToken).ConfigureAwait(false);
            if (receipt.IsBinary && buffer.Written > 0)
            {
                await binary.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }

            return receipt;
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Every message as it arrives, until the server closes the connection normally.</summary>
    /// <exception cref="__P__RealtimeException">The connection ended otherwise, or the server sent an error message.</exception>
    public global::System.Collections.Generic.IAsyncEnumerable<TMessage> ReadAllAsync(global::System.Threading.CancellationToken cancellationToken = default)
        => ReadAllFromAsync(_queue, cancellationToken);

    /// <summary>
    /// The messages of one context (by the routing property's value) as their own stream, while other contexts run on the
    /// same socket. Messages of a context nobody opened a view for stay on the connection's own queue; those of a context
    /// whose view was disposed are dropped; an error message without a routing value reaches every view (and the queue).
    /// </summary>
    protected __P__RealtimeContext<TMessage> OpenContext(string id)
    {
        if (id is null)
        {
            throw new global::System.ArgumentNullException(nameof(id));
        }

        var queue = NewQueue();
        lock (_views)
        {
            if (_views.ContainsKey(id))
            {
                throw new global::System.InvalidOperationException("A view of this context is already open.");
            }

            if (_completed)
            {
                queue.Writer.TryComplete();
            }
            else
            {
                _views.Add(id, queue);
                _closedViews.Remove(id);
            }
        }

        return new __P__RealtimeContext<TMessage>(this, id, queue);
    }

    internal void CloseContext(string id, global::System.Threading.Channels.Channel<Frame> queue)
    {
        lock (_views)
        {
            if (_views.TryGetValue(id, out var open) && open == queue)
            {
                _views.Remove(id);

                // Its late messages (the context_closed after a close) are dropped rather than filling the connection's
                // own queue, which nobody may read while views are in use. Bounded: the oldest are forgotten.
                if (_closedViews.Count >= 1024)
                {
                    _closedViews.Clear();
                }

                _closedViews.Add(id);
            }
        }

        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var frame))
        {
            frame.Return();
        }
    }

    internal async global::System.Threading.Tasks.ValueTask<TMessage?> ReceiveFromAsync(global::System.Threading.Channels.Channel<Frame> queue, global::System.Threading.CancellationToken cancellationToken)
    {
        var frame = await NextAsync(queue, cancellationToken).ConfigureAwait(false);
        return frame.Buffer is null ? null : Take(frame);
    }

    internal async global::System.Threading.Tasks.ValueTask<__P__RealtimeReceipt<TMessage>> ReceiveFromAsync(global::System.Threading.Channels.Channel<Frame> queue, global::System.Buffers.IBufferWriter<byte> binary, global::System.Threading.CancellationToken cancellationToken)
    {
        var frame = await NextAsync(queue, cancellationToken).ConfigureAwait(false);
        return frame.Buffer is null ? default : Take(frame, binary);
    }

    /// <summary>The message of a frame, whose buffer goes back to the pool.</summary>
    private TMessage Take(Frame frame)
    {
        try
        {
            return Checked(Read(new global::System.ReadOnlySpan<byte>(frame.Buffer, 0, frame.Length), frame.Kind));
        }
        catch (__j.JsonException ex)
        {
            throw NotJson(ex);
        }
        finally
        {
            frame.Return();
        }
    }

    /// <summary>The message of a frame, or its binary chunk decoded into <paramref name="binary"/>; the buffer goes back to the pool.</summary>
    private __P__RealtimeReceipt<TMessage> Take(Frame frame, global::System.Buffers.IBufferWriter<byte> binary)
    {
        try
        {
            var json = new global::System.ReadOnlySpan<byte>(frame.Buffer, 0, frame.Length);
            if (frame.Kind == BinaryKind && frame.Kind >= 0 && DecodeBinary(json, BinaryProperty, binary) is var written and >= 0)
            {
                return new __P__RealtimeReceipt<TMessage>(null, written, true);
            }

            return new __P__RealtimeReceipt<TMessage>(Checked(Read(json, frame.Kind)), 0, true);
        }
        catch (__j.JsonException ex)
        {
            throw NotJson(ex);
        }
        finally
        {
            frame.Return();
        }
    }

    internal async global::System.Collections.Generic.IAsyncEnumerable<TMessage> ReadAllFromAsync(global::System.Threading.Channels.Channel<Frame> queue, [global::System.Runtime.CompilerServices.EnumeratorCancellation] global::System.Threading.CancellationToken cancellationToken)
    {
        while (await ReceiveFromAsync(queue, cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    private static __P__RealtimeException NotJson(__j.JsonException ex)
        => new("The server sent a message that is not JSON (at byte " + (ex.BytePositionInLine ?? 0) + "); the connection goes on.", innerException: ex);

    private TMessage Checked(TMessage message)
        => ErrorText(message) is { } text
            ? throw new __P__RealtimeException("The server sent an error: " + __P__RealtimeException.Clean(text)) { ServerMessage = message }
            : message;

    private async global::System.Threading.Tasks.ValueTask<Frame> NextAsync(global::System.Threading.Channels.Channel<Frame> queue, global::System.Threading.CancellationToken cancellationToken)
    {
        while (true)
        {
            if (queue.Reader.TryRead(out var frame))
            {
                return frame;
            }

            bool more;
            try
            {
                more = await queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (global::System.Threading.Channels.ChannelClosedException ex) when (ex.InnerException is __P__RealtimeException failure)
            {
                throw new __P__RealtimeException(failure.Message, failure.CloseStatus, failure.CloseDescription, failure) { HttpStatusCode = failure.HttpStatusCode };
            }

            if (!more)
            {
                return default;
            }
        }
    }

    private global::System.Threading.Channels.Channel<Frame> NewQueue()
        => global::System.Threading.Channels.Channel.CreateBounded<Frame>(new global::System.Threading.Channels.BoundedChannelOptions(_capacity)
        {
            FullMode = global::System.Threading.Channels.BoundedChannelFullMode.Wait,
            SingleWriter = true,

            // A reader waiting for the next message goes on on the reading task's thread, as if it had read the
            // socket itself: no hop through the thread pool per message (the reading task waits for it meanwhile).
            AllowSynchronousContinuations = true,
        });

    private async global::System.Threading.Tasks.Task PumpAsync()
    {
        var token = _stop.Token;
        global::System.Exception? failure = null;
        var sizeHint = 4096;
        try
        {
            while (true)
            {
                // Sized after the last message, so that a stream of similar messages (audio chunks) takes one read each.
                var buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent(sizeHint);
                var length = 0;
                global::System.Net.WebSockets.ValueWebSocketReceiveResult result;
                try
                {
                    var tooBig = false;
                    while (true)
                    {
                        if (length == buffer.Length)
                        {
                            var larger = global::System.Buffers.ArrayPool<byte>.Shared.Rent((int)global::System.Math.Min(_maxMessageBytes, (long)buffer.Length * 2));
                            global::System.Buffer.BlockCopy(buffer, 0, larger, 0, length);
                            global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        // Never more than the limit: a message that has it all and does not end is too large.
                        var room = (int)global::System.Math.Min(buffer.Length - length, _maxMessageBytes - length);
                        result = await _socket.ReceiveAsync(new global::System.Memory<byte>(buffer, length, room), token).ConfigureAwait(false);
                        length += result.Count;
                        if (result.MessageType == global::System.Net.WebSockets.WebSocketMessageType.Close)
                        {
                            global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                            buffer = null!;
                            await AnswerCloseAsync().ConfigureAwait(false);
                            var status = _socket.CloseStatus;
                            if (status is not null and not global::System.Net.WebSockets.WebSocketCloseStatus.NormalClosure)
                            {
                                failure = new __P__RealtimeException("The server closed the connection with " + (int)status.Value + " (" + status.Value + ")" + (string.IsNullOrEmpty(_socket.CloseStatusDescription) ? "." : ": " + __P__RealtimeException.Clean(_socket.CloseStatusDescription)), status, _socket.CloseStatusDescription);
                            }

                            return;
                        }

                        if (result.EndOfMessage)
                        {
                            break;
                        }

                        if (length >= _maxMessageBytes)
                        {
                            tooBig = true;
                            break;
                        }
                    }

                    if (tooBig)
                    {
                        global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null!;
                        failure = new __P__RealtimeException("A message was larger than the " + _maxMessageBytes + " bytes allowed (the options' MaxRealtimeMessageBytes); the connection was closed.", global::System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig);
                        await CloseQuietlyAsync(global::System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig).ConfigureAwait(false);
                        return;
                    }
                }
                catch
                {
                    if (buffer is not null)
                    {
                        global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    }

                    throw;
                }

                sizeHint = (int)global::System.Math.Min(global::System.Math.Max(4096, length + 1), _maxMessageBytes);
                var frame = Classify(buffer, length, out var route);
                global::System.Threading.Channels.Channel<Frame>? target = _queue;
                if (route is not null)
                {
                    lock (_views)
                    {
                        if (_views.TryGetValue(route, out var view))
                        {
                            target = view;
                        }
                        else if (_closedViews.Contains(route))
                        {
                            target = null;
                        }
                    }
                }
                else if (frame.Kind >= 0 && _route >= 0 && IsErrorKind(frame.Kind))
                {
                    Broadcast(frame);
                }

                if (target is null)
                {
                    frame.Return();
                    continue;
                }

                try
                {
                    await target.Writer.WriteAsync(frame, token).ConfigureAwait(false);
                }
                catch (global::System.Threading.Channels.ChannelClosedException)
                {
                    // The view was closed while the message was on its way: nobody reads it.
                    frame.Return();
                }
                catch
                {
                    frame.Return();
                    throw;
                }
            }
        }
        catch (global::System.OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (global::System.Net.WebSockets.WebSocketException ex)
        {
            failure = new __P__RealtimeException("The connection dropped (" + ex.WebSocketErrorCode + ").", _socket.CloseStatus, _socket.CloseStatusDescription);
        }
        catch (global::System.Exception ex)
        {
            failure = new __P__RealtimeException("Reading the connection failed: " + ex.GetType().Name + ".", _socket.CloseStatus, _socket.CloseStatusDescription);
        }
        finally
        {
            // Completed outside the lock: a reader goes on on this thread, and may open or dispose a view.
            global::System.Threading.Channels.Channel<Frame>[] views;
            lock (_views)
            {
                _completed = true;
                views = global::System.Linq.Enumerable.ToArray(_views.Values);
                _views.Clear();
            }

            _queue.Writer.TryComplete(failure);
            foreach (var view in views)
            {
                view.Writer.TryComplete(failure);
            }
        }
    }

    /// <summary>A copy of an error message without a routing value for every open view; a full view does not get it (nothing waits).</summary>
    private void Broadcast(Frame frame)
    {
        global::System.Threading.Channels.Channel<Frame>[] views;
        lock (_views)
        {
            if (_views.Count == 0)
            {
                return;
            }

            views = global::System.Linq.Enumerable.ToArray(_views.Values);
        }

        foreach (var view in views)
        {
            var copy = global::System.Buffers.ArrayPool<byte>.Shared.Rent(global::System.Math.Max(frame.Length, 1));
            global::System.Buffer.BlockCopy(frame.Buffer, 0, copy, 0, frame.Length);
            if (!view.Writer.TryWrite(new Frame(copy, frame.Length, frame.Kind)))
            {
                global::System.Buffers.ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    private Frame Classify(byte[] buffer, int length, out string? route) => new(buffer, length, Kind(new global::System.ReadOnlySpan<byte>(buffer, 0, length), out route));

    /// <summary>The message kind of <paramref name="json"/>: the first whose required names it has, or -1; and its routing value.</summary>
    private int Kind(global::System.ReadOnlySpan<byte> json, out string? route)
    {
        route = null;
        var wantRoute = false;
        if (_route >= 0)
        {
            lock (_views)
            {
                wantRoute = _views.Count > 0 || _closedViews.Count > 0;
            }
        }

        // The top-level names, found by a scan that skips string values with a vectorized search; anything it does not
        // expect (an escaped name, a nested value, malformed text) is left to Utf8JsonReader.
        if (!QuickNames(json, wantRoute, out var seen, out var routeValue))
        {
            seen = 0;
            routeValue = default;
            try
            {
                var reader = new __j.Utf8JsonReader(json, new __j.JsonReaderOptions { MaxDepth = 64 });
                if (!reader.Read() || reader.TokenType != __j.JsonTokenType.StartObject)
                {
                    return -1;
                }

                while (reader.Read() && reader.TokenType == __j.JsonTokenType.PropertyName)
                {
                    var index = NameIndex(ref reader);
                    reader.Read();
                    if (index >= 0 && reader.TokenType != __j.JsonTokenType.Null)
                    {
                        seen |= 1UL << index;
                        if (index == _route && wantRoute && reader.TokenType == __j.JsonTokenType.String)
                        {
                            route = reader.GetString();
                        }
                    }

                    reader.Skip();
                }
            }
            catch (__j.JsonException)
            {
                return -1;
            }
        }
        else if (wantRoute && !routeValue.IsEmpty)
        {
            route = global::System.Text.Encoding.UTF8.GetString(routeValue);
        }

        for (var kind = 0; kind < _required.Length; kind++)
        {
            if ((seen & _required[kind]) == _required[kind])
            {
                return kind;
            }
        }

        return -1;
    }

    private int NameIndex(ref __j.Utf8JsonReader reader)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The bits of the known top-level names of a flat JSON object whose values are strings, numbers, booleans or null,
    /// and the raw value of the routing property when it is a plain string; false for anything else.
    /// </summary>
    private bool QuickNames(global::System.ReadOnlySpan<byte> json, bool wantRoute, out ulong seen, out global::System.ReadOnlySpan<byte> routeValue)
    {
        seen = 0;
        routeValue = default;
        var i = Space(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = Space(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return true;
        }

        while (i < json.Length)
        {
            if (json[i] != (byte)'"')
            {
                return false;
            }

            var nameEnd = global::System.MemoryExtensions.IndexOfAny(json.Slice(i + 1), (byte)'"', (byte)'\\');
            if (nameEnd < 0 || json[i + 1 + nameEnd] != (byte)'"')
            {
                return false;
            }

            var name = json.Slice(i + 1, nameEnd);
            var index = -1;
            for (var n = 0; n < _names.Length; n++)
            {
                if (global::System.MemoryExtensions.SequenceEqual(name, _names[n]))
                {
                    index = n;
                    break;
                }
            }

            i = Space(json, i + 2 + nameEnd);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = Space(json, i + 1);
            if (i >= json.Length)
            {
                return false;
            }

            var start = i;
            if (json[i] == (byte)'"')
            {
                // A string: its end is the first quote not escaped by a backslash.
                var j = i + 1;
                var escaped = false;
                while (true)
                {
                    var next = global::System.MemoryExtensions.IndexOfAny(json.Slice(j), (byte)'"', (byte)'\\');
                    if (next < 0)
                    {
                        return false;
                    }

                    j += next;
                    if (json[j] == (byte)'\\')
                    {
                        escaped = true;
                        j += 2;
                        if (j >= json.Length)
                        {
                            return false;
                        }

                        continue;
                    }

                    break;
                }

                if (index >= 0)
                {
                    seen |= 1UL << index;
                    if (index == _route && wantRoute)
                    {
                        if (escaped)
                        {
                            return false;
                        }

                        routeValue = json.Slice(start + 1, j - start - 1);
                    }
                }

                i = j + 1;
            }
            else if (json[i] is (byte)'{' or (byte)'[')
            {
                return false;
            }
            else
            {
                while (i < json.Length && json[i] is not ((byte)',' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    i++;
                }

                if (index >= 0 && json[start] != (byte)'n')
                {
                    seen |= 1UL << index;
                }
            }

            i = Space(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)'}')
            {
                return Space(json, i + 1) == json.Length;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = Space(json, i + 1);
        }

        return false;
    }

    private static int Space(global::System.ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>Decodes the base64 string <paramref name="property"/> of <paramref name="json"/> into <paramref name="destination"/>; -1 when it is not there.</summary>
    private static int DecodeBinary(global::System.ReadOnlySpan<byte> json, global::System.ReadOnlySpan<byte> property, global::System.Buffers.IBufferWriter<byte> destination)
    {
        var reader = new __j.Utf8JsonReader(json, new __j.JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != __j.JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read() && reader.TokenType == __j.JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(property);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != __j.JsonTokenType.String || reader.HasValueSequence)
            {
                return -1;
            }

            var text = reader.ValueSpan;
            byte[]? rented = null;
            if (reader.ValueIsEscaped)
            {
                rented = global::System.Buffers.ArrayPool<byte>.Shared.Rent(text.Length);
                text = new global::System.ReadOnlySpan<byte>(rented, 0, reader.CopyString(rented));
            }

            try
            {
                var span = destination.GetSpan(global::System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(text.Length));
                if (global::System.Buffers.Text.Base64.DecodeFromUtf8(text, span, out _, out var written) != global::System.Buffers.OperationStatus.Done)
                {
                    throw new __P__RealtimeException("A binary chunk was not valid base64.");
                }

                destination.Advance(written);
                return written;
            }
            finally
            {
                if (rented is not null)
                {
                    global::System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        return -1;
    }

    private async global::System.Threading.Tasks.Task AnswerCloseAsync()
    {
        if (_socket.State == global::System.Net.WebSockets.WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(global::System.TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(global::System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (global::System.Exception)
            {
            }
        }
    }

    private async global::System.Threading.Tasks.Task CloseQuietlyAsync(global::System.Net.WebSockets.WebSocketCloseStatus status)
    {
        try
        {
            using var timeout = global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(global::System.TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(status, null, timeout.Token).ConfigureAwait(false);
        }
        catch (global::System.Exception)
        {
        }
    }

    /// <summary>Closes the connection gracefully (a normal closure, waiting up to 5 s for the server's answer), then frees it.</summary>
    public async global::System.Threading.Tasks.ValueTask DisposeAsync()
    {
        if (global::System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Nobody reads any more: the queues are closed first, so that a reading task waiting for room goes on reading
        // the socket (and sees the server's close) instead of holding the close back until the wait ends.
        global::System.Threading.Channels.Channel<Frame>[] views;
        lock (_views)
        {
            views = global::System.Linq.Enumerable.ToArray(_views.Values);
        }

        foreach (var queue in global::System.Linq.Enumerable.Prepend(views, _queue))
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var frame))
            {
                frame.Return();
            }
        }

        try
        {
            if (_socket.State is global::System.Net.WebSockets.WebSocketState.Open or global::System.Net.WebSockets.WebSocketState.CloseReceived)
            {
                using var timeout = new global::System.Threading.CancellationTokenSource(global::System.TimeSpan.FromSeconds(5));
                await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await _socket.CloseOutputAsync(global::System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }

                // The pump reads on until the server's close arrives (or the wait ends).
                await global::System.Threading.Tasks.Task.WhenAny(_pump, global::System.Threading.Tasks.Task.Delay(global::System.Threading.Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
            }
        }
        catch (global::System.Exception)
        {
        }
        finally
        {
            _stop.Cancel();
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (global::System.Exception)
            {
            }

            _socket.Dispose();
            while (_queue.Reader.TryRead(out var frame))
            {
                frame.Return();
            }

            // Not while a send is writing into it (a send that started before the dispose ends first; the socket is gone).
            if (await _sendLock.WaitAsync(global::System.TimeSpan.FromSeconds(5)).ConfigureAwait(false))
            {
                _writer.Dispose();
                _sendLock.Release();
            }

            _stop.Dispose();
        }
    }

    /// <summary>One received message: its UTF-8 JSON in a pooled buffer, and its kind.</summary>
    internal readonly struct Frame
    {
        public Frame(byte[] buffer, int length, int kind)
        {
            Buffer = buffer;
            Length = length;
            Kind = kind;
        }

        public byte[] Buffer { get; }

        public int Length { get; }

        public int Kind { get; }

        public void Return()
        {
            if (Buffer is not null)
            {
                global::System.Buffers.ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }

    private sealed class PooledWriter : global::System.Buffers.IBufferWriter<byte>, global::System.IDisposable
    {
        private byte[] _buffer = global::System.Array.Empty<byte>();

        public int Written { get; private set; }

        public global::System.ReadOnlyMemory<byte> WrittenMemory => new(_buffer, 0, Written);

        public void Advance(int count) => Written += count;

        public global::System.Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new global::System.Memory<byte>(_buffer, Written, _buffer.Length - Written);
        }

        public global::System.Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new global::System.Span<byte>(_buffer, Written, _buffer.Length - Written);
        }

        private void Ensure(int sizeHint)
        {
            var need = Written + global::System.Math.Max(sizeHint, 1);
            if (need <= _buffer.Length)
            {
                return;
            }

            var larger = global::System.Buffers.ArrayPool<byte>.Shared.Rent(need);
            global::System.Buffer.BlockCopy(_buffer, 0, larger, 0, Written);
            Dispose();
            _buffer = larger;
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                global::System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = global::System.Array.Empty<byte>();
        }
    }

    /// <summary>Opens a client WebSocket: keep-alive, the credential headers, a connect timeout; failures without the address's query or the key.</summary>
    internal static async global::System.Threading.Tasks.Task<global::System.Net.WebSockets.ClientWebSocket> ConnectSocketAsync(global::System.Uri address, global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, string>> headers, global::System.TimeSpan keepAlive, global::System.TimeSpan timeout, global::System.Action<global::System.Net.WebSockets.ClientWebSocketOptions>? configure, global::System.Threading.CancellationToken cancellationToken)
    {
        var socket = new global::System.Net.WebSockets.ClientWebSocket();
        var shown = address.GetComponents(global::System.UriComponents.SchemeAndServer | global::System.UriComponents.Path, global::System.UriFormat.UriEscaped);
        try
        {
            socket.Options.KeepAliveInterval = keepAlive;
            socket.Options.CollectHttpResponseDetails = true;
            configure?.Invoke(socket.Options);
            foreach (var header in headers)
            {
                if (global::System.MemoryExtensions.IndexOfAny(global::System.MemoryExtensions.AsSpan(header.Value), '\r', '\n', '\0') >= 0)
                {
                    throw new global::System.FormatException("The " + header.Key + " header holds CR, LF or NUL, which cannot be sent.");
                }

                socket.Options.SetRequestHeader(header.Key, header.Value);
            }

            using var linked = global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout > global::System.TimeSpan.Zero && timeout != global::System.Threading.Timeout.InfiniteTimeSpan)
            {
                linked.CancelAfter(timeout);
            }

            try
            {
                await socket.ConnectAsync(address, linked.Token).ConfigureAwait(false);
            }
            catch (global::System.OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new __P__RealtimeException("Connecting to " + shown + " timed out after " + timeout.TotalSeconds.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " s.", innerException: new global::System.TimeoutException());
            }
            catch (global::System.Net.WebSockets.WebSocketException ex)
            {
                var status = (int)socket.HttpStatusCode;
                throw new __P__RealtimeException("Connecting to " + shown + " failed" + (status > 0 ? " with HTTP " + status : string.Empty) + " (" + ex.WebSocketErrorCode + ").") { HttpStatusCode = status > 0 ? status : null };
            }
            catch (global::System.Net.Http.HttpRequestException ex)
            {
                throw new __P__RealtimeException("Connecting to " + shown + " failed (" + ex.HttpRequestError + ").");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>
/// The messages of one context of a multi-context connection, as their own stream. Dispose it when the context is done:
/// its later messages are then dropped (until a view of the same id is opened again).
/// </summary>
/// <typeparam name="TMessage">The channel's message type.</typeparam>
[global::System.CodeDom.Compiler.GeneratedCode("VoiceAi.Generators", "0.1.0")]
public sealed class __P__RealtimeContext<TMessage> : global::System.IDisposable
    where TMessage : class
{
    private readonly __P__RealtimeConnection<TMessage> _connection;
    private readonly global::System.Threading.Channels.Channel<__P__RealtimeConnection<TMessage>.Frame> _queue;

    internal __P__RealtimeContext(__P__RealtimeConnection<TMessage> connection, string id, global::System.Threading.Channels.Channel<__P__RealtimeConnection<TMessage>.Frame> queue)
    {
        _connection = connection;
        Id = id;
        _queue = queue;
    }

    /// <summary>The context's id.</summary>
    public string Id { get; }

    /// <summary>The context's next message; null once the connection ended normally or the view was disposed.</summary>
    /// <exception cref="__P__RealtimeException">The connection ended otherwise, or the server sent an error for this context.</exception>
    public global::System.Threading.Tasks.ValueTask<TMessage?> ReceiveAsync(global::System.Threading.CancellationToken cancellationToken = default)
        => _connection.ReceiveFromAsync(_queue, cancellationToken);

    /// <summary>The context's next message; a binary chunk (audio) is decoded from base64 straight into <paramref name="binary"/>.</summary>
    public global::System.Threading.Tasks.ValueTask<__P__RealtimeReceipt<TMessage>> ReceiveAsync(global::System.Buffers.IBufferWriter<byte> binary, global::System.Threading.CancellationToken cancellationToken = default)
        => _connection.ReceiveFromAsync(_queue, binary ?? throw new global::System.ArgumentNullException(nameof(binary)), cancellationToken);

    /// <summary>The context's messages as they arrive, until the connection ends normally or the view is disposed.</summary>
    public global::System.Collections.Generic.IAsyncEnumerable<TMessage> ReadAllAsync(global::System.Threading.CancellationToken cancellationToken = default)
        => _connection.ReadAllFromAsync(_queue, cancellationToken);

    /// <summary>Stops routing the context's messages here; what was queued is dropped.</summary>
    public void Dispose() => _connection.CloseContext(Id, _queue);
}
