using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>One object schema → a sealed partial record and its reflection-free JSON converter.</summary>
internal static class ModelEmitter
{
    private const string Json = "__j.";

    /// <summary>The record and its converter, without the file header (a TypesFile writes it, with others).</summary>
    public static void Write(SourceWriter writer, ClientInfo client, ModelSpec model)
    {
        WriteRecord(writer, client, model);
        writer.Line();
        WriteConverter(writer, client, model);
    }

    private static void WriteRecord(SourceWriter writer, ClientInfo client, ModelSpec model)
    {
        CSharp.Summary(writer, model.Description);
        writer.Line(CSharp.ConverterAttribute(model.Name));
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (model.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "schema"));
        }

        using (writer.Block("public sealed partial record " + model.Name))
        {
            var first = true;
            var shared = SharedSpellings(model);
            foreach (var property in model.Properties)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                WriteProperty(writer, client, property, shared);
            }

            if (model.AdditionalType is { } additional)
            {
                writer.Line();
                writer.Line("/// <summary>Properties the document does not list, as read; written back unchanged.</summary>");
                writer.Line("public __g.IReadOnlyDictionary<string, " + CSharp.TypeName(client, additional) + ">? " + model.AdditionalName + " { get; init; }");
            }
        }
    }

    private static void WriteProperty(SourceWriter writer, ClientInfo client, PropertySpec property, HashSet<string> shared)
    {
        // The wire name, for the reader of the code, when the C# name does not spell it (whether it is required shows
        // in the C# itself); a required deprecated property says so here, as it cannot be [Obsolete].
        CSharp.Summary(writer, property.Description);
        var spelled = SpellsJsonName(property.JsonName, property.Name) && !shared.Contains(Spelling(property.JsonName, JsonSeparators)!);
        var remarks = (spelled ? string.Empty : " JSON name: <c>" + CSharp.DocText(property.JsonName) + "</c>.")
            + (property.Nullable ? " May be null." : string.Empty)
            + (property.Deprecated && property.Required ? " Deprecated." : string.Empty);
        if (remarks.Length > 0)
        {
            writer.Line("/// <remarks>" + remarks.Substring(1) + "</remarks>");
        }

        // C# does not allow [Obsolete] on a required member (CS9042): the remark says it instead.
        if (property.Deprecated && !property.Required)
        {
            writer.Line(CSharp.Obsolete(true, "property"));
        }

        var type = CSharp.TypeName(client, property.Type, property.IsNullableInCSharp);
        if (HasTrackedDefault(property))
        {
            // The document's default shows through the getter, but a value the caller never set is not sent: the
            // internal field is the value as set or read (null: the default).
            writer.Line("public " + type + " " + property.Name + " { get => " + BackingField(property) + " ?? " + DefaultExpression(client, property) + "; init => " + BackingField(property) + " = value; }");
            writer.Line("internal " + CSharp.TypeName(client, property.Type, nullable: true) + " " + BackingField(property) + ";");
            return;
        }

        if (property.TracksNull)
        {
            // Not set: omitted from the JSON. Set to null: sent as null, which the document allows.
            writer.Line("public " + type + " " + property.Name + " { get => " + BackingField(property) + "; init { " + BackingField(property) + " = value; " + SetFlag(property) + " = true; } }");
            writer.Line("internal " + type + " " + BackingField(property) + ";");
            writer.Line("internal bool " + SetFlag(property) + ";");
            return;
        }

        if (property.IsConst)
        {
            // A required const: always sent, with the one value the document allows.
            writer.Line("public " + type + " " + property.Name + " { get; init; } = " + DefaultExpression(client, property) + ";");
            return;
        }

        writer.Line("public " + (property.Required ? "required " : string.Empty) + type + " " + property.Name + " { get; init; }");
    }

    /// <summary>
    /// Whether the C# name spells the JSON name: the same ASCII letters and digits in the same order, case aside
    /// (<c>balance_transaction</c> and <c>BalanceTransaction</c>), the JSON name having no other characters than those
    /// and <c>_ - .</c> and spaces, and the C# name none but underscores. Then the docs need not repeat it.
    /// </summary>
    internal static bool SpellsJsonName(string json, string name)
        => Spelling(json, JsonSeparators) is { } key && key == Spelling(name, "_");

    /// <summary>The characters besides ASCII letters and digits that a JSON name the C# name spells may have.</summary>
    private const string JsonSeparators = " _-.";

    /// <summary>The ASCII letters and digits of a name in upper case, or null when it has a character other than those and <paramref name="separators"/>.</summary>
    internal static string? Spelling(string name, string separators)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else if (separators.IndexOf(c) < 0)
            {
                return null;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The spellings that more than one of a model's JSON names share (<c>created_at</c> and <c>createdAt</c>): a
    /// property whose C# name spells one of them keeps its JSON name in the docs, where the name alone would not say which.
    /// </summary>
    private static HashSet<string> SharedSpellings(ModelSpec model)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var shared = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var property in model.Properties)
        {
            if (Spelling(property.JsonName, JsonSeparators) is { } key && !seen.Add(key))
            {
                shared.Add(key);
            }
        }

        return shared;
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    /// <summary>An optional property with a default in the document.</summary>
    private static bool HasTrackedDefault(PropertySpec property) => property.HasTrackedDefault;

    /// <summary>The C# of a property's default: the document's text only through <see cref="CSharp.Literal"/> and <see cref="CSharp.NumberLiteral"/>.</summary>
    private static string DefaultExpression(ClientInfo client, PropertySpec property) => property.Default!.Kind switch
    {
        DefaultKind.String => CSharp.Literal(property.Default.Value),
        DefaultKind.Boolean => property.Default.Value == "true" ? "true" : "false",
        DefaultKind.Number => CSharp.NumberLiteral(property.Default.Value, property.Type.Kind),
        _ => CSharp.Ns + property.Type.Name + "." + property.Default.Value,
    };

    // These names are what Naming.PropertyMembers says a property brings: the reader keeps them free.
    private static string BackingField(PropertySpec property) => "__" + property.Name;

    private static string SetFlag(PropertySpec property) => "__" + property.Name + "IsSet";

    private static void WriteConverter(SourceWriter writer, ClientInfo client, ModelSpec model)
    {
        var typeName = CSharp.Ns + model.Name;
        var code = new JsonCode(client);
        // The body first: it decides which composite converter fields the class needs.
        var body = new SourceWriter();
        WriteRead(body, client, model, typeName, code);
        body.Line();
        WriteWrite(body, model, typeName, code);

        // Reads and writes the record with generated code, without reflection: the checks and messages that every
        // converter shares are in the support class (CSharp.SupportAlias).
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed class " + model.Name + "JsonConverter : " + Json + "Serialization.JsonConverter<" + typeName + ">"))
        {
            writer.Line("public static readonly " + model.Name + "JsonConverter Instance = new();");
            // The JSON names, once, with what the reader checks of each (Flags): the reader finds a property's index
            // through it, and the writer writes the encoded names.
            writer.Line("private static readonly " + CSharp.SupportAlias + ".Names " + NamesField + " = new(" + CSharp.Literal(model.Name) + ", " + CSharp.Literal(Flags(model)) + string.Concat(model.Properties.Select(p => ", " + CSharp.Literal(p.JsonName))) + ");");
            code.WriteFields(writer);
            writer.Line();
            writer.Lines(body);
        }
    }

    private static void WriteRead(SourceWriter writer, ClientInfo client, ModelSpec model, string typeName, JsonCode code)
    {
        using (writer.Block("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, __x.Type typeToConvert, " + Json + "JsonSerializerOptions options)"))
        {
            writer.Line("var c = " + NamesField + ".Start(ref reader);");
            var properties = model.Properties;
            for (var i = 0; i < properties.Count; i++)
            {
                writer.Line(CSharp.TypeName(client, properties[i].Type, nullable: true) + " v" + Index(i) + " = default;");
            }

            if (model.AdditionalType is { } extraType)
            {
                writer.Line("__g.Dictionary<string, " + CSharp.TypeName(client, extraType) + ">? extra = null;");
            }

            // Next finds the property's index, marks it present and reads past its name; a null it passes over, or
            // throws for when the document forbids it: each case reads a value that is there.
            using (writer.Block("while (" + NamesField + ".Next(ref reader, ref c))"))
            {
                using (writer.Block("switch (c.Index)"))
                {
                    for (var i = 0; i < properties.Count; i++)
                    {
                        writer.Line("case " + Index(i) + ": v" + Index(i) + " = " + code.Read(properties[i].Type) + "; break;");
                    }

                    // Unknown properties never fail: kept in AdditionalProperties (or skipped when the document forbids them).
                    if (model.AdditionalType is { } additional)
                    {
                        if (additional.Kind == TypeKind.Json)
                        {
                            writer.Line("default: " + CSharp.SupportAlias + ".KeepProperty(ref reader, ref extra); break;");
                        }
                        else
                        {
                            writer.Line("default:");
                            writer.Line("{");
                            writer.Indent();
                            writer.Line("var name = reader.GetString()!;");
                            writer.Line("if (" + CSharp.SupportAlias + ".HasValue(ref reader)) (extra ??= new __g.Dictionary<string, " + CSharp.TypeName(client, additional) + ">(__x.StringComparer.Ordinal))[name] = " + code.Read(additional) + ";");
                            writer.Line("break;");
                            writer.Unindent();
                            writer.Line("}");
                        }
                    }
                    else
                    {
                        writer.Line("default: reader.Skip(); break;");
                    }
                }
            }

            // The first required property missing, in the document's order, is named.
            if (properties.Any(p => p.Required))
            {
                writer.Line(NamesField + ".Required(c);");
            }

            writer.Line("return new " + typeName);
            writer.Line("{");
            writer.Indent();
            for (var i = 0; i < properties.Count; i++)
            {
                if (properties[i].TracksNull)
                {
                    writer.Line(BackingField(properties[i]) + " = v" + Index(i) + ", " + SetFlag(properties[i]) + " = c.Has(" + Index(i) + "),");
                    continue;
                }

                writer.Line(HasTrackedDefault(properties[i])
                    ? BackingField(properties[i]) + " = v" + Index(i) + ","
                    : properties[i].Name + " = " + Assigned(properties[i], i) + ",");
            }

            if (model.AdditionalType is not null)
            {
                writer.Line(model.AdditionalName + " = extra,");
            }

            writer.Unindent();
            writer.Line("};");
        }
    }

    /// <summary>
    /// A digit per property for the support class's Names: 1 when the reader must refuse a null (the C# type has no
    /// null), plus 2 when the object must have the property.
    /// </summary>
    internal static string Flags(ModelSpec model)
        => new(model.Properties.Select(p => (char)('0' + (p.IsNullableInCSharp ? 0 : 1) + (p.Required ? 2 : 0))).ToArray());

    /// <summary>The value a property gets from what was read: defaults apply when the property was absent.</summary>
    private static string Assigned(PropertySpec property, int index)
    {
        var value = "v" + Index(index);
        if (property.IsNullableInCSharp)
        {
            return value;
        }

        return property.Type.IsValueType ? value + ".GetValueOrDefault()" : value + "!";
    }

    private static void WriteWrite(SourceWriter writer, ModelSpec model, string typeName, JsonCode code)
    {
        using (writer.Block("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options)"))
        {
            writer.Line("writer.WriteStartObject();");
            for (var i = 0; i < model.Properties.Count; i++)
            {
                var property = model.Properties[i];
                var local = "p" + Index(i);
                var name = NameField(i);
                if (HasTrackedDefault(property))
                {
                    writer.Line("if (value." + BackingField(property) + " is { } " + local + ") " + code.WriteProperty(property.Type, name, local));
                    continue;
                }

                if (property.TracksNull)
                {
                    // Set: written, as null when null. Not set: omitted.
                    writer.Line(WriteOrNull(code, property.Type, name, "value." + BackingField(property)) is { } tracked
                        ? "if (value." + SetFlag(property) + ") " + tracked
                        : "if (value." + SetFlag(property) + ") { if (value." + BackingField(property) + " is { } " + local + ") " + code.WriteProperty(property.Type, name, local) + " else writer.WriteNull(" + name + "); }");
                    continue;
                }

                if (!property.AlwaysWrite)
                {
                    // Optional properties the caller did not set are omitted, not sent as null.
                    writer.Line("if (value." + property.Name + " is { } " + local + ") " + code.WriteProperty(property.Type, name, local));
                    continue;
                }

                writer.Line(property.IsNullableInCSharp || !property.Type.IsValueType
                    ? WriteOrNull(code, property.Type, name, "value." + property.Name) ?? "if (value." + property.Name + " is { } " + local + ") " + code.WriteProperty(property.Type, name, local) + " else writer.WriteNull(" + name + ");"
                    : code.WriteProperty(property.Type, name, "value." + property.Name));
            }

            if (model.AdditionalType is { } additional)
            {
                if (additional.Kind == TypeKind.Json)
                {
                    writer.Line(CSharp.SupportAlias + ".WriteProperties(writer, value." + model.AdditionalName + ");");
                }
                else
                {
                    using (writer.Block("if (value." + model.AdditionalName + " is { } extra)"))
                    {
                        using (writer.Block("foreach (var pair in extra)"))
                        {
                            writer.Line("writer.WritePropertyName(pair.Key);");
                            writer.Line(additional.IsValueType ? code.Write(additional, "pair.Value") : "if (pair.Value is null) writer.WriteNullValue(); else " + code.Write(additional, "pair.Value"));
                        }
                    }
                }
            }

            writer.Line("writer.WriteEndObject();");
        }
    }

    /// <summary>The converter's field that holds the support class's Names of the model (a member: it shadows no name the converter uses).</summary>
    private const string NamesField = "n";

    private static string NameField(int i) => NamesField + "[" + Index(i) + "]";

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One call that writes a property of a reference type as its value or as null: a string through the writer (which
    /// writes null for null), a type with a converter through the support class. Null for the types that need the branch.
    /// </summary>
    private static string? WriteOrNull(JsonCode code, TypeRef type, string name, string value)
    {
        if (type.Kind == TypeKind.String)
        {
            return "writer.WriteString(" + name + ", " + value + ");";
        }

        // byte[] is written as base64 (an empty span for null) and Uri's converter is typed Uri?: both keep the branch.
        return type.IsValueType || type.Kind is TypeKind.Bytes or TypeKind.Uri
            ? null
            : CSharp.SupportAlias + ".WriteOrNull(writer, " + name + ", " + code.Converter(type) + ", " + value + ", options);";
    }
}
