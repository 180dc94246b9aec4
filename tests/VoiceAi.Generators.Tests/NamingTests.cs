using VoiceAi.Generators.Reading;
using Xunit;

namespace VoiceAi.Generators.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("phone_number", "PhoneNumber")]
    [InlineData("HTTPValidationError", "HTTPValidationError")]
    [InlineData("top_p", "TopP")]
    [InlineData("voice-id", "VoiceId")]
    [InlineData("2fa", "_2fa")]
    [InlineData("a.b[c]", "ABC")]
    [InlineData("", "Value")]
    [InlineData("--", "Value")]
    [InlineData("mp3_44100", "Mp3_44100")]
    public void PascalCase(string input, string expected) => Assert.Equal(expected, Naming.ToPascalCase(input));

    [Theory]
    [InlineData("twilio", "Twilio")]
    [InlineData("voiceai-tts-v1-2026-02-10", "VoiceaiTtsV1_2026_02_10")]
    [InlineData("mp3_44100_128", "Mp3_44100_128")]
    [InlineData("ALL_CAPS", "AllCaps")]
    [InlineData("1st", "Value1st")]
    [InlineData("", "Empty")]
    [InlineData("*", "Value")]
    public void EnumMembers(string input, string expected) => Assert.Equal(expected, Naming.ToEnumMemberName(input));

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("X-Request-Id", "xRequestId")]
    [InlineData("URL", "url")]
    [InlineData("URLPath", "urlPath")]
    [InlineData("petId", "petId")]
    public void CamelCase(string input, string expected) => Assert.Equal(expected, Naming.ToCamelCase(input));

    [Theory]
    [InlineData("select_phone_number_api_v1_agent_select_phone_number_post", "POST", "/api/v1/agent/select-phone-number", "SelectPhoneNumberAsync")]
    [InlineData("generate_speech_stream_api_v1_tts_speech_stream_post", "POST", "/api/v1/tts/speech/stream", "GenerateSpeechStreamAsync")]
    [InlineData("pause_agent_api_v1_agent__agent_id__pause_post", "POST", "/api/v1/agent/{agent_id}/pause", "PauseAgentAsync")]
    [InlineData("listPets", "GET", "/pets", "ListPetsAsync")]
    [InlineData(null, "GET", "/pets/{petId}", "GetPetsByPetIdAsync")]
    [InlineData("get_post", "GET", "/x", "GetPostAsync")]
    public void MethodNames(string? operationId, string method, string path, string expected)
        => Assert.Equal(expected, Naming.ToMethodName(operationId, method, path));

    [Fact]
    public void MakeUnique_adds_the_smallest_free_suffix()
    {
        var used = new HashSet<string> { "Pet", "Pet2" };
        Assert.Equal("Pet3", Naming.MakeUnique("Pet", used));
        Assert.Equal("Dog", Naming.MakeUnique("Dog", used));
        Assert.Contains("Pet3", used);
    }
}
