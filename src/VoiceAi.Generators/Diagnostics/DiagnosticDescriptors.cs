using Microsoft.CodeAnalysis;

namespace VoiceAi.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are documented in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "VoiceAi.Generators";

    public static readonly DiagnosticDescriptor InvalidDocument = new(
        "VOAI001", "OpenAPI document cannot be read",
        "OpenAPI document '{0}' cannot be read: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DocumentError = new(
        "VOAI002", "OpenAPI document has an error",
        "{0} (at {1})",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "VOAI003", "Unresolved $ref",
        "The reference '{0}' at {1} does not resolve to anything in the document; the value is typed as JsonElement",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateOperationName = new(
        "VOAI004", "Duplicate operation name",
        "Operation {0} at {1} has the method name '{2}' that another operation already has; it is generated as '{3}'. Give it a unique operationId.",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "VOAI005", "OpenAPI construct not supported",
        "{0} at {1} is not supported yet: {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidClientName = new(
        "VOAI006", "Invalid client name or namespace",
        "'{0}' is not a valid C# {1} for the client generated from '{2}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateClient = new(
        "VOAI007", "Two documents generate the same client",
        "The client '{0}' is generated from '{1}' already; '{2}' is skipped. Give it another OpenApiClientName or OpenApiNamespace.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DocumentWarning = new(
        "VOAI008", "OpenAPI document has a problem",
        "{0} (at {1})",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UntypedOperation = new(
        "VOAI009", "Operation not fully typed",
        "Operation {0} ({1}): {2} at {3} cannot be typed; {4}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvedFileReference = new(
        "VOAI010", "$ref to a file that is not an AdditionalFiles item",
        "The reference '{0}' at {1} in '{2}' names a file (or a part of one) that is not among the AdditionalFiles; add the file as <AdditionalFiles Include=\"...\" /> beside the document",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ValueLeftOut = new(
        "VOAI011", "Value of the document left out",
        "{0} at {1} is left out: {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DocumentReadLeniently = new(
        "VOAI012", "OpenAPI document read leniently",
        "{0} (at {1}); {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor FilterMatchesNothing = new(
        "VOAI013", "Operation filter matches nothing",
        "{0} '{1}' matches no operation of '{2}' ({3}); it is ignored",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownOptionValue = new(
        "VOAI014", "Unknown generator option value",
        "{0} '{1}' of '{2}' is not a known value ({3}); {4} is used",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AsyncApiVersion = new(
        "VOAI015", "AsyncAPI version not supported",
        "'{0}' is an AsyncAPI {1} document; realtime clients are generated from AsyncAPI 3.0 documents",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AsyncApiLeftOut = new(
        "VOAI016", "AsyncAPI element left out",
        "{0} (at {1}) is left out of the realtime client: {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "VOAI999", "Internal generator error",
        "The OpenAPI client generator failed on '{0}': {1}. Please report this with the document.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>Every descriptor, for looking one up by id.</summary>
    public static readonly DiagnosticDescriptor[] All =
    [
        InvalidDocument,
        DocumentError,
        UnresolvedReference,
        DuplicateOperationName,
        UnsupportedConstruct,
        InvalidClientName,
        DuplicateClient,
        DocumentWarning,
        UntypedOperation,
        UnresolvedFileReference,
        ValueLeftOut,
        DocumentReadLeniently,
        FilterMatchesNothing,
        UnknownOptionValue,
        AsyncApiVersion,
        AsyncApiLeftOut,
        InternalError,
    ];
}
