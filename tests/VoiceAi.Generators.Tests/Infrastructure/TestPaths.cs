namespace VoiceAi.Generators.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>The folder of this test project's sources (where snapshots are committed).</summary>
    public static string ProjectDirectory { get; } = FindProjectDirectory();

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    /// <summary><c>../shared</c> beside the repository: real-world documents read in place, never copied.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string BundledDocument => Path.Combine(RepositoryRoot, "openapi", "openapi.json");

    /// <summary>The bundled AsyncAPI document of the realtime channels.</summary>
    public static string BundledAsyncApi => Path.Combine(RepositoryRoot, "openapi", "asyncapi.json");

    public static string Document(string name) => Path.Combine(ProjectDirectory, "Documents", name);

    private static string FindProjectDirectory()
        => typeof(TestPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
}
