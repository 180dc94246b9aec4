using System.Net;
using System.Text;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>Success statuses with different schemas are all reachable: the method returns a result with the body of the status that came.</summary>
public class SuccessStatusTests
{
    private static UnionsClient Client(HttpStatusCode status, string? json)
        => new(new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(status)
        {
            Content = json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, "application/json"),
        })));

    [Fact]
    public async Task A_200_fills_its_own_property()
    {
        var result = await Client(HttpStatusCode.OK, """{"output":"done"}""").RunJobAsync();
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("done", result.Ok!.Output);
        Assert.Null(result.Accepted);
    }

    [Fact]
    public async Task A_202_with_another_schema_is_read_as_that_schema()
    {
        var result = await Client(HttpStatusCode.Accepted, """{"jobId":"j1"}""").RunJobAsync();
        Assert.Equal(202, result.StatusCode);
        Assert.Equal("j1", result.Accepted!.JobId);
        Assert.Null(result.Ok);
    }

    [Fact]
    public async Task A_204_is_a_success_with_no_body()
    {
        var result = await Client(HttpStatusCode.NoContent, null).RunJobAsync();
        Assert.Equal(204, result.StatusCode);
        Assert.Null(result.Ok);
        Assert.Null(result.Accepted);
    }

    [Fact]
    public async Task The_raw_variant_has_the_result_too()
    {
        var response = await Client(HttpStatusCode.Accepted, """{"jobId":"j2"}""").RunJobWithResponseAsync();
        Assert.Equal(202, response.StatusCode);
        Assert.Equal("j2", response.Value!.Accepted!.JobId);
    }
}
