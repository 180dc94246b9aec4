using System.Text;
using System.Text.RegularExpressions;

namespace VoiceAi.Generators.Tests.Conformance;

/// <summary>
/// The shortest string a simple regular expression matches, for the <c>pattern</c>s documents give (literals, escapes,
/// classes with ranges, groups with alternatives, the usual quantifiers). The result is checked with <see cref="Regex"/>;
/// a pattern outside that subset gives null.
/// </summary>
public static class RegexSample
{
    public static string? Sample(string pattern)
    {
        try
        {
            var position = 0;
            var text = Alternatives(pattern, ref position);
            return position == pattern.Length && Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)) ? text : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or RegexMatchTimeoutException)
        {
            return null;
        }
    }

    // alternatives := sequence ('|' sequence)*  — the first alternative is the sample.
    private static string Alternatives(string pattern, ref int position)
    {
        var first = Sequence(pattern, ref position);
        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            Sequence(pattern, ref position);
        }

        return first;
    }

    private static string Sequence(string pattern, ref int position)
    {
        var text = new StringBuilder();
        while (position < pattern.Length && pattern[position] is not ('|' or ')'))
        {
            string atom;
            var c = pattern[position];
            switch (c)
            {
                case '^' or '$':
                    position++;
                    continue;
                case '(':
                    position++;
                    if (position < pattern.Length && pattern[position] == '?')
                    {
                        position += 2; // (?: … )
                    }

                    atom = Alternatives(pattern, ref position);
                    Expect(pattern, ref position, ')');
                    break;
                case '[':
                    atom = Class(pattern, ref position).ToString();
                    break;
                case '\\':
                    atom = Escape(pattern[position + 1]).ToString();
                    position += 2;
                    break;
                case '.':
                    atom = "a";
                    position++;
                    break;
                default:
                    atom = c.ToString();
                    position++;
                    break;
            }

            var count = Quantifier(pattern, ref position);
            for (var i = 0; i < count; i++)
            {
                text.Append(atom);
            }
        }

        return text.ToString();
    }

    /// <summary>How often the atom before repeats: the least the quantifier allows, but at least once for <c>*</c>.</summary>
    private static int Quantifier(string pattern, ref int position)
    {
        if (position >= pattern.Length)
        {
            return 1;
        }

        int count;
        switch (pattern[position])
        {
            case '?':
                position++;
                count = 1;
                break;
            case '*' or '+':
                position++;
                count = 1;
                break;
            case '{':
                var end = pattern.IndexOf('}', position);
                var bounds = pattern.Substring(position + 1, end - position - 1).Split(',');
                count = int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture);
                if (count == 0 && bounds.Length > 1)
                {
                    count = 1;
                }

                position = end + 1;
                break;
            default:
                return 1;
        }

        if (position < pattern.Length && pattern[position] is '?' or '+')
        {
            position++; // lazy or possessive
        }

        return count;
    }

    private static char Class(string pattern, ref int position)
    {
        position++; // [
        var negated = position < pattern.Length && pattern[position] == '^';
        if (negated)
        {
            position++;
        }

        var allowed = new List<(char From, char To)>();
        var first = true;
        while (pattern[position] != ']' || first)
        {
            first = false;
            char from;
            if (pattern[position] == '\\')
            {
                var escaped = pattern[position + 1];
                position += 2;
                if (escaped is 'd' or 'w' or 's')
                {
                    var sample = Escape(escaped);
                    allowed.Add((sample, sample));
                    continue;
                }

                from = Escape(escaped);
            }
            else
            {
                from = pattern[position++];
            }

            if (pattern[position] == '-' && pattern[position + 1] != ']')
            {
                var to = pattern[position + 1] == '\\' ? Escape(pattern[position + 2]) : pattern[position + 1];
                position += pattern[position + 1] == '\\' ? 3 : 2;
                allowed.Add((from, to));
            }
            else
            {
                allowed.Add((from, from));
            }
        }

        position++; // ]
        if (!negated)
        {
            return allowed[0].From;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            if (!allowed.Any(r => c >= r.From && c <= r.To))
            {
                return c;
            }
        }

        throw new FormatException("No sample for a negated class.");
    }

    private static char Escape(char escaped) => escaped switch
    {
        'd' => '1',
        'w' => 'a',
        's' => ' ',
        'n' => '\n',
        't' => '\t',
        _ when char.IsLetterOrDigit(escaped) => throw new FormatException("Unsupported escape \\" + escaped),
        _ => escaped,
    };

    private static void Expect(string pattern, ref int position, char c)
    {
        if (position >= pattern.Length || pattern[position] != c)
        {
            throw new FormatException($"Expected '{c}' at {position} in {pattern}");
        }

        position++;
    }
}
