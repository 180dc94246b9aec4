using System.Globalization;
using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>One object schema → a sealed partial record and its reflection-free JSON converter.</summary>
internal static class ModelEmitter
{
    private const string Json = "global::System.Text.Json.";

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
        writer.Line("[" + Json + "Serialization.JsonConverter(typeof(global::" + client.Namespace + "." + model.Name + "JsonConverter))]");
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (model.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "schema"));
        }

        using (writer.Block("public sealed partial record " + model.Name))
        {
            var first = true;
            foreach (var property in model.Properties)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                WriteProperty(writer, client, property);
            }

            if (model.AdditionalType is { } additional)
            {
                writer.Line();
                writer.Line("/// <summary>Properties the API document does not list, as they were read; they are written back unchanged.</summary>");
                writer.Line("public global::System.Collections.Generic.IReadOnlyDictionary<string, " + CSharp.TypeName(client, additional) + ">? " + model.AdditionalName + " { get; init; }");
            }
        }
    }

    private static void WriteProperty(SourceWriter writer, ClientInfo client, PropertySpec property)
    {
        CSharp.Summary(writer, property.Description);
        var remarks = "JSON name: <c>" + CSharp.DocText(property.JsonName) + "</c>." + (property.Required ? " Required." : " Optional.")
            + (property.Nullable ? " May be null." : string.Empty)
            + (property.Deprecated && property.Required ? " Deprecated." : string.Empty);
        writer.Line("/// <remarks>" + remarks + "</remarks>");

        // C# does not allow [Obsolete] on a required member (CS9042): the remark says it instead.
        if (property.Deprecated && !property.Required)
        {
            writer.Line(CSharp.Obsolete(true, "property"));
        }

        var type = CSharp.TypeName(client, property.Type, property.IsNullableInCSharp);
        if (HasTrackedDefault(property))
        {
            // The document's default shows through the getter, but a value the caller never set is not sent.
            writer.Line("public " + type + " " + property.Name + " { get => " + BackingField(property) + " ?? " + DefaultExpression(client, property) + "; init => " + BackingField(property) + " = value; }");
            writer.Line();
            writer.Line("/// <summary>The value of <see cref=\"" + property.Name + "\"/> when it was set or read; null when it takes the document's default.</summary>");
            writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            writer.Line("internal " + CSharp.TypeName(client, property.Type, nullable: true) + " " + BackingField(property) + ";");
            return;
        }

        if (property.TracksNull)
        {
            // Not set: omitted from the JSON. Set to null: sent as null, which the document allows.
            writer.Line("public " + type + " " + property.Name + " { get => " + BackingField(property) + "; init { " + BackingField(property) + " = value; " + SetFlag(property) + " = true; } }");
            writer.Line();
            writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            writer.Line("internal " + type + " " + BackingField(property) + ";");
            writer.Line();
            writer.Line("/// <summary>Whether <see cref=\"" + property.Name + "\"/> was set (or read), so that an explicit null is sent and an unset value is not.</summary>");
            writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
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

    /// <summary>An optional property with a default in the document.</summary>
    private static bool HasTrackedDefault(PropertySpec property) => property.HasTrackedDefault;

    /// <summary>The C# of a property's default: the document's text only through <see cref="CSharp.Literal"/> and <see cref="CSharp.NumberLiteral"/>.</summary>
    private static string DefaultExpression(ClientInfo client, PropertySpec property) => property.Default!.Kind switch
    {
        DefaultKind.String => CSharp.Literal(property.Default.Value),
        DefaultKind.Boolean => property.Default.Value == "true" ? "true" : "false",
        DefaultKind.Number => CSharp.NumberLiteral(property.Default.Value, property.Type.Kind),
        _ => "global::" + client.Namespace + "." + property.Type.Name + "." + property.Default.Value,
    };

    // These names are what Naming.PropertyMembers says a property brings: the reader keeps them free.
    private static string BackingField(PropertySpec property) => "__" + property.Name;

    private static string SetFlag(PropertySpec property) => "__" + property.Name + "IsSet";

    private static void WriteConverter(SourceWriter writer, ClientInfo client, ModelSpec model)
    {
        var typeName = "global::" + client.Namespace + "." + model.Name;
        var code = new JsonCode(client);
        // The body first: it decides which composite converter fields the class needs.
        var body = new SourceWriter();
        WriteRead(body, client, model, typeName, code);
        body.Line();
        WriteWrite(body, model, typeName, code);

        writer.Line("/// <summary>Reads and writes <see cref=\"" + model.Name + "\"/> as JSON with generated code, without reflection.</summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed class " + model.Name + "JsonConverter : " + Json + "Serialization.JsonConverter<" + typeName + ">"))
        {
            writer.Line("/// <summary>The shared instance.</summary>");
            writer.Line("public static readonly " + model.Name + "JsonConverter Instance = new();");
            for (var i = 0; i < model.Properties.Count; i++)
            {
                writer.Line("private static readonly " + Json + "JsonEncodedText s_name" + Index(i) + " = " + Json + "JsonEncodedText.Encode(" + CSharp.Literal(model.Properties[i].JsonName) + ");");
            }

            code.WriteFields(writer);
            writer.Line();
            writer.Lines(body);
            if (model.Properties.Any(p => p.Required))
            {
                writer.Line();
                writer.Line("private static " + Json + "JsonException MissingProperty(string name) => new(\"The required property '\" + name + \"' of " + model.Name + " is missing.\");");
            }

            if (model.Properties.Any(p => !p.IsNullableInCSharp))
            {
                writer.Line();
                writer.Line("private static " + Json + "JsonException NullProperty(string name) => new(\"The property '\" + name + \"' of " + model.Name + " must not be null.\");");
            }
        }
    }

    private static void WriteRead(SourceWriter writer, ClientInfo client, ModelSpec model, string typeName, JsonCode code)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Block("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + "JsonSerializerOptions options)"))
        {
            using (writer.Block("if (reader.TokenType != " + Json + "JsonTokenType.StartObject)"))
            {
                writer.Line("throw new " + Json + "JsonException(\"Expected a JSON object for " + model.Name + ".\");");
            }

            writer.Line();
            var properties = model.Properties;
            for (var i = 0; i < properties.Count; i++)
            {
                writer.Line(CSharp.TypeName(client, properties[i].Type, nullable: true) + " value" + Index(i) + " = default;");
                if (NeedsPresence(properties[i]))
                {
                    writer.Line("var has" + Index(i) + " = false;");
                }
            }

            if (model.AdditionalType is { } extraType)
            {
                writer.Line("global::System.Collections.Generic.Dictionary<string, " + CSharp.TypeName(client, extraType) + ">? extra = null;");
            }

            using (writer.Block("while (reader.Read() && reader.TokenType != " + Json + "JsonTokenType.EndObject)"))
            {
                for (var i = 0; i < properties.Count; i++)
                {
                    var property = properties[i];
                    using (writer.Block((i == 0 ? "if" : "else if") + " (reader.ValueTextEquals(" + CSharp.Utf8Literal(property.JsonName) + "))"))
                    {
                        writer.Line("reader.Read();");
                        if (NeedsPresence(property))
                        {
                            writer.Line("has" + Index(i) + " = true;");
                        }

                        // One statement per property: a null where the document forbids one is an error naming both.
                        writer.Line(property.IsNullableInCSharp
                            ? "if (reader.TokenType != " + Json + "JsonTokenType.Null) value" + Index(i) + " = " + code.Read(property.Type) + ";"
                            : "value" + Index(i) + " = reader.TokenType != " + Json + "JsonTokenType.Null ? " + code.Read(property.Type) + " : throw NullProperty(" + CSharp.Literal(property.JsonName) + ");");
                    }
                }

                // Unknown properties never fail: kept in AdditionalProperties (or skipped when the document forbids them).
                using (writer.BlockIf(properties.Count > 0, "else"))
                {
                    if (model.AdditionalType is { } additional)
                    {
                        writer.Line("var name = reader.GetString()!;");
                        writer.Line("reader.Read();");
                        if (additional.Kind == TypeKind.Json)
                        {
                            writer.Line("(extra ??= new global::System.Collections.Generic.Dictionary<string, " + CSharp.TypeName(client, additional) + ">(global::System.StringComparer.Ordinal))[name] = " + code.Read(additional) + ";");
                        }
                        else
                        {
                            using (writer.Block("if (reader.TokenType != " + Json + "JsonTokenType.Null)"))
                            {
                                writer.Line("(extra ??= new global::System.Collections.Generic.Dictionary<string, " + CSharp.TypeName(client, additional) + ">(global::System.StringComparer.Ordinal))[name] = " + code.Read(additional) + ";");
                            }
                        }
                    }
                    else
                    {
                        writer.Line("reader.Read();");
                        writer.Line("reader.Skip();");
                    }
                }
            }

            if (properties.Any(p => p.Required))
            {
                writer.Line();
            }

            for (var i = 0; i < properties.Count; i++)
            {
                if (properties[i].Required)
                {
                    writer.Line("if (!has" + Index(i) + ") throw MissingProperty(" + CSharp.Literal(properties[i].JsonName) + ");");
                }
            }

            writer.Line();
            writer.Line("return new " + typeName);
            writer.Line("{");
            writer.Indent();
            for (var i = 0; i < properties.Count; i++)
            {
                if (properties[i].TracksNull)
                {
                    writer.Line(BackingField(properties[i]) + " = value" + Index(i) + ",");
                    writer.Line(SetFlag(properties[i]) + " = has" + Index(i) + ",");
                    continue;
                }

                writer.Line(HasTrackedDefault(properties[i])
                    ? BackingField(properties[i]) + " = value" + Index(i) + ","
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

    /// <summary>Whether the reader must know that a property was present: required ones must be.</summary>
    private static bool NeedsPresence(PropertySpec property) => property.Required || property.TracksNull;

    /// <summary>The value a property gets from what was read: defaults apply when the property was absent.</summary>
    private static string Assigned(PropertySpec property, int index)
    {
        var value = "value" + Index(index);
        if (property.IsNullableInCSharp)
        {
            return value;
        }

        return property.Type.IsValueType ? value + ".GetValueOrDefault()" : value + "!";
    }

    private static void WriteWrite(SourceWriter writer, ModelSpec model, string typeName, JsonCode code)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Block("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options)"))
        {
            writer.Line("writer.WriteStartObject();");
            for (var i = 0; i < model.Properties.Count; i++)
            {
                var property = model.Properties[i];
                var local = "p" + Index(i);
                if (HasTrackedDefault(property))
                {
                    using (writer.Block("if (value." + BackingField(property) + " is { } " + local + ")"))
                    {
                        writer.Line("writer.WritePropertyName(s_name" + Index(i) + ");");
                        writer.Line(code.Write(property.Type, local));
                    }

                    continue;
                }

                if (property.TracksNull)
                {
                    // Set: written, as null when null. Not set: omitted.
                    using (writer.Block("if (value." + SetFlag(property) + ")"))
                    {
                        writer.Line("writer.WritePropertyName(s_name" + Index(i) + ");");
                        using (writer.Block("if (value." + BackingField(property) + " is { } " + local + ")"))
                        {
                            writer.Line(code.Write(property.Type, local));
                        }

                        using (writer.Block("else"))
                        {
                            writer.Line("writer.WriteNullValue();");
                        }
                    }

                    continue;
                }

                if (!property.AlwaysWrite)
                {
                    // Optional properties the caller did not set are omitted, not sent as null.
                    using (writer.Block("if (value." + property.Name + " is { } " + local + ")"))
                    {
                        writer.Line("writer.WritePropertyName(s_name" + Index(i) + ");");
                        writer.Line(code.Write(property.Type, local));
                    }

                    continue;
                }

                writer.Line("writer.WritePropertyName(s_name" + Index(i) + ");");
                if (property.IsNullableInCSharp || !property.Type.IsValueType)
                {
                    using (writer.Block("if (value." + property.Name + " is { } " + local + ")"))
                    {
                        writer.Line(code.Write(property.Type, local));
                    }

                    using (writer.Block("else"))
                    {
                        writer.Line("writer.WriteNullValue();");
                    }
                }
                else
                {
                    writer.Line(code.Write(property.Type, "value." + property.Name));
                }
            }

            if (model.AdditionalType is { } additional)
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

            writer.Line("writer.WriteEndObject();");
        }
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
