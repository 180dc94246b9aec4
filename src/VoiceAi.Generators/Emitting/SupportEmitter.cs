using System.Linq;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>The per-client types every client has: options, the API exception, the binary response, JSON support.</summary>
internal static class SupportEmitter
{
    public static string EmitOptions(ClientInfo client, bool logging = false)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        var hasDefault = client.AbsoluteServerUrl is not null;
        var baseAddress = hasDefault
            ? "public __x.Uri BaseAddress { get; set; } = new __x.Uri(" + CSharp.Literal(client.AbsoluteServerUrl!) + ");"
            : "public __x.Uri? BaseAddress { get; set; }";
        var logger = logging
            ? "\n\n    /// <summary>Where requests and responses are logged (method, URL, status, time and headers at Debug; failures at Warning), with credentials redacted. Nothing is logged when null.</summary>\n    public global::Microsoft.Extensions.Logging.ILogger? Logger { get; set; }"
            : string.Empty;
        writer.Line($$"""
            /// <summary>Settings of <see cref="{{client.ClientName}}"/>.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.OptionsName}}
            {
                /// <summary>
                /// The API key or token sent with each request that the document secures. Never logged and never part of any exception or <see cref="ToString"/>.
                /// Until it is set, it is read from the <see cref="ApiKeyEnvironmentVariable"/> environment variable; set it to null to send no key at all.
                /// </summary>
                public string? ApiKey
                {
                    get => _apiKeySet ? _apiKey : __x.Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable);
                    set
                    {
                        _apiKey = value;
                        _apiKeySet = true;
                    }
                }

                private string? _apiKey;
                private bool _apiKeySet;

                /// <summary>The environment variable the API key is read from when none is set in code.</summary>
                public const string ApiKeyEnvironmentVariable = "{{client.ApiKeyEnvironmentVariable}}";

                /// <summary>The API's address, used when the <see cref="__x.Net.Http.HttpClient"/> has no <c>BaseAddress</c>.{{(hasDefault ? " Defaults to <c>" + CSharp.DocText(client.AbsoluteServerUrl!) + "</c>, the document's first server." : client.ServerIsRelative ? " The document's first server, <c>" + CSharp.DocText(client.DefaultServerUrl!) + "</c>, is relative: it is resolved against this address (or the HttpClient's) as against the document's location." : string.Empty)}}</summary>
                {{baseAddress}}

                /// <summary>The user name for HTTP basic authentication (for example an account SID), sent with <see cref="Password"/>.</summary>
                public string? Username { get; set; }

                /// <summary>The password for HTTP basic authentication. Never logged and never part of any exception or <see cref="ToString"/>.</summary>
                public string? Password { get; set; }

                /// <summary>How many times a failed request is retried (408, 429, 5xx, network errors; see the client's remarks for POST). 2 by default; 0 turns retries off (for example when Microsoft.Extensions.Http.Resilience handles them).</summary>
                public int MaxRetries { get; set; } = 2;

                /// <summary>The first retry waits up to this long, each next one up to twice as long (with jitter). 500 ms by default.</summary>
                public __x.TimeSpan RetryDelay { get; set; } = __x.TimeSpan.FromMilliseconds(500);

                /// <summary>The longest wait between attempts; a server asking (Retry-After) for more is not retried. 30 s by default.</summary>
                public __x.TimeSpan MaxRetryDelay { get; set; } = __x.TimeSpan.FromSeconds(30);{{logger}}

                /// <summary>
                /// The largest response body the client reads into a value (JSON and text responses), in bytes: 64 MiB by default.
                /// A larger Content-Length fails before anything is read, and a body without one fails as soon as it passes the limit,
                /// with a <see cref="{{client.ResponseTooLargeName}}"/>. Streamed responses (binary, audio) are not limited:
                /// the caller reads them; error bodies are read up to 1 MiB and cut there. Reading a body is also bounded by the
                /// <see cref="__x.Net.Http.HttpClient.Timeout"/> (counted from the first read that waits for the network).
                /// </summary>
                public long MaxResponseBodyBytes { get; set; } = 64L * 1024 * 1024;

                /// <summary>
                /// The largest server-sent event, and so the longest line, in bytes: 8 MiB by default. The biggest events real APIs
                /// send are whole objects (OpenAI's <c>response.completed</c> carries the full response; an image-generation stream
                /// carries base64 images of a few MiB); a line or an event that grows past the limit without ending fails with a
                /// <see cref="{{client.ResponseTooLargeName}}"/> instead of being buffered without bound.
                /// </summary>
                public long MaxEventBytes { get; set; } = 8L * 1024 * 1024;

                /// <inheritdoc/>
                public override string ToString() => "{{client.OptionsName}} { BaseAddress = " + (BaseAddress is { IsAbsoluteUri: true } address ? address.GetComponents(__x.UriComponents.SchemeAndServer | __x.UriComponents.Path, __x.UriFormat.Unescaped) + (address.Query.Length > 1 ? "?[redacted]" : string.Empty) : BaseAddress?.ToString() ?? "null") + ", ApiKey = " + (ApiKey is null ? "null" : "***") + ", Username = " + (Username ?? "null") + ", Password = " + (Password is null ? "null" : "***") + ", MaxRetries = " + MaxRetries.ToString(__x.Globalization.CultureInfo.InvariantCulture) + " }";
            }

            /// <summary>Settings of one call of <see cref="{{client.ClientName}}"/>.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.RequestOptionsName}}
            {
                /// <summary>How many times this call is retried; the client's <see cref="{{client.OptionsName}}.MaxRetries"/> when null.</summary>
                public int? MaxRetries { get; set; }

                /// <summary>
                /// Sent as the Idempotency-Key header (CR, LF and NUL are refused). It makes a POST or PATCH retryable only when the
                /// operation declares that header in the document, which says the server honours it; use one key per logical operation.
                /// </summary>
                public string? IdempotencyKey { get; set; }

                /// <summary>
                /// Retries this call even when it is a POST or PATCH, on 408, 429 and 5xx answers, network errors and timeouts, as a GET is.
                /// The risk is yours: the server may have acted on an attempt that failed (a 500 or a timeout after the request was sent
                /// does not say it did nothing), so a purchase or a message can happen twice. Off by default.
                /// </summary>
                public bool RetryUnsafeRequest { get; set; }
            }
            """);
        return writer.ToString();
    }

    public static string EmitDependencyInjection(ClientInfo client, bool logging = false, EquatableArray<GroupSpec> groups = default)
    {
        // Each sub-client's interface resolves to the client's property, so that a group can be injected (and mocked) alone.
        var subClients = string.Concat(groups.Select(g => "\n        " + "global::Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddTransient<" + CSharp.Ns + g.InterfaceName + ">(services, static provider => global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<" + CSharp.Ns + client.InterfaceName + ">(provider)." + g.PropertyName + ");"));
        var logger = logging
            ? "\n            options.Logger ??= " + "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<global::Microsoft.Extensions.Logging.ILoggerFactory>(provider)?.CreateLogger(" + CSharp.Literal(client.Namespace + "." + client.ClientName) + ");"
            : string.Empty;
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        const string Di = "global::Microsoft.Extensions.DependencyInjection.";
        writer.Line($$"""
            /// <summary>Registers <see cref="{{client.ClientName}}"/> as a typed client of <c>IHttpClientFactory</c>.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            public static partial class {{client.ClientName}}ServiceCollectionExtensions
            {
                /// <summary>
                /// Adds <see cref="{{client.InterfaceName}}"/> (implemented by <see cref="{{client.ClientName}}"/>) through <c>IHttpClientFactory</c>,
                /// with options set by <paramref name="configure"/>. The returned builder composes with the rest of the HTTP
                /// pipeline, for example <c>.AddStandardResilienceHandler()</c> (then set <see cref="{{client.OptionsName}}.MaxRetries"/> to 0).
                /// </summary>
                public static {{Di}}IHttpClientBuilder Add{{client.ClientName}}(this {{Di}}IServiceCollection services, __x.Action<{{client.OptionsName}}>? configure = null)
                    => Add{{client.ClientName}}(services, (_, options) => configure?.Invoke(options));

                /// <summary>
                /// Adds <see cref="{{client.InterfaceName}}"/> with options read from the service provider, for example from configuration:
                /// <c>(services, options) =&gt; options.ApiKey = services.GetRequiredService&lt;IConfiguration&gt;()["VoiceAi:ApiKey"]</c>.
                /// </summary>
                public static {{Di}}IHttpClientBuilder Add{{client.ClientName}}(this {{Di}}IServiceCollection services, __x.Action<__x.IServiceProvider, {{client.OptionsName}}> configure)
                {
                    if (services is null) throw new __x.ArgumentNullException(nameof(services));
                    if (configure is null) throw new __x.ArgumentNullException(nameof(configure));
                    {{Di}}ServiceCollectionServiceExtensions.AddSingleton(services, provider =>
                    {
                        var options = new {{client.OptionsName}}();
                        configure(provider, options);{{logger}}
                        return options;
                    });
                    // Redirects are left to the client, which follows them only within the API's origin (the handler would send an
                    // API-key header or a cookie to any host a redirect names).
                    var builder = {{Di}}HttpClientFactoryServiceCollectionExtensions.AddHttpClient<{{client.InterfaceName}}, {{client.ClientName}}>(
                        services,
                        (http, provider) => new {{client.ClientName}}(http, {{Di}}ServiceProviderServiceExtensions.GetRequiredService<{{client.OptionsName}}>(provider)));{{subClients}}
                    // On the primary handler the factory ends up with (its default, or one set through ConfigureHttpClientDefaults),
                    // not a new one: a proxy, certificates and pooling set there are kept.
                    return {{Di}}HttpClientBuilderExtensions.ConfigureHttpMessageHandlerBuilder(builder, static handlers =>
                    {
                        if (handlers.PrimaryHandler is __x.Net.Http.HttpClientHandler client) client.AllowAutoRedirect = false;
                        else if (handlers.PrimaryHandler is __x.Net.Http.SocketsHttpHandler sockets) sockets.AllowAutoRedirect = false;
                    });
                }
            }
            """);
        return writer.ToString();
    }

    public static string EmitException(ClientInfo client, EquatableArray<ErrorTypeSpec> errorTypes)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        writer.Line($$"""
            /// <summary>
            /// Thrown when {{CSharp.DocText(client.Title)}} answers with a status code that is not a success.
            /// <see cref="Body"/> holds the error body the document describes for that status, when the response has one.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public partial class {{client.ExceptionName}} : __x.Exception
            {
                private const int MaxMessageBodyLength = 512;

                /// <summary>Creates the exception for a response.</summary>
                public {{client.ExceptionName}}(int statusCode, string? reasonPhrase, string? responseBody, object? body, __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> headers, __x.Exception? innerException = null)
                    : base(null, innerException)
                {
                    StatusCode = statusCode;
                    ReasonPhrase = reasonPhrase;
                    ResponseBody = responseBody;
                    Body = body;
                    Headers = headers;
                }

                private string? _message;

                /// <summary>The status, the reason phrase and the start of the body (at most 512 characters), made when first asked for.</summary>
                public override string Message => _message ??= CreateMessage(StatusCode, ReasonPhrase, ResponseBody);

                /// <summary>The HTTP status code, such as 402 or 422.</summary>
                public int StatusCode { get; }

                /// <summary>The reason phrase the server sent with the status code.</summary>
                public string? ReasonPhrase { get; }

                /// <summary>The raw text of the response body.</summary>
                public string? ResponseBody { get; }

                /// <summary>The response body parsed as the type the document gives for this status, or null when it has none or the body is not one.</summary>
                public object? Body { get; }

                /// <summary>The response headers.</summary>
                public __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> Headers { get; }
            """);
        writer.Indent();
        foreach (var error in errorTypes)
        {
            var type = CSharp.TypeName(client, error.Type);
            writer.Line();
            writer.Line("/// <summary>The body as <see cref=\"" + type + "\"/>, when the response carries one.</summary>");
            writer.Line("public " + type + "? " + error.PropertyName + " => Body as " + type + ";");
        }

        writer.Line();
        writer.Line($$"""
            /// <summary>The body as <typeparamref name="T"/>, or null when it is not one.</summary>
            public T? GetBody<T>() where T : class => Body as T;

            private static string CreateMessage(int statusCode, string? reasonPhrase, string? responseBody)
            {
                var message = {{CSharp.OneLineLiteral(client.Title)}} + " returned HTTP " + statusCode.ToString(__x.Globalization.CultureInfo.InvariantCulture)
                    + (string.IsNullOrEmpty(reasonPhrase) ? string.Empty : " (" + Printable(reasonPhrase!) + ")") + ".";
                if (string.IsNullOrWhiteSpace(responseBody))
                {
                    return message;
                }

                var text = responseBody!.Length > MaxMessageBodyLength ? responseBody.Substring(0, MaxMessageBodyLength) + "…" : responseBody;
                return message + " Response: " + Printable(text);
            }

            /// <summary>
            /// Server text as it may go into a log line: control, format (bidi overrides, zero-width) and line-separator
            /// characters become spaces, so a server cannot forge log lines or reorder what a reader sees.
            /// </summary>
            private static string Printable(string text)
            {
                var chars = text.ToCharArray();
                for (var i = 0; i < chars.Length; i++)
                {
                    // By code point: a pair of surrogates (a tag character, U+E0001…) is one character.
                    var pair = char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]);
                    var category = __x.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, i);
                    if (category is __x.Globalization.UnicodeCategory.Control or __x.Globalization.UnicodeCategory.Format
                        or __x.Globalization.UnicodeCategory.LineSeparator or __x.Globalization.UnicodeCategory.ParagraphSeparator
                        or __x.Globalization.UnicodeCategory.Surrogate)
                    {
                        chars[i] = ' ';
                        if (pair)
                        {
                            chars[i + 1] = ' ';
                        }
                    }

                    if (pair)
                    {
                        i++;
                    }
                }

                return new string(chars);
            }
            """);
        writer.Unindent();
        writer.Line("}");
        writer.Line();
        writer.Line($$"""
            /// <summary>
            /// What a <c>…WithResponseAsync</c> call gives instead of throwing: the status, the headers, and either the
            /// value (<see cref="IsSuccess"/>) or the error with its documented body.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.Prefix}}Response<T>
            {
                /// <summary>Creates a response.</summary>
                public {{client.Prefix}}Response(int statusCode, __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> headers, T? value, {{client.ExceptionName}}? error)
                {
                    StatusCode = statusCode;
                    Headers = headers;
                    Value = value;
                    Error = error;
                }

                /// <summary>The HTTP status code.</summary>
                public int StatusCode { get; }

                /// <summary>The response headers.</summary>
                public __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> Headers { get; }

                /// <summary>The body, when the call succeeded.</summary>
                public T? Value { get; }

                /// <summary>The error, when the server answered with a status that is not a success; its <c>Body</c> is the documented error body.</summary>
                public {{client.ExceptionName}}? Error { get; }

                /// <summary>Whether the server answered with a success status.</summary>
                public bool IsSuccess => Error is null;
            }
            """);
        writer.Line();
        WriteResponseTooLarge(writer, client);
        return writer.ToString();
    }

    /// <summary>The exception for a response body or a server-sent event larger than the options allow.</summary>
    private static void WriteResponseTooLarge(SourceWriter writer, ClientInfo client)
    {
        writer.Line($$"""
            /// <summary>
            /// Thrown when a response body is larger than <see cref="{{client.OptionsName}}.MaxResponseBodyBytes"/>, or a server-sent
            /// event (or one of its lines) larger than <see cref="{{client.OptionsName}}.MaxEventBytes"/>: the client stops reading
            /// instead of buffering without bound. An <see cref="__x.Net.Http.HttpRequestException"/>, like HttpClient's
            /// own buffer limit.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public partial class {{client.ResponseTooLargeName}} : __x.Net.Http.HttpRequestException
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="message">What was too large.</param>
                /// <param name="limitName">The option that sets the limit, such as <c>MaxResponseBodyBytes</c>.</param>
                /// <param name="limit">The limit, in bytes.</param>
                /// <param name="statusCode">The status of the response.</param>
                public {{client.ResponseTooLargeName}}(string message, string limitName, long limit, __x.Net.HttpStatusCode? statusCode = null)
                    : base(message, null, statusCode)
                {
                    LimitName = limitName;
                    Limit = limit;
                }

                /// <summary>The option of <see cref="{{client.OptionsName}}"/> that sets the limit: <c>MaxResponseBodyBytes</c> or <c>MaxEventBytes</c>.</summary>
                public string LimitName { get; }

                /// <summary>The limit the response went past, in bytes.</summary>
                public long Limit { get; }
            }
            """);
    }

    public static string EmitBinaryResponse(ClientInfo client)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        writer.Line($$"""
            /// <summary>
            /// A binary response, such as an audio file: the body is streamed from the network as it is read, never held whole in memory.
            /// Dispose it to release the connection.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.BinaryResponseName}} : __x.IDisposable, __x.IAsyncDisposable
            {
                private readonly __x.Net.Http.HttpResponseMessage _response;

                internal {{client.BinaryResponseName}}(__x.Net.Http.HttpResponseMessage response, __x.IO.Stream content)
                {
                    _response = response;
                    Content = content;
                    Headers = {{client.ClientName}}.CollectHeaders(response);
                }

                /// <summary>The body, read from the network as it arrives.</summary>
                public __x.IO.Stream Content { get; }

                /// <summary>The media type of the body, such as <c>audio/mpeg</c>.</summary>
                public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

                /// <summary>The length of the body, when the server sent it.</summary>
                public long? ContentLength => _response.Content.Headers.ContentLength;

                /// <summary>The HTTP status code.</summary>
                public int StatusCode => (int)_response.StatusCode;

                /// <summary>The response and content headers.</summary>
                public __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> Headers { get; }

                /// <inheritdoc/>
                public void Dispose()
                {
                    Content.Dispose();
                    _response.Dispose();
                }

                /// <inheritdoc/>
                public async __y.Tasks.ValueTask DisposeAsync()
                {
                    await Content.DisposeAsync().ConfigureAwait(false);
                    _response.Dispose();
                }
            }
            """);
        writer.Line();
        writer.Line($$"""
            /// <summary>
            /// A file sent as one part of a multipart/form-data request: its content, file name and content type.
            /// The stream is read when the request is sent, and disposed with the request.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.FileContentName}}
            {
                /// <summary>A file part over <paramref name="content"/>.</summary>
                /// <param name="content">The bytes of the file, read when the request is sent.</param>
                /// <param name="fileName">The file name the server sees.</param>
                /// <param name="contentType">The media type of the file; <c>application/octet-stream</c> when null.</param>
                public {{client.FileContentName}}(__x.IO.Stream content, string fileName, string? contentType = null)
                {
                    Content = content ?? throw new __x.ArgumentNullException(nameof(content));
                    FileName = fileName ?? throw new __x.ArgumentNullException(nameof(fileName));
                    ContentType = contentType;
                }

                /// <summary>A file part over bytes in memory.</summary>
                public static {{client.FileContentName}} FromBytes(byte[] bytes, string fileName, string? contentType = null)
                    => new(new __x.IO.MemoryStream(bytes ?? throw new __x.ArgumentNullException(nameof(bytes)), writable: false), fileName, contentType);

                /// <summary>The bytes of the file.</summary>
                public __x.IO.Stream Content { get; }

                /// <summary>The file name the server sees.</summary>
                public string FileName { get; }

                /// <summary>The media type of the file; <c>application/octet-stream</c> when null.</summary>
                public string? ContentType { get; }

                internal __x.Net.Http.HttpContent CreateContent()
                {
                    var content = new __x.Net.Http.StreamContent(Content);
                    content.Headers.ContentType = __x.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType is { Length: > 0 } type ? type : "application/octet-stream");
                    return content;
                }
            }

            /// <summary>Files are sent as multipart parts, not as JSON: written as their file name, never read.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed class {{client.FileContentName}}JsonConverter : __j.Serialization.JsonConverter<global::{{client.Namespace}}.{{client.FileContentName}}>
            {
                /// <summary>The one instance.</summary>
                public static readonly {{client.FileContentName}}JsonConverter Instance = new();

                /// <inheritdoc/>
                public override global::{{client.Namespace}}.{{client.FileContentName}} Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options)
                    => throw new __j.JsonException("A file part is sent as multipart/form-data and cannot be read from JSON.");

                /// <inheritdoc/>
                public override void Write(__j.Utf8JsonWriter writer, global::{{client.Namespace}}.{{client.FileContentName}} value, __j.JsonSerializerOptions options)
                    => writer.WriteStringValue(value.FileName);
            }
            """);
        return writer.ToString();
    }

    /// <summary>The alias of <c>global::System.Text.Json.Serialization.Metadata</c> in the resolver's file.</summary>
    private const string MetadataAlias = "__t";

    /// <summary>The resolver users can pass to <c>JsonSerializer</c>, and the generic list and dictionary converters.</summary>
    public static string EmitJson(ClientInfo client, EquatableArray<TypeRef> types, bool unions = false, bool unionShapes = false, bool stringEnums = false)
    {
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client, "using " + MetadataAlias + " = global::System.Text.Json.Serialization.Metadata;");
        const string Metadata = MetadataAlias + ".";
        var members = types.Select(t => (Type: t, Name: CSharp.TypeInfoName(client, t))).ToList();

        writer.Line($$"""
            /// <summary>
            /// JSON metadata for every type of the client, built on generated converters: no reflection, safe for trimming and Native AOT.
            /// Pass <see cref="Default"/>'s type infos (or <see cref="Options"/>) to <c>JsonSerializer</c>.
            /// </summary>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed partial class {{client.JsonName}} : {{Metadata}}IJsonTypeInfoResolver
            {
                /// <summary>The shared instance.</summary>
                public static {{client.JsonName}} Default { get; } = new();

                private {{client.JsonName}}()
                {
                    // The relaxed encoder writes '+', '<' or non-ASCII letters as they are; quotes and control characters are still escaped.
                    var options = new __j.JsonSerializerOptions
                    {
                        TypeInfoResolver = this,
                        Encoder = __x.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                    };
                    options.MakeReadOnly();
                    Options = options;
                }

                /// <summary>Read-only options whose resolver is this instance.</summary>
                public __j.JsonSerializerOptions Options { get; }
            """);
        writer.Indent();
        writer.Line();
        for (var i = 0; i < members.Count; i++)
        {
            // A type info per type, built once: one line each, kept by the support class's Info (Json files are large).
            var type = CSharp.TypeName(client, members[i].Type);
            writer.Line("public " + Metadata + "JsonTypeInfo<" + type + "> " + members[i].Name + " => __s.Info<" + type + ">(Options);");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block("public " + Metadata + "JsonTypeInfo? GetTypeInfo(__x.Type type, __j.JsonSerializerOptions options)"))
        {
            foreach (var (type, _) in members)
            {
                var typeName = CSharp.TypeName(client, type);
                writer.Line("if (type == typeof(" + typeName + ")) return __s.Value<" + typeName + ">(options, " + JsonCode.Create(client, type) + ");");
            }

            writer.Line("return null;");
        }

        writer.Unindent();
        writer.Line("}");
        writer.Line();
        WriteConverters(writer, client, unions, unionShapes);
        if (stringEnums)
        {
            WriteEnumBase(writer, client);
        }

        if (unions)
        {
            WriteUnionBase(writer, client);
        }

        return writer.ToString();
    }

    /// <summary>
    /// What every extensible string enum shares, once per client: its interface (whose docs its members inherit) and the
    /// base of its converter, which matches the documented values on their UTF-8 bytes through the interface's static
    /// members, so each enum's converter declares nothing but its instance. Only for a client with such enums.
    /// </summary>
    private static void WriteEnumBase(SourceWriter writer, ClientInfo client)
    {
        writer.Line();
        writer.Line($$"""
            /// <summary>An extensible enum of the API: a wire value, documented or not.</summary>
            /// <typeparam name="TSelf">The enum.</typeparam>
            {{CSharp.GeneratedCodeAttribute}}
            public interface {{client.EnumInterfaceName}}<TSelf> : __x.IEquatable<TSelf>
                where TSelf : struct, {{client.EnumInterfaceName}}<TSelf>
            {
                /// <summary>The value on the wire.</summary>
                string Value { get; }

                /// <summary>Whether the API document lists this value.</summary>
                bool IsKnown { get; }

                /// <summary>The documented values, in the document's order.</summary>
                static abstract __x.Collections.Generic.IReadOnlyList<TSelf> KnownValues { get; }

                /// <summary>A value from its wire value, documented or not.</summary>
                static abstract explicit operator TSelf(string value);
            }

            /// <summary>Reads and writes an extensible enum as its JSON string, without reflection; unknown values are kept.</summary>
            /// <typeparam name="T">The enum.</typeparam>
            {{CSharp.GeneratedCodeAttribute}}
            public abstract class {{client.EnumConverterName}}<T> : __j.Serialization.JsonConverter<T>
                where T : struct, {{client.EnumInterfaceName}}<T>
            {
                // The documented values' UTF-8 bytes, in KnownValues' order: reading one allocates no string.
                private static readonly byte[][] s_known = Encode();

                private static byte[][] Encode()
                {
                    var known = T.KnownValues;
                    var bytes = new byte[known.Count][];
                    for (var i = 0; i < bytes.Length; i++)
                    {
                        bytes[i] = __x.Text.Encoding.UTF8.GetBytes(known[i].Value);
                    }

                    return bytes;
                }

                /// <inheritdoc/>
                public override T Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options)
                {
                    if (reader.TokenType != __j.JsonTokenType.String)
                    {
                        throw new __j.JsonException("Expected a JSON string for " + typeof(T).Name + ".");
                    }

                    var known = s_known;
                    for (var i = 0; i < known.Length; i++)
                    {
                        if (reader.ValueTextEquals(known[i]))
                        {
                            return T.KnownValues[i];
                        }
                    }

                    return (T)reader.GetString()!;
                }

                /// <inheritdoc/>
                public override void Write(__j.Utf8JsonWriter writer, T value, __j.JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
            }
            """);
    }

    /// <summary>
    /// What every union shares, once per client: its base class (the value, the JSON it was read from, and writing it
    /// back), the interface of its static <c>FromJson</c>, and the base of its converter, so that each union declares
    /// only its variants and how it chooses among them, and its converter only its instance. Only for a client with unions.
    /// </summary>
    private static void WriteUnionBase(SourceWriter writer, ClientInfo client)
    {
        writer.Line();
        writer.Line($$"""
            /// <summary>A value that is one of several documented variants (a oneOf or anyOf), or JSON that matches none.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            public abstract class {{client.UnionBaseName}}
            {
                private protected readonly object? _value;
                private protected readonly int _index;

                private protected {{client.UnionBaseName}}(object? value, int index, __j.JsonElement? json)
                {
                    _value = value;
                    _index = index;
                    Json = json;
                }

                /// <summary>Whether the value is one of the documented variants.</summary>
                public bool IsKnown => _index >= 0;

                /// <summary>The variant's value: one of the documented types, or null when the value is unknown.</summary>
                public object? Value => _value;

                /// <summary>The name of the variant, or null when the value is unknown.</summary>
                public abstract string? VariantName { get; }

                /// <summary>The JSON this value was read from; null for a value made in code.</summary>
                public __j.JsonElement? Json { get; }

                /// <inheritdoc/>
                public override string ToString() => _value?.ToString() ?? Json?.GetRawText() ?? string.Empty;

                /// <summary>Writes the JSON this value was read from, or the variant made in code.</summary>
                public void WriteTo(__j.Utf8JsonWriter writer)
                {
                    if (Json is { } json)
                    {
                        json.WriteTo(writer);
                    }
                    else if (VariantInfo(_index) is { } info)
                    {
                        __j.JsonSerializer.Serialize(writer, _value, info);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                /// <summary>The type info of the variant at <paramref name="index"/>; null for none.</summary>
                private protected abstract __j.Serialization.Metadata.JsonTypeInfo? VariantInfo(int index);
            }

            /// <summary>A union that reads itself from JSON.</summary>
            /// <typeparam name="TSelf">The union.</typeparam>
            {{CSharp.GeneratedCodeAttribute}}
            public interface {{client.UnionInterfaceName}}<TSelf>
                where TSelf : {{client.UnionBaseName}}, {{client.UnionInterfaceName}}<TSelf>
            {
                /// <summary>The variant that <paramref name="json"/> is; never throws for a value that matches none.</summary>
                static abstract TSelf FromJson(__j.JsonElement json);
            }

            /// <summary>Reads and writes a union without reflection: read whole, then as its variant; written back as it was read.</summary>
            /// <typeparam name="T">The union.</typeparam>
            {{CSharp.GeneratedCodeAttribute}}
            public abstract class {{client.UnionConverterName}}<T> : __j.Serialization.JsonConverter<T>
                where T : {{client.UnionBaseName}}, {{client.UnionInterfaceName}}<T>
            {
                /// <inheritdoc/>
                public override T Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options) => T.FromJson(__j.JsonElement.ParseValue(ref reader));

                /// <inheritdoc/>
                public override void Write(__j.Utf8JsonWriter writer, T value, __j.JsonSerializerOptions options) => value.WriteTo(writer);
            }
            """);
    }

    private static void WriteConverters(SourceWriter writer, ClientInfo client, bool unions, bool unionShapes)
    {
        writer.Line($$"""
            /// <summary>Converters for the collections of generated types.</summary>
            {{CSharp.GeneratedCodeAttribute}}
            internal static class {{client.SupportName}}
            {
                /// <summary>Reads past a property's name: true when its value is not null.</summary>
                internal static bool HasValue(ref __j.Utf8JsonReader reader) => reader.Read() && reader.TokenType != __j.JsonTokenType.Null;

                internal static __j.JsonException MissingProperty(string name, string type) => new("The required property '" + name + "' of " + type + " is missing.");

                internal static __j.JsonException NullProperty(string name, string type) => new("The property '" + name + "' of " + type + " must not be null.");

                /// <summary>
                /// A model's JSON property names in its order, with what its converter checks of each: the converter reads
                /// the properties by their index through <see cref="Next"/> and writes them with the encoded names.
                /// </summary>
                internal sealed class Names
                {
                    private readonly string _type;
                    private readonly string _flags;
                    private readonly string[] _names;
                    private readonly byte[][] _utf8;
                    private readonly __j.JsonEncodedText[] _encoded;
                    private readonly ulong _required;
                    private readonly bool _requiredPast64;

                    /// <param name="type">The model's name, for the messages.</param>
                    /// <param name="flags">A digit per name: 1 when its value must not be null, plus 2 when the object must have it.</param>
                    /// <param name="names">The JSON names.</param>
                    internal Names(string type, string flags, params string[] names)
                    {
                        _type = type;
                        _flags = flags;
                        _names = names;
                        _utf8 = new byte[names.Length][];
                        _encoded = new __j.JsonEncodedText[names.Length];
                        for (var i = 0; i < names.Length; i++)
                        {
                            _utf8[i] = __x.Text.Encoding.UTF8.GetBytes(names[i]);
                            _encoded[i] = __j.JsonEncodedText.Encode(names[i]);
                            if ((flags[i] & 2) != 0)
                            {
                                if (i < 64)
                                {
                                    _required |= 1UL << i;
                                }
                                else
                                {
                                    _requiredPast64 = true;
                                }
                            }
                        }
                    }

                    /// <summary>The encoded JSON name of property <paramref name="i"/>.</summary>
                    internal __j.JsonEncodedText this[int i] => _encoded[i];

                    /// <summary>Throws unless the reader is at the start of an object; a cursor before its first property.</summary>
                    internal Cursor Start(ref __j.Utf8JsonReader reader)
                    {
                        if (reader.TokenType != __j.JsonTokenType.StartObject)
                        {
                            throw new __j.JsonException("Expected a JSON object for " + _type + ".");
                        }

                        return new Cursor { Index = -1 };
                    }

                    /// <summary>
                    /// Moves to the next property that has a value to read. True with the cursor's Index at a listed name and
                    /// the reader at its value, or with Index -1 and the reader at a name the document does not list; false at
                    /// the object's end. Every listed name is marked as present; a null value is passed over (the property
                    /// keeps its default) or, for a name that must not be null, throws.
                    /// </summary>
                    internal bool Next(ref __j.Utf8JsonReader reader, ref Cursor cursor)
                    {
                        while (reader.Read() && reader.TokenType != __j.JsonTokenType.EndObject)
                        {
                            // Objects usually list their properties in the document's order: the search starts after the last match.
                            var count = _utf8.Length;
                            var i = cursor.After;
                            var found = -1;
                            for (var k = 0; k < count; k++, i++)
                            {
                                if (i == count)
                                {
                                    i = 0;
                                }

                                if (reader.ValueTextEquals(_utf8[i]))
                                {
                                    found = i;
                                    break;
                                }
                            }

                            cursor.Index = found;
                            if (found < 0)
                            {
                                return true;
                            }

                            cursor.After = found + 1;
                            if (found < 64)
                            {
                                cursor.Seen |= 1UL << found;
                            }
                            else
                            {
                                (cursor.More ??= new ulong[(count - 1) >> 6])[(found >> 6) - 1] |= 1UL << found;
                            }

                            if (reader.Read() && reader.TokenType != __j.JsonTokenType.Null)
                            {
                                return true;
                            }

                            if ((_flags[found] & 1) != 0)
                            {
                                throw NullProperty(_names[found], _type);
                            }
                        }

                        return false;
                    }

                    /// <summary>Throws for the first property, in the document's order, that the object must have and did not.</summary>
                    internal void Required(in Cursor cursor)
                    {
                        if ((cursor.Seen & _required) == _required && !_requiredPast64)
                        {
                            return;
                        }

                        for (var i = 0; i < _names.Length; i++)
                        {
                            if ((_flags[i] & 2) != 0 && !cursor.Has(i))
                            {
                                throw MissingProperty(_names[i], _type);
                            }
                        }
                    }
                }

                /// <summary>Where a converter is in an object: the property at hand, and the listed ones read so far.</summary>
                internal struct Cursor
                {
                    /// <summary>The index of the property at hand; -1 for a name the document does not list.</summary>
                    internal int Index;
                    internal int After;
                    internal ulong Seen;
                    internal ulong[]? More;

                    /// <summary>Whether the object had property <paramref name="i"/>, null or not.</summary>
                    internal readonly bool Has(int i) => i < 64 ? (Seen & (1UL << i)) != 0 : More is { } more && (more[(i >> 6) - 1] & (1UL << i)) != 0;
                }

                /// <summary>Reads the value at the reader's token (never a null token) with a converter: one call per property in the converters.</summary>
                [__x.Runtime.CompilerServices.MethodImpl(__x.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                internal static T Read<T>(ref __j.Utf8JsonReader reader, __j.Serialization.JsonConverter<T> converter, __j.JsonSerializerOptions options) => converter.Read(ref reader, typeof(T), options)!;

                /// <summary>
                /// The type info of <typeparamref name="T"/> that <paramref name="options"/> resolve, kept once resolved: one call per
                /// property of the resolver, which holds no field per type. Kept per type, and resolved again for other options.
                /// </summary>
                [__x.Runtime.CompilerServices.MethodImpl(__x.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                internal static __j.Serialization.Metadata.JsonTypeInfo<T> Info<T>(__j.JsonSerializerOptions options)
                    => InfoOf<T>.Value is { } info && ReferenceEquals(info.Options, options) ? info : InfoOf<T>.Value = (__j.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

                private static class InfoOf<T>
                {
                    internal static __j.Serialization.Metadata.JsonTypeInfo<T>? Value;
                }

                /// <summary>A type info of <typeparamref name="T"/> built on its converter: one call per type in the resolver.</summary>
                internal static __j.Serialization.Metadata.JsonTypeInfo<T> Value<T>(__j.JsonSerializerOptions options, __j.Serialization.JsonConverter converter) => __j.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<T>(options, converter);

                /// <summary>Writes a property's name and its non-null value with a converter.</summary>
                [__x.Runtime.CompilerServices.MethodImpl(__x.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                internal static void Write<T>(__j.Utf8JsonWriter writer, __j.JsonEncodedText name, __j.Serialization.JsonConverter<T> converter, T value, __j.JsonSerializerOptions options)
                {
                    writer.WritePropertyName(name);
                    converter.Write(writer, value, options);
                }

                /// <summary>Writes a property's name and its value with a converter, or null.</summary>
                [__x.Runtime.CompilerServices.MethodImpl(__x.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                internal static void WriteOrNull<T>(__j.Utf8JsonWriter writer, __j.JsonEncodedText name, __j.Serialization.JsonConverter<T> converter, T? value, __j.JsonSerializerOptions options)
                    where T : class
                {
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        converter.Write(writer, value, options);
                    }
                }

                /// <summary>Keeps a property the document does not list, as it was read.</summary>
                internal static void KeepProperty(ref __j.Utf8JsonReader reader, ref __x.Collections.Generic.Dictionary<string, __j.JsonElement>? extra)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    (extra ??= new __x.Collections.Generic.Dictionary<string, __j.JsonElement>(__x.StringComparer.Ordinal))[name] = __j.JsonElement.ParseValue(ref reader);
                }

                /// <summary>Writes back the properties kept by <see cref="KeepProperty"/>.</summary>
                internal static void WriteProperties(__j.Utf8JsonWriter writer, __x.Collections.Generic.IReadOnlyDictionary<string, __j.JsonElement>? extra)
                {
                    if (extra is null)
                    {
                        return;
                    }

                    foreach (var pair in extra)
                    {
                        writer.WritePropertyName(pair.Key);
                        pair.Value.WriteTo(writer);
                    }
                }

                /// <summary>A JSON array as a read-only list.</summary>
                internal sealed class ListConverter<T>(__j.Serialization.JsonConverter<T> element) : __j.Serialization.JsonConverter<__x.Collections.Generic.IReadOnlyList<T>>
                {
                    public override __x.Collections.Generic.IReadOnlyList<T> Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != __j.JsonTokenType.StartArray)
                        {
                            throw new __j.JsonException("Expected a JSON array.");
                        }

                        var list = new __x.Collections.Generic.List<T>();
                        while (reader.Read() && reader.TokenType != __j.JsonTokenType.EndArray)
                        {
                            list.Add(reader.TokenType == __j.JsonTokenType.Null && default(T) is null ? default! : element.Read(ref reader, typeof(T), options)!);
                        }

                        return list;
                    }

                    public override void Write(__j.Utf8JsonWriter writer, __x.Collections.Generic.IReadOnlyList<T> value, __j.JsonSerializerOptions options)
                    {
                        writer.WriteStartArray();
                        foreach (var item in value)
                        {
                            if (item is null)
                            {
                                writer.WriteNullValue();
                            }
                            else
                            {
                                element.Write(writer, item, options);
                            }
                        }

                        writer.WriteEndArray();
                    }
                }

                /// <summary>A JSON object with arbitrary keys as a read-only dictionary.</summary>
                internal sealed class DictionaryConverter<T>(__j.Serialization.JsonConverter<T> element) : __j.Serialization.JsonConverter<__x.Collections.Generic.IReadOnlyDictionary<string, T>>
                {
                    public override __x.Collections.Generic.IReadOnlyDictionary<string, T> Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options)
                    {
                        if (reader.TokenType != __j.JsonTokenType.StartObject)
                        {
                            throw new __j.JsonException("Expected a JSON object.");
                        }

                        var dictionary = new __x.Collections.Generic.Dictionary<string, T>(__x.StringComparer.Ordinal);
                        while (reader.Read() && reader.TokenType != __j.JsonTokenType.EndObject)
                        {
                            var key = reader.GetString()!;
                            reader.Read();
                            dictionary[key] = reader.TokenType == __j.JsonTokenType.Null && default(T) is null ? default! : element.Read(ref reader, typeof(T), options)!;
                        }

                        return dictionary;
                    }

                    public override void Write(__j.Utf8JsonWriter writer, __x.Collections.Generic.IReadOnlyDictionary<string, T> value, __j.JsonSerializerOptions options)
                    {
                        writer.WriteStartObject();
                        foreach (var pair in value)
                        {
                            writer.WritePropertyName(pair.Key);
                            if (pair.Value is null)
                            {
                                writer.WriteNullValue();
                            }
                            else
                            {
                                element.Write(writer, pair.Value, options);
                            }
                        }

                        writer.WriteEndObject();
                    }
                }

                /// <summary>
                /// The fields of an application/x-www-form-urlencoded body, from its JSON form: nested objects and arrays
                /// as <c>name[key]</c> and <c>name[0]</c>, a top-level list of values as the name repeated
                /// (or indexed when the document encodes it as deepObject), nulls left out.
                /// </summary>
                internal static __x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>> FormFields(__j.JsonElement body, string[] deepObject)
                {
                    var fields = new __x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>>();
                    if (body.ValueKind == __j.JsonValueKind.Object)
                    {
                        foreach (var property in body.EnumerateObject())
                        {
                            AddFormField(fields, property.Name, property.Value, __x.Array.IndexOf(deepObject, property.Name) >= 0, topLevel: true);
                        }
                    }

                    return fields;
                }

                /// <summary>
                /// One part of a multipart/form-data body, named the way browsers and RFC 7578 do: <c>form-data; name="…"; filename="…"</c>,
                /// quoted, with <c>"</c>, <c>\</c> and control characters percent-encoded, other characters as UTF-8, and no <c>filename*</c>
                /// or MIME encoded-words (which RFC 7578 rules out and servers rarely decode).
                /// </summary>
                internal static __x.Net.Http.HttpContent FormPart(__x.Net.Http.HttpContent content, string name, string? fileName)
                {
                    // Written as is (the typed header would turn a non-ASCII name into =?utf-8?B?…?=, which servers rarely decode);
                    // the form sends part headers as UTF-8 (see Form).
                    content.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=" + QuotePartName(name) + (fileName is null ? string.Empty : "; filename=" + QuotePartName(fileName)));
                    return content;
                }

                /// <summary>A multipart/form-data body whose part headers are UTF-8, as browsers send them (RFC 7578 §5.1).</summary>
                internal static __x.Net.Http.MultipartFormDataContent Form()
                    => new() { HeaderEncodingSelector = static (_, _) => __x.Text.Encoding.UTF8 };

                /// <summary>
                /// A part that is not a file or a plain value: objects and arrays as application/json, and a union whose value
                /// is a string, number or boolean as that value's text, as a plain value is sent.
                /// </summary>
                internal static __x.Net.Http.HttpContent JsonPart(__j.JsonElement value)
                    => value.ValueKind switch
                    {
                        __j.JsonValueKind.String => new __x.Net.Http.StringContent(value.GetString()!),
                        __j.JsonValueKind.Number or __j.JsonValueKind.True or __j.JsonValueKind.False => new __x.Net.Http.StringContent(value.GetRawText()),
                        _ => new __x.Net.Http.StringContent(value.GetRawText(), __x.Text.Encoding.UTF8, "application/json"),
                    };

                /// <summary>
                /// A quoted part name or file name: <c>"</c>, <c>\</c> and control characters percent-encoded (<c>%22</c>, <c>%5C</c>,
                /// <c>%0D</c>, <c>%0A</c>…), so that nothing can end the quoted string or the header; other text, non-ASCII too, as it is.
                /// </summary>
                private static string QuotePartName(string value)
                {
                    var text = new __x.Text.StringBuilder(value.Length + 2).Append('"');
                    foreach (var c in value)
                    {
                        if (c is '"' or '\\' || c < ' ' || c == '\u007F')
                        {
                            text.Append('%').Append(((int)c).ToString("X2", __x.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }
                    }

                    return text.Append('"').ToString();
                }

                /// <summary>The query fields of an object parameter: <c>name[key]=value</c> (deepObject) or <c>key=value</c> (form, exploded).</summary>
                internal static __x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>> QueryFields(string name, __j.JsonElement value, bool deepObject)
                {
                    if (deepObject)
                    {
                        var fields = new __x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>>();
                        AddFormField(fields, name, value, deep: true, topLevel: false);
                        return fields;
                    }

                    return FormFields(value, __x.Array.Empty<string>());
                }

                private static void AddFormField(__x.Collections.Generic.List<__x.Collections.Generic.KeyValuePair<string, string>> fields, string name, __j.JsonElement value, bool deep, bool topLevel)
                {
                    switch (value.ValueKind)
                    {
                        case __j.JsonValueKind.Object:
                            foreach (var property in value.EnumerateObject())
                            {
                                AddFormField(fields, name + "[" + property.Name + "]", property.Value, deep, topLevel: false);
                            }

                            break;
                        case __j.JsonValueKind.Array:
                            var index = 0;
                            foreach (var item in value.EnumerateArray())
                            {
                                var repeat = topLevel && !deep && item.ValueKind is not (__j.JsonValueKind.Object or __j.JsonValueKind.Array);
                                AddFormField(fields, repeat ? name : name + "[" + index.ToString(__x.Globalization.CultureInfo.InvariantCulture) + "]", item, deep, topLevel: false);
                                index++;
                            }

                            break;
                        case __j.JsonValueKind.String:
                            fields.Add(new(name, value.GetString()!));
                            break;
                        case __j.JsonValueKind.Number:
                            fields.Add(new(name, value.GetRawText()));
                            break;
                        case __j.JsonValueKind.True:
                            fields.Add(new(name, "true"));
                            break;
                        case __j.JsonValueKind.False:
                            fields.Add(new(name, "false"));
                            break;
                    }
                }

                /// <summary>A value that may be null, over the converter of the value.</summary>
                internal sealed class NullableConverter<T>(__j.Serialization.JsonConverter<T> value) : __j.Serialization.JsonConverter<T?>
                    where T : struct
                {
                    public override bool HandleNull => true;

                    public override T? Read(ref __j.Utf8JsonReader reader, __x.Type typeToConvert, __j.JsonSerializerOptions options)
                        => reader.TokenType == __j.JsonTokenType.Null ? null : value.Read(ref reader, typeof(T), options);

                    public override void Write(__j.Utf8JsonWriter writer, T? item, __j.JsonSerializerOptions options)
                    {
                        if (item is { } present)
                        {
                            value.Write(writer, present, options);
                        }
                        else
                        {
                            writer.WriteNullValue();
                        }
                    }
                }
            """);

        // What unions read with: only for a client that has unions.
        if (unions)
        {
            writer.Line();
            writer.Line("""
                    /// <summary>The value of <paramref name="json"/> read with <paramref name="info"/>; null without an info or when the value does not fit it.</summary>
                    internal static object? Read(__j.JsonElement json, __j.Serialization.Metadata.JsonTypeInfo? info)
                    {
                        try
                        {
                            return info is null ? null : __j.JsonSerializer.Deserialize(json, info);
                        }
                        catch (__j.JsonException)
                        {
                            return null;
                        }
                        catch (__x.FormatException)
                        {
                            return null;
                        }
                    }
                """);
        }

        // Choosing among several object or list variants: only for a client that has such a union.
        if (unionShapes)
        {
            writer.Line();
            writer.Line("""
                    /// <summary>
                    /// The one variant of a union to read an object or a list as, chosen by a look that reads no nested value (reading
                    /// each variant in turn would read a recursive union's nested values once per variant, at every level); -1 for none.
                    /// <paramref name="kinds"/> has an entry per variant: 256 for an object (looked at whole), 512 for a map and 1024
                    /// for a list (looked at through their first value), 0 for others, plus a bit (1 &lt;&lt; kind) per JsonValueKind the
                    /// value looked at may be. <paramref name="shapes"/> has, for objects and lists of objects, the required properties,
                    /// null, then the others. Of the variants that fit, one whose required properties are all there and that knows the most
                    /// of the properties wins (the first of equals), then the first without a shape; an empty list or map fits any.
                    /// </summary>
                    internal static int Pick(__j.JsonElement json, int[] kinds, string?[]?[]? shapes)
                    {
                        var list = json.ValueKind == __j.JsonValueKind.Array;
                        var first = default(__j.JsonElement);
                        if (list && json.GetArrayLength() > 0)
                        {
                            first = json[0];
                        }
                        else if (!list)
                        {
                            foreach (var property in json.EnumerateObject())
                            {
                                first = property.Value;
                                break;
                            }
                        }

                        var best = -1;
                        var bestScore = -2;
                        for (var i = 0; i < kinds.Length; i++)
                        {
                            if ((kinds[i] & (list ? 1024 : 768)) == 0)
                            {
                                continue;
                            }

                            var value = (kinds[i] & 256) != 0 ? json : first;
                            var score = value.ValueKind == __j.JsonValueKind.Undefined ? -1
                                : (kinds[i] & (1 << (int)value.ValueKind)) == 0 ? -2
                                : shapes?[i] is { } shape && value.ValueKind == __j.JsonValueKind.Object ? Score(value, shape)
                                : -1;
                            if (score > bestScore)
                            {
                                best = i;
                                bestScore = score;
                            }
                        }

                        return best;
                    }

                    /// <summary>How many of the object's properties the shape knows; -2 when one of its required properties is missing.</summary>
                    private static int Score(__j.JsonElement json, string?[] shape)
                    {
                        foreach (var name in shape)
                        {
                            if (name is null)
                            {
                                break;
                            }

                            if (!json.TryGetProperty(name, out _))
                            {
                                return -2;
                            }
                        }

                        var score = 0;
                        foreach (var property in json.EnumerateObject())
                        {
                            if (__x.Array.IndexOf(shape, property.Name) >= 0)
                            {
                                score++;
                            }
                        }

                        return score;
                    }
                """);
        }

        writer.Line("}");
    }
}
