using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using SharpYaml.Events;
using VoiceAi.Generators.Diagnostics;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Finds the line and column of JSON pointers (<c>#/paths/~1pets/get</c>) in the text of a JSON or YAML document.
/// It runs only when there is something to report, walks the document once for all pointers asked,
/// and skips every subtree that no pointer enters.
/// </summary>
internal static class SourceLocator
{
    public static IReadOnlyDictionary<string, DocumentPosition> Locate(string text, bool isYaml, IEnumerable<string> pointers)
    {
        var tracker = new PointerTracker(pointers);
        if (tracker.IsEmpty)
        {
            return tracker.Found;
        }

        try
        {
            if (isYaml)
            {
                WalkYaml(text, tracker);
            }
            else
            {
                WalkJson(text, tracker);
            }
        }
        catch (Exception ex) when (ex is JsonException or SharpYaml.YamlException or InvalidOperationException or ArgumentException)
        {
            // A malformed document: keep what was found before the error.
        }

        return tracker.Found;
    }

    /// <summary>Normalizes a pointer to <c>/a/b</c> (no leading <c>#</c>); the root is the empty string.</summary>
    public static string Normalize(string pointer)
    {
        var p = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        return p == "/" ? string.Empty : p.TrimEnd('/');
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>A segment of a <c>$ref</c> fragment as written (percent-encoded, JSON-pointer-escaped) → its key.</summary>
    public static string Unescape(string segment) => Uri.UnescapeDataString(segment).Replace("~1", "/").Replace("~0", "~");

    private static void WalkJson(string text, PointerTracker tracker)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 100_000,
        });
        var lines = new LineMap(utf8);
        string? pendingChild = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingChild = tracker.Child(reader.GetString() ?? string.Empty, lines.Position((int)reader.TokenStartIndex));
                    if (pendingChild is null)
                    {
                        reader.Read();
                        reader.Skip();
                    }

                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    tracker.Pop();
                    break;
                default:
                    var child = pendingChild ?? tracker.Element(lines.Position((int)reader.TokenStartIndex));
                    pendingChild = null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        if (child is null && !tracker.AtRoot)
                        {
                            reader.Skip();
                        }
                        else
                        {
                            tracker.Push(child ?? string.Empty, reader.TokenType == JsonTokenType.StartArray);
                        }
                    }

                    break;
            }
        }
    }

    private enum YamlState { Sequence, MappingKey, MappingValue }

    private static void WalkYaml(string text, PointerTracker tracker)
    {
        var parser = SharpYaml.Parser.CreateParser(new StringReader(text));
        var states = new Stack<YamlState>();
        string? pendingChild = null;
        var skipDepth = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            if (skipDepth > 0)
            {
                skipDepth += e.NestingIncrease;
                if (skipDepth == 0)
                {
                    ValueDone(states);
                }

                continue;
            }

            var position = new DocumentPosition(e.Start.Line, e.Start.Column);
            if (states.Count > 0 && states.Peek() == YamlState.MappingKey && e is Scalar key)
            {
                states.Pop();
                states.Push(YamlState.MappingValue);
                pendingChild = tracker.Child(key.Value, position);
                if (pendingChild is null)
                {
                    // Skip the value: a scalar, an alias or a whole nested node.
                    parser.MoveNext();
                    skipDepth = Math.Max(0, parser.Current!.NestingIncrease);
                    if (skipDepth == 0)
                    {
                        ValueDone(states);
                    }
                }

                continue;
            }

            if (e is MappingEnd or SequenceEnd)
            {
                if (states.Count > 0)
                {
                    states.Pop();
                }

                tracker.Pop();
                ValueDone(states);
                continue;
            }

            if (e is MappingStart or SequenceStart or Scalar or AnchorAlias)
            {
                var child = pendingChild ?? (states.Count == 0 ? string.Empty : tracker.Element(position));
                pendingChild = null;
                if (e is MappingStart or SequenceStart)
                {
                    if (child is null)
                    {
                        skipDepth = 1;
                        continue;
                    }

                    tracker.Push(child, e is SequenceStart);
                    states.Push(e is MappingStart ? YamlState.MappingKey : YamlState.Sequence);
                }
                else
                {
                    ValueDone(states);
                }
            }
        }
    }

    private static void ValueDone(Stack<YamlState> states)
    {
        if (states.Count > 0 && states.Peek() == YamlState.MappingValue)
        {
            states.Pop();
            states.Push(YamlState.MappingKey);
        }
    }

    /// <summary>Keeps the current pointer and records positions of the pointers asked for.</summary>
    private sealed class PointerTracker
    {
        private readonly HashSet<string> _targets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
        private readonly Stack<(string Pointer, bool IsArray, int Index)> _frames = new();

        public PointerTracker(IEnumerable<string> pointers)
        {
            foreach (var raw in pointers)
            {
                var pointer = Normalize(raw);
                _targets.Add(pointer);
                for (var i = pointer.Length; i > 0; i = pointer.LastIndexOf('/', i - 1))
                {
                    _prefixes.Add(pointer.Substring(0, i));
                }
            }

            _prefixes.Add(string.Empty);
            if (_targets.Remove(string.Empty))
            {
                Found[string.Empty] = DocumentPosition.Start;
            }
        }

        public Dictionary<string, DocumentPosition> Found { get; } = new(StringComparer.Ordinal);

        public bool IsEmpty => _targets.Count == 0;

        public bool AtRoot => _frames.Count == 0;

        /// <summary>A property of the current object: its pointer when a target lies at or below it, else null.</summary>
        public string? Child(string name, DocumentPosition position)
        {
            if (_frames.Count == 0)
            {
                return null;
            }

            return Visit(_frames.Peek().Pointer + "/" + Escape(name), position);
        }

        /// <summary>The next element of the current array.</summary>
        public string? Element(DocumentPosition position)
        {
            if (_frames.Count == 0 || !_frames.Peek().IsArray)
            {
                return null;
            }

            var frame = _frames.Pop();
            _frames.Push((frame.Pointer, true, frame.Index + 1));
            return Visit(frame.Pointer + "/" + frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), position);
        }

        public void Push(string pointer, bool isArray) => _frames.Push((pointer, isArray, 0));

        public void Pop()
        {
            if (_frames.Count > 0)
            {
                _frames.Pop();
            }
        }

        private string? Visit(string pointer, DocumentPosition position)
        {
            if (!_prefixes.Contains(pointer))
            {
                return null;
            }

            // Ancestors are kept too: a pointer that is not in the text is reported at its nearest ancestor.
            if (!Found.ContainsKey(pointer))
            {
                Found[pointer] = position;
            }

            return pointer;
        }
    }

    /// <summary>Byte offset in UTF-8 text to a zero-based line and character.</summary>
    private sealed class LineMap
    {
        private readonly byte[] _utf8;
        private readonly List<int> _lineStarts = [0];

        public LineMap(byte[] utf8)
        {
            _utf8 = utf8;
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public DocumentPosition Position(int offset)
        {
            var line = _lineStarts.BinarySearch(offset);
            if (line < 0)
            {
                line = ~line - 1;
            }

            var character = 0;
            for (var i = _lineStarts[line]; i < offset && i < _utf8.Length; i++)
            {
                if ((_utf8[i] & 0xC0) != 0x80)
                {
                    character++;
                }
            }

            return new DocumentPosition(line, character);
        }
    }
}
