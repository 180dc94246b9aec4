using System.Net;
using System.Text;
using Forms;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>Hostile inputs and responses: request targets cannot be changed, headers cannot be injected, bodies are bounded.</summary>
public class HostileTests
{
    [Fact]
    public async Task A_path_parameter_cannot_change_the_request_target()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        await client.DeleteFileAsync("../admin?all=1#x");

        Assert.Equal("/files/..%2Fadmin%3Fall%3D1%23x", handler.Last.RequestUri!.AbsolutePath);
        Assert.Equal(string.Empty, handler.Last.RequestUri.Query);
    }

    [Fact]
    public async Task A_header_value_with_CR_or_LF_is_rejected_before_anything_is_sent()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = new FormsClient(new HttpClient(handler));

        await Assert.ThrowsAnyAsync<FormatException>(() => client.SearchAsync(xTrace: "a\r\nX-Injected: 1"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_error_body_is_read_up_to_1_MiB_and_the_message_up_to_512_characters()
    {
        var huge = new string('e', 5 * 1024 * 1024);
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent(huge, Encoding.UTF8, "text/plain") });
        var client = new FormsClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<FormsApiException>(() => client.DeleteFileAsync("x"));

        Assert.Equal(1024 * 1024 + 1, ex.ResponseBody!.Length); // 1 MiB and an ellipsis
        Assert.EndsWith("…", ex.ResponseBody, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 700, ex.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_response_nested_too_deeply_is_a_JsonException_not_a_crash()
    {
        var deep = "{\"id\":\"x\",\"extra\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var handler = RecordingHandler.Json(HttpStatusCode.OK, deep);
        var client = new FormsClient(new HttpClient(handler));

        await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => client.CreateChargeAsync(new CreateChargeRequest { Amount = 1 }));
    }
}

public class BasicAuthTests
{
    [Fact]
    public async Task Basic_auth_sends_the_username_and_password_and_never_shows_the_password()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new FormsClientOptions { Username = "AC123", Password = "s3cret" };
        var client = new FormsClient(new HttpClient(handler), options);

        await client.DeleteFileAsync("f1");

        Assert.Equal("Basic", handler.Last.Headers.Authorization!.Scheme);
        Assert.Equal("AC123:s3cret", Encoding.UTF8.GetString(Convert.FromBase64String(handler.Last.Headers.Authorization.Parameter!)));
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_alternative_security_requirements_only_the_first_one_whose_credentials_are_set_is_sent()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));

        // Both credentials set: the query key (listed first) and not the password as well.
        await new FormsClient(new HttpClient(handler), new FormsClientOptions { ApiKey = "k1", Username = "AC123", Password = "s3cret" }).GetReportAsync();
        Assert.Equal("/reports?api_key=k1", handler.Last.RequestUri!.PathAndQuery);
        Assert.Null(handler.Last.Headers.Authorization);

        // Only the account: basic auth, and no key in the URL.
        await new FormsClient(new HttpClient(handler), new FormsClientOptions { Username = "AC123", Password = "s3cret" }).GetReportAsync();
        Assert.Equal("/reports", handler.Last.RequestUri!.PathAndQuery);
        Assert.Equal("Basic", handler.Last.Headers.Authorization!.Scheme);
    }

    [Fact]
    public async Task An_operation_that_may_be_anonymous_sends_the_token_when_there_is_one_and_nothing_otherwise()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));

        await new FormsClient(new HttpClient(handler), new FormsClientOptions { ApiKey = "t1" }).GetSummaryAsync();
        Assert.Equal(("Bearer", "t1"), (handler.Last.Headers.Authorization!.Scheme, handler.Last.Headers.Authorization.Parameter));

        await new FormsClient(new HttpClient(handler), new FormsClientOptions()).GetSummaryAsync();
        Assert.Null(handler.Last.Headers.Authorization);
    }
}
