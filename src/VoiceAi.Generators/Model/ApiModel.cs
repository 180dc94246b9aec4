namespace VoiceAi.Generators.Model;

// The model of one API, built by Reading/ and consumed by Emitting/.
// Every member of every record here must stay value-equatable: strings, bools, ints, enums,
// other model records and EquatableArray<T>. No ISymbol, SyntaxNode, Location, Compilation or
// Microsoft.OpenApi object may enter it (ModelPurityTests walks the graph to keep it so), because
// the incremental pipeline caches each step by comparing these values with the previous run.

/// <summary>The root of the model: everything the emitters need to write one client.</summary>
internal sealed record ApiModel(
    ClientInfo Client,
    EquatableArray<ModelSpec> Models,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<OperationSpec> Operations,
    EquatableArray<TypeRef> RootTypes,
    EquatableArray<ErrorTypeSpec> ErrorTypes,
    EquatableArray<UnionSpec> Unions = default)
{
    public EquatableArray<UnionSpec> Unions { get; } = Unions.Count == 0 ? EquatableArray<UnionSpec>.Empty : Unions;

    /// <summary>The sub-clients (OpenApiGroupBy="Tags"), by property name; empty without grouping.</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = EquatableArray<GroupSpec>.Empty;

    /// <summary>The WebSocket channels of an AsyncAPI document read with (or as) this client; empty without one.</summary>
    public EquatableArray<RealtimeChannelSpec> Realtime { get; init; } = EquatableArray<RealtimeChannelSpec>.Empty;

    /// <summary>
    /// The realtime address the options default to, when the AsyncAPI document's first WebSocket server is not the
    /// client's HTTP server in its WebSocket form (another host); null when it follows from the options' BaseAddress.
    /// </summary>
    public string? RealtimeAddress { get; init; }
}

/// <summary>
/// One WebSocket channel of an AsyncAPI document: the client's <see cref="ConnectMethod"/> opens it as a
/// <see cref="ClassName"/>, with a typed method per send operation and the received messages as <see cref="Message"/>.
/// </summary>
internal sealed record RealtimeChannelSpec(
    string Name,
    string ClassName,
    string ConnectMethod,
    string Address,
    string? Title,
    string? Description,
    EquatableArray<RealtimeParameterSpec> Parameters,
    EquatableArray<RealtimeSendSpec> Sends,
    TypeRef Message,
    EquatableArray<RealtimeMessageSpec> Received,
    EquatableArray<string> Security)
{
    /// <summary>The JSON name of the property that routes received messages to a context (<c>context_id</c>); null without one.</summary>
    public string? Route { get; init; }

    /// <summary>The connection's method that opens a view of one context; null without <see cref="Route"/>.</summary>
    public string? ContextMethod { get; init; }
}

/// <summary>A parameter of a channel's address (<c>/rooms/{roomId}</c>), sent as a path segment.</summary>
internal sealed record RealtimeParameterSpec(string Name, string WireName, string? Description, string? Default);

/// <summary>A message the client sends: one method per send operation and message.</summary>
internal sealed record RealtimeSendSpec(string MethodName, string? Summary, string? Description, TypeRef Type, bool Deprecated);

/// <summary>
/// A message the server sends, in the order they are told apart (most required properties first):
/// <see cref="VariantName"/> in the channel's union (null when it is the channel's only message), the JSON names it
/// requires, whether it is the channel's error message (with the C# property that holds its text), and the JSON name
/// of its one base64 property (audio), if it has one.
/// </summary>
internal sealed record RealtimeMessageSpec(
    TypeRef Type,
    string? VariantName,
    EquatableArray<string> Required,
    bool IsError,
    string? ErrorText,
    string? BinaryProperty,
    string? Description);

/// <summary>
/// A sub-client (OpenApiGroupBy="Tags"): the operations whose first tag is <see cref="Tag"/>, on an interface of their
/// own that the client implements explicitly and hands out as the property <see cref="PropertyName"/>.
/// </summary>
internal sealed record GroupSpec(string PropertyName, string InterfaceName, string Tag, string? Description);

/// <summary>
/// A <c>oneOf</c>/<c>anyOf</c> of several schemas, emitted as a class that holds one variant (or, for a value no
/// variant matches, only its JSON). <see cref="Discriminator"/> is the property that names the variant, when the document has one.
/// </summary>
internal sealed record UnionSpec(string Name, string? Description, string? Discriminator, EquatableArray<UnionVariantSpec> Variants);

