using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using ParameterLocation = VoiceAi.Generators.Model.ParameterLocation;

namespace VoiceAi.Generators.Reading;

/// <summary>
/// Which operations answer a page of a listing, and how the next page is reached. Recognized, in this order (the
/// first that fits wins; a shape that fits none is not guessed, and the operation gets no twin):
/// <list type="number">
/// <item><c>x-ms-pageable</c> (<c>nextLinkName</c>, <c>itemName</c>, default <c>value</c>) and <c>x-pagination</c>
/// (<c>results</c>, with <c>next_url</c>, or <c>cursor</c> + <c>next_cursor</c>, or <c>page</c>; values
/// <c>$request.name</c> and <c>$response.a.b</c>);</item>
/// <item><c>has_more</c> with the last item's <c>id</c> as the <c>starting_after</c> parameter (Stripe);</item>
/// <item><c>has_more</c> with <c>last_id</c> as the <c>after</c> parameter (OpenAI);</item>
/// <item><c>next_cursor</c> as the <c>cursor</c> parameter; <c>next_page_token</c> as <c>page_token</c>;</item>
/// <item>a next address in the body: <c>next_page_uri</c>, <c>next_page_url</c>, <c>next_url</c>, <c>next_link</c>,
/// <c>nextLink</c>, <c>links.next</c>, or <c>next</c> when no query parameter could take it back as a cursor;</item>
/// <item>a <c>page</c> parameter with <c>has_next</c>/<c>has_more</c> or <c>total_pages</c> in the body;</item>
/// <item>a <c>Link</c> header declared on the success response (<c>rel="next"</c>, GitHub).</item>
/// </list>
/// Only GET operations page, unless an extension declares it. Operations with an API key in the query get no twin
/// that follows addresses (the address the server gives would not carry the key).
/// The items are the page itself when it is a list, else its one list property, or the one named <c>data</c>,
/// <c>items</c>, <c>results</c>, <c>value</c>, <c>records</c> or <c>entries</c>. Body values are looked for on the
/// page and one object below it (<c>pagination.has_next</c>).
/// </summary>
internal sealed partial class ModelBuilder
{
    private static readonly string[] ItemNames = ["data", "items", "results", "value", "records", "entries"];
    private static readonly string[] CursorParameters = ["next", "cursor", "after", "starting_after", "page_token", "pageToken", "continuation", "continuation_token", "token", "marker"];
    private static readonly string[] NextLinkNames = ["next_page_uri", "next_page_url", "next_url", "next_link", "nextLink", "nextPageUrl"];

    private PagingSpec? Paging(OperationSpec operation, OpenApiOperation source)
    {
        if (Detect(operation, source) is not { } paging)
        {
            return null;
        }

        // A followed address is sent as the server wrote it: an API key in the query would not be on it.
        var keyInQuery = _client.SecuritySchemes.Any(s => s.Kind == SecurityKind.ApiKeyQuery && (operation.Security.Contains(s.Key) || operation.Alternatives.Any(a => a.Schemes.Contains(s.Key))));
        if (keyInQuery && paging.Kind is PagingKind.NextLink or PagingKind.LinkHeader)
        {
            return null;
        }

        var page = operation.Response.Type!;
        var model = page.Kind == TypeKind.Model ? FindModel(page.Name) : null;
        var items = paging.Items.Count == 0 ? null : Walk(model!, paging.Items.ToArray());
        var next = paging.Kind == PagingKind.NextLink ? Walk(model!, paging.Next.ToArray()) : null;
        return paging with
        {
            ItemNullable = items is null ? page.ElementNullable : items.Type.ElementNullable,
            NextIsUri = next?.Type.Kind == TypeKind.Uri,
        };
    }

