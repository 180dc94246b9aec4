using VoiceAi;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Client.Tests.Conformance;

/// <summary>
/// Every operation of the bundled Voice AI document, called through the generated client against Prism: once with only
/// the required values and then with every optional value set (each enum member at least once). Prism must accept every
/// request, and its generated answers must read back into the typed results.
/// </summary>
public class PrismBundledDocumentTests(VoiceAiPrism prism, ITestOutputHelper output) : IClassFixture<VoiceAiPrism>
{
    private VoiceAiClient Client => new(new HttpClient { BaseAddress = prism.Address }, new VoiceAiClientOptions { ApiKey = "sk-prism", RetryDelay = TimeSpan.Zero });

    [Fact]
    public async Task Prism_accepts_every_call_of_every_operation()
    {
        var calls = new List<(string Operation, Func<Task> Call)>();
        var client = Client;

        calls.Add(("select-phone-number (required only)", async () => Assert.NotNull((await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567" })).Status)));
        foreach (var provider in PurchasePhoneNumberRequestProvider.KnownValues)
        {
            calls.Add(($"select-phone-number (provider {provider})", async () => Assert.NotNull((await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = provider })).PhoneNumber)));
        }

        foreach (var (name, speak) in new (string, Func<GenerateSpeechRequest, Task<VoiceAiBinaryResponse>>)[]
        {
            ("speech", r => client.GenerateSpeechAsync(r)),
            ("speech/stream", r => client.GenerateSpeechStreamAsync(r)),
        })
        {
            calls.Add(($"{name} (required only)", () => Read(speak(new GenerateSpeechRequest { Text = "Hello" }))));
            var models = GenerateSpeechRequestModel.KnownValues;
            var languages = GenerateSpeechRequestLanguage.KnownValues;
            var formats = AudioFormat.KnownValues;
            for (var i = 0; i < Math.Max(formats.Count, Math.Max(models.Count, languages.Count)); i++)
            {
                var request = new GenerateSpeechRequest
                {
                    Text = "Hello",
                    VoiceId = "voice-1",
                    AudioFormat = formats[i % formats.Count],
                    Temperature = 1.5,
                    TopP = 0.5,
                    Model = models[i % models.Count],
                    Language = languages[i % languages.Count],
                    DictionaryId = "dict-1",
                    DictionaryVersion = 2,
                };
                calls.Add(($"{name} (all values, {request.AudioFormat}, {request.Model}, {request.Language})", () => Read(speak(request))));
            }
        }

        var rejected = new List<string>();
        foreach (var (operation, call) in calls)
        {
            try
            {
                await call();
            }
            catch (VoiceAiApiException e)
            {
                rejected.Add($"{operation}: HTTP {e.StatusCode}: {e.ResponseBody}");
            }
        }

        output.WriteLine($"| bundled Voice AI document | 3 operations | {calls.Count} calls | {calls.Count - rejected.Count} accepted | {rejected.Count} rejected |");
        Assert.True(rejected.Count == 0, string.Join("\n", rejected));
    }

    [Fact]
    public async Task Prism_rejects_what_the_document_forbids_so_the_checks_above_mean_something()
    {
        var client = new VoiceAiClient(new HttpClient { BaseAddress = prism.Address }, new VoiceAiClientOptions { ApiKey = null, MaxRetries = 0 });
        var previous = Environment.GetEnvironmentVariable("VOICEAI_API_KEY");
        Environment.SetEnvironmentVariable("VOICEAI_API_KEY", null);
        try
        {
            var e = await Assert.ThrowsAsync<VoiceAiApiException>(() => client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" }));
            Assert.Equal(401, e.StatusCode); // no credentials

            var authorized = Client;
            var invalid = await Assert.ThrowsAsync<VoiceAiApiException>(() => authorized.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1", Provider = new PurchasePhoneNumberRequestProvider("vonage") }));
            Assert.Equal(422, invalid.StatusCode); // a provider the document does not list
        }
        finally
        {
            Environment.SetEnvironmentVariable("VOICEAI_API_KEY", previous);
        }
    }

    private static async Task Read(Task<VoiceAiBinaryResponse> call)
    {
        await using var audio = await call;
        Assert.StartsWith("audio/", audio.ContentType, StringComparison.Ordinal);
        using var copy = new MemoryStream();
        await audio.Content.CopyToAsync(copy);
    }
}