/// <summary>
/// One variant of a union: its member name, type, the discriminator values that select it, and, for objects (and lists of
/// objects: of their items), the property names it knows and those its converter requires (to choose a variant by shape
/// when there is no discriminator). <see cref="ItemsAreUnion"/>: the items of a list or map variant are a union, which may
/// be any JSON.
/// </summary>
internal sealed record UnionVariantSpec(
    string Name,
    TypeRef Type,
    EquatableArray<string> DiscriminatorValues,
    EquatableArray<string> Properties,
    EquatableArray<string> RequiredProperties,
    bool ItemsAreUnion = false);

/// <summary>What every generated file of one client needs to know about the client itself.</summary>
internal sealed record ClientInfo(
    string Namespace,
    string ClientName,
    string Prefix,
    string Title,
    string? Description,
    string Version,
    string? DefaultServerUrl,
    EquatableArray<SecuritySchemeSpec> SecuritySchemes)
{
    public string InterfaceName => "I" + ClientName;
    public string OptionsName => ClientName + "Options";
    public string ExceptionName => Prefix + "ApiException";
    public string JsonName => Prefix + "Json";
    public string BinaryResponseName => Prefix + "BinaryResponse";
    public string SupportName => Prefix + "JsonSupport";
    public string EnumInterfaceName => "I" + Prefix + "Enum";
    public string EnumConverterName => Prefix + "EnumConverter";
    public string UnionBaseName => Prefix + "Union";
    public string UnionInterfaceName => "I" + Prefix + "Union";
    public string UnionConverterName => Prefix + "UnionConverter";
    public string FileContentName => Prefix + "FileContent";
    public string RequestOptionsName => ClientName + "RequestOptions";
    public string ResponseTooLargeName => Prefix + "ResponseTooLargeException";
    public string PageableName => Prefix + "Pageable";

    /// <summary>
    /// The first server is a relative reference (<c>/v2</c>): it is resolved against the address the user gives, as the
    /// document's location would be; <see cref="DefaultServerUrl"/> is then not an address of its own.
    /// </summary>
    public bool ServerIsRelative => DefaultServerUrl is { } url && !url.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The document's first server when it is an absolute http(s) address; null otherwise.</summary>
    public string? AbsoluteServerUrl => ServerIsRelative ? null : DefaultServerUrl;

    /// <summary><c>VOICEAI_API_KEY</c> for the VoiceAi client: the prefix in upper case.</summary>
    public string ApiKeyEnvironmentVariable => Prefix.ToUpperInvariant() + "_API_KEY";

    /// <summary>
    /// Closed sets of values are C# <c>enum</c>s with an <c>Unknown</c> member (OpenApiEnumStyle="Enum") instead of
    /// extensible structs.
    /// </summary>
    public bool PlainEnums { get; init; }
}

internal enum SecurityKind { Bearer, Basic, ApiKeyHeader, ApiKeyQuery, ApiKeyCookie }

internal sealed record SecuritySchemeSpec(string Key, SecurityKind Kind, string ParameterName, string? Description);

/// <summary>
/// An object schema, emitted as a sealed partial record with its JSON converter. Properties the document does not list
/// are kept in <c>AdditionalProperties</c> with values of <see cref="AdditionalType"/> (JSON when the document gives no
/// schema); <see cref="AdditionalType"/> is null when the document forbids them (<c>additionalProperties: false</c>).
/// </summary>
internal sealed record ModelSpec(
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<PropertySpec> Properties,
    TypeRef? AdditionalType = null,
    string AdditionalName = "AdditionalProperties");

internal sealed record PropertySpec(
    string Name,
    string JsonName,
    TypeRef Type,
    bool Required,
    bool Nullable,
    DefaultValue? Default,
    string? Description,
    bool Deprecated,
    bool IsConst = false)
{
    /// <summary>The C# property can be null: the document allows null, or the property may be absent and has no default.</summary>
    public bool IsNullableInCSharp => Nullable || (!Required && Default is null);

    /// <summary>An optional property with a default in the document: the getter shows the default, a backing field holds what was set.</summary>
    public bool HasTrackedDefault => Default is not null && !Required && !IsNullableInCSharp;

    /// <summary>Written to JSON even when null: required properties are always sent.</summary>
    public bool AlwaysWrite => Required || !IsNullableInCSharp;

    /// <summary>
    /// An optional property that the document allows to be null: "not set" (omitted) and "set to null" (sent as null)
    /// are different, so the record tracks whether it was set.
    /// </summary>
    public bool TracksNull => !Required && Nullable;
}

