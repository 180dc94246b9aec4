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
/// System.Text.Json's own object serializer as an oracle for the generated converters. Random .NET instances of every
/// model are made by reflection; the oracle serializes them with STJ's built-in object converter, driven by metadata
/// taken from the document itself (parsed here with Microsoft.OpenApi, not through the generator's model): each JSON
/// name and required flag is the schema's own, and a property is written when the schema requires it, or when it was
/// set (optional ones), the document's contract for unset values. Each generated model is matched to its schema
/// without the generator's help: components by the expected type name, inline schemas by following the typed
/// properties, request bodies and success responses of the operations (found by the route remark of the client
/// interface); the C# property of each JSON property is the one whose documentation names it. The generated converters
/// are left out for models (enums and unions, which have no object shape, keep theirs). Both directions must agree:
/// our JSON equals the oracle's, the oracle reads ours back to the same JSON, and we read the oracle's back to the same
/// JSON. Models with no schema found, or none the instance maker can make (a required union, a cycle), are listed,
/// and the counts of models checked and left out are asserted per document.
/// </summary>
public class OracleTests(ITestOutputHelper output)
{
    /// <summary>Document, path, models checked both ways, models left out (listed in the output with the reason).</summary>
    public static TheoryData<string, string, int, int> Documents() => new()
    {
        { "bundled", TestPaths.BundledDocument, 72, 2 },
        { "swagger-petstore3", Path.Combine(TestPaths.Shared, "specs", "swagger-petstore3", "openapi.yaml"), 6, 0 },
        { "oai-petstore-expanded", Path.Combine(TestPaths.Shared, "specs", "oai-petstore-expanded", "petstore-expanded.yaml"), 3, 0 },
        { "spotify", Path.Combine(TestPaths.Shared, "specs", "spotify", "fixed-spotify-open-api.yml"), 125, 0 }, // 136 before equal inline objects became one type
        { "twilio-api-v2010", Path.Combine(TestPaths.Shared, "specs", "twilio-api-v2010", "twilio_api_v2010.json"), 203, 0 }, // 212 before
        { "focused", TestPaths.Document("focused.yaml"), 2, 0 },
    };

    private const int InstancesPerModel = 20;

