using System.Net;
using System.Text.Json;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>oneOf/anyOf: with a discriminator, by shape, of plain values, recursive, nullable, and unknown variants.</summary>
public class UnionsClientTests
{
    private static Holder Read(string json) => JsonSerializer.Deserialize(json, UnionsJson.Default.Holder)!;

    [Fact]
    public void The_discriminator_chooses_the_variant()
    {
        var holder = Read("""{"pet":{"pet_type":"dog","bark":"woof"}}""");

        Assert.True(holder.Pet!.IsDog);
        Assert.Equal("woof", holder.Pet.AsDog!.Bark);
        Assert.Null(holder.Pet.AsCat);
        Assert.Equal("Dog", holder.Pet.VariantName);
    }

    [Fact]
    public void An_unknown_discriminator_value_is_kept_and_written_back_unchanged()
    {
        const string Json = """{"pet":{"pet_type":"parrot","words":12}}""";
        var holder = Read(Json);

        Assert.False(holder.Pet!.IsKnown);
        Assert.Null(holder.Pet.Value);
        Assert.Equal(Json, JsonSerializer.Serialize(holder, UnionsJson.Default.Holder));
    }

    [Fact]
    public void Without_a_discriminator_the_variant_whose_required_properties_are_present_is_chosen()
    {
        Assert.True(Read("""{"shape":{"side":2}}""").Shape!.IsSquare);
        Assert.True(Read("""{"shape":{"radius":1.5}}""").Shape!.IsCircle);
        Assert.False(Read("""{"shape":{"corners":3}}""").Shape!.IsKnown);
    }

    [Fact]
    public void Plain_values_are_chosen_by_their_JSON_kind_and_a_documented_enum_value_wins_over_a_string()
    {
        var holder = Read("""{"loc":["body",0],"model":"large","maybe":null}""");

        Assert.Equal("body", holder.Loc![0].AsString);
        Assert.Equal(0, holder.Loc[1].AsInteger);
        Assert.True(holder.Model!.IsModelIdVariant2);
        Assert.Equal(ModelIdVariant2.Large, holder.Model.AsModelIdVariant2);
        Assert.True(Read("""{"model":"gpt-x"}""").Model!.IsString);
        Assert.Null(holder.Maybe);
    }

    [Fact]
    public void A_union_may_contain_itself()
    {
        var tree = Read("""{"tree":{"a":{"b":"leaf"}}}""").Tree!;

        Assert.True(tree.IsDictionaryOfTree);
        Assert.Equal("leaf", tree.AsDictionaryOfTree!["a"].AsDictionaryOfTree!["b"].AsString);
    }

    [Fact]
    public async Task Variants_made_in_code_are_sent_as_the_variant()
    {
        var handler = RecordingHandler.Json(HttpStatusCode.OK, """{"pet":{"pet_type":"cat","lives":9}}""");
        var client = new UnionsClient(new HttpClient(handler));

        var result = await client.EchoAsync(new Holder
        {
            Pet = new Cat { PetType = "cat", Lives = 9 },
            Shape = Shape.FromSquare(new Square { Side = 1 }),
            Loc = ["query", 3],
            Maybe = 5,
        });

        Assert.Equal("""{"pet":{"pet_type":"cat","lives":9},"shape":{"side":1},"loc":["query",3],"maybe":5}""", handler.LastBody);
        Assert.Equal(9, result.Pet!.AsCat!.Lives);
    }
}

public class ObjectShapeTests
{
    [Fact]
    public void Unknown_properties_are_kept_and_written_back_unchanged()
    {
        const string Json = """{"phone_number":"+1","status":"ok","carrier":{"name":"x","mnc":[1,2]},"note":null}""";
        var response = JsonSerializer.Deserialize(Json, VoiceAi.VoiceAiJson.Default.PurchasePhoneNumberResponse)!;

        Assert.Equal("x", response.AdditionalProperties!["carrier"].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, response.AdditionalProperties["note"].ValueKind);
        Assert.Equal(Json, JsonSerializer.Serialize(response, VoiceAi.VoiceAiJson.Default.PurchasePhoneNumberResponse));
    }

    [Fact]
    public void Additional_properties_with_a_schema_are_typed_and_forbidden_ones_are_not_kept()
    {
        var holder = JsonSerializer.Deserialize("""{"counts":{"name":"n","apples":3},"closed":{"name":"c","stray":1}}""", UnionsJson.Default.Holder)!;

        Assert.Equal(3, holder.Counts!.AdditionalProperties!["apples"]);
        Assert.Null(typeof(Closed).GetProperty("AdditionalProperties"));
        Assert.Equal("""{"name":"c"}""", JsonSerializer.Serialize(holder.Closed!, UnionsJson.Default.Closed));
    }

    [Fact]
    public void A_nullable_optional_property_set_to_null_is_sent_as_null_and_an_unset_one_is_omitted()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new Holder(), UnionsJson.Default.Holder));
        Assert.Equal("""{"maybe":null}""", JsonSerializer.Serialize(new Holder { Maybe = null }, UnionsJson.Default.Holder));

        // A property that the document does not allow to be null: null means "not set".
        Assert.Equal("{}", JsonSerializer.Serialize(new Holder { Model = null }, UnionsJson.Default.Holder));

        // What was read is written back: an explicit null stays, an absent property stays absent.
        var read = JsonSerializer.Deserialize("""{"maybe":null}""", UnionsJson.Default.Holder)!;
        Assert.Equal("""{"maybe":null}""", JsonSerializer.Serialize(read, UnionsJson.Default.Holder));
    }
}

public class OneSidedPropertyTests
{
    [Fact]
    public void A_required_const_is_filled_in_and_read_only_and_write_only_properties_are_not_required()
    {
        // Compiles without setting type (const), id (readOnly) or secret (writeOnly): only name is required.
        var created = new Event { Name = "n" };

        Assert.Equal("""{"type":"event","name":"n"}""", JsonSerializer.Serialize(created, UnionsJson.Default.Event));
        var read = JsonSerializer.Deserialize("""{"type":"event","id":"e1","name":"n"}""", UnionsJson.Default.Event)!;
        Assert.Equal("e1", read.Id);
        Assert.Null(read.Secret);
        Assert.Equal("event", read.Type);
    }
}
