using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// A oneOf/anyOf → a class that holds one variant, chosen by the discriminator when the document has one, else by the
/// JSON's kind and, for objects, by which variant's properties it has (for lists, by their first item). Of objects and
/// lists only the chosen variant is read, once: a recursive union read variant after variant would read its nested
/// values once per variant at every level. A value that no variant matches, or that does not read as the chosen one, is
/// kept as its JSON (<c>IsKnown</c> is false) and written back unchanged, as is every value that was read.
/// </summary>
internal static class UnionEmitter
{
    private const string Json = "__j.";

    /// <summary>The type and its converter, without the file header (a TypesFile writes it, with others).</summary>
    public static void Write(SourceWriter writer, ClientInfo client, UnionSpec spec)
    {
        var typeName = CSharp.Ns + spec.Name;
        var variants = spec.Variants;
        var summary = spec.Description ?? "One of: " + string.Join(", ", variants.Select(v => v.Name)) + ".";
        CSharp.Summary(writer, summary, "Holds one variant; a value that matches none is kept as JSON (IsKnown is false). A value that was read is written back unchanged.");
        writer.Line(CSharp.ConverterAttribute(spec.Name));
        writer.Line(CSharp.GeneratedCodeAttribute);
        // What every union has (IsKnown, Value, Json, ToString, WriteTo) is in the client's union base; FromJson's docs are
        // its interface's, and the converter's code is the converter base's.
        using (writer.Block("public sealed partial class " + spec.Name + " : " + CSharp.Ns + client.UnionBaseName + ", " + CSharp.Ns + client.UnionInterfaceName + "<" + typeName + ">"))
        {
            writer.Line("private " + spec.Name + "(object? value, int index, " + Json + "JsonElement? json) : base(value, index, json) { }");
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[i];
                var type = CSharp.TypeName(client, variant.Type);
                var index = i.ToString(CultureInfo.InvariantCulture);
                writer.Line();
                writer.Line("/// <summary>A " + spec.Name + " that is a " + CSharp.DocText(variant.Name) + ".</summary>");
                writer.Line("public static " + typeName + " From" + variant.Name + "(" + type + " value) => new(" + (variant.Type.IsValueType ? "value" : "value ?? throw new __x.ArgumentNullException(nameof(value))") + ", " + index + ", null);");
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
                writer.Line("public " + type + "? As" + variant.Name + " => _index == " + index + " ? (" + type + ")_value! : null;");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override string? VariantName => _index switch { " + string.Concat(variants.Select((v, i) => i.ToString(CultureInfo.InvariantCulture) + " => " + CSharp.Literal(v.Name) + ", ")) + "_ => null };");
            writer.Line();
            WriteRead(writer, client, spec, typeName);
            writer.Line();
            WriteVariantReading(writer, client, spec, typeName);
        }

        writer.Line();
        writer.Line("/// <summary>Reads and writes <see cref=\"" + spec.Name + "\"/> without reflection.</summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed class " + spec.Name + "JsonConverter : " + CSharp.Ns + client.UnionConverterName + "<" + typeName + ">"))
        {
            writer.Line("/// <summary>The shared instance.</summary>");
            writer.Line("public static readonly " + spec.Name + "JsonConverter Instance = new();");
        }
    }

    private static string Info(ClientInfo client, TypeRef type) => CSharp.TypeInfoReference(client, type);

    private static void WriteRead(SourceWriter writer, ClientInfo client, UnionSpec spec, string typeName)
    {
        var variants = spec.Variants;
        writer.Line("/// <inheritdoc/>");
        using (writer.Block("public static " + typeName + " FromJson(" + Json + "JsonElement json)"))
        {
            // The discriminator names the one variant to read; a value that does not read as it is unknown.
            if (spec.Discriminator is { } discriminator && variants.Any(v => v.DiscriminatorValues.Count > 0))
            {
                var choice = string.Concat(Enumerable.Range(0, variants.Count)
                    .Where(i => variants[i].DiscriminatorValues.Count > 0)
                    .Select(i => string.Join(" || ", variants[i].DiscriminatorValues.Select(v => "__tag.ValueEquals(" + CSharp.Utf8Literal(v) + ")")) + " ? " + Index(i) + " : "));
                writer.Line("if (json.ValueKind == " + Json + "JsonValueKind.Object && json.TryGetProperty(" + CSharp.Utf8Literal(discriminator) + ", out var __tag) && __tag.ValueKind == " + Json + "JsonValueKind.String) return Read(json, " + choice + "-1) ?? new(null, -1, json.Clone());");
                writer.Line();
            }

            var fallback = Enumerable.Range(0, variants.Count).Where(i => variants[i].Type.Kind == TypeKind.Json).DefaultIfEmpty(-1).First();
            var unknown = fallback >= 0 ? "new(json.Clone(), " + Index(fallback) + ", json.Clone())" : "new(null, -1, json.Clone())";
            var arms = new List<string>();
            AddScalarArm(arms, client, variants, "String", v => v.Kind is TypeKind.String or TypeKind.Enum or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Bytes or TypeKind.Uri or TypeKind.TimeSpan);
            AddScalarArm(arms, client, variants, "Number", v => v.Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal || v.Kind == TypeKind.Enum);
            AddScalarArm(arms, client, variants, "True or " + Json + "JsonValueKind.False", v => v.Kind == TypeKind.Boolean);

            // Objects and lists: one variant, chosen by the shape of the value (or of its first item) without reading it.
            var (objects, lists) = Composites(variants);
            var pick = "Read(json, " + Support(client) + ".Pick(json, s_kinds, " + (Picked(variants).Any(i => variants[i].Properties.Count > 0) ? "s_shapes" : "null") + "))";
            if (objects.Count > 1 && lists.Count > 1)
            {
                arms.Add(Json + "JsonValueKind.Object or " + Json + "JsonValueKind.Array => " + pick);
            }
            else
            {
                AddCompositeArm(arms, "Object", objects, pick);
                AddCompositeArm(arms, "Array", lists, pick);
            }

            if (arms.Count == 0)
            {
                writer.Line("return " + unknown + ";");
            }
            else
            {
                writer.Line("return json.ValueKind switch");
                writer.Line("{");
                writer.Indent();
                foreach (var arm in arms)
                {
                    writer.Line(arm + ",");
                }

                writer.Line("_ => null,");
                writer.Unindent();
                writer.Line("} ?? " + unknown + ";");
            }
        }
    }

    /// <summary>Scalar candidates are cheap to read and hold nothing nested: tried in turn, a documented enum value first.</summary>
    private static void AddScalarArm(List<string> arms, ClientInfo client, EquatableArray<UnionVariantSpec> variants, string kind, System.Func<TypeRef, bool> accepts)
    {
        var candidates = Enumerable.Range(0, variants.Count).Where(i => accepts(variants[i].Type)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var reads = candidates.Where(i => variants[i].Type.Kind == TypeKind.Enum)
            .Select(i => client.PlainEnums
                ? "(Read(json, " + Index(i) + ") is { _value: " + CSharp.TypeName(client, variants[i].Type) + " __k" + Index(i) + " } __e" + Index(i) + " && __k" + Index(i) + " != default(" + CSharp.TypeName(client, variants[i].Type) + ") ? __e" + Index(i) + " : null)"
                : "(Read(json, " + Index(i) + ") is { _value: " + CSharp.TypeName(client, variants[i].Type) + " { IsKnown: true } } __e" + Index(i) + " ? __e" + Index(i) + " : null)")
            .ToList();
        // A C# enum reads any value (Unknown for one it does not list, which loses the value): after the documented
        // values, the other variants are tried before it.
        var fallbacks = client.PlainEnums && candidates.Any(i => variants[i].Type.Kind != TypeKind.Enum)
            ? candidates.Where(i => variants[i].Type.Kind != TypeKind.Enum)
            : candidates;
        arms.Add(Json + "JsonValueKind." + kind + " => " + string.Join(" ?? ", reads.Concat(fallbacks.Select(i => "Read(json, " + Index(i) + ")"))));
    }

    private static void AddCompositeArm(List<string> arms, string kind, List<int> candidates, string pick)
    {
        if (candidates.Count > 0)
        {
            arms.Add(Json + "JsonValueKind." + kind + " => " + (candidates.Count == 1 ? "Read(json, " + Index(candidates[0]) + ")" : pick));
        }
    }

    /// <summary>The type info of each variant, reading by index (the one place that names each variant's type info), and what Pick needs.</summary>
    private static void WriteVariantReading(SourceWriter writer, ClientInfo client, UnionSpec spec, string typeName)
    {
        var variants = spec.Variants;
        const string Metadata = Json + "Serialization.Metadata.";
        writer.Line("private static " + Metadata + "JsonTypeInfo? Info(int index) => index switch");
        writer.Line("{");
        writer.Indent();
        for (var i = 0; i < variants.Count; i++)
        {
            writer.Line(Index(i) + " => " + Info(client, variants[i].Type) + ",");
        }

        writer.Line("_ => null,");
        writer.Unindent();
        writer.Line("};");
        writer.Line();
        writer.Line("private protected override " + Metadata + "JsonTypeInfo? VariantInfo(int index) => Info(index);");
        writer.Line();
        writer.Line("private static " + typeName + "? Read(" + Json + "JsonElement json, int index)");
        writer.Line("    => " + Support(client) + ".Read(json, Info(index)) is { } value ? new(value, index, json.Clone()) : null;");

        var picked = Picked(variants);
        if (picked.Count == 0)
        {
            return;
        }

        var entries = Enumerable.Range(0, picked.Max() + 1).ToList();
        writer.Line();
        writer.Line("private static readonly int[] s_kinds = { " + string.Join(", ", entries.Select(i => picked.Contains(i) ? Kinds(variants[i]).ToString(CultureInfo.InvariantCulture) : "0")) + " };");
        if (picked.Any(i => variants[i].Properties.Count > 0))
        {
            writer.Line("private static readonly string?[]?[] s_shapes = { " + string.Join(", ", entries.Select(i => picked.Contains(i) ? Shape(variants[i]) : "null")) + " };");
        }
    }

    /// <summary>The variants an object may be (models and maps), and those a list may be.</summary>
    private static (List<int> Objects, List<int> Lists) Composites(EquatableArray<UnionVariantSpec> variants)
        => (Enumerable.Range(0, variants.Count).Where(i => variants[i].Type.Kind is TypeKind.Model or TypeKind.Map).ToList(),
            Enumerable.Range(0, variants.Count).Where(i => variants[i].Type.Kind == TypeKind.Array).ToList());

    /// <summary>Whether the union chooses among several object or list variants (with the support class's Pick).</summary>
    public static bool ChoosesByShape(UnionSpec spec) => Picked(spec.Variants).Count > 0;

    /// <summary>The variants that Pick chooses from: the objects, or the lists, when there are several.</summary>
    private static List<int> Picked(EquatableArray<UnionVariantSpec> variants)
    {
        var (objects, lists) = Composites(variants);
        return (objects.Count > 1 ? objects : []).Concat(lists.Count > 1 ? lists : []).ToList();
    }

    /// <summary>Pick's entry for a variant: what it is read from and the JSON kinds of the value looked at (see Pick).</summary>
    private static int Kinds(UnionVariantSpec variant) => variant.Type.Kind switch
    {
        TypeKind.Model => 256 | 1 << 1,
        TypeKind.Map => 512 | (variant.ItemsAreUnion ? 0xFE : ValueKinds(variant.Type.Element!, variant.Type.ElementNullable)),
        TypeKind.Array => 1024 | (variant.ItemsAreUnion ? 0xFE : ValueKinds(variant.Type.Element!, variant.Type.ElementNullable)),
        _ => 0,
    };

    /// <summary>A bit (1 &lt;&lt; JsonValueKind) per kind of JSON a value of the type may be read from.</summary>
    private static int ValueKinds(TypeRef type, bool nullable)
    {
        var kinds = type.Kind switch
        {
            TypeKind.Model or TypeKind.Map => 1 << 1,
            TypeKind.Array => 1 << 2,
            TypeKind.String or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.TimeSpan or TypeKind.Guid or TypeKind.Uri or TypeKind.Bytes => 1 << 3,
            TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => 1 << 4,
            TypeKind.Enum => 1 << 3 | 1 << 4,
            TypeKind.Boolean => 1 << 5 | 1 << 6,
            _ => 0xFE,
        };
        return kinds | (nullable || !type.IsValueType ? 1 << 7 : 0);
    }

    /// <summary>Pick's shape of a variant: its required properties, null, then the others.</summary>
    private static string Shape(UnionVariantSpec variant)
        => variant.Properties.Count == 0
            ? "null"
            : "new[] { " + string.Join(", ", variant.RequiredProperties.Select(CSharp.Literal).Append("null").Concat(variant.Properties.Where(p => !variant.RequiredProperties.Contains(p)).Select(CSharp.Literal))) + " }";

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Support(ClientInfo client) => CSharp.Ns + client.SupportName;
}
