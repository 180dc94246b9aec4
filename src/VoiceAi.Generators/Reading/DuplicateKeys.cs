using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SharpYaml.Events;
using VoiceAi.Generators.Diagnostics;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Response keys that YAML tells apart and JSON does not: <c>400:</c> (an integer) and <c>"400":</c> (a string), which
/// Microsoft.OpenApi refuses as a duplicate key (and with it the whole document). The later one is renamed to an
/// extension, which a responses object ignores, so that the first is read; each one renamed is reported (VOAI011) at
/// its line. Other mappings are left as they are: there a key given twice stays an error of the document.
/// </summary>
internal static class DuplicateKeys
{
    /// <summary>The text with each later duplicate key of a <c>responses</c> mapping renamed; null when there is none (or the text is not YAML).</summary>
    public static string? RenameDuplicateResponses(string text, List<PendingDiagnostic> pending)
    {
        var renamed = new List<(int Start, int End)>();
        var found = new List<PendingDiagnostic>();
        try
        {
            var parser = SharpYaml.Parser.CreateParser(new StringReader(text));
            var stack = new Stack<Frame>();
            while (parser.MoveNext() && parser.Current is not DocumentEnd)
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                    {
                        var parent = stack.Count > 0 ? stack.Peek() : null;
                        stack.Push(new Frame(
                            parser.Current is MappingStart,
                            ChildPointer(parent),
                            isKey: parent is { IsMapping: true, AtKey: true },
                            isResponses: parser.Current is MappingStart && parent is { IsMapping: true, AtKey: false, CurrentKey: "responses" }));
                        break;
                    }

                    case MappingEnd or SequenceEnd:
                    {
                        var frame = stack.Pop();
                        if (frame.IsKey && stack.Count > 0)
                        {
                            stack.Peek().Key(null); // a complex key: its value comes next
                        }
                        else
                        {
                            ValueDone(stack);
                        }

                        break;
                    }

                    case Scalar scalar when stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } mapping:
                    {
                        if (mapping.IsResponses && mapping.FirstLines.TryGetValue(scalar.Value, out var firstLine))
                        {
                            var pointer = mapping.Pointer + "/" + SourceLocator.Escape(scalar.Value);
                            renamed.Add((scalar.Start.Index, scalar.End.Index));
                            found.Add(new PendingDiagnostic(
                                DiagnosticDescriptors.ValueLeftOut,
                                pointer,
                                ["The response " + ModelBuilder.Shown(scalar.Value) + " on line " + Line(scalar.Start.Line), ModelBuilder.Visible(DocumentReader.PointerText(pointer), 200), "the responses have it twice (400 and \"400\" are two keys in YAML, one in JSON); the first, on line " + Line(firstLine) + ", is read"],
                                Position: new DocumentPosition(scalar.Start.Line, scalar.Start.Column)));
                        }
                        else
                        {
                            mapping.FirstLines[scalar.Value] = scalar.Start.Line;
                        }

                        mapping.Key(scalar.Value);
                        break;
                    }

                    case AnchorAlias when stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } mapping:
                        mapping.Key(null);
                        break;
                    case Scalar or AnchorAlias:
                        ValueDone(stack);
                        break;
                }
            }
        }
        catch (SharpYaml.YamlException)
        {
            return null;
        }

        if (renamed.Count == 0)
        {
            return null;
        }

        var result = new StringBuilder(text);
        for (var i = renamed.Count - 1; i >= 0; i--)
        {
            var (start, end) = renamed[i];
            result.Remove(start, end - start).Insert(start, "x-voai-duplicate-" + (i + 1).ToString(CultureInfo.InvariantCulture));
        }

        pending.AddRange(found);
        return result.ToString();
    }

    private static string ChildPointer(Frame? parent) => parent switch
    {
        null => "#",
        { IsMapping: true } => parent.Pointer + "/" + SourceLocator.Escape(parent.CurrentKey ?? string.Empty),
        _ => parent.Pointer + "/" + parent.Index.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A value has ended: its mapping waits for the next key, its sequence for the next item.</summary>
    private static void ValueDone(Stack<Frame> stack)
    {
        if (stack.Count == 0)
        {
            return;
        }

        var frame = stack.Peek();
        if (frame.IsMapping)
        {
            frame.AtKey = true;
        }
        else
        {
            frame.Index++;
        }
    }

    private static string Line(int line) => (line + 1).ToString(CultureInfo.InvariantCulture);

    private sealed class Frame(bool isMapping, string pointer, bool isKey, bool isResponses)
    {
        public bool IsMapping => isMapping;

        public string Pointer => pointer;

        /// <summary>This node is itself a mapping key (a complex key).</summary>
        public bool IsKey => isKey;

        /// <summary>A mapping under a <c>responses</c> key.</summary>
        public bool IsResponses => isResponses;

        public bool AtKey { get; set; } = true;

        public string? CurrentKey { get; private set; }

        public int Index { get; set; }

        /// <summary>The line of each key seen, by its value.</summary>
        public Dictionary<string, int> FirstLines { get; } = new(StringComparer.Ordinal);

        public void Key(string? key)
        {
            CurrentKey = key;
            AtKey = false;
        }
    }
}
