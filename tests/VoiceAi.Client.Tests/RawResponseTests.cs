using System.Net;
using System.Text;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>…WithResponseAsync: the status, the headers and the typed body or error, without exceptions.</summary>
public class RawResponseTests
{
    [Fact]
    public async Task A_success_gives_the_status_the_headers_and_the_value()
    {
        var handler = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("""{"phone_number":"+1","status":"active"}""", Encoding.UTF8, "application/json") };
            response.Headers.TryAddWithoutValidation("X-Request-Id", "req-7");
            return response;
        });
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k" });

        var result = await client.SelectPhoneNumberWithResponseAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" });

        Assert.True(result.IsSuccess);
        Assert.Equal(201, result.StatusCode);
        Assert.Equal("req-7", result.Headers["X-Request-Id"].Single());
        Assert.Equal("active", result.Value!.Status);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task An_error_status_gives_the_typed_error_instead_of_throwing()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.PaymentRequired, """{"error":"plan_limit","detail":"Phone number limit reached."}""");
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k" });

        var result = await client.SelectPhoneNumberWithResponseAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" });

        Assert.False(result.IsSuccess);
        Assert.Equal(402, result.StatusCode);
        Assert.Null(result.Value);
        Assert.Equal("plan_limit", result.Error!.Error!.Error);
    }
}
