namespace VoiceAi.Client.Tests;

/// <summary>A read-only, non-seekable response body (so StreamContent sends no Content-Length).</summary>
public abstract class ReadOnlyTestStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A server that sends the headers and the first bytes of the body, then nothing more: reads wait until cancelled.</summary>
public sealed class StallingStream(byte[] head) : ReadOnlyTestStream
{
    private int _sent;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sent < head.Length)
        {
            var count = Math.Min(buffer.Length, head.Length - _sent);
            head.AsMemory(_sent, count).CopyTo(buffer);
            _sent += count;
            return count;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}

/// <summary>
/// A body made as it is read, never held whole: <paramref name="head"/>, then <paramref name="length"/> bytes of
/// <paramref name="pattern"/> repeated, then <paramref name="tail"/>. It counts the bytes read from it.
/// </summary>
public sealed class GeneratedStream(byte[] head, byte[] pattern, long length, byte[] tail) : ReadOnlyTestStream
{
    private readonly long _total = head.Length + length + tail.Length;

    public long BytesRead { get; private set; }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var span = buffer.Span;
        var written = 0;
        while (written < span.Length && BytesRead < _total)
        {
            ReadOnlySpan<byte> source;
            if (BytesRead < head.Length)
            {
                source = head.AsSpan((int)BytesRead);
            }
            else if (BytesRead < head.Length + length)
            {
                var offset = (BytesRead - head.Length) % pattern.Length;
                source = pattern.AsSpan((int)offset);
                source = source[..(int)Math.Min(source.Length, head.Length + length - BytesRead)];
            }
            else
            {
                source = tail.AsSpan((int)(BytesRead - head.Length - length));
            }

            var count = Math.Min(source.Length, span.Length - written);
            source[..count].CopyTo(span[written..]);
            written += count;
            BytesRead += count;
        }

        return new ValueTask<int>(written);
    }
}
