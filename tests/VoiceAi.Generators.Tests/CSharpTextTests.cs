using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VoiceAi.Generators.Emitting;
using VoiceAi.Generators.Model;
using Xunit;
using TypeKind = VoiceAi.Generators.Model.TypeKind;

namespace VoiceAi.Generators.Tests;

/// <summary>The contract of each audited function of Emitting/CSharp.cs, case by case.</summary>
public class CSharpTextTests
{
    /// <summary>Text that FormatLiteral already escapes or keeps: the audited literal writes it exactly as FormatLiteral does, so ordinary output is unchanged.</summary>
    [Theory]
    [InlineData("plain name")]
    [InlineData("ünïcödé-名前 😀")]
    [InlineData("quote \" backslash \\ tab \t newline \n return \r")]
    [InlineData("\0 \a \b \f \v \u0001 \u001B \u007F")]
    [InlineData("\u0085 \u2028 \u2029")]
    [InlineData("noncharacters \uFFFE \uFFFF, unassigned \u0378")]
    [InlineData("no-break\u00A0space, private \uE000")]
    public void Literal_writes_what_FormatLiteral_writes_for_what_it_escapes(string value)
        => Assert.Equal(SymbolDisplay.FormatLiteral(value, quote: true), CSharp.Literal(value));

    /// <summary>What FormatLiteral leaves raw (format characters: bidi controls, zero-width characters, BOM, tags) is escaped.</summary>
    [Theory]
    [InlineData("a\u202Eb", "\"a\\u202eb\"")]
    [InlineData("\u202A\u202B\u202C\u202D", "\"\\u202a\\u202b\\u202c\\u202d\"")]
    [InlineData("\u2066\u2067\u2068\u2069", "\"\\u2066\\u2067\\u2068\\u2069\"")]
    [InlineData("\u200E\u200F\u061C", "\"\\u200e\\u200f\\u061c\"")]
    [InlineData("\u200B\u200D\uFEFF\u00AD", "\"\\u200b\\u200d\\ufeff\\u00ad\"")]
    [InlineData("tag \U000E0041", "\"tag \\U000e0041\"")]
    public void Literal_escapes_format_characters(string value, string expected) => Assert.Equal(expected, CSharp.Literal(value));

    /// <summary>Whatever the text, the literal is one token whose value is the text: nothing ends it early, nothing is lost.</summary>
    [Theory]
    [MemberData(nameof(Hostile))]
    public void Literal_is_one_token_with_exactly_the_value(string value)
    {
        var literal = CSharp.Literal(value);
        var tokens = SyntaxFactory.ParseTokens(literal).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        var token = Assert.Single(tokens);
        Assert.Equal(SyntaxKind.StringLiteralToken, token.Kind());
        Assert.False(token.ContainsDiagnostics);
        Assert.Equal(value, token.ValueText);
        Assert.False(HasHidden(literal), literal);
    }

