using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>
/// The generated models of a loaded assembly, seen from outside the generator: which C# property holds which JSON
/// property, and which one holds the properties a document does not list. A property's JSON name is the one its
/// documentation gives (the <c>JSON name: &lt;c&gt;…&lt;/c&gt;</c> remark, read from the compiled symbols); a property
/// without one holds the declared JSON name its C# name spells (<see cref="Spells"/>, written here from the rule README
/// states), and it must be exactly one. Nothing here asks the generator's model or its naming code.
/// </summary>
public sealed class GeneratedModels(Compilation compilation, Assembly assembly, string ns)
{
    private readonly Dictionary<(Type, string), Shape> _shapes = [];

    /// <summary>The C# properties of one model by JSON name, and the property (if any) that keeps unknown JSON properties.</summary>
    public sealed record Shape(IReadOnlyDictionary<string, PropertyInfo> ByJsonName, PropertyInfo? Additional);

    public Assembly Assembly => assembly;

    /// <summary>The generated type of that name in the client's namespace, or null.</summary>
    public Type? Find(string name) => assembly.GetType(ns + "." + name);

    /// <summary>A generated model: a record of the generated assembly (unions are classes, enums structs).</summary>
    public bool IsModel(Type type)
        => type.Assembly == assembly && type.IsClass && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    /// <summary>The shape of a model whose schema declares <paramref name="declared"/> (its JSON property names); throws when it has none.</summary>
    public Shape ShapeOf(Type type, IEnumerable<string> declared)
        => TryShapeOf(type, declared, out var problem) ?? throw new InvalidOperationException(problem);

    /// <summary>The shape of a model whose schema declares <paramref name="declared"/>, or null and why not.</summary>
    public Shape? TryShapeOf(Type type, IEnumerable<string> declared, out string? problem)
    {
        problem = null;
        var names = declared.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cacheKey = (type, string.Join("\n", names));
        if (_shapes.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        var symbol = compilation.GetTypeByMetadataName(type.FullName!) ?? throw new InvalidOperationException("No symbol for " + type.FullName);
        var byName = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        var others = new List<PropertyInfo>();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => (Property: p, Documented: JsonName(symbol.GetMembers(p.Name).OfType<IPropertySymbol>().Single())))
            .ToList();
        // A name another property's docs give is that one's: the spelling rule is for the names no docs give.
        var documentedNames = properties.Select(p => p.Documented).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (property, documented) in properties)
        {
            var spelled = names.Where(n => !documentedNames.Contains(n) && Spells(n, property.Name)).ToList();
            if (documented is null && spelled.Count > 1)
            {
                problem = $"{type.Name}.{property.Name}: its docs give no JSON name, and its name spells more than one that the schema declares: {string.Join(", ", spelled)}";
                return null;
            }

            if ((documented ?? spelled.SingleOrDefault()) is { } jsonName)
            {
                if (!byName.TryAdd(jsonName, property))
                {
                    problem = $"{type.Name}: both {byName[jsonName].Name} and {property.Name} hold the JSON property '{jsonName}'";
                    return null;
                }
            }
            else
            {
                others.Add(property);
            }
        }

        if (others.Count > 1 || others.Any(p => !p.PropertyType.IsGenericType || p.PropertyType.GetGenericTypeDefinition() != typeof(IReadOnlyDictionary<,>)))
        {
            problem = $"{type.Name}: public properties without a JSON name other than one dictionary of unknown properties: {string.Join(", ", others.Select(p => p.Name))}";
            return null;
        }

        return _shapes[cacheKey] = new Shape(byName, others.SingleOrDefault());
    }

    /// <summary>
    /// Whether a C# name spells a JSON name: the same ASCII letters and digits in the same order, case aside, the JSON
    /// name having no other characters than <c>_ - .</c> and spaces, the C# name none but underscores.
    /// </summary>
    public static bool Spells(string json, string name)
    {
        static string? Letters(string text, string separators)
            => text.All(c => char.IsAsciiLetterOrDigit(c) || separators.Contains(c))
                ? new string(text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray())
                : null;

        return Letters(json, " _-.") is { } spelling && spelling == Letters(name, "_");
    }

    /// <summary>The JSON name a property's documentation gives (<c>&lt;remarks&gt;JSON name: &lt;c&gt;name&lt;/c&gt;…</c>).</summary>
    private static string? JsonName(IPropertySymbol property)
    {
        var xml = property.GetDocumentationCommentXml();
        if (string.IsNullOrEmpty(xml))
        {
            return null;
        }

        var remarks = XElement.Parse(xml).Elements("remarks").FirstOrDefault(r => r.Value.StartsWith("JSON name: ", StringComparison.Ordinal));
        return remarks?.Element("c")?.Value;
    }
}