    private PagingSpec? Detect(OperationSpec operation, OpenApiOperation source)
    {
        // A page that may be null (a bodiless 204 beside the 200) is not a page to follow.
        if (operation.IsStreamingVariant || operation.Response.Kind != ResponseKind.Json || operation.Response.Type is not { } page || operation.Response.Successes.Count > 0 || operation.Response.Nullable)
        {
            return null;
        }

        // Only a GET is repeated for the next page unless the document says the operation pages (a POST may act).
        var declared = Extension(source, "x-ms-pageable") is not null || Extension(source, "x-pagination") is not null;
        if (operation.HttpMethod != "GET" && !declared)
        {
            return null;
        }

        var query = operation.Parameters.Where(p => p.Location == ParameterLocation.Query).GroupBy(p => p.WireName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var model = page.Kind == TypeKind.Model ? FindModel(page.Name) : null;
        if (Extension(source, "x-ms-pageable") is JsonObject pageable)
        {
            return MsPageable(pageable, model);
        }

        if (Extension(source, "x-pagination") is JsonObject pagination)
        {
            return DeclaredPaging(pagination, model, query, source);
        }

        var items = page.Kind == TypeKind.Array ? (Path: Array.Empty<string>(), Type: page.Element) : model is null ? default : Items(model);
        if (items.Type is null)
        {
            return null;
        }

        if (model is not null)
        {
            var hasMore = Find(model, ["has_more", "hasMore"], p => p.Type.Kind == TypeKind.Boolean);
            if (hasMore is not null && Parameter(query, "starting_after", TypeKind.String) is { } startingAfter && items.Type.Kind == TypeKind.Model
                && FindModel(items.Type.Name)?.Properties.FirstOrDefault(p => p.JsonName == "id" && p.Type.Kind == TypeKind.String) is { } id)
            {
                return Spec(PagingKind.Cursor, "has_more, with the last item's id as starting_after", items.Path, items.Type!, startingAfter.Name, P(id.Name), hasMore, null, FromLastItem: true);
            }

            if (hasMore is not null && Parameter(query, "after", TypeKind.String) is { } after && Find(model, ["last_id"], IsString) is { } lastId)
            {
                return Spec(PagingKind.Cursor, "has_more, with last_id as after", items.Path, items.Type!, after.Name, lastId, hasMore, null);
            }

            foreach (var (next, parameter) in new[] { ("next_cursor", "cursor"), ("nextCursor", "cursor"), ("next_page_token", "page_token"), ("nextPageToken", "pageToken") })
            {
                if (Parameter(query, parameter, TypeKind.String) is { } cursor && Find(model, [next], IsString) is { } nextCursor)
                {
                    return Spec(PagingKind.Cursor, next + " as " + parameter, items.Path, items.Type!, cursor.Name, nextCursor, null, null);
                }
            }

            var link = Find(model, NextLinkNames, IsText) ?? LinksNext(model);
            // A bare "next" may be a cursor: it is an address only when no query parameter could take it back.
            if (link is null && !CursorParameters.Any(query.ContainsKey))
            {
                link = Find(model, ["next"], IsText);
            }

            if (link is not null)
            {
                return Spec(PagingKind.NextLink, "the next page's address in " + string.Join(".", link), items.Path, items.Type!, null, link, null, null);
            }

            if ((Parameter(query, "page", TypeKind.Int32) ?? Parameter(query, "page", TypeKind.Int64)) is { } pageNumber)
            {
                var more = Find(model, ["has_next", "hasNext", "has_more", "hasMore"], p => p.Type.Kind == TypeKind.Boolean);
                var total = Find(model, ["total_pages", "totalPages"], p => p.Type.Kind is TypeKind.Int32 or TypeKind.Int64);
                if (more is not null || total is not null)
                {
                    return Spec(PagingKind.PageNumber, "page, while " + string.Join(".", more ?? total!) + " says there are more", items.Path, items.Type!, pageNumber.Name, null, more, more is null ? total! : null, FirstPage: FirstPage(source, "page"));
                }
            }
        }

        if (DeclaresLinkHeader(source))
        {
            return Spec(PagingKind.LinkHeader, "the Link header's rel=\"next\"", items.Path, items.Type!, null, null, null, null);
        }

        return null;
    }

    private PagingSpec? MsPageable(JsonObject pageable, ModelSpec? model)
    {
        if (model is null || Json(pageable, "nextLinkName") is not { Length: > 0 } nextName)
        {
            return null; // nextLinkName null: one page only
        }

        var itemName = Json(pageable, "itemName") ?? "value";
        var items = model.Properties.FirstOrDefault(p => p.JsonName == itemName && p.Type.Kind == TypeKind.Array);
        var next = model.Properties.FirstOrDefault(p => p.JsonName == nextName && IsText(p));
        return items is null || next is null
            ? null
            : Spec(PagingKind.NextLink, "x-ms-pageable", P(items.Name), items.Type.Element!, null, P(next.Name), null, null);
    }

    /// <summary><c>x-pagination: {results: $response.data, next_url: $response.next}</c>, or <c>cursor: $request.c, next_cursor: $response.n</c>, or <c>page: $request.p</c> with <c>has_next</c> or <c>total_pages</c>.</summary>
    private PagingSpec? DeclaredPaging(JsonObject declared, ModelSpec? model, Dictionary<string, ParameterSpec> query, OpenApiOperation source)
    {
        if (model is null || ResponsePath(model, Json(declared, "results")) is not { } results || Walk(model, results) is not { Type.Kind: TypeKind.Array } list)
        {
            return null;
        }

        if (ResponsePath(model, Json(declared, "next_url")) is { } nextUrl && Walk(model, nextUrl) is { } link && IsText(link))
        {
            return Spec(PagingKind.NextLink, "x-pagination next_url", results, list.Type.Element!, null, nextUrl, null, null);
        }

        if (RequestParameter(query, Json(declared, "cursor")) is { Type.Kind: TypeKind.String } cursor && ResponsePath(model, Json(declared, "next_cursor")) is { } nextCursor && Walk(model, nextCursor) is { } next && IsString(next))
        {
            return Spec(PagingKind.Cursor, "x-pagination cursor", results, list.Type.Element!, cursor.Name, nextCursor, null, null);
        }

        if (RequestParameter(query, Json(declared, "page")) is { Type.Kind: TypeKind.Int32 or TypeKind.Int64 } page)
        {
            var more = ResponsePath(model, Json(declared, "has_next")) is { } m && Walk(model, m)?.Type.Kind == TypeKind.Boolean ? m : null;
            var total = ResponsePath(model, Json(declared, "total_pages")) is { } t && Walk(model, t)?.Type.Kind is TypeKind.Int32 or TypeKind.Int64 ? t : null;
            if (more is not null || total is not null)
            {
                return Spec(PagingKind.PageNumber, "x-pagination page", results, list.Type.Element!, page.Name, null, more, more is null ? total! : null, FirstPage: FirstPage(source, page.WireName));
            }
        }

        return null;
    }

    private static string[] P(string name) => new[] { name };

    /// <summary><c>links.next</c>: an object property <c>links</c> with a text <c>next</c>.</summary>
    private string[]? LinksNext(ModelSpec model)
        => model.Properties.FirstOrDefault(p => p.JsonName == "links" && p.Type.Kind == TypeKind.Model) is { } links
            && FindModel(links.Type.Name)?.Properties.FirstOrDefault(p => p.JsonName == "next" && IsText(p)) is { } next
                ? new[] { links.Name, next.Name }
                : null;

    private static PagingSpec Spec(PagingKind kind, string pattern, string[] items, TypeRef itemType, string? parameter, string[]? next, string[]? more, string[]? totalPages, bool FromLastItem = false, long FirstPage = 1)
        => new(kind, pattern, items.ToEquatableArray(), itemType, parameter, (next ?? []).ToEquatableArray(), (more ?? []).ToEquatableArray(), (totalPages ?? []).ToEquatableArray(), FromLastItem, FirstPage);

    private static ParameterSpec? RequestParameter(Dictionary<string, ParameterSpec> query, string? expression)
        => expression is not null && expression.StartsWith("$request.", StringComparison.Ordinal) && query.TryGetValue(expression.Substring("$request.".Length), out var parameter) ? parameter : null;

    /// <summary><c>$response.a.b</c> → the C# names of a and b, when each is a property (the last of any type).</summary>
    private string[]? ResponsePath(ModelSpec model, string? expression)
    {
        if (expression is null || !expression.StartsWith("$response.", StringComparison.Ordinal))
        {
            return null;
        }

        var names = new List<string>();
        ModelSpec? current = model;
        foreach (var segment in expression.Substring("$response.".Length).Split('.'))
        {
            if (current?.Properties.FirstOrDefault(p => p.JsonName == segment) is not { } property)
            {
                return null;
            }

            names.Add(property.Name);
            current = property.Type.Kind == TypeKind.Model ? FindModel(property.Type.Name) : null;
        }

        return names.Count == 0 ? null : names.ToArray();
    }

    /// <summary>The property at the end of a path of C# names.</summary>
    private PropertySpec? Walk(ModelSpec model, string[] path)
    {
        PropertySpec? property = null;
        ModelSpec? current = model;
        foreach (var name in path)
        {
            property = current?.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                return null;
            }

            current = property.Type.Kind == TypeKind.Model ? FindModel(property.Type.Name) : null;
        }

        return property;
    }

