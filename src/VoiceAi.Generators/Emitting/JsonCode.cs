using System.Collections.Generic;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>
/// C# snippets that read and write one JSON value of a <see cref="TypeRef"/> with <c>Utf8JsonReader</c>/<c>Utf8JsonWriter</c>:
/// direct reader calls for primitives, generated converters for models and enums, and the AOT-safe
/// <c>JsonMetadataServices</c> converters for the rest. No reflection anywhere.
/// Lists and dictionaries use converters that are built once, in static fields named by <see cref="FieldName"/>.
/// </summary>
internal sealed class JsonCode(ClientInfo client)
{
    private const string Metadata = "__j.Serialization.Metadata.JsonMetadataServices.";

    private readonly List<TypeRef> _composites = [];

    /// <summary>An expression that reads the value at the reader's current token (never a null token).</summary>
    public string Read(TypeRef type) => type.Kind switch
    {
        TypeKind.String => "reader.GetString()!",
        TypeKind.Boolean => "reader.GetBoolean()",
        TypeKind.Int32 => "reader.GetInt32()",
        TypeKind.Int64 => "reader.GetInt64()",
        TypeKind.Single => "reader.GetSingle()",
        TypeKind.Double => "reader.GetDouble()",
        TypeKind.Decimal => "reader.GetDecimal()",
        TypeKind.Guid => "reader.GetGuid()",
        TypeKind.DateTimeOffset => "reader.GetDateTimeOffset()",
        TypeKind.Bytes => "reader.GetBytesFromBase64()",
        TypeKind.Json => "__j.JsonElement.ParseValue(ref reader)",
        _ => CSharp.SupportAlias + ".Read(ref reader, " + Converter(type) + ", options)",
    };

    /// <summary>A statement that writes a non-null value.</summary>
    public string Write(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String or TypeKind.Guid or TypeKind.DateTimeOffset => "writer.WriteStringValue(" + value + ");",
        TypeKind.Boolean => "writer.WriteBooleanValue(" + value + ");",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => "writer.WriteNumberValue(" + value + ");",
        TypeKind.Bytes => "writer.WriteBase64StringValue(" + value + ");",
        TypeKind.Json => value + ".WriteTo(writer);",
        _ => Converter(type) + ".Write(writer, " + value + ", options);",
    };

    /// <summary>
    /// What writes a property's name (a <c>JsonEncodedText</c> field) and its non-null value: one statement, or a block of
    /// two, so that it can follow an <c>if</c>. The writer's own name-and-value methods where it has them.
    /// </summary>
    public string WriteProperty(TypeRef type, string name, string value) => type.Kind switch
    {
        TypeKind.String or TypeKind.Guid or TypeKind.DateTimeOffset => "writer.WriteString(" + name + ", " + value + ");",
        TypeKind.Boolean => "writer.WriteBoolean(" + name + ", " + value + ");",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => "writer.WriteNumber(" + name + ", " + value + ");",
        TypeKind.Bytes => "writer.WriteBase64String(" + name + ", " + value + ");",
        TypeKind.Json => "{ writer.WritePropertyName(" + name + "); " + Write(type, value) + " }",
        _ => CSharp.SupportAlias + ".Write(writer, " + name + ", " + Converter(type) + ", " + value + ", options);",
    };

    /// <summary>An expression for the converter of a type; lists and dictionaries refer to a static field.</summary>
    public string Converter(TypeRef type)
    {
        if (type.Kind is TypeKind.Array or TypeKind.Map)
        {
            var index = _composites.IndexOf(type);
            if (index < 0)
            {
                _composites.Add(type);
                index = _composites.Count - 1;
            }

            return FieldName(index);
        }

        return SimpleConverter(client, type);
    }

    /// <summary>Declares the static fields of the composite converters used.</summary>
    public void WriteFields(SourceWriter writer)
    {
        // Creating a composite may add the composites of its elements: iterate by index.
        for (var i = 0; i < _composites.Count; i++)
        {
            var type = _composites[i];
            writer.Line("private static readonly __j.Serialization.JsonConverter<" + CSharp.TypeName(client, type) + "> " + FieldName(i) + " = " + Create(type) + ";");
        }
    }

    /// <summary>An expression that creates a converter for any type, lists and dictionaries included.</summary>
    public static string Create(ClientInfo client, TypeRef type)
    {
        if (type.Kind is not (TypeKind.Array or TypeKind.Map))
        {
            return SimpleConverter(client, type);
        }

        var element = type.Element!;
        var elementType = CSharp.TypeName(client, element, type.ElementNullable);
        var elementConverter = Create(client, element);
        if (type.ElementNullable && element.IsValueType)
        {
            elementConverter = "new " + CSharp.Ns + client.SupportName + ".NullableConverter<" + CSharp.TypeName(client, element) + ">(" + elementConverter + ")";
        }
        else
        {
            // JsonMetadataServices declares some converters with nullable type arguments (JsonConverter<string?>).
            elementConverter += "!";
        }

        var kind = type.Kind == TypeKind.Array ? "ListConverter" : "DictionaryConverter";
        return "new " + CSharp.Ns + client.SupportName + "." + kind + "<" + elementType + ">(" + elementConverter + ")";
    }

    private string Create(TypeRef type) => Create(client, type);

    private static string FieldName(int index) => "s_converter" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string SimpleConverter(ClientInfo client, TypeRef type) => type.Kind switch
    {
        TypeKind.Model or TypeKind.Enum => CSharp.Ns + type.Name + "JsonConverter.Instance",
        TypeKind.File => CSharp.Ns + client.FileContentName + "JsonConverter.Instance",
        TypeKind.String => Metadata + "StringConverter",
        TypeKind.Boolean => Metadata + "BooleanConverter",
        TypeKind.Int32 => Metadata + "Int32Converter",
        TypeKind.Int64 => Metadata + "Int64Converter",
        TypeKind.Single => Metadata + "SingleConverter",
        TypeKind.Double => Metadata + "DoubleConverter",
        TypeKind.Decimal => Metadata + "DecimalConverter",
        TypeKind.DateTimeOffset => Metadata + "DateTimeOffsetConverter",
        TypeKind.DateOnly => Metadata + "DateOnlyConverter",
        TypeKind.TimeSpan => Metadata + "TimeSpanConverter",
        TypeKind.Guid => Metadata + "GuidConverter",
        TypeKind.Uri => Metadata + "UriConverter",
        TypeKind.Bytes => Metadata + "ByteArrayConverter",
        _ => Metadata + "JsonElementConverter",
    };
}
