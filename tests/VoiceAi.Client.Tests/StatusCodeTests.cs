using System.Net;
using System.Text;
using Statuses;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>
/// The most specific documented response is the one read (Documents/statuses.yaml): an exact code, else the range that
/// covers it (4XX, 5xx), else default, whatever order the document lists them in.
/// </summary>
public class StatusCodeTests
{
    private static StatusesClient Client(HttpStatusCode status, string json)
        => new(
            new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") })),
            new StatusesClientOptions { MaxRetries = 0 });

    private static async Task<StatusesApiException> Fails(HttpStatusCode status, string json)
        => await Assert.ThrowsAsync<StatusesApiException>(() => Client(status, json).GetThingAsync("t1"));

    [Fact]
    public async Task A_404_under_4XX_and_404_gets_the_404_type()
    {
        var error = await Fails(HttpStatusCode.NotFound, """{"missing":"t1"}""");
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("t1", Assert.IsType<NotFound>(error.Body).Missing);
    }

    [Fact]
    public async Task A_418_gets_the_4XX_type()
    {
        var error = await Fails((HttpStatusCode)418, """{"problem":"teapot"}""");
        Assert.Equal("teapot", Assert.IsType<ClientProblem>(error.Body).Problem);
    }

    [Fact]
    public async Task A_400_the_range_covers_gets_the_4XX_type()
    {
        var error = await Fails(HttpStatusCode.BadRequest, """{"problem":"bad"}""");
        Assert.Equal("bad", Assert.IsType<ClientProblem>(error.Body).Problem);
    }

    [Fact]
    public async Task A_500_gets_the_5xx_type_and_a_503_its_own()
    {
        var error = await Fails(HttpStatusCode.InternalServerError, """{"fault":"boom"}""");
        Assert.Equal("boom", Assert.IsType<ServerProblem>(error.Body).Fault);
        var unavailable = await Fails(HttpStatusCode.ServiceUnavailable, """{"missing":"later"}""");
        Assert.Equal("later", Assert.IsType<NotFound>(unavailable.Body).Missing);
    }

    [Fact]
    public async Task A_status_no_code_or_range_covers_gets_the_default_type()
    {
        var error = await Fails((HttpStatusCode)302, """{"detail":"moved"}""");
        Assert.Equal("moved", Assert.IsType<Other>(error.Body).Detail);
    }

    [Fact]
    public async Task A_201_under_2XX_and_201_is_read_as_the_201_body_and_a_202_as_the_range_s()
    {
        var created = await Client(HttpStatusCode.Created, """{"id":"t2"}""").CreateThingAsync();
        Assert.Equal(201, created.StatusCode);
        Assert.Equal("t2", created.Created!.Id);
        Assert.Null(created.Status2XX);

        var accepted = await Client(HttpStatusCode.Accepted, """{"ticket":"k1"}""").CreateThingAsync();
        Assert.Equal(202, accepted.StatusCode);
        Assert.Equal("k1", accepted.Status2XX!.Ticket);
        Assert.Null(accepted.Created);
    }

    [Fact]
    public async Task A_documented_204_without_a_body_answers_null_and_the_JSON_success_its_value()
    {
        var empty = new StatusesClient(new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent))), new StatusesClientOptions { MaxRetries = 0 });
        Thing? none = await empty.RefreshThingAsync("t1");
        Assert.Null(none);

        var refreshed = await Client(HttpStatusCode.OK, """{"id":"t1"}""").RefreshThingAsync("t1");
        Assert.Equal("t1", refreshed!.Id);
    }
}
