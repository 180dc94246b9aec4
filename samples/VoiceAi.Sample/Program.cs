// The Voice AI client that VoiceAi.Generators generates from the bundled OpenAPI document, call by call.
// With VOICEAI_API_KEY set it calls https://dev.voice.ai: speech, and besides it only read-only listings
// (selecting or releasing a number, creating an agent or cloning a voice would change your account and use your plan);
// without it, a local stand-in server on 127.0.0.1 answers, and the sample walks more of the API against it.
using System.Text.Json;
using System.Xml.Linq;
using VoiceAi;
using VoiceAi.Sample;

var apiKey = Environment.GetEnvironmentVariable("VOICEAI_API_KEY");
await using var standIn = string.IsNullOrEmpty(apiKey) ? await StandInServer.StartAsync() : null;
var options = new VoiceAiClientOptions { ApiKey = string.IsNullOrEmpty(apiKey) ? "stand-in-key" : apiKey };
if (standIn is not null)
{
    options.BaseAddress = standIn.Address;
    Console.WriteLine($"No VOICEAI_API_KEY: using the local stand-in server at {standIn.Address}");
}
else
{
    Console.WriteLine($"Calling {options.BaseAddress}");
}

using var http = new HttpClient();
IVoiceAiClient client = new VoiceAiClient(http, options);
using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var failures = 0;

