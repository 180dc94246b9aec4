using System;
using System.Text;

namespace VoiceAi.Generators.Emitting;

/// <summary>Writes C# text with an indentation counter; multi-line strings are re-indented line by line.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0)
            {
                _builder.Append(' ', _indent * 4);
            }

            _builder.Append(line).Append('\n');
        }

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

        return _builder.ToString();
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
