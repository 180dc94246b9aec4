using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace VoiceAi.Generators.Tests.Conformance;

/// <summary>
/// Valid JSON values made from a schema, for requests a validator must accept: enums (the <c>variant</c>-th member),
/// <c>const</c>, <c>format</c>, <c>pattern</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minItems</c>, required properties always and, with <c>all</c>, the optional ones too. Read-only properties are left
/// out (a request never sends them).
/// </summary>
public sealed class SchemaValues(bool all, int variant)
{
    private const int MaxDepth = 6;

    /// <summary>How many members the largest enum this value touched has: the calls needed to send each member once.</summary>
    public int LargestEnum { get; private set; } = 1;

    public JsonNode? Value(IOpenApiSchema? schema, int depth = 0)
    {
        schema = Target(schema);
        if (schema is null)
        {
            return JsonValue.Create("value");
        }

        if (schema.Const is { } constant)
        {
            return JsonValue.Create(constant);
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            var known = values.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null).ToList();
            if (known.Count > 0)
            {
                LargestEnum = Math.Max(LargestEnum, known.Count);
                return known[variant % known.Count]!.DeepClone();
            }
        }

        if (schema.AllOf is { Count: > 0 } allOf)
        {
            var merged = new JsonObject();
            var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
            foreach (var part in allOf)
            {
                required.UnionWith(Target(part)?.Required ?? new HashSet<string>());
            }

            foreach (var part in allOf.Append(schema))
            {
                var target = Target(part);
                if (target is null || (target.AllOf is { Count: > 0 } && ReferenceEquals(target, schema)))
                {
                    if (target is not null && target.Properties is { Count: > 0 })
                    {
                        Properties(target, depth, merged, required);
                    }

                    continue;
                }

                if (Value(part, depth + 1) is JsonObject piece)
                {
                    foreach (var property in piece.ToList())
                    {
                        piece.Remove(property.Key);
                        merged[property.Key] = property.Value;
                    }
                }

                if (target.Properties is { Count: > 0 })
                {
                    Properties(target, depth, merged, required);
                }
            }

            return merged;
        }

        var variants = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
        if (variants is { Count: > 0 } && schema.Properties is not { Count: > 0 })
        {
            var nonNull = variants.Where(v => Target(v) is { } t && t.Type != JsonSchemaType.Null).ToList();
            if (nonNull.Count == 0)
            {
                return null;
            }

            var chosen = nonNull[0];
            var value = Value(chosen, depth + 1);
            if (value is JsonObject obj && schema.Discriminator?.PropertyName is { } tag && !obj.ContainsKey(tag))
            {
                var mapped = schema.Discriminator.Mapping?.FirstOrDefault(m => chosen is OpenApiSchemaReference r && m.Value?.Reference?.Id == r.Reference?.Id).Key;
                obj[tag] = mapped ?? (chosen as OpenApiSchemaReference)?.Reference?.Id;
            }

            return value;
        }

