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

    [Fact]
    public async Task A_call_without_a_value_gives_the_status_and_headers_of_a_204_and_the_typed_error_of_a_404()
    {
        var deleted = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.NoContent);
            response.Headers.TryAddWithoutValidation("X-Request-Id", "req-9");
            return response;
        });
        var ok = await new Forms.FormsClient(new HttpClient(deleted)).DeleteFileWithResponseAsync("f1");

        Assert.True(ok.IsSuccess);
        Assert.Equal(204, ok.StatusCode);
        Assert.Equal("req-9", ok.Headers["X-Request-Id"].Single());
        Assert.Null(ok.Value);
        Assert.Null(ok.Error);

        var missing = RecordingHandler.Json(HttpStatusCode.NotFound, """{"id":"f1"}""");
        var failed = await new Forms.FormsClient(new HttpClient(missing)).DeleteFileWithResponseAsync("f1");

        Assert.False(failed.IsSuccess);
        Assert.Equal(404, failed.StatusCode);
        Assert.Null(failed.Value);
        Assert.Equal("f1", failed.Error!.GetBody<Forms.Uploaded>()!.Id);
    }
}
