using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Options;

/// <summary>
/// Which operations of a document the client gets, from the AdditionalFiles item's metadata (each a list separated by
/// <c>;</c>):
/// <list type="bullet">
/// <item><c>OpenApiIncludeTags="repos;issues"</c>: the operations with one of these tags;</item>
/// <item><c>OpenApiIncludeOperations="repos/get;GET /repos/{owner}/*"</c>: operationIds, or <c>METHOD /path</c>
/// patterns, where <c>*</c> stands for any run of characters (in an operationId too, and <c>*</c> as the method is any method);</item>
/// <item><c>OpenApiExcludeOperations</c>: the same patterns, taken out of what the others keep.</item>
/// </list>
/// Without either include list every operation is kept; with both, an operation is kept when it matches either. Tags
/// and operationIds are compared ignoring case, methods too; paths exactly.
/// </summary>
internal sealed record OperationFilter(EquatableArray<string> IncludeTags, EquatableArray<string> IncludeOperations, EquatableArray<string> ExcludeOperations)
{
    public const string IncludeTagsMetadata = "build_metadata.AdditionalFiles.OpenApiIncludeTags";
    public const string IncludeOperationsMetadata = "build_metadata.AdditionalFiles.OpenApiIncludeOperations";
    public const string ExcludeOperationsMetadata = "build_metadata.AdditionalFiles.OpenApiExcludeOperations";

    public static readonly OperationFilter None = new(EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    /// <summary>Whether the filter keeps every operation (then every schema is generated, as without one).</summary>
    public bool KeepsAll => IncludeTags.Count == 0 && IncludeOperations.Count == 0 && ExcludeOperations.Count == 0;

    public static OperationFilter From(AnalyzerConfigOptions options)
    {
        options.TryGetValue(IncludeTagsMetadata, out var tags);
        options.TryGetValue(IncludeOperationsMetadata, out var include);
        options.TryGetValue(ExcludeOperationsMetadata, out var exclude);
        return Parse(tags, include, exclude);
    }

    public static OperationFilter Parse(string? includeTags, string? includeOperations, string? excludeOperations)
    {
        var filter = new OperationFilter(List(includeTags), List(includeOperations), List(excludeOperations));
        return filter.KeepsAll ? None : filter;
    }

    /// <summary>
    /// <c>;</c> as the user writes it; <c>|</c> as the package's targets hand it over (in the compiler's .editorconfig a
    /// <c>;</c> starts a comment).
    /// </summary>
    private static readonly char[] Separators = [';', '|'];

    private static EquatableArray<string> List(string? value)
        => (value ?? string.Empty).Split(Separators).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// Whether the operation is kept; <paramref name="matched"/> collects the items of the lists that matched it (an
    /// item that never matches is reported).
    /// </summary>
    public bool Keeps(string? operationId, string method, string path, IEnumerable<string> tags, ISet<string> matched)
    {
        var included = IncludeTags.Count == 0 && IncludeOperations.Count == 0;
        foreach (var tag in IncludeTags)
        {
            if (tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase)))
            {
                matched.Add(TagKey(tag));
                included = true;
            }
        }

        foreach (var pattern in IncludeOperations)
        {
            if (Matches(pattern, operationId, method, path))
            {
                matched.Add(IncludeKey(pattern));
                included = true;
            }
        }

        var excluded = false;
        foreach (var pattern in ExcludeOperations)
        {
            if (Matches(pattern, operationId, method, path))
            {
                matched.Add(ExcludeKey(pattern));
                excluded = true;
            }
        }

        return included && !excluded;
    }

    /// <summary>How an item of each list is told apart in <c>matched</c> (a tag may be spelled like a pattern).</summary>
    public static string TagKey(string tag) => "tag " + tag;

    public static string IncludeKey(string pattern) => "include " + pattern;

    public static string ExcludeKey(string pattern) => "exclude " + pattern;

    /// <summary>An operationId pattern, or <c>METHOD /path</c> (a space, then a path that starts with <c>/</c>).</summary>
    public static bool Matches(string pattern, string? operationId, string method, string path)
    {
        var space = pattern.IndexOf(' ');
        if (space > 0 && space + 1 < pattern.Length && pattern[space + 1] == '/')
        {
            var methodPattern = pattern.Substring(0, space);
            var pathPattern = pattern.Substring(space + 1).Trim();
            return Glob(methodPattern, method, ignoreCase: true) && Glob(pathPattern, path, ignoreCase: false);
        }

        return operationId is not null && Glob(pattern, operationId, ignoreCase: true);
    }

    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>, where <c>*</c> is any run of characters (no backtracking blow-up: greedy with one resume point).</summary>
    public static bool Glob(string pattern, string text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && Same(pattern[p], text[t], ignoreCase))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
