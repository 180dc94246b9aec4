using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// The bundled 50-operation document: the seed's Select Phone Number surface as it was, and each reconstructed
/// operation's XML docs saying so, with its confidence; the three exact ones do not.
/// </summary>
public class BundledDocumentTests
{
    private static readonly Lazy<GenerationResult> Generated = new(() => GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi")));

    [Fact]
    public void Reconstructed_operations_say_so_with_their_confidence_and_the_exact_ones_do_not()
    {
        var methods = ClientMethods.Read(ClientMethods.ClientTree(Generated.Value.Sources), "IVoiceAiClient");
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPaths.BundledDocument))!["paths"]!.AsObject();
        var reconstructed = 0;
        foreach (var (path, item) in document)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var route = method.ToUpperInvariant() + " " + path;
                var confidence = operation!["x-voiceai-evidence"]?["confidence"]?.GetValue<string>();
                var plain = Assert.Single(methods[route], m => m.Parameters.All(p => p.Name != "requestOptions") && !m.Name.EndsWith("WithResponseAsync", StringComparison.Ordinal) && !m.Name.EndsWith("AllAsync", StringComparison.Ordinal));
                var remarks = string.Join(" ", plain.Documentation.Elements("remarks").Select(r => r.Value));
                if (confidence is null)
                {
                    Assert.DoesNotContain("Reconstructed", remarks, StringComparison.Ordinal);
                    continue;
                }

                Assert.Contains($"Reconstructed from public evidence, not from the vendor's published document (confidence: {confidence}).", remarks, StringComparison.Ordinal);
                reconstructed++;
            }
        }

        Assert.Equal(47, reconstructed);
        Assert.Equal(50, methods.Count);
    }

    [Fact]
    public void The_seed_select_phone_number_surface_is_unchanged()
    {
        const string Consumer = """
            namespace Consumer
            {
                public static class Seed
                {
                    public static System.Threading.Tasks.Task<VoiceAi.PurchasePhoneNumberResponse> Select(VoiceAi.IVoiceAiClient client, System.Threading.CancellationToken cancellationToken)
                        => client.SelectPhoneNumberAsync(new VoiceAi.PurchasePhoneNumberRequest { PhoneNumber = "+1", Provider = VoiceAi.PurchasePhoneNumberRequestProvider.Twilio }, cancellationToken);

                    public static VoiceAi.PurchasePhoneNumberRequestProvider Telnyx => VoiceAi.PurchasePhoneNumberRequestProvider.Telnyx;

                    public static string? Describe(VoiceAi.VoiceAiApiException e)
                        => e.StatusCode == 402 ? e.Error?.Error + e.Error?.Code : e.HTTPValidationError?.Detail?[0].Msg;
                }
            }
            """;
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi"), Consumer);
        result.AssertCompilesClean();
        var exception = result.Load().GetType("VoiceAi.VoiceAiApiException")!;
        Assert.Equal("VoiceAi.ErrorResponse", exception.GetProperty("Error")!.PropertyType.FullName);
        Assert.Equal("VoiceAi.HTTPValidationError", exception.GetProperty("HTTPValidationError")!.PropertyType.FullName);
    }
}