    [Theory]
    [MemberData(nameof(Documents))]
    public void Random_instances_serialize_the_same_with_the_generated_converters_and_with_the_reflection_oracle(string name, string path, int expectedModels, int expectedLeftOut)
    {
        Assert.True(File.Exists(path), path);
        const string ns = "Oracle", clientName = "OracleClient";
        var text = File.ReadAllText(path);
        var generated = GeneratorHarness.Run(new TestDocument(path, text, clientName, ns));
        generated.AssertCompilesClean();
        var assembly = generated.Load();
        var ours = (IJsonTypeInfoResolver)assembly.GetType($"{ns}.OracleJson")!.GetProperty("Default")!.GetValue(null)!;

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var document = OpenApiDocument.Parse(text, path.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings).Document!;
        var generatedModels = new GeneratedModels(generated.Output, assembly, ns);
        var methods = ClientMethods.Read(ClientMethods.ClientTree(generated.Sources), "I" + clientName);
        var contracts = Contracts.Build(document, generatedModels, methods, assembly.GetType($"{ns}.I{clientName}")!);
        Assert.True(contracts.Problems.Count == 0, $"{name}: the generated models do not have the document's properties:\n" + string.Join("\n", contracts.Problems.Take(40)));

        var allModels = assembly.GetTypes().Where(t => t.Namespace == ns && generatedModels.IsModel(t)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var leftOut = allModels.Where(t => !contracts.ByType.ContainsKey(t)).Select(t => $"{t.Name}: no schema of the document found for it").ToList();
        var models = contracts.ByType;
        var leaves = new HashSet<Type>(assembly.GetTypes().Where(t => t.Namespace == ns && !generatedModels.IsModel(t) && t.GetCustomAttribute<System.Text.Json.Serialization.JsonConverterAttribute>() is not null));
        var ourOptions = new JsonSerializerOptions { TypeInfoResolver = ours };
        var oracleOptions = new JsonSerializerOptions { TypeInfoResolver = new Oracle(models, leaves, ours, assembly) };

        var random = new Random(name.Length * 7919 + 17);
        var instances = 0;
        var checkedModels = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        var tally = new Tally();
        foreach (var (type, contract) in models.OrderBy(m => m.Key.Name, StringComparer.Ordinal))
        {
            var made = 0;
            for (var i = 0; i < InstancesPerModel; i++)
            {
                var maker = new Instances(random, models, skipped, tally);
                var instance = maker.Make(type, depth: 0);
                if (instance is null)
                {
                    continue; // a required value it could not make this time (a union, or too deep)
                }

                var ourJson = JsonSerializer.Serialize(instance, type, ourOptions);
                var oracleJson = JsonSerializer.Serialize(instance, type, oracleOptions);
                Same(name, type.Name, "written", oracleJson, ourJson);

                // Each reads what the other wrote, and writes it back the same.
                var readByOracle = JsonSerializer.Deserialize(ourJson, type, oracleOptions);
                Same(name, type.Name, "ours read by the oracle", ourJson, JsonSerializer.Serialize(readByOracle, type, ourOptions));
                var readByUs = JsonSerializer.Deserialize(oracleJson, type, ourOptions);
                Same(name, type.Name, "the oracle's read by ours", oracleJson, JsonSerializer.Serialize(readByUs, type, oracleOptions));
                instances++;
                made++;
            }

            if (made > 0)
            {
                checkedModels++;
            }
            else
            {
                leftOut.Add($"{type.Name} ({contract.Where}): no instance made (a required union, or a cycle)");
            }
        }

        leftOut.Sort(StringComparer.Ordinal);
        output.WriteLine($"{name}: {allModels.Count} models, {checkedModels} checked with {instances} instances that agree both ways, {contracts.Properties} properties described from the document, {tally.RequiredNulls} required ones left null (set so or never set); {leftOut.Count} left out:" + string.Concat(leftOut.Select(l => "\n  " + l)));
        Assert.True(checkedModels == expectedModels, $"{name}: {checkedModels} models checked, {expectedModels} expected");
        Assert.True(leftOut.Count == expectedLeftOut, $"{name}: {leftOut.Count} models left out, {expectedLeftOut} expected:\n" + string.Join("\n", leftOut));
        Assert.True(instances >= checkedModels, $"{instances} instances for {checkedModels} models");
    }

    private static void Same(string document, string model, string what, string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{document} {model} ({what}):\n expected: {expected}\n actual:   {actual}");

    /// <summary>One JSON property of a model as the document describes it, and the C# property that holds it.</summary>
    private sealed record Member(string JsonName, PropertyInfo Property, bool Required, bool Nullable, bool IsConst);

    /// <summary>A generated model's contract from the document: where its schema is, and its properties.</summary>
    private sealed record Contract(string Where, IReadOnlyList<Member> Members);

    /// <summary>
    /// The document's contract for each generated model it can be matched to: components by the expected type name, the
    /// rest by following typed properties (their lists, maps and unknown-property values), request bodies and success
    /// responses from their schemas. Required: listed in <c>required</c> (of the schema or any allOf part) and neither
    /// readOnly nor writeOnly (sent by one side only, so optional for a model both sides use).
    /// </summary>
    private sealed class Contracts
    {
        private readonly GeneratedModels _models;
        private readonly Queue<(Type Type, IOpenApiSchema Schema, string Where)> _pending = new();

        private Contracts(GeneratedModels models) => _models = models;

        public Dictionary<Type, Contract> ByType { get; } = [];

        public List<string> Problems { get; } = [];

        public int Properties { get; private set; }

        public static Contracts Build(OpenApiDocument document, GeneratedModels models, IReadOnlyDictionary<string, IReadOnlyList<ClientMethod>> methods, Type client)
        {
            var contracts = new Contracts(models);
            foreach (var (key, schema) in (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (models.Find(Declared.TypeName(key)) is { } type && models.IsModel(type) && Declared.Target(schema) is { } target)
                {
                    contracts.Add(type, target, "#/components/schemas/" + key);
                }
            }

            foreach (var (path, item) in document.Paths ?? [])
            {
                foreach (var (method, operation) in item.Operations ?? [])
                {
                    var route = method.Method.ToUpperInvariant() + " " + path;
                    if (!methods.TryGetValue(route, out var found))
                    {
                        continue;
                    }

                    var runtime = client.GetMethods().First(m => m.Name == found[0].Name);
                    if (runtime.GetParameters().FirstOrDefault(p => p.Name == "request") is { } body && operation.RequestBody?.Content is { Count: > 0 } content)
                    {
                        var said = System.Text.RegularExpressions.Regex.Match(found[0].Documentation.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == "request")?.Value ?? string.Empty, @"\(([^()]+)\)\.\s*$").Groups[1].Value;
                        var media = content.TryGetValue(said, out var named) ? named : content.Count == 1 ? content.Values.Single() : content.FirstOrDefault(c => RawDocument.IsJson(c.Key)).Value;
                        contracts.Reach(body.ParameterType, media?.Schema, route + " request body");
                    }

                    var answer = runtime.ReturnType.IsGenericType && runtime.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? runtime.ReturnType.GetGenericArguments()[0] : null;
                    var success = (operation.Responses ?? []).Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key, StringComparer.Ordinal)
                        .Select(r => r.Value.Content?.FirstOrDefault(c => RawDocument.IsJson(c.Key)).Value?.Schema).FirstOrDefault(s => s is not null);
                    if (answer is not null && success is not null)
                    {
                        contracts.Reach(answer, success, route + " response");
                    }
                }
            }

            contracts.Drain();

            // Error bodies have no route to their type: a model nothing else reached is matched to the inline schema of
            // an error response whose properties are exactly the model's.
            var errors = (document.Paths ?? []).SelectMany(p => (p.Value.Operations ?? []).SelectMany(o => (o.Value.Responses ?? [])
                    .Where(r => !r.Key.StartsWith('2'))
                    .Select(r => (Where: $"{o.Key.Method.ToUpperInvariant()} {p.Key} {r.Key} response", Schema: Unwrap(r.Value.Content?.FirstOrDefault(c => RawDocument.IsJson(c.Key)).Value?.Schema)))))
                .Where(e => e.Schema is not null)
                .ToList();
            foreach (var type in models.Assembly.GetTypes().Where(t => models.IsModel(t) && !contracts.ByType.ContainsKey(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var match = errors.FirstOrDefault(e => Declared.Properties(e.Schema).Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal) is { Count: > 0 } declared
                    && models.TryShapeOf(type, declared, out _) is { } shape && declared.SetEquals(shape.ByJsonName.Keys));
                if (match.Schema is not null)
                {
                    contracts.Add(type, match.Schema, match.Where + ", matched by its property names");
                    contracts.Drain();
                }
            }

            return contracts;
        }

        private void Add(Type type, IOpenApiSchema schema, string where)
        {
            if (!ByType.ContainsKey(type))
            {
                ByType[type] = new Contract(where, []);
                _pending.Enqueue((type, schema, where));
            }
        }

        private void Drain()
        {
            while (_pending.TryDequeue(out var next))
            {
                var (type, schema, where) = next;
                var (properties, required) = Declared.Properties(schema);
                var shape = _models.ShapeOf(type, properties.Select(p => p.Name));
                var members = new List<Member>();
                foreach (var (jsonName, propertySchema) in properties)
                {
                    if (!shape.ByJsonName.TryGetValue(jsonName, out var property))
                    {
                        Problems.Add($"{type.Name} ({where}): the document's property '{jsonName}' has no typed property");
                        continue;
                    }

                    var target = Declared.Target(propertySchema);
                    var isRequired = required.Contains(jsonName) && !Declared.OneSided(propertySchema);
                    var nullable = Declared.AllowsNull(propertySchema);
                    var isConst = isRequired && target?.Const is not null && target.Type is { } t && (t & ~JsonSchemaType.Null) == JsonSchemaType.String && !nullable;
                    members.Add(new Member(jsonName, property, isRequired, nullable, isConst));
                    Properties++;
                    Reach(property.PropertyType, propertySchema, where + "/" + jsonName);
                }

                foreach (var invented in shape.ByJsonName.Keys.Where(k => !properties.Any(p => p.Name == k)))
                {
                    Problems.Add($"{type.Name} ({where}): a typed property for '{invented}', which the document does not declare");
                }

                if (shape.Additional is { } additional && Declared.Target(schema)?.AdditionalProperties is { } extra)
                {
                    Reach(additional.PropertyType, new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = extra }, where + "/additionalProperties");
                }

                ByType[type] = new Contract(where, members);
            }
        }

        /// <summary>A value of <paramref name="type"/> is read from <paramref name="schema"/>: the models it holds are matched to their schemas.</summary>
        private void Reach(Type type, IOpenApiSchema? schema, string where)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var target = Unwrap(schema);
            if (target is null)
            {
                return;
            }

            if (_models.IsModel(type))
            {
                Add(type, target, where);
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                Reach(type.GetGenericArguments()[0], target.Items, where + "/items");
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            {
                Reach(type.GetGenericArguments()[1], target.AdditionalProperties, where + "/additionalProperties");
            }
        }

        /// <summary>Through references, a oneOf/anyOf of one schema besides null, and an allOf of one schema.</summary>
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
    }

    /// <summary>
    /// STJ's object metadata for the generated models, from the document's contract: the built-in object converter does
    /// the work, not ours. Other types come from STJ's reflection resolver, enums and unions (and models with no
    /// contract, which are never made) from the generated resolver.
    /// </summary>
    private sealed class Oracle(Dictionary<Type, Contract> models, HashSet<Type> leaves, IJsonTypeInfoResolver ours, Assembly generated) : IJsonTypeInfoResolver
    {
        private readonly DefaultJsonTypeInfoResolver _reflection = new();

        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        {
            if (leaves.Contains(type))
            {
                return ours.GetTypeInfo(type, options);
            }

            if (!models.TryGetValue(type, out var contract))
            {
                // Told by the assembly, not by a leaf's: a document without enums or unions has no leaves.
                return type.Assembly == generated ? ours.GetTypeInfo(type, options) : _reflection.GetTypeInfo(type, options);
            }

            return (JsonTypeInfo)typeof(Oracle).GetMethod(nameof(ObjectInfo), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [options, contract])!;
        }

        private static JsonTypeInfo<T> ObjectInfo<T>(JsonSerializerOptions options, Contract contract)
            where T : notnull
        {
            var values = new JsonObjectInfoValues<T>
            {
                ObjectCreator = () => (T)Activator.CreateInstance(typeof(T))!,
                PropertyMetadataInitializer = _ => contract.Members.Select(p => Property<T>(options, p)).ToArray(),
            };
            return JsonMetadataServices.CreateObjectInfo(options, values);
        }

        private static JsonPropertyInfo Property<T>(JsonSerializerOptions options, Member member)
            => (JsonPropertyInfo)typeof(Oracle).GetMethod(nameof(TypedProperty), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(T), member.Property.PropertyType).Invoke(null, [options, member])!;

        private static JsonPropertyInfo TypedProperty<T, TProperty>(JsonSerializerOptions options, Member member)
        {
            var property = member.Property;
            var info = JsonMetadataServices.CreatePropertyInfo(options, new JsonPropertyInfoValues<TProperty>
            {
                IsProperty = true,
                IsPublic = true,
                DeclaringType = typeof(T),
                PropertyName = property.Name,
                JsonPropertyName = member.JsonName,
                Getter = o => (TProperty)property.GetValue(o)!,
                Setter = (o, v) => property.SetValue(o, v),
            });

            // The document's contract for writing: required always, an optional value only when it was set.
            var isSet = typeof(T).GetField("__" + property.Name + "IsSet", BindingFlags.NonPublic | BindingFlags.Instance);
            var backing = typeof(T).GetField("__" + property.Name, BindingFlags.NonPublic | BindingFlags.Instance);
            info.ShouldSerialize = member.Required
                ? null
                : isSet is not null
                    ? (o, _) => (bool)isSet.GetValue(o)!
                    : backing is not null
                        ? (o, _) => backing.GetValue(o) is not null
                        : (_, v) => v is not null;
            return info;
        }
    }

    /// <summary>What the instance maker did, for the output.</summary>
    private sealed class Tally
    {
        public int RequiredNulls { get; set; }
    }

    /// <summary>
    /// Random instances of generated types, made by reflection; optional properties left unset now and then, and
    /// required ones the document allows to be null left null, set so or never set.
    /// </summary>
    private sealed class Instances(Random random, Dictionary<Type, Contract> models, ISet<string> skipped, Tally tally)
    {
        private const int MaxDepth = 3;

        public object? Make(Type type, int depth)
        {
            var contract = models[type];
            var instance = Activator.CreateInstance(type)!;
            foreach (var property in contract.Members)
            {
                if (property.IsConst || (!property.Required && (depth >= MaxDepth || random.Next(3) == 0)))
                {
                    continue;
                }

                var info = property.Property;
                if (property.Required && property.Nullable && random.Next(4) == 0)
                {
                    // Null, set so or never set: a property the document requires is written either way.
                    if (random.Next(2) == 0)
                    {
                        info.SetValue(instance, null);
                    }

                    tally.RequiredNulls++;
                    continue;
                }

                var value = Value(info.PropertyType, depth + 1);
                if (value is Unmakeable)
                {
                    if (property.Required)
                    {
                        skipped.Add(type.Name);
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
