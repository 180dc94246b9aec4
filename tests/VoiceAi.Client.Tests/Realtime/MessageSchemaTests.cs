using System.Text.Json;
using System.Text.Json.Nodes;
using VoiceAi;
using Xunit;

namespace VoiceAi.Client.Tests.Realtime;

/// <summary>
/// Every message of the bundled AsyncAPI document round-trips against its schema: a message with every property of its
/// schema set (values taken from the schema: its enum, const, format and type) reads as the generated type, and writes
/// back the same JSON; a message without a required property does not read.
/// </summary>
public class MessageSchemaTests
{
    private static readonly JsonObject Document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "asyncapi.json")))!.AsObject();

    /// <summary>The generated type of each schema, by the schema's name (a schema without one fails the test).</summary>
    private static readonly Dictionary<string, System.Text.Json.Serialization.Metadata.JsonTypeInfo> Types = new()
    {
        ["InitMessageSingle"] = VoiceAiJson.Default.InitMessageSingle,
        ["TextMessageSingle"] = VoiceAiJson.Default.TextMessageSingle,
        ["AudioChunkSingle"] = VoiceAiJson.Default.AudioChunkSingle,
        ["CompletionMessageSingle"] = VoiceAiJson.Default.CompletionMessageSingle,
        ["ErrorMessageSingle"] = VoiceAiJson.Default.ErrorMessageSingle,
        ["InitMessageMulti"] = VoiceAiJson.Default.InitMessageMulti,
        ["TextMessageMulti"] = VoiceAiJson.Default.TextMessageMulti,
        ["CloseContextMulti"] = VoiceAiJson.Default.CloseContextMulti,
        ["CloseSocketMulti"] = VoiceAiJson.Default.CloseSocketMulti,
        ["AudioChunkMulti"] = VoiceAiJson.Default.AudioChunkMulti,
        ["CompletionMessageMulti"] = VoiceAiJson.Default.CompletionMessageMulti,
        ["ContextClosedMessageMulti"] = VoiceAiJson.Default.ContextClosedMessageMulti,
        ["ErrorMessageMulti"] = VoiceAiJson.Default.ErrorMessageMulti,
    };

    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var pair in Document["components"]!["schemas"]!.AsObject())
        {
            data.Add(pair.Key);
        }

        return data;
    }

    private static JsonNode Sample(JsonObject schema)
    {
        if (schema["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        if (schema["enum"] is JsonArray values)
        {
            return values[^1]!.DeepClone();
        }

        return (schema["type"]?.GetValue<string>(), schema["format"]?.GetValue<string>()) switch
        {
            ("string", "byte") => JsonValue.Create(Convert.ToBase64String([1, 2, 3, 250]))!,
            ("string", _) => JsonValue.Create("sample")!,
            ("boolean", _) => JsonValue.Create(true)!,
            ("integer", _) => JsonValue.Create(7)!,
            ("number", _) => JsonValue.Create(0.25)!,
            var other => throw new InvalidOperationException("No sample for " + other),
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void The_message_round_trips_against_its_schema(string name)
    {
        var schema = Document["components"]!["schemas"]![name]!.AsObject();
        var message = new JsonObject();
        foreach (var property in schema["properties"]!.AsObject())
        {
            message[property.Key] = Sample(property.Value!.AsObject());
        }

        var info = Types[name];
        var value = JsonSerializer.Deserialize(message.ToJsonString(), info)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(value, info))!;
        Assert.True(JsonNode.DeepEquals(message, written), "read " + message.ToJsonString() + ", wrote " + written.ToJsonString());

        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            var without = message.DeepClone().AsObject();
            without.Remove(required);
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(without.ToJsonString(), info));
        }
    }
}
