using System.Net;
using System.Text.Json;
using Unions;
using Xunit;

namespace VoiceAi.Client.Tests;

/// <summary>
/// Recursive unions from hostile or unexpected bodies: each level is read once, as the one variant its shape or discriminator
/// names, and a level whose variant does not read is kept as JSON. Trying the other variants again would read everything
/// below once per variant tried, at every level: hours of CPU for a body of a few hundred bytes.
/// </summary>
public class RecursiveUnionTests
{
    private const int Depth = 30;

    /// <summary>
    /// <paramref name="depth"/> levels of <c>{"child":…,"a":…}</c>: the shape says NodeA at every level, and NodeA does not read
    /// when <c>a</c> is a number (NodeB would, with <c>a</c> as an unknown property).
    /// </summary>
    private static string Nodes(int depth, Func<int, string> a)
        => depth == 1 ? "{\"a\":" + a(0) + "}" : "{\"child\":" + Nodes(depth - 1, i => a(i + 1)) + ",\"a\":" + a(0) + "}";

    /// <summary>Runs <paramref name="read"/> on the thread pool; fails (instead of hanging the run) when it takes more than 10 s.</summary>
    private static async Task<T> Quickly<T>(Func<Task<T>> read)
    {
        var task = Task.Run(read);
        var first = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(ReferenceEquals(first, task), "Reading the body took more than 10 s.");
        return await task;
    }

    [Fact]
    public async Task A_union_nested_30_deep_whose_variant_fails_at_every_level_reads_at_once_and_is_kept_as_JSON()
    {
        var body = Nodes(Depth, _ => "1");
        var client = new UnionsClient(new HttpClient(RecordingHandler.Json(HttpStatusCode.OK, body)));

        var node = await Quickly(() => client.GetNodeAsync());

        Assert.False(node.IsKnown);
        Assert.Null(node.Value);
        Assert.Equal(body, node.Json!.Value.GetRawText());
        Assert.Equal(body, JsonSerializer.Serialize(node, UnionsJson.Default.Node));
    }

    [Fact]
    public async Task An_error_body_nested_30_deep_is_parsed_at_once_and_kept_as_JSON()
    {
        var body = Nodes(Depth, _ => "1");
        var client = new UnionsClient(new HttpClient(RecordingHandler.Json(HttpStatusCode.BadRequest, body)));

        var ex = await Quickly(() => Assert.ThrowsAsync<UnionsApiException>(() => client.GetNodeAsync()));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(body, ex.ResponseBody);
        var node = ex.GetBody<Node>()!;
        Assert.False(node.IsKnown);
        Assert.Equal(body, JsonSerializer.Serialize(node, UnionsJson.Default.Node));
    }

    [Fact]
    public void The_variant_the_shape_names_is_read_and_one_that_fails_is_unknown_rather_than_another_variant()
    {
        // NodeA down to the deepest level, whose a is a number: that level alone is unknown, not a NodeB.
        var body = Nodes(Depth, i => i == Depth - 1 ? "1" : "\"x\"");
        var node = JsonSerializer.Deserialize(body, UnionsJson.Default.Node)!;

        for (var level = 0; level < Depth - 1; level++)
        {
            Assert.True(node.IsNodeA, "level " + level);
            Assert.Equal("x", node.AsNodeA!.A);
            node = node.AsNodeA.Child!;
        }

        Assert.False(node.IsKnown);
        Assert.Equal("""{"a":1}""", node.Json!.Value.GetRawText());
        Assert.Equal(body, JsonSerializer.Serialize(JsonSerializer.Deserialize(body, UnionsJson.Default.Node)!, UnionsJson.Default.Node));

        // The variant that knows more of the object's properties wins.
        var b = JsonSerializer.Deserialize("""{"child":{"b":2},"b":1}""", UnionsJson.Default.Node)!;
        Assert.Equal(1, b.AsNodeB!.B);
        Assert.Equal(2, b.AsNodeB.Child!.AsNodeB!.B);
        Assert.True(JsonSerializer.Deserialize("""{"child":{"a":"y"},"a":"x"}""", UnionsJson.Default.Node)!.IsNodeA);
    }

