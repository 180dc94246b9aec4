using System.Net;
using System.Net.Sockets;
using System.Text;
using VoiceAi;

// A native binary that calls the generated clients against a local HTTP server (a TcpListener with canned answers)
// and checks what it gets back. Exit code 0 when every check holds.
var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
var port = ((IPEndPoint)listener.LocalEndpoint).Port;
var server = Task.Run(() => Serve(listener));
var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
var failures = new List<string>();

void Check(bool condition, string what)
{
    Console.WriteLine((condition ? "ok   " : "FAIL ") + what);
    if (!condition)
    {
        failures.Add(what);
    }
}

var client = new VoiceAiClient(http, new VoiceAiClientOptions { ApiKey = "sk-aot" });
var purchased = await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = PurchasePhoneNumberRequestProvider.Telnyx });
Check(purchased.PhoneNumber == "+15551234567" && purchased.Status == "active", "JSON request and response through generated converters");

try
{
    await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "limit" });
    Check(false, "typed 402");
}
catch (VoiceAiApiException e)
{
    Check(e.StatusCode == 402 && e.Error?.Error == "plan_limit", "typed 402 error body");
}

await using (var audio = await client.GenerateSpeechAsync(new GenerateSpeechRequest { Text = "hi", AudioFormat = AudioFormat.Mp3 }))
{
    using var copy = new MemoryStream();
    await audio.Content.CopyToAsync(copy);
    Check(audio.ContentType == "audio/mpeg" && copy.Length == 4096, "binary audio stream");
}

var holder = System.Text.Json.JsonSerializer.Deserialize("""{"pet":{"pet_type":"dog","bark":"woof"},"shape":{"side":2},"loc":["a",1],"extra":{"k":[1,2]}}""", Unions.UnionsJson.Default.Holder)!;
Check(holder.Pet!.IsDog && holder.Shape!.IsSquare && holder.Loc![1].AsInteger == 1 && holder.AdditionalProperties!.ContainsKey("extra"), "unions and unknown properties");
var provider = System.Text.Json.JsonSerializer.Deserialize("\"vonage\"", VoiceAiJson.Default.PurchasePhoneNumberRequestProvider);
Check(!provider.IsKnown && System.Text.Json.JsonSerializer.Serialize(provider, VoiceAiJson.Default.PurchasePhoneNumberRequestProvider) == "\"vonage\"", "unknown enum value kept");

var forms = new Forms.FormsClient(http);
var charge = await forms.CreateChargeAsync(new Forms.CreateChargeRequest { Amount = 5, Metadata = new Dictionary<string, string> { ["a"] = "b" } });
Check(charge.Id == "form:amount=5&metadata%5Ba%5D=b", "form-urlencoded body");
var upload = await forms.UploadFileAsync(new Forms.Upload { File = Forms.FormsFileContent.FromBytes([1, 2, 3], "f.bin"), Purpose = Forms.UploadPurpose.Assistants });
Check(upload.Id?.StartsWith("multipart:", StringComparison.Ordinal) == true, "multipart body");

// One WebSocket exchange through the realtime client (the bundled AsyncAPI document): init with flush, two audio
// chunks decoded from base64, the completion, the server's normal close.
var socketListener = new TcpListener(IPAddress.Loopback, 0);
socketListener.Start();
var socketServer = Task.Run(() => ServeSocket(socketListener));
var realtime = new VoiceAiClient(new HttpClient(), new VoiceAiClientOptions { ApiKey = "sk-aot", BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)socketListener.LocalEndpoint).Port}") });
await using (var tts = await realtime.ConnectStreamAsync())
{
    await tts.SendInitSingleAsync(new InitMessageSingle { Text = "hi", Flush = true, AudioFormat = InitMessageMultiAudioFormat.Pcm16000 });
    var bytes = 0;
    var completed = false;
    await foreach (var message in tts.ReadAllAsync())
    {
        bytes += message.AsAudioChunkSingle?.Audio.Length ?? 0;
        completed |= message.AsCompletionMessageSingle?.IsLast == true;
    }

    Check(bytes == 6 && completed && tts.CloseStatus == System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "realtime WebSocket exchange");
}

Check(await socketServer == "Bearer sk-aot|{\"text\":\"hi\",\"audio_format\":\"pcm_16000\",\"flush\":true}", "realtime upgrade and sent message: " + socketServer.Result);
socketListener.Stop();

