using OaiPetstore;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Client.Tests.Conformance;

/// <summary>The OAI petstore example (3 operations, from ../shared/specs) through its generated client against Prism.</summary>
public class PrismOaiPetstoreTests(OaiPetstorePrism prism, ITestOutputHelper output) : IClassFixture<OaiPetstorePrism>
{
    [Fact]
    public async Task Prism_accepts_every_call_of_every_operation()
    {
        var client = new OaiPetstoreClient(new HttpClient { BaseAddress = prism.Address }, new OaiPetstoreClientOptions { RetryDelay = TimeSpan.Zero });
        var calls = new List<(string Operation, Func<Task> Call)>
        {
            ("listPets (required only)", () => client.ListPetsAsync()),
            ("listPets (all)", () => client.ListPetsAsync(limit: 100)),
            ("createPets (required only)", () => client.CreatePetsAsync(new Pet { Id = 1, Name = "Rex" })),
            ("createPets (all)", () => client.CreatePetsAsync(new Pet { Id = 1, Name = "Rex", Tag = "dog" })),
            ("showPetById", () => client.ShowPetByIdAsync("1")),
        };

        var rejected = new List<string>();
        foreach (var (operation, call) in calls)
        {
            try
            {
                await call();
            }
            catch (OaiPetstoreApiException e)
            {
                rejected.Add($"{operation}: HTTP {e.StatusCode}: {e.ResponseBody}");
            }
        }

        output.WriteLine($"| oai-petstore | 3 operations | {calls.Count} calls | {calls.Count - rejected.Count} accepted | {rejected.Count} rejected |");
        Assert.True(rejected.Count == 0, string.Join("\n", rejected));
    }
}
