using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoiceAi.Generators.Emitting;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// What keeps the output short without losing what it says: the overloads with options take their documentation by
/// reference to the plain overload, a property's JSON name is written only when its C# name does not spell it, and
/// generated types are named through the namespace alias.
/// </summary>
public class CompactOutputTests
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Compact, version: '1' }
        paths:
          /items/{id}:
            get:
              operationId: getItem
              summary: Reads an item.
              description: The item, as stored.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string }, description: The item's id. }
                - { name: expand, in: query, schema: { type: array, items: { type: string } }, description: Fields to expand. }
                - { name: kind, in: query, schema: { $ref: '#/components/schemas/Kind' } }
                - { name: sig, in: query, schema: { type: string, format: byte }, description: An optional byte string. }
              responses:
                '200': { description: The item., content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } } }
                '404': { description: Not found. }
            put:
              operationId: putItem
              deprecated: true
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }
              responses:
                '204': { description: Stored. }
        components:
          schemas:
            Kind: { type: string, enum: [a, b] }
            Item:
              type: object
              required: [balance_transaction]
              properties:
                balance_transaction: { type: string }
                '@type': { type: string }
                '+1': { type: integer }
                created-at: { type: string, format: date-time, nullable: true }
                tags: { type: array, items: { type: string } }
                stamp: { $ref: '#/components/schemas/Stamp' }
            Stamp:
              type: object
              properties:
                created_at: { type: string }
                createdAt: { type: string }
                id: { type: string }
        """;

    private static readonly Lazy<GenerationResult> Compact = new(() => GeneratorHarness.Run(new TestDocument("compact.yaml", Document, "CompactClient", "Compact")));

    [Theory]
    [InlineData("balance_transaction", "BalanceTransaction", true)]
    [InlineData("created-at", "CreatedAt", true)]
    [InlineData("id", "Id", true)]
    [InlineData("2fa", "_2fa", true)]
    [InlineData("@type", "Type", false)]
    [InlineData("$ref", "Ref", false)]
    [InlineData("+1", "Plus1", false)]
    [InlineData("+1", "_1", false)]
    [InlineData("name", "Name2", false)]
    [InlineData("class", "Class_", true)]
    [InlineData("größe", "Grosse", false)]
    [InlineData("ab", "A", false)]
    [InlineData("a", "Ab", false)]
    public void A_json_name_is_spelled_by_a_csharp_name_with_the_same_letters_and_digits(string json, string name, bool spelled)
        => Assert.Equal(spelled, ModelEmitter.SpellsJsonName(json, name));

    [Fact]
    public void A_property_s_remarks_give_its_json_name_only_when_the_csharp_name_does_not_spell_it()
    {
        var item = Compact.Value.TypeSource("Item");

        Assert.DoesNotContain("<c>balance_transaction</c>", item, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>JSON name: <c>@type</c>.</remarks>", item, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>JSON name: <c>+1</c>.</remarks>", item, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>May be null.</remarks>", item, StringComparison.Ordinal); // created-at: the rest of the remark stays
        Assert.DoesNotContain("<remarks></remarks>", item, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_name_that_another_property_s_name_would_also_spell_stays_in_the_remarks()
    {
        // CreatedAt alone would not say which of created_at and createdAt it holds.
        var stamp = Compact.Value.TypeSource("Stamp");

        Assert.Contains("/// <remarks>JSON name: <c>created_at</c>.</remarks>", stamp, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>JSON name: <c>createdAt</c>.</remarks>", stamp, StringComparison.Ordinal);
        Assert.DoesNotContain("<c>id</c>", stamp, StringComparison.Ordinal);
    }

    /// <summary>The documentation warnings a build with GenerateDocumentationFile reports (CS1573 among them: no generated file turns it off).</summary>
    private static readonly string[] DocumentationWarnings = ["CS0419", "CS1570", "CS1571", "CS1572", "CS1573", "CS1574", "CS1580", "CS1581", "CS1584", "CS1587", "CS1589", "CS1590", "CS1592", "CS1658", "CS1710", "CS1711", "CS1712", "CS1723", "CS1734", "CS1735"];

    [Theory]
    [InlineData("compact")]
    [InlineData("focused")]
    [InlineData("bundled")]
    [InlineData("bundled, grouped")]
    public void The_documentation_is_well_formed_where_a_build_checks_it(string name)
    {
        var result = name switch
        {
            "compact" => Compact.Value,
            "focused" => GeneratorHarness.Run(new TestDocument("focused.yaml", File.ReadAllText(TestPaths.Document("focused.yaml")), "FocusedClient", "Focused")),
            "bundled" => GeneratorHarness.Run(new TestDocument(TestPaths.BundledDocument, File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi")),
            _ => GeneratorHarness.Run(new TestDocument(TestPaths.BundledDocument, File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi") { Metadata = new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags" } }),
        };
        var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var trees = result.Sources.Select(s => CSharpSyntaxTree.ParseText(s.SourceText.ToString(), parse, path: s.HintName)).ToList();
        var warnings = GeneratorHarness.CreateCompilation().AddSyntaxTrees(trees).GetDiagnostics().Where(d => DocumentationWarnings.Contains(d.Id)).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings.Take(20)));
        Assert.All(result.Sources, s => Assert.DoesNotContain("CS1573,", s.SourceText.ToString().Split('\n').First(l => l.StartsWith("#pragma warning disable", StringComparison.Ordinal)), StringComparison.Ordinal));

        // The check is live: an overload that documents one parameter of two, outside the generated pragma, is reported.
        var partial = CSharpSyntaxTree.ParseText("public interface I { /// <param name=\"a\">A.</param>\nvoid M(int a, int b); }", parse);
        Assert.Contains(GeneratorHarness.CreateCompilation().AddSyntaxTrees(partial).GetDiagnostics(), d => d.Id == "CS1573");
    }

    [Fact]
    public void Every_overload_with_options_inherits_the_documentation_of_the_plain_overload()
    {
        var result = Compact.Value;
        result.AssertCompilesClean();
        var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var trees = result.Sources.Select(s => CSharpSyntaxTree.ParseText(s.SourceText.ToString(), parse, path: s.HintName)).ToList();
        var compilation = GeneratorHarness.CreateCompilation().AddSyntaxTrees(trees);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => DocumentationWarnings.Contains(d.Id));

        var tree = trees.Single(t => t.FilePath == "Compact.CompactClient.Client.g.cs");
        var model = compilation.GetSemanticModel(tree);
        var checkedOverloads = 0;
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Parent is InterfaceDeclarationSyntax))
        {
            var symbol = model.GetDeclaredSymbol(method)!;
            if (!symbol.Parameters.Any(p => p.Name == "requestOptions") || symbol.Name.EndsWith("WithResponseAsync", StringComparison.Ordinal))
            {
                continue;
            }

            var cref = Assert.Single(method.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>()
                .SelectMany(d => d.DescendantNodes().OfType<XmlCrefAttributeSyntax>()), a => a.Parent is XmlEmptyElementSyntax { Name.LocalName.Text: "inheritdoc" });
            var target = Assert.IsAssignableFrom<IMethodSymbol>(model.GetSymbolInfo(cref.Cref).Symbol);
            Assert.Equal(symbol.Name, target.Name);
            Assert.Equal(symbol.Parameters.Where(p => p.Name != "requestOptions").Select(p => p.Type.ToDisplayString()), target.Parameters.Select(p => p.Type.ToDisplayString()));
            Assert.Contains("<summary>", target.GetDocumentationCommentXml(), StringComparison.Ordinal);
            Assert.Contains("<param name=\"requestOptions\">", symbol.GetDocumentationCommentXml(), StringComparison.Ordinal);
            checkedOverloads++;
        }

        Assert.Equal(2, checkedOverloads);
        var client = result.Source("Compact.CompactClient.Client.g.cs");
        // A byte[]? parameter is written byte[] in the cref, which would not parse with the '?'.
        Assert.Contains("/// <inheritdoc cref=\"GetItemAsync(string, __g.IReadOnlyList{string}?, __m.Kind?, byte[], __y.CancellationToken)\"/>", client, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(client, "/// <summary>Reads an item.</summary>")); // written once, on the plain overload
    }

    [Fact]
    public void Generated_types_are_named_through_the_namespace_alias_whose_target_a_user_s_type_cannot_capture()
    {
        // Consumer types that would capture a name written without global:: (Compact.Api.Item inside Compact.Api, where
        // Compact is the consumer's class), or that share a generated type's name in an enclosing namespace.
        var result = GeneratorHarness.Run(
            new TestDocument("compact.yaml", Document, "CompactClient", "Compact.Api"),
            "namespace Compact.Api { public sealed class Compact { } } namespace Compact { public sealed class Item { } public sealed class Kind { } }");
        result.AssertCompilesClean();
        var item = result.TypeSource("Item");
        Assert.All(result.Sources, s => Assert.Contains("\nusing __m = global::Compact.Api;\n", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.Contains("public override __m.Item Read(", item, StringComparison.Ordinal);
        Assert.DoesNotContain("global::Compact.Api.Item", item, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resolver_gives_each_type_its_generated_converter_in_two_lines()
    {
        var result = Compact.Value;
        var json = result.Source("Compact.CompactClient.Json.g.cs");
        var assembly = result.Load();
        var resolverType = assembly.GetType("Compact.CompactJson")!;
        var resolver = resolverType.GetProperty("Default")!.GetValue(null)!;
        var options = (System.Text.Json.JsonSerializerOptions)resolverType.GetProperty("Options")!.GetValue(resolver)!;
        foreach (var name in new[] { "Item", "Stamp", "Kind" })
        {
            // The property, the resolver's answer for the type and the options' answer are one type info, on the generated converter.
            var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty(name)!.GetValue(resolver)!;
            Assert.Equal("Compact." + name, info.Type.FullName);
            Assert.Equal("Compact." + name + "JsonConverter", info.Converter.GetType().FullName);
            Assert.Same(info, options.GetTypeInfo(info.Type));
            Assert.Same(info, resolverType.GetProperty(name)!.GetValue(resolver));

            // One line for the property, no field of its own: the support class keeps the type info per type.
            Assert.Equal(0, CountOf(json, "? _" + name + ";"));
            Assert.Equal(1, CountOf(json, "public __t.JsonTypeInfo<__m." + name + "> " + name + " => __s.Info<__m." + name + ">(Options);\n"));
            Assert.Equal(1, CountOf(json, "if (type == typeof(__m." + name + ")) return __s.Value<__m." + name + ">(options, __m." + name + "JsonConverter.Instance);\n"));
        }

        var unknown = resolverType.GetMethod("GetTypeInfo")!.Invoke(resolver, [typeof(Uri), options]);
        Assert.Null(unknown);

        // The type info kept per type is the one of the options asked: other options (with this resolver) get their own.
        var other = new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = (System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)resolver };
        other.MakeReadOnly();
        var support = assembly.GetType("Compact.CompactJsonSupport")!;
        var infoOf = support.GetMethod("Info", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(assembly.GetType("Compact.Item")!);
        var theirs = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)infoOf.Invoke(null, [other])!;
        Assert.Same(other, theirs.Options);
        Assert.Same(options, ((System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty("Item")!.GetValue(resolver)!).Options);
        Assert.Same(theirs, infoOf.Invoke(null, [other]));

        // Kept: the support class holds the last type info resolved for the type.
        var kept = support.GetNestedType("InfoOf`1", System.Reflection.BindingFlags.NonPublic)!.MakeGenericType(assembly.GetType("Compact.Item")!);
        Assert.Same(theirs, kept.GetField("Value", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null));
    }

    private const string RequiredDocument = """
        openapi: 3.0.3
        info: { title: Needs, version: '1' }
        paths:
          /wide:
            get:
              operationId: getWide
              responses:
                '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Wide' } } } }
        components:
          schemas:
            Wide:
              type: object
              required: [p1, p2, p3, p4, p5, p6]
              properties:
                p1: { type: string }
                p2: { type: integer }
                extra: { type: string }
                p3: { type: boolean }
                p4: { type: string }
                p5: { type: string }
                p6: { type: string }
        """;

    [Theory]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","p5":"e","p6":"f"}""", null)]
    [InlineData("""{"p6":"f","p5":"e","x":[1,{"p1":"no"}],"p4":"d","p3":true,"extra":"x","p2":1,"p1":"a"}""", null)]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","p5":"e","p6":"f","p1":"a"}""", null)]
    [InlineData("""{"p2":1,"p3":true,"p4":"d","p5":"e","p6":"f"}""", "p1")]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","p5":"e"}""", "p6")]
    [InlineData("""{"p1":"a","p3":true,"p4":"d","p6":"f"}""", "p2")]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","extra":"x"}""", "p5")]
    [InlineData("""{"p1":"a","p2":1,"p4":"d","p5":"e","p6":"f"}""", "p3")]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p5":"e","p6":"f","P4":"d"}""", "p4")]
    public void A_model_is_read_through_its_table_of_names_in_any_order_and_the_first_missing_required_one_is_named(string json, string? missing)
    {
        var result = GeneratorHarness.Run(new TestDocument("needs.yaml", RequiredDocument, "NeedsClient", "Needs"));
        result.AssertCompilesClean();
        var wide = result.TypeSource("Wide");
        Assert.Equal(1, CountOf(wide, "\tprivate static readonly __s.Names n = new(\"Wide\", \"3303333\", \"p1\", \"p2\", \"extra\", \"p3\", \"p4\", \"p5\", \"p6\");\n"));
        Assert.Equal(1, CountOf(wide, "\t\tn.Required(c);\n"));
        Assert.Equal(1, CountOf(wide, "\t\t\t\tcase 2: v2 = reader.GetString()!; break;\n"));
        Assert.Equal(0, CountOf(wide, "ValueTextEquals"));

        var resolverType = result.Load().GetType("Needs.NeedsJson")!;
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty("Wide")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        if (missing is null)
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(json, info)!;
            string Get(string name) => System.Convert.ToString(value.GetType().GetProperty(name)!.GetValue(value), System.Globalization.CultureInfo.InvariantCulture)!;
            Assert.Equal("a|1|True|d|e|f", string.Join("|", new[] { "P1", "P2", "P3", "P4", "P5", "P6" }.Select(Get)));
            Assert.Equal(json.Contains("\"extra\"", StringComparison.Ordinal) ? "x" : string.Empty, Get("Extra"));
            return;
        }

        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(json, info));
        Assert.Equal("The required property '" + missing + "' of Wide is missing.", error.Message);
    }

    [Theory]
    [InlineData("""{"p1":null}""", "The property 'p1' of Wide must not be null.")]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","p5":"e","p6":null}""", "The property 'p6' of Wide must not be null.")]
    [InlineData("""{"p1":"a","p2":1,"p3":true,"p4":"d","p5":"e","p6":"f","extra":null}""", null)]
    [InlineData("""[]""", "Expected a JSON object for Wide.")]
    public void A_null_where_the_document_forbids_one_is_refused_by_name_and_an_optional_null_is_passed_over(string json, string? message)
    {
        var result = GeneratorHarness.Run(new TestDocument("needs.yaml", RequiredDocument, "NeedsClient", "Needs"));
        var resolverType = result.Load().GetType("Needs.NeedsJson")!;
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty("Wide")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        if (message is null)
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(json, info)!;
            Assert.Null(value.GetType().GetProperty("Extra")!.GetValue(value));
            return;
        }

        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(json, info));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(69, "p69")]
    [InlineData(64, "p64")]
    [InlineData(130, "p130")]
    [InlineData(3, "p3")]
    public void A_model_with_more_than_sixty_four_properties_keeps_track_of_every_one(int absent, string? missing)
    {
        // 140 properties: the cursor's first 64 bits and the array past them; the odd ones required, the even ones
        // optional and nullable (marked present when null).
        var properties = string.Concat(Enumerable.Range(0, 140).Select(i => "\n        p" + i + ": { type: " + (i % 2 == 1 ? "integer" : "[integer, 'null']") + " }"));
        var required = string.Join(", ", Enumerable.Range(0, 140).Where(i => i % 2 == 1 || i == 64 || i == 130).Select(i => "p" + i));
        var document = "openapi: 3.1.0\ninfo: { title: Big, version: '1' }\npaths:\n  /big:\n    get:\n      operationId: getBig\n      responses:\n        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Big' } } } }\ncomponents:\n  schemas:\n    Big:\n      type: object\n      required: [" + required + "]\n      properties:" + properties + "\n";
        var result = GeneratorHarness.Run(new TestDocument("big.yaml", document, "LargeClient", "Large"));
        result.AssertCompilesClean();
        var resolverType = result.Load().GetType("Large.LargeJson")!;
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty("Big")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        var json = "{" + string.Join(",", Enumerable.Range(0, 140).Reverse().Where(i => i != absent).Select(i => "\"p" + i + "\":" + (i % 2 == 0 && i != 64 && i != 130 ? "null" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)))) + "}";
        if (missing is null)
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(json, info)!;
            Assert.Equal(139, value.GetType().GetProperty("P139")!.GetValue(value));
            Assert.Equal(130, value.GetType().GetProperty("P130")!.GetValue(value));
            Assert.Equal(65, value.GetType().GetProperty("P65")!.GetValue(value));
            Assert.Null(value.GetType().GetProperty("P66")!.GetValue(value));
            // Read as null, so set to null: written back as null, past the cursor's first 64 bits too.
            var written = System.Text.Json.JsonSerializer.Serialize(value, info);
            Assert.Contains("\"p66\":null", written, StringComparison.Ordinal);
            Assert.Contains("\"p138\":null", written, StringComparison.Ordinal);
            Assert.Contains("\"p2\":null", written, StringComparison.Ordinal);
            return;
        }

        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(json, info));
        Assert.Equal("The required property '" + missing + "' of Big is missing.", error.Message);
    }

    private const string NullsDocument = """
        openapi: 3.1.0
        info: { title: Nulls, version: '1' }
        paths:
          /node:
            get:
              operationId: getNode
              responses:
                '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Node' } } } }
        components:
          schemas:
            Node:
              type: object
              required: [name, parent, count]
              properties:
                name: { type: [string, 'null'] }
                parent: { anyOf: [{ $ref: '#/components/schemas/Node' }, { type: 'null' }] }
                count: { type: [integer, 'null'] }
                note: { type: [string, 'null'] }
        """;

    [Theory]
    [InlineData(null, false, false, """{"name":null,"parent":null,"count":null}""")]
    [InlineData(null, false, true, """{"name":null,"parent":null,"count":null,"note":null}""")]
    [InlineData("n", true, false, """{"name":"n","parent":{"name":null,"parent":null,"count":null},"count":null}""")]
    public void A_required_nullable_string_or_model_is_written_in_one_call_as_its_value_or_as_null(string? name, bool withParent, bool noteSetToNull, string expected)
    {
        var result = GeneratorHarness.Run(new TestDocument("nulls.yaml", NullsDocument, "NullsClient", "Nulls"));
        result.AssertCompilesClean();
        var node = result.TypeSource("Node");
        Assert.Contains("\t\twriter.WriteString(n[0], value.Name);\n", node, StringComparison.Ordinal);
        Assert.Contains("\t\t__s.WriteOrNull(writer, n[1], __m.NodeJsonConverter.Instance, value.Parent, options);\n", node, StringComparison.Ordinal);
        Assert.Contains("writer.WriteNull(n[2])", node, StringComparison.Ordinal); // a nullable number keeps its branch
        Assert.Contains("\t\tif (value.__NoteIsSet) writer.WriteString(n[3], value.__Note);\n", node, StringComparison.Ordinal); // set: written, as null when null

        var assembly = result.Load();
        var type = assembly.GetType("Nulls.Node")!;
        object Make(string? text, object? parent)
        {
            var value = Activator.CreateInstance(type)!;
            type.GetProperty("Name")!.SetValue(value, text);
            type.GetProperty("Parent")!.SetValue(value, parent);
            return value;
        }

        var resolverType = assembly.GetType("Nulls.NullsJson")!;
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo)resolverType.GetProperty("Node")!.GetValue(resolverType.GetProperty("Default")!.GetValue(null))!;
        var root = Make(name, withParent ? Make(null, null) : null);
        if (noteSetToNull)
        {
            type.GetProperty("Note")!.SetValue(root, null);
        }

        var json = System.Text.Json.JsonSerializer.Serialize(root, info);
        Assert.Equal(expected, json);
    }

    [Fact]
    public void The_base_library_is_named_through_the_system_alias_outside_the_using_directives()
    {
        foreach (var source in Compact.Value.Sources)
        {
            var text = source.SourceText.ToString();
            Assert.Contains("\nusing __x = global::System;\n", text, StringComparison.Ordinal);
            var named = text.Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal) && l.Contains("global::System.", StringComparison.Ordinal)).ToList();
            Assert.True(named.Count == 0, source.HintName + ": " + string.Join("\n", named.Take(3)));
        }
    }

    [Fact]
    public void An_operation_that_answers_json_is_sent_and_read_by_the_shared_method_without_a_state_machine_of_its_own()
    {
        var client = Compact.Value.Source("Compact.CompactClient.Client.g.cs");
        Assert.Contains("\tprivate __y.Tasks.Task<__m.Item> GetItemCoreAsync(", client, StringComparison.Ordinal);
        Assert.Contains("return SendJsonAsync(__Build, true, false, requestOptions, static (_, _) => null, __m.CompactJson.Default.Item, observe, cancellationToken);", client, StringComparison.Ordinal);
        Assert.Contains("\tprivate async __y.Tasks.Task PutItemCoreAsync(", client, StringComparison.Ordinal); // no content: its own tail
        Assert.Equal(1, CountOf(client, "private async __y.Tasks.Task<T> SendJsonAsync<T>("));
        Assert.Contains("\t\tcatch (__x.Exception __e)\n\t\t{\n\t\t\treturn __y.Tasks.Task.FromException<__m.Item>(__e);\n", client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_argument_check_faults_the_returned_task_of_an_operation_that_answers_json_as_of_any_other()
    {
        var assembly = Compact.Value.Load();
        var clientType = assembly.GetType("Compact.CompactClient")!;
        var client = Activator.CreateInstance(clientType, new HttpClient(), null)!;
        foreach (var name in new[] { "GetItemAsync", "GetItemWithResponseAsync", "PutItemAsync" })
        {
            var method = clientType.GetMethods().First(m => m.Name == name && !m.GetParameters().Any(p => p.ParameterType.Name == "CompactClientRequestOptions" && !p.IsOptional));
            var arguments = method.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
            // The id is null: the call itself returns, and its task holds the error.
            var task = Assert.IsAssignableFrom<Task>(method.Invoke(client, arguments));
            var error = await Assert.ThrowsAsync<ArgumentNullException>(() => task);
            Assert.Equal("id", error.ParamName);
        }
    }

    private const string ErrorsDocument = """
        openapi: 3.0.3
        info: { title: Errs, version: '1' }
        servers: [{ url: 'https://errs.example' }]
        security: [{ basic: [] }]
        components:
          securitySchemes:
            basic: { type: http, scheme: basic }
            key: { type: apiKey, in: header, name: X-Key }
          schemas:
            Problem: { type: object, properties: { code: { type: string } } }
            Other: { type: object, properties: { reason: { type: string } } }
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '204': { description: ok }
                '404': { description: no, content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } } }
                default: { description: other, content: { application/json: { schema: { $ref: '#/components/schemas/Other' } } } }
          /b:
            get:
              operationId: getB
              responses:
                '204': { description: ok }
                '404': { description: no, content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } } }
                default: { description: other, content: { application/json: { schema: { $ref: '#/components/schemas/Other' } } } }
          /c:
            get:
              operationId: getC
              security: [{ key: [] }]
              responses:
                '204': { description: ok }
                '404': { description: no, content: { application/json: { schema: { $ref: '#/components/schemas/Other' } } } }
        """;

    [Theory]
    [InlineData("GetAAsync", 404, """{"code":"gone"}""", "Errs.Problem", null, "Basic dTpw")]
    [InlineData("GetBAsync", 404, """{"code":"gone"}""", "Errs.Problem", null, "Basic dTpw")]
    [InlineData("GetBAsync", 500, """{"reason":"down"}""", "Errs.Other", null, "Basic dTpw")]
    [InlineData("GetCAsync", 404, """{"reason":"down"}""", "Errs.Other", "k", null)]
    public async Task Operations_whose_errors_read_alike_share_one_parser_and_credentials_are_set_by_one_helper_per_kind(string method, int status, string body, string errorType, string? key, string? authorization)
    {
        var result = GeneratorHarness.Run(new TestDocument("errs.yaml", ErrorsDocument, "ErrsClient", "Errs"));
        result.AssertCompilesClean();
        var source = result.Source("Errs.ErrsClient.Client.g.cs");
        // getA and getB read their errors alike: one parser, named by what it reads; getC has its own.
        Assert.Equal(1, CountOf(source, "private static object? __Parse_404_Problem_Default_Other(int statusCode, string body)"));
        Assert.Equal(1, CountOf(source, "private static object? __Parse_404_Other(int statusCode, string body)"));
        Assert.Equal(0, CountOf(source, "ParseGet"));
        Assert.Equal(2, CountOf(source, "EnsureSuccessAsync(__response, __Parse_404_Problem_Default_Other, cancellationToken)"));
        Assert.DoesNotContain("EnumConverter<T>", result.Source("Errs.ErrsClient.Json.g.cs"), StringComparison.Ordinal); // no string enum: no enum base
        // The credentials: one helper per kind, one call per scheme in each request's builder.
        Assert.Equal(1, CountOf(source, "AuthenticationHeaderValue(\"Basic\""));
        Assert.Equal(2, CountOf(source, "\t__Basic(__httpRequest);"));
        Assert.Equal(1, CountOf(source, "\t__HeaderKey(__httpRequest, \"X-Key\");"));

        var handler = new AnsweringHandler((System.Net.HttpStatusCode)status, body);
        var assembly = result.Load();
        var optionsType = assembly.GetType("Errs.ErrsClientOptions")!;
        var options = Activator.CreateInstance(optionsType)!;
        if (key is null)
        {
            optionsType.GetProperty("Username")!.SetValue(options, "u");
            optionsType.GetProperty("Password")!.SetValue(options, "p");
        }
        else
        {
            optionsType.GetProperty("ApiKey")!.SetValue(options, key);
        }

        var clientType = assembly.GetType("Errs.ErrsClient")!;
        var client = Activator.CreateInstance(clientType, new HttpClient(handler), options)!;
        var call = clientType.GetMethods().First(m => m.Name == method && m.GetParameters().Length == 1);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => (Task)call.Invoke(client, [CancellationToken.None])!);
        Assert.Equal("ErrsApiException", error.GetType().Name);
        var parsed = error.GetType().GetProperty("Body")!.GetValue(error)!;
        Assert.Equal(errorType, parsed.GetType().FullName);
        Assert.Equal(authorization, handler.Request!.Headers.Authorization?.ToString());
        Assert.Equal(key, handler.Request.Headers.TryGetValues("X-Key", out var values) ? string.Join(",", values) : null);
    }

    [Fact]
    public void Error_parsers_whose_names_by_what_they_read_would_be_the_same_are_named_after_their_operations()
    {
        // ListOf + Default_TypeInfo and ListOf_Default + TypeInfo spell the same words.
        const string Yaml = """
            openapi: 3.0.3
            info: { title: Same, version: '1' }
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '204': { description: ok }
                    '404': { description: no, content: { application/json: { schema: { $ref: '#/components/schemas/ListOf' } } } }
                    default: { description: other, content: { application/json: { schema: { $ref: '#/components/schemas/Default' } } } }
              /b:
                get:
                  operationId: getB
                  responses:
                    '204': { description: ok }
                    '404': { description: no, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Default' } } } } }
                    default: { description: other, content: { application/json: { schema: { $ref: '#/components/schemas/TypeInfo' } } } }
            components:
              schemas:
                ListOf: { type: object, properties: { a: { type: string } } }
                Default: { type: object, properties: { b: { type: string } } }
                TypeInfo: { type: object, properties: { c: { type: string } } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("same.yaml", Yaml, "SameClient", "Same"));
        result.AssertCompilesClean();
        var source = result.Source("Same.SameClient.Client.g.cs");
        var parsers = System.Text.RegularExpressions.Regex.Matches(source, @"private static object\? (\w+)\(int statusCode, string body\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, parsers.Count);
        Assert.Equal(2, parsers.Distinct().Count());
        Assert.Contains("ParseGetBError", parsers);
        Assert.StartsWith("__Parse_404_ListOf_Default_", parsers[0], StringComparison.Ordinal);
    }

    private sealed class AnsweringHandler(System.Net.HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    [Theory]
    [InlineData("\"a\"", "a", true, null)]
    [InlineData("\"b\"", "b", true, null)]
    [InlineData("\"z\"", "z", false, null)]
    [InlineData("\"\\u0061\"", "a", true, null)]
    [InlineData("1", null, false, "Expected a JSON string for Kind.")]
    public void A_string_enum_takes_its_converter_s_code_from_the_client_s_enum_base_and_reads_as_before(string json, string? value, bool known, string? error)
    {
        var kind = Compact.Value.TypeSource("Kind");
        Assert.Contains("public readonly partial struct Kind : __m.ICompactEnum<__m.Kind>\n", kind, StringComparison.Ordinal);
        Assert.Contains("public sealed class KindJsonConverter : __m.CompactEnumConverter<__m.Kind>\n{\n\t/// <summary>The shared instance.</summary>\n\tpublic static readonly KindJsonConverter Instance = new();\n}\n", kind, StringComparison.Ordinal);
        Assert.DoesNotContain("ValueTextEquals", kind, StringComparison.Ordinal);

        var assembly = Compact.Value.Load();
        var type = assembly.GetType("Compact.Kind")!;
        var resolver = assembly.GetType("Compact.CompactJson")!;
        var options = (System.Text.Json.JsonSerializerOptions)resolver.GetProperty("Options")!.GetValue(resolver.GetProperty("Default")!.GetValue(null))!;
        if (error is not null)
        {
            Assert.Equal(error, Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(json, options.GetTypeInfo(type))).Message);
            return;
        }

        var read = System.Text.Json.JsonSerializer.Deserialize(json, options.GetTypeInfo(type))!;
        Assert.Equal(value, type.GetProperty("Value")!.GetValue(read));
        Assert.Equal(known, type.GetProperty("IsKnown")!.GetValue(read));
        Assert.Equal("\"" + value + "\"", System.Text.Json.JsonSerializer.Serialize(read, options.GetTypeInfo(type)));
        if (known)
        {
            // A documented value is the enum's own static value.
            Assert.Equal(type.GetProperty(value!.ToUpperInvariant())!.GetValue(null), read);
        }
    }

    [Fact]
    public void Schemas_named_as_the_enum_interface_or_its_converter_base_are_renamed_and_compile()
    {
        const string Yaml = """
            openapi: 3.0.3
            info: { title: Named, version: '1' }
            paths:
              /n:
                get:
                  operationId: getN
                  responses:
                    '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/INamedEnum' } } } }
            components:
              schemas:
                INamedEnum: { type: object, properties: { c: { $ref: '#/components/schemas/NamedEnumConverter' } } }
                NamedEnumConverter: { type: string, enum: [x] }
            """;
        var result = GeneratorHarness.Run(new TestDocument("named.yaml", Yaml, "NamedClient", "Named"));
        result.AssertCompilesClean();
        Assert.Contains("public interface INamedEnum<TSelf>", result.Source("Named.NamedClient.Json.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("public sealed partial record INamedEnum\n", string.Concat(result.Sources.Select(s => s.SourceText.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_type_names_its_generated_code_and_converter_attributes_through_the_file_s_aliases()
    {
        var result = Compact.Value;
        foreach (var source in result.Sources)
        {
            var text = source.SourceText.ToString();
            Assert.Contains("using __a = global::System.CodeDom.Compiler.GeneratedCodeAttribute;\n", text, StringComparison.Ordinal);
            Assert.Contains("using __b = global::System.Text.Json.Serialization.JsonConverterAttribute;\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("CodeDom.Compiler.GeneratedCode(", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Serialization.JsonConverter(typeof(", text, StringComparison.Ordinal);
        }

        Assert.Contains("[@__b(typeof(__m.ItemJsonConverter))]\n[@__a(\"VoiceAi.Generators\", \"0.1.0\")]\npublic sealed partial record Item\n", result.TypeSource("Item"), StringComparison.Ordinal);
        var item = result.Load().GetType("Compact.Item")!;
        var generated = Assert.Single(item.GetCustomAttributes(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), false).Cast<System.CodeDom.Compiler.GeneratedCodeAttribute>());
        Assert.Equal("VoiceAi.Generators", generated.Tool);
        var converter = Assert.Single(item.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), false).Cast<System.Text.Json.Serialization.JsonConverterAttribute>());
        Assert.Equal("Compact.ItemJsonConverter", converter.ConverterType!.FullName);
    }

    [Fact]
    public void A_user_s_types_named_as_the_attribute_aliases_with_the_attribute_suffix_capture_nothing()
    {
        // Without the verbatim @, [__b(...)] would also find a user's __bAttribute and be ambiguous (CS1614).
        const string User = """
            namespace Compact;
            public sealed class __aAttribute : System.Attribute { public __aAttribute(string a, string b) { } }
            public sealed class __bAttribute : System.Attribute { public __bAttribute(System.Type t) { } }
            """;
        var result = GeneratorHarness.Run(new TestDocument("compact.yaml", Document, "CompactClient", "Compact"), User);
        result.AssertCompilesClean();
        var item = result.Load().GetType("Compact.Item")!;
        Assert.Single(item.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), false));
        Assert.Single(item.GetCustomAttributes(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), false));
    }

    private const string UnionDocument = """
        openapi: 3.0.3
        info: { title: Un, version: '1' }
        paths:
          /u:
            get:
              operationId: getU
              responses:
                '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Choice' } } } }
        components:
          schemas:
            Choice:
              oneOf:
                - { type: string }
                - { $ref: '#/components/schemas/Point' }
            Point: { type: object, required: [n], properties: { n: { type: integer } } }
            Tagged:
              type: object
              properties:
                v: { oneOf: [ { $ref: '#/components/schemas/Mode' }, { type: integer } ] }
                w: { $ref: '#/components/schemas/Pet' }
            Mode: { type: string, enum: [on, off] }
            Pet:
              oneOf: [ { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' } ]
              discriminator: { propertyName: kind, mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } }
            Cat: { type: object, required: [kind], properties: { kind: { type: string }, lives: { type: integer } } }
            Dog: { type: object, required: [kind], properties: { kind: { type: string }, good: { type: boolean } } }
            Unions:
              type: object
              properties:
                u: { $ref: '#/components/schemas/VariantInfo' }
            VariantInfo:
              oneOf: [ { type: integer }, { $ref: '#/components/schemas/Point' } ]
            UnUnion: { type: object, properties: { a: { $ref: '#/components/schemas/IUnUnion' } } }
            IUnUnion: { type: object, properties: { b: { $ref: '#/components/schemas/UnUnionConverter' } } }
            UnUnionConverter: { type: object, properties: { c: { type: string } } }
        """;

    [Theory]
    [InlineData("\"s\"", true, "String", "s")]
    [InlineData("""{"n":3}""", true, "Point", null)]
    [InlineData("true", false, null, "true")]
    [InlineData("""{"m":1}""", false, null, "{\"m\":1}")]
    public void A_union_takes_what_every_union_has_from_the_client_s_union_base_and_reads_and_writes_as_before(string json, bool known, string? variant, string? text)
    {
        var result = GeneratorHarness.Run(new TestDocument("un.yaml", UnionDocument, "UnClient", "Un"));
        result.AssertCompilesClean();
        var choice = result.TypeSource("Choice");
        Assert.Contains("public sealed partial class Choice : __m.UnUnion, __m.IUnUnion<__m.Choice>\n", choice, StringComparison.Ordinal);
        Assert.Contains("public sealed class ChoiceJsonConverter : __m.UnUnionConverter<__m.Choice>\n{\n\t/// <summary>The shared instance.</summary>\n\tpublic static readonly ChoiceJsonConverter Instance = new();\n}\n", choice, StringComparison.Ordinal);
        foreach (var member in new[] { "public bool IsKnown", "public object? Value", "JsonElement? Json { get; }", "ToString()", "WriteTo(", "Utf8JsonReader" })
        {
            Assert.DoesNotContain(member, choice, StringComparison.Ordinal);
        }

        // The schemas named as the base, its interface and its converter keep their records, renamed.
        foreach (var record in new[] { "UnUnion2", "IUnUnion2", "UnUnionConverter2" })
        {
            Assert.Contains("public sealed partial record " + record + "\n", string.Concat(result.Sources.Select(s => s.SourceText.ToString())), StringComparison.Ordinal);
        }

        // A union named as the base's member VariantInfo is renamed (a member cannot have its type's name).
        Assert.Contains("public sealed partial class VariantInfo2 : __m.UnUnion, __m.IUnUnion<__m.VariantInfo2>\n", result.TypeSource("VariantInfo2"), StringComparison.Ordinal);

        var assembly = result.Load();
        var type = assembly.GetType("Un.Choice")!;
        var resolver = assembly.GetType("Un.UnJson")!;
        var options = (System.Text.Json.JsonSerializerOptions)resolver.GetProperty("Options")!.GetValue(resolver.GetProperty("Default")!.GetValue(null))!;
        var read = System.Text.Json.JsonSerializer.Deserialize(json, options.GetTypeInfo(type))!;
        Assert.Equal(known, type.GetProperty("IsKnown")!.GetValue(read));
        Assert.Equal(variant, type.GetProperty("VariantName")!.GetValue(read));
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(read, options.GetTypeInfo(type)));
        if (text is not null)
        {
            Assert.Equal(text, read.ToString());
        }

        // A value made in code has no JSON: written as its variant, through the variant's type info.
        var made = type.GetMethod("FromString")!.Invoke(null, ["q\""])!;
        Assert.Null(type.GetProperty("Json")!.GetValue(made));
        Assert.Equal("\"q\\\"\"", System.Text.Json.JsonSerializer.Serialize(made, options.GetTypeInfo(type)));
        Assert.Equal("q\"", type.GetProperty("Value")!.GetValue(made));

        // An enum variant (its documented values first) and a discriminated union inside a model, written back as read.
        var tagged = assembly.GetType("Un.Tagged")!;
        foreach (var body in new[] { """{"v":"on","w":{"kind":"dog","good":true}}""", """{"v":7,"w":{"kind":"cat","lives":9}}""", """{"v":"dim","w":{"kind":"fox"}}""" })
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(body, options.GetTypeInfo(tagged))!;
            Assert.Equal(body, System.Text.Json.JsonSerializer.Serialize(value, options.GetTypeInfo(tagged)));
            var pet = tagged.GetProperty("W")!.GetValue(value)!;
            Assert.Equal(!body.Contains("fox", StringComparison.Ordinal), pet.GetType().GetProperty("IsKnown")!.GetValue(pet));
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
