using System.Net;
using System.Text;

namespace VoiceAi.Client.Tests;

/// <summary>An in-memory HTTP server: records each request (with its body read) and answers with a canned response.</summary>
public sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    public List<string?> Bodies { get; } = [];

    public HttpRequestMessage Last => Requests[^1];

    public string? LastBody => Bodies[^1];

    public static RecordingHandler Json(HttpStatusCode status, string json)
        => new(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        Bodies.Add(request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
        var response = respond(request);
        response.RequestMessage = request;
        return response;
    }
}
