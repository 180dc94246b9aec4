// The Voice AI client that VoiceAi.Generators generates from the bundled OpenAPI document, call by call.
// With VOICEAI_API_KEY set it calls https://dev.voice.ai (speech only: selecting a number would use your plan);
// without it, a local stand-in server on 127.0.0.1 answers.
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
    var number = await client.SelectPhoneNumberAsync(
        new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = PurchasePhoneNumberRequestProvider.Telnyx },
        cts.Token);
    Console.WriteLine($"SelectPhoneNumberAsync: {number.PhoneNumber} is {number.Status}");

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

Console.WriteLine(failures == 0 ? "Sample finished: every call behaved as documented." : $"Sample finished with {failures} unexpected result(s).");
return failures == 0 ? 0 : 1;
