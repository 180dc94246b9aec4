using System.Net;
using Petstore;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>The second client, from a YAML OpenAPI 3.0 document added as an AdditionalFiles item.</summary>
public class PetstoreClientTests
{
    private static (PetstoreClient Client, RecordingHandler Handler) Create(RecordingHandler handler)
        => (new PetstoreClient(new HttpClient(handler), new PetstoreClientOptions { ApiKey = "pet-key" }), handler);

    [Fact]
    public async Task Query_header_and_api_key_parameters_are_sent()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.OK, """[{"id":9007199254740993,"name":"Rex","tag":null,"status":"sold","born":"2024-02-29T12:30:00+01:00","tags":["a","b"],"owner":{"name":"Ann"}}]"""));

        var pets = await client.ListPetsAsync(limit: 10, tags: ["a b", "c&d"], status: PetStatus.Pending, xRequestId: "req-1");

        Assert.Equal("https://petstore.example.com/v1/pets?limit=10&tags=a%20b&tags=c%26d&status=pending", handler.Last.RequestUri!.AbsoluteUri);
        Assert.Equal("req-1", handler.Last.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("pet-key", handler.Last.Headers.GetValues("X-Api-Key").Single());
        var pet = Assert.Single(pets);
        Assert.Equal(9007199254740993L, pet.Id);
        Assert.Null(pet.Tag);
        Assert.Equal(PetStatus.Sold, pet.Status);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 30, 0, TimeSpan.FromHours(1)), pet.Born);
        Assert.Equal(["a", "b"], pet.Tags!);
        Assert.Equal("Ann", pet.Owner!.Name);
    }

    [Fact]
    public async Task Optional_query_parameters_left_null_are_not_sent()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.OK, "[]"));
        await client.ListPetsAsync();
        Assert.Equal("https://petstore.example.com/v1/pets", handler.Last.RequestUri!.AbsoluteUri);
        Assert.False(handler.Last.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task Path_parameters_are_percent_encoded_so_they_cannot_change_the_target()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.OK, """{"id":1,"name":"x"}"""));
        await client.ShowPetByIdAsync("../admin?x=1");
        Assert.Equal("https://petstore.example.com/v1/pets/..%2Fadmin%3Fx%3D1", handler.Last.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task No_content_204_is_a_plain_task()
    {
        var (client, handler) = Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent)));
        Task task = client.DeletePetAsync("7");
        await task;
        Assert.Equal(HttpMethod.Delete, handler.Last.Method);
    }

    [Fact]
    public async Task Created_201_is_success_and_default_error_is_typed()
    {
        var (client, handler) = Create(RecordingHandler.Json(HttpStatusCode.Created, """{"id":2,"name":"Tom"}"""));
        var pet = await client.CreatePetAsync(new NewPet { Name = "Tom" });
        Assert.Equal(2, pet.Id);
        Assert.Equal("""{"name":"Tom"}""", handler.LastBody);

        var (failing, _) = Create(RecordingHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code":503,"message":"down"}"""));
        var ex = await Assert.ThrowsAsync<PetstoreApiException>(() => failing.ListPetsAsync());
        Assert.Equal("down", ex.Error!.Message);
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public void Nullable_true_in_a_3_0_document_makes_the_property_nullable()
    {
        var context = new System.Reflection.NullabilityInfoContext();
        Assert.Equal(System.Reflection.NullabilityState.Nullable, context.Create(typeof(Pet).GetProperty(nameof(Pet.Tag))!).ReadState);
        Assert.Equal(System.Reflection.NullabilityState.NotNull, context.Create(typeof(Pet).GetProperty(nameof(Pet.Name))!).ReadState);
    }
}
