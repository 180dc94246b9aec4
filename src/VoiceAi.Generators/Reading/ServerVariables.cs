using System.Collections.Generic;
using System.Text;

namespace VoiceAi.Generators.Reading;

/// <summary>A server address's <c>{variables}</c>, replaced by their values (OpenAPI servers and AsyncAPI hosts and pathnames).</summary>
internal static class ServerVariables
{
    /// <summary>The longest address kept (System.Uri refuses longer ones anyway).</summary>
    public const int MaxLength = 65519;

    /// <summary>
    /// <paramref name="template"/> with each <c>{name}</c> of <paramref name="values"/> replaced, in one pass over the template:
    /// a value is never read again for variables of its own (a value "{b}{b}" stays as it is), so the result is at most the
    /// template's placeholders times their values. Empty when it would be longer than <see cref="MaxLength"/>; a
    /// placeholder without a value stays as it is.
    /// </summary>
    public static string Substitute(string template, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0 || template.IndexOf('{') < 0)
        {
            return template;
        }

        var result = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var name = template.Substring(open + 1, close - open - 1);
            if (values.TryGetValue(name, out var value))
            {
                result.Append(value);
                i = close + 1;
            }
            else
            {
                result.Append('{');
                i = open + 1;
            }

            if (result.Length > MaxLength)
            {
                return string.Empty;
            }
        }

        return result.Length > MaxLength ? string.Empty : result.ToString();
    }
}