if (standIn is not null)
{
    // Phone numbers: search, select one of the results, find it among the account's numbers, release it.
    var search = await client.SearchPhoneNumbersAsync(new SearchPhoneNumbersRequest { AreaCode = "415", Provider = "telnyx" }, cts.Token);
    Console.WriteLine($"SearchPhoneNumbersAsync: {search.TotalResults} number(s) in area code 415: {string.Join(", ", search.Results.Select(r => r.PhoneNumber))}");
    if (search.Results is [var offered, ..])
    {
        var number = await client.SelectPhoneNumberAsync(
            new PurchasePhoneNumberRequest { PhoneNumber = offered.PhoneNumber, Provider = PurchasePhoneNumberRequestProvider.Telnyx },
            cts.Token);
        Console.WriteLine($"SelectPhoneNumberAsync: {number.PhoneNumber} ({offered.Locality}, {offered.Region}) is {number.Status}");

        var owned = await client.GetAllPhoneNumbersAsync(page: 1, limit: 10, cancellationToken: cts.Token);
        Console.WriteLine($"GetAllPhoneNumbersAsync: page {owned.Pagination.CurrentPage}/{owned.Pagination.TotalPages}, {string.Join(", ", owned.Items.Select(n => $"{n.PhoneNumber} ({n.Status})"))}");
        if (!owned.Items.Any(n => n.PhoneNumber == number.PhoneNumber))
        {
            failures++;
            Console.WriteLine($"GetAllPhoneNumbersAsync: expected {number.PhoneNumber} among the account's numbers");
        }

        var released = await client.ReleasePhoneNumberAsync(
            new PurchasePhoneNumberRequest { PhoneNumber = number.PhoneNumber, Provider = PurchasePhoneNumberRequestProvider.Telnyx },
            cts.Token);
        var left = await client.GetAllPhoneNumbersAsync(cancellationToken: cts.Token);
        Console.WriteLine($"ReleasePhoneNumberAsync: {released.PhoneNumber} is {released.Status}; the account has {left.Pagination.TotalItems} number(s) left");
        if (left.Items.Any(n => n.PhoneNumber == number.PhoneNumber))
        {
            failures++;
            Console.WriteLine($"ReleasePhoneNumberAsync: {number.PhoneNumber} is still listed");
        }
    }
    else
    {
        failures++;
        Console.WriteLine("SearchPhoneNumbersAsync: expected at least one number, got none");
    }

    try
    {
        await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15550000402" }, cts.Token);
        failures++;
        Console.WriteLine("SelectPhoneNumberAsync: expected 402, got success");
    }
    catch (VoiceAiApiException e) when (e.StatusCode == 402)
    {
        Console.WriteLine($"SelectPhoneNumberAsync: typed error {e.StatusCode} {e.Error?.Code}: {e.Error?.Error}");
    }

    try
    {
        await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "" }, cts.Token);
        failures++;
        Console.WriteLine("SelectPhoneNumberAsync: expected 422, got success");
    }
    catch (VoiceAiApiException e) when (e.HTTPValidationError is { } validation)
    {
        Console.WriteLine($"SelectPhoneNumberAsync: typed validation error {e.StatusCode}: {validation.Detail?[0].Msg} at {string.Join(".", validation.Detail![0].Loc)}");
    }

    // Agents: create one (answered 201), then find it in the account's agents, one page at a time.
    var agent = await client.CreateNewAgentAsync(
        new CreateAgentRequest
        {
            Name = "Sample receptionist",
            Config = new PublicAgentConfig { Prompt = "You answer the phone for a small bakery.", Greeting = "Hello, this is the bakery. How can I help?" },
        },
        cts.Token);
    Console.WriteLine($"CreateNewAgentAsync: {agent.Name} is {agent.AgentId}, {agent.Status} (status code {agent.StatusCode}), greeting \"{agent.Config.Greeting}\"");

    var agents = await ListAgentsAsync(limit: 1);
    if (!agents.Any(a => a.AgentId == agent.AgentId))
    {
        failures++;
        Console.WriteLine($"ListUserAgentsAllAsync: expected {agent.AgentId} among the account's agents");
    }

    // Voices: clone one from a WAV sent as multipart/form-data; an empty file is turned away with a typed 422.
    var wav = TinyWav();
    var voice = await client.PostApiV1TtsCloneVoiceAsync(
        new PostApiV1TtsCloneVoiceRequest
        {
            File = VoiceAiFileContent.FromBytes(wav, "sample.wav", "audio/wav"),
            Name = "Sample voice",
            VoiceVisibility = VoiceResponseVoiceVisibility.Private,
            Language = PostApiV1TtsCloneVoiceRequestLanguage.En,
        },
        cts.Token);
    Console.WriteLine($"PostApiV1TtsCloneVoiceAsync: {wav.Length}-byte WAV sent as multipart/form-data, voice {voice.VoiceId} is {voice.Status}");

    try
    {
        await client.PostApiV1TtsCloneVoiceAsync(new PostApiV1TtsCloneVoiceRequest { File = VoiceAiFileContent.FromBytes([], "empty.wav", "audio/wav") }, cts.Token);
        failures++;
        Console.WriteLine("PostApiV1TtsCloneVoiceAsync: expected 422 for an empty file, got success");
    }
    catch (VoiceAiApiException e) when (e.HTTPValidationError is { } validation)
    {
        Console.WriteLine($"PostApiV1TtsCloneVoiceAsync: typed validation error {e.StatusCode}: {validation.Detail?[0].Msg} at {string.Join(".", validation.Detail![0].Loc)}");
    }

    // Pronunciation dictionaries: download one version as a PLS (W3C Pronunciation Lexicon) document, read as it streams in.
    var dictionaryId = Guid.Parse("3f0c9a52-7d1e-4b8a-9c61-2e5d8f4a7b10");
    await using (var download = await client.GetApiV1TtsPronunciationDictionariesByDictionaryIdByVersionDownloadAsync(dictionaryId, 3, cts.Token))
    {
        XNamespace pls = "http://www.w3.org/2005/01/pronunciation-lexicon";
        var lexicon = (await XDocument.LoadAsync(download.Content, LoadOptions.None, cts.Token)).Root;
        if (lexicon?.Name == pls + "lexicon")
        {
            var graphemes = lexicon.Elements(pls + "lexeme").Select(l => (string?)l.Element(pls + "grapheme"));
            Console.WriteLine($"GetApiV1TtsPronunciationDictionariesByDictionaryIdByVersionDownloadAsync: {download.ContentType}, PLS lexicon ({(string?)lexicon.Attribute(XNamespace.Xml + "lang")}) for {string.Join(", ", graphemes)}");
        }
        else
        {
            failures++;
            Console.WriteLine($"GetApiV1TtsPronunciationDictionariesByDictionaryIdByVersionDownloadAsync: expected a PLS lexicon, got <{lexicon?.Name}>");
        }
    }
}
else
{
    // The real service: only calls that read. A service that answers otherwise than the document says counts as a failure.
    try
    {
        await ListAgentsAsync(limit: 10);
    }
    catch (Exception e) when (e is VoiceAiApiException or JsonException)
    {
        failures++;
        Console.WriteLine($"ListUserAgentsAllAsync: {e.Message}");
    }

    try
    {
        var owned = await client.GetAllPhoneNumbersAsync(cancellationToken: cts.Token);
        Console.WriteLine($"GetAllPhoneNumbersAsync: {owned.Pagination.TotalItems} number(s){(owned.Items.Count > 0 ? ": " : "")}{string.Join(", ", owned.Items.Select(n => $"{n.PhoneNumber} ({n.Status})"))}");
    }
    catch (Exception e) when (e is VoiceAiApiException or JsonException)
    {
        failures++;
        Console.WriteLine($"GetAllPhoneNumbersAsync: {e.Message}");
    }
}

