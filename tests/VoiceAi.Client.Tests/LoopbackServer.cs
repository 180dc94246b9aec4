using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VoiceAi.Client.Tests;

/// <summary>
/// A minimal HTTP/1.1 server on loopback (one request per connection, then closed) that records each request's headers
/// and answers with a status, a JSON body and an optional Location. For tests that need a real socket between hosts.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, (int Status, string Body, string? Location)> _answer;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackServer(Func<string, (int Status, string Body, string? Location)> answer, string host = "localhost")
    {
        _answer = answer;
        _listener.Start();
        Address = "http://" + host + ":" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/";
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The server's address, with a trailing slash.</summary>
    public string Address { get; }

    /// <summary>The headers of each request, in order (names case-insensitive).</summary>
    public List<Dictionary<string, string>> Headers { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using (connection)
            {
                var stream = connection.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024 && await stream.ReadAsync(buffer, _stop.Token) == 1)
                {
                    head.Append((char)buffer[0]);
                }

                var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }

                lock (Headers)
                {
                    Headers.Add(headers);
                }

                var (status, body, location) = _answer(lines.Length > 0 ? lines[0] : string.Empty);
                var bytes = Encoding.UTF8.GetBytes(body);
                var response = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.Length + "\r\nConnection: close\r\n"
                    + (location is null ? string.Empty : "Location: " + location + "\r\n") + "\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