    [Fact]
    public void Utf8Literal_is_a_string_literal_when_the_text_has_no_UTF8_form()
    {
        Assert.Equal("\"a\\u202eb\"u8", CSharp.Utf8Literal("a\u202Eb"));
        Assert.Equal("\"😀\"u8", CSharp.Utf8Literal("😀"));
        Assert.Equal("\"lone \\ud800\"", CSharp.Utf8Literal("lone \uD800")); // "\ud800"u8 would be CS9026
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void DocText_is_one_line_of_xml_text_with_nothing_hidden(string value)
    {
        var text = CSharp.DocText(value);
        Assert.False(HasHidden(text.Replace("\t", " ", StringComparison.Ordinal)), text);
        Assert.DoesNotContain('<', text);
        var xml = System.Xml.Linq.XElement.Parse("<summary>" + text + "</summary>"); // well-formed
        Assert.Equal("summary", xml.Name.LocalName);
    }

    [Theory]
    [InlineData("a\nb\r\nc\u2028d", "a b c d")]
    [InlineData("  <b>&amp;</b>  ", "&lt;b&gt;&amp;amp;&lt;/b&gt;")]
    [InlineData("right\u202Eleft", "right\uFFFDleft")]
    [InlineData("emoji 😀 kept", "emoji 😀 kept")]
    [InlineData("tag\U000E0041", "tag\uFFFD")]
    public void DocText_escapes_and_replaces(string value, string expected) => Assert.Equal(expected, CSharp.DocText(value));

    [Theory]
    [InlineData("title\n#error x", "title #error x")]
    [InlineData("a\r\nb\u0085c\u2029d\0e", "a  b c d e")]
    [InlineData("bidi \u2066x\u2069 zero\u200Bwidth", "bidi \uFFFDx\uFFFD zero\uFFFDwidth")]
    [InlineData("emoji 😀 and 名前", "emoji 😀 and 名前")]
    public void CommentText_is_one_line_with_nothing_hidden(string value, string expected) => Assert.Equal(expected, CSharp.CommentText(value));

    /// <summary>Lone surrogates (in code: an attribute argument cannot hold one).</summary>
    [Fact]
    public void Lone_surrogates_are_escaped_in_literals_and_replaced_in_comments()
    {
        var lone = "lone \uD800 and \uDC00";
        Assert.Equal(SymbolDisplay.FormatLiteral(lone, quote: true), CSharp.Literal(lone));
        Assert.Equal("\"lone \\ud800 and \\udc00\"", CSharp.Literal(lone));
        Assert.Equal("lone \uFFFD and \uFFFD", CSharp.CommentText(lone));
        Assert.Equal("lone \uFFFD and \uFFFD", CSharp.DocText(lone));
    }

    [Fact]
    public void Comment_and_documentation_text_is_cut()
    {
        var huge = new string('x', 1_000_000);
        Assert.Equal(CSharp.MaxDocumentationLength + 1, CSharp.CommentText(huge).Length);
        Assert.Equal(CSharp.MaxDocumentationLength + 1, CSharp.DocText(huge).Length);
    }

    [Fact]
    public void DocElement_writes_each_line_of_the_text_as_a_doc_line()
    {
        var writer = new SourceWriter();
        CSharp.DocElement(writer, "summary", "one\rtwo\u2028three\u0085four </summary> #error x");
        Assert.Equal("/// <summary>\n/// one\n/// two\n/// three\n/// four &lt;/summary&gt; #error x\n/// </summary>\n", writer.ToString());
    }

    [Fact]
    public void DocElement_writes_one_line_of_text_on_one_line_and_every_line_terminator_still_starts_a_doc_line()
    {
        var single = new SourceWriter();
        CSharp.DocElement(single, "summary", "Gets a <pet> & more ");
        Assert.Equal("/// <summary>Gets a &lt;pet&gt; &amp; more</summary>\n", single.ToString());

        // A paragraph separator alone (no '\n' in the text) must not stay on the one line, where it would end the comment.
        var separated = new SourceWriter();
        CSharp.DocElement(separated, "summary", "one\u2029class Injected {}");
        Assert.Equal("/// <summary>\n/// one\n/// class Injected {}\n/// </summary>\n", separated.ToString());
    }

    [Theory]
    [InlineData("1", "Int32", "1")]
    [InlineData("-2147483648", "Int32", "-2147483648")]
    [InlineData("9223372036854775807", "Int64", "9223372036854775807L")]
    [InlineData("0.5", "Double", "0.5d")]
    [InlineData("1e-400", "Double", "1e-400d")]
    [InlineData("3.4e38", "Single", "3.4e38f")]
    [InlineData("79228162514264337593543950335", "Decimal", "79228162514264337593543950335m")]
    public void NumberLiteral_writes_a_number_the_type_holds(string number, string type, string expected)
    {
        var kind = Enum.Parse<TypeKind>(type);
        Assert.Equal(expected, CSharp.NumberLiteral(number, kind));
        var compilation = Infrastructure.GeneratorHarness.CreateCompilation("class C { object V = " + expected + "; }");
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("1e400", "Double")]
    [InlineData("1e39", "Single")]
    [InlineData("79228162514264337593543950336", "Decimal")]
    [InlineData("2147483648", "Int32")]
    [InlineData("1.5", "Int64")]
    [InlineData("1; Pwn()", "Double")]
    [InlineData("0x10", "Int32")]
    [InlineData("NaN", "Double")]
    [InlineData("", "Double")]
    public void NumberLiteral_refuses_anything_else(string number, string type)
    {
        var kind = Enum.Parse<TypeKind>(type);
        Assert.False(DefaultValue.IsNumber(number, kind));
        Assert.Throws<ArgumentException>(() => CSharp.NumberLiteral(number, kind));
    }

    public static TheoryData<string> Hostile() => new()
    {
        "*/ #if X\n#error injected\n#endif /*",
        "</summary><script>alert(1)</script> <!-- ]]> &amp;",
        "\"\"\" raw \"\"\" \u2028 line\u2029separator \0 nul \u0085 next",
        "x\r\n[System.Runtime.CompilerServices.ModuleInitializer] internal static void Pwn() { }\r//",
        "bidi \u202E\u2066\u2069\u200E\u200F\u061C zero \u200B\u200C\u200D\uFEFF soft\u00AD tag \U000E0041",
        "lone \uD800 \uDC00 end",
        "   ",
        new string('a', 5000) + "\n#error late",
    };

    /// <summary>A raw line break, control character, format character (of a surrogate pair too) or lone surrogate.</summary>
    private static bool HasHidden(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, i);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                || (char.IsSurrogate(text[i]) && !pair))
            {
                return true;
            }

            i += pair ? 1 : 0;
        }

        return false;
    }
}
