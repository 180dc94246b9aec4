using System.Collections.Concurrent;
using System.Net;
using Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>Requests and answers are logged through the options' ILogger, credentials redacted.</summary>
public class LoggingTests
{
    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));

        public string All => string.Join("\n", Entries.Select(e => e.Message));
    }

    private sealed class ListLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public string? Category { get; private set; }

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public ILogger CreateLogger(string categoryName)
        {
            Category = categoryName;
            return logger;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Each_request_and_answer_is_logged_and_the_bearer_token_is_not()
    {
        var logger = new ListLogger();
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+15550100","status":"active","provider":"twilio"}""");
        var client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "sk-very-secret-1", Logger = logger });

        await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15550100" });

        var entries = logger.Entries.ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal((LogLevel.Debug, "HttpRequest"), (entries[0].Level, entries[0].Id.Name));
        Assert.Contains("HTTP POST https://dev.voice.ai/", entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("Authorization: [redacted]", entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("User-Agent: ", entries[0].Message, StringComparison.Ordinal);
        Assert.Equal((LogLevel.Debug, "HttpResponse"), (entries[1].Level, entries[1].Id.Name));
        Assert.Contains("answered 200 in ", entries[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-very-secret-1", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_key_in_the_query_and_basic_credentials_are_redacted()
    {
        var logger = new ListLogger();
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));

        await new FormsClient(new HttpClient(handler), new FormsClientOptions { ApiKey = "qk-secret-2", Logger = logger }).GetReportAsync();
        await new FormsClient(new HttpClient(handler), new FormsClientOptions { Username = "AC1", Password = "pw-secret-3", Logger = logger }).GetReportAsync();

        Assert.Contains("https://forms.example/reports?api_key=[redacted]", logger.All, StringComparison.Ordinal);
        Assert.Contains("Authorization: [redacted]", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain("qk-secret-2", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret-3", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("AC1:pw-secret-3"u8.ToArray()), logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_status_is_logged_at_information_and_a_failure_at_warning_with_its_exception()
    {
        var logger = new ListLogger();
        var calls = 0;
        var handler = new RecordingHandler(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : throw new HttpRequestException("refused", null, HttpStatusCode.ServiceUnavailable));
        var client = new FormsClient(new HttpClient(handler), new FormsClientOptions { Logger = logger, MaxRetries = 0 });

        await Assert.ThrowsAsync<FormsApiException>(() => client.DeleteFileAsync("f1"));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.DeleteFileAsync("f1"));

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("answered 404", StringComparison.Ordinal));
        var failure = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("HttpFailure", failure.Id.Name);
        Assert.Equal("refused", failure.Exception!.Message);
    }

    [Fact]
    public async Task Dependency_injection_takes_the_logger_from_the_container()
    {
        var logger = new ListLogger();
        var factory = new ListLoggerFactory(logger);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(factory);
        services.AddVoiceAiClient(options => options.ApiKey = "sk-di")
            .ConfigurePrimaryHttpMessageHandler(() => RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+15550100","status":"active","provider":"twilio"}"""));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IVoiceAiClient>().SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+15550100" });

        Assert.Equal("VoiceAi.VoiceAiClient", factory.Category);
        Assert.Contains(logger.Entries, e => e.Id.Name == "HttpResponse");
    }
}
