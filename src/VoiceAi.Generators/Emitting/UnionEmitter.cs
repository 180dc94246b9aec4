using System.Globalization;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// A oneOf/anyOf → a class that holds one variant, chosen by the discriminator when the document has one, else by the
/// JSON's kind and, for objects, by which variant's properties it has. A value that no variant matches is kept as its
/// JSON (<c>IsKnown</c> is false) and written back unchanged, as is every value that was read.
/// </summary>
internal static class UnionEmitter
{
    private const string Json = "global::System.Text.Json.";

    public static string Emit(ClientInfo client, UnionSpec spec)
    {
        var typeName = "global::" + client.Namespace + "." + spec.Name;
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        var variants = spec.Variants;
        var summary = spec.Description ?? "One of: " + string.Join(", ", variants.Select(v => v.Name)) + ".";
        CSharp.Summary(writer, summary, "Holds one variant; a value that matches none is kept as JSON (IsKnown is false). A value that was read is written back unchanged.");
        writer.Line("[" + Json + "Serialization.JsonConverter(typeof(global::" + client.Namespace + "." + spec.Name + "JsonConverter))]");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed partial class " + spec.Name))
        {
            writer.Line("private readonly object? _value;");
            writer.Line("private readonly int _index;");
            writer.Line();
            using (writer.Block("private " + spec.Name + "(object? value, int index, " + Json + "JsonElement? json)"))
            {
                writer.Line("_value = value;");
                writer.Line("_index = index;");
                writer.Line("Json = json;");
            }

            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[i];
                var type = CSharp.TypeName(client, variant.Type);
                var index = i.ToString(CultureInfo.InvariantCulture);
                writer.Line();
                writer.Line("/// <summary>A " + spec.Name + " that is a " + CSharp.DocText(variant.Name) + ".</summary>");
                writer.Line("public static " + typeName + " From" + variant.Name + "(" + type + " value) => new(" + (variant.Type.IsValueType ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))") + ", " + index + ", null);");
                if (variant.Type.Kind is not (TypeKind.Array or TypeKind.Map or TypeKind.Json))
                {
                    writer.Line();
                    writer.Line("/// <summary>A " + spec.Name + " that is a " + CSharp.DocText(variant.Name) + ".</summary>");
                    writer.Line("public static implicit operator " + typeName + "(" + type + " value) => From" + variant.Name + "(value);");
                }

                writer.Line();
                writer.Line("/// <summary>Whether this is a " + CSharp.DocText(variant.Name) + ".</summary>");
                writer.Line("public bool Is" + variant.Name + " => _index == " + index + ";");
                writer.Line();
                writer.Line("/// <summary>The " + CSharp.DocText(variant.Name) + ", or null when this is another variant.</summary>");
                writer.Line("public " + type + "? As" + variant.Name + " => _index == " + index + " ? (" + type + ")_value! : " + (variant.Type.IsValueType ? "null" : "null") + ";");
            }

