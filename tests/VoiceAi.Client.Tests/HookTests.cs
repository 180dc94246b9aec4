using System.Net;
using Unions;
using Xunit;

namespace Unions
{
    // A user's half of the partial client: hooks around each attempt.
    public sealed partial class UnionsClient
    {
        public List<int> Statuses { get; } = [];

        partial void OnBeforeSend(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("X-Trace-Id", "trace-1");

        partial void OnAfterReceive(HttpResponseMessage response) => Statuses.Add((int)response.StatusCode);
    }
}

namespace VoiceAi.Client.Tests
{
    public class HookTests
    {
        [Fact]
        public async Task The_partial_hooks_see_every_request_and_response()
        {
            var handler = RecordingHandler.Json(HttpStatusCode.OK, "{}");
            var client = new UnionsClient(new HttpClient(handler));

            await client.EchoAsync(new Holder());

            Assert.Equal("trace-1", handler.Last.Headers.GetValues("X-Trace-Id").Single());
            Assert.Equal([200], client.Statuses);
        }
    }
}