internal enum DefaultKind { String, Boolean, Number, EnumMember }

/// <summary>
/// A property's default (or its string <c>const</c>) as a value, not as C#: <see cref="Value"/> is the string itself,
/// <c>true</c>/<c>false</c>, the JSON text of a number that fits the property's type (<see cref="IsNumber"/>, checked by
/// the reader, which warns about the others), or the name of an enum member. The emitter alone turns it into C#
/// (<c>CSharp.Literal</c>, <c>CSharp.NumberLiteral</c>), so that the reader never writes C# text: every string of the
/// document reaches the output through the emitter's audited functions.
/// </summary>
internal sealed record DefaultValue(DefaultKind Kind, string Value)
{
    /// <summary>
    /// Whether <paramref name="text"/> is a number in JSON's form (<c>-?[0-9]+(.[0-9]+)?([eE][+-]?[0-9]+)?</c>: nothing else, so it cannot carry code) that C# can
    /// write as a literal of <paramref name="kind"/>: an integer in range for <c>int</c> and <c>long</c>, finite for
    /// <c>float</c> and <c>double</c> (<c>1e400d</c> is CS0594), in range for <c>decimal</c>.
    /// </summary>
    public static bool IsNumber(string text, TypeKind kind)
    {
        if (!IsNumberText(text, out var integral))
        {
            return false;
        }

        const System.Globalization.NumberStyles Float = System.Globalization.NumberStyles.Float;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return kind switch
        {
            TypeKind.Int32 => integral && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out _),
            TypeKind.Int64 => integral && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out _),
            TypeKind.Single => float.TryParse(text, Float, invariant, out var single) && !float.IsInfinity(single) && !float.IsNaN(single),
            TypeKind.Double => double.TryParse(text, Float, invariant, out var number) && !double.IsInfinity(number) && !double.IsNaN(number),
            TypeKind.Decimal => decimal.TryParse(text, Float, invariant, out _),
            _ => false,
        };
    }

    /// <summary>
    /// <c>long.MaxValue</c> or <c>long.MinValue</c> when <paramref name="text"/> is an integer just beyond <c>long</c> that is
    /// the nearest double to one of them (<c>9223372036854776000</c>: 2^63 as a JavaScript or double serializer writes
    /// <c>Long.MAX_VALUE</c>); null for any other text. The document means the limit, and a <c>long</c> holds it.
    /// </summary>
    public static string? LongLimit(string text)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!IsNumberText(text, out var integral) || !integral || long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out _)
            || !double.TryParse(text, System.Globalization.NumberStyles.Float, invariant, out var value))
        {
            return null;
        }

        return value == 9223372036854775808d ? "9223372036854775807" : value == -9223372036854775808d ? "-9223372036854775808" : null;
    }

    /// <summary>Whether <paramref name="text"/> is a number in JSON's form, whatever its size; <paramref name="integral"/>: without a fraction or exponent.</summary>
    public static bool IsNumberText(string text, out bool integral)
    {
        var i = 0;
        integral = true;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (!Digits(text, ref i))
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            integral = false;
            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            integral = false;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i > start;
    }
}

/// <summary>A closed set of values, emitted as a C# enum with its JSON converter.</summary>
internal sealed record EnumSpec(
    string Name,
    string? Description,
    bool IsString,
    bool Deprecated,
    EquatableArray<EnumMemberSpec> Members);

internal sealed record EnumMemberSpec(string Name, string Value);

