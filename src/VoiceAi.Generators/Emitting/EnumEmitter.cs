using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>One closed set of string values → a C# enum, its JSON converter, and its wire-value conversions.</summary>
internal static class EnumEmitter
{
    private const string Json = "global::System.Text.Json.";

    public static string Emit(ClientInfo client, EnumSpec spec)
    {
        var typeName = "global::" + client.Namespace + "." + spec.Name;
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);

        CSharp.Summary(writer, spec.Description);
        writer.Line("[" + Json + "Serialization.JsonConverter(typeof(global::" + client.Namespace + "." + spec.Name + "JsonConverter))]");
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (spec.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "enum"));
        }

        using (writer.Block("public enum " + spec.Name))
        {
            foreach (var member in spec.Members)
            {
                writer.Line("/// <summary><c>" + CSharp.XmlEscape(member.Value).Replace("\n", " ") + "</c></summary>");
                writer.Line(member.Name + ",");
            }
        }

        writer.Line();
        writer.Line("/// <summary>The wire values of the enums of " + CSharp.XmlEscape(CSharp.OneLine(client.Title)) + ".</summary>");
        using (writer.Block("public static partial class " + client.Prefix + "EnumExtensions"))
        {
            writer.Line("/// <summary>The value the API uses for <paramref name=\"value\"/>.</summary>");
            using (writer.Block("public static string ToValueString(this " + typeName + " value) => value switch"))
            {
                foreach (var member in spec.Members)
                {
                    writer.Line(typeName + "." + member.Name + " => " + CSharp.Literal(member.Value) + ",");
                }

                writer.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"Not a value of " + spec.Name + ".\"),");
            }

            writer.Line(";");
        }

        writer.Line();
        writer.Line("/// <summary>Reads and writes <see cref=\"" + spec.Name + "\"/> as its JSON string value, without reflection.</summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed class " + spec.Name + "JsonConverter : " + Json + "Serialization.JsonConverter<" + typeName + ">"))
        {
            writer.Line("/// <summary>The shared instance.</summary>");
            writer.Line("public static readonly " + spec.Name + "JsonConverter Instance = new();");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public override " + typeName + " Read(ref " + Json + "Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + "JsonSerializerOptions options)"))
            {
                using (writer.Block("if (reader.TokenType != " + Json + "JsonTokenType.String)"))
                {
                    writer.Line("throw new " + Json + "JsonException(\"Expected a JSON string for " + spec.Name + ".\");");
                }

                writer.Line();
                foreach (var member in spec.Members)
                {
                    using (writer.Block("if (reader.ValueTextEquals(" + CSharp.Utf8Literal(member.Value) + "))"))
                    {
                        writer.Line("return " + typeName + "." + member.Name + ";");
                    }

                    writer.Line();
                }

                writer.Line("throw new " + Json + "JsonException(\"'\" + reader.GetString() + \"' is not a value of " + spec.Name + ".\");");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public override void Write(" + Json + "Utf8JsonWriter writer, " + typeName + " value, " + Json + "JsonSerializerOptions options)"))
            {
                writer.Line("writer.WriteStringValue(value.ToValueString());");
            }
        }

        return writer.ToString();
    }
}
