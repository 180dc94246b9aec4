using System;
using System.Collections.Generic;
using System.Linq;
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
/// <para>
/// The one naming rule (README, "Names"): a name made from the document is used as it is when every name it brings into
/// its type is free — not a member the type already has (inherited from <c>object</c>, <c>ValueType</c>, a record or
/// <c>Exception</c>, or one the generator writes: the lists below, one per kind of type), not the type's own name, and
/// not a name given before it in the same type. Otherwise it gets the smallest number from 2 up that frees them all
/// (<see cref="MakeUnique(string, ISet{string}, Func{string, IEnumerable{string}})"/>): a property <c>toString</c> is
/// <c>ToString2</c>, a union variant <c>Known</c> (which would bring <c>IsKnown</c>) is <c>Known2</c>
/// (<c>IsKnown2</c>, <c>AsKnown2</c>, <c>FromKnown2</c>), a parameter <c>request</c> is <c>request2</c>, an operation
/// <c>send</c> is <c>Send2Async</c>. Names are given in document order, so the first keeps its name. Types follow the
/// same rule in their namespace, where a model, enum or union brings its <c>…JsonConverter</c> too, may not be named like
/// a member its kind has (a record <c>ToString</c>, an enum <c>Value</c>), and names are compared ignoring case (each
/// has a file of its own, and Roslyn refuses generated files whose names differ only in case).
/// What goes on the wire never changes: JSON names, enum values and parameter names are the document's.
/// </para>
/// </summary>
internal static class Naming
{
    /// <summary>What every type has from <c>object</c> (a struct's <c>ValueType</c> overrides the same names).</summary>
    public static readonly string[] ObjectMembers = ["Equals", "GetHashCode", "GetType", "MemberwiseClone", "ToString", "Finalize", "ReferenceEquals"];

    /// <summary>
    /// A generated record (Emitting/ModelEmitter): what every record has (<c>&lt;Clone&gt;$</c> cannot be written in C#,
    /// and C# allows no member named <c>Clone</c> in a record, CS8859; <c>Deconstruct</c> only a positional record has,
    /// which ours are not). <c>AdditionalProperties</c> is claimed first, by the rule.
    /// </summary>
    public static readonly string[] RecordMembers = [.. ObjectMembers, "EqualityContract", "PrintMembers", "Deconstruct", "<Clone>$", "Clone"];

    /// <summary>A generated enum struct (Emitting/EnumEmitter): a value may not take these names.</summary>
    public static readonly string[] EnumStructMembers = [.. ObjectMembers, "Value", "IsKnown", "KnownValues", "_value"];

    /// <summary>A generated union class (Emitting/UnionEmitter): a variant may not bring these names (see <see cref="VariantMembers"/>).</summary>
    public static readonly string[] UnionMembers = [.. ObjectMembers, "Value", "IsKnown", "Json", "VariantName", "FromJson", "WriteTo", "Read", "Info", "VariantInfo", "_value", "_index", "s_kinds", "s_shapes"];

    /// <summary>The <c>{Operation}Result</c> class of several success schemas (Emitting/ClientEmitter.WriteResult).</summary>
    public static readonly string[] ResultMembers = [.. ObjectMembers, "StatusCode"];

    /// <summary>
    /// The client's exception (Emitting/SupportEmitter.EmitException): what <c>System.Exception</c> has and what it adds.
    /// An error body's property is named after its type; <c>Error</c> (the most used one) is claimed first, by the rule.
    /// </summary>
    public static readonly string[] ExceptionMembers =
    [
        .. ObjectMembers, "Message", "Data", "Source", "StackTrace", "InnerException", "HelpLink", "HResult", "TargetSite", "GetBaseException", "GetObjectData", "SerializeObjectState",
        "StatusCode", "ReasonPhrase", "ResponseBody", "Body", "Headers", "GetBody", "CreateMessage", "Printable", "MaxMessageBodyLength", "_message",
    ];