internal static class EnumNames
{
    /// <summary>
    /// The member of a C# <c>enum</c> (OpenApiEnumStyle="Enum") for values the document does not list: <c>Unknown</c>,
    /// or <c>UnknownValue</c>, <c>UnknownValue2</c>… when the document has a value of that name. It is the enum's 0.
    /// </summary>
    public static string Unknown(EnumSpec spec)
    {
        var name = "Unknown";
        for (var i = 1; System.Linq.Enumerable.Any(spec.Members, m => string.Equals(m.Name, name, System.StringComparison.OrdinalIgnoreCase)); i++)
        {
            name = i == 1 ? "UnknownValue" : "UnknownValue" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}

internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    DateOnly,
    TimeSpan,
    Guid,
    Uri,
    Bytes,
    Json,
    Model,
    Enum,
    Array,
    Map,
    Binary,

    /// <summary>A file part of a multipart body: stream, file name and content type.</summary>
    File,
}

/// <summary>A C# type that a schema maps to. <see cref="Name"/> is set for models and enums; <see cref="Element"/> for arrays and maps.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null, bool ElementNullable = false)
{
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Json = new(TypeKind.Json);
    public static readonly TypeRef Binary = new(TypeKind.Binary);

    public bool IsValueType => Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single
        or TypeKind.Double or TypeKind.Decimal or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.TimeSpan
        or TypeKind.Guid or TypeKind.Json or TypeKind.Enum;

    /// <summary>Files, values with a text form, and lists of them: multipart sends each as its own part.</summary>
    public bool IsFileOrPlain
        => Kind is TypeKind.File or TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single
            or TypeKind.Double or TypeKind.Decimal or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Enum
            || (Kind == TypeKind.Array && Element!.Kind != TypeKind.Array && Element.IsFileOrPlain);
}

internal enum ParameterLocation { Path, Query, Header, Cookie }

/// <summary>How a query parameter is serialized (OpenAPI <c>style</c>).</summary>
internal enum QueryStyle { Form, SpaceDelimited, PipeDelimited, DeepObject }

internal sealed record ParameterSpec(
    string Name,
    string WireName,
    ParameterLocation Location,
    TypeRef Type,
    bool Required,
    bool Explode,
    string? Description,
    bool Deprecated,
    QueryStyle Style = QueryStyle.Form);

internal enum BodyKind { Json, Binary, Text, FormUrlEncoded, Multipart }

/// <summary>
/// A request body. <see cref="Parts"/> are the properties of a multipart body, one part each;
/// <see cref="DeepObjectProperties"/> are the form fields the document encodes as <c>name[key]=value</c>.
/// </summary>
internal sealed record RequestBodySpec(
    BodyKind Kind,
    string ContentType,
    TypeRef Type,
    bool Required,
    string? Description,
    EquatableArray<PropertySpec> Parts = default,
    EquatableArray<string> DeepObjectProperties = default)
{
    public EquatableArray<PropertySpec> Parts { get; } = Parts.Count == 0 ? EquatableArray<PropertySpec>.Empty : Parts;

    public EquatableArray<string> DeepObjectProperties { get; } = DeepObjectProperties.Count == 0 ? EquatableArray<string>.Empty : DeepObjectProperties;
}

/// <summary>
/// What a success response is read as. <see cref="EventStream"/>: text/event-stream, each event's data as <see cref="ResponseSpec.Type"/>.
/// <see cref="Results"/>: one of several JSON success bodies, by status (<see cref="ResponseSpec.Successes"/>).
/// </summary>
internal enum ResponseKind { None, Json, Binary, Text, EventStream, Results }

internal sealed record ResponseSpec(ResponseKind Kind, TypeRef? Type, bool Nullable, EquatableArray<string> ContentTypes, string? Description)
{
    /// <summary>
    /// When success statuses answer with different JSON schemas (200 → the thing, 202 → a job), each of them: the
    /// method returns <see cref="ResultName"/>, which holds the body of whichever status came. Empty otherwise.
    /// </summary>
    public EquatableArray<SuccessSpec> Successes { get; init; } = EquatableArray<SuccessSpec>.Empty;

    /// <summary>The generated result type when there are <see cref="Successes"/>.</summary>
    public string? ResultName { get; init; }