    private static bool IsText(PropertySpec property) => property.Type.Kind is TypeKind.String or TypeKind.Uri;

    private static bool IsString(PropertySpec property) => property.Type.Kind == TypeKind.String;

    private static string? Json(JsonObject json, string name)
        => json.TryGetPropertyValue(name, out var value) && value is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;

    private static JsonNode? Extension(OpenApiOperation operation, string name)
        => operation.Extensions is { } extensions && extensions.TryGetValue(name, out var extension) && extension is JsonNodeExtension node ? node.Node : null;

    private static ParameterSpec? Parameter(Dictionary<string, ParameterSpec> query, string wireName, TypeKind kind)
        => query.TryGetValue(wireName, out var parameter) && parameter.Type.Kind == kind ? parameter : null;

    /// <summary>The items: one list property, or the one of the usual names; none when that is ambiguous.</summary>
    private static (string[] Path, TypeRef? Type) Items(ModelSpec model)
    {
        var lists = model.Properties.Where(p => p.Type.Kind == TypeKind.Array).ToList();
        var chosen = lists.Count == 1 ? lists[0] : ItemNames.Select(n => lists.FirstOrDefault(p => p.JsonName == n)).FirstOrDefault(p => p is not null);
        return chosen is null ? (Array.Empty<string>(), null) : (new[] { chosen.Name }, chosen.Type.Element);
    }

