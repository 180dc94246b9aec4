using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// One set of values → an extensible enum: a readonly struct over the wire value (a string or an integer) with a
/// static property per documented value. A value the document does not list (an API that grew) is read without error,
/// kept as it is, and written back unchanged; <c>IsKnown</c> tells the two apart.
/// </summary>
internal static class EnumEmitter
{
    private const string Json = "__j.";

    /// <summary>The type and its converter, without the file header (a TypesFile writes it, with others).</summary>
    public static void Write(SourceWriter writer, ClientInfo client, EnumSpec spec)
    {
        if (client.PlainEnums)
        {
            WritePlain(writer, client, spec);
            return;
        }

        var typeName = CSharp.Ns + spec.Name;
        var valueType = spec.IsString ? "string" : "int";

        CSharp.Summary(writer, spec.Description ?? "The values of " + spec.Name + ".", "Values the API document does not list are read and written back unchanged; IsKnown is false for them.");
        writer.Line(CSharp.ConverterAttribute(spec.Name));
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (spec.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "enum"));
        }

        // A string enum takes the docs of its members from the client's enum interface, and its converter's code from
        // the converter base (SupportEmitter.WriteEnumBase); an integer enum has its own.
        var shared = spec.IsString;
        using (writer.Block("public readonly partial struct " + spec.Name + " : " + (shared ? CSharp.Ns + client.EnumInterfaceName : "__x.IEquatable") + "<" + typeName + ">"))
        {
            writer.Line(spec.IsString ? "private readonly string? _value;" : "private readonly int _value;");
            writer.Line();
            writer.Line("/// <summary>A value of " + spec.Name + ", documented or not.</summary>");
            writer.Line("public " + spec.Name + "(" + valueType + " value) => _value = value" + (spec.IsString ? " ?? throw new __x.ArgumentNullException(nameof(value))" : string.Empty) + ";");
            foreach (var member in spec.Members)
            {
                writer.Line();
                writer.Line("/// <summary><c>" + CSharp.DocText(member.Value) + "</c></summary>");
                writer.Line("public static " + typeName + " " + member.Name + " { get; } = new(" + (spec.IsString ? CSharp.Literal(member.Value) : CSharp.NumberLiteral(member.Value, TypeKind.Int32)) + ");");
            }

            writer.Line();
            writer.Line(shared ? "/// <inheritdoc/>" : "/// <summary>The documented values, in the document's order.</summary>");
            writer.Line("public static __g.IReadOnlyList<" + typeName + "> KnownValues { get; } = new " + typeName + "[] { " + string.Join(", ", spec.Members.Select(m => m.Name)) + " };");
            writer.Line();
            writer.Line(shared ? "/// <inheritdoc/>" : "/// <summary>The value on the wire.</summary>");
            writer.Line(spec.IsString ? "public string Value => _value ?? string.Empty;" : "public int Value => _value;");
            writer.Line();
            writer.Line(shared ? "/// <inheritdoc/>" : "/// <summary>Whether the API document lists this value.</summary>");
            if (spec.Members.Count == 0)
            {
                writer.Line("public bool IsKnown => false;");
            }
            else
            {
                var values = string.Join(" or ", spec.Members.Select(m => spec.IsString ? CSharp.Literal(m.Value) : CSharp.NumberLiteral(m.Value, TypeKind.Int32)));
                writer.Line("public bool IsKnown => Value is " + values + ";");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public bool Equals(" + typeName + " other) => " + (spec.IsString ? "string.Equals(Value, other.Value, __x.StringComparison.Ordinal)" : "_value == other._value") + ";");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override bool Equals(object? obj) => obj is " + typeName + " other && Equals(other);");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override int GetHashCode() => " + (spec.IsString ? "__x.StringComparer.Ordinal.GetHashCode(Value)" : "_value") + ";");
            writer.Line();
            writer.Line("/// <summary>The value on the wire.</summary>");
            writer.Line("public override string ToString() => " + (spec.IsString ? "Value" : "_value.ToString(__x.Globalization.CultureInfo.InvariantCulture)") + ";");
            writer.Line();
            writer.Line("/// <summary>Whether two values are the same wire value.</summary>");
            writer.Line("public static bool operator ==(" + typeName + " left, " + typeName + " right) => left.Equals(right);");
            writer.Line();
            writer.Line("/// <summary>Whether two values are different wire values.</summary>");
            writer.Line("public static bool operator !=(" + typeName + " left, " + typeName + " right) => !left.Equals(right);");
            writer.Line();
            writer.Line("/// <summary>A value of " + spec.Name + " from its wire value.</summary>");
            writer.Line("public static explicit operator " + typeName + "(" + valueType + " value) => new(value);");
        }

        if (shared)
        {
            writer.Line();
            writer.Line("/// <summary>Reads and writes <see cref=\"" + spec.Name + "\"/> as its JSON string, without reflection; unknown values are kept.</summary>");
            writer.Line(CSharp.GeneratedCodeAttribute);
            using (writer.Block("public sealed class " + spec.Name + "JsonConverter : " + CSharp.Ns + client.EnumConverterName + "<" + typeName + ">"))
            {
                writer.Line("/// <summary>The shared instance.</summary>");
                writer.Line("public static readonly " + spec.Name + "JsonConverter Instance = new();");
            }

            return;
        }

        using (OpenConverter(writer, spec, typeName, "; unknown values are kept"))
        {
            using (writer.Block("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, __x.Type typeToConvert, " + Json + "JsonSerializerOptions options)"))
            {
                using (writer.Block("if (reader.TokenType != " + Json + "JsonTokenType.Number || !reader.TryGetInt32(out var value))"))
                {
                    writer.Line("throw new " + Json + "JsonException(\"Expected a JSON integer for " + spec.Name + ".\");");
                }

                writer.Line();
                writer.Line("return new " + typeName + "(value);");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options)"))
            {
                writer.Line("writer.WriteNumberValue(value.Value);");
            }
        }

    }

    /// <summary>
    /// OpenApiEnumStyle="Enum": a C# <c>enum</c> whose 0 is the Unknown member (<see cref="EnumNames.Unknown"/>), read for
    /// any value the document does not list; writing it (or any number that is not a member) throws, since the wire
    /// value is gone. An integer enum's members are their wire values when none of them is 0.
    /// </summary>
    private static void WritePlain(SourceWriter writer, ClientInfo client, EnumSpec spec)
    {
        var typeName = CSharp.Ns + spec.Name;
        var unknown = EnumNames.Unknown(spec);
        var wireNumbers = !spec.IsString && spec.Members.All(m => m.Value != "0");
        CSharp.Summary(writer, spec.Description ?? "The values of " + spec.Name + ".", unknown + " is read for a value the API document does not list; it cannot be written.");
        writer.Line(CSharp.ConverterAttribute(spec.Name));
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (spec.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "enum"));
        }

        using (writer.Block("public enum " + spec.Name))
        {
            writer.Line("/// <summary>A value the API document does not list.</summary>");
            writer.Line(unknown + " = 0,");
            for (var i = 0; i < spec.Members.Count; i++)
            {
                var member = spec.Members[i];
                writer.Line("/// <summary><c>" + CSharp.DocText(member.Value) + "</c></summary>");
                writer.Line(member.Name + " = " + (wireNumbers ? CSharp.NumberLiteral(member.Value, TypeKind.Int32) : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) + ",");
            }
        }

        using (OpenConverter(writer, spec, typeName, string.Empty))
        {
            using (writer.Block("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, __x.Type typeToConvert, " + Json + "JsonSerializerOptions options)"))
            {
                if (spec.IsString)
                {
                    writer.Line("if (reader.TokenType != " + Json + "JsonTokenType.String) throw new " + Json + "JsonException(\"Expected a JSON string for " + spec.Name + ".\");");
                    foreach (var member in spec.Members)
                    {
                        writer.Line("if (reader.ValueTextEquals(" + CSharp.Utf8Literal(member.Value) + ")) return " + typeName + "." + member.Name + ";");
                    }

                    writer.Line("return " + typeName + "." + unknown + ";");
                }
                else
                {
                    writer.Line("if (reader.TokenType != " + Json + "JsonTokenType.Number || !reader.TryGetInt32(out var value)) throw new " + Json + "JsonException(\"Expected a JSON integer for " + spec.Name + ".\");");
                    writer.Line("return value switch { " + string.Concat(spec.Members.Select(m => CSharp.NumberLiteral(m.Value, TypeKind.Int32) + " => " + typeName + "." + m.Name + ", ")) + "_ => " + typeName + "." + unknown + " };");
                }
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options) => writer." + (spec.IsString ? "WriteStringValue(WireText(value));" : "WriteNumberValue(WireNumber(value));"));
            writer.Line();
            var wire = spec.IsString ? "WireText" : "WireNumber";
            if (!spec.IsString)
            {
                writer.Line("/// <summary>The wire value of a member, as text.</summary>");
                writer.Line("public static string WireText(" + typeName + " value) => WireNumber(value).ToString(__x.Globalization.CultureInfo.InvariantCulture);");
                writer.Line();
            }

            writer.Line("/// <summary>The wire value of a member; <see cref=\"" + spec.Name + "." + unknown + "\"/> and numbers that are no member throw.</summary>");
            writer.Line("public static " + (spec.IsString ? "string" : "int") + " " + wire + "(" + typeName + " value) => value switch { "
                + string.Concat(spec.Members.Select(m => typeName + "." + m.Name + " => " + (spec.IsString ? CSharp.Literal(m.Value) : CSharp.NumberLiteral(m.Value, TypeKind.Int32)) + ", "))
                + "_ => throw new __x.ArgumentOutOfRangeException(nameof(value), value, \"Not a value of " + spec.Name + " the API document lists: an unknown value that was read cannot be written back.\") };");
        }
    }

    /// <summary>The converter class of either style, up to its Read method: the caller writes Read and Write and closes it.</summary>
    private static System.IDisposable OpenConverter(SourceWriter writer, EnumSpec spec, string typeName, string remark)
    {
        writer.Line();
        writer.Line("/// <summary>Reads and writes <see cref=\"" + spec.Name + "\"/> as its JSON " + (spec.IsString ? "string" : "number") + ", without reflection" + remark + ".</summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        var block = writer.Block("public sealed class " + spec.Name + "JsonConverter : " + Json + "Serialization.JsonConverter<" + typeName + ">");
        writer.Line("/// <summary>The shared instance.</summary>");
        writer.Line("public static readonly " + spec.Name + "JsonConverter Instance = new();");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        return block;
    }
}
