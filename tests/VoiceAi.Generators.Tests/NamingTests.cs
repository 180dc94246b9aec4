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

    [Fact]
    public void MakeUnique_frees_every_name_the_member_brings()
    {
        var used = Naming.Scope("Choice", Naming.UnionMembers);
        Assert.Equal("Known2", Naming.MakeUnique("Known", used, Naming.VariantMembers));
        Assert.Equal("Value", Naming.MakeUnique("Value", used, Naming.VariantMembers));
        Assert.Equal("Known3", Naming.MakeUnique("Known", used, Naming.VariantMembers));
        Assert.Contains("AsKnown2", used);
        Assert.Contains("FromValue", used);

        var client = Naming.Scope("PetsClient", Naming.ClientMembers);
        Assert.Equal("Send2", Naming.MakeUnique("Send", client, Naming.OperationMembers));
        Assert.Equal("ListPets", Naming.MakeUnique("ListPets", client, Naming.OperationMembers));
        // ListPetsCore would bring ListPetsCoreAsync, which ListPets already brought.
        Assert.Equal("ListPetsCore2", Naming.MakeUnique("ListPetsCore", client, Naming.OperationMembers));
    }

    /// <summary>The identifier context's guarantee: whatever the document says, every name made here is plain (letters, ASCII digits, '_', or '@' and a keyword).</summary>
    [Theory]
    [MemberData(nameof(CSharpTextTests.Hostile), MemberType = typeof(CSharpTextTests))]
    [InlineData("class")]
    [InlineData("123abc")]
    [InlineData("a.b<c>[d]")]
    [InlineData("‮evil⁦")]
    [InlineData("١٢ arabic digits, ² superscript, x́ combining")]
    [InlineData("")]
    public void Every_name_made_from_document_text_is_a_plain_identifier(string text)
    {
        foreach (var name in new[] { Naming.ToPascalCase(text), Naming.ToCamelCase(text), Naming.ToEnumMemberName(text), Naming.ToMethodName(text, "GET", "/" + text), Naming.ToMethodName(null, "GET", "/" + text + "/{" + text + "}") })
        {
            Assert.True(Naming.IsPlainIdentifier(name), "not a plain identifier: " + name);
            Assert.True(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name.TrimStart('@')), name);
        }
    }

    [Theory]
    [InlineData("Good", true)]
    [InlineData("Café", true)]
    [InlineData("class", false)]
    [InlineData("Evil‮", false)]
    [InlineData("Zero​Width", false)]
    public void Client_names_from_the_project_hold_no_format_character(string name, bool valid)
    {
        Assert.Equal(valid, Naming.IsValidIdentifier(name));
        Assert.Equal(valid, Naming.IsValidNamespace("Company." + name));
    }
}
