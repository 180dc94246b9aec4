using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using VoiceAi.Generators.Reading;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Differential;

/// <summary>
/// Differential tests of the generated JSON code: random JSON values made from each component schema are read with the
/// generated converters and written back, and System.Text.Json's own reader (JsonNode.DeepEquals) must find the output
/// equal to the input. Covers every model, enum and union of the bundled document and of several corpus documents,
/// with unknown properties and unknown enum values mixed in, strings with control characters and non-ASCII text,
/// int64 extremes, decimals and dates.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Documents() => new()
    {
        { "bundled", TestPaths.BundledDocument },
        { "oai-petstore-expanded", Path.Combine(TestPaths.Shared, "specs", "oai-petstore-expanded", "petstore-expanded.yaml") },
        { "swagger-petstore3", Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml") },
        { "oai-tictactoe", Path.Combine(TestPaths.Shared, "specs", "oai-tictactoe", "tictactoe.yaml") },
        { "spotify", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml") },
        { "adyen-checkout", Path.Combine(TestPaths.Shared, "specs", "adyen-checkout", "CheckoutService-v72.json") },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Random_values_of_every_schema_round_trip_through_the_generated_converters(string name, string path)
    {
        Assert.True(File.Exists(path), path);
        var text = File.ReadAllText(path);
        var result = GeneratorHarness.Run(new TestDocument(path, text, "DiffClient", "Diff"));
        result.AssertCompilesClean();
        var assembly = result.Load();
        var resolver = assembly.GetType("Diff.DiffJson")!;
        var instance = resolver.GetProperty("Default")!.GetValue(null)!;
        var infos = resolver.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(JsonTypeInfo).IsAssignableFrom(p.PropertyType))
            .ToDictionary(p => p.Name, p => (JsonTypeInfo)p.GetValue(instance)!);

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var document = OpenApiDocument.Parse(text, path.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings).Document!;
        var random = new Random(name.Length * 7919);
        var checkedTypes = 0;
        var values = 0;
        foreach (var (key, schema) in document.Components!.Schemas!.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!infos.TryGetValue(Naming.ToPascalCase(key, "Schema"), out var info))
            {
                continue; // an alias of another type, or a name made unique
            }

            checkedTypes++;
            for (var i = 0; i < 25; i++)
            {
                var json = new RandomJson(random).Value(schema, depth: 0);
                if (json is null)
                {
                    continue;
                }

                var input = json.ToJsonString();
                object? value;
                try
                {
                    value = JsonSerializer.Deserialize(input, info);
                }
                catch (JsonException ex)
                {
                    throw new Xunit.Sdk.XunitException($"{name} {key}: the generated converter rejects a valid value: {ex.Message}\n{input}");
                }

                var written = JsonSerializer.Serialize(value, info);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(input), JsonNode.Parse(written)), $"{name} {key}:\n in:  {input}\n out: {written}");
                values++;
            }
        }

        output.WriteLine($"{name}: {checkedTypes} types, {values} values round-tripped");
        Assert.True(checkedTypes > 0);
    }

    /// <summary>Random JSON for a schema: required properties always, optional ones sometimes, unknown ones now and then.</summary>
    private sealed class RandomJson(Random random)
    {
        private const int MaxDepth = 4;

        public JsonNode? Value(IOpenApiSchema? schema, int depth, ISet<string>? alsoRequired = null)
        {
            schema = Target(schema);
            if (schema is null)
            {
                return JsonValue.Create("any");
            }

            if (schema.Enum is { Count: > 0 } values)
            {
                var known = values.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null).ToList();
                if (known.Count > 0 && known.All(v => v!.GetValueKind() == JsonValueKind.String))
                {
                    return random.Next(6) == 0 ? JsonValue.Create("unknown-" + random.Next(100).ToString(CultureInfo.InvariantCulture)) : known[random.Next(known.Count)]!.DeepClone();
                }

                if (known.Count > 0)
                {
                    return known[random.Next(known.Count)]!.DeepClone();
                }
            }

            var variants = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
            if (variants is { Count: > 0 } && schema.Properties is not { Count: > 0 })
            {
                var nonNull = variants.Where(v => Target(v)?.Type != JsonSchemaType.Null).ToList();
                if (nonNull.Count == 0 || depth > MaxDepth)
                {
                    return null;
                }

                var chosen = nonNull[random.Next(nonNull.Count)];
                var value = Value(chosen, depth + 1);
                if (value is JsonObject obj && schema.Discriminator?.PropertyName is { } tag)
                {
                    var mapped = schema.Discriminator.Mapping?.FirstOrDefault(m => m.Value?.Reference?.Id is { } id && chosen is OpenApiSchemaReference r && r.Reference?.Id == id).Key;
                    obj[tag] = mapped ?? (chosen as OpenApiSchemaReference)?.Reference?.Id;
                }

                return value;
            }

            if (schema.AllOf is { Count: > 0 } allOf)
            {
                // A property one part requires may be defined by another part: required applies to the whole.
                var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
                foreach (var part in allOf)
                {
                    required.UnionWith(Target(part)?.Required ?? new HashSet<string>());
                }

                if (alsoRequired is not null)
                {
                    required.UnionWith(alsoRequired);
                }

                var merged = new JsonObject();
                foreach (var part in allOf)
                {
                    if (Value(part, depth + 1, required) is JsonObject piece)
                    {
                        foreach (var property in piece.ToList())
                        {
                            piece.Remove(property.Key);
                            merged[property.Key] = property.Value;
                        }
                    }
                }

                return Object(schema, depth, merged, required);
            }

            var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
            return type switch
            {
                JsonSchemaType.String => String(schema.Format),
                JsonSchemaType.Integer => schema.Format == "int64"
                    ? JsonValue.Create(random.Next(3) switch { 0 => long.MaxValue, 1 => long.MinValue, _ => (long)random.Next() * 1_000_003 })
                    : JsonValue.Create(random.Next(-1000, 1000)),
                JsonSchemaType.Number => schema.Format switch
                {
                    "decimal" => JsonValue.Create(decimal.Round((decimal)random.NextDouble() * 1_000_000m, 4)),
                    "float" => JsonValue.Create((float)Math.Round(random.NextDouble() * 1e4, 2)), // a value a float holds
                    _ => JsonValue.Create(Math.Round(random.NextDouble() * 1e6, 3)),
                },
                JsonSchemaType.Boolean => JsonValue.Create(random.Next(2) == 0),
                JsonSchemaType.Array when depth <= MaxDepth => Array(schema, depth),
                JsonSchemaType.Array => new JsonArray(),
                _ when schema.Properties is { Count: > 0 } || type == JsonSchemaType.Object => Object(schema, depth, new JsonObject(), alsoRequired),
                _ => JsonValue.Create(random.Next(100)),
            };
        }

        private JsonArray Array(IOpenApiSchema schema, int depth)
        {
            var array = new JsonArray();
            var count = random.Next(3);
            for (var i = 0; i < count; i++)
            {
                if (Value(schema.Items, depth + 1) is { } item)
                {
                    array.Add(item);
                }
            }

            return array;
        }

        private JsonObject Object(IOpenApiSchema schema, int depth, JsonObject obj, ISet<string>? alsoRequired)
        {
            var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
            if (alsoRequired is not null)
            {
                required.UnionWith(alsoRequired);
            }

            foreach (var (key, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var target = Target(property);
                if (target is null || (!required.Contains(key) && (depth > MaxDepth || random.Next(2) == 0)))
                {
                    continue;
                }

                if (target.ReadOnly || target.WriteOnly || property.ReadOnly || property.WriteOnly)
                {
                    continue;
                }

                obj[key] = Value(property, depth + 1);
            }

            if (schema.AdditionalProperties is { } extra && depth <= MaxDepth && random.Next(3) == 0)
            {
                obj["extra_" + random.Next(10).ToString(CultureInfo.InvariantCulture)] = Value(extra, depth + 1);
            }
            else if (schema.AdditionalProperties is null && schema.AdditionalPropertiesAllowed && random.Next(4) == 0)
            {
                obj["unknown_" + random.Next(10).ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
            }

            return obj;
        }

        private JsonValue String(string? format) => format switch
        {
            "date-time" => JsonValue.Create(new DateTimeOffset(2020 + random.Next(10), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromHours(random.Next(-5, 6)))),
            "date" => JsonValue.Create(new DateOnly(2000 + random.Next(30), 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "uuid" => JsonValue.Create(new Guid(random.Next(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).ToString()),
            "byte" => JsonValue.Create(Convert.ToBase64String(Enumerable.Range(0, random.Next(8)).Select(_ => (byte)random.Next(256)).ToArray())),
            _ => JsonValue.Create(random.Next(5) switch
            {
                0 => "plain",
                1 => "quote \" backslash \\ tab \t newline \n nul \u0000 bell \u0007",
                2 => "ünïcödé 名前 😀 \u2028",
                3 => string.Empty,
                _ => "<script>&amp;</script> +1 % #",
            }),
        };

        private static IOpenApiSchema? Target(IOpenApiSchema? schema) => Conformance.SchemaValues.Target(schema);
    }
}
