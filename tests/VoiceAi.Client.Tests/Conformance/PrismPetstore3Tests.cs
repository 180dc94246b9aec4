using Petstore3;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Client.Tests.Conformance;

/// <summary>
/// Every operation of swagger-petstore3 (19, from ../shared/specs) through its generated client against Prism: with only the
/// required values, and with every optional value set (every enum member at least once). Prism must accept each call.
/// </summary>
public class PrismPetstore3Tests(Petstore3Prism prism, ITestOutputHelper output) : IClassFixture<Petstore3Prism>
{
    [Fact]
    public async Task Prism_accepts_every_call_of_every_operation()
    {
        var client = new Petstore3Client(new HttpClient { BaseAddress = prism.Address }, new Petstore3ClientOptions { ApiKey = "special-key", RetryDelay = TimeSpan.Zero });
        var minimalPet = new Pet { Name = "doggie", PhotoUrls = ["https://example.com/a.png"] };
        var fullPets = PetStatus.KnownValues.Select((status, i) => new Pet
        {
            Id = 10 + i,
            Name = "doggie",
            Category = new Category { Id = 1, Name = "Dogs" },
            PhotoUrls = ["https://example.com/a.png"],
            Tags = [new Tag { Id = 1, Name = "good" }],
            Status = status,
        }).ToList();
        var users = new[]
        {
            new User(),
            new User { Id = 10, Username = "theUser", FirstName = "John", LastName = "James", Email = "john@email.com", Password = "12345", Phone = "12345", UserStatus = 1 },
        };

        var calls = new List<(string Operation, Func<Task> Call)>
        {
            ("updatePet (required only)", () => client.UpdatePetAsync(minimalPet)),
            ("addPet (required only)", () => client.AddPetAsync(minimalPet)),
            ("findPetsByStatus (required only)", () => client.FindPetsByStatusAsync()),
            ("findPetsByTags (required only)", () => client.FindPetsByTagsAsync()),
            ("findPetsByTags (all)", () => client.FindPetsByTagsAsync(tags: ["a", "b"])),
            ("getPetById", () => client.GetPetByIdAsync(10)),
            ("updatePetWithForm (required only)", () => client.UpdatePetWithFormAsync(10)),
            ("updatePetWithForm (all)", () => client.UpdatePetWithFormAsync(10, name: "doggie", status: "sold")),
            ("deletePet (required only)", () => client.DeletePetAsync(10)),
            ("deletePet (all)", () => client.DeletePetAsync(10, apiKey: "key")),
            ("uploadFile (required only)", () => client.UploadFileAsync(10)),
            ("uploadFile (all)", () => client.UploadFileAsync(10, new MemoryStream([137, 80, 78, 71]), additionalMetadata: "front")),
            ("getInventory", () => client.GetInventoryAsync()),
            ("placeOrder (required only)", () => client.PlaceOrderAsync()),
            ("getOrderById", () => client.GetOrderByIdAsync(5)),
            ("deleteOrder", () => client.DeleteOrderAsync(5)),
            ("createUsersWithListInput (required only)", () => client.CreateUsersWithListInputAsync()),
            ("createUsersWithListInput (all)", () => client.CreateUsersWithListInputAsync(users)),
            ("loginUser (required only)", () => client.LoginUserAsync()),
            ("loginUser (all)", () => client.LoginUserAsync("theUser", "12345")),
            ("logoutUser", () => client.LogoutUserAsync()),
            ("getUserByName", () => client.GetUserByNameAsync("theUser")),
            ("updateUser (required only)", () => client.UpdateUserAsync("theUser")),
            ("deleteUser", () => client.DeleteUserAsync("theUser")),
        };
        foreach (var pet in fullPets)
        {
            calls.Add(($"updatePet (all, {pet.Status})", () => client.UpdatePetAsync(pet)));
            calls.Add(($"addPet (all, {pet.Status})", () => client.AddPetAsync(pet)));
        }

        foreach (var status in PetStatus.KnownValues)
        {
            calls.Add(($"findPetsByStatus ({status})", () => client.FindPetsByStatusAsync(status)));
        }

        foreach (var status in OrderStatus.KnownValues)
        {
            calls.Add(($"placeOrder (all, {status})", () => client.PlaceOrderAsync(new Order { Id = 10, PetId = 198772, Quantity = 7, ShipDate = DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Status = status, Complete = true })));
        }

        calls.Add(("createUser (required only)", () => client.CreateUserAsync()));
        calls.Add(("createUser (all)", () => client.CreateUserAsync(users[1])));
        calls.Add(("updateUser (all)", () => client.UpdateUserAsync("theUser", users[1])));

        var rejected = new List<string>();
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (operation, call) in calls)
        {
            operations.Add(operation.Split(' ')[0]);
            try
            {
                await call();
            }
            catch (Petstore3ApiException e)
            {
                rejected.Add($"{operation}: HTTP {e.StatusCode}: {e.ResponseBody}");
            }
        }

        output.WriteLine($"| swagger-petstore3 | {operations.Count} operations | {calls.Count} calls | {calls.Count - rejected.Count} accepted | {rejected.Count} rejected |");
        Assert.Equal(19, operations.Count);
        Assert.True(rejected.Count == 0, string.Join("\n", rejected));
    }
}
