using System;
using System.Text;

namespace VoiceAi.Generators.Emitting;

/// <summary>Writes C# text with an indentation counter (a tab a level); multi-line strings are re-indented line by line.</summary>
internal sealed class SourceWriter
{
    /// <summary>
    /// One builder per thread, kept between files: it grows once to the largest file instead of growing for every one
    /// (the emitters write thousands of files per document). A writer made while another is open gets its own.
    /// </summary>
    [ThreadStatic]
    private static StringBuilder? s_spare;

    /// <summary>A second one, for a writer made while another is open (a model's converter body).</summary>
    [ThreadStatic]
    private static StringBuilder? s_nestedSpare;

    // At most 1 MB kept per builder (two per thread), so an IDE process that ran the generator once does not hold more.
    private const int MaxKeptCapacity = 512 * 1024;

    private StringBuilder _builder = TakeBuilder();
    private int _indent;

    private static StringBuilder TakeBuilder()
    {
        if (s_spare is { } spare)
        {
            s_spare = null;
            return spare;
        }

        if (s_nestedSpare is { } nested)
        {
            s_nestedSpare = null;
            return nested;
        }

        return new StringBuilder(1024);
    }

    public SourceWriter Line(string text = "") => Lines(text, text.Length);

    /// <summary>The text of another writer, re-indented here, without its trailing line breaks.</summary>
    public SourceWriter Lines(SourceWriter other)
    {
        var text = other.ToString();
        var length = text.Length;
        while (length > 0 && text[length - 1] == '\n')
        {
            length--;
        }

        return Lines(text, length);
    }

    /// <summary>The first <paramref name="count"/> characters of <paramref name="text"/>, line by line, indented.</summary>
    private SourceWriter Lines(string text, int count)
    {
        if (count == 0)
        {
            _builder.Append('\n');
            return this;
        }

        // Line by line without splitting: no array and no string per line (the emitters write millions of lines).
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start, count - start);
            var length = (end < 0 ? count : end) - start;
            if (length > 0)
            {
                // Indentation is one tab a level (a quarter of the characters of four spaces, in files of millions of
                // lines); the emitters' own text indents with four spaces, and each leading four becomes a tab too.
                var spaces = 0;
                while (spaces + 4 <= length && string.CompareOrdinal(text, start + spaces, "    ", 0, 4) == 0)
                {
                    spaces += 4;
                }

                _builder.Append('\t', _indent + spaces / 4).Append(text, start + spaces, length - spaces);
            }

            _builder.Append('\n');
            if (end < 0)
            {
                return this;
            }

            start = end + 1;
        }
    }

    /// <summary>One line: <paramref name="prefix"/> and a part of <paramref name="text"/> that holds no line break, without a temporary string.</summary>
    public SourceWriter Line(string prefix, string text, int start, int length)
    {
        _builder.Append('\t', _indent).Append(prefix);
        if (length > 0)
        {
            _builder.Append(text, start, length);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>A <see cref="Block"/> when <paramref name="condition"/> holds; nothing otherwise.</summary>
    public Scope BlockIf(bool condition, string header) => condition ? Block(header) : default;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException("Unbalanced indentation in generated code: " + _indent);
        }

        // The text is taken once: the builder goes back for the next file, and this writer cannot be written again.
        var builder = _builder ?? throw new InvalidOperationException("The text of this writer was already taken.");
        var text = builder.ToString();
        _builder = null!;
        if (builder.Capacity <= MaxKeptCapacity)
        {
            builder.Clear();
            if (s_spare is null)
            {
                s_spare = builder;
            }
            else
            {
                s_nestedSpare = builder;
            }
        }

        return text;
    }

    public readonly struct Scope(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            if (writer is null)
            {
                return;
            }

            writer._indent--;
            writer.Line("}");
        }
    }
}