        var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        return type switch
        {
            JsonSchemaType.String => String(schema),
            JsonSchemaType.Integer => JsonValue.Create((long)Number(schema, 1)),
            JsonSchemaType.Number => JsonValue.Create(Number(schema, 1.5)),
            JsonSchemaType.Boolean => JsonValue.Create(true),
            JsonSchemaType.Array => Array(schema, depth),
            _ when schema.Properties is { Count: > 0 } || type == JsonSchemaType.Object => Properties(schema, depth, new JsonObject(), null),
            _ => JsonValue.Create("value"),
        };
    }

    private JsonArray Array(IOpenApiSchema schema, int depth)
    {
        // Two items where the schema allows them: a single value of a form field reads back as a scalar, not a list.
        var array = new JsonArray();
        var count = Math.Min(Math.Max(schema.MinItems ?? 0, 2), schema.MaxItems ?? int.MaxValue);
        if (depth > MaxDepth)
        {
            count = schema.MinItems ?? 0;
        }

        for (var i = 0; i < count; i++)
        {
            var item = new SchemaValues(all, variant + i).Value(schema.Items, depth + 1);
            if (item is not null && !(schema.UniqueItems == true && array.Any(a => JsonNode.DeepEquals(a, item))))
            {
                array.Add(item);
            }
        }

        return array;
    }

    private JsonObject Properties(IOpenApiSchema schema, int depth, JsonObject obj, ISet<string>? alsoRequired)
    {
        var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        if (alsoRequired is not null)
        {
            required.UnionWith(alsoRequired);
        }

        // anyOf/oneOf of bare `required` lists beside the properties (OpenAI: image_url or file_id): the first one holds,
        // and under oneOf or `not: {required: […]}` the properties of the others stay out.
        var alternatives = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf ?? [])
            .Select(Target)
            .Where(v => v is { Required.Count: > 0, Properties: null or { Count: 0 }, Type: null })
            .Select(v => v!.Required!)
            .ToList();
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        if (alternatives.Count > 0)
        {
            required.UnionWith(alternatives[0]);
            if (schema.OneOf is { Count: > 0 })
            {
                excluded.UnionWith(alternatives.Skip(1).SelectMany(r => r).Where(k => !alternatives[0].Contains(k)));
            }
        }

        if (Target(schema.Not)?.Required is { Count: > 0 } together && together.All(k => schema.Properties?.ContainsKey(k) == true))
        {
            excluded.UnionWith(together.Where(k => !required.Contains(k)));
        }

        foreach (var (key, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            var target = Target(property);
            if (target is null || obj.ContainsKey(key) || target.ReadOnly || property.ReadOnly || excluded.Contains(key))
            {
                continue;
            }

            if (!required.Contains(key) && (!all || depth > 2 || target.Deprecated || property.Deprecated))
            {
                continue;
            }

            var value = Value(property, depth + 1);
            if (value is not null || Nullable(property))
            {
                obj[key] = value;
            }
        }

        return obj;
    }

    private static bool Nullable(IOpenApiSchema schema)
        => Target(schema) is { } t && (t.Type?.HasFlag(JsonSchemaType.Null) == true || t.Extensions?.ContainsKey("nullable") == true);

    private JsonValue String(IOpenApiSchema schema)
    {
        if (schema.Pattern is { } pattern && RegexSample.Sample(pattern) is { } matching)
        {
            return JsonValue.Create(matching);
        }

        var text = schema.Format switch
        {
            "date-time" => "2026-11-25T12:00:00Z",
            "date" => "2026-11-25",
            "time" => "12:00:00Z",
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "uri" or "url" => "https://example.com/resource",
            "email" => "user@example.com",
            "byte" => "AQID",
            "binary" => "binary",
            "ipv4" => "192.0.2.1",
            "hostname" => "example.com",
            "int64" or "int32" => "42",
            _ => "value",
        };
        if (schema.MinLength is { } min && text.Length < min)
        {
            text += new string('a', min - text.Length);
        }

        if (schema.MaxLength is { } max && text.Length > max)
        {
            text = text.Substring(0, Math.Max(max, schema.MinLength ?? 0));
        }

        return JsonValue.Create(text);
    }

    private static double Number(IOpenApiSchema schema, double preferred)
    {
        var value = preferred;
        if (ParseBound(schema.Minimum) is { } min)
        {
            value = Math.Max(value, min);
        }

        if (ParseBound(schema.ExclusiveMinimum) is { } exclusiveMin && value <= exclusiveMin)
        {
            value = exclusiveMin + 1;
        }

        if (ParseBound(schema.Maximum) is { } max && value > max)
        {
            value = max;
        }

        if (ParseBound(schema.ExclusiveMaximum) is { } exclusiveMax && value >= exclusiveMax)
        {
            value = exclusiveMax - 1;
        }

        if (schema.MultipleOf is { } step and > 0)
        {
            value = Math.Ceiling(value / (double)step) * (double)step;
        }

        return value;
    }

    private static double? ParseBound(string? bound)
        => bound is not null && double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static IOpenApiSchema? Target(IOpenApiSchema? schema)
    {
        for (var i = 0; i < 16 && schema is OpenApiSchemaReference reference; i++)
        {
            try
            {
                schema = reference.Target;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        return schema;
    }
}
