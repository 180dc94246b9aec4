using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceAi.Benchmarks;

// The practical floor: what a careful developer writes by hand with HttpClient and a System.Text.Json source-generated context.
public sealed record FloorRequest([property: JsonPropertyName("phone_number")] string PhoneNumber, [property: JsonPropertyName("provider"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Provider = null);

public sealed record FloorResponse([property: JsonPropertyName("phone_number")] string PhoneNumber, [property: JsonPropertyName("status")] string Status);

public sealed record FloorValidationError([property: JsonPropertyName("detail")] List<FloorValidationItem>? Detail);

public sealed record FloorValidationItem([property: JsonPropertyName("loc")] List<JsonElement> Loc, [property: JsonPropertyName("msg")] string Msg, [property: JsonPropertyName("type")] string Type);

[JsonSerializable(typeof(FloorRequest))]
[JsonSerializable(typeof(FloorResponse))]
[JsonSerializable(typeof(FloorValidationError))]
[JsonSerializable(typeof(List<FloorPet>))]
[JsonSerializable(typeof(FloorTextMessage))]
[JsonSerializable(typeof(FloorServerMessage))]
public sealed partial class FloorJsonContext : JsonSerializerContext;

// swagger-petstore3's Pet, by hand, for the large-list benchmark.
public sealed record FloorPet(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] FloorCategory? Category,
    [property: JsonPropertyName("photoUrls")] List<string> PhotoUrls,
    [property: JsonPropertyName("tags")] List<FloorTag>? Tags,
    [property: JsonPropertyName("status")] string? Status);

public sealed record FloorCategory([property: JsonPropertyName("id")] long? Id, [property: JsonPropertyName("name")] string? Name);

public sealed record FloorTag([property: JsonPropertyName("id")] long? Id, [property: JsonPropertyName("name")] string? Name);

public sealed class FloorException(int status, FloorValidationError? error) : Exception("HTTP " + status)
{
    public FloorValidationError? Error { get; } = error;
}

public sealed class FloorClient(HttpClient http)
{
    public async Task<FloorResponse> SelectPhoneNumberAsync(FloorRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/v1/agent/select-phone-number")
        {
            Content = JsonContent.Create(request, FloorJsonContext.Default.FloorRequest),
        };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new FloorException((int)response.StatusCode, await JsonSerializer.DeserializeAsync(stream, FloorJsonContext.Default.FloorValidationError, cancellationToken).ConfigureAwait(false));
        }

        return (await JsonSerializer.DeserializeAsync(stream, FloorJsonContext.Default.FloorResponse, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<List<FloorPet>> FindPetsByStatusAsync(string status, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "pet/findByStatus?status=" + Uri.EscapeDataString(status));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(stream, FloorJsonContext.Default.ListFloorPet, cancellationToken).ConfigureAwait(false))!;
    }
}

// Refit over the same records and context.
public interface IRefitVoice
{
    [Refit.Post("/api/v1/agent/select-phone-number")]
    Task<FloorResponse> SelectPhoneNumberAsync([Refit.Body] FloorRequest request, CancellationToken cancellationToken = default);

    [Refit.Get("/pet/findByStatus")]
    Task<List<FloorPet>> FindPetsByStatusAsync(string status, CancellationToken cancellationToken = default);
}
