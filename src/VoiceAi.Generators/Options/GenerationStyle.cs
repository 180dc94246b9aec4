using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VoiceAi.Generators.Options;

/// <summary>How closed sets of values are emitted (item metadata <c>OpenApiEnumStyle</c>).</summary>
internal enum EnumStyle
{
    /// <summary>An extensible struct: a value the document does not list is kept and written back unchanged.</summary>
    Struct,

    /// <summary>A C# <c>enum</c> with an <c>Unknown</c> member for values the document does not list.</summary>
    Enum,
}

/// <summary>How operations are laid out on the client (item metadata <c>OpenApiGroupBy</c>).</summary>
internal enum GroupBy
{
    /// <summary>Every operation on the client itself.</summary>
    None,

    /// <summary>A sub-client property per tag (its first tag), with an interface of its own.</summary>
    Tags,
}

/// <summary>
/// The shape of the generated surface, from the AdditionalFiles item's metadata. A value that is not one of the
/// documented ones is kept in <see cref="UnknownEnumStyle"/>/<see cref="UnknownGroupBy"/> and reported (VOAI014); the
/// default is used instead.
/// </summary>
internal sealed record GenerationStyle(EnumStyle Enums, GroupBy Grouping)
{
    public const string EnumStyleMetadata = "build_metadata.AdditionalFiles.OpenApiEnumStyle";
    public const string GroupByMetadata = "build_metadata.AdditionalFiles.OpenApiGroupBy";

    public static readonly GenerationStyle Default = new(EnumStyle.Struct, GroupBy.None);

    public string? UnknownEnumStyle { get; init; }

    public string? UnknownGroupBy { get; init; }

    public static GenerationStyle From(AnalyzerConfigOptions options)
    {
        options.TryGetValue(EnumStyleMetadata, out var enums);
        options.TryGetValue(GroupByMetadata, out var grouping);
        return Parse(enums, grouping);
    }

    /// <summary>Values compared ignoring case; empty or missing is the default.</summary>
    public static GenerationStyle Parse(string? enumStyle, string? groupBy)
    {
        var style = Default;
        switch ((enumStyle ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "struct":
                break;
            case "enum":
                style = style with { Enums = EnumStyle.Enum };
                break;
            default:
                style = style with { UnknownEnumStyle = enumStyle!.Trim() };
                break;
        }

        switch ((groupBy ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "none":
                break;
            case "tags":
            case "tag":
                style = style with { Grouping = GroupBy.Tags };
                break;
            default:
                style = style with { UnknownGroupBy = groupBy!.Trim() };
                break;
        }

        return style;
    }
}
