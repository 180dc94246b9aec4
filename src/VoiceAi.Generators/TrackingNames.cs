namespace VoiceAi.Generators;

/// <summary>Names of the pipeline steps, so tests can check which steps ran and which were cached.</summary>
internal static class TrackingNames
{
    public const string DocumentOptions = nameof(DocumentOptions);
    public const string Documents = nameof(Documents);
    public const string UniqueDocuments = nameof(UniqueDocuments);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Files = nameof(Files);
    public const string Sources = nameof(Sources);
    public const string HttpExtensions = nameof(HttpExtensions);
    public const string ServerSentEvents = nameof(ServerSentEvents);
    public const string DependencyInjection = nameof(DependencyInjection);
    public const string Logging = nameof(Logging);
}