var output = Path.Combine(Path.GetTempPath(), "voiceai-sample.mp3");
var speech = new GenerateSpeechRequest { Text = "Hello from VoiceAi.Generators!", AudioFormat = AudioFormat.Mp3 };
VoiceAiBinaryResponse audio;
try
{
    audio = await client.GenerateSpeechAsync(speech, cancellationToken: cts.Token);
}
catch (VoiceAiApiException e) when (e.StatusCode == 503)
{
    // A POST is never sent again by the client on its own (the server may have acted on it): the caller decides.
    Console.WriteLine($"GenerateSpeechAsync: {e.StatusCode} after {StandInServer.SpeechRequests} attempt(s), not resent by the client; calling again");
    audio = await client.GenerateSpeechAsync(speech, cancellationToken: cts.Token);
}

await using (audio)
await using (var file = File.Create(output))
{
    await audio.Content.CopyToAsync(file, cts.Token);
    Console.WriteLine($"GenerateSpeechAsync: {audio.ContentType}, {file.Length} bytes written to {output}");
}

await using (var stream = await client.GenerateSpeechStreamAsync(new GenerateSpeechRequest { Text = "Streaming speech." }, cancellationToken: cts.Token))
{
    var buffer = new byte[8192];
    long total = 0;
    var reads = 0;
    int read;
    while ((read = await stream.Content.ReadAsync(buffer, cts.Token)) > 0)
    {
        total += read;
        reads++;
    }

    Console.WriteLine($"GenerateSpeechStreamAsync: {stream.ContentType}, {total} bytes in {reads} reads");
}