    /// <summary>
    /// Success codes the document gives no JSON body (a 204 beside a 200 with one): the method answers null for them
    /// rather than reading an empty body as JSON. Empty otherwise.
    /// </summary>
    public EquatableArray<int> EmptyStatuses { get; init; } = EquatableArray<int>.Empty;
}

/// <summary>
/// One success status of a response with several: its body type (null: no body) and the result's property for it.
/// <see cref="IsRange"/>: the <c>2XX</c> range (<see cref="StatusCode"/> 200), for the statuses no exact code has.
/// </summary>
internal sealed record SuccessSpec(int StatusCode, TypeRef? Type, bool Nullable, string PropertyName, string? Description, bool IsRange = false)
{
    /// <summary>As the docs show it: <c>201</c>, <c>2XX</c>.</summary>
    public string Label => StatusLabel.Of(StatusCode, IsRange);
}

/// <summary>
/// A documented non-success response: an exact code, a range (<see cref="IsRange"/>: <c>4XX</c> is <see cref="StatusCode"/>
/// 400), or <c>default</c> (<see cref="StatusCode"/> null). An operation's errors are in the order they are matched in:
/// exact codes, then ranges, then default.
/// </summary>
internal sealed record ErrorResponseSpec(int? StatusCode, string? Description, TypeRef? Type, bool IsRange = false)
{
    /// <summary>As the docs show it: <c>404</c>, <c>4XX</c>, <c>other</c> for default.</summary>
    public string Label => StatusCode is { } code ? StatusLabel.Of(code, IsRange) : "other";
}

internal static class StatusLabel
{
    /// <summary><c>404</c>, or <c>4XX</c> for the range of 400.</summary>
    public static string Of(int code, bool isRange)
        => isRange ? (code / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "XX" : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record OperationSpec(
    string MethodName,
    string HttpMethod,
    string Path,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterSpec> Parameters,
    RequestBodySpec? Body,
    ResponseSpec Response,
    EquatableArray<ErrorResponseSpec> Errors,
    EquatableArray<string> Security,
    bool IsStreamingVariant = false)
{
    /// <summary>
    /// When the document offers several alternative security requirements (<c>security: [{a: []}, {b: []}]</c>), each
    /// one's scheme keys, in the order the client tries them: only the first one whose credentials are set is sent.
    /// Empty when there is one requirement besides an anonymous one (every scheme of <see cref="Security"/> is sent
    /// when its credential is set).
    /// </summary>
    public EquatableArray<SecurityRequirementSpec> Alternatives { get; init; } = EquatableArray<SecurityRequirementSpec>.Empty;

    /// <summary>
    /// How sure the document is of this operation, from its <c>x-voiceai-evidence</c> extension's <c>confidence</c>
    /// (the bundled Voice AI document marks the operations it reconstructed from public evidence that way); null when
    /// the operation has none.
    /// </summary>
    public string? Provenance { get; init; }

    /// <summary>The operation's first tag, as the document spells it; null without tags.</summary>
    public string? Tag { get; init; }

    /// <summary>The <see cref="GroupSpec.PropertyName"/> of the sub-client the operation is on; null on the client itself.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// The method's name as the user calls it: on a sub-client the group's prefix is dropped (<c>repos/get</c> →
    /// <c>Repos.GetAsync</c>); otherwise <see cref="MethodName"/>, which stays the unique name of the client's own
    /// private members for the operation.
    /// </summary>
    public string? GroupMethodName { get; init; }

    public string PublicName => GroupMethodName ?? MethodName;

    /// <summary>How the operation's answer leads to the next page, when it is a page of a listing; null otherwise.</summary>
    public PagingSpec? Paging { get; init; }
}

internal enum PagingKind
{
    /// <summary>A page number parameter, counted up while the page says there are more (has_next, total_pages).</summary>
    PageNumber,

    /// <summary>A cursor from the page (or its last item) fed back as a parameter.</summary>
    Cursor,

    /// <summary>The next page's address in the body.</summary>
    NextLink,

    /// <summary>The next page's address in the <c>Link</c> header (<c>rel="next"</c>).</summary>
    LinkHeader,
}

/// <summary>
/// A listing that pages: the twin <see cref="MethodName"/> returns the items of every page, fetched as they are read.
/// Paths are C# property names from the page down (<see cref="Items"/> empty: the page is the list itself).
/// </summary>
internal sealed record PagingSpec(
    PagingKind Kind,
    string Pattern,
    EquatableArray<string> Items,
    TypeRef ItemType,
    string? Parameter,
    EquatableArray<string> Next,
    EquatableArray<string> More,
    EquatableArray<string> TotalPages,
    bool FromLastItem = false,
    long FirstPage = 1)
{
    /// <summary>The twin's name (<c>ListAgentsAllAsync</c>), unique where it is declared.</summary>
    public string MethodName { get; init; } = string.Empty;

    /// <summary>The items may be null (the list's items are nullable).</summary>
    public bool ItemNullable { get; init; }

    /// <summary>The next page's address is a <c>System.Uri</c> property, not a string.</summary>
    public bool NextIsUri { get; init; }
}

/// <summary>One security requirement: schemes that are all sent together.</summary>
internal sealed record SecurityRequirementSpec(EquatableArray<string> Schemes);

/// <summary>A type that appears as an error body, and the property name the exception exposes it by.</summary>
internal sealed record ErrorTypeSpec(TypeRef Type, string PropertyName);
