using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Diagnostics;

/// <summary>A position in an OpenAPI file: zero-based line and character, as Roslyn counts them.</summary>
internal readonly record struct DocumentPosition(int Line, int Character)
{
    public static readonly DocumentPosition Start = new(0, 0);
}

/// <summary>
/// A diagnostic as a value: the pipeline caches it like the model and turns it into a
/// <see cref="Diagnostic"/> with a location in the OpenAPI file only when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    string FilePath,
    DocumentPosition Position,
    EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, DocumentPosition position, params string[] arguments)
        => new(descriptor.Id, filePath, position, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticCatalog.Find(Id);
        var linePosition = new LinePosition(Position.Line, Position.Character);
        var location = Location.Create(FilePath, default(TextSpan), new LinePositionSpan(linePosition, linePosition));
        return Diagnostic.Create(descriptor, location, Arguments.Cast<object>().ToArray());
    }
}

internal static class DiagnosticCatalog
{
    /// <summary>The descriptor of an id; every descriptor is listed in <see cref="DiagnosticDescriptors.All"/> (a test checks it).</summary>
    public static DiagnosticDescriptor Find(string id)
    {
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        return DiagnosticDescriptors.InternalError;
    }
}
