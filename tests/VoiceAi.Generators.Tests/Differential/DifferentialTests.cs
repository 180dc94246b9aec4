using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
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
/// A round trip alone cannot see a property the converter never recognised (it passes through AdditionalProperties and
/// comes back out), so each value read is also checked against the document: every property the schema declares is a
/// typed property of the model (found by the JSON name its documentation gives), and each declared property in the JSON
/// was read into that property, never into AdditionalProperties, with the value the JSON has, in nested objects,
/// lists and maps too. Component schemas are matched to generated types by the expected name, not through the
/// generator's naming code; each one is either checked or counted as left out with its reason, and both counts are
/// asserted per document.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>
    /// Document, path, component schemas checked (every one with a type of its own), schemas left out (no type of their
    /// own), and whether closed sets are C# enums (OpenApiEnumStyle="Enum": no unknown values are sent, since they read
    /// as Unknown and cannot be written back; <see cref="Unknown_values_read_as_the_Unknown_member_of_a_CSharp_enum"/> checks them).
    /// </summary>
    public static TheoryData<string, string, int, int, bool> Documents() => new()
    {
        { "bundled", TestPaths.BundledDocument, 63, 1, false },
        { "bundled (enums)", TestPaths.BundledDocument, 63, 1, true },
        { "oai-petstore-expanded", Path.Combine(TestPaths.Shared, "specs", "oai-petstore-expanded", "petstore-expanded.yaml"), 3, 0, false },
        { "swagger-petstore3", Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml"), 6, 0, false },
        { "swagger-petstore3 (enums)", Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml"), 6, 0, true },
        { "oai-tictactoe", Path.Combine(TestPaths.Shared, "specs", "oai-tictactoe", "tictactoe.yaml"), 3, 3, false },
        { "spotify", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml"), 83, 7, false },
        { "spotify (enums)", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml"), 83, 7, true },
        { "adyen-checkout", Path.Combine(TestPaths.Shared, "specs", "adyen-checkout", "CheckoutService-v72.json"), 250, 0, false },
    };

    private static readonly IReadOnlyDictionary<string, string> Enums = new Dictionary<string, string> { ["OpenApiEnumStyle"] = "Enum" };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Random_values_of_every_schema_round_trip_through_the_generated_converters(string name, string path, int expectedTypes, int expectedLeftOut, bool csharpEnums)
    {
        Assert.True(File.Exists(path), path);
        var text = File.ReadAllText(path);
        var result = GeneratorHarness.Run(new TestDocument(path, text, "DiffClient", "Diff") { Metadata = csharpEnums ? Enums : new Dictionary<string, string>() });
        result.AssertCompilesClean();
        var assembly = result.Load();
        var resolverType = assembly.GetType("Diff.DiffJson")!;
        var generatedOptions = (JsonSerializerOptions)resolverType.GetProperty("Options")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        var models = new GeneratedModels(result.Output, assembly, "Diff");
        var check = new TypedValues(models, generatedOptions, csharpEnums);

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var document = OpenApiDocument.Parse(text, path.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings).Document!;
        var random = new Random(name.Length * 7919);
        var checkedTypes = 0;
        var values = 0;
        var leftOut = new List<string>();
        foreach (var (key, schema) in document.Components!.Schemas!.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var typeName = Declared.TypeName(key);
            var type = models.Find(typeName);
            if (type is null)
            {
                var why = Declared.WhyNoTypeOfItsOwn(schema);
                Assert.True(why is not null, $"{name} {key}: the schema declares properties, string enum values or several variants, but no type {typeName} was generated");
                leftOut.Add($"{key}: {why}");
                continue;
            }

            JsonTypeInfo info;
            try
            {
                info = generatedOptions.GetTypeInfo(type);
            }
            catch (NotSupportedException ex)
            {
                throw new Xunit.Sdk.XunitException($"{name} {key}: the generated resolver has no metadata for {type.Name}: {ex.Message}");
            }

            if (models.IsModel(type))
            {
                // Every property the schema declares is a typed property, and every typed property is one it declares.
                var declared = Declared.Properties(schema).Properties.Select(p => p.Name).ToList();
                var shape = models.ShapeOf(type, declared);
                var missing = declared.Where(p => !shape.ByJsonName.ContainsKey(p)).ToList();
                var invented = shape.ByJsonName.Keys.Where(p => !declared.Contains(p)).ToList();
                Assert.True(missing.Count == 0 && invented.Count == 0, $"{name} {key}: {type.Name} has no typed property for [{string.Join(", ", missing)}], and typed properties the schema does not declare: [{string.Join(", ", invented)}]");
            }

            checkedTypes++;
            for (var i = 0; i < 25; i++)
            {
                var json = new RandomJson(random, unknownEnumValues: !csharpEnums).Value(schema, depth: 0);
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
                check.Value(JsonNode.Parse(input), value, type, schema, $"{name} {key}", input);
                values++;
            }
        }

        output.WriteLine($"{name}: {checkedTypes} types, {values} values round-tripped, {check.Properties} declared properties found in their typed property with their value, {check.Extras} unknown ones in AdditionalProperties");
        output.WriteLine($"{leftOut.Count} schemas left out (no type of their own):" + string.Concat(leftOut.Select(l => "\n  " + l)));
        Assert.True(checkedTypes == expectedTypes, $"{name}: {checkedTypes} component schemas checked, {expectedTypes} expected");
        Assert.True(leftOut.Count == expectedLeftOut, $"{name}: {leftOut.Count} component schemas left out, {expectedLeftOut} expected:\n" + string.Join("\n", leftOut));
        Assert.True(check.Properties > 0, name + ": no declared property was checked");
    }

    /// <summary>
    /// OpenApiEnumStyle="Enum": for every C# enum of the documents above, a value the document does not list reads as the
    /// member 0 (Unknown) and writing it throws; every documented value reads as a member other than 0 and writes back as itself.
    /// </summary>
    [Theory]
    [InlineData("bundled")]
    [InlineData("spotify")]
    public void Unknown_values_read_as_the_Unknown_member_of_a_CSharp_enum(string name)
    {
        var path = name == "bundled" ? TestPaths.BundledDocument : Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml");
        var result = GeneratorHarness.Run(new TestDocument(path, File.ReadAllText(path), "DiffClient", "Diff") { Metadata = Enums });
        result.AssertCompilesClean();
        var assembly = result.Load();
        var resolverType = assembly.GetType("Diff.DiffJson")!;
        var options = (JsonSerializerOptions)resolverType.GetProperty("Options")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        var enums = assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == "Diff").ToList();
        Assert.NotEmpty(enums);
        var documented = 0;
        foreach (var type in enums)
        {
            var info = options.GetTypeInfo(type);
            var converter = assembly.GetType(type.FullName + "JsonConverter")!;
            var wire = converter.GetMethod("WireText")!;
            var isString = converter.GetMethod("WireNumber") is null;
            var unknown = JsonSerializer.Deserialize(isString ? "\"never-documented\"" : "-123456789", info)!;
            Assert.Equal(0, Convert.ToInt32(unknown, CultureInfo.InvariantCulture));
            Assert.Throws<ArgumentOutOfRangeException>(() => JsonSerializer.Serialize(unknown, info));
            foreach (var member in Enum.GetValues(type).Cast<object>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0))
            {
                var text = (string)wire.Invoke(null, [member])!;
                var json = isString ? JsonSerializer.Serialize(text) : text;
                Assert.Equal(member, JsonSerializer.Deserialize(json, info));
                Assert.Equal(json, JsonSerializer.Serialize(member, info));
                documented++;
            }
        }

        output.WriteLine($"{name}: {enums.Count} C# enums, {documented} documented values round-tripped, every unknown value read as Unknown");
    }

    /// <summary>
    /// Checks a value read by the generated converters against the JSON it was read from and the schema that JSON was
    /// made from: each declared property of an object is in its typed property (never in AdditionalProperties) with the
    /// value the JSON has; unknown ones are in AdditionalProperties; list items and map values likewise.
    /// </summary>
    private sealed class TypedValues(GeneratedModels models, JsonSerializerOptions generated, bool csharpEnums = false)
    {
        private readonly JsonSerializerOptions _options = new(generated) { TypeInfoResolver = JsonTypeInfoResolver.Combine(generated.TypeInfoResolver, new DefaultJsonTypeInfoResolver()) };

        /// <summary>Declared properties found in their typed property with the JSON's value.</summary>
        public int Properties { get; private set; }

        /// <summary>Unknown properties found in AdditionalProperties.</summary>
        public int Extras { get; private set; }

        public void Value(JsonNode? json, object? typed, Type declared, IOpenApiSchema? schema, string at, string input)
        {
            if (json is null)
            {
                Assert.True(typed is null or JsonElement { ValueKind: JsonValueKind.Null }, $"{at}: the JSON has null, the typed value is {typed}\n{input}");
                return;
            }

            Assert.True(typed is not null, $"{at}: the JSON has {Shorten(json.ToJsonString())}, the typed value is null (not set)\n{input}");
            if (csharpEnums && typed.GetType().IsEnum && Unwrap(schema)?.Enum is { Count: > 0 } listed && !listed.Any(v => v is not null && JsonNode.DeepEquals(v, json)))
            {
                // A value the schema does not list (a discriminator mapping's key, here): a C# enum reads it as Unknown.
                Assert.Equal(0, Convert.ToInt32(typed, CultureInfo.InvariantCulture));
                return;
            }

            string written;
            try
            {
                written = JsonSerializer.Serialize(typed, declared, _options);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new Xunit.Sdk.XunitException($"{at}: the JSON has {Shorten(json.ToJsonString())}, read as {typed} ({declared}), which cannot be written: {ex.Message}\n{input}");
            }

            Assert.True(JsonNode.DeepEquals(json, JsonNode.Parse(written)), $"{at}: the JSON has {Shorten(json.ToJsonString())}, the typed value is {Shorten(written)}\n{input}");

            var target = Unwrap(schema);
            var type = typed.GetType();
            if (models.IsModel(type) && json is JsonObject obj && target is not null)
            {
                Object(obj, typed, target, at, input);
            }
            else if (json is JsonArray array && target?.Items is { } items && ElementType(declared, typeof(IReadOnlyList<>)) is { } element && typed is IEnumerable list)
            {
                var i = 0;
                foreach (var item in list)
                {
                    Value(array[i], item, element, items, $"{at}[{i}]", input);
                    i++;
                }
            }
            else if (json is JsonObject map && target?.AdditionalProperties is { } values && target.Properties is not { Count: > 0 } && ElementType(declared, typeof(IReadOnlyDictionary<,>)) is { } valueType && typed is IDictionary dictionary)
            {
                foreach (var (key, value) in map)
                {
                    Assert.True(dictionary.Contains(key), $"{at}: the map's key '{key}' is missing\n{input}");
                    Value(value, dictionary[key], valueType, values, $"{at}[{key}]", input);
                }
            }
            else if (json is JsonObject variantJson && type.Assembly == models.Assembly && type.GetProperty("Value")?.GetValue(typed) is { } variant && models.IsModel(variant.GetType())
                && (target?.OneOf is { Count: > 0 } ? target.OneOf : target?.AnyOf)?.FirstOrDefault(v => v is OpenApiSchemaReference r && r.Reference?.Id is { } id && Declared.TypeName(id) == variant.GetType().Name) is { } variantSchema)
            {
                // A union holding a model of a referenced variant schema: that model is checked against its schema.
                Object(variantJson, variant, Declared.Target(variantSchema)!, at + " as " + variant.GetType().Name, input);
            }
        }

        private void Object(JsonObject json, object typed, IOpenApiSchema schema, string at, string input)
        {
            var declared = Declared.Properties(schema).Properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal);
            var shape = models.ShapeOf(typed.GetType(), declared.Keys);
            var extras = shape.Additional?.GetValue(typed) as IDictionary;
            foreach (var (key, value) in json)
            {
                if (declared.TryGetValue(key, out var propertySchema))
                {
                    Assert.True(extras?.Contains(key) != true, $"{at}: the declared property '{key}' was read into {shape.Additional?.Name}, not into a typed property\n{input}");
                    Assert.True(shape.ByJsonName.TryGetValue(key, out var property), $"{at}: the declared property '{key}' has no typed property in {typed.GetType().Name}\n{input}");
                    Properties++;
                    Value(value, property!.GetValue(typed), property.PropertyType, propertySchema, at + "." + key, input);
                }
                else
                {
                    Assert.True(extras?.Contains(key) == true, $"{at}: the unknown property '{key}' is not kept in {shape.Additional?.Name ?? "AdditionalProperties (the model has none)"}\n{input}");
                    Extras++;
                }
            }
        }

        /// <summary>The schema a value of this schema is read as: through references and a oneOf/anyOf of one schema besides null.</summary>
        private static IOpenApiSchema? Unwrap(IOpenApiSchema? schema)
        {
            var target = Declared.Target(schema);
            for (var i = 0; i < 8 && target is not null && target.Properties is not { Count: > 0 }; i++)
            {
                var variants = (target.OneOf is { Count: > 0 } ? target.OneOf : target.AnyOf)?.Where(v => Declared.Target(v)?.Type != JsonSchemaType.Null).ToList();
                if (variants is { Count: 1 })
                {
                    target = Declared.Target(variants[0]);
                }
                else if (target.AllOf is { Count: 1 } only && variants is null)
                {
                    target = Declared.Target(only[0]);
                }
                else
                {
                    break;
                }
            }

            return target;
        }

        private static Type? ElementType(Type declared, Type generic)
        {
            var type = Nullable.GetUnderlyingType(declared) ?? declared;
            return type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type.GetGenericArguments()[^1] : null;
        }

        private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>Random JSON for a schema: required properties always, optional ones sometimes, unknown ones now and then.</summary>
    private sealed class RandomJson(Random random, bool unknownEnumValues = true)
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
                    return unknownEnumValues && random.Next(6) == 0 ? JsonValue.Create("unknown-" + random.Next(100).ToString(CultureInfo.InvariantCulture)) : known[random.Next(known.Count)]!.DeepClone();
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
