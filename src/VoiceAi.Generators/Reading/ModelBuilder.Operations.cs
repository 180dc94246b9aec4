using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.OpenApi;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Model;
using VoiceAi.Generators.Options;
using ParameterLocation = VoiceAi.Generators.Model.ParameterLocation;

namespace VoiceAi.Generators.Reading;

internal sealed partial class ModelBuilder
{
    private (string Id, string Route) _operationLabel;

    private List<OperationSpec> BuildOperations()
    {
        var operations = new List<OperationSpec>();
        // The client's own members are taken; an operation brings XAsync, XCoreAsync, XWithResponseAsync and ParseXError,
        // so that a duplicate becomes GetThing2Async. Those of other operations are also in operationNames (for VOAI004).
        var usedMethodNames = Naming.Scope(_client.ClientName, Naming.ClientMembers);
        var operationNames = new HashSet<string>(StringComparer.Ordinal);
        var filter = _input.Filter;
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _document.Paths ?? new OpenApiPaths())
        {
            if (path.Value?.Operations is not { } pathOperations)
            {
                continue;
            }

            var pathPointer = Pointer("#/paths", path.Key);
            foreach (var pair in pathOperations)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var httpMethod = pair.Key.Method.ToUpperInvariant();
                var operation = pair.Value;
                var pointer = pathPointer + "/" + httpMethod.ToLowerInvariant();
                if (!filter.KeepsAll && !filter.Keeps(operation.OperationId, httpMethod, path.Key, operation.Tags?.Select(t => t.Name ?? string.Empty) ?? [], matched))
                {
                    continue;
                }

                var wanted = Naming.ToMethodName(operation.OperationId, httpMethod, path.Key);
                var wantedBase = wanted.Substring(0, wanted.Length - "Async".Length);
                var methodName = Naming.MakeUnique(wantedBase, usedMethodNames, Naming.OperationMembers) + "Async";
                if (Naming.OperationMembers(wantedBase).Any(operationNames.Contains))
                {
                    // Renamed because of another operation (a name of the client's own is renamed without a word, like any member's).
                    Report(DiagnosticDescriptors.DuplicateOperationName, pointer, httpMethod + " " + path.Key, DocumentReader.PointerText(pointer), wanted, methodName);
                }

                operationNames.UnionWith(Naming.OperationMembers(methodName.Substring(0, methodName.Length - "Async".Length)));
                try
                {
                    var built = BuildOperation(methodName, httpMethod, path.Key, path.Value, operation, pointer) with { Tag = Text(operation.Tags?.FirstOrDefault()?.Name) };
                    built = built with { Paging = Paging(built, operation) };
                    operations.Add(built);
                    if (StreamingVariant(built, operation, usedMethodNames, operationNames, pointer) is { } streaming)
                    {
                        operations.Add(streaming);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException or NullReferenceException or OverflowException)
                {
                    // Microsoft.OpenApi throws on some broken documents: that operation is left out, the rest is generated.
                    Untyped(pointer, "the operation", "it cannot be read (" + ex.Message + ") and is left out");
                }
            }
        }