// Streamed speech over one WebSocket (the AsyncAPI channel /api/v1/tts/multi-stream): each context has its own voice and
// settings; a view of a context reads its messages while others run on the same socket. Audio is decoded from base64
// straight into a buffer writer. Against the real service one short context; against the stand-in two, interleaved.
{
    var contexts = standIn is null ? new[] { ("hello", "Hello from the Voice AI realtime client.") } : new[] { ("greeting", "Hello there, and welcome."), ("question", "How can I help you today?") };
    await using var tts = await client.ConnectMultiStreamAsync(cts.Token);
    var started = System.Diagnostics.Stopwatch.StartNew();
    var views = contexts.Select(c => tts.ForContext(c.Item1)).ToList();
    foreach (var (id, text) in contexts)
    {
        await tts.SendInitMultiAsync(new InitMessageMulti { ContextId = id, Text = text, AudioFormat = InitMessageMultiAudioFormat.Pcm16000, Flush = true }, cts.Token);
    }

    var results = await Task.WhenAll(views.Select(async view =>
    {
        var audio = new System.Buffers.ArrayBufferWriter<byte>();
        TimeSpan? first = null;
        var chunks = 0;
        while (true)
        {
            var receipt = await view.ReceiveAsync(audio, cts.Token);
            if (!receipt.Received || receipt.Message?.IsCompletionMessageMulti == true)
            {
                break;
            }

            if (receipt.IsBinary)
            {
                first ??= started.Elapsed;
                chunks++;
            }
        }

        return (view.Id, chunks, Bytes: audio.WrittenCount, First: first);
    }));

    foreach (var (id, chunks, bytes, first) in results)
    {
        Console.WriteLine($"ConnectMultiStreamAsync: context {id}: {chunks} audio chunk(s), {bytes} bytes, first chunk after {first?.TotalMilliseconds:F0} ms");
        if (chunks == 0)
        {
            failures++;
        }
    }

    foreach (var view in views)
    {
        await tts.CloseContextMultiAsync(new CloseContextMulti { ContextId = view.Id, CloseContext = true }, cts.Token);
        var closed = await view.ReceiveAsync(cts.Token);
        Console.WriteLine($"CloseContextMultiAsync: {view.Id} closed: {closed?.AsContextClosedMessageMulti?.ContextClosed == true}");
        view.Dispose();
    }

    await tts.CloseSocketMultiAsync(new CloseSocketMulti { CloseSocket = true }, cts.Token);
    Console.WriteLine($"CloseSocketMultiAsync: the server closed with {(int?)(await tts.ReceiveAsync(cts.Token) is null ? tts.CloseStatus : null)}");
}

Console.WriteLine(failures == 0 ? "Sample finished: every call behaved as documented." : $"Sample finished with {failures} unexpected result(s).");
return failures == 0 ? 0 : 1;

// The account's agents: ListUserAgentsAllAsync follows the pages itself (the next page while pagination.has_next), each
// fetched when the one before has been read; AsPages() hands over the pages, with their metadata.
async Task<List<Agent>> ListAgentsAsync(int limit)
{
    var agents = new List<Agent>();
    await foreach (var agent in client.ListUserAgentsAllAsync(limit: limit, cancellationToken: cts.Token))
    {
        agents.Add(agent);
    }

    var pages = 0;
    PaginationMeta? meta = null;
    await foreach (var page in client.ListUserAgentsAllAsync(limit: limit, cancellationToken: cts.Token).AsPages(cts.Token))
    {
        pages++;
        meta = page.Pagination;
    }

    Console.WriteLine($"ListUserAgentsAllAsync: {agents.Count} agent(s) over {pages} page(s) of {meta?.Limit}{(agents.Count > 0 ? ": " : "")}{string.Join(", ", agents.Select(a => $"{a.Name} ({a.Status})"))}");
    if (meta is not null && agents.Count != meta.TotalItems)
    {
        failures++;
        Console.WriteLine($"ListUserAgentsAllAsync: the pages say {meta.TotalItems} agent(s)");
    }

    return agents;
}

// A tiny but valid WAV file: the 44-byte RIFF header of 16-bit mono PCM at 8 kHz, then 10 ms (80 samples) of a 440 Hz tone.
static byte[] TinyWav()
{
    const int sampleRate = 8000, samples = 80;
    var stream = new MemoryStream();
    using (var writer = new BinaryWriter(stream))
    {
        writer.Write("RIFF"u8);
        writer.Write(36 + samples * 2);   // the size of what follows
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16);                  // the size of the fmt chunk
        writer.Write((short)1);            // PCM
        writer.Write((short)1);            // mono
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);      // bytes per second
        writer.Write((short)2);            // bytes per frame
        writer.Write((short)16);           // bits per sample
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(2 * Math.PI * 440 * i / sampleRate) * 8000));
        }
    }

    return stream.ToArray();
}
