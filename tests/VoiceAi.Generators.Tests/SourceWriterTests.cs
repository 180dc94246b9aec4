using VoiceAi.Generators.Emitting;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>The writer every emitter uses: indentation, nested writers sharing the per-thread builders, one take of the text.</summary>
public class SourceWriterTests
{
    [Fact]
    public void Nested_writers_keep_their_own_text_and_lines_are_re_indented()
    {
        var outer = new SourceWriter();
        using (outer.Block("class A"))
        {
            var inner = new SourceWriter();
            inner.Line("int x;\n    int y;\n\n");
            outer.Lines(inner);
            outer.Line("/// ", "text that is cut here", 0, 4);
        }

        Assert.Equal("class A\n{\n\tint x;\n\t\tint y;\n\t/// text\n}\n", outer.ToString());

        // The builders go back for the next writers: a new writer starts empty.
        var next = new SourceWriter();
        next.Line("z");
        Assert.Equal("z\n", next.ToString());
    }

    [Fact]
    public void The_text_is_taken_once()
    {
        var writer = new SourceWriter();
        writer.Line("a");
        Assert.Equal("a\n", writer.ToString());
        Assert.Throws<InvalidOperationException>(() => writer.ToString());
    }
}