listener.Stop();
Console.WriteLine(failures.Count == 0 ? "AOT check passed" : $"AOT check failed: {failures.Count}");
return failures.Count == 0 ? 0 : 1;

// A WebSocket server over a TcpListener: the upgrade by hand, then the framework's server-side WebSocket.
static async Task<string> ServeSocket(TcpListener listener)
{
    using var connection = await listener.AcceptTcpClientAsync();
    var stream = connection.GetStream();
    var head = new StringBuilder();
    var one = new byte[1];
    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
    {
        head.Append((char)one[0]);
    }

    var headers = head.ToString().Split("\r\n").Skip(1).Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
    var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n"));
    using var socket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new System.Net.WebSockets.WebSocketCreationOptions { IsServer = true });
    var buffer = new byte[4096];
    var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
    var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
    foreach (var reply in new[] { """{"audio":"AQID"}""", """{"audio":"BAUG"}""", """{"is_last":true}""" })
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(reply), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
    }

    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    return headers.GetValueOrDefault("Authorization") + "|" + text;
}

static async Task Serve(TcpListener listener)
{
    while (true)
    {
        TcpClient connection;
        try
        {
            connection = await listener.AcceptTcpClientAsync();
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            using (connection)
            {
                var stream = connection.GetStream();
                while (await ReadRequest(stream) is { } request)
                {
                    var (status, type, body) = Answer(request.Line, request.Body);
                    var head = $"HTTP/1.1 {status} X\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(body);
                }
            }
        });
    }
}

static (int Status, string Type, byte[] Body) Answer(string line, string body)
{
    const string Json = "application/json";
    if (line.StartsWith("POST /api/v1/agent/select-phone-number ", StringComparison.Ordinal))
    {
        return body.Contains("\"limit\"", StringComparison.Ordinal)
            ? (402, Json, Encoding.UTF8.GetBytes("""{"error":"plan_limit","detail":"Phone number limit reached."}"""))
            : (200, Json, Encoding.UTF8.GetBytes("""{"phone_number":"+15551234567","status":"active"}"""));
    }

    if (line.StartsWith("POST /api/v1/tts/speech ", StringComparison.Ordinal))
    {
        return (200, "audio/mpeg", new byte[4096]);
    }

    if (line.StartsWith("POST /charges", StringComparison.Ordinal))
    {
        return (200, Json, Encoding.UTF8.GetBytes("{\"id\":\"form:" + body + "\"}"));
    }

    if (line.StartsWith("POST /files", StringComparison.Ordinal))
    {
        return (200, Json, Encoding.UTF8.GetBytes(body.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"f.bin\"", StringComparison.Ordinal) ? "{\"id\":\"multipart:ok\"}" : "{\"id\":\"missing\"}"));
    }

    return (404, Json, Encoding.UTF8.GetBytes("""{"error":"not_found"}"""));
}

static async Task<(string Line, string Body)?> ReadRequest(NetworkStream stream)
{
    var header = new StringBuilder();
    var buffer = new byte[1];
    while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
    {
        if (await stream.ReadAsync(buffer) == 0)
        {
            return null;
        }

        header.Append((char)buffer[0]);
    }

    var lines = header.ToString().Split("\r\n");
    string? Header(string name) => lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();
    if (Header("Transfer-Encoding") == "chunked")
    {
        // JsonContent streams its body: chunk size line, chunk, CRLF, … until a zero-size chunk.
        var chunked = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLine(stream);
            var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
            var chunk = new byte[size + 2];
            var got = 0;
            while (got < chunk.Length)
            {
                got += await stream.ReadAsync(chunk.AsMemory(got));
            }

            if (size == 0)
            {
                break;
            }

            chunked.Write(chunk, 0, size);
        }

        return (lines[0], Encoding.UTF8.GetString(chunked.ToArray()));
    }

    var length = Header("Content-Length") is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    var body = new byte[length];
    var read = 0;
    while (read < length)
    {
        var n = await stream.ReadAsync(body.AsMemory(read));
        if (n == 0)
        {
            break;
        }

        read += n;
    }

    return (lines[0], Encoding.UTF8.GetString(body, 0, read));
}

static async Task<string> ReadLine(NetworkStream stream)
{
    var line = new StringBuilder();
    var buffer = new byte[1];
    while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) > 0)
    {
        line.Append((char)buffer[0]);
    }

    return line.ToString().TrimEnd();
}
