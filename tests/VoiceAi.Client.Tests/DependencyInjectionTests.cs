using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>This project references Microsoft.Extensions.Http, so each client also gets an IServiceCollection extension.</summary>
public class DependencyInjectionTests
{
    [Fact]
    public async Task AddVoiceAiClient_registers_a_typed_client_through_IHttpClientFactory()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"phone_number":"+1","status":"active"}""");
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddVoiceAiClient(options => options.ApiKey = "sk-di");
        builder.ConfigurePrimaryHttpMessageHandler(() => handler);

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IVoiceAiClient>();
        var result = await client.SelectPhoneNumberAsync(new PurchasePhoneNumberRequest { PhoneNumber = "+1" });

        Assert.Equal("active", result.Status);
        Assert.Equal("Bearer sk-di", handler.Last.Headers.Authorization!.ToString());
        Assert.Equal("https://dev.voice.ai/api/v1/agent/select-phone-number", handler.Last.RequestUri!.ToString());
    }

    [Fact]
    public void Options_can_come_from_the_service_provider()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Uri("https://staging.voice.example/"));
        services.AddVoiceAiClient((provider, options) => options.BaseAddress = provider.GetRequiredService<Uri>());

        using var provider = services.BuildServiceProvider();
        Assert.Equal("https://staging.voice.example/", provider.GetRequiredService<VoiceAiClientOptions>().BaseAddress.ToString());
        Assert.IsType<VoiceAiClient>(provider.GetRequiredService<IVoiceAiClient>());
    }
}