/// <summary>What a document declares, read from its own schemas (Microsoft.OpenApi's tree), not from the generator's model.</summary>
public static class Declared
{
    /// <summary>
    /// The type name expected for a component: PascalCase of its name, split at every character that is not a letter
    /// or an ASCII digit (a digit after a digit gets an underscore between), with an underscore before a leading digit.
    /// Written here from that rule, not taken from the generator's naming code: a component whose type is not found by
    /// this name is a failure (or, for a schema with no type of its own, counted as left out).
    /// </summary>
    public static string TypeName(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var part in key.Split(c => !(c < 128 ? char.IsLetterOrDigit(c) : char.IsLetter(c))))
        {
            if (builder.Length > 0 && char.IsDigit(builder[^1]) && char.IsDigit(part[0]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        return builder.Length == 0 ? "Schema" : char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
    }

    private static IEnumerable<string> Split(this string text, Func<char, bool> separator)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isSeparator = i == text.Length || separator(text[i]);
            if (!isSeparator && start < 0)
            {
                start = i;
            }
            else if (isSeparator && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>The schema a reference points to (through chains of references), or the schema itself.</summary>
    public static IOpenApiSchema? Target(IOpenApiSchema? schema) => Conformance.SchemaValues.Target(schema);

    /// <summary>
    /// The properties an object schema declares, its own and those of its <c>allOf</c> parts (a property declared twice
    /// keeps its first position and its last schema), and the names it requires, in any of those parts.
    /// </summary>
    public static (IReadOnlyList<(string Name, IOpenApiSchema Schema)> Properties, ISet<string> Required) Properties(IOpenApiSchema? schema)
    {
        var properties = new List<(string Name, IOpenApiSchema Schema)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema, properties, required, new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance));
        var merged = properties.Select(p => p.Name).Distinct(StringComparer.Ordinal).Select(n => (n, properties.Last(p => p.Name == n).Schema)).ToList();
        return (merged, required);
    }

    private static void Collect(IOpenApiSchema? schema, List<(string, IOpenApiSchema)> properties, HashSet<string> required, HashSet<IOpenApiSchema> visited)
    {
        var target = Target(schema);
        if (target is null || !visited.Add(target))
        {
            return;
        }

        foreach (var part in target.AllOf ?? [])
        {
            Collect(part, properties, required, visited);
        }

        foreach (var (name, property) in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            properties.Add((name, property));
        }

        required.UnionWith(target.Required ?? new HashSet<string>());
    }

    /// <summary>readOnly or writeOnly, on the property or beside its reference: sent by one side only.</summary>
    public static bool OneSided(IOpenApiSchema property)
        => property.ReadOnly || property.WriteOnly || Target(property) is { } t && (t.ReadOnly || t.WriteOnly);

    /// <summary>The document allows null: a 3.1 type array with null, or nullable: true (beside a reference too).</summary>
    public static bool AllowsNull(IOpenApiSchema property)
    {
        if (IsNullable(property))
        {
            return true;
        }

        var target = Target(property);
        if (target is null)
        {
            return true;
        }

        var variants = target.OneOf is { Count: > 0 } ? target.OneOf : target.AnyOf;
        return IsNullable(target) || variants?.Any(v => v is not OpenApiSchemaReference && v.Type == JsonSchemaType.Null) == true
            || (target.Enum?.Any(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.Null) ?? false);
    }

    private static bool IsNullable(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference { Reference: { } own })
        {
            return (own.SchemaType is { } t && (t & JsonSchemaType.Null) != 0) || Keyword(own.UnrecognizedKeywords);
        }

        return (schema.Type is { } type && (type & JsonSchemaType.Null) != 0) || Keyword(schema.UnrecognizedKeywords);
    }

    private static bool Keyword(IDictionary<string, System.Text.Json.Nodes.JsonNode>? keywords)
        => keywords?.TryGetValue("nullable", out var value) == true && value?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>Why a component schema has no type of its own (an alias), or null when it clearly has one.</summary>
    public static string? WhyNoTypeOfItsOwn(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            return "a reference to " + (reference.Reference?.Id ?? "another schema");
        }

        if (schema.Properties is { Count: > 0 })
        {
            return null;
        }

        var values = schema.Enum?.Where(v => v is not null && v.GetValueKind() != System.Text.Json.JsonValueKind.Null).ToList();
        if (values is { Count: > 0 } && values.All(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            return null;
        }

        var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf)?.Where(v => v is OpenApiSchemaReference || v.Type != JsonSchemaType.Null).ToList();
        if (variants is { Count: > 1 })
        {
            return null;
        }

        if (variants is { Count: 1 })
        {
            return "a oneOf/anyOf of one schema besides null";
        }

        if (schema.AllOf is { Count: > 0 } allOf)
        {
            return allOf.Count == 1 ? "an allOf of one schema" : "an allOf whose parts are not all objects";
        }

        if (values is { Count: > 0 })
        {
            return "an enum of numbers";
        }

        var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        return type switch
        {
            JsonSchemaType.Array => "an array",
            JsonSchemaType.Object when schema.AdditionalProperties is not null => "a map",
            JsonSchemaType.Object or null => "any JSON object or value",
            _ => "a plain " + type.ToString()!.ToLowerInvariant(),
        };
    }
}
