using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Emitting;

/// <summary>The operations → the client interface and the client class, one async method per operation.</summary>
internal static class ClientEmitter
{
    private const string Http = "__x.Net.Http.";
    private const string Tasks = CSharp.ThreadingAlias + ".Tasks.";
    private const string Token = CSharp.ThreadingAlias + ".CancellationToken";

    public static string Emit(ClientInfo client, EquatableArray<OperationSpec> operations, bool logging = false, EquatableArray<GroupSpec> groups = default)
    {
        groups = groups.Count == 0 ? EquatableArray<GroupSpec>.Empty : groups;
        var writer = new SourceWriter();
        CSharp.FileHeader(writer, client);
        WriteInterface(writer, client, operations.Where(o => o.Group is null).ToEquatableArray(), groups);
        foreach (var group in groups)
        {
            writer.Line();
            WriteGroupInterface(writer, client, group, operations.Where(o => o.Group == group.PropertyName).ToEquatableArray());
        }

        writer.Line();
        WriteClient(writer, client, operations, logging, groups);
        foreach (var operation in operations.Where(o => o.Response.Kind == ResponseKind.Results))
        {
            writer.Line();
            WriteResult(writer, client, operation);
        }

        if (operations.Any(o => o.Paging is not null))
        {
            writer.Line();
            WritePageable(writer, client);
        }

        return writer.ToString();
    }

    private static void WriteInterface(SourceWriter writer, ClientInfo client, EquatableArray<OperationSpec> operations, EquatableArray<GroupSpec> groups)
    {
        CSharp.Summary(writer, client.Title + (client.Version.Length > 0 ? " " + client.Version : string.Empty), client.Description);
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public partial interface " + client.InterfaceName))
        {
            for (var i = 0; i < groups.Count; i++)
            {
                if (i > 0)
                {
                    writer.Line();
                }

                CSharp.Summary(writer, groups[i].Description is { } description ? description : "The operations tagged " + groups[i].Tag + ".", groups[i].Description is null ? null : "The operations tagged " + groups[i].Tag + ".");
                writer.Line(CSharp.Ns + groups[i].InterfaceName + " " + groups[i].PropertyName + " { get; }");
            }

            WriteMethods(writer, client, operations, groups.Count > 0);
        }
    }

    /// <summary>A sub-client's interface: its operations, mockable on their own.</summary>
    private static void WriteGroupInterface(SourceWriter writer, ClientInfo client, GroupSpec group, EquatableArray<OperationSpec> operations)
    {
        CSharp.Summary(writer, group.Description ?? "The operations tagged " + group.Tag + ".", "Reached through " + client.InterfaceName + "." + group.PropertyName + ".");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public partial interface " + group.InterfaceName))
        {
            WriteMethods(writer, client, operations, false);
        }
    }

    private static void WriteMethods(SourceWriter writer, ClientInfo client, EquatableArray<OperationSpec> operations, bool separateFirst)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            if (i > 0 || separateFirst)
            {
                writer.Line();
            }

            WriteDocs(writer, client, operations[i]);
            writer.Line(Signature(client, operations[i]) + ";");
            writer.Line();
            // The overload with options: the plain one's documentation by reference, written once (GitHub's operations have
            // long ones). Its own parameter is documented and the others are inherited, which CS1573 would report: the
            // warning is off for this declaration only.
            var plainTypes = new List<string>();
            Signature(client, operations[i], types: plainTypes);
            writer.Line("#pragma warning disable CS1573");
            writer.Line("/// <inheritdoc cref=\"" + operations[i].PublicName + "(" + CrefTypes(plainTypes) + ")\"/>");
            writer.Line("/// <param name=\"requestOptions\">Retries and an idempotency key for this call.</param>");
            if (operations[i].Deprecated)
            {
                writer.Line(CSharp.Obsolete(true, "operation"));
            }

            writer.Line(Signature(client, operations[i], SignatureKind.WithOptions) + ";");
            writer.Line("#pragma warning restore CS1573");
            if (HasRawVariant(operations[i]))
            {
                writer.Line();
                writer.Line("/// <summary>Like <c>" + operations[i].PublicName + "</c>, without exceptions for error statuses: the status, the headers, and the body (or the error).</summary>");
                writer.Line(RawSignature(client, operations[i]) + ";");
            }

