using System.Reflection;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>
/// OpenApiGroupBy="Tags": a sub-client property per first tag, each with an interface of its own, method names without
/// the group's prefix, untagged operations on the client itself, and the flat form as the default.
/// </summary>
public class GroupingTests
{
    private const string Yaml = """
        openapi: 3.0.3
        info: {title: Grouped, version: "1"}
        servers: [{url: "https://grouped.example"}]
        tags:
          - {name: repos, description: Repositories.}
        paths:
          /repos/{id}:
            get:
              operationId: repos/get
              tags: [repos, extra]
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Repo"}}}}
          /repos:
            get:
              operationId: repos/list
              tags: [repos]
              parameters: [{name: page, in: query, schema: {type: integer}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Repo"}}}}}
          /repos/{id}/get:
            get:
              operationId: get
              tags: [repos]
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "204": {description: "the name Get is taken in the group, so this one is Get2"}
          /issues:
            post:
              operationId: issues/create
              tags: [Issue Tracking]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Repo"}}}}
              responses:
                "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Repo"}}}}
          /health:
            get:
              operationId: health
              responses:
                "200": {description: ok, content: {text/plain: {schema: {type: string}}}}
        components:
          schemas:
            Repo:
              type: object
              properties:
                name: {type: string}
        """;

    private static GenerationResult Run(string? groupBy = "Tags")
        => GeneratorHarness.Run(new TestDocument("grouped.yaml", Yaml, "GroupedClient", "Grouped") { Metadata = groupBy is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["OpenApiGroupBy"] = groupBy } });

    private static IEnumerable<string> Methods(Type type) => type.GetMethods().Select(m => m.Name).Where(n => n.EndsWith("Async", StringComparison.Ordinal)).Distinct().OrderBy(n => n, StringComparer.Ordinal);

    [Fact]
    public void Each_tag_is_a_sub_client_with_an_interface_of_its_own_and_untagged_operations_stay_on_the_client()
    {
        var result = Run();
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        result.AssertCompilesClean();
        var assembly = result.Load();
        var root = assembly.GetType("Grouped.IGroupedClient")!;
        Assert.Equal(["HealthAsync", "HealthWithResponseAsync"], Methods(root));
        Assert.Equal(["IssueTracking", "Repos"], root.GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));

        var repos = root.GetProperty("Repos")!.PropertyType;
        Assert.Equal("Grouped.IGroupedReposClient", repos.FullName);
        Assert.True(repos.IsInterface);
        Assert.Equal(["Get2Async", "Get2WithResponseAsync", "GetAsync", "GetWithResponseAsync", "ListAsync", "ListWithResponseAsync"], Methods(repos)); // "get" is named Get too: Get is taken in the group
        var issues = root.GetProperty("IssueTracking")!.PropertyType;
        Assert.Equal(["IssuesCreateAsync", "IssuesCreateWithResponseAsync"], Methods(issues)); // "Issue Tracking" is not the name's prefix: kept

        // The class has no public operation methods of the groups: only the interfaces show them.
        var client = assembly.GetType("Grouped.GroupedClient")!;
        Assert.Equal(["HealthAsync", "HealthWithResponseAsync"], Methods(client));

        // The tag's description documents the property.
        var source = result.Source("Grouped.GroupedClient.Client.g.cs");
        Assert.Contains("/// <summary>Repositories.</summary>", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_through_a_sub_client_reaches_its_route()
    {
        var result = Run();
        result.AssertCompilesClean();
        var assembly = result.Load();
        var handler = new CapturingHandler();
        var client = Activator.CreateInstance(assembly.GetType("Grouped.GroupedClient")!, new HttpClient(handler) { BaseAddress = new Uri("https://grouped.example") }, null)!;
        var repos = client.GetType().GetProperty("Repos")!.GetValue(client)!;
        var get = repos.GetType().GetInterface("IGroupedReposClient")!.GetMethods().Single(m => m.Name == "GetAsync" && m.GetParameters().Length == 2);
        var repo = await (dynamic)get.Invoke(repos, ["a b", CancellationToken.None])!;
        Assert.Equal("https://grouped.example/repos/a%20b", handler.Uri!.AbsoluteUri);
        Assert.Equal("octo", (string)repo.GetType().GetProperty("Name").GetValue(repo));

        var other = repos.GetType().GetInterface("IGroupedReposClient")!.GetMethods().Single(m => m.Name == "Get2Async" && m.GetParameters().Length == 2);
        handler.Status = System.Net.HttpStatusCode.NoContent;
        await (Task)other.Invoke(repos, ["x", CancellationToken.None])!;
        Assert.Equal("https://grouped.example/repos/x/get", handler.Uri!.AbsoluteUri);
    }

    [Fact]
    public void Without_the_option_the_client_is_flat_and_a_wrong_value_is_a_warning()
    {
        foreach (var groupBy in new[] { null, "None" })
        {
            var result = Run(groupBy);
            Assert.Empty(result.GeneratorDiagnostics);
            result.AssertCompilesClean();
            var root = result.Load().GetType("Grouped.IGroupedClient")!;
            Assert.Empty(root.GetProperties());
            Assert.Contains("ReposGetAsync", Methods(root));
            Assert.Contains("IssuesCreateAsync", Methods(root));
            Assert.Contains("GetAsync", Methods(root));
        }

        var wrong = Run("Paths");
        var warning = Assert.Single(wrong.GeneratorDiagnostics);
        Assert.Equal("VOAI014", warning.Id);
        Assert.Contains("OpenApiGroupBy 'Paths'", warning.GetMessage(), StringComparison.Ordinal);
        wrong.AssertCompilesClean();
    }

    [Fact]
    public void The_bundled_document_grouped_keeps_the_seed_operation_under_its_tag()
    {
        var result = GeneratorHarness.Run(new TestDocument("openapi.json", File.ReadAllText(TestPaths.BundledDocument), "VoiceAiClient", "VoiceAi") { Metadata = new Dictionary<string, string> { ["OpenApiGroupBy"] = "Tags" } });
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertCompilesClean();
        var root = result.Load().GetType("VoiceAi.IVoiceAiClient")!;
        Assert.Empty(Methods(root));
        var phoneNumbers = root.GetProperty("PhoneNumberManagement")!.PropertyType;
        Assert.Contains("SelectPhoneNumberAsync", Methods(phoneNumbers));
        Assert.Contains("SearchPhoneNumbersAsync", Methods(phoneNumbers));
        Assert.Equal(9, root.GetProperties().Length);
    }

    /// <summary>README's examples on GitHub's document (filtered to the operations they use): the names they show exist.</summary>
    [Fact]
    public void The_READMEs_GitHub_examples_name_real_members()
    {
        var path = Path.Combine(TestPaths.Shared, "specs", "github", "api.github.com.json");
        var metadata = new Dictionary<string, string> { ["OpenApiIncludeOperations"] = "repos/get;pulls/list;issues/list-for-repo" };
        var flat = GeneratorHarness.Run(new TestDocument(path, File.ReadAllText(path), "GitHubClient", "GitHub") { Metadata = metadata });
        var grouped = GeneratorHarness.Run(new TestDocument(path, File.ReadAllText(path), "GitHubClient", "GitHub") { Metadata = new Dictionary<string, string>(metadata) { ["OpenApiGroupBy"] = "Tags" } });
        flat.AssertCompilesClean();
        grouped.AssertCompilesClean();
        Assert.Contains("IssuesListForRepoAllAsync", Methods(flat.Load().GetType("GitHub.IGitHubClient")!));
        var root = grouped.Load().GetType("GitHub.IGitHubClient")!;
        Assert.Contains("GetAsync", Methods(root.GetProperty("Repos")!.PropertyType));
        Assert.Contains("ListAllAsync", Methods(root.GetProperty("Pulls")!.PropertyType));
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        public System.Net.HttpStatusCode Status { get; set; } = System.Net.HttpStatusCode.OK;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent("""{"name":"octo"}""", System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
