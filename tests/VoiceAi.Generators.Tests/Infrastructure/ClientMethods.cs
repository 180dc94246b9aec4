using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VoiceAi.Generators.Tests.Infrastructure;

/// <summary>One method of a generated client interface, as its source declares it, the file's using aliases written out (<c>global::Ns.Item</c>, not <c>__m.Item</c>).</summary>
public sealed record ClientMethod(string HttpMethod, string Path, string Name, string ReturnType, IReadOnlyList<(string Type, string Name)> Parameters, XElement Documentation)
{
    /// <summary>The type of the <c>request</c> parameter (the body), or null.</summary>
    public string? BodyType => Parameters.FirstOrDefault(p => p.Name == "request").Type;
}

/// <summary>
/// The methods of a generated client interface by operation, read from the emitted source: each operation's methods
/// carry a <c>/// &lt;remarks&gt;&lt;c&gt;METHOD /path&lt;/c&gt;&lt;/remarks&gt;</c> line. Nothing here asks the
/// generator's model.
/// </summary>
public static class ClientMethods
{
    private static readonly Regex DocLine = new(@"^\s*/// ?", RegexOptions.Multiline);

    /// <summary>
    /// Every interface method with a route remark, by <c>"METHOD /path"</c> (the method in upper case): of the client's
    /// interface, and of its sub-clients' (OpenApiGroupBy) when <paramref name="withGroups"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ClientMethod>> Read(SyntaxTree clientTree, string interfaceName, bool withGroups = false)
    {
        var root = clientTree.GetRoot();
        var declarations = root.DescendantNodes().OfType<InterfaceDeclarationSyntax>().Where(i => i.Identifier.ValueText == interfaceName).ToList();
        Xunit.Assert.Single(declarations);
        if (withGroups)
        {
            // The sub-clients are the types of the client interface's properties.
            var groups = declarations[0].Members.OfType<PropertyDeclarationSyntax>().Select(p => p.Type.ToString().Split('.')[^1]).ToHashSet(StringComparer.Ordinal);
            declarations.AddRange(root.DescendantNodes().OfType<InterfaceDeclarationSyntax>().Where(i => groups.Contains(i.Identifier.ValueText)));
        }

        // The types as the file's using aliases resolve them, so that a check reads the same whatever alias the file chose.
        var aliases = root.DescendantNodes().OfType<UsingDirectiveSyntax>().Where(u => u.Alias is not null).ToList();
        Xunit.Assert.NotEmpty(aliases);
        string Expand(string type)
        {
            foreach (var alias in aliases)
            {
                type = Regex.Replace(type, @"(?<![\w.:])" + Regex.Escape(alias.Alias!.Name.Identifier.ValueText) + @"\.", alias.NamespaceOrType.ToString() + ".");
            }

            return type;
        }

        var byRoute = new Dictionary<string, List<ClientMethod>>(StringComparer.Ordinal);
        foreach (var method in declarations.SelectMany(d => d.Members.OfType<MethodDeclarationSyntax>()))
        {
            var doc = Documentation(method);
            // The route remark starts with it (a reconstructed operation's provenance may follow); descriptions have no markup.
            var route = doc.Elements("remarks").Select(r => r.FirstNode as XElement).FirstOrDefault(c => c is { Name.LocalName: "c" })?.Value;
            if (route is null || route.IndexOf(' ', StringComparison.Ordinal) is var space && space <= 0)
            {
                continue; // WithResponse twins and the like: no route of their own
            }

            var parameters = method.ParameterList.Parameters.Select(p => (Expand(p.Type!.ToString()), p.Identifier.ValueText)).ToList();
            var entry = new ClientMethod(route[..space].ToUpperInvariant(), route[(space + 1)..], method.Identifier.ValueText, Expand(method.ReturnType.ToString()), parameters, doc);
            var key = entry.HttpMethod + " " + entry.Path;
            if (!byRoute.TryGetValue(key, out var list))
            {
                byRoute[key] = list = [];
            }

            list.Add(entry);
        }

        return byRoute.ToDictionary(p => p.Key, p => (IReadOnlyList<ClientMethod>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The client source of a generator run (its <c>*.Client.g.cs</c> file).</summary>
    public static SyntaxTree ClientTree(IEnumerable<GeneratedSourceResult> sources)
        => sources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SyntaxTree;

    private static XElement Documentation(MethodDeclarationSyntax method)
    {
        var text = string.Concat(method.GetLeadingTrivia()
            .Where(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
            .Select(t => t.ToFullString()));
        return XElement.Parse("<doc>" + DocLine.Replace(text, string.Empty) + "</doc>", LoadOptions.PreserveWhitespace);
    }
}