            if (operations[i].Paging is { } paging)
            {
                writer.Line();
                writer.Line("/// <summary>The items of every page of <c>" + operations[i].PublicName + "</c>, each page fetched when the previous one has been read (the next page: " + CSharp.DocText(paging.Pattern) + "). <c>AsPages()</c> gives the pages themselves.</summary>");
                writer.Line("/// <remarks><c>" + CSharp.DocText(operations[i].HttpMethod + " " + operations[i].Path) + "</c></remarks>");
                if (operations[i].Deprecated)
                {
                    writer.Line(CSharp.Obsolete(true, "operation"));
                }

                writer.Line(PagingSignature(client, operations[i]) + ";");
            }
        }
    }

    /// <summary>
    /// Parameter types as a cref writes them: generic arguments in braces, and no <c>?</c> after an array (<c>byte[]?</c>
    /// is a syntax error in a cref, dotnet/roslyn#46770; crefs ignore nullable annotations of reference types anyway).
    /// </summary>
    internal static string CrefTypes(IEnumerable<string> types)
        => string.Join(", ", types).Replace("]?", "]").Replace('<', '{').Replace('>', '}');

    private static void WriteDocs(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        CSharp.Summary(writer, operation.Summary ?? operation.Description ?? operation.HttpMethod + " " + operation.Path, operation.Summary is null ? null : operation.Description);
        foreach (var parameter in OrderedParameters(operation))
        {
            CSharp.DocElement(writer, "param", parameter.Description ?? ParameterDefaultDoc(parameter), "name=\"" + parameter.Name.TrimStart('@') + "\"");
        }

        if (operation.Body is { } body)
        {
            CSharp.DocElement(writer, "param", body.Description ?? "The request body (" + body.ContentType + ").", "name=\"request\"");
        }

        writer.Line("/// <param name=\"cancellationToken\">Cancels the request.</param>");
        var returns = operation.Response.Kind switch
        {
            ResponseKind.Binary => "The response body as a stream, with its content type (" + string.Join(", ", operation.Response.ContentTypes) + "). Dispose it.",
            ResponseKind.None => null,
            ResponseKind.Results => "The success answer: " + string.Join(", ", operation.Response.Successes.Select(r => r.Label + (r.Type is null ? " (no body)" : " in " + r.PropertyName))) + ".",
            _ => operation.Response.Description,
        };
        CSharp.DocElement(writer, "returns", returns);
        var errors = string.Join("; ", operation.Errors.Select(e => e.Label + (e.Description is null ? string.Empty : ": " + e.Description)));
        CSharp.DocElement(writer, "exception", "The server answered with a status that is not a success" + (errors.Length > 0 ? " (" + errors + ")" : string.Empty) + ".", "cref=\"" + client.ExceptionName + "\"");
        writer.Line("/// <remarks><c>" + CSharp.DocText(operation.HttpMethod + " " + operation.Path) + "</c>"
            + (operation.Provenance is { } provenance ? ". Reconstructed from public evidence, not from the vendor's published document (confidence: " + CSharp.DocText(provenance) + ")." : string.Empty)
            + "</remarks>");
        if (operation.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "operation"));
        }
    }

    /// <summary>The shared <c>HttpMethod</c> instance for standard methods: no allocation per request.</summary>
    private static string Method(string method) => method switch
    {
        "GET" => Http + "HttpMethod.Get",
        "POST" => Http + "HttpMethod.Post",
        "PUT" => Http + "HttpMethod.Put",
        "DELETE" => Http + "HttpMethod.Delete",
        "PATCH" => Http + "HttpMethod.Patch",
        "HEAD" => Http + "HttpMethod.Head",
        "OPTIONS" => Http + "HttpMethod.Options",
        "TRACE" => Http + "HttpMethod.Trace",
        _ => "new " + Http + "HttpMethod(" + CSharp.Literal(method) + ")",
    };

    private static string ParameterDefaultDoc(ParameterSpec parameter) => "The " + parameter.Location.ToString().ToLowerInvariant() + " parameter <c>" + parameter.WireName + "</c>.";

    /// <summary>Required parameters first, then the body, then optional parameters, then the cancellation token.</summary>
    private static IEnumerable<ParameterSpec> OrderedParameters(OperationSpec operation)
        => operation.Parameters.Where(p => p.Required).Concat(operation.Parameters.Where(p => !p.Required));

    private static string ReturnType(ClientInfo client, OperationSpec operation) => operation.Response.Kind switch
    {
        ResponseKind.None => Tasks + "Task",
        ResponseKind.Binary => Tasks + "Task<" + CSharp.Ns + client.BinaryResponseName + ">",
        ResponseKind.Text => Tasks + "Task<string>",
        ResponseKind.EventStream => "__g.IAsyncEnumerable<" + CSharp.TypeName(client, operation.Response.Type!) + ">",
        ResponseKind.Results => Tasks + "Task<" + CSharp.Ns + operation.Response.ResultName + ">",
        _ => Tasks + "Task<" + CSharp.TypeName(client, operation.Response.Type!, operation.Response.Nullable) + ">",
    };

    private enum SignatureKind { Plain, WithOptions, Core }

    /// <summary>
    /// The public method (<see cref="SignatureKind.Plain"/>), its overload that takes per-call options
    /// (<see cref="SignatureKind.WithOptions"/>), or the private method both call (<see cref="SignatureKind.Core"/>).
    /// Order: required parameters, a required body, the options, an optional body, optional parameters, the token.
    /// </summary>
    private static string Signature(ClientInfo client, OperationSpec operation, SignatureKind kind = SignatureKind.Plain, string? explicitInterface = null, List<string>? types = null)
    {
        // An explicit implementation of a sub-client's method takes no default values (they are the interface's).
        var core = kind == SignatureKind.Core;
        var defaults = !core && explicitInterface is null;
        var parameters = new List<string>();
        void Add(string type, string rest)
        {
            parameters.Add(type + rest);
            types?.Add(type.StartsWith("[", System.StringComparison.Ordinal) ? type.Substring(type.IndexOf(']') + 2) : type);
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Required))
        {
            Add(CSharp.TypeName(client, parameter.Type), " " + parameter.Name);
        }

        if (operation.Body is { Required: true } requiredBody)
        {
            Add(CSharp.TypeName(client, requiredBody.Type), " request");
        }

        if (kind != SignatureKind.Plain)
        {
            Add(CSharp.Ns + client.RequestOptionsName + (core ? "?" : string.Empty), " requestOptions");
        }

        if (operation.Body is { Required: false } optionalBody)
        {
            Add(CSharp.TypeName(client, optionalBody.Type, nullable: true), " request" + (defaults ? " = null" : string.Empty));
        }

        foreach (var parameter in operation.Parameters.Where(p => !p.Required))
        {
            Add(CSharp.TypeName(client, parameter.Type, nullable: true), " " + parameter.Name + (defaults ? " = null" : string.Empty));
        }

        if (core && HasRawVariant(operation))
        {
            Add("__x.Action<" + Http + "HttpResponseMessage>?", " observe");
        }

        if (core && FollowsLinks(operation))
        {
            Add("__x.Uri?", " __next");
        }

        var iterator = core && operation.Response.Kind == ResponseKind.EventStream;
        Add((iterator ? "[__x.Runtime.CompilerServices.EnumeratorCancellation] " : string.Empty) + Token, " cancellationToken" + (defaults ? " = default" : string.Empty));
        var name = core ? operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length) + "CoreAsync" : explicitInterface is null ? operation.PublicName : explicitInterface + "." + operation.PublicName;
        return ReturnType(client, operation) + " " + name + "(" + string.Join(", ", parameters) + ")";
    }

    /// <summary>The next page's address is followed as given (the core method takes it instead of building one).</summary>
    private static bool FollowsLinks(OperationSpec operation) => operation.Paging is { Kind: PagingKind.NextLink or PagingKind.LinkHeader };

    /// <summary>
    /// The arguments that pass every parameter on to the core method; the paging twin passes the cursor (or page) as
    /// <paramref name="cursor"/>, the next address as <paramref name="next"/> and its own token.
    /// </summary>
    private static string CoreArguments(OperationSpec operation, string requestOptions, string observe = "null", string next = "null", string? cursor = null, string token = "cancellationToken")
    {
        string Argument(ParameterSpec p) => cursor is not null && p.Name == operation.Paging?.Parameter ? cursor : p.Name;
        var arguments = new List<string>();
        arguments.AddRange(operation.Parameters.Where(p => p.Required).Select(Argument));
        if (operation.Body is { Required: true })
        {
            arguments.Add("request");
        }

        arguments.Add(requestOptions);
        if (operation.Body is { Required: false })
        {
            arguments.Add("request");
        }

        arguments.AddRange(operation.Parameters.Where(p => !p.Required).Select(Argument));
        if (HasRawVariant(operation))
        {
            arguments.Add(observe);
        }

        if (FollowsLinks(operation))
        {
            arguments.Add(next);
        }

        arguments.Add(token);
        return string.Join(", ", arguments);
    }

    /// <summary>The paging twin: the plain method's parameters, the items' pageable.</summary>
    private static string PagingSignature(ClientInfo client, OperationSpec operation, string? explicitInterface = null)
    {
        var signature = Signature(client, operation, SignatureKind.Plain, explicitInterface);
        var shown = explicitInterface is null ? operation.PublicName : explicitInterface + "." + operation.PublicName;
        var open = signature.IndexOf(' ' + shown + "(", System.StringComparison.Ordinal);
        var paging = operation.Paging!;
        return PageableType(client, operation) + " " + (explicitInterface is null ? string.Empty : explicitInterface + ".") + paging.MethodName + signature.Substring(open + shown.Length + 1);
    }

    private static string PageableType(ClientInfo client, OperationSpec operation)
        => CSharp.Ns + client.PageableName + "<" + CSharp.TypeName(client, operation.Response.Type!) + ", " + CSharp.TypeName(client, operation.Paging!.ItemType, operation.Paging.ItemNullable) + ">";

    /// <summary>A property path from the page <c>__p</c>: <c>__p.Pagination?.HasNext</c>.</summary>
    private static string PagePath(EquatableArray<string> path) => "__p" + string.Concat(path.Select((name, i) => (i == 0 ? "." : "?.") + name));

    /// <summary>The listing type the paging twins return: the items, or the pages with <c>AsPages()</c>.</summary>
    private static void WritePageable(SourceWriter writer, ClientInfo client)
    {
        writer.Line($$"""
            /// <summary>
            /// The items of a listing that pages: each page is fetched when the items of the one before have been read, with the
            /// client's credentials, retries and limits. <see cref="AsPages"/> gives the pages themselves, with their metadata.
            /// Three pages without items in a row end it.
            /// </summary>
            /// <typeparam name="TPage">The page the operation answers.</typeparam>
            /// <typeparam name="TItem">An item of a page.</typeparam>
            {{CSharp.GeneratedCodeAttribute}}
            public sealed class {{client.PageableName}}<TPage, TItem> : __x.Collections.Generic.IAsyncEnumerable<TItem> where TPage : class
            {
                /// <summary>Pages without items in a row that end the items (a server that filters may send some; one that sends only those cannot spin the client).</summary>
                private const int MaxEmptyPages = 3;

                private readonly __x.Func<{{Token}}, __x.Collections.Generic.IAsyncEnumerable<TPage>> _pages;
                private readonly __x.Func<TPage, __x.Collections.Generic.IEnumerable<TItem>?> _items;
                private readonly {{Token}} _cancellationToken;

                internal {{client.PageableName}}(__x.Func<{{Token}}, __x.Collections.Generic.IAsyncEnumerable<TPage>> pages, __x.Func<TPage, __x.Collections.Generic.IEnumerable<TItem>?> items, {{Token}} cancellationToken)
                {
                    _pages = pages;
                    _items = items;
                    _cancellationToken = cancellationToken;
                }

                /// <summary>The pages, each fetched when the one before has been read.</summary>
                /// <param name="cancellationToken">Cancels the listing, as the token given to the method does.</param>
                public async __x.Collections.Generic.IAsyncEnumerable<TPage> AsPages([__x.Runtime.CompilerServices.EnumeratorCancellation] {{Token}} cancellationToken = default)
                {
                    using var linked = Link(cancellationToken, out var token);
                    var empty = 0;
                    await foreach (var page in __y.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(_pages(token), false))
                    {
                        yield return page;
                        empty = _items(page) is { } items && __x.Linq.Enumerable.Any(items) ? 0 : empty + 1;
                        if (empty == MaxEmptyPages)
                        {
                            yield break;
                        }
                    }
                }

                /// <summary>The items of every page, in order.</summary>
                /// <param name="cancellationToken">Cancels the listing, as the token given to the method does.</param>
                public async __x.Collections.Generic.IAsyncEnumerator<TItem> GetAsyncEnumerator({{Token}} cancellationToken = default)
                {
                    await foreach (var page in __y.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(AsPages(cancellationToken), false))
                    {
                        foreach (var item in _items(page) ?? __x.Array.Empty<TItem>())
                        {
                            yield return item;
                        }
                    }
                }

                private __y.CancellationTokenSource? Link({{Token}} other, out {{Token}} token)
                {
                    if (_cancellationToken.CanBeCanceled && other.CanBeCanceled)
                    {
                        var linked = __y.CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, other);
                        token = linked.Token;
                        return linked;
                    }

                    token = other.CanBeCanceled ? other : _cancellationToken;
                    return null;
                }
            }
            """);
    }

    /// <summary>
    /// The page loops of the paging twins: by a cursor or page number taken from each page, and by the next page's
    /// address (in the body or the Link header). A cursor or address seen before ends the listing (a server that repeats
    /// itself cannot loop the client); an address on another origin is refused, so the credentials go nowhere else.
    /// </summary>
    private static void WritePagingHelpers(SourceWriter writer, ClientInfo client, bool links)
    {
        writer.Line($$"""
            private static async __x.Collections.Generic.IAsyncEnumerable<TPage> __PagesAsync<TPage, TCursor>(TCursor cursor, __x.Func<TCursor, {{Token}}, {{Tasks}}Task<TPage>> fetch, __x.Func<TPage, TCursor, (bool More, TCursor Next)> next, [__x.Runtime.CompilerServices.EnumeratorCancellation] {{Token}} cancellationToken)
            {
                var seen = new __Seen<TCursor>();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var page = await fetch(cursor, cancellationToken).ConfigureAwait(false);
                    yield return page;
                    var (more, following) = next(page, cursor);
                    seen.Add(cursor);
                    if (!more || following is null || seen.Contains(following))
                    {
                        yield break;
                    }

                    cursor = following;
                }
            }

            /// <summary>The last cursors or addresses of a listing (at most 1024, so a server cannot grow it without bound): one seen again ends the listing.</summary>
            private sealed class __Seen<T>
            {
                private readonly __x.Collections.Generic.HashSet<T> _set = new();
                private readonly __x.Collections.Generic.Queue<T> _order = new();

                public bool Contains(T value) => _set.Contains(value);

                public bool Add(T value)
                {
                    if (!_set.Add(value))
                    {
                        return false;
                    }

                    _order.Enqueue(value);
                    if (_order.Count > 1024)
                    {
                        _set.Remove(_order.Dequeue());
                    }

                    return true;
                }
            }
            """);
        if (!links)
        {
            return;
        }

        writer.Line();
        writer.Line($$"""
            private async __x.Collections.Generic.IAsyncEnumerable<TPage> __LinkedPagesAsync<TPage>(__x.Func<__x.Uri?, __x.Action<{{Http}}HttpResponseMessage>, {{Token}}, {{Tasks}}Task<TPage>> fetch, __x.Func<TPage, string?>? link, [__x.Runtime.CompilerServices.EnumeratorCancellation] {{Token}} cancellationToken)
            {
                __x.Uri? next = null;
                var seen = new __Seen<string>();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? header = null;
                    __x.Uri? requested = null;
                    var page = await fetch(next, response =>
                    {
                        requested = response.RequestMessage?.RequestUri;
                        if (link is null) header = __NextLink(response);
                    }, cancellationToken).ConfigureAwait(false);
                    yield return page;
                    var target = link is null ? header : link(page);
                    if (target is not { Length: > 0 })
                    {
                        yield break;
                    }

                    // Relative to the page's own address (the one followed when the handler does not say).
                    requested ??= next ?? BuildUri(string.Empty);
                    seen.Add(requested.AbsoluteUri);
                    next = __NextPage(requested, target);
                    if (!seen.Add(next.AbsoluteUri))
                    {
                        yield break;
                    }
                }
            }

            /// <summary>The target of the Link header's <c>rel="next"</c> (RFC 8288: parameters split on <c>;</c> outside quotes), or null.</summary>
            private static string? __NextLink({{Http}}HttpResponseMessage response)
            {
                if (!response.Headers.TryGetValues("Link", out var values))
                {
                    return null;
                }

                foreach (var value in values)
                {
                    var i = 0;
                    while ((i = value.IndexOf('<', i)) >= 0)
                    {
                        var end = value.IndexOf('>', i + 1);
                        if (end < 0)
                        {
                            break;
                        }

                        var target = value.Substring(i + 1, end - i - 1).Trim();
                        var next = false;
                        var start = end + 1;
                        var quoted = false;
                        for (i = start; i <= value.Length; i++)
                        {
                            var c = i < value.Length ? value[i] : ',';
                            if (c == '"')
                            {
                                quoted = !quoted;
                            }
                            else if (!quoted && (c == ';' || c == ','))
                            {
                                var parameter = value.Substring(start, i - start);
                                var equals = parameter.IndexOf('=');
                                if (equals > 0 && string.Equals(parameter.Substring(0, equals).Trim(), "rel", __x.StringComparison.OrdinalIgnoreCase)
                                    && __x.Array.Exists(parameter.Substring(equals + 1).Trim().Trim('"').Split(' '), r => string.Equals(r, "next", __x.StringComparison.OrdinalIgnoreCase)))
                                {
                                    next = true;
                                }

                                start = i + 1;
                                if (c == ',')
                                {
                                    break;
                                }
                            }
                        }

                        if (next)
                        {
                            return target;
                        }
                    }
                }

                return null;
            }

            /// <summary>
            /// The next page's address, relative to the page's own: only on the API's origin (scheme, host and port), so that
            /// the credentials are sent nowhere else; the fields of a base address's query (<c>?code=…</c>) it lacks are added.
            /// </summary>
            private __x.Uri __NextPage(__x.Uri requested, string link)
            {
                var api = BuildUri(string.Empty);
                if (!__x.Uri.TryCreate(requested, link, out var target) || !(target.Scheme == __x.Uri.UriSchemeHttps || target.Scheme == __x.Uri.UriSchemeHttp))
                {
                    throw new __x.InvalidOperationException("The server's next page address is not an http(s) address; it is not followed.");
                }

                if (!string.Equals(target.Scheme, api.Scheme, __x.StringComparison.OrdinalIgnoreCase)
                    || !string.Equals(target.IdnHost, api.IdnHost, __x.StringComparison.OrdinalIgnoreCase)
                    || target.Port != api.Port)
                {
                    throw new __x.InvalidOperationException("The next page's address is not on the API's origin (" + api.GetLeftPart(__x.UriPartial.Authority) + "): it is not followed, so that the credentials are not sent elsewhere.");
                }

                var missing = new __x.Text.StringBuilder();
                foreach (var field in api.Query.TrimStart('?').Split('&'))
                {
                    if (field.Length > 0 && ("&" + target.Query.TrimStart('?') + "&").IndexOf("&" + field + "&", __x.StringComparison.Ordinal) < 0)
                    {
                        missing.Append(missing.Length == 0 && target.Query.Length < 2 ? '?' : '&').Append(field);
                    }
                }

                return missing.Length == 0 ? target : new __x.Uri(target.GetLeftPart(__x.UriPartial.Query) + missing + target.Fragment);
            }
            """);
    }

    /// <summary>The twin's body: the pages (by cursor, number or link) and how to take the items from a page.</summary>
    private static void WritePagingTwin(SourceWriter writer, ClientInfo client, OperationSpec operation, string? explicitInterface, string core)
    {
        var paging = operation.Paging!;
        writer.Line("/// <inheritdoc/>");
        if (operation.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "operation"));
        }

        writer.Line((explicitInterface is null ? "public " : string.Empty) + PagingSignature(client, operation, explicitInterface));
        string pages;
        switch (paging.Kind)
        {
            case PagingKind.NextLink:
            case PagingKind.LinkHeader:
                var link = paging.Kind == PagingKind.LinkHeader ? "null" : "static __p => " + PagePath(paging.Next) + (paging.NextIsUri ? "?.OriginalString" : string.Empty);
                pages = "__LinkedPagesAsync<" + CSharp.TypeName(client, operation.Response.Type!) + ">((__n, __o, __t) => " + core + "(" + CoreArguments(operation, "null", "__o", "__n", token: "__t") + "), " + link + ", __token)";
                break;
            default:
                var parameter = operation.Parameters.First(p => p.Name == paging.Parameter);
                var cursorType = paging.Kind == PagingKind.PageNumber ? CSharp.TypeName(client, parameter.Type) : "string?";
                string first, next;
                if (paging.Kind == PagingKind.PageNumber)
                {
                    first = parameter.Required ? parameter.Name : parameter.Name + " ?? " + paging.FirstPage.ToString(CultureInfo.InvariantCulture);
                    var more = paging.More.Count > 0
                        ? PagePath(paging.More) + " == true"
                        : "__c" + (paging.FirstPage == 0 ? " + 1" : string.Empty) + " < " + PagePath(paging.TotalPages);
                    next = "(" + more + ", __c + 1)";
                }
                else
                {
                    first = parameter.Name;
                    var value = paging.FromLastItem
                        ? "(" + PagePath(paging.Items) + " is { Count: > 0 } __l ? __l[__l.Count - 1]?." + paging.Next[0] + " : null)"
                        : PagePath(paging.Next);
                    next = paging.More.Count > 0
                        ? PagePath(paging.More) + " == true && " + value + " is { Length: > 0 } __v ? (true, __v) : (false, null)"
                        : "(" + value + " is { Length: > 0 }, " + value + ")";
                }

                var cursor = parameter.Required && paging.Kind == PagingKind.Cursor ? "__c!" : "__c";
                pages = "__PagesAsync<" + CSharp.TypeName(client, operation.Response.Type!) + ", " + cursorType + ">(" + first + ", (__c, __t) => " + core + "(" + CoreArguments(operation, "null", cursor: cursor, token: "__t") + "), static (__p, __c) => " + next + ", __token)";
                break;
        }

        var items = paging.Items.Count == 0 ? "static __p => __p" : "static __p => " + PagePath(paging.Items);
        writer.Line("    => new(__token => " + pages + ", " + items + ", cancellationToken);");
        writer.Line();
    }

    /// <summary>Operations read into a value (JSON, text, nothing) also get <c>…WithResponseAsync</c>: status, headers and body, no exception.</summary>
    private static bool HasRawVariant(OperationSpec operation) => operation.Response.Kind is ResponseKind.Json or ResponseKind.Text or ResponseKind.None or ResponseKind.Results;

    private static string ValueType(ClientInfo client, OperationSpec operation) => operation.Response.Kind switch
    {
        ResponseKind.Json => CSharp.TypeName(client, operation.Response.Type!, operation.Response.Nullable),
        ResponseKind.Text => "string",
        ResponseKind.Results => CSharp.Ns + operation.Response.ResultName,
        _ => "object?",
    };

    private static string RawSignature(ClientInfo client, OperationSpec operation, string? explicitInterface = null)
    {
        var signature = Signature(client, operation, SignatureKind.Plain, explicitInterface);
        var shown = explicitInterface is null ? operation.PublicName : explicitInterface + "." + operation.PublicName;
        var open = signature.IndexOf(' ' + shown + "(", System.StringComparison.Ordinal);
        var parameters = signature.Substring(open + shown.Length + 2);
        var token = parameters.LastIndexOf(Token + " cancellationToken", System.StringComparison.Ordinal);
        parameters = parameters.Substring(0, token) + CSharp.Ns + client.RequestOptionsName + "? requestOptions" + (explicitInterface is null ? " = null" : string.Empty) + ", " + parameters.Substring(token);
        var name = (explicitInterface is null ? string.Empty : explicitInterface + ".") + operation.PublicName.Substring(0, operation.PublicName.Length - "Async".Length) + "WithResponseAsync";
        return Tasks + "Task<" + CSharp.Ns + client.Prefix + "Response<" + ValueType(client, operation) + ">> " + name + "(" + parameters;
    }

    private static void WriteClient(SourceWriter writer, ClientInfo client, EquatableArray<OperationSpec> operations, bool logging, EquatableArray<GroupSpec> groups)
    {
        var interfaces = CSharp.Ns + client.InterfaceName + string.Concat(groups.Select(g => ", " + CSharp.Ns + g.InterfaceName));
        writer.Line("/// <summary>");
        writer.Line("/// The client of " + CSharp.DocText(client.Title + (client.Version.Length > 0 ? " " + client.Version : string.Empty)) + ".");
        writer.Line("/// Give it an <see cref=\"__x.Net.Http.HttpClient\"/> (for example from <c>IHttpClientFactory</c>); it never disposes it.");
        writer.Line("/// </summary>");
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed partial class " + client.ClientName + " : " + interfaces))
        {
            writer.Line($$"""
                private readonly {{Http}}HttpClient _httpClient;
                private readonly global::{{client.Namespace}}.{{client.OptionsName}} _options;

                /// <summary>Creates the client over <paramref name="httpClient"/>.</summary>
                /// <param name="httpClient">The HTTP client to send requests with. Its <c>BaseAddress</c>, when set, wins over <see cref="{{client.OptionsName}}.BaseAddress"/>.</param>
                /// <param name="options">The API key and address; defaults when null.</param>
                public {{client.ClientName}}({{Http}}HttpClient httpClient, global::{{client.Namespace}}.{{client.OptionsName}}? options = null)
                {
                    _httpClient = httpClient ?? throw new __x.ArgumentNullException(nameof(httpClient));
                    _options = options ?? new global::{{client.Namespace}}.{{client.OptionsName}}();
                }
                """);
            foreach (var group in groups)
            {
                // The client is each of its sub-clients: their methods are its explicit implementations.
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line("public " + CSharp.Ns + group.InterfaceName + " " + group.PropertyName + " => this;");
            }

            var groupInterfaces = groups.ToDictionary(g => g.PropertyName, g => CSharp.Ns + g.InterfaceName, System.StringComparer.Ordinal);
            var parsers = ErrorParsers(client, operations);
            foreach (var operation in operations)
            {
                writer.Line();
                WriteOperation(writer, client, operation, operation.Group is { } group ? groupInterfaces[group] : null, parsers);
            }

            writer.Line();
            WriteHelpers(writer, client, logging);
            WriteAuthorization(writer, client);
            writer.Line();
            WriteLimits(writer, client, operations.Any(o => o.Response.Kind == ResponseKind.Text), operations.Any(o => o.Response.Kind == ResponseKind.EventStream));
            if (operations.Any(o => o.Paging is not null))
            {
                writer.Line();
                WritePagingHelpers(writer, client, operations.Any(FollowsLinks));
            }
            if (logging)
            {
                writer.Line();
                WriteLogging(writer, client);
            }
        }
    }

    private static void WriteOperation(SourceWriter writer, ClientInfo client, OperationSpec operation, string? explicitInterface, Dictionary<string, (string Name, string? Body)> parsers)
    {
        var visibility = explicitInterface is null ? "public " : string.Empty;
        writer.Line("/// <inheritdoc/>");
        if (operation.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "operation"));
        }

        var core = operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length) + "CoreAsync";
        writer.Line(visibility + Signature(client, operation, SignatureKind.Plain, explicitInterface));
        writer.Line("    => " + core + "(" + CoreArguments(operation, "null") + ");");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        if (operation.Deprecated)
        {
            writer.Line(CSharp.Obsolete(true, "operation"));
        }

        writer.Line(visibility + Signature(client, operation, SignatureKind.WithOptions, explicitInterface));
        writer.Line("    => " + core + "(" + CoreArguments(operation, "requestOptions ?? throw new __x.ArgumentNullException(nameof(requestOptions))") + ");");
        writer.Line();
        if (HasRawVariant(operation))
        {
            // The status and headers are caught by the shared __CaptureAsync: no state machine of its own per operation.
            var capture = operation.Response.Kind == ResponseKind.None ? "__CaptureEmptyAsync" : "__CaptureAsync";
            writer.Line("/// <inheritdoc/>");
            writer.Line(visibility + RawSignature(client, operation, explicitInterface));
            writer.Line("    => " + capture + "(__observe => " + core + "(" + CoreArguments(operation, "requestOptions", "__observe") + "));");
            writer.Line();
        }

        if (operation.Paging is not null)
        {
            WritePagingTwin(writer, client, operation, explicitInterface, core);
        }

        // A JSON answer is sent and read by one shared method: the core method has no state machine of its own.
        var sendsJson = operation.Response is { Kind: ResponseKind.Json, Nullable: false, EmptyStatuses.Count: 0 };
        using (writer.Block((sendsJson ? "private " : "private async ") + Signature(client, operation, SignatureKind.Core)))
        {
            // Without a state machine, a check that fails still faults the returned task, as in every other operation.
            var guarded = writer.BlockIf(sendsJson, "try");
            foreach (var parameter in operation.Parameters.Where(p => p.Required && !p.Type.IsValueType))
            {
                writer.Line("if (" + parameter.Name + " is null) throw new __x.ArgumentNullException(nameof(" + parameter.Name + "));");
            }

            if (operation.Body is { Required: true } requiredBody && !requiredBody.Type.IsValueType)
            {
                writer.Line("if (request is null) throw new __x.ArgumentNullException(nameof(request));");
            }

            WriteSecurityChoice(writer, client, operation);
            WriteUri(writer, client, operation);
            if (FollowsLinks(operation))
            {
                writer.Line("if (__next is not null) __uri = __next;");
            }

            // The request is built again for each attempt: a sent HttpRequestMessage cannot be sent twice.
            using (writer.Block(Http + "HttpRequestMessage __Build()"))
            {
                writer.Line("var __httpRequest = new " + Http + "HttpRequestMessage(" + Method(operation.HttpMethod) + ", __uri);");
                WriteHeaders(writer, client, operation);
                WriteBody(writer, client, operation);
                writer.Line("return __httpRequest;");
            }

            writer.Line();
            var parse = parsers.TryGetValue(operation.MethodName, out var parser) ? parser.Name : "static (_, _) => null";

            // A body read from a caller's stream cannot be sent again: such a request is never retried.
            var replayable = operation.Body is not { Kind: BodyKind.Binary } && !(operation.Body is { Kind: BodyKind.Multipart } multipart && multipart.Parts.Any(p => p.Type.Kind == TypeKind.File || p.Type.Element?.Kind == TypeKind.File));
            var declaresKey = operation.Parameters.Any(p => p.Location == ParameterLocation.Header && string.Equals(p.WireName, "Idempotency-Key", System.StringComparison.OrdinalIgnoreCase));
            if (sendsJson)
            {
                writer.Line("return SendJsonAsync(__Build, " + (replayable ? "true" : "false") + ", " + (declaresKey ? "true" : "false") + ", requestOptions, " + parse + ", " + TypeInfo(client, operation.Response.Type!) + ", observe, cancellationToken);");
                guarded.Dispose();
                using (writer.Block("catch (__x.Exception __e)"))
                {
                    writer.Line("return " + Tasks + "Task.FromException<" + CSharp.TypeName(client, operation.Response.Type!) + ">(__e);");
                }
            }
            else
            {
                writer.Line("var __response = await SendAsync(__Build, " + (replayable ? "true" : "false") + ", " + (declaresKey ? "true" : "false") + ", requestOptions, cancellationToken).ConfigureAwait(false);");
                if (HasRawVariant(operation))
                {
                    writer.Line("observe?.Invoke(__response);");
                }
                if (operation.Response.Kind == ResponseKind.EventStream)
                {
                    WriteEvents(writer, client, operation, parse);
                }
                else if (operation.Response.Kind == ResponseKind.Binary)
                {
                    using (writer.Block("try"))
                    {
                        writer.Line("await EnsureSuccessAsync(__response, " + parse + ", cancellationToken).ConfigureAwait(false);");
                        writer.Line("var __content = await __response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);");
                        writer.Line("return new " + CSharp.Ns + client.BinaryResponseName + "(__response, __content);");
                    }

                    using (writer.Block("catch"))
                    {
                        writer.Line("__response.Dispose();");
                        writer.Line("throw;");
                    }
                }
                else
                {
                    using (writer.Block("using (__response)"))
                    {
                        writer.Line("await EnsureSuccessAsync(__response, " + parse + ", cancellationToken).ConfigureAwait(false);");
                        switch (operation.Response.Kind)
                        {
                            case ResponseKind.Text:
                                writer.Line("return await ReadTextAsync(__response, cancellationToken).ConfigureAwait(false);");
                                break;
                            case ResponseKind.Json:
                                if (operation.Response.EmptyStatuses.Count > 0)
                                {
                                    // Documented without a body: nothing to read.
                                    writer.Line("if ((int)__response.StatusCode is " + string.Join(" or ", operation.Response.EmptyStatuses.Select(c => c.ToString(CultureInfo.InvariantCulture))) + ") return default;");
                                }

                                var info = TypeInfo(client, operation.Response.Type!);
                                writer.Line("return await " + (operation.Response.Nullable ? "ReadJsonOrNullAsync" : "ReadJsonAsync") + "(__response, " + info + ", cancellationToken).ConfigureAwait(false);");
                                break;
                            case ResponseKind.Results:
                                WriteResultRead(writer, client, operation);
                                break;
                        }
                    }
                }
            }
        }

        if (parsers.TryGetValue(operation.MethodName, out var own) && own.Body is { } body)
        {
            writer.Line();
            using (writer.Block("private static object? " + own.Name + "(int statusCode, string body)"))
            {
                writer.Line(body.TrimEnd('\n'));
            }
        }
    }

    /// <summary>Several success schemas: the body of the status that came, in the result's property for it.</summary>
    private static void WriteResultRead(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        var result = CSharp.Ns + operation.Response.ResultName;
        writer.Line("var __status = (int)__response.StatusCode;");
        writer.Line("return __status switch");
        writer.Line("{");
        writer.Indent();
        // Exact codes, then the 2XX range for the others (the reader orders them so).
        foreach (var success in operation.Response.Successes)
        {
            var code = success.StatusCode.ToString(CultureInfo.InvariantCulture);
            var (pattern, status) = success.IsRange ? (StatusRange(success.StatusCode), "__status") : (code, code);
            writer.Line(success.Type is null
                ? pattern + " => new " + result + "(" + status + "),"
                : pattern + " => new " + result + "(" + status + ") { " + success.PropertyName + " = await " + (success.Nullable ? "ReadJsonOrNullAsync" : "ReadJsonAsync") + "(__response, " + TypeInfo(client, success.Type) + ", cancellationToken).ConfigureAwait(false) },");
        }

        writer.Line("_ => new " + result + "(__status),");
        writer.Unindent();
        writer.Line("};");
    }

    /// <summary>The result type of an operation with several success schemas: its status and the body of that status.</summary>
    private static void WriteResult(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        var name = operation.Response.ResultName!;
        CSharp.Summary(writer, "The success answer of " + operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length) + ": the status code, and the body of that status in its property (the others are null).", null);
        writer.Line(CSharp.GeneratedCodeAttribute);
        using (writer.Block("public sealed partial class " + name))
        {
            writer.Line("/// <summary>A result for <paramref name=\"statusCode\"/>.</summary>");
            using (writer.Block("public " + name + "(int statusCode)"))
            {
                writer.Line("StatusCode = statusCode;");
            }

            writer.Line();
            writer.Line("/// <summary>The success status the server answered with.</summary>");
            writer.Line("public int StatusCode { get; }");
            foreach (var success in operation.Response.Successes.Where(s => s.Type is not null))
            {
                writer.Line();
                CSharp.Summary(writer, success.Label + ": " + (success.Description ?? "the body of this status").TrimEnd().TrimEnd('.') + ". Null for any other status.", null);
                writer.Line("public " + CSharp.TypeName(client, success.Type!, nullable: true) + " " + success.PropertyName + " { get; init; }");
            }
        }
    }

    /// <summary>
    /// Logging through the options' ILogger: requests and answers at Debug (error statuses at Information), failures at
    /// Warning. Authorization, cookies and the document's API-key headers and query parameters are redacted.
    /// </summary>
    private static void WriteLogging(SourceWriter writer, ClientInfo client)
    {
        const string Logging = "global::Microsoft.Extensions.Logging.";
        var secretHeaders = new[] { "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie" }
            .Concat(client.SecuritySchemes.Where(s => s.Kind == SecurityKind.ApiKeyHeader).Select(s => s.ParameterName))
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .Select(CSharp.Literal);
        var secretQuery = client.SecuritySchemes.Where(s => s.Kind == SecurityKind.ApiKeyQuery).Select(s => s.ParameterName).Distinct().ToList();
        // The URI as logged: no user info, and no value of the document's API-key query parameters or of any field the
        // base address carries (…/api?code=KEY is how some services take their key).
        var redactUri = $$"""
            private string? RedactUri(__x.Uri? uri)
            {
                if (uri is null || !uri.IsAbsoluteUri)
                {
                    return uri?.ToString();
                }

                var left = uri.GetComponents(__x.UriComponents.SchemeAndServer | __x.UriComponents.Path, __x.UriFormat.UriEscaped);
                if (uri.Query.Length < 2)
                {
                    return left;
                }

                var baseQuery = (_httpClient.BaseAddress ?? _options.BaseAddress)?.Query ?? string.Empty;
                var baseFields = baseQuery.Length < 2 ? __x.Array.Empty<string>() : baseQuery.Substring(1).Split('&');
                var fields = uri.Query.Substring(1).Split('&');
                for (var i = 0; i < fields.Length; i++)
                {
                    var raw = fields[i].Split('=')[0];
                    var secret = __x.Array.IndexOf(SecretQueryParameters, __x.Uri.UnescapeDataString(raw)) >= 0;
                    foreach (var field in baseFields)
                    {
                        secret |= field.Split('=')[0] == raw;
                    }

                    if (secret)
                    {
                        fields[i] = raw + "=[redacted]";
                    }
                }

                return left + "?" + string.Join("&", fields);
            }

            private static readonly string[] SecretQueryParameters = {{(secretQuery.Count == 0 ? "__x.Array.Empty<string>()" : "{ " + string.Join(", ", secretQuery.Select(CSharp.Literal)) + " }")}};
            """;
        writer.Line($$"""
            private void LogRequest({{Http}}HttpRequestMessage request, int attempt)
            {
                if (_options.Logger is { } logger && logger.IsEnabled({{Logging}}LogLevel.Debug))
                {
                    {{Logging}}LoggerExtensions.Log(logger, {{Logging}}LogLevel.Debug, new {{Logging}}EventId(1, "HttpRequest"), "HTTP {Method} {Uri} (attempt {Attempt}) {Headers}", request.Method.Method, RedactUri(request.RequestUri), attempt + 1, RedactHeaders(request.Headers, request.Content?.Headers));
                }
            }

            private void LogResponse({{Http}}HttpRequestMessage request, {{Http}}HttpResponseMessage response, long started)
            {
                var level = (int)response.StatusCode >= 400 ? {{Logging}}LogLevel.Information : {{Logging}}LogLevel.Debug;
                if (_options.Logger is { } logger && logger.IsEnabled(level))
                {
                    {{Logging}}LoggerExtensions.Log(logger, level, new {{Logging}}EventId(2, "HttpResponse"), "HTTP {Method} {Uri} answered {StatusCode} in {ElapsedMilliseconds} ms {Headers}", request.Method.Method, RedactUri(request.RequestUri), (int)response.StatusCode, __x.Math.Round(__x.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), RedactHeaders(response.Headers, response.Content.Headers));
                }
            }

            private bool LogFailure({{Http}}HttpRequestMessage request, __x.Exception exception, long started)
            {
                if (_options.Logger is { } logger && logger.IsEnabled({{Logging}}LogLevel.Warning))
                {
                    {{Logging}}LoggerExtensions.Log(logger, {{Logging}}LogLevel.Warning, new {{Logging}}EventId(3, "HttpFailure"), exception, "HTTP {Method} {Uri} failed after {ElapsedMilliseconds} ms", request.Method.Method, RedactUri(request.RequestUri), __x.Math.Round(__x.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
                }

                return false;
            }

            private static string RedactHeaders({{Http}}Headers.HttpHeaders headers, {{Http}}Headers.HttpHeaders? contentHeaders)
            {
                var text = new __x.Text.StringBuilder();
                foreach (var header in headers)
                {
                    AppendHeader(text, header.Key, header.Value);
                }

                if (contentHeaders is not null)
                {
                    foreach (var header in contentHeaders)
                    {
                        AppendHeader(text, header.Key, header.Value);
                    }
                }

                return text.ToString();
            }

            private static void AppendHeader(__x.Text.StringBuilder text, string name, __x.Collections.Generic.IEnumerable<string> values)
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                var secret = false;
                foreach (var candidate in SecretHeaders)
                {
                    secret |= string.Equals(candidate, name, __x.StringComparison.OrdinalIgnoreCase);
                }

                text.Append(name).Append(": ").Append(secret ? "[redacted]" : string.Join(", ", values));
            }

            private static readonly string[] SecretHeaders = { {{string.Join(", ", secretHeaders)}} };

            {{redactUri}}
            """);
    }

    /// <summary>text/event-stream: each event is yielded as it arrives; the response is disposed when the caller stops.</summary>
    private static void WriteEvents(SourceWriter writer, ClientInfo client, OperationSpec operation, string parse)
    {
        var type = operation.Response.Type!;
        using (writer.Block("using (__response)"))
        {
            writer.Line("await EnsureSuccessAsync(__response, " + parse + ", cancellationToken).ConfigureAwait(false);");
            writer.Line("var __stream = new BoundedEventStream(await __response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _options.MaxEventBytes);");
            writer.Line("await using var __disposeStream = __y.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(__stream, false);");
            using (writer.Block("await foreach (var __event in __y.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(__x.Net.ServerSentEvents.SseParser.Create(__stream).EnumerateAsync(cancellationToken), false))"))
            {
                writer.Line("if (__event.Data is \"[DONE]\") yield break; // the end marker some APIs (OpenAI) send");
                writer.Line(type.Kind == TypeKind.String
                    ? "yield return __event.Data;"
                    : "yield return __j.JsonSerializer.Deserialize(__event.Data, " + TypeInfo(client, type) + ")!;");
            }
        }
    }

    private static void WriteUri(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        var segments = SplitPath(operation.Path);
        var pieces = new List<string>();
        foreach (var (text, isParameter) in segments)
        {
            if (!isParameter)
            {
                pieces.Add(CSharp.Literal(text));
                continue;
            }

            var parameter = operation.Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Path && p.WireName == text);
            pieces.Add(parameter is null
                ? CSharp.Literal("{" + text + "}")
                : "PathSegment(" + Format(client, parameter.Type, parameter.Name) + ", nameof(" + parameter.Name + "))");
        }

        var query = operation.Parameters.Where(p => p.Location == ParameterLocation.Query).ToList();
        var apiKeyQuery = Schemes(client, operation).Where(s => s.Kind == SecurityKind.ApiKeyQuery).ToList();
        if (query.Count == 0 && apiKeyQuery.Count == 0)
        {
            writer.Line("var __uri = BuildUri(" + string.Join(" + ", pieces) + ");");
            return;
        }

        writer.Line("var __query = new __x.Text.StringBuilder();");
        foreach (var parameter in query)
        {
            WriteQueryParameter(writer, client, parameter);
        }

        foreach (var scheme in apiKeyQuery)
        {
            writer.Line(Guard(client, operation, scheme) + "if (_options.ApiKey is { Length: > 0 } __apiKey" + apiKeyQuery.IndexOf(scheme).ToString(CultureInfo.InvariantCulture) + ") AppendQuery(__query, " + CSharp.Literal(scheme.ParameterName) + ", __apiKey" + apiKeyQuery.IndexOf(scheme).ToString(CultureInfo.InvariantCulture) + ");");
        }

        // A path that already has a query (OpenAI: "/responses?beta=true") goes on with '&'.
        var rest = operation.Path.Contains('?')
            ? "(__query.Length == 0 ? string.Empty : \"&\" + __query.ToString(1, __query.Length - 1))"
            : "__query.ToString()";
        writer.Line("var __uri = BuildUri(" + string.Join(" + ", pieces) + " + " + rest + ");");
    }

    private static void WriteQueryParameter(SourceWriter writer, ClientInfo client, ParameterSpec parameter)
    {
        var name = CSharp.Literal(parameter.WireName);
        if (parameter.Type.Kind == TypeKind.Array)
        {
            var element = parameter.Type.Element!;
            using (writer.Block("if (" + parameter.Name + " is not null)"))
            {
                if (parameter.Explode && parameter.Style is QueryStyle.Form or QueryStyle.DeepObject)
                {
                    using (writer.Block("foreach (var __item in " + parameter.Name + ")"))
                    {
                        // Null items (the document allows them) are left out.
                        writer.Line("if (__item is { } __value) AppendQuery(__query, " + name + ", " + Format(client, element, "__value") + ");");
                    }
                }
                else
                {
                    var separator = parameter.Style switch { QueryStyle.SpaceDelimited => " ", QueryStyle.PipeDelimited => "|", _ => "," };
                    writer.Line("AppendQuery(__query, " + name + ", string.Join(" + CSharp.Literal(separator) + ", __x.Linq.Enumerable.Select(" + parameter.Name + ", static __item => __item is { } __value ? " + Format(client, element, "__value") + " : string.Empty)));");
                }
            }

            return;
        }

        if (parameter.Type.Kind is TypeKind.Model or TypeKind.Map)
        {
            // An object: its fields as name[key]=value (deepObject) or as key=value (form).
            using (writer.BlockIf(!parameter.Required, "if (" + parameter.Name + " is not null)"))
            {
                using (writer.Block("foreach (var __field in " + CSharp.Ns + client.SupportName + ".QueryFields(" + name + ", __j.JsonSerializer.SerializeToElement(" + parameter.Name + ", " + TypeInfo(client, parameter.Type) + "), " + (parameter.Style == QueryStyle.DeepObject ? "true" : "false") + "))"))
                {
                    writer.Line("AppendQuery(__query, __field.Key, __field.Value);");
                }
            }

            return;
        }

        var value = parameter.Required || !parameter.Type.IsValueType ? parameter.Name : parameter.Name + ".Value";
        var condition = parameter.Required && !parameter.Type.IsValueType ? null : parameter.Name + " is not null";
        var statement = "AppendQuery(__query, " + name + ", " + Format(client, parameter.Type, value) + ");";
        writer.Line(condition is null || parameter.Required ? statement : "if (" + condition + ") " + statement);
    }

    /// <summary>The wire text of a parameter value: invariant culture, ISO 8601 dates, enum wire values.</summary>
    private static string Format(ClientInfo client, TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Boolean => "(" + value + " ? \"true\" : \"false\")",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal
            => value + ".ToString(__x.Globalization.CultureInfo.InvariantCulture)",
        TypeKind.DateTimeOffset => value + ".ToString(\"O\", __x.Globalization.CultureInfo.InvariantCulture)",
        TypeKind.DateOnly => value + ".ToString(\"yyyy-MM-dd\", __x.Globalization.CultureInfo.InvariantCulture)",
        TypeKind.Guid => value + ".ToString(\"D\")",
        TypeKind.Enum => client.PlainEnums ? EnumWire(client, type, value) : value + ".ToString()",
        TypeKind.Bytes => "__x.Convert.ToBase64String(" + value + ")",
        TypeKind.Json => value + ".GetRawText()",
        _ => "(" + value + ".ToString() ?? string.Empty)",
    };

    /// <summary>A C# enum's wire value as text (its converter's <c>WireText</c>; integers in invariant culture).</summary>
    private static string EnumWire(ClientInfo client, TypeRef type, string value)
        => CSharp.Ns + type.Name + "JsonConverter.WireText(" + value + ")";

    private static IEnumerable<(string Text, bool IsParameter)> SplitPath(string path)
    {
        var index = 0;
        while (index < path.Length)
        {
            var open = path.IndexOf('{', index);
            var close = open < 0 ? -1 : path.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                yield return (path.Substring(index), false);
                yield break;
            }

            if (open > index)
            {
                yield return (path.Substring(index, open - index), false);
            }

            yield return (path.Substring(open + 1, close - open - 1), true);
            index = close + 1;
        }
    }

    /// <summary>
    /// The schemes an operation may send: those of its one requirement, or of the alternatives a call can end up
    /// sending (see <see cref="LiveAlternatives"/>).
    /// </summary>
    private static IEnumerable<SecuritySchemeSpec> Schemes(ClientInfo client, OperationSpec operation)
        => operation.Alternatives.Count == 0
            ? client.SecuritySchemes.Where(s => operation.Security.Contains(s.Key))
            : LiveAlternatives(client, operation).SelectMany(r => r).Distinct();

    private static void WriteHeaders(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        var accept = operation.Response.Kind switch
        {
            ResponseKind.Json or ResponseKind.Results => "application/json",
            ResponseKind.None => null,
            _ => string.Join(", ", operation.Response.ContentTypes),
        };
        if (accept is not null)
        {
            // A typed Accept parameter, when the operation has one, replaces the default list.
            var chosen = operation.Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Header && string.Equals(p.WireName, "Accept", System.StringComparison.OrdinalIgnoreCase));
            var statement = "__httpRequest.Headers.TryAddWithoutValidation(\"Accept\", " + CSharp.Literal(accept) + ");";
            writer.Line(chosen is null || chosen.Required ? statement : "if (" + chosen.Name + " is null) " + statement);
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Location == ParameterLocation.Header))
        {
            var value = Format(client, parameter.Type, parameter.Required || !parameter.Type.IsValueType ? parameter.Name : parameter.Name + ".Value");
            var statement = "__httpRequest.Headers.Add(" + CSharp.Literal(parameter.WireName) + ", " + value + ");";
            writer.Line(parameter.Required ? statement : "if (" + parameter.Name + " is not null) " + statement);
        }

        var cookies = operation.Parameters.Where(p => p.Location == ParameterLocation.Cookie).ToList();
        var cookieSchemes = Schemes(client, operation).Where(s => s.Kind == SecurityKind.ApiKeyCookie).ToList();
        if (cookies.Count > 0 || cookieSchemes.Count > 0)
        {
            writer.Line("var __cookies = new __x.Collections.Generic.List<string>();");
            foreach (var parameter in cookies)
            {
                var value = Format(client, parameter.Type, parameter.Required || !parameter.Type.IsValueType ? parameter.Name : parameter.Name + ".Value");
                var statement = "__cookies.Add(" + CSharp.Literal(parameter.WireName + "=") + " + __x.Uri.EscapeDataString(" + value + "));";
                writer.Line(parameter.Required ? statement : "if (" + parameter.Name + " is not null) " + statement);
            }

            foreach (var scheme in cookieSchemes)
            {
                var key = "__cookieKey" + cookieSchemes.IndexOf(scheme).ToString(CultureInfo.InvariantCulture);
                writer.Line(Guard(client, operation, scheme) + "if (_options.ApiKey is { Length: > 0 } " + key + ") __cookies.Add(" + CSharp.Literal(scheme.ParameterName + "=") + " + __x.Uri.EscapeDataString(" + key + "));");
            }

            writer.Line("if (__cookies.Count > 0) __httpRequest.Headers.Add(\"Cookie\", string.Join(\"; \", __cookies));");
        }

        // One Authorization header at most (the first scheme that sets it), and each API-key header once, per requirement
        // the client may choose (alternatives exclude each other).
        var headerNames = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var scheme in Schemes(client, operation))
        {
            var guard = Guard(client, operation, scheme);
            var header = scheme.Kind is SecurityKind.Bearer or SecurityKind.Basic ? "Authorization" : scheme.ParameterName;
            if (scheme.Kind is not (SecurityKind.Bearer or SecurityKind.Basic or SecurityKind.ApiKeyHeader) || !headerNames.Add(guard + header))
            {
                continue;
            }

            switch (scheme.Kind)
            {
                // One call of the client's helper for the scheme's kind (WriteAuthorization).
                case SecurityKind.Bearer:
                    writer.Line(guard + "__Bearer(__httpRequest);");
                    break;
                case SecurityKind.Basic:
                    writer.Line(guard + "__Basic(__httpRequest);");
                    break;
                default:
                    writer.Line(guard + "__HeaderKey(__httpRequest, " + CSharp.Literal(scheme.ParameterName) + ");");
                    break;
            }
        }
    }

    /// <summary>
    /// With alternative security requirements, which one this call sends: the first whose credentials are all set
    /// (<c>-1</c>: none, nothing is sent and the server decides).
    /// </summary>
    private static void WriteSecurityChoice(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        var live = LiveAlternatives(client, operation);
        if (live.Count < 2)
        {
            return;
        }

        var choice = new System.Text.StringBuilder("var __security = ");
        for (var i = 0; i < live.Count; i++)
        {
            var conditions = live[i].Select(scheme => scheme.Kind == SecurityKind.Basic
                    ? "(_options.Username is { Length: > 0 } || _options.ApiKey is { Length: > 0 })"
                    : "_options.ApiKey is { Length: > 0 }")
                .Distinct()
                .OrderBy(c => c, System.StringComparer.Ordinal);
            choice.Append(string.Join(" && ", conditions)).Append(" ? ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" : ");
        }

        writer.Line(choice.Append("-1;").ToString());
    }

    /// <summary>
    /// The alternative requirements a call can end up sending, each as its schemes: those whose schemes this client
    /// can all send, without the ones an earlier alternative always wins over (it needs no credential they do not have).
    /// </summary>
    private static List<List<SecuritySchemeSpec>> LiveAlternatives(ClientInfo client, OperationSpec operation)
    {
        var live = new List<List<SecuritySchemeSpec>>();
        foreach (var requirement in operation.Alternatives)
        {
            var schemes = requirement.Schemes.Select(key => client.SecuritySchemes.FirstOrDefault(s => s.Key == key)).ToList();
            if (schemes.Any(s => s is null))
            {
                continue;
            }

            var needs = Credentials(schemes!);
            if (!live.Any(earlier => Credentials(earlier).All(need => need == "basic" ? needs.Contains("basic") || needs.Contains("key") : needs.Contains(need))))
            {
                live.Add(schemes!);
            }
        }

        return live;
    }

    /// <summary>The credentials a requirement needs: "key" (the API key or token), "basic" (a user name, or the key).</summary>
    private static HashSet<string> Credentials(IEnumerable<SecuritySchemeSpec> schemes)
        => new(schemes.Select(s => s.Kind == SecurityKind.Basic ? "basic" : "key"), System.StringComparer.Ordinal);

    /// <summary>The condition that puts <paramref name="scheme"/> on the request when the operation has live alternatives.</summary>
    private static string Guard(ClientInfo client, OperationSpec operation, SecuritySchemeSpec scheme)
    {
        var live = LiveAlternatives(client, operation);
        if (live.Count < 2)
        {
            return string.Empty;
        }

        var indexes = live
            .Select((requirement, index) => (requirement, index))
            .Where(r => r.requirement.Any(s => s.Key == scheme.Key))
            .Select(r => r.index.ToString(CultureInfo.InvariantCulture))
            .ToList();
        return "if (__security is " + string.Join(" or ", indexes) + ") ";
    }

    private static void WriteBody(SourceWriter writer, ClientInfo client, OperationSpec operation)
    {
        if (operation.Body is not { } body)
        {
            return;
        }

        if (body.Kind == BodyKind.Multipart)
        {
            WriteMultipart(writer, client, body);
            return;
        }

        var mediaType = "new " + Http + "Headers.MediaTypeHeaderValue(" + CSharp.Literal(body.ContentType.Split(';')[0].Trim()) + ")";
        var statement = body.Kind switch
        {
            BodyKind.Json => "__httpRequest.Content = " + Http + "Json.JsonContent.Create(request, " + TypeInfo(client, body.Type) + ", " + mediaType + ");",
            BodyKind.Text => "__httpRequest.Content = new " + Http + "StringContent(request, __x.Text.Encoding.UTF8, " + CSharp.Literal(body.ContentType.Split(';')[0].Trim()) + ");",
            BodyKind.FormUrlEncoded => "__httpRequest.Content = new " + Http + "FormUrlEncodedContent(" + CSharp.Ns + client.SupportName + ".FormFields(__j.JsonSerializer.SerializeToElement(request, " + TypeInfo(client, body.Type) + "), "
                + (body.DeepObjectProperties.Count == 0 ? "__x.Array.Empty<string>()" : "new string[] { " + string.Join(", ", body.DeepObjectProperties.Select(CSharp.Literal)) + " }") + "));",
            _ => "__httpRequest.Content = new " + Http + "StreamContent(request) { Headers = { ContentType = " + mediaType + " } };",
        };
        writer.Line(body.Required ? statement : "if (request is not null) " + statement);
    }

    /// <summary>One part per property: files as file parts, plain values as text, lists as repeated parts, anything else as JSON.</summary>
    private static void WriteMultipart(SourceWriter writer, ClientInfo client, RequestBodySpec body)
    {
        using (writer.BlockIf(!body.Required, "if (request is not null)"))
        {
            writer.Line("var __form = " + CSharp.Ns + client.SupportName + ".Form();");
            for (var i = 0; i < body.Parts.Count; i++)
            {
                var part = body.Parts[i];
                var local = "__part" + i.ToString(CultureInfo.InvariantCulture);
                var name = CSharp.Literal(part.JsonName);
                using (writer.Block("if (request." + part.Name + " is { } " + local + ")"))
                {
                    if (part.Type.Kind == TypeKind.Array && part.Type.IsFileOrPlain)
                    {
                        using (writer.Block("foreach (var __item in " + local + ")"))
                        {
                            writer.Line("if (__item is { } __value) " + AddPart(client, part.Type.Element!, "__value", name));
                        }
                    }
                    else
                    {
                        writer.Line(AddPart(client, part.Type, local, name));
                    }
                }
            }

            writer.Line("__httpRequest.Content = __form;");
        }
    }

    private static string AddPart(ClientInfo client, TypeRef type, string value, string name)
    {
        var (content, fileName) = type.Kind switch
        {
            TypeKind.File => (value + ".CreateContent()", value + ".FileName"),
            _ when type.IsFileOrPlain => ("new " + Http + "StringContent(" + Format(client, type, value) + ")", "null"),
            _ => (CSharp.Ns + client.SupportName + ".JsonPart(__j.JsonSerializer.SerializeToElement(" + value + ", " + TypeInfo(client, type) + "))", "null"),
        };
        return "__form.Add(" + CSharp.Ns + client.SupportName + ".FormPart(" + content + ", " + name + ", " + fileName + "));";
    }

    /// <summary>
    /// The error parser of each operation (by method name) that has a typed error: operations whose errors read the same share one, named
    /// after the first of them in the document's order, which alone carries its body.
    /// </summary>
    private static Dictionary<string, (string Name, string? Body)> ErrorParsers(ClientInfo client, EquatableArray<OperationSpec> operations)
    {
        var parsers = new Dictionary<string, (string Name, string? Body)>(System.StringComparer.Ordinal);
        var byBody = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (!operation.Errors.Any(e => e.Type is not null))
            {
                continue;
            }

            var (body, arms) = ErrorParserBody(client, operation);
            if (byBody.TryGetValue(body, out var shared))
            {
                parsers[operation.MethodName] = (shared, null);
                continue;
            }

            // Named by what it reads (__Parse_404_Problem_Default_Other): the same whichever operations share it. A
            // generator name (two underscores), so no name made from the document meets it; an unwieldy one, or one
            // that another body has, is named after its first operation instead (a name each operation reserves).
            // Type-info names have underscores of their own (ListOf_X): a name another body took already falls back too.
            var name = "__Parse_" + string.Join("_", arms);
            if (name.Length > 128 || byBody.ContainsValue(name))
            {
                name = "Parse" + operation.MethodName.Substring(0, operation.MethodName.Length - 5) + "Error";
            }

            byBody.Add(body, name);
            parsers[operation.MethodName] = (name, body);
        }

        return parsers;
    }

    /// <summary>An error parser's body, and its arms as words for its name (<c>404or410</c>, <c>Problem</c>, <c>4XX</c>, <c>Default</c>).</summary>
    private static (string Body, List<string> Arms) ErrorParserBody(ClientInfo client, OperationSpec operation)
    {
        var arms = new List<string>();
        var writer = new SourceWriter();
        // The most specific response with a body: exact codes, then ranges, then default (a response without a JSON
        // body leaves its statuses to the next). A range whose every code has an arm already would be unreachable.
        var typed = operation.Errors.Where(e => e.Type is not null).ToList();
        var exact = typed.Where(e => e is { StatusCode: not null, IsRange: false }).ToList();
        var ranges = typed.Where(e => e.IsRange && !Enumerable.Range(e.StatusCode!.Value, 100).All(c => exact.Any(x => x.StatusCode == c)));
        var fallback = typed.FirstOrDefault(e => e.StatusCode is null);
        writer.Line("return statusCode switch");
        writer.Line("{");
        writer.Indent();
        foreach (var group in exact.GroupBy(e => e.Type!))
        {
            var codes = string.Join(" or ", group.Select(e => e.StatusCode!.Value.ToString(CultureInfo.InvariantCulture)));
            writer.Line(codes + " => TryParse(body, " + TypeInfo(client, group.Key) + "),");
            arms.Add(codes.Replace(" or ", "or"));
            arms.Add(InfoName(client, group.Key));
        }

        foreach (var group in ranges.GroupBy(e => e.Type!))
        {
            writer.Line(string.Join(" or ", group.Select(e => StatusRange(e.StatusCode!.Value))) + " => TryParse(body, " + TypeInfo(client, group.Key) + "),");
            arms.Add(string.Join("or", group.Select(e => (e.StatusCode!.Value / 100).ToString(CultureInfo.InvariantCulture) + "XX")));
            arms.Add(InfoName(client, group.Key));
        }

        writer.Line("_ => " + (fallback is null ? "null" : "TryParse(body, " + TypeInfo(client, fallback.Type!) + ")") + ",");
        if (fallback is not null)
        {
            arms.Add("Default");
            arms.Add(InfoName(client, fallback.Type!));
        }

        writer.Unindent();
        writer.Line("};");
        return (writer.ToString(), arms);
    }

    /// <summary>The resolver's member name of a type's info.</summary>
    private static string InfoName(ClientInfo client, TypeRef type) => CSharp.TypeInfoName(client, type);

    private static string TypeInfo(ClientInfo client, TypeRef type) => CSharp.TypeInfoReference(client, type);

    /// <summary>The pattern of a range of statuses: <c>&gt;= 400 and &lt;= 499</c> for 4XX.</summary>
    private static string StatusRange(int first) => ">= " + first.ToString(CultureInfo.InvariantCulture) + " and <= " + (first + 99).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The credential headers, one helper per kind of scheme the document has, that each request's builder calls: the
    /// options' values are read per request, and an empty one sends nothing.
    /// </summary>
    private static void WriteAuthorization(SourceWriter writer, ClientInfo client)
    {
        var kinds = client.SecuritySchemes.Select(s => s.Kind).ToList();
        if (kinds.Contains(SecurityKind.Bearer))
        {
            writer.Line();
            writer.Line("private void __Bearer(" + Http + "HttpRequestMessage request)");
            writer.Line("{");
            writer.Line("    if (_options.ApiKey is { Length: > 0 } key) request.Headers.Authorization = new " + Http + "Headers.AuthenticationHeaderValue(\"Bearer\", HeaderValue(key));");
            writer.Line("}");
        }

        if (kinds.Contains(SecurityKind.Basic))
        {
            // Username and password when set (Twilio: account SID and auth token), else the API key as "user:password".
            writer.Line();
            writer.Line("private void __Basic(" + Http + "HttpRequestMessage request)");
            writer.Line("{");
            writer.Line("    if ((_options.Username is { Length: > 0 } user ? user + \":\" + _options.Password : _options.ApiKey) is { Length: > 0 } basic) request.Headers.Authorization = new " + Http + "Headers.AuthenticationHeaderValue(\"Basic\", __x.Convert.ToBase64String(__x.Text.Encoding.UTF8.GetBytes(basic)));");
            writer.Line("}");
        }

        if (kinds.Contains(SecurityKind.ApiKeyHeader))
        {
            writer.Line();
            writer.Line("private void __HeaderKey(" + Http + "HttpRequestMessage request, string name)");
            writer.Line("{");
            writer.Line("    if (_options.ApiKey is { Length: > 0 } key) request.Headers.TryAddWithoutValidation(name, HeaderValue(key));");
            writer.Line("}");
        }
    }

    private static void WriteHelpers(SourceWriter writer, ClientInfo client, bool logging)
    {
        // With a logger: each attempt, its answer or its failure (an exception filter that logs and never catches).
        var logRequest = logging ? "\n        var started = __x.Diagnostics.Stopwatch.GetTimestamp();\n        LogRequest(request, attempt);" : string.Empty;
        var logFailure = logging ? "\n        catch (__x.Exception e) when (LogFailure(request, e, started))\n        {\n            throw;\n        }" : string.Empty;
        var logResponse = logging ? "\n        LogResponse(request, response, started);" : string.Empty;
        var missing = "throw new __x.InvalidOperationException(\"Set " + client.OptionsName + ".BaseAddress or HttpClient.BaseAddress: the OpenAPI document names no absolute server.\")";
        var baseAddress = client.AbsoluteServerUrl is not null
            ? "_httpClient.BaseAddress ?? _options.BaseAddress"
            : "_httpClient.BaseAddress ?? _options.BaseAddress ?? " + missing;
        var relative = client.ServerIsRelative
            ? $$"""

                    // The document's server is relative: resolved against the given address, as against the document's location.
                    var resolved = _resolved;
                    if (resolved is null || !ReferenceEquals(resolved.Item1, baseAddress))
                    {
                        _resolved = resolved = __x.Tuple.Create(baseAddress, new __x.Uri(baseAddress, ServerUrl));
                    }

                    baseAddress = resolved.Item2;
                """
            : string.Empty;
        var relativeFields = client.ServerIsRelative
            ? "\n\nprivate const string ServerUrl = " + CSharp.Literal(client.DefaultServerUrl!) + ";\nprivate __x.Tuple<__x.Uri, __x.Uri>? _resolved;"
            : string.Empty;
        var response = CSharp.Ns + client.Prefix + "Response";
        writer.Line($$"""
            /// <summary>The answer of a call as status, headers and value, or as the error it raised (the WithResponse methods).</summary>
            private static async {{Tasks}}Task<{{response}}<T>> __CaptureAsync<T>(__x.Func<__x.Action<{{Http}}HttpResponseMessage>, {{Tasks}}Task<T>> call)
            {
                var status = 0;
                __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>>? headers = null;
                try
                {
                    var value = await call(r => { status = (int)r.StatusCode; headers = CollectHeaders(r); }).ConfigureAwait(false);
                    return new {{response}}<T>(status, headers!, value, null);
                }
                catch (global::{{client.Namespace}}.{{client.ExceptionName}} error)
                {
                    return new {{response}}<T>(error.StatusCode, error.Headers, default, error);
                }
            }

            /// <summary><see cref="__CaptureAsync"/> for a call without a value.</summary>
            private static async {{Tasks}}Task<{{response}}<object?>> __CaptureEmptyAsync(__x.Func<__x.Action<{{Http}}HttpResponseMessage>, {{Tasks}}Task> call)
            {
                var status = 0;
                __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>>? headers = null;
                try
                {
                    await call(r => { status = (int)r.StatusCode; headers = CollectHeaders(r); }).ConfigureAwait(false);
                    return new {{response}}<object?>(status, headers!, null, null);
                }
                catch (global::{{client.Namespace}}.{{client.ExceptionName}} error)
                {
                    return new {{response}}<object?>(error.StatusCode, error.Headers, default, error);
                }
            }

            private __x.Uri BuildUri(string pathAndQuery)
            {
                var baseAddress = {{baseAddress}};{{relative}}
                var query = baseAddress.Query;
                if (query.Length < 2 && baseAddress.Fragment.Length == 0)
                {
                    return new __x.Uri(baseAddress.AbsoluteUri.TrimEnd('/') + pathAndQuery, __x.UriKind.Absolute);
                }

                // A base address with a query (…/api?code=S): the path goes before it, and its fields after the operation's.
                var path = baseAddress.GetLeftPart(__x.UriPartial.Path).TrimEnd('/') + pathAndQuery;
                return new __x.Uri(query.Length < 2 ? path : path + (pathAndQuery.IndexOf('?') < 0 ? "?" : "&") + query.Substring(1), __x.UriKind.Absolute);
            }{{relativeFields}}

            private static void AppendQuery(__x.Text.StringBuilder query, string name, string value)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(__x.Uri.EscapeDataString(name)).Append('=').Append(__x.Uri.EscapeDataString(value));
            }

            private const string UserAgent = "{{CSharp.GeneratorName}}/{{CSharp.GeneratorVersion}} ({{client.ClientName}})";

            /// <summary>Called with each request just before it is sent (each attempt): add headers, log, trace.</summary>
            partial void OnBeforeSend({{Http}}HttpRequestMessage request);

            /// <summary>Called with each response as soon as its headers arrive, before it is read.</summary>
            partial void OnAfterReceive({{Http}}HttpResponseMessage response);

            /// <summary>
            /// Sends a request, retrying what can be retried safely: 408, 429, 500, 502, 503, 504, network errors and timeouts,
            /// with exponential backoff and jitter, honouring Retry-After. A request that is not idempotent (POST, PATCH) is
            /// never sent again once it may have reached the server: only a connection that was never made is retried, unless
            /// the operation declares an Idempotency-Key header and the request carries one, or the caller opted in with
            /// RetryUnsafeRequest. A body that cannot be replayed is never resent. Redirects that reach the client (the
            /// handler does not follow them itself) are followed here within the API's origin only; one to another origin is the answer.
            /// </summary>
            private async {{Tasks}}Task<{{Http}}HttpResponseMessage> SendAsync(__x.Func<{{Http}}HttpRequestMessage> build, bool replayable, bool declaresIdempotencyKey, global::{{client.Namespace}}.{{client.RequestOptionsName}}? requestOptions, {{Token}} cancellationToken)
            {
                var maxRetries = replayable ? __x.Math.Max(0, requestOptions?.MaxRetries ?? _options.MaxRetries) : 0;
                __x.Uri? origin = null, target = null;
                {{Http}}HttpMethod? redirectMethod = null;
                var redirects = 0;
                for (var attempt = 0; ; attempt++)
                {
                    var request = build();
                    origin ??= request.RequestUri;
                    if (target is not null)
                    {
                        Redirect(request, target, redirectMethod!);
                    }

                    request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                    if (requestOptions?.IdempotencyKey is { Length: > 0 } idempotencyKey && !request.Headers.Contains("Idempotency-Key"))
                    {
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", HeaderValue(idempotencyKey, "The idempotency key"));
                    }

                    var method = request.Method;
                    var idempotent = method == {{Http}}HttpMethod.Get || method == {{Http}}HttpMethod.Head || method == {{Http}}HttpMethod.Put
                        || method == {{Http}}HttpMethod.Delete || method == {{Http}}HttpMethod.Options || requestOptions?.RetryUnsafeRequest == true
                        || (declaresIdempotencyKey && request.Headers.Contains("Idempotency-Key"));
                    OnBeforeSend(request);{{logRequest}}
                    {{Http}}HttpResponseMessage response;
                    try
                    {
                        response = await _httpClient.SendAsync(request, {{Http}}HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }{{logFailure}}
                    catch ({{Http}}HttpRequestException e) when (attempt < maxRetries && (idempotent || e.HttpRequestError is {{Http}}HttpRequestError.ConnectionError or {{Http}}HttpRequestError.NameResolutionError))
                    {
                        // Retried: the request is idempotent, or the connection was never made, so the server never saw it.
                        request.Dispose();
                        await __y.Tasks.Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (__x.OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < maxRetries && idempotent)
                    {
                        // A timeout after the request was sent: retried only when repeating it is harmless.
                        request.Dispose();
                        await __y.Tasks.Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    OnAfterReceive(response);{{logResponse}}
                    var status = (int)response.StatusCode;
                    if (status is 301 or 302 or 303 or 307 or 308 && redirects < MaxRedirects && response.Headers.Location is { } location
                        && __x.Uri.TryCreate(request.RequestUri, location, out var next)
                        && __x.Uri.Compare(origin, next, __x.UriComponents.SchemeAndServer, __x.UriFormat.Unescaped, __x.StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        // Only within the origin (scheme, host and port): a redirect elsewhere is the answer, so no credential,
                        // whoever added it (the client, a handler, a hook), ever reaches another host. 303, and 301/302 after a
                        // POST, become a GET without the body; a request that keeps its method and body is sent again only when
                        // it could be retried (idempotent, or the caller's opt-in) and its body can be replayed.
                        var nextMethod = status == 303 && method != {{Http}}HttpMethod.Head || status is 301 or 302 && method == {{Http}}HttpMethod.Post ? {{Http}}HttpMethod.Get : method;
                        if (nextMethod != method || (idempotent && replayable))
                        {
                            response.Dispose();
                            request.Dispose();
                            target = next;
                            redirectMethod = nextMethod;
                            redirects++;
                            attempt--;
                            continue;
                        }
                    }

                    if (attempt < maxRetries && idempotent && status is 408 or 429 or 500 or 502 or 503 or 504)
                    {
                        var retryAfter = RetryAfter(response);
                        if (retryAfter is null || retryAfter <= _options.MaxRetryDelay)
                        {
                            response.Dispose();
                            request.Dispose();
                            await __y.Tasks.Task.Delay(retryAfter ?? Backoff(attempt), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                    }

                    return response;
                }
            }

            private const int MaxRedirects = 10;

            /// <summary>Points a rebuilt request at a redirect's target (within the origin); a method changed to GET loses its body.</summary>
            private static void Redirect({{Http}}HttpRequestMessage request, __x.Uri target, {{Http}}HttpMethod method)
            {
                request.RequestUri = target;
                if (method != request.Method)
                {
                    request.Method = method;
                    request.Content?.Dispose();
                    request.Content = null;
                }
            }

            /// <summary>A header value from the caller (API key, idempotency key): CR, LF and NUL would split or end the header, and are refused.</summary>
            private static string HeaderValue(string value, string what = "The API key")
                => value.IndexOfAny(s_headerBreaks) < 0 ? value : throw new __x.FormatException(what + " holds CR, LF or NUL, which cannot be sent in an HTTP header.");

            private static readonly char[] s_headerBreaks = { '\r', '\n', '\0' };

            /// <summary>A path parameter's value as one escaped segment; "", "." and ".." are refused, as the URI would drop or climb the segment.</summary>
            private static string PathSegment(string value, string name)
                => value is "" or "." or ".." ? throw new __x.ArgumentException("A path parameter cannot be empty, \".\" or \"..\": the request would go to another path.", name) : __x.Uri.EscapeDataString(value);

            /// <summary>Exponential backoff with full jitter: a random delay up to RetryDelay × 2^attempt, at most MaxRetryDelay.</summary>
            private __x.TimeSpan Backoff(int attempt)
            {
                var ceiling = __x.Math.Min(_options.RetryDelay.TotalMilliseconds * __x.Math.Pow(2, attempt), _options.MaxRetryDelay.TotalMilliseconds);
                return __x.TimeSpan.FromMilliseconds(ceiling * __x.Random.Shared.NextDouble());
            }

            /// <summary>The server's Retry-After, in seconds or as a date; null when it sent none.</summary>
            private static __x.TimeSpan? RetryAfter({{Http}}HttpResponseMessage response)
            {
                if (response.Headers.RetryAfter is not { } retryAfter)
                {
                    return null;
                }

                if (retryAfter.Delta is { } delta)
                {
                    return delta < __x.TimeSpan.Zero ? __x.TimeSpan.Zero : delta;
                }

                if (retryAfter.Date is { } date)
                {
                    var wait = date - __x.DateTimeOffset.UtcNow;
                    return wait < __x.TimeSpan.Zero ? __x.TimeSpan.Zero : wait;
                }

                return null;
            }

            private async {{Tasks}}Task EnsureSuccessAsync({{Http}}HttpResponseMessage response, __x.Func<int, string, object?> parseError, {{Token}} cancellationToken)
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var statusCode = (int)response.StatusCode;
                string body;
                var timeout = BodyTimeout.Start(_httpClient.Timeout, cancellationToken);
                timeout?.Arm();
                try
                {
                    body = await ReadErrorBodyAsync(response.Content, timeout?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                catch (__x.OperationCanceledException e) when (timeout is not null && timeout.IsCancellationRequested)
                {
                    throw BodyCanceled(e, cancellationToken);
                }
                finally
                {
                    timeout?.End();
                }

                var error = body.Length == 0 ? null : parseError(statusCode, body);
                throw new global::{{client.Namespace}}.{{client.ExceptionName}}(statusCode, response.ReasonPhrase, body, error, CollectHeaders(response));
            }

            /// <summary>An error body is read up to 1 MiB: a hostile or broken server cannot make the client buffer more.</summary>
            private const int MaxErrorBodyBytes = 1024 * 1024;

            private static async {{Tasks}}Task<string> ReadErrorBodyAsync({{Http}}HttpContent content, {{Token}} cancellationToken)
            {
                var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var buffer = __x.Buffers.ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes + 1);
                try
                {
                    var length = 0;
                    int read;
                    while (length <= MaxErrorBodyBytes && (read = await stream.ReadAsync(new __x.Memory<byte>(buffer, length, MaxErrorBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        length += read;
                    }

                    // One byte past the limit means there was more: the text is cut and says so.
                    return length > MaxErrorBodyBytes
                        ? __x.Text.Encoding.UTF8.GetString(buffer, 0, MaxErrorBodyBytes) + "…"
                        : __x.Text.Encoding.UTF8.GetString(buffer, 0, length);
                }
                finally
                {
                    __x.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }

            /// <summary>Sends the request that <paramref name="build"/> makes, then reads the JSON body of a success: the whole of an operation that answers JSON, after its parameters are checked and its URI built.</summary>
            private async {{Tasks}}Task<T> SendJsonAsync<T>(__x.Func<{{Http}}HttpRequestMessage> build, bool replayable, bool declaresIdempotencyKey, global::{{client.Namespace}}.{{client.RequestOptionsName}}? requestOptions, __x.Func<int, string, object?> parseError, __j.Serialization.Metadata.JsonTypeInfo<T> typeInfo, __x.Action<{{Http}}HttpResponseMessage>? observe, {{Token}} cancellationToken)
            {
                var response = await SendAsync(build, replayable, declaresIdempotencyKey, requestOptions, cancellationToken).ConfigureAwait(false);
                observe?.Invoke(response);
                using (response)
                {
                    await EnsureSuccessAsync(response, parseError, cancellationToken).ConfigureAwait(false);
                    return await ReadJsonAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
                }
            }

            // ValueTask: a body already at hand is read without allocating a Task per call.
            private async {{Tasks}}ValueTask<T> ReadJsonAsync<T>({{Http}}HttpResponseMessage response, __j.Serialization.Metadata.JsonTypeInfo<T> typeInfo, {{Token}} cancellationToken)
            {
                var value = await ReadJsonOrNullAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
                return value ?? throw new __j.JsonException("The response body is null, but the API document says it is " + typeof(T).Name + ".");
            }

            private async {{Tasks}}ValueTask<T?> ReadJsonOrNullAsync<T>({{Http}}HttpResponseMessage response, __j.Serialization.Metadata.JsonTypeInfo<T> typeInfo, {{Token}} cancellationToken)
            {
                var timeout = BodyTimeout.Start(_httpClient.Timeout, cancellationToken);
                try
                {
                    // Streamed from the network into pooled buffers: the body is never held as a string.
                    var token = timeout?.Token ?? cancellationToken;
                    var stream = await OpenBodyAsync(response, timeout, token).ConfigureAwait(false);
                    try
                    {
                        return await __j.JsonSerializer.DeserializeAsync(stream, typeInfo, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                    }
                }
                catch (__x.OperationCanceledException e) when (timeout is not null && timeout.IsCancellationRequested)
                {
                    throw BodyCanceled(e, cancellationToken);
                }
                finally
                {
                    timeout?.End();
                }
            }

            private static object? TryParse<T>(string body, __j.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
            {
                try
                {
                    return __j.JsonSerializer.Deserialize(body, typeInfo);
                }
                catch (__j.JsonException)
                {
                    return null;
                }
            }

            internal static __x.Collections.Generic.IReadOnlyDictionary<string, __x.Collections.Generic.IReadOnlyList<string>> CollectHeaders({{Http}}HttpResponseMessage response)
            {
                var headers = new __x.Collections.Generic.Dictionary<string, __x.Collections.Generic.IReadOnlyList<string>>(__x.StringComparer.OrdinalIgnoreCase);
                foreach (var header in response.Headers)
                {
                    headers[header.Key] = __x.Linq.Enumerable.ToArray(header.Value);
                }

                foreach (var header in response.Content.Headers)
                {
                    headers[header.Key] = __x.Linq.Enumerable.ToArray(header.Value);
                }

                return headers;
            }
            """);
    }

    /// <summary>
    /// The bounds on reading a response: HttpClient.Timeout for bodies read into a value (the client reads with
    /// ResponseHeadersRead, so HttpClient's own timeout ends with the headers), MaxResponseBodyBytes for those bodies and
    /// MaxEventBytes for server-sent events. Streams handed to the caller are not timed. The text reader and the event
    /// stream's bound are written only for a client with such operations.
    /// </summary>
    private static void WriteLimits(SourceWriter writer, ClientInfo client, bool text, bool events)
    {
        const string Stream = "__x.IO.Stream";
        const string NotSupported = "throw new __x.NotSupportedException()";
        var tooLarge = CSharp.Ns + client.ResponseTooLargeName;
        var streamMembers = $$"""
                public override bool CanRead => true;

                public override bool CanSeek => false;

                public override bool CanWrite => false;

                public override long Length => {{NotSupported}};

                public override long Position { get => {{NotSupported}}; set => {{NotSupported}}; }

                public override void Flush()
                {
                }

                public override long Seek(long offset, __x.IO.SeekOrigin origin) => {{NotSupported}};

                public override void SetLength(long value) => {{NotSupported}};

                public override void Write(byte[] buffer, int offset, int count) => {{NotSupported}};

                public override int Read(byte[] buffer, int offset, int count) => Read(new __x.Span<byte>(buffer, offset, count));

                public override {{Tasks}}Task<int> ReadAsync(byte[] buffer, int offset, int count, {{Token}} cancellationToken)
                    => ReadAsync(new __x.Memory<byte>(buffer, offset, count), cancellationToken).AsTask();

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        inner.Dispose();
                    }

                    base.Dispose(disposing);
                }

                public override {{Tasks}}ValueTask DisposeAsync() => inner.DisposeAsync();
            """.TrimStart();
        if (text)
        {
            writer.Line($$"""
                /// <summary>A text body, within HttpClient.Timeout and MaxResponseBodyBytes (HttpContent.ReadAsStringAsync has neither).</summary>
                private async {{Tasks}}Task<string> ReadTextAsync({{Http}}HttpResponseMessage response, {{Token}} cancellationToken)
                {
                    var timeout = BodyTimeout.Start(_httpClient.Timeout, cancellationToken);
                    try
                    {
                        var token = timeout?.Token ?? cancellationToken;
                        var stream = await OpenBodyAsync(response, timeout, token).ConfigureAwait(false);

                        // The charset the server names (UTF-8 when it names none or one this runtime does not know); a byte order mark wins.
                        using var reader = new __x.IO.StreamReader(stream, TextEncoding(response.Content.Headers.ContentType?.CharSet), detectEncodingFromByteOrderMarks: true);
                        return await reader.ReadToEndAsync(token).ConfigureAwait(false);
                    }
                    catch (__x.OperationCanceledException e) when (timeout is not null && timeout.IsCancellationRequested)
                    {
                        throw BodyCanceled(e, cancellationToken);
                    }
                    finally
                    {
                        timeout?.End();
                    }
                }

                private static __x.Text.Encoding TextEncoding(string? charset)
                {
                    if (!string.IsNullOrEmpty(charset))
                    {
                        try
                        {
                            return __x.Text.Encoding.GetEncoding(charset.Trim('"'));
                        }
                        catch (__x.Exception e) when (e is __x.ArgumentException or __x.NotSupportedException)
                        {
                            // An unknown or unsupported charset (utf-7 is refused by .NET): read as UTF-8.
                        }
                    }

                    return __x.Text.Encoding.UTF8;
                }
                """);
            writer.Line();
        }

        writer.Line($$"""
            /// <summary>
            /// The body as a stream within MaxResponseBodyBytes: one whose length is known (content in memory, or the server's
            /// Content-Length) and too large fails before anything is read. A network stream is read through the bounded stream,
            /// whose first read that has to wait starts the timeout; a stream in memory has nothing to wait for and is read as it is.
            /// </summary>
            private {{Tasks}}ValueTask<__x.IO.Stream> OpenBodyAsync({{Http}}HttpResponseMessage response, BodyTimeout? timeout, {{Token}} token)
            {
                var opening = response.Content.ReadAsStreamAsync(token);
                if (opening.IsCompletedSuccessfully)
                {
                    return new {{Tasks}}ValueTask<__x.IO.Stream>(BoundBody(response, opening.Result, timeout));
                }

                timeout?.Arm();
                return OpenBodySlowlyAsync(response, opening, timeout);
            }

            private async {{Tasks}}ValueTask<__x.IO.Stream> OpenBodySlowlyAsync({{Http}}HttpResponseMessage response, {{Tasks}}Task<__x.IO.Stream> opening, BodyTimeout? timeout)
                => BoundBody(response, await opening.ConfigureAwait(false), timeout);

            private __x.IO.Stream BoundBody({{Http}}HttpResponseMessage response, __x.IO.Stream stream, BodyTimeout? timeout)
            {
                var limit = _options.MaxResponseBodyBytes;
                var inMemory = stream.CanSeek;
                if ((inMemory ? stream.Length - stream.Position : response.Content.Headers.ContentLength) is { } length && length > limit)
                {
                    throw BodyTooLarge(response.StatusCode, limit, length);
                }

                return inMemory ? stream : new BoundedBodyStream(stream, limit, response.StatusCode, timeout);
            }

            private static {{tooLarge}} BodyTooLarge(__x.Net.HttpStatusCode statusCode, long limit, long? contentLength)
                => new {{tooLarge}}(
                    (contentLength is { } length ? "The response body of " + length.ToString(__x.Globalization.CultureInfo.InvariantCulture) + " bytes is" : "The response body is")
                    + " larger than {{client.OptionsName}}.MaxResponseBodyBytes allows (" + limit.ToString(__x.Globalization.CultureInfo.InvariantCulture) + " bytes); raise that option to read it.",
                    "MaxResponseBodyBytes",
                    limit,
                    statusCode);

            /// <summary>
            /// A body read cancelled by <see cref="BodyTimeout"/>: the caller's own cancellation stays a plain cancellation (with the
            /// caller's token); otherwise it is a timeout, reported as HttpClient reports its own.
            /// </summary>
            private __x.OperationCanceledException BodyCanceled(__x.OperationCanceledException exception, {{Token}} cancellationToken)
                => cancellationToken.IsCancellationRequested
                    ? new __x.OperationCanceledException(exception.Message, exception, cancellationToken)
                    : new {{Tasks}}TaskCanceledException(
                        "The request was canceled due to the configured HttpClient.Timeout of " + _httpClient.Timeout.TotalSeconds.ToString(__x.Globalization.CultureInfo.InvariantCulture) + " seconds elapsing while the response body was read.",
                        new __x.TimeoutException("The server sent the response headers but not the whole body within HttpClient.Timeout.", exception));

            /// <summary>
            /// HttpClient.Timeout for reading a body into a value, from the first read that has to wait for the network (an error
            /// body: from the headers); nothing when it is infinite. The caller's token cancels it too. Each thread keeps one
            /// source for its next call, and a body that is already at hand never starts the timer: a call allocates nothing and
            /// takes no timer lock for it.
            /// </summary>
            private sealed class BodyTimeout : __y.CancellationTokenSource
            {
                [__x.ThreadStatic]
                private static BodyTimeout? t_cached;

                private __y.CancellationTokenRegistration _caller;
                private __x.TimeSpan _timeout;
                private bool _armed;

                public static BodyTimeout? Start(__x.TimeSpan timeout, {{Token}} cancellationToken)
                {
                    if (timeout == __y.Timeout.InfiniteTimeSpan)
                    {
                        return null;
                    }

                    var source = t_cached ?? new BodyTimeout();
                    t_cached = null;
                    source._timeout = timeout;
                    if (cancellationToken.CanBeCanceled)
                    {
                        source._caller = cancellationToken.UnsafeRegister(static state => ((BodyTimeout)state!).Cancel(), source);
                    }

                    return source;
                }

                /// <summary>Starts the timer, once: a read is waiting.</summary>
                public void Arm()
                {
                    if (!_armed)
                    {
                        _armed = true;
                        CancelAfter(_timeout);
                    }
                }

                /// <summary>
                /// The source is kept for the next call on this thread unless it was cancelled: a timer that ran is reset only
                /// if it never fired (TryReset refuses one that was ever queued), one that never ran needs no reset.
                /// </summary>
                public void End()
                {
                    _caller.Dispose();
                    _caller = default;
                    var armed = _armed;
                    _armed = false;
                    if (t_cached is null && !IsCancellationRequested && (!armed || TryReset()))
                    {
                        t_cached = this;
                    }
                    else
                    {
                        Dispose();
                    }
                }
            }

            /// <summary>
            /// A body that may not pass a limit (no more than one byte beyond it is asked for, and that byte throws), and whose
            /// first read that has to wait starts the timeout.
            /// </summary>
            private sealed class BoundedBodyStream({{Stream}} inner, long limit, __x.Net.HttpStatusCode statusCode, BodyTimeout? timeout) : {{Stream}}
            {
                private long _remaining = limit < 0 ? 0 : limit;

                public override int Read(__x.Span<byte> buffer) => Count(inner.Read(buffer.Length > _remaining ? buffer.Slice(0, (int)_remaining + 1) : buffer));

                public override {{Tasks}}ValueTask<int> ReadAsync(__x.Memory<byte> buffer, {{Token}} cancellationToken = default)
                {
                    var read = inner.ReadAsync(buffer.Length > _remaining ? buffer.Slice(0, (int)_remaining + 1) : buffer, cancellationToken);
                    if (read.IsCompletedSuccessfully)
                    {
                        return new {{Tasks}}ValueTask<int>(Count(read.Result));
                    }

                    timeout?.Arm();
                    return CountAsync(read);
                }

                private async {{Tasks}}ValueTask<int> CountAsync({{Tasks}}ValueTask<int> read) => Count(await read.ConfigureAwait(false));

                private int Count(int read)
                {
                    _remaining -= read;
                    return _remaining < 0 ? throw BodyTooLarge(statusCode, limit, null) : read;
                }

                {{streamMembers}}
            }
            """);
        if (!events)
        {
            return;
        }

        writer.Line();
        writer.Line($$"""
            /// <summary>
            /// An event stream whose lines and events may not pass MaxEventBytes: SseParser buffers a line until it ends and an
            /// event until the blank line after it, so a server that never ends one would otherwise fill the memory.
            /// </summary>
            private sealed class BoundedEventStream({{Stream}} inner, long limit) : {{Stream}}
            {
                private long _line;
                private long _event;
                private bool _afterCarriageReturn;

                public override int Read(__x.Span<byte> buffer)
                {
                    var read = inner.Read(buffer);
                    Scan(buffer.Slice(0, read));
                    return read;
                }

                public override {{Tasks}}ValueTask<int> ReadAsync(__x.Memory<byte> buffer, {{Token}} cancellationToken = default)
                {
                    var read = inner.ReadAsync(buffer, cancellationToken);
                    if (!read.IsCompletedSuccessfully)
                    {
                        return ScanAsync(buffer, read);
                    }

                    // Result once only: a ValueTask from a pooled source may not be read twice.
                    var count = read.Result;
                    Scan(buffer.Span.Slice(0, count));
                    return new {{Tasks}}ValueTask<int>(count);
                }

                private async {{Tasks}}ValueTask<int> ScanAsync(__x.Memory<byte> buffer, {{Tasks}}ValueTask<int> pending)
                {
                    var read = await pending.ConfigureAwait(false);
                    Scan(buffer.Span.Slice(0, read));
                    return read;
                }

                /// <summary>Counts the bytes of the current line and of the current event, line breaks left out (CR, LF and CRLF end a line).</summary>
                private void Scan(__x.ReadOnlySpan<byte> data)
                {
                    while (data.Length > 0)
                    {
                        if (_afterCarriageReturn)
                        {
                            _afterCarriageReturn = false;
                            if (data[0] == (byte)'\n')
                            {
                                data = data.Slice(1);
                                continue;
                            }
                        }

                        var end = __x.MemoryExtensions.IndexOfAny(data, (byte)'\r', (byte)'\n');
                        var text = end < 0 ? data.Length : end;
                        _line += text;
                        _event += text;
                        if (_event > limit)
                        {
                            throw new {{tooLarge}}(
                                (_line > limit ? "A line of the event stream is longer than {{client.OptionsName}}.MaxEventBytes allows (" : "An event of the event stream is larger than {{client.OptionsName}}.MaxEventBytes allows (")
                                + limit.ToString(__x.Globalization.CultureInfo.InvariantCulture) + " bytes) and has not ended; raise that option for larger events.",
                                "MaxEventBytes",
                                limit);
                        }

                        if (end < 0)
                        {
                            return;
                        }

                        if (_line == 0)
                        {
                            _event = 0; // a blank line: the event is complete
                        }

                        _line = 0;
                        _afterCarriageReturn = data[end] == (byte)'\r';
                        data = data.Slice(end + 1);
                    }
                }

                {{streamMembers}}
            }
            """);
    }
}
