using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Every C# identifier made from a document passes through here: PascalCase for types and members,
/// camelCase for parameters, keyword escaping, leading digits, and uniqueness within a scope.
/// This is the audited function of the identifier context (Emitting/CSharp.cs lists the others): whatever the
/// document says, every name made here is <see cref="IsPlainIdentifier"/> — letters, ASCII digits and <c>_</c>, not
/// starting with a digit, or <c>@</c> and a keyword — so a name can never carry punctuation, a line break, a quote or
/// a format character into the code. The emitters write these names (and fixed affixes) as they are.
/// </summary>
internal static class Naming
{
    /// <summary>The members a generated enum struct has of its own: a value may not take these names.</summary>
    public static readonly string[] EnumStructMembers = ["Value", "IsKnown", "KnownValues", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone"];

    /// <summary>The members a generated union class has of its own: a variant may not take these names.</summary>
    public static readonly string[] UnionMembers = ["Value", "IsKnown", "Json", "VariantName", "FromJson", "WriteTo", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone"];

    /// <summary>Splits on anything that is not a letter or digit and capitalizes each part; keeps the rest of each part as written (so acronyms stay).</summary>
    public static string ToPascalCase(string value, string fallback = "Value")
    {
        var builder = new StringBuilder(value.Length);
        foreach (var part in SplitWords(value))
        {
            AppendPart(builder, part, titleCaseAllUpper: false);
        }

        return Finish(builder, fallback);
    }

    /// <summary>An enum member from a wire value: <c>voiceai-tts-v1-2026-02-10</c> becomes <c>VoiceaiTtsV1_2026_02_10</c>, <c>ACTIVE</c> becomes <c>Active</c>.</summary>
    public static string ToEnumMemberName(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var part in SplitWords(value))
        {
            AppendPart(builder, part, titleCaseAllUpper: true);
        }

        if (builder.Length == 0)
        {
            return value.Length == 0 ? "Empty" : "Value";
        }

        return char.IsDigit(builder[0]) ? "Value" + builder : builder.ToString();
    }

    public static string ToCamelCase(string value, string fallback = "value")
    {
        var pascal = ToPascalCase(value, fallback);
        if (pascal.StartsWith("_", StringComparison.Ordinal))
        {
            return EscapeKeyword(pascal);
        }

        var leadingUpper = 0;
        while (leadingUpper < pascal.Length && char.IsUpper(pascal[leadingUpper]))
        {
            leadingUpper++;
        }

        // "URL" -> "url", "URLPath" -> "urlPath", "Name" -> "name".
        var lowerCount = leadingUpper <= 1 || leadingUpper == pascal.Length ? Math.Max(leadingUpper, 1) : leadingUpper - 1;
        var camel = pascal.Substring(0, lowerCount).ToLowerInvariant() + pascal.Substring(lowerCount);
        return EscapeKeyword(camel);
    }

    /// <summary>The method name for an operation: the operationId without FastAPI's generated route suffix, else method and path.</summary>
    public static string ToMethodName(string? operationId, string httpMethod, string path)
    {
        string baseName;
        if (!string.IsNullOrWhiteSpace(operationId))
        {
            baseName = StripFastApiSuffix(operationId!, httpMethod, path);
        }
        else
        {
            baseName = httpMethod.ToLowerInvariant() + " " + path.Replace("{", "by ").Replace("}", " ");
        }

        var name = ToPascalCase(baseName, "Operation");
        if (name.StartsWith("_", StringComparison.Ordinal))
        {
            name = "Operation" + name;
        }

        return name + "Async";
    }

    /// <summary>FastAPI makes operationIds as <c>{name}{path with non-word characters as _}_{method}</c>; the suffix repeats the path and method.</summary>
    public static string StripFastApiSuffix(string operationId, string httpMethod, string path)
    {
        var suffix = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            suffix.Append(IsWordChar(c) ? c : '_');
        }

        suffix.Append('_').Append(httpMethod.ToLowerInvariant());
        var text = suffix.ToString();
        if (operationId.Length > text.Length && operationId.EndsWith(text, StringComparison.Ordinal))
        {
            var stripped = operationId.Substring(0, operationId.Length - text.Length).TrimEnd('_');
            if (stripped.Length > 0)
            {
                return stripped;
            }
        }

        return operationId;
    }

    public static string EscapeKeyword(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>
    /// A name from the project (OpenApiClientName, a part of OpenApiNamespace): a C# identifier that is not a keyword and
    /// holds no format character (C# allows them in identifiers; a bidi control there would reorder the code on screen).
    /// </summary>
    public static bool IsValidIdentifier(string value)
    {
        if (!SyntaxFacts.IsValidIdentifier(value) || SyntaxFacts.GetKeywordKind(value) != SyntaxKind.None)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What every name made here is: letters, ASCII digits and <c>_</c>, not starting with a digit; or <c>@</c> and a keyword.</summary>
    public static bool IsPlainIdentifier(string value)
    {
        if (value.Length > 1 && value[0] == '@')
        {
            return SyntaxFacts.GetKeywordKind(value.Substring(1)) != SyntaxKind.None && IsPlainIdentifier(value.Substring(1), allowKeyword: true);
        }

        return IsPlainIdentifier(value, allowKeyword: false);
    }

    private static bool IsPlainIdentifier(string value, bool allowKeyword)
    {
        if (value.Length == 0 || (value[0] is >= '0' and <= '9') || (!allowKeyword && SyntaxFacts.GetKeywordKind(value) != SyntaxKind.None))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c == '_' || (c < 128 ? char.IsLetterOrDigit(c) : char.IsLetter(c))))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidNamespace(string value)
    {
        foreach (var part in value.Split('.'))
        {
            if (!IsValidIdentifier(part))
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    /// <summary>Returns <paramref name="name"/>, or it with the smallest numeric suffix from 2 up that is not in <paramref name="used"/>; records the result.</summary>
    public static string MakeUnique(string name, ISet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static bool IsWordChar(char c) => c == '_' || (c < 128 && char.IsLetterOrDigit(c));

    private static IEnumerable<string> SplitWords(string value)
    {
        var start = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var isPart = IsIdentifierChar(value[i]);
            if (isPart && start < 0)
            {
                start = i;
            }
            else if (!isPart && start >= 0)
            {
                yield return value.Substring(start, i - start);
                start = -1;
            }
        }

        if (start >= 0)
        {
            yield return value.Substring(start);
        }
    }

    private static bool IsIdentifierChar(char c) => c < 128 ? char.IsLetterOrDigit(c) : char.IsLetter(c);

    private static void AppendPart(StringBuilder builder, string part, bool titleCaseAllUpper)
    {
        if (builder.Length > 0 && char.IsDigit(builder[builder.Length - 1]) && char.IsDigit(part[0]))
        {
            builder.Append('_');
        }

        if (titleCaseAllUpper && part.Length > 1 && IsAllUpper(part))
        {
            builder.Append(part[0]).Append(part.Substring(1).ToLowerInvariant());
            return;
        }

        builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
    }

    private static bool IsAllUpper(string part)
    {
        var hasLetter = false;
        foreach (var c in part)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasLetter |= char.IsLetter(c);
        }

        return hasLetter;
    }

    private static string Finish(StringBuilder builder, string fallback)
    {
        if (builder.Length == 0)
        {
            return fallback;
        }

        return char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
    }
}
