using System.Diagnostics;
using VoiceAi.Generators.Tests.Infrastructure;
using Xunit;

namespace VoiceAi.Generators.Tests;

/// <summary>The packed package, restored from a local folder feed into a project that has only the PackageReference.</summary>
public class PackageTests
{
    [Fact]
    public void A_project_with_only_the_PackageReference_builds_and_calls_the_client()
    {
        var feed = PackedFeed();

        var work = Directory.CreateTempSubdirectory("voiceai-package-test").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <IsAotCompatible>true</IsAotCompatible>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="VoiceAi.Generators" Version="0.1.0" />
                    <AdditionalFiles Include="pets.yaml" OpenApiClientName="PetsClient" OpenApiNamespace="Pets" OpenApiExcludeOperations="getPet">
                      <OpenApiIncludeOperations>
                        listPets
                        GET /pets/*;DELETE /pets
                      </OpenApiIncludeOperations>
                    </AdditionalFiles>
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="VoiceAi.Generators" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            Isolate(work);
            // A second document with operation filters: the item metadata must reach the generator.
            File.WriteAllText(Path.Combine(work, "pets.yaml"), """
                openapi: 3.0.3
                info: {title: Pets, version: "1"}
                servers: [{url: "https://pets.example"}]
                paths:
                  /pets:
                    get: {operationId: listPets, responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}}
                    delete: {operationId: deletePets, responses: {"204": {description: gone}}}
                  /pets/{id}:
                    get: {operationId: getPet, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}
                  /pets/{id}/toys:
                    get: {operationId: listToys, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}
                """);
            File.WriteAllText(Path.Combine(work, "Program.cs"), """
                using System.Net;
                using VoiceAi;

                Console.WriteLine("pets: " + string.Join(",", typeof(Pets.IPetsClient).GetMethods().Select(m => m.Name).Where(n => !n.EndsWith("WithResponseAsync")).Distinct().Order()));

                var handler = new Answer();
                IVoiceAiClient client = new VoiceAiClient(new HttpClient(handler), new VoiceAiClientOptions { ApiKey = "k" });
                PurchasePhoneNumberResponse r = await client.SelectPhoneNumberAsync(
                    new PurchasePhoneNumberRequest { PhoneNumber = "+15551234567", Provider = PurchasePhoneNumberRequestProvider.Telnyx },
                    CancellationToken.None);
                Console.WriteLine($"{handler.Uri} {handler.Body} -> {r.PhoneNumber} {r.Status}");

                sealed class Answer : HttpMessageHandler
                {
                    public Uri? Uri;
                    public string? Body;

                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        Uri = request.RequestUri;
                        Body = await request.Content!.ReadAsStringAsync(cancellationToken);
                        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"phone_number\":\"+15551234567\",\"status\":\"active\"}") };
                    }
                }
                """);

            var output = Run(work, "run", "--nologo");

            // Every item reached the generator: the first line's, the second line's, and the one after its ';'.
            Assert.Contains("pets: DeletePetsAsync,ListPetsAsync,ListToysAsync", output);
            Assert.Contains("https://dev.voice.ai/api/v1/agent/select-phone-number {\"phone_number\":\"+15551234567\",\"provider\":\"telnyx\"} -> +15551234567 active", output);

            // The package's targets add the bundled document, marked with its client name, unless the project turns it off.
            var items = Run(work, "msbuild", "Consumer.csproj", "-nologo", "-getItem:AdditionalFiles");
            Assert.Contains("openapi.json", items);
            Assert.Contains("\"OpenApiClientName\": \"VoiceAiClient\"", items);
            var off = Run(work, "msbuild", "Consumer.csproj", "-nologo", "-getItem:AdditionalFiles", "-p:VoiceAiIncludeBundledOpenApi=false");
            Assert.DoesNotContain("openapi.json", off);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void A_document_in_an_assembly_of_its_own_is_compiled_once_and_referenced()
    {
        var feed = PackedFeed();

        var work = Directory.CreateTempSubdirectory("voiceai-own-assembly-test").FullName;
        try
        {
            // Microsoft.AspNetCore.App brings Microsoft.Extensions.Http: the client's own compile must see the
            // project's references, or AddPetsClient would be missing. The bundled document stays in the project.
            File.WriteAllText(Path.Combine(work, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <AdditionalFiles Include="C#[v2]/models/pet.yaml" />
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <PackageReference Include="VoiceAi.Generators" Version="0.1.0" PrivateAssets="all" />
                    <AdditionalFiles Include="C#[v2]/pets.yaml" OpenApiClientName="PetsClient" OpenApiNamespace="Pets" OpenApiOwnAssembly="true" OpenApiExcludeOperations="deletePets">
                      <OpenApiIncludeOperations>
                        listPets
                        GET /pets/*;DELETE /pets
                      </OpenApiIncludeOperations>
                    </AdditionalFiles>
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            Isolate(work);
            const string Paths = """
                openapi: 3.0.3
                info: {title: Pets, version: "1"}
                servers: [{url: "https://pets.example"}]
                paths:
                  /pets:
                    get: {operationId: listPets, responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "models/pet.yaml"}}}}}}}
                    delete: {operationId: deletePets, responses: {"204": {description: gone}}}
                  /pets/{id}:
                    get: {operationId: getPet, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}
                  /toys:
                    get: {operationId: listToys, responses: {"200": {description: ok}}}
                """;
            // The document's directory has characters of the .editorconfig syntax, which its settings' section escapes.
            Directory.CreateDirectory(Path.Combine(work, "C#[v2]"));
            File.WriteAllText(Path.Combine(work, "C#[v2]", "pets.yaml"), Paths);
            Directory.CreateDirectory(Path.Combine(work, "C#[v2]", "models"));
            File.WriteAllText(Path.Combine(work, "C#[v2]", "models", "pet.yaml"), "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  tag: {type: string}\n");
            const string Program = """
                var client = typeof(Pets.PetsClient).Assembly;
                Console.WriteLine("assembly: " + client.GetName().Name + ", bundled: " + typeof(VoiceAi.VoiceAiClient).Assembly.GetName().Name);
                Console.WriteLine("pet: " + string.Join(",", typeof(Pets.Pet).GetProperties().Select(p => p.Name).Order()));
                Console.WriteLine("pets: " + string.Join(",", typeof(Pets.IPetsClient).GetMethods().Select(m => m.Name).Where(n => !n.EndsWith("WithResponseAsync")).Distinct().Order()));
                Console.WriteLine("in the app: " + typeof(Marker).Assembly.GetTypes().Count(t => t.Namespace == "Pets"));
                Console.WriteLine("AddPetsClient: " + (client.GetType("Pets.PetsClientServiceCollectionExtensions")?.GetMethods().Any(m => m.Name == "AddPetsClient") == true));
                sealed class Marker;
                """;
            File.WriteAllText(Path.Combine(work, "Program.cs"), Program);

            var first = Run(work, "run", "--nologo");
            Assert.Contains("assembly: Consumer.pets, bundled: Consumer", first);
            // The model comes from the other file of the multi-file document, which the client's compile was given.
            Assert.Contains("pet: AdditionalProperties,Name,Tag", first);
            // The item's filters reached the generator through the client's own settings file.
            Assert.Contains("pets: GetPetAsync,ListPetsAsync", first);
            Assert.Contains("in the app: 0", first);
            Assert.Contains("AddPetsClient: True", first);
            var client = Path.Combine(work, "obj", "Debug", "net10.0", "VoiceAi", "Consumer.pets.dll");
            Assert.True(File.Exists(Path.Combine(work, "bin", "Debug", "net10.0", "Consumer.pets.xml")), "the client's documentation is copied beside it");
            var written = File.GetLastWriteTimeUtc(client);

            // An edit of the project's own code: the app builds again, the client's assembly is left as it was.
            File.WriteAllText(Path.Combine(work, "Program.cs"), "Console.WriteLine(\"edited\");\n" + Program);
            var edited = Run(work, "run", "--nologo");
            Assert.Contains("edited", edited);
            Assert.Equal(written, File.GetLastWriteTimeUtc(client));

            // An edit of the document compiles the client again.
            File.WriteAllText(Path.Combine(work, "C#[v2]", "pets.yaml"), Paths + """

                  /pets/{id}/owner:
                    get: {operationId: getOwner, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}
                """);
            Assert.Contains("pets: GetOwnerAsync,GetPetAsync,ListPetsAsync", Run(work, "run", "--nologo"));
            var rewritten = File.GetLastWriteTimeUtc(client);
            Assert.NotEqual(written, rewritten);

            // So does an edit of the item's settings.
            var project = Path.Combine(work, "Consumer.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("DELETE /pets", "listToys", StringComparison.Ordinal));
            Assert.Contains("pets: GetOwnerAsync,GetPetAsync,ListPetsAsync,ListToysAsync", Run(work, "run", "--nologo"));
            var resettled = File.GetLastWriteTimeUtc(client);
            Assert.NotEqual(rewritten, resettled);

            // So does a compile option the client's compile takes from the project, and an edit of the other file.
            Run(work, "build", "--nologo", "-p:DefineConstants=OTHER");
            var redefined = File.GetLastWriteTimeUtc(client);
            Assert.NotEqual(resettled, redefined);
            File.AppendAllText(Path.Combine(work, "C#[v2]", "models", "pet.yaml"), "  age: {type: integer}\n");
            Assert.Contains("pet: AdditionalProperties,Age,Name,Tag", Run(work, "run", "--nologo", "-p:DefineConstants=OTHER"));
            Assert.NotEqual(redefined, File.GetLastWriteTimeUtc(client));
            var alone = File.ReadAllText(project);

            // Two such items with the same file name would be one assembly: the build says so and stops.
            Directory.CreateDirectory(Path.Combine(work, "v2"));
            File.Copy(Path.Combine(work, "C#[v2]", "pets.yaml"), Path.Combine(work, "v2", "pets.yaml"));
            File.WriteAllText(project, File.ReadAllText(project).Replace("<AdditionalFiles Include=\"C#[v2]/models/pet.yaml\" />", "<AdditionalFiles Include=\"C#[v2]/models/pet.yaml\" /><AdditionalFiles Include=\"v2/pets.yaml\" OpenApiClientName=\"Pets2Client\" OpenApiNamespace=\"Pets2\" OpenApiOwnAssembly=\"true\" />", StringComparison.Ordinal));
            var clash = Run(work, expectSuccess: false, "build", "--nologo");
            Assert.Contains("have the same file name (pets.yaml, pets.yaml)", clash);

            // An AsyncAPI document cannot join a client in an assembly of its own: the build says so and stops.
            File.WriteAllText(Path.Combine(work, "C#[v2]", "chat.yaml"), "asyncapi: 3.0.0\ninfo: {title: Chat, version: \"1\"}\n");
            File.WriteAllText(project, alone.Replace("<AdditionalFiles Include=\"C#[v2]/models/pet.yaml\" />", "<AdditionalFiles Include=\"C#[v2]/models/pet.yaml\" /><AdditionalFiles Include=\"C#[v2]/chat.yaml\" AsyncApiClientName=\"PetsClient\" AsyncApiNamespace=\"Pets\" />", StringComparison.Ordinal));
            Assert.Contains("an AsyncAPI document joins a client that OpenApiOwnAssembly=\"true\" compiles into an assembly of its own (Pets.PetsClient)", Run(work, expectSuccess: false, "build", "--nologo"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The folder feed with the packed package (packed here when eng/test.sh has not packed it already).</summary>
    private static string PackedFeed()
    {
        var feed = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "packages");
        if (!File.Exists(Path.Combine(feed, "VoiceAi.Generators.0.1.0.nupkg")))
        {
            Run(TestPaths.RepositoryRoot, "pack", "src/VoiceAi.Generators", "-c", "Release", "--nologo");
        }

        return feed;
    }

    /// <summary>Empty Directory.*.props, so that the repository's own (central package versions) do not apply.</summary>
    private static void Isolate(string work)
    {
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
    }

    internal static string Run(string directory, params string[] arguments) => Run(directory, expectSuccess: true, arguments);

    internal static string Run(string directory, bool expectSuccess, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "dotnet " + string.Join(" ", arguments) + " timed out");
        var text = stdout.Result + stderr.Result;
        Assert.True((process.ExitCode == 0) == expectSuccess, $"dotnet {string.Join(" ", arguments)} exited with {process.ExitCode}:\n{text}");
        return text;
    }
}
