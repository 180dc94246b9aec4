using VoiceAi.Client.Tests.Conformance;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Conformance;

public sealed class SpotifyPrism : PrismServer
{
    protected override string Document => CorpusConformance.Spotify;
}

public sealed class OpenAiPrism : PrismServer
{
    protected override string Document => CorpusConformance.OpenAi;
}

public sealed class TwilioPrism : PrismServer
{
    protected override string Document => CorpusConformance.Twilio;
}

/// <summary>The corpus documents the conformance suite calls, and how it samples their operations.</summary>
internal static class CorpusConformance
{
    public static string Spotify => Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml");

    public static string OpenAi => Path.Combine(TestPaths.Shared, "specs", "openai", "openapi.yaml");

    public static string Twilio => Path.Combine(TestPaths.Shared, "specs", "twilio-api-v2010", "twilio_api_v2010.json");

    /// <summary>
    /// Every operation of <paramref name="must"/>, then operations spread evenly over the rest (in path order) until
    /// there are <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<OperationSpec> Sample(IReadOnlyList<OperationSpec> operations, int count, Func<OperationSpec, bool> must)
    {
        var ordered = operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.HttpMethod, StringComparer.Ordinal).ThenBy(o => o.MethodName, StringComparer.Ordinal).ToList();
        var chosen = ordered.Where(must).ToList();
        var rest = ordered.Where(o => !must(o)).ToList();
        var wanted = Math.Max(0, count - chosen.Count);
        for (var i = 0; i < wanted && rest.Count > 0; i++)
        {
            chosen.Add(rest[(int)((long)i * rest.Count / Math.Min(wanted, rest.Count)) % rest.Count]);
        }

        return chosen.Distinct().ToList();
    }
}

/// <summary>Every operation of Spotify's document through its generated client against Prism.</summary>
public class PrismSpotifyTests(SpotifyPrism prism, ITestOutputHelper output) : IClassFixture<SpotifyPrism>
{
    [Fact]
    public async Task Prism_accepts_every_call_of_every_operation()
    {
        var outcome = await PrismConformance.RunAsync("spotify", CorpusConformance.Spotify, prism, operations => operations, output);
        Assert.Equal(97, outcome.Operations);
        Assert.True(outcome.Rejected.Count == 0, string.Join("\n", outcome.Rejected));
        Assert.True(outcome.AcceptedAndRead >= 197 && outcome.Unread == 0, $"{outcome.AcceptedAndRead} calls accepted and read (197 expected), {outcome.Unread} not read");
        Assert.Contains("without credentials: HTTP 401", outcome.Refusal, StringComparison.Ordinal);
    }
}

/// <summary>OpenAI: every multipart and event-stream operation, and others spread over the document, at least 40.</summary>
public class PrismOpenAiTests(OpenAiPrism prism, ITestOutputHelper output) : IClassFixture<OpenAiPrism>
{
    /// <summary>Calls of the sample whose answer is read into the typed result (of 163 today).</summary>
    private const int OpenAiAcceptedAndRead = 105;

    [Fact]
    public async Task Prism_accepts_every_call_of_a_sample_with_the_multipart_and_event_stream_operations()
    {
        var outcome = await PrismConformance.RunAsync(
            "openai",
            CorpusConformance.OpenAi,
            prism,
            operations => CorpusConformance.Sample(operations, 45, o => o.Body?.Kind == BodyKind.Multipart || o.IsStreamingVariant || o.Response.Kind == ResponseKind.EventStream),
            output);
        Assert.True(outcome.Operations >= 40, outcome.Operations + " operations");
        Assert.True(outcome.Kinds.GetValueOrDefault("multipart") > 0 && outcome.Kinds.GetValueOrDefault("event-stream") > 0, string.Join(", ", outcome.Kinds));
        Assert.Equal(outcome.Kinds["event-stream"], outcome.EventStreamsRead);
        Assert.True(outcome.Rejected.Count == 0, string.Join("\n", outcome.Rejected));
        // Prism cannot mock OpenAI's event streams, and some answers it makes up break the document: those calls are
        // not counted. The floor is on the calls whose answer was read.
        Assert.True(outcome.AcceptedAndRead >= OpenAiAcceptedAndRead, $"{outcome.AcceptedAndRead} of {outcome.Calls} calls accepted and read ({OpenAiAcceptedAndRead} expected); not read: {outcome.UnmockedEvents} event streams Prism cannot mock, {outcome.InvalidMocks} answers of Prism's that break the document");
        Assert.Contains("without credentials: HTTP 401", outcome.Refusal, StringComparison.Ordinal);
    }
}

/// <summary>Twilio: a sample of its form-urlencoded operations, at least 40.</summary>
public class PrismTwilioTests(TwilioPrism prism, ITestOutputHelper output) : IClassFixture<TwilioPrism>
{
    [Fact]
    public async Task Prism_accepts_every_call_of_a_sample_of_form_operations()
    {
        var outcome = await PrismConformance.RunAsync(
            "twilio-api-v2010",
            CorpusConformance.Twilio,
            prism,
            operations => CorpusConformance.Sample(operations.Where(o => o.Body?.Kind == BodyKind.FormUrlEncoded).ToList(), 45, _ => false),
            output);
        Assert.True(outcome.Operations >= 40, outcome.Operations + " operations");
        Assert.Equal(outcome.Operations, outcome.Kinds.GetValueOrDefault("form"));
        Assert.True(outcome.Rejected.Count == 0, string.Join("\n", outcome.Rejected));
        Assert.True(outcome.AcceptedAndRead >= 120 && outcome.Unread == 0, $"{outcome.AcceptedAndRead} calls accepted and read (120 expected), {outcome.Unread} not read");
        Assert.Contains("without credentials: HTTP 401", outcome.Refusal, StringComparison.Ordinal);
    }
}

public sealed class BundledPrism : PrismServer
{
    protected override string Document => TestPaths.BundledDocument;
}

/// <summary>
/// Every one of the 50 operations of the bundled Voice AI document (the 3 exact ones and the 47 reconstructed ones:
/// JSON, multipart, binary answers), through a client generated from it, against Prism mocking it.
/// </summary>
public class PrismBundledAllOperationsTests(BundledPrism prism, ITestOutputHelper output) : IClassFixture<BundledPrism>
{
    [Fact]
    public async Task Prism_accepts_every_call_of_every_operation_of_the_bundled_document()
    {
        var outcome = await PrismConformance.RunAsync("voice-ai (bundled)", TestPaths.BundledDocument, prism, operations => operations, output);
        Assert.Equal(50, outcome.Operations);
        Assert.True(outcome.Kinds.GetValueOrDefault("multipart") > 0, string.Join(", ", outcome.Kinds));
        Assert.True(outcome.Rejected.Count == 0, string.Join("\n", outcome.Rejected));
        Assert.True(outcome.Unread == 0, $"{outcome.Unread} calls not read: {outcome.InvalidMocks} answers of Prism's that break the document, {outcome.UnmockedEvents} event streams");
        Assert.True(outcome.AcceptedAndRead >= 100, $"{outcome.AcceptedAndRead} of {outcome.Calls} calls accepted and read");
        Assert.Contains("without credentials: HTTP 401", outcome.Refusal, StringComparison.Ordinal);
    }
}