    [Fact]
    public async Task Of_several_list_variants_the_one_whose_items_fit_the_first_item_is_read_30_deep()
    {
        // [{"kids":[{"kids":…,"b":1}],"b":1}]: the items are TreeBs (TreeA requires a), at every level.
        var body = "[{\"b\":0}]";
        for (var i = 1; i < Depth; i++)
        {
            body = "[{\"kids\":" + body + ",\"b\":" + i + "}]";
        }

        var client = new UnionsClient(new HttpClient(RecordingHandler.Json(HttpStatusCode.OK, body)));
        var forest = await Quickly(() => client.GetForestAsync());

        for (var level = Depth - 1; level > 0; level--)
        {
            var tree = Assert.Single(forest.AsListOfTreeB!);
            Assert.Equal(level, tree.B);
            forest = tree.Kids!;
        }

        Assert.Equal(0, Assert.Single(forest.AsListOfTreeB!).B);
        Assert.Equal(new[] { 1, 2 }, ReadForest("[1,2]").AsListOfInteger!);
        Assert.Equal("x", Assert.Single(ReadForest("""[{"a":"x"}]""").AsListOfTreeA!).A);
        Assert.False(ReadForest("""["x"]""").IsKnown);
        Assert.True(ReadForest("[]").IsListOfTreeA);
    }

    [Fact]
    public void Of_several_map_variants_the_one_whose_values_fit_the_first_value_is_read()
    {
        Assert.Equal(1, ReadForest("""{"x":1}""").AsDictionaryOfInteger!["x"]);
        var nested = ReadForest("""{"x":{"y":[2]}}""").AsDictionaryOfForest!["x"].AsDictionaryOfForest!["y"];
        Assert.Equal(new[] { 2 }, nested.AsListOfInteger!);

        // The first value decides: a map of integers with a string further on is not read as another variant.
        var mixed = ReadForest("""{"x":1,"y":"z"}""");
        Assert.False(mixed.IsKnown);
        Assert.Equal("""{"x":1,"y":"z"}""", JsonSerializer.Serialize(mixed, UnionsJson.Default.Forest));
    }

    [Fact]
    public async Task The_discriminator_names_the_variant_even_where_the_shape_names_another_and_a_failing_one_is_unknown()
    {
        Assert.True(ReadExpr("""{"kind":"pos","neg_note":"x"}""").IsPos);
        Assert.True(ReadExpr("""{"kind":"neg","arg":{"kind":"pos","pos_note":3}}""").AsNeg!.Arg!.IsPos);

        // Pos does not read (pos_note is not an integer): unknown, though Neg would read it.
        var failing = ReadExpr("""{"kind":"pos","pos_note":"x"}""");
        Assert.False(failing.IsKnown);
        Assert.Equal("""{"kind":"pos","pos_note":"x"}""", JsonSerializer.Serialize(failing, UnionsJson.Default.Expr));

        // 30 levels, every other one without a discriminator and with a neg_note that is a number: Neg by shape, which fails.
        var body = """{"kind":"pos","pos_note":0}""";
        for (var i = 1; i < Depth; i++)
        {
            body = i % 2 == 0 ? "{\"arg\":" + body + ",\"neg_note\":" + i + "}" : "{\"kind\":\"pos\",\"arg\":" + body + ",\"neg_note\":\"n\"}";
        }

        var client = new UnionsClient(new HttpClient(RecordingHandler.Json(HttpStatusCode.OK, body)));
        var expr = await Quickly(() => client.GetExprAsync());

        Assert.True(expr.IsPos);
        Assert.False(expr.AsPos!.Arg!.IsKnown);
        Assert.Equal(body, JsonSerializer.Serialize(expr, UnionsJson.Default.Expr));
    }

    private static Forest ReadForest(string json) => JsonSerializer.Deserialize(json, UnionsJson.Default.Forest)!;

    private static Expr ReadExpr(string json) => JsonSerializer.Deserialize(json, UnionsJson.Default.Expr)!;
}
