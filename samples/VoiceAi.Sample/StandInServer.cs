using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceAi.Sample;

/// <summary>
/// A local stand-in for https://dev.voice.ai, on 127.0.0.1 and a free port, for running the sample without an API key.
/// It answers the three operations of the document the way the documentation describes, errors included.
/// </summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(WebApplication app) => _app = app;

    private static int _speechRequests;

    public Uri Address => new(_app.Urls.First());

    /// <summary>How many speech requests reached the server (the first one is answered 503 with Retry-After).</summary>
    public static int SpeechRequests => _speechRequests;

    public static async Task<StandInServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        app.MapPost("/api/v1/agent/select-phone-number", async (HttpContext context) =>
        {
            if (!IsAuthorized(context))
            {
                return Error(401, "Invalid or missing API key");
            }

            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var number = body.RootElement.TryGetProperty("phone_number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (string.IsNullOrEmpty(number))
            {
                return Results.Text("""{"detail":[{"loc":["body","phone_number"],"msg":"Field required","type":"missing"}]}""", "application/json", Encoding.UTF8, 422);
            }

            if (number.EndsWith("0402", StringComparison.Ordinal))
            {
                return Error(402, "Phone number limit reached. Upgrade your plan or release an existing number.", "plan_limit");
            }

            return Results.Text($$"""{"phone_number":"{{number}}","status":"active"}""", "application/json", Encoding.UTF8, 200);
        });

        app.MapPost("/api/v1/tts/speech", async (HttpContext context) =>
        {
            if (!IsAuthorized(context))
            {
                return Error(401, "Invalid or missing API key");
            }

            await context.Request.Body.CopyToAsync(Stream.Null);

            // The first speech request of the run is turned away (busy, come back at once): the client does not resend a POST, the sample calls again.
            if (Interlocked.Increment(ref _speechRequests) == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Error(503, "Busy, try again");
            }

            return Results.Bytes(FakeMp3(32 * 1024), "audio/mpeg");
        });

        app.MapPost("/api/v1/tts/speech/stream", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "audio/mpeg";
            for (var chunk = 0; chunk < 5; chunk++)
            {
                await context.Response.Body.WriteAsync(FakeMp3(4096));
                await context.Response.Body.FlushAsync();
                await Task.Delay(50);
            }
        });

        await app.StartAsync();
        return new StandInServer(app);
    }

    private static bool IsAuthorized(HttpContext context)
        => context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);

    private static IResult Error(int status, string error, string? code = null)
        => Results.Text(JsonSerializer.Serialize(new Dictionary<string, string?> { ["error"] = error, ["code"] = code }, SampleJson.Default.DictionaryStringString), "application/json", Encoding.UTF8, status);

    private static byte[] FakeMp3(int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xFB;
        return bytes;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class SampleJson : System.Text.Json.Serialization.JsonSerializerContext;