        ReportUnmatched(filter, matched);
        return operations;
    }

    /// <summary>
    /// OpenApiGroupBy="Tags": a sub-client per first tag. Its property is the tag in PascalCase (unique among the client's
    /// members and methods), its interface <c>I{Prefix}{Property}Client</c> (unique among the types). A method drops the
    /// group's name where it starts with it (<c>ReposGet</c> → <c>Get</c>) unless that name is taken in the group; then
    /// it keeps its name. Groups are ordered by property name; operations keep the document's order.
    /// </summary>
    private List<OperationSpec> AssignGroups(List<OperationSpec> operations, out EquatableArray<GroupSpec> groups)
    {
        groups = EquatableArray<GroupSpec>.Empty;
        if (_input.Style.Grouping != GroupBy.Tags || operations.All(o => o.Tag is null))
        {
            return operations;
        }

        var usedMembers = Naming.Scope(_client.ClientName, Naming.ClientMembers);
        foreach (var operation in operations)
        {
            usedMembers.UnionWith(Naming.OperationMembers(operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length)));
        }

        var descriptions = (_document.Tags ?? new HashSet<OpenApiTag>()).Where(t => t.Name is not null).GroupBy(t => t.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Text(g.First().Description), StringComparer.Ordinal);
        var byTag = new Dictionary<string, GroupSpec>(StringComparer.Ordinal);
        foreach (var tag in operations.Select(o => o.Tag).OfType<string>().Distinct(StringComparer.Ordinal).OrderBy(t => Naming.ToPascalCase(t, "Group"), StringComparer.Ordinal).ThenBy(t => t, StringComparer.Ordinal))
        {
            var property = Naming.MakeUnique(Naming.ToPascalCase(tag, "Group"), usedMembers);
            var interfaceName = TypeName("I" + _client.Prefix + property + "Client", Naming.ObjectMembers);
            byTag[tag] = new GroupSpec(property, interfaceName, tag, descriptions.TryGetValue(tag, out var description) ? description : null);
        }

        var usedInGroup = byTag.Values.ToDictionary(g => g.PropertyName, _ => new HashSet<string>(Naming.ObjectMembers, StringComparer.Ordinal), StringComparer.Ordinal);
        var result = new List<OperationSpec>(operations.Count);
        foreach (var operation in operations)
        {
            if (operation.Tag is null)
            {
                result.Add(operation);
                continue;
            }

            var group = byTag[operation.Tag];
            var used = usedInGroup[group.PropertyName];
            var name = operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length);
            var stripped = name.Length > group.PropertyName.Length && name.StartsWith(group.PropertyName, StringComparison.Ordinal) && char.IsUpper(name[group.PropertyName.Length])
                ? name.Substring(group.PropertyName.Length)
                : name;
            var chosen = GroupMembers(stripped).Any(used.Contains) ? Naming.MakeUnique(name, used, GroupMembers) : stripped;
            used.UnionWith(GroupMembers(chosen));
            result.Add(operation with { Group = group.PropertyName, GroupMethodName = chosen + "Async" });
        }

        groups = byTag.Values.OrderBy(g => g.PropertyName, StringComparer.Ordinal).ToEquatableArray();
        return result;
    }

    /// <summary>What an operation brings to a sub-client's interface.</summary>
    private static IEnumerable<string> GroupMembers(string name) => [name + "Async", name + "WithResponseAsync"];

    /// <summary>VOAI013 for each tag or operation pattern of the filter that matched no operation: at the document's <c>tags</c> (or <c>paths</c>).</summary>
    private void ReportUnmatched(OperationFilter filter, HashSet<string> matched)
    {
        var tagsPointer = _document.Tags is { Count: > 0 } ? "#/tags" : "#/paths";
        foreach (var tag in filter.IncludeTags.Where(t => !matched.Contains(OperationFilter.TagKey(t))))
        {
            Report(DiagnosticDescriptors.FilterMatchesNothing, tagsPointer, "OpenApiIncludeTags", tag, _input.FileName, "no operation has this tag");
        }

        foreach (var (list, items, key) in new (string, EquatableArray<string>, Func<string, string>)[] { ("OpenApiIncludeOperations", filter.IncludeOperations, OperationFilter.IncludeKey), ("OpenApiExcludeOperations", filter.ExcludeOperations, OperationFilter.ExcludeKey) })
        {
            foreach (var pattern in items.Where(p => !matched.Contains(key(p))))
            {
                Report(DiagnosticDescriptors.FilterMatchesNothing, "#/paths", list, pattern, _input.FileName, "an operationId, or METHOD /path with * for any run of characters");
            }
        }
    }

    private OperationSpec BuildOperation(string methodName, string httpMethod, string path, IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer)
    {
        var baseName = methodName.Substring(0, methodName.Length - "Async".Length);
        _operationLabel = (operation.OperationId ?? methodName, httpMethod + " " + path);
        var usedParameterNames = new HashSet<string>(Naming.OperationParameters, StringComparer.Ordinal);
        var parameters = new List<ParameterSpec>();
        foreach (var (parameter, parameterPointer) in MergeParameters(pathItem, operation, pointer))
        {
            if (parameter.Name is not { Length: > 0 } wireName || parameter.In is not { } location)
            {
                continue;
            }

            // A header or cookie name goes on the wire as it is: it must be an RFC 9110 token (HttpHeaders.Add
            // would throw on every call, and a cookie name with ';' or '=' would add cookies).
            if (location is Microsoft.OpenApi.ParameterLocation.Header or Microsoft.OpenApi.ParameterLocation.Cookie && !IsToken(wireName))
            {
                var kind = location == Microsoft.OpenApi.ParameterLocation.Header ? "header" : "cookie";
                LeftOut(parameterPointer + "/name", "The " + kind + " parameter " + Shown(wireName), "it is not a valid HTTP " + kind + " name (a token: letters, digits and !#$%&'*+-.^_`|~)");
                continue;
            }

            var resolution = Resolve(parameter.Schema, baseName + Naming.ToPascalCase(wireName), parameterPointer + "/schema");
            var isPath = location == Microsoft.OpenApi.ParameterLocation.Path;
            parameters.Add(new ParameterSpec(
                Naming.MakeUnique(Naming.ToCamelCase(wireName), usedParameterNames),
                wireName,
                location switch
                {
                    Microsoft.OpenApi.ParameterLocation.Path => ParameterLocation.Path,
                    Microsoft.OpenApi.ParameterLocation.Header => ParameterLocation.Header,
                    Microsoft.OpenApi.ParameterLocation.Cookie => ParameterLocation.Cookie,
                    _ => ParameterLocation.Query,
                },
                resolution.Type,
                isPath || parameter.Required,
                parameter.Explode,
                Text(parameter.Description),
                parameter.Deprecated,
                parameter.Style switch
                {
                    ParameterStyle.SpaceDelimited => QueryStyle.SpaceDelimited,
                    ParameterStyle.PipeDelimited => QueryStyle.PipeDelimited,
                    ParameterStyle.DeepObject => QueryStyle.DeepObject,
                    _ => QueryStyle.Form,
                }));
        }

        // A binary response in several media types (audio/mpeg, audio/wav, audio/pcm): the caller picks one, typed.
        var statuses = Statuses(operation.Responses, pointer + "/responses", report: true);
        var response = BuildResponse(statuses, baseName, pointer + "/responses");
        if (response.Kind == ResponseKind.Binary && response.ContentTypes.Count > 1
            && !parameters.Any(p => p.Location == ParameterLocation.Header && string.Equals(p.WireName, "Accept", StringComparison.OrdinalIgnoreCase)))
        {
            var enumName = TypeName(baseName + "Accept", Naming.EnumStructMembers);
            var used = Naming.Scope(enumName, Naming.EnumStructMembers);
            var members = response.ContentTypes.Select(t => new EnumMemberSpec(Naming.MakeUnique(Naming.ToEnumMemberName(t), used), t)).ToEquatableArray();
            _enums[enumName] = new EnumSpec(enumName, "The media types " + methodName + " can answer with; sent as the Accept header.", IsString: true, Deprecated: false, members);
            parameters.Add(new ParameterSpec(
                Naming.MakeUnique("accept", usedParameterNames),
                "Accept",
                ParameterLocation.Header,
                new TypeRef(TypeKind.Enum, enumName),
                Required: false,
                Explode: false,
                "The media type to answer with; all of " + string.Join(", ", response.ContentTypes) + " when null.",
                Deprecated: false));
        }

        return new OperationSpec(
            methodName,
            httpMethod,
            path,
            Text(operation.Summary),
            Text(operation.Description),
            operation.Deprecated,
            parameters.ToEquatableArray(),
            BuildRequestBody(operation.RequestBody, baseName + "Request", pointer + "/requestBody"),
            response,
            BuildErrors(statuses, baseName, pointer + "/responses"),
            BuildSecurity(operation))
        {
            Alternatives = BuildSecurityAlternatives(operation),
            Provenance = Provenance(operation),
        };
    }

    /// <summary>The <c>confidence</c> of an <c>x-voiceai-evidence</c> extension, as one line of plain text.</summary>
    private static string? Provenance(OpenApiOperation operation)
    {
        if (operation.Extensions is not { } extensions
            || !extensions.TryGetValue("x-voiceai-evidence", out var extension)
            || extension is not JsonNodeExtension { Node: System.Text.Json.Nodes.JsonObject evidence }
            || !evidence.TryGetPropertyValue("confidence", out var confidence)
            || confidence is not System.Text.Json.Nodes.JsonValue value
            || !value.TryGetValue<string>(out var text)
            || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Text(text); // one line in the docs: DocText writes line breaks as spaces
    }

    /// <summary>Path-level parameters, overridden by operation parameters with the same name and location.</summary>
    private static IEnumerable<(IOpenApiParameter Parameter, string Pointer)> MergeParameters(IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer)
    {
        var own = (operation.Parameters ?? []).Select((p, i) => (Parameter: p, Pointer: pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        var inherited = (pathItem.Parameters ?? [])
            .Select((p, i) => (Parameter: p, Pointer: pointer.Substring(0, pointer.LastIndexOf('/')) + "/parameters/" + i.ToString(CultureInfo.InvariantCulture)))
            .Where(p => !own.Any(o => o.Parameter.Name == p.Parameter.Name && o.Parameter.In == p.Parameter.In));
        return inherited.Concat(own);
    }

    private RequestBodySpec? BuildRequestBody(IOpenApiRequestBody? body, string contextName, string pointer)
    {
        if (body?.Content is not { Count: > 0 } || ValidContent(body.Content, pointer + "/content") is not { Count: > 0 } content)
        {
            return null;
        }

        var description = Text(body.Description);
        var json = content.FirstOrDefault(c => IsJson(c.Key));
        if (json.Key is not null)
        {
            var resolution = Resolve(json.Value?.Schema, contextName, Pointer(pointer + "/content", json.Key) + "/schema");
            return new RequestBodySpec(BodyKind.Json, json.Key, resolution.Type, body.Required, description);
        }

        var form = content.FirstOrDefault(c => MediaType(c.Key).Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
        if (form.Key is not null)
        {
            var formPointer = Pointer(pointer + "/content", form.Key);
            var resolution = Resolve(form.Value?.Schema, contextName, formPointer + "/schema");
            if (resolution.Type.Kind is TypeKind.Model or TypeKind.Map or TypeKind.Json)
            {
                var deep = (form.Value?.Encoding ?? new Dictionary<string, OpenApiEncoding>())
                    .Where(e => e.Value?.Style == ParameterStyle.DeepObject)
                    .Select(e => e.Key)
                    .OrderBy(k => k, StringComparer.Ordinal);
                return new RequestBodySpec(BodyKind.FormUrlEncoded, form.Key, resolution.Type, body.Required, description, DeepObjectProperties: deep.ToEquatableArray());
            }
        }

        var multipart = content.FirstOrDefault(c => MediaType(c.Key).Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase));
        if (multipart.Key is not null)
        {
            var multipartPointer = Pointer(pointer + "/content", multipart.Key);
            var saved = _fileContext;
            _fileContext = true;
            var resolution = Resolve(multipart.Value?.Schema, contextName, multipartPointer + "/schema");
            _fileContext = saved;
            if (resolution.Type.Kind == TypeKind.Model && _models.FirstOrDefault(m => m.Name == resolution.Type.Name) is { } model)
            {
                return new RequestBodySpec(BodyKind.Multipart, multipart.Key, resolution.Type, body.Required, description, Parts: model.Properties);
            }
        }

        var first = content.First();
        var contentPointer = Pointer(pointer + "/content", first.Key);
        if (first.Key.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return new RequestBodySpec(BodyKind.Text, first.Key, TypeRef.String, body.Required, description);
        }

        if (first.Key.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || first.Key.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            Untyped(contentPointer, "request body '" + first.Key + "' whose schema is not an object", "the method takes the body as a raw stream with this content type");
        }

        return new RequestBodySpec(BodyKind.Binary, first.Key, TypeRef.Binary, body.Required, description);
    }

    /// <summary>Reports that a part of the current operation is not typed (VOAI009), naming the operation and the construct.</summary>
    private void Untyped(string pointer, string construct, string consequence)
        => Report(DiagnosticDescriptors.UntypedOperation, pointer, _operationLabel.Id, _operationLabel.Route, construct, DocumentReader.PointerText(pointer), consequence);

    private static string MediaType(string key) => key.Split(';')[0].Trim();

    /// <summary>
    /// The media types of a request or response body that are valid (<see cref="IsMediaType"/>), in the document's order:
    /// they become the Accept and Content-Type headers. The others are left out with VOAI011.
    /// </summary>
    private IReadOnlyList<KeyValuePair<string, IOpenApiMediaType>> ValidContent(IDictionary<string, IOpenApiMediaType>? content, string pointer)
    {
        if (content is not { Count: > 0 })
        {
            return [];
        }

        var valid = new List<KeyValuePair<string, IOpenApiMediaType>>(content.Count);
        foreach (var pair in content)
        {
            if (IsMediaType(pair.Key))
            {
                valid.Add(pair);
            }
            else
            {
                LeftOut(Pointer(pointer, pair.Key), "The media type " + Shown(pair.Key), "it is not a valid type/subtype (RFC 9110), so it is never sent in an Accept or Content-Type header");
            }
        }

        return valid;
    }

    private ResponseSpec BuildResponse(List<StatusResponse> statuses, string baseName, string pointer)
    {
        // Matched most specific first (exact codes, then the 2XX range), but typed by the lowest status, the range
        // counting as 200: a 204 without a body beside a 2XX with one keeps the method's JSON answer.
        var successes = statuses.Where(r => r.IsSuccess).ToList();
        var success = TypingSuccess(successes);
        if (success is null || ValidContent(success.Response?.Content, Pointer(pointer, success.Key) + "/content") is not { Count: > 0 } content)
        {
            return new ResponseSpec(ResponseKind.None, null, false, EquatableArray<string>.Empty, Text(success?.Response?.Description));
        }

        var description = Text(success.Response!.Description);
        var json = content.FirstOrDefault(c => IsJson(c.Key));
        if (json.Key is not null)
        {
            var resolution = Resolve(json.Value?.Schema, baseName + "Response", Pointer(Pointer(pointer, success.Key) + "/content", json.Key) + "/schema");
            var first = new ResponseSpec(ResponseKind.Json, resolution.Type, resolution.Nullable, new[] { json.Key }.ToEquatableArray(), description);
            return Results(successes, success, first, baseName, pointer);
        }

        // An event stream beside other media types (OpenAI's speech: audio, or events with stream_format=sse) is the
        // streaming twin's answer; the plain method asks for the others only.
        var others = content.Select(c => c.Key).Where(k => !IsEventStream(k)).ToList();
        var events = content.FirstOrDefault(c => IsEventStream(c.Key));
        if (events.Key is not null && others.Count == 0)
        {
            return EventStream(events.Key, events.Value, baseName, Pointer(Pointer(pointer, success.Key) + "/content", events.Key), description);
        }

        if (others.All(k => k.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
        {
            return new ResponseSpec(ResponseKind.Text, TypeRef.String, false, others.ToEquatableArray(), description);
        }

        return new ResponseSpec(ResponseKind.Binary, TypeRef.Binary, false, others.ToEquatableArray(), description);
    }

    /// <summary>
    /// The success status that types the method when there is one type for all: the lowest code, a range counting as its
    /// first code (2XX as 200), an exact code before a range of the same value. Null without a success status.
    /// </summary>
    private static StatusResponse? TypingSuccess(IEnumerable<StatusResponse> statuses) =>
        statuses.Where(r => r.IsSuccess).OrderBy(r => r.Code!.Value).ThenBy(r => r.IsRange ? 1 : 0).FirstOrDefault();

    /// <summary>
    /// A JSON response whose other success statuses answer with other schemas (201 → the created thing, 202 → a job):
    /// a result type with the body of each status, so that every one of them is reachable: each exact code, then the
    /// 2XX range for the others. <paramref name="first"/> (read from <paramref name="typing"/>) otherwise.
    /// </summary>
    private ResponseSpec Results(List<StatusResponse> successes, StatusResponse typing, ResponseSpec first, string baseName, string pointer)
    {
        if (successes.Count < 2)
        {
            return first; // one success status: the one type stands for all
        }

        var read = new List<(StatusResponse Status, TypeRef? Type, bool Nullable, string? Description)>();
        foreach (var status in successes)
        {
            if (ReferenceEquals(status, typing))
            {
                read.Add((status, first.Type, first.Nullable, first.Description));
                continue;
            }

            var json = ValidContent(status.Response?.Content, Pointer(pointer, status.Key) + "/content").FirstOrDefault(c => IsJson(c.Key));
            if (json.Key is null)
            {
                read.Add((status, null, false, Text(status.Response?.Description)));
                continue;
            }

            var resolution = Resolve(json.Value?.Schema, baseName + "Response" + (status.IsRange ? status.Label : status.Key), Pointer(Pointer(pointer, status.Key) + "/content", json.Key) + "/schema");
            read.Add((status, resolution.Type, resolution.Nullable, Text(status.Response?.Description)));
        }

        if (read.Select(s => s.Type).Where(t => t is not null).Distinct().Count() < 2)
        {
            // One body type, and exact codes without one (200 with JSON, 204 with nothing): null for those, not a JSON error.
            var empty = read.Where(s => s.Type is null && !s.Status.IsRange).Select(s => s.Status.Code!.Value).Distinct().OrderBy(c => c).ToEquatableArray();
            return empty.Count == 0 || first.Kind != ResponseKind.Json ? first : first with { Nullable = true, EmptyStatuses = empty };
        }

        var resultName = Naming.MakeUnique(baseName + "Result", _usedTypeNames, static n => [n], Naming.ResultMembers);
        var used = Naming.Scope(resultName, Naming.ResultMembers);
        var specs = read
            .Select(s => new SuccessSpec(s.Status.Code!.Value, s.Type, s.Nullable, Naming.MakeUnique(s.Status.IsRange ? "Status" + s.Status.Label : StatusName(s.Status.Code.Value), used), s.Description, s.Status.IsRange))
            .ToEquatableArray();
        return first with { Kind = ResponseKind.Results, Type = null, Nullable = false, Successes = specs, ResultName = resultName };
    }

    private static string StatusName(int code) => code switch
    {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "IMUsed",
        _ => "Status" + code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A text/event-stream response: each event's data is JSON of the content's schema (raw text without one).</summary>
    private ResponseSpec EventStream(string mediaType, IOpenApiMediaType? media, string baseName, string pointer, string? description)
    {
        var type = media?.Schema is { } schema ? Resolve(schema, baseName + "Event", pointer + "/schema").Type : TypeRef.String;
        return new ResponseSpec(ResponseKind.EventStream, type, false, new[] { mediaType }.ToEquatableArray(), description);
    }

    /// <summary>
    /// The streaming twin of an operation whose success response is JSON, binary or text, or text/event-stream (OpenAI's
    /// chat completions with <c>stream: true</c>, its speech with <c>stream_format: sse</c>): the same request, read as
    /// server-sent events. Null when there is no such alternative.
    /// </summary>
    private OperationSpec? StreamingVariant(OperationSpec operation, OpenApiOperation source, HashSet<string> usedMethodNames, HashSet<string> operationNames, string pointer)
    {
        if (operation.Response.Kind is not (ResponseKind.Json or ResponseKind.Binary or ResponseKind.Text))
        {
            return null;
        }

        var success = TypingSuccess(Statuses(source.Responses, pointer + "/responses", report: false));
        var events = ValidContent(success?.Response?.Content, Pointer(pointer + "/responses", success?.Key ?? string.Empty) + "/content").FirstOrDefault(c => IsEventStream(c.Key));
        if (events.Key is null)
        {
            return null;
        }

        var baseName = operation.MethodName.Substring(0, operation.MethodName.Length - "Async".Length);
        var name = Naming.MakeUnique(baseName + "Streaming", usedMethodNames, Naming.OperationMembers);
        operationNames.UnionWith(Naming.OperationMembers(name));
        var response = EventStream(events.Key, events.Value, baseName, Pointer(Pointer(pointer + "/responses", success!.Key) + "/content", events.Key), operation.Response.Description);
        // The twin always asks for text/event-stream: an Accept parameter (the typed choice of the other media types) is not its.
        var parameters = operation.Parameters.Where(p => !(p.Location == ParameterLocation.Header && string.Equals(p.WireName, "Accept", StringComparison.OrdinalIgnoreCase))).ToEquatableArray();
        return operation with { MethodName = name + "Async", Parameters = parameters, Response = response, IsStreamingVariant = true, Summary = (operation.Summary ?? operation.HttpMethod + " " + operation.Path) + " (streamed as server-sent events)" };
    }

    private EquatableArray<ErrorResponseSpec> BuildErrors(List<StatusResponse> statuses, string baseName, string pointer)
    {
        var errors = new List<ErrorResponseSpec>();
        foreach (var status in statuses.Where(r => r.Code is null or >= 400))
        {
            TypeRef? type = null;
            var json = (status.Response?.Content ?? new Dictionary<string, IOpenApiMediaType>()).FirstOrDefault(c => IsJson(c.Key));
            if (json.Key is not null)
            {
                var statusName = status.Code is null ? "Default" : status.Key.ToUpperInvariant();
                type = Resolve(json.Value?.Schema, baseName + statusName + "Error", Pointer(Pointer(pointer, status.Key) + "/content", json.Key) + "/schema").Type;
            }

            errors.Add(new ErrorResponseSpec(status.Code, Text(status.Response?.Description), type, status.IsRange));
        }

        return errors.ToEquatableArray();
    }

    /// <summary>
    /// One documented response: its key as written, an exact code (<c>404</c>), a range (<c>4XX</c> or <c>4xx</c>:
    /// <see cref="Code"/> 400, <see cref="IsRange"/>), or <c>default</c> (<see cref="Code"/> null).
    /// </summary>
    private sealed record StatusResponse(string Key, IOpenApiResponse? Response, int? Code, bool IsRange)
    {
        public bool IsSuccess => Code is >= 200 and < 300;

        /// <summary>As the docs show it: <c>404</c>, <c>4XX</c>.</summary>
        public string Label => Code is { } code ? StatusLabel.Of(code, IsRange) : Key;
    }

    /// <summary>
    /// An operation's responses, most specific first: exact codes (ascending), then ranges (1XX to 5XX, in either case),
    /// then default, so that the first that matches a status is the one the document means for it. A key that is neither is
    /// left out; one whose statuses an earlier key already has (<c>4xx</c> after <c>4XX</c>, <c>0404</c> after <c>404</c>) too,
    /// reported (VOAI011) when <paramref name="report"/>.
    /// </summary>
    private List<StatusResponse> Statuses(OpenApiResponses? responses, string pointer, bool report)
    {
        var statuses = new List<StatusResponse>();
        foreach (var pair in responses ?? new OpenApiResponses())
        {
            var key = pair.Key;
            StatusResponse status;
            if (key.Equals("default", StringComparison.OrdinalIgnoreCase))
            {
                status = new StatusResponse(key, pair.Value, null, false);
            }
            else if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                status = new StatusResponse(key, pair.Value, code, false);
            }
            else if (key.Length == 3 && key[0] is >= '1' and <= '5' && (key[1] is 'X' or 'x') && (key[2] is 'X' or 'x'))
            {
                status = new StatusResponse(key, pair.Value, (key[0] - '0') * 100, true);
            }
            else
            {
                continue;
            }

            if (statuses.FirstOrDefault(s => s.Code == status.Code && s.IsRange == status.IsRange) is { } earlier)
            {
                if (report)
                {
                    LeftOut(Pointer(pointer, key), "The response " + Shown(key), "the response " + Shown(earlier.Key) + " before it is for the same " + (status.IsRange ? "statuses" : "status"));
                }

                continue;
            }

            statuses.Add(status);
        }

        return statuses.OrderBy(s => s.Code is null ? 2 : s.IsRange ? 1 : 0).ThenBy(s => s.Code).ToList();
    }

    /// <summary>
    /// The alternative requirements of an operation when there are several, in document order. An anonymous one
    /// (<c>{}</c>) is left out: sending nothing is what happens anyway when no credentials are set.
    /// </summary>
    private EquatableArray<SecurityRequirementSpec> BuildSecurityAlternatives(OpenApiOperation operation)
    {
        var requirements = (operation.Security ?? _document.Security ?? [])
            .Select(r => new SecurityRequirementSpec(r.Keys.Select(k => k.Reference?.Id).Where(id => id is not null).Select(id => id!).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToEquatableArray()))
            .Where(r => r.Schemes.Count > 0)
            .Distinct()
            .ToEquatableArray();
        return requirements.Count < 2 ? EquatableArray<SecurityRequirementSpec>.Empty : requirements;
    }

    private EquatableArray<string> BuildSecurity(OpenApiOperation operation)
    {
        var requirements = operation.Security ?? _document.Security ?? [];
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            foreach (var scheme in requirement.Keys)
            {
                if (scheme.Reference?.Id is { } id)
                {
                    keys.Add(id);
                }
            }
        }

        return keys.ToEquatableArray();
    }

    private static bool IsJson(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsEventStream(string mediaType) => mediaType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static EquatableArray<TypeRef> CollectRootTypes(List<OperationSpec> operations)
    {
        var roots = new List<TypeRef>();
        void Add(TypeRef? type)
        {
            if (type is not null && type.Kind != TypeKind.Binary && !roots.Contains(type))
            {
                roots.Add(type);
            }
        }

        foreach (var operation in operations)
        {
            if (operation.Body is { Kind: BodyKind.Json or BodyKind.FormUrlEncoded } body)
            {
                Add(body.Type);
            }

            // Multipart parts that are not files or plain values are sent as JSON.
            foreach (var part in operation.Body?.Parts ?? EquatableArray<PropertySpec>.Empty)
            {
                if (part.Type.Kind is TypeKind.Array or TypeKind.Map or TypeKind.Json && !part.Type.IsFileOrPlain)
                {
                    Add(part.Type);
                }
            }

            if (operation.Response.Kind is ResponseKind.Json or ResponseKind.EventStream)
            {
                Add(operation.Response.Type);
            }

            foreach (var success in operation.Response.Successes)
            {
                Add(success.Type);
            }

            foreach (var error in operation.Errors)
            {
                Add(error.Type);
            }

            // Object query parameters are written through their JSON form.
            foreach (var parameter in operation.Parameters)
            {
                if (parameter.Location == ParameterLocation.Query && parameter.Type.Kind is TypeKind.Model or TypeKind.Map)
                {
                    Add(parameter.Type);
                }
            }
        }

        return roots.ToEquatableArray();
    }

    /// <summary>
    /// Error body types. The API's general error type is exposed as <c>Error</c> on the exception, the others by their
    /// type name: the type answered for the most distinct statuses (a validation error that only a 422 carries is not
    /// the general one, however many operations have it), then the most used, then by name.
    /// </summary>
    private EquatableArray<ErrorTypeSpec> CollectErrorTypes(List<OperationSpec> operations)
    {
        var counts = operations
            .SelectMany(o => o.Errors)
            .Where(e => e.Type is { Kind: TypeKind.Model })
            .GroupBy(e => e.Type!)
            .Select(g => (Type: g.Key, Statuses: g.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count(), Count: g.Count()))
            .OrderByDescending(g => g.Statuses)
            .ThenByDescending(g => g.Count)
            .ThenBy(g => g.Type.Name, StringComparer.Ordinal)
            .ToList();
        var used = Naming.Scope(_client.ExceptionName, Naming.ExceptionMembers);
        var result = new List<ErrorTypeSpec>();
        for (var i = 0; i < counts.Count; i++)
        {
            var name = Naming.MakeUnique(i == 0 ? "Error" : counts[i].Type.Name!, used);
            result.Add(new ErrorTypeSpec(counts[i].Type, name));
        }

        return result.ToEquatableArray();
    }
}