    /// <summary>
    /// The client class (Emitting/ClientEmitter): its fields, helpers, hooks, logging and nested types. An operation may not
    /// bring these names (see <see cref="OperationMembers"/>); nor the client's own name (its constructor).
    /// </summary>
    public static readonly string[] ClientMembers =
    [
        .. ObjectMembers, "_httpClient", "_options", "ServerUrl", "_resolved", "UserAgent", "MaxRedirects", "s_headerBreaks", "MaxErrorBodyBytes",
        "BuildUri", "AppendQuery", "OnBeforeSend", "OnAfterReceive", "SendAsync", "Redirect", "HeaderValue", "PathSegment", "Backoff", "RetryAfter",
        "EnsureSuccessAsync", "ReadErrorBodyAsync", "ReadJsonAsync", "ReadJsonOrNullAsync", "SendJsonAsync", "TryParse", "CollectHeaders", "__CaptureAsync", "__CaptureEmptyAsync", "__PagesAsync", "__LinkedPagesAsync", "__NextLink", "__NextPage", "__Seen", "ReadTextAsync", "TextEncoding", "__Bearer", "__Basic", "__HeaderKey",
        "OpenBodyAsync", "OpenBodySlowlyAsync", "BoundBody", "BodyTooLarge", "BodyCanceled", "BodyTimeout", "BoundedBodyStream", "BoundedEventStream",
        "LogRequest", "LogResponse", "LogFailure", "RedactHeaders", "AppendHeader", "SecretHeaders", "RedactUri", "SecretQueryParameters", "__RealtimeUri",
    ];

    /// <summary>
    /// The parameters every operation method has besides the document's (the body, the per-call options, the raw variant's
    /// observer, the token). Its locals all start with <c>__</c>, which no name made here does.
    /// </summary>
    public static readonly string[] OperationParameters = ["request", "requestOptions", "observe", "cancellationToken"];

    /// <summary>What a union variant named <paramref name="variant"/> brings into the union.</summary>
    public static IEnumerable<string> VariantMembers(string variant) => ["From" + variant, "Is" + variant, "As" + variant];

    /// <summary>What an operation named <paramref name="name"/> (without <c>Async</c>) brings into the client.</summary>
    public static IEnumerable<string> OperationMembers(string name) => [name + "Async", name + "CoreAsync", name + "WithResponseAsync", "Parse" + name + "Error"];

    /// <summary>What a record property brings: itself, and the fields ModelEmitter keeps behind it (<c>__{Name}</c>, <c>__{Name}IsSet</c>).</summary>
    public static IEnumerable<string> PropertyMembers(string name, bool backingField, bool setFlag)
        => !backingField && !setFlag ? [name] : setFlag ? [name, "__" + name, "__" + name + "IsSet"] : [name, "__" + name];

    /// <summary>What a model, enum or union type brings into its namespace: itself and its converter (and a member of the JSON resolver named like it).</summary>
    public static IEnumerable<string> TypeMembers(string name) => [name, name + "JsonConverter"];

    /// <summary>The names taken in a type before any of the document's: its kind's members and its own name.</summary>
    public static HashSet<string> Scope(string typeName, IEnumerable<string> members) => new(members, StringComparer.Ordinal) { typeName };

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

    /// <summary>
    /// Names that begin with two underscores are the generator's (the aliases <c>__j</c> and <c>__s</c> in every file, the
    /// client's <c>__CaptureAsync</c>, locals, backing fields): no name made from a document begins so, and a client
    /// name or namespace part that did would clash with them.
    /// </summary>
    public static bool IsGeneratorName(string value) => value.StartsWith("__", StringComparison.Ordinal);

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
    public static string MakeUnique(string name, ISet<string> used) => MakeUnique(name, used, static n => [n]);

    /// <summary>
    /// The naming rule: <paramref name="name"/> when none of the names it <paramref name="brings"/> is in <paramref name="used"/>,
    /// else it with the smallest number from 2 up for which none is; records every name the result brings.
    /// </summary>
    public static string MakeUnique(string name, ISet<string> used, Func<string, IEnumerable<string>> brings) => MakeUnique(name, used, brings, []);

    /// <summary>
    /// The rule for a type's own name: free in its namespace with what it <paramref name="brings"/> (<see cref="TypeMembers"/>),
    /// and not one of the <paramref name="members"/> its kind has (a record named <c>ToString</c> would have a member named
    /// like itself, CS0542; the JSON resolver has a member named after each type, beside <c>object</c>'s).
    /// </summary>
    public static string MakeUnique(string name, ISet<string> used, Func<string, IEnumerable<string>> brings, IReadOnlyCollection<string> members)
    {
        var candidate = name;
        for (var i = 2; members.Contains(candidate) || brings(candidate).Any(used.Contains); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var taken in brings(candidate))
        {
            used.Add(taken);
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
