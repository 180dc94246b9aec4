using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using VoiceAi.Generators.Reading;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceAi.Generators.Tests.Differential;

/// <summary>
/// System.Text.Json's own object serializer as an oracle for the generated converters. Random .NET instances of every
/// model are made by reflection; the oracle serializes them with STJ's built-in object converter, driven by property
/// metadata read by reflection (JSON names from the document; a property is written when it is required, set, or not
/// null, the document's contract for unset values), with the generated converters left out for models (enums and unions,
/// which have no object shape, keep theirs). Both directions must agree:
/// our JSON equals the oracle's, the oracle reads ours back to the same JSON, and we read the oracle's back to the same JSON.
/// </summary>
public class OracleTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Documents() => new()
    {
        { "bundled", TestPaths.BundledDocument },
        { "swagger-petstore3", Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml") },
        { "oai-petstore-expanded", Path.Combine(TestPaths.Shared, "specs", "oai-petstore-expanded", "petstore-expanded.yaml") },
        { "spotify", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml") },
        { "twilio-api-v2010", Path.Combine(TestPaths.Shared, "specs", "twilio-api-v2010", "twilio_api_v2010.json") },
        { "focused", TestPaths.Document("focused.yaml") },
    };

    private const int InstancesPerModel = 20;

    [Theory]
    [MemberData(nameof(Documents))]
    public void Random_instances_serialize_the_same_with_the_generated_converters_and_with_the_reflection_oracle(string name, string path)
    {
        Assert.True(File.Exists(path), path);
        const string ns = "Oracle", clientName = "OracleClient";
        var text = File.ReadAllText(path);
        var model = DocumentReader.Read(new DocumentInput(path, clientName, ns, text), CancellationToken.None).Model!;
        var generated = GeneratorHarness.Run(new TestDocument(path, text, clientName, ns));
        generated.AssertCompilesClean();
        var assembly = generated.Load();
        var ours = (IJsonTypeInfoResolver)assembly.GetType($"{ns}.OracleJson")!.GetProperty("Default")!.GetValue(null)!;

        var models = model.Models.ToDictionary(m => assembly.GetType($"{ns}.{m.Name}")!, m => m);
        var leaves = new HashSet<Type>(model.Enums.Select(e => assembly.GetType($"{ns}.{e.Name}")!).Concat(model.Unions.Select(u => assembly.GetType($"{ns}.{u.Name}")!)));
        var ourOptions = new JsonSerializerOptions { TypeInfoResolver = ours };
        var oracleOptions = new JsonSerializerOptions { TypeInfoResolver = new Oracle(models, leaves, ours) };

        var random = new Random(name.Length * 7919 + 17);
        var instances = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (type, spec) in models.OrderBy(m => m.Value.Name, StringComparer.Ordinal))
        {
            for (var i = 0; i < InstancesPerModel; i++)
            {
                var maker = new Instances(random, models, skipped);
                var instance = maker.Make(type, depth: 0);
                if (instance is null)
                {
                    break;
                }

                var ourJson = JsonSerializer.Serialize(instance, type, ourOptions);
                var oracleJson = JsonSerializer.Serialize(instance, type, oracleOptions);
                Same(name, spec.Name, "written", oracleJson, ourJson);

                // Each reads what the other wrote, and writes it back the same.
                var readByOracle = JsonSerializer.Deserialize(ourJson, type, oracleOptions);
                Same(name, spec.Name, "ours read by the oracle", ourJson, JsonSerializer.Serialize(readByOracle, type, ourOptions));
                var readByUs = JsonSerializer.Deserialize(oracleJson, type, ourOptions);
                Same(name, spec.Name, "the oracle's read by ours", oracleJson, JsonSerializer.Serialize(readByUs, type, oracleOptions));
                instances++;
            }
        }

        output.WriteLine($"{name}: {models.Count} models, {instances} instances agree both ways" + (skipped.Count > 0 ? "; not made (required union or cycle): " + string.Join(", ", skipped) : string.Empty));
        Assert.True(instances >= models.Count, $"{instances} instances for {models.Count} models");
    }

    private static void Same(string document, string model, string what, string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{document} {model} ({what}):\n expected: {expected}\n actual:   {actual}");

    /// <summary>
    /// STJ's object metadata for the generated models, from reflection: the built-in object converter does the work,
    /// not ours. Other types come from STJ's reflection resolver, enums and unions from the generated resolver.
    /// </summary>
    private sealed class Oracle(Dictionary<Type, ModelSpec> models, HashSet<Type> leaves, IJsonTypeInfoResolver ours) : IJsonTypeInfoResolver
    {
        private readonly DefaultJsonTypeInfoResolver _reflection = new();

        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        {
            if (leaves.Contains(type))
            {
                return ours.GetTypeInfo(type, options);
            }

            if (!models.TryGetValue(type, out var spec))
            {
                return _reflection.GetTypeInfo(type, options);
            }

            return (JsonTypeInfo)typeof(Oracle).GetMethod(nameof(ObjectInfo), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [options, spec])!;
        }

        private static JsonTypeInfo<T> ObjectInfo<T>(JsonSerializerOptions options, ModelSpec spec)
            where T : notnull
        {
            var values = new JsonObjectInfoValues<T>
            {
                ObjectCreator = () => (T)Activator.CreateInstance(typeof(T))!,
                PropertyMetadataInitializer = _ => spec.Properties.Select(p => Property<T>(options, p)).ToArray(),
            };
            return JsonMetadataServices.CreateObjectInfo(options, values);
        }

        private static JsonPropertyInfo Property<T>(JsonSerializerOptions options, PropertySpec spec)
        {
            var property = typeof(T).GetProperty(spec.Name)!;
            return (JsonPropertyInfo)typeof(Oracle).GetMethod(nameof(TypedProperty), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(T), property.PropertyType).Invoke(null, [options, spec, property])!;
        }

        private static JsonPropertyInfo TypedProperty<T, TProperty>(JsonSerializerOptions options, PropertySpec spec, PropertyInfo property)
        {
            var info = JsonMetadataServices.CreatePropertyInfo(options, new JsonPropertyInfoValues<TProperty>
            {
                IsProperty = true,
                IsPublic = true,
                DeclaringType = typeof(T),
                PropertyName = spec.Name,
                JsonPropertyName = spec.JsonName,
                Getter = o => (TProperty)property.GetValue(o)!,
                Setter = (o, v) => property.SetValue(o, v),
            });

            // The document's contract for writing: required and const always, an optional value only when it was set.
            var isSet = typeof(T).GetField("__" + spec.Name + "IsSet", BindingFlags.NonPublic | BindingFlags.Instance);
            var backing = typeof(T).GetField("__" + spec.Name, BindingFlags.NonPublic | BindingFlags.Instance);
            info.ShouldSerialize = spec.Required || spec.IsConst
                ? null
                : isSet is not null
                    ? (o, _) => (bool)isSet.GetValue(o)!
                    : backing is not null
                        ? (o, _) => backing.GetValue(o) is not null
                        : (_, v) => v is not null;
            return info;
        }
    }

    /// <summary>Random instances of generated types, made by reflection; optional properties left unset now and then.</summary>
    private sealed class Instances(Random random, Dictionary<Type, ModelSpec> models, ISet<string> skipped)
    {
        private const int MaxDepth = 3;

        public object? Make(Type type, int depth)
        {
            var spec = models[type];
            var instance = Activator.CreateInstance(type)!;
            foreach (var property in spec.Properties)
            {
                if (property.IsConst || (!property.Required && (depth >= MaxDepth || random.Next(3) == 0)))
                {
                    continue;
                }

                var info = type.GetProperty(property.Name)!;
                var value = property.Nullable && random.Next(4) == 0 && property.Required ? null : Value(info.PropertyType, depth + 1);
                if (value is Unmakeable)
                {
                    if (property.Required)
                    {
                        skipped.Add(spec.Name);
                        return null;
                    }

                    continue;
                }

                info.SetValue(instance, value);
            }

            return instance;
        }

        private sealed class Unmakeable
        {
            public static readonly Unmakeable Instance = new();
        }

        private object? Value(Type type, int depth)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (models.ContainsKey(type))
            {
                return depth > MaxDepth + 2 ? Unmakeable.Instance : Make(type, depth) ?? (object)Unmakeable.Instance;
            }

            if (type.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is IList known && known.Count > 0)
            {
                return known[random.Next(known.Count)];
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                var element = type.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
                for (var i = random.Next(3); i > 0; i--)
                {
                    var item = Value(element, depth + 1);
                    if (item is Unmakeable)
                    {
                        return Unmakeable.Instance;
                    }

                    list.Add(item);
                }

                return list;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            {
                var element = type.GetGenericArguments()[1];
                var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), element))!;
                for (var i = random.Next(3); i > 0; i--)
                {
                    var item = Value(element, depth + 1);
                    if (item is Unmakeable)
                    {
                        return Unmakeable.Instance;
                    }

                    map["key_" + i.ToString(CultureInfo.InvariantCulture)] = item;
                }

                return map;
            }

            return type switch
            {
                _ when type == typeof(string) => random.Next(5) switch
                {
                    0 => "plain",
                    1 => "quote \" backslash \\ tab \t newline \n nul \u0000",
                    2 => "ünïcödé 名前 😀 \u2028",
                    3 => string.Empty,
                    _ => "<script>&amp;</script> +1 % #",
                },
                _ when type == typeof(int) => random.Next(int.MinValue, int.MaxValue),
                _ when type == typeof(long) => random.Next(3) switch { 0 => long.MaxValue, 1 => long.MinValue, _ => (long)random.Next() * 1_000_003 },
                _ when type == typeof(float) => (float)Math.Round(random.NextDouble() * 1e4, 2),
                _ when type == typeof(double) => random.Next(3) == 0 ? random.NextDouble() * 1e300 : Math.Round(random.NextDouble() * 1e6, 3),
                _ when type == typeof(decimal) => decimal.Round((decimal)random.NextDouble() * 1_000_000m, 6),
                _ when type == typeof(bool) => random.Next(2) == 0,
                _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2000 + random.Next(30), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromMinutes(30 * random.Next(-10, 11))).AddTicks(random.Next(10_000_000)),
                _ when type == typeof(DateOnly) => new DateOnly(1900 + random.Next(200), 1 + random.Next(12), 1 + random.Next(28)),
                _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(random.Next(100_000)),
                _ when type == typeof(Guid) => new Guid(random.Next(), 1, 2, 3, 4, 5, 6, 7, 8, 9, (byte)random.Next(256)),
                _ when type == typeof(Uri) => new Uri("https://example.com/a%20b?q=" + random.Next(100).ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(byte[]) => Enumerable.Range(0, random.Next(8)).Select(_ => (byte)random.Next(256)).ToArray(),
                _ when type == typeof(JsonElement) => JsonDocument.Parse(random.Next(3) switch { 0 => "{\"a\":[1,\"two\",null]}", 1 => "42", _ => "\"text\"" }).RootElement.Clone(),
                _ => Unmakeable.Instance, // a union: no object shape to make by reflection
            };
        }
    }
}