            writer.Line();
            writer.Line("/// <summary>Whether the value is one of the documented variants.</summary>");
            writer.Line("public bool IsKnown => _index >= 0;");
            writer.Line();
            writer.Line("/// <summary>The variant's value: one of the documented types, or null when the value is unknown.</summary>");
            writer.Line("public object? Value => _value;");
            writer.Line();
            writer.Line("/// <summary>The name of the variant, or null when the value is unknown.</summary>");
            writer.Line("public string? VariantName => _index switch { " + string.Concat(variants.Select((v, i) => i.ToString(CultureInfo.InvariantCulture) + " => " + CSharp.Literal(v.Name) + ", ")) + "_ => null };");
            writer.Line();
            writer.Line("/// <summary>The JSON this value was read from; null for a value made in code.</summary>");
            writer.Line("public " + Json + "JsonElement? Json { get; }");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override string ToString() => _value?.ToString() ?? Json?.GetRawText() ?? string.Empty;");
            writer.Line();
            WriteRead(writer, client, spec, typeName);
            writer.Line();
            WriteWrite(writer, client, spec);
            writer.Line();
            writer.Line($$"""
                private static bool TryRead<T>({{Json}}JsonElement json, {{Json}}Serialization.Metadata.JsonTypeInfo<T> typeInfo, out T value)
                {
                    try
                    {
                        value = {{Json}}JsonSerializer.Deserialize(json, typeInfo)!;
                        return value is not null;
                    }
                    catch ({{Json}}JsonException)
                    {
                        value = default!;
                        return false;
                    }
                    catch (global::System.FormatException)
                    {
                        value = default!;
                        return false;
                    }
                }

                private static int Score({{Json}}JsonElement json, string[] properties, string[] required)
                {
                    foreach (var name in required)
                    {
                        if (!json.TryGetProperty(name, out _))
                        {
                            return -1;
                        }
                    }

                    var score = 0;
                    foreach (var property in json.EnumerateObject())
                    {
                        if (global::System.Array.IndexOf(properties, property.Name) >= 0)
                        {
                            score++;
                        }
                    }

                    return score;
                }
                """);
            for (var i = 0; i < variants.Count; i++)
            {
                if (variants[i].Properties.Count > 0)
                {
                    writer.Line();
                    writer.Line("private static readonly string[] s_properties" + i.ToString(CultureInfo.InvariantCulture) + " = { " + string.Join(", ", variants[i].Properties.Select(CSharp.Literal)) + " };");
                    writer.Line("private static readonly string[] s_required" + i.ToString(CultureInfo.InvariantCulture) + " = { " + string.Join(", ", variants[i].RequiredProperties.Select(CSharp.Literal)) + " };");
                }
            }
        }

        writer.Line();
        writer.Line("/// <summary>Reads and writes <see cref=\"" + spec.Name + "\"/> without reflection.</summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed class " + spec.Name + "JsonConverter : " + Json + "Serialization.JsonConverter<" + typeName + ">"))
        {
            writer.Line("/// <summary>The shared instance.</summary>");
            writer.Line("public static readonly " + spec.Name + "JsonConverter Instance = new();");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + "JsonSerializerOptions options)");
            writer.Line("    => " + typeName + ".FromJson(" + Json + "JsonElement.ParseValue(ref reader));");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options)");
            writer.Line("    => value.WriteTo(writer);");
        }

        return writer.ToString();
    }

    private static string Info(ClientInfo client, TypeRef type) => CSharp.TypeInfoReference(client, type);

    private static void WriteRead(SourceWriter writer, ClientInfo client, UnionSpec spec, string typeName)
    {
        var variants = spec.Variants;
        writer.Line("/// <summary>The variant that <paramref name=\"json\"/> is; never throws for a value that matches none.</summary>");
        using (writer.Block("public static " + typeName + " FromJson(" + Json + "JsonElement json)"))
        {
            if (spec.Discriminator is { } discriminator && variants.Any(v => v.DiscriminatorValues.Count > 0))
            {
                using (writer.Block("if (json.ValueKind == " + Json + "JsonValueKind.Object && json.TryGetProperty(" + CSharp.Utf8Literal(discriminator) + ", out var __tag) && __tag.ValueKind == " + Json + "JsonValueKind.String)"))
                {
                    for (var i = 0; i < variants.Count; i++)
                    {
                        var variant = variants[i];
                        if (variant.DiscriminatorValues.Count == 0)
                        {
                            continue;
                        }

                        var condition = string.Join(" || ", variant.DiscriminatorValues.Select(v => "__tag.ValueEquals(" + CSharp.Utf8Literal(v) + ")"));
                        writer.Line("if ((" + condition + ") && TryRead(json, " + Info(client, variant.Type) + ", out var __v" + i.ToString(CultureInfo.InvariantCulture) + ")) return new(__v" + i.ToString(CultureInfo.InvariantCulture) + ", " + i.ToString(CultureInfo.InvariantCulture) + ", json.Clone());");
                    }

                    writer.Line("return new(null, -1, json.Clone()); // a variant this version does not know");
                }

                writer.Line();
            }

            if (variants.Any(v => v.Type.Kind != TypeKind.Json))
            {
                using (writer.Block("switch (json.ValueKind)"))
                {
                    WriteKindCase(writer, client, variants, "String", v => v.Kind is TypeKind.String or TypeKind.Enum or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Bytes or TypeKind.Uri or TypeKind.TimeSpan);
                    WriteKindCase(writer, client, variants, "Number", v => v.Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal || v.Kind == TypeKind.Enum);
                    WriteKindCase(writer, client, variants, "True or " + Json + "JsonValueKind.False", v => v.Kind == TypeKind.Boolean);
                    WriteKindCase(writer, client, variants, "Array", v => v.Kind == TypeKind.Array);
                    WriteObjectCase(writer, client, variants);
                    writer.Line("default:");
                    writer.Line("    break;");
                }

                writer.Line();
            }

            var fallback = Enumerable.Range(0, variants.Count).Where(i => variants[i].Type.Kind == TypeKind.Json).DefaultIfEmpty(-1).First();
            writer.Line(fallback >= 0
                ? "return new(json.Clone(), " + fallback.ToString(CultureInfo.InvariantCulture) + ", json.Clone());"
                : "return new(null, -1, json.Clone());");
        }
    }

    private static void WriteKindCase(SourceWriter writer, ClientInfo client, EquatableArray<UnionVariantSpec> variants, string kind, System.Func<TypeRef, bool> accepts)
    {
        var candidates = Enumerable.Range(0, variants.Count).Where(i => accepts(variants[i].Type)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        writer.Line("case " + Json + "JsonValueKind." + kind + ":");
        writer.Line("{");
        writer.Indent();

        // A documented enum value wins over a plain string; then the variants in the document's order.
        foreach (var i in candidates.Where(i => variants[i].Type.Kind == TypeKind.Enum))
        {
            var local = "__e" + i.ToString(CultureInfo.InvariantCulture);
            writer.Line("if (TryRead(json, " + Info(client, variants[i].Type) + ", out var " + local + ") && " + local + ".IsKnown) return new(" + local + ", " + i.ToString(CultureInfo.InvariantCulture) + ", json.Clone());");
        }

        foreach (var i in candidates)
        {
            var local = "__k" + i.ToString(CultureInfo.InvariantCulture);
            writer.Line("if (TryRead(json, " + Info(client, variants[i].Type) + ", out var " + local + ")) return new(" + local + ", " + i.ToString(CultureInfo.InvariantCulture) + ", json.Clone());");
        }

        writer.Line("break;");
        writer.Unindent();
        writer.Line("}");
    }

    private static void WriteObjectCase(SourceWriter writer, ClientInfo client, EquatableArray<UnionVariantSpec> variants)
    {
        var objects = Enumerable.Range(0, variants.Count).Where(i => variants[i].Type.Kind is TypeKind.Model or TypeKind.Map).ToList();
        if (objects.Count == 0)
        {
            return;
        }

        writer.Line("case " + Json + "JsonValueKind.Object:");
        writer.Line("{");
        writer.Indent();
        {
            // The object variant whose required properties are all there and that knows the most of the object's properties.
            var scored = objects.Where(i => variants[i].Properties.Count > 0).ToList();
            if (scored.Count > 0)
            {
                writer.Line("var __best = -1;");
                writer.Line("var __bestScore = -1;");
                foreach (var i in scored)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    writer.Line("var __s" + index + " = Score(json, s_properties" + index + ", s_required" + index + ");");
                    writer.Line("if (__s" + index + " > __bestScore) { __best = " + index + "; __bestScore = __s" + index + "; }");
                }

                using (writer.Block("switch (__best)"))
                {
                    foreach (var i in scored)
                    {
                        var index = i.ToString(CultureInfo.InvariantCulture);
                        writer.Line("case " + index + " when TryRead(json, " + Info(client, variants[i].Type) + ", out var __o" + index + "): return new(__o" + index + ", " + index + ", json.Clone());");
                    }
                }
            }

            foreach (var i in objects)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                writer.Line("if (TryRead(json, " + Info(client, variants[i].Type) + ", out var __f" + index + ")) return new(__f" + index + ", " + index + ", json.Clone());");
            }

            writer.Line("break;");
        }

        writer.Unindent();
        writer.Line("}");
    }

    private static void WriteWrite(SourceWriter writer, ClientInfo client, UnionSpec spec)
    {
        writer.Line("/// <summary>Writes the JSON this value was read from, or the variant made in code.</summary>");
        using (writer.Block("public void WriteTo(" + Json + "Utf8JsonWriter writer)"))
        {
            using (writer.Block("if (Json is { } json)"))
            {
                writer.Line("json.WriteTo(writer);");
                writer.Line("return;");
            }

            writer.Line();
            using (writer.Block("switch (_index)"))
            {
                for (var i = 0; i < spec.Variants.Count; i++)
                {
                    var variant = spec.Variants[i];
                    writer.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ": " + Json + "JsonSerializer.Serialize(writer, (" + CSharp.TypeName(client, variant.Type) + ")_value!, " + Info(client, variant.Type) + "); break;");
                }

                writer.Line("default: writer.WriteNullValue(); break;");
            }
        }
    }
}
