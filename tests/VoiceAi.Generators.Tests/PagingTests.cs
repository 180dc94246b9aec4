using System.Net;
using System.Reflection;
using System.Text;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// The paging twins (<c>…AllAsync</c>): each pattern of Documents/paging.yaml against an in-memory server that serves
/// a sequence of pages; the items in order, the pages through AsPages(), the credentials on every page, and what a
/// hostile or broken server cannot make the client do (follow a next page to another origin, loop, spin on empty pages).
/// </summary>
public class PagingTests
{
    private const string Consumer = """
        namespace Consumer
        {
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Scenarios
            {
                private static async Task<string> Items<T>(IAsyncEnumerable<T> items, System.Func<T, string> id)
                {
                    var all = new List<string>();
                    await foreach (var item in items)
                    {
                        all.Add(id(item));
                    }

                    return string.Join(",", all);
                }

                private static Paged.PagedClient Client(HttpMessageHandler handler)
                    => new(new HttpClient(handler), new Paged.PagedClientOptions { ApiKey = "k", BaseAddress = new System.Uri("https://paged.example/v1"), MaxRetries = 0 });

                public static Task<string> Linked(HttpMessageHandler h) => Items(Client(h).ListLinkedAllAsync(perPage: 2), i => i.Id);
                public static Task<string> Stripe(HttpMessageHandler h) => Items(Client(h).ListStripeAllAsync(), i => i.Id);
                public static Task<string> OpenAi(HttpMessageHandler h) => Items(Client(h).ListOpenAiAllAsync(), i => i.Id);
                public static Task<string> Cursor(HttpMessageHandler h) => Items(Client(h).ListCursorAllAsync(), i => i.Id);
                public static Task<string> Token(HttpMessageHandler h) => Items(Client(h).ListTokenAllAsync(), i => i.Id);
                public static Task<string> Twilio(HttpMessageHandler h) => Items(Client(h).ListTwilioAllAsync(pageSize: 1), i => i.Id);
                public static Task<string> Spotify(HttpMessageHandler h) => Items(Client(h).ListSpotifyAllAsync(), i => i.Id);
                public static Task<string> LinksNext(HttpMessageHandler h) => Items(Client(h).ListLinksNextAllAsync(), i => i.Id);
                public static Task<string> Pages(HttpMessageHandler h) => Items(Client(h).ListPagesAllAsync(limit: 1), i => i.Id);
                public static Task<string> Total(HttpMessageHandler h) => Items(Client(h).ListTotalAllAsync(), i => i.Id);
                public static Task<string> Azure(HttpMessageHandler h) => Items(Client(h).ListAzureAllAsync(), i => i.Id);
                public static Task<string> Declared(HttpMessageHandler h) => Items(Client(h).ListDeclaredAllAsync(), i => i.Id);
                public static Task<string> StripePages(HttpMessageHandler h) => Items(Client(h).ListStripeAllAsync().AsPages(), p => p.Data.Count + (p.HasMore ? "+" : "."));
                public static Task<string> StripeFrom(HttpMessageHandler h) => Items(Client(h).ListStripeAllAsync(startingAfter: "a"), i => i.Id);
                public static Task<string> StripeCanceled(HttpMessageHandler h) => Items(Client(h).ListStripeAllAsync(cancellationToken: new System.Threading.CancellationToken(true)), i => i.Id);
                public static async Task<string> StripeCanceledLater(HttpMessageHandler h)
                {
                    using var cancel = new System.Threading.CancellationTokenSource();
                    var seen = new List<string>();
                    await foreach (var item in Client(h).ListStripeAllAsync(cancellationToken: cancel.Token))
                    {
                        seen.Add(item.Id);
                        cancel.Cancel(); // the token given to the method, not to the enumerator
                    }

                    return string.Join(",", seen);
                }

                public static Task<string> LinkedWithCode(HttpMessageHandler h)
                    => Items(new Paged.PagedClient(new HttpClient(h), new Paged.PagedClientOptions { ApiKey = "k", BaseAddress = new System.Uri("https://paged.example/v1?code=S"), MaxRetries = 0 }).ListLinkedAllAsync(perPage: 2), i => i.Id);
            }
        }
        """;

    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var result = GeneratorHarness.Run(new TestDocument("paging.yaml", File.ReadAllText(TestPaths.Document("paging.yaml")), "PagedClient", "Paged"), Consumer);
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        result.AssertCompilesClean();
        return result.Load();
    });

    private static async Task<string> Run(string scenario, Pages server)
    {
        var method = Generated.Value.GetType("Consumer.Scenarios")!.GetMethod(scenario)!;
        return await (Task<string>)method.Invoke(null, [server])!;
    }

    public static TheoryData<string, string, string> Patterns() => new()
    {
        // scenario, the first page's address, the pages (address => body [| Link header]) joined by newlines
        { "Linked", "/v1/link?per_page=2", """
            /v1/link?per_page=2 => [{"id":"a"},{"id":"b"}] | <https://paged.example/v1/link?per_page=2&page=9>; rel="last", <https://paged.example/v1/link?per_page=2&page=2>; rel="next"
            /v1/link?per_page=2&page=2 => [{"id":"c"}] | <https://paged.example/v1/link?per_page=2&page=1>; rel="prev first"
            """ },
        { "Stripe", "/v1/stripe", """
            /v1/stripe => {"object":"list","data":[{"id":"a"},{"id":"b"}],"has_more":true}
            /v1/stripe?starting_after=b => {"object":"list","data":[{"id":"c"}],"has_more":false}
            """ },
        { "OpenAi", "/v1/openai", """
            /v1/openai => {"data":[{"id":"a"}],"first_id":"a","last_id":"a","has_more":true}
            /v1/openai?after=a => {"data":[{"id":"b"}],"first_id":"b","last_id":"b","has_more":false}
            """ },
        { "Cursor", "/v1/cursor", """
            /v1/cursor => {"items":[{"id":"a"}],"next_cursor":"x y"}
            /v1/cursor?cursor=x%20y => {"items":[{"id":"b"}],"next_cursor":null}
            """ },
        { "Token", "/v1/token", """
            /v1/token => {"results":[{"id":"a"}],"next_page_token":"t2"}
            /v1/token?page_token=t2 => {"results":[{"id":"b"}],"next_page_token":""}
            """ },
        { "Twilio", "/v1/twilio?PageSize=1", """
            /v1/twilio?PageSize=1 => {"calls":[{"id":"a"}],"next_page_uri":"/v1/twilio?PageSize=1&Page=1&PageToken=PA","page":0}
            /v1/twilio?PageSize=1&Page=1&PageToken=PA => {"calls":[{"id":"b"}],"next_page_uri":null,"page":1}
            """ },
        { "Spotify", "/v1/spotify", """
            /v1/spotify => {"items":[{"id":"a"}],"next":"https://paged.example/v1/spotify?offset=1","total":2}
            /v1/spotify?offset=1 => {"items":[{"id":"b"}],"next":null,"total":2}
            """ },
        { "LinksNext", "/v1/links", """
            /v1/links => {"data":[{"id":"a"}],"links":{"next":"https://paged.example/v1/links?p=2"}}
            /v1/links?p=2 => {"data":[{"id":"b"}],"links":{"prev":"https://paged.example/v1/links"}}
            """ },
        { "Pages", "/v1/pages?page=1&limit=1", """
            /v1/pages?page=1&limit=1 => {"items":[{"id":"a"}],"pagination":{"has_next":true,"total_pages":2}}
            /v1/pages?page=2&limit=1 => {"items":[{"id":"b"}],"pagination":{"has_next":false,"total_pages":2}}
            """ },
        { "Total", "/v1/total?page=0", """
            /v1/total?page=0 => {"records":[{"id":"a"}],"other":["x"],"total_pages":2}
            /v1/total?page=1 => {"records":[{"id":"b"}],"other":[],"total_pages":2}
            """ },
        { "Azure", "/v1/azure", """
            /v1/azure => {"value":[{"id":"a"}],"nextLink":"https://paged.example/v1/azure?skip=1"}
            /v1/azure?skip=1 => {"value":[{"id":"b"}]}
            """ },
        { "Declared", "/v1/declared", """
            /v1/declared => {"rows":[{"id":"a"}],"meta":{"continuation":"c1"}}
            /v1/declared?from=c1 => {"rows":[{"id":"b"}],"meta":{}}
            """ },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public async Task Each_pattern_follows_its_pages_lazily_with_the_credentials(string scenario, string first, string pages)
    {
        var server = new Pages(pages);
        var items = await Run(scenario, server);

        var expected = string.Join(",", server.Answers.Values.SelectMany(a => System.Text.Json.JsonDocument.Parse(a.Body).RootElement is var root && root.ValueKind == System.Text.Json.JsonValueKind.Array ? root.EnumerateArray() : root.EnumerateObject().First(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Array && p.Value.GetArrayLength() > 0 && p.Value[0].ValueKind == System.Text.Json.JsonValueKind.Object).Value.EnumerateArray()).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(expected, items);
        Assert.Equal(first, server.Requested[0]);
        Assert.Equal(server.Answers.Keys, server.Requested); // every page once, in order, and nothing more
        Assert.All(server.Authorizations, a => Assert.Equal("Bearer k", a));
    }

    [Fact]
    public async Task The_pages_can_be_read_themselves_and_the_first_cursor_is_the_callers()
    {
        const string Stripe = """
            /v1/stripe => {"data":[{"id":"a"},{"id":"b"}],"has_more":true}
            /v1/stripe?starting_after=b => {"data":[{"id":"c"}],"has_more":false}
            """;
        Assert.Equal("2+,1.", await Run("StripePages", new Pages(Stripe)));

        var from = new Pages("""
            /v1/stripe?starting_after=a => {"data":[{"id":"b"}],"has_more":false}
            """);
        Assert.Equal("b", await Run("StripeFrom", from));
    }

    [Fact]
    public async Task A_next_page_on_another_origin_is_not_followed_and_the_credentials_stay_home()
    {
        foreach (var (scenario, pages) in new[]
        {
            ("Linked", """
                /v1/link?per_page=2 => [{"id":"a"}] | <https://evil.example/v1/link?page=2>; rel="next"
                """),
            ("Spotify", """
                /v1/spotify => {"items":[{"id":"a"}],"next":"http://paged.example/v1/spotify?offset=1"}
                """),
            ("Twilio", """
                /v1/twilio?PageSize=1 => {"calls":[{"id":"a"}],"next_page_uri":"//evil.example/v1/twilio"}
                """),
            ("Azure", """
                /v1/azure => {"value":[{"id":"a"}],"nextLink":"https://paged.example:8443/v1/azure?skip=1"}
                """),
        })
        {
            var server = new Pages(pages);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(scenario, server));
            Assert.Contains("not on the API's origin (https://paged.example)", error.Message, StringComparison.Ordinal);
            Assert.Single(server.Requested);
        }
    }

    [Fact]
    public async Task A_server_that_repeats_itself_or_sends_empty_pages_cannot_loop_the_client()
    {
        // The same cursor again: the listing ends.
        var stuck = new Pages("/v1/stripe => {\"data\":[{\"id\":\"a\"}],\"has_more\":true}\n/v1/stripe?starting_after=a => {\"data\":[{\"id\":\"a\"}],\"has_more\":true}");
        Assert.Equal("a,a", await Run("Stripe", stuck));
        Assert.Equal(2, stuck.Requested.Count);

        // A next link back to a page already read: the listing ends.
        var cycle = new Pages("""
            /v1/links => {"data":[{"id":"a"}],"links":{"next":"https://paged.example/v1/links?p=2"}}
            /v1/links?p=2 => {"data":[{"id":"b"}],"links":{"next":"https://paged.example/v1/links"}}
            """);
        Assert.Equal("a,b", await Run("LinksNext", cycle));
        Assert.Equal(2, cycle.Requested.Count);

        // An empty page or two (a server that filters) do not end the items; three in a row do.
        var filtered = new Pages("""
            /v1/cursor => {"items":[],"next_cursor":"y"}
            /v1/cursor?cursor=y => {"items":[],"next_cursor":"z"}
            /v1/cursor?cursor=z => {"items":[{"id":"b"}],"next_cursor":""}
            """);
        Assert.Equal("b", await Run("Cursor", filtered));
        var empty = new Pages("""
            /v1/cursor => {"items":[],"next_cursor":"y"}
            /v1/cursor?cursor=y => {"items":[],"next_cursor":"z"}
            /v1/cursor?cursor=z => {"items":[],"next_cursor":"w"}
            """);
        Assert.Equal(string.Empty, await Run("Cursor", empty));
        Assert.Equal(3, empty.Requested.Count);

        // Page numbers: has_next forever is still bounded by empty pages.
        var endless = new Pages("""
            /v1/pages?page=1&limit=1 => {"items":[{"id":"a"}],"pagination":{"has_next":true}}
            /v1/pages?page=2&limit=1 => {"items":[],"pagination":{"has_next":true}}
            /v1/pages?page=3&limit=1 => {"items":[],"pagination":{"has_next":true}}
            /v1/pages?page=4&limit=1 => {"items":[],"pagination":{"has_next":true}}
            """);
        Assert.Equal("a", await Run("Pages", endless));
        Assert.Equal(4, endless.Requested.Count);

        // has_more with an empty cursor: not the first page again.
        var blank = new Pages("""
            /v1/stripe => {"data":[{"id":"a"},{"id":""}],"has_more":true}
            """);
        Assert.Equal("a,", await Run("Stripe", blank));
        Assert.Single(blank.Requested);

        // A Link header loop: the first page again ends the listing.
        var loop = new Pages("""
            /v1/link?per_page=2 => [{"id":"a"}] | <https://paged.example/v1/link?per_page=2&page=2>; rel="next"
            /v1/link?per_page=2&page=2 => [{"id":"b"}] | <https://paged.example/v1/link?per_page=2>; rel="next"
            """);
        Assert.Equal("a,b", await Run("Linked", loop));
        Assert.Equal(2, loop.Requested.Count);
    }

    [Fact]
    public async Task The_token_given_to_the_method_cancels_the_listing()
    {
        const string Stripe = """
            /v1/stripe => {"data":[{"id":"a"},{"id":"b"}],"has_more":true}
            /v1/stripe?starting_after=b => {"data":[{"id":"c"}],"has_more":false}
            """;
        var before = new Pages(Stripe);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run("StripeCanceled", before));
        Assert.Empty(before.Requested);

        var during = new Pages(Stripe);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run("StripeCanceledLater", during));
        Assert.Single(during.Requested); // the next page is not fetched once the token is canceled
    }

    [Fact]
    public async Task Link_headers_are_read_as_RFC_8288_has_them_and_the_base_address_query_stays_on_every_page()
    {
        var pages = new Pages("""
            /v1/link?per_page=2&code=S => [{"id":"a"}] | <https://paged.example/v1/link?per_page=2&page=9>; title="a;rel=next, <x>"; rel="last", <https://paged.example/v1/link?per_page=2&page=2>; rel = "prev next"
            /v1/link?per_page=2&page=2&code=S => [{"id":"b"}] | <https://paged.example/v1/link?per_page=2&page=1>; rel=prev
            """);
        Assert.Equal("a,b", await Run("LinkedWithCode", pages));
        Assert.Equal(pages.Answers.Keys, pages.Requested);

        var broken = new Pages("""
            /v1/link?per_page=2 => [{"id":"a"}] | <mailto:someone@paged.example>; rel="next"
            """);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Run("Linked", broken));
        Assert.Contains("not an http(s) address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_that_fit_no_pattern_get_no_twin()
    {
        var client = Generated.Value.GetType("Paged.IPagedClient")!;
        var twins = client.GetMethods().Select(m => m.Name).Where(n => n.EndsWith("AllAsync", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(["ListAzureAllAsync", "ListCursorAllAsync", "ListDeclaredAllAsync", "ListLinkedAllAsync", "ListLinksNextAllAsync", "ListOpenAiAllAsync", "ListPagesAllAsync", "ListSpotifyAllAsync", "ListStripeAllAsync", "ListTokenAllAsync", "ListTotalAllAsync", "ListTwilioAllAsync"], twins);
        Assert.Null(client.GetMethod("ListAmbiguousAllAsync")); // two lists, no usual name: not guessed
        Assert.Null(client.GetMethod("ListUnpagedAllAsync")); // a page parameter, nothing that says there are more
        Assert.Null(client.GetMethod("SearchPostedAllAsync")); // Stripe's shape, but a POST
    }

    [Fact]
    public void The_bundled_document_pages_its_listings_grouped_or_not()
    {
        foreach (var grouped in new[] { false, true })
        {
            var metadata = grouped ? new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags" } : new Dictionary<string, string>();
            var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi") { Metadata = metadata });
            result.AssertCompilesClean();
            var assembly = result.Load();
            var interfaces = assembly.GetTypes().Where(t => t.IsInterface && t.Namespace == "VoiceAi").ToList();
            var twins = interfaces.SelectMany(i => i.GetMethods()).Select(m => m.Name).Where(n => n.EndsWith("AllAsync", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(["GetAllPhoneNumbersAllAsync", "GetAvailablePhoneNumbersAllAsync", "GetCallHistoryAllAsync", "ListKnowledgeBasesAllAsync", "ListUserAgentsAllAsync"], twins);
        }
    }

    /// <summary>An in-memory server: each known address answers its page; anything else is a 404 the test sees.</summary>
    private sealed class Pages : HttpMessageHandler
    {
        public Pages(string pages)
        {
            foreach (var line in pages.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var arrow = line.IndexOf(" => ", StringComparison.Ordinal);
                var rest = line[(arrow + 4)..];
                var bar = rest.IndexOf(" | ", StringComparison.Ordinal);
                Answers[line[..arrow]] = bar < 0 ? (rest, null) : (rest[..bar], rest[(bar + 3)..]);
            }
        }

        public Dictionary<string, (string Body, string? Link)> Answers { get; } = new(StringComparer.Ordinal);

        public List<string> Requested { get; } = [];

        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("paged.example", request.RequestUri!.Host);
            var key = request.RequestUri.PathAndQuery;
            Requested.Add(key);
            Authorizations.Add(request.Headers.Authorization?.ToString());
            if (!Answers.TryGetValue(key, out var answer))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request, Content = new StringContent("no page at " + key) });
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent(answer.Body, Encoding.UTF8, "application/json") };
            if (answer.Link is not null)
            {
                response.Headers.TryAddWithoutValidation("Link", answer.Link);
            }

            return Task.FromResult(response);
        }
    }
}