    /// <summary>A property of one of <paramref name="names"/> on the model, else on exactly one object property of it.</summary>
    private string[]? Find(ModelSpec model, string[] names, Func<PropertySpec, bool> fits)
    {
        foreach (var name in names)
        {
            if (model.Properties.FirstOrDefault(p => p.JsonName == name && fits(p)) is { } top)
            {
                return new[] { top.Name };
            }
        }

        var nested = new List<string[]>();
        foreach (var holder in model.Properties.Where(p => p.Type.Kind == TypeKind.Model))
        {
            if (FindModel(holder.Type.Name) is { } inner && names.Select(n => inner.Properties.FirstOrDefault(p => p.JsonName == n && fits(p))).FirstOrDefault(p => p is not null) is { } found)
            {
                nested.Add(new[] { holder.Name, found.Name });
            }
        }

        return nested.Count == 1 ? nested[0] : null;
    }

    private ModelSpec? FindModel(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (_modelsByName.Count != _models.Count)
        {
            _modelsByName.Clear();
            foreach (var model in _models)
            {
                _modelsByName[model.Name] = model;
            }
        }

        return _modelsByName.TryGetValue(name, out var found) ? found : null;
    }

    private readonly Dictionary<string, ModelSpec> _modelsByName = new(StringComparer.Ordinal);

    /// <summary>The page parameter's documented default or minimum, else 1.</summary>
    private static long FirstPage(OpenApiOperation source, string wireName)
    {
        var schema = source.Parameters?.FirstOrDefault(p => p?.Name == wireName)?.Schema;
        foreach (var value in new[] { schema?.Default, schema?.Minimum is { } minimum ? JsonValue.Create(minimum) : null })
        {
            var text = value is JsonValue number ? number.ToJsonString().Trim('"') : null;
            if (text is "0" or "1")
            {
                return text == "0" ? 0 : 1;
            }
        }

        return 1;
    }

    private static bool DeclaresLinkHeader(OpenApiOperation source)
        => (source.Responses ?? new OpenApiResponses())
            .Where(r => r.Key.Length == 3 && r.Key[0] == '2')
            .Any(r => r.Value?.Headers?.Keys.Any(k => string.Equals(k, "Link", StringComparison.OrdinalIgnoreCase)) == true);

    /// <summary>
    /// The twins' names, after every operation has its own: <c>{name}All</c>, unique where it is declared (on the client,
    /// or on its sub-client).
    /// </summary>
    private List<OperationSpec> NamePagingTwins(List<OperationSpec> operations)
    {
        if (operations.All(o => o.Paging is null))
        {
            return operations;
        }

        var root = Naming.Scope(_client.ClientName, Naming.ClientMembers);
        var groups = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var used = operation.Group is null ? root : groups.TryGetValue(operation.Group, out var set) ? set : groups[operation.Group] = new HashSet<string>(Naming.ObjectMembers, StringComparer.Ordinal);
            var name = operation.PublicName.Substring(0, operation.PublicName.Length - "Async".Length);
            used.UnionWith(operation.Group is null ? Naming.OperationMembers(operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length)) : [name + "Async", name + "WithResponseAsync"]);
        }

        root.UnionWith(groups.Keys); // the sub-client properties

        return operations.Select(operation =>
        {
            if (operation.Paging is not { } paging)
            {
                return operation;
            }

            var used = operation.Group is null ? root : groups[operation.Group];
            var name = Naming.MakeUnique(operation.PublicName.Substring(0, operation.PublicName.Length - "Async".Length) + "All", used, static n => [n + "Async"]);
            used.Add(name + "Async");
            return operation with { Paging = paging with { MethodName = name + "Async" } };
        }).ToList();
    }
}
