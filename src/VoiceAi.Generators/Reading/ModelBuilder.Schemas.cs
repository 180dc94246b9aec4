using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using VoiceAi.Generators.Diagnostics;
using VoiceAi.Generators.Model;

namespace VoiceAi.Generators.Reading;

internal sealed partial class ModelBuilder
{
    private enum SchemaShape { Object, Enum, Union, Alias }

    private SchemaShape Classify(IOpenApiSchema schema)
    {
        var target = Target(schema);
        if (target is null)
        {
            return SchemaShape.Alias;
        }

        if (EnumValues(target, out _) is { Count: > 0 })
        {
            return SchemaShape.Enum;
        }

        if (target.Properties is { Count: > 0 })
        {
            return SchemaShape.Object;
        }

        if (UnionVariants(target) is { Count: > 1 } && target.AllOf is not { Count: > 0 })
        {
            return SchemaShape.Union;
        }

        if (target.AllOf is { Count: > 0 } allOf && (allOf.Count > 1 || IsObjectType(target)) && allOf.All(part => Classify(part) == SchemaShape.Object || IsObjectType(Target(part))))
        {
            return SchemaShape.Object;
        }

        return SchemaShape.Alias;
    }

    /// <summary>The variants of a oneOf (or else anyOf) that are not <c>{type: null}</c>.</summary>
    private static List<IOpenApiSchema>? UnionVariants(IOpenApiSchema schema)
    {
        var variants = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
        return variants is { Count: > 0 } ? variants.Where(v => !IsNullSchema(v)).ToList() : null;
    }

    private static bool IsObjectType(IOpenApiSchema? schema)
        => schema?.Type is { } type && (type & JsonSchemaType.Object) != 0 && (schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 0 });

    /// <summary>The schema a reference points to, the schema itself when it is not a reference, or null when the reference is broken.</summary>
    private IOpenApiSchema? Target(IOpenApiSchema? schema) => Target(schema, out _);

    /// <summary>
    /// The schema a reference points to, and the dynamic scope it is evaluated in: the current one, with the scope of
    /// each schema the references lead into entered (only tracked in a document with anchors).
    /// </summary>
    private IOpenApiSchema? Target(IOpenApiSchema? schema, out DynamicScope? scope)
    {
        scope = _scope;

        // A component may itself be a reference (A: {$ref: B}); follow the chain, and give up on a loop (A → B → A).
        for (var hops = 0; schema is OpenApiSchemaReference reference; hops++)
        {
            if (hops > 32)
            {
                return null;
            }

            IOpenApiSchema? next = null;
            if (_anchors is not null && SchemaAnchors.IsAnchorReference(reference))
            {
                // $ref: '#name' and $dynamicRef: '#name' are ours to resolve: Microsoft.OpenApi resolves neither
                // $ref by anchor nor a $dynamicRef whose anchor is declared more than once.
                next = _anchors.Resolve(reference, scope);
                if (next is null)
                {
                    return null;
                }

                scope = _anchors.Enter(scope, next);
                schema = next;
                continue;
            }

            // A whole component is looked up directly: Microsoft.OpenApi resolves a reference again (through its
            // workspace, with loop guards) on every access, which is a large part of reading a big document.
            if (ComponentKey(reference) is { } key && _document.Components?.Schemas is { } components && components.TryGetValue(key, out var component))
            {
                next = component;
            }
            else
            {
                try
                {
                    next = reference.Target;
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
                {
                }
            }

            // Microsoft.OpenApi resolves only whole components; real documents also point inside them
            // (#/components/schemas/A/properties/b, #/components/parameters/p/schema).
            schema = next ?? _pointers.ResolveBroken(reference);
            if (_anchors is not null && schema is not null)
            {
                scope = _anchors.Enter(scope, schema);
            }
        }

        return schema;
    }

    /// <summary>
    /// The component a reference names as a whole (<c>#/components/schemas/Name</c>, or an anchor declared at a
    /// component's root); null for other references.
    /// </summary>
    private string? ComponentKey(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchemaReference reference)
        {
            return null;
        }

        if (_anchors is not null && SchemaAnchors.IsAnchorReference(reference))
        {
            return _anchors.Resolve(reference, _scope) is { } anchored ? _anchors.ComponentOf(anchored) : null;
        }

        var text = reference.Reference?.ReferenceV3;
        if (text is not null && text.StartsWith(ComponentsPointer, StringComparison.Ordinal))
        {
            var rest = text.Substring(ComponentsPointer.Length);
            return rest.IndexOf('/') >= 0 ? null : SourceLocator.Unescape(rest);
        }

        return text is null ? reference.Reference?.Id : null;
    }

    private static string ReferenceText(OpenApiSchemaReference reference)
        => reference.Reference?.ReferenceV3 ?? reference.Reference?.Id ?? "(unknown)";

    /// <summary>The string values of an enum schema, or null when it is not a string enum.</summary>
    private static List<string>? StringEnumValues(IOpenApiSchema schema) => EnumValues(schema, out var isString) is { } values && isString ? values : null;

    /// <summary>
    /// The values of an enum of strings or of integers (as their JSON text), or null when the schema is not such an enum.
    /// A null among the values is left out: it makes the property nullable.
    /// </summary>
    private static List<string>? EnumValues(IOpenApiSchema schema, out bool isString)
    {
        isString = true;
        if (schema.Enum is not { Count: > 0 } values)
        {
            return null;
        }

        var result = new List<string>(values.Count);
        var kind = (JsonValueKind?)null;
        foreach (var value in values)
        {
            if (value is null || value.GetValueKind() == JsonValueKind.Null)
            {
                continue;
            }

            if (value is not JsonValue jsonValue || (kind is { } k && k != jsonValue.GetValueKind()))
            {
                return null;
            }

            kind = jsonValue.GetValueKind();
            if (kind == JsonValueKind.String)
            {
                result.Add(jsonValue.GetValue<string>());
            }
            else if (kind == JsonValueKind.Number && long.TryParse(jsonValue.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= int.MinValue and <= int.MaxValue)
            {
                result.Add(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                return null;
            }
        }

        isString = kind != JsonValueKind.Number;
        return result.Count > 0 ? result : null;
    }

    private static bool EnumAllowsNull(IOpenApiSchema schema)
        => schema.Enum is { } values && values.Any(v => v is null || v.GetValueKind() == JsonValueKind.Null);

    /// <summary>The document allows null: a 3.1 <c>type</c> array with <c>null</c>, or <c>nullable: true</c> (3.0, and inside 3.1 documents too).</summary>
    private bool AllowsNull(IOpenApiSchema schema)
    {
        // A reference's keywords beside $ref (nullable: true next to it, in 3.0 and 3.1 documents alike) are its own,
        // the rest its target's. Both are read without the reference's own getters, which make Microsoft.OpenApi
        // resolve the reference again on every read.
        if (schema is OpenApiSchemaReference reference)
        {
            var own = reference.Reference;
            var target = Target(schema);
            var referenced = own?.SchemaType ?? target?.Type;
            return (referenced is { } t && (t & JsonSchemaType.Null) != 0)
                || IsNullableKeyword(own?.UnrecognizedKeywords)
                || (own?.UnrecognizedKeywords is not { Count: > 0 } && IsNullableKeyword(target?.UnrecognizedKeywords));
        }

        if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
        {
            return true;
        }

        return IsNullableKeyword(schema.UnrecognizedKeywords);
    }

    /// <summary>
    /// The annotations of a property's schema: for a reference, those beside its <c>$ref</c>, else its target's. Read
    /// without the reference's own getters, which make Microsoft.OpenApi resolve the reference again on every read.
    /// </summary>
    private static (bool ReadOnly, bool WriteOnly, bool Deprecated, JsonNode? Default, string? Description) Annotations(IOpenApiSchema schema, IOpenApiSchema target)
    {
        if (schema is OpenApiSchemaReference { Reference: { } own })
        {
            return (
                own.ReadOnly ?? target.ReadOnly,
                own.WriteOnly ?? target.WriteOnly,
                own.Deprecated ?? target.Deprecated,
                own.Default ?? target.Default,
                string.IsNullOrEmpty(own.Description) ? target.Description : own.Description);
        }

        return (schema.ReadOnly, schema.WriteOnly, schema.Deprecated, schema.Default, schema.Description);
    }

    /// <summary>Where a property's <c>default</c> is written: beside its <c>$ref</c>, or else in the component it refers to.</summary>
    private string DefaultPointer(IOpenApiSchema schema, string pointer)
        => schema is OpenApiSchemaReference { Reference: { Default: null } } reference && ComponentKey(reference) is { } key
            ? ComponentsPointer + SourceLocator.Escape(key) + "/default"
            : pointer + "/default";

    private static bool IsNullableKeyword(IDictionary<string, JsonNode>? keywords)
        => keywords is not null
            && keywords.TryGetValue("nullable", out var nullable)
            && nullable is JsonValue value
            && value.GetValueKind() == JsonValueKind.True;

    private static bool IsNullSchema(IOpenApiSchema schema)
        => schema is not OpenApiSchemaReference && schema.Type == JsonSchemaType.Null;

    private TypeResolution ResolveComponent(string key)
    {
        if (_componentTypes.TryGetValue(key, out var known))
        {
            return known;
        }

        var schemas = _document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(key, out var schema))
        {
            return new TypeResolution(TypeRef.Json, false);
        }

        var pointer = ComponentsPointer + SourceLocator.Escape(key);
        if (!_resolving.Add(key))
        {
            // An alias cycle (A is B, B is A) with no object in between.
            Report(DiagnosticDescriptors.UnsupportedConstruct, pointer, "schema '" + key + "'", DocumentReader.PointerText(pointer), "it refers to itself without an object in between; it is typed as JsonElement");
            return new TypeResolution(TypeRef.Json, false);
        }

        try
        {
            // Each component is generated once, as its own evaluation root: its dynamic scope starts at itself.
            using var scope = Scoped(_anchors?.Start(schema));
            return ResolveComponentCore(key, schema, pointer);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException or NullReferenceException or OverflowException)
        {
            // Microsoft.OpenApi throws on some broken documents (reference loops through properties it resolves lazily):
            // that schema becomes JSON, the rest of the client is still generated.
            Report(DiagnosticDescriptors.UnsupportedConstruct, pointer, "schema '" + key + "'", DocumentReader.PointerText(pointer), "it cannot be read (" + ex.Message + "); it is typed as JsonElement");
            EnsureTypeExists(key);
            _resolving.Remove(key);
            return _componentTypes.TryGetValue(key, out var named) ? named : _componentTypes[key] = new TypeResolution(TypeRef.Json, true);
        }
    }

    /// <summary>After a failure, the type a component was named as must still exist, or references to it would not compile.</summary>
    private void EnsureTypeExists(string key)
    {
        if (!_componentTypes.TryGetValue(key, out var known) || known.Type.Name is not { } name)
        {
            return;
        }

        if (known.Type.Kind == TypeKind.Enum && !_enums.ContainsKey(name))
        {
            _enums[name] = new EnumSpec(name, null, IsString: true, Deprecated: false, EquatableArray<EnumMemberSpec>.Empty);
        }
        else if (known.Type.Kind == TypeKind.Model && !_models.Any(m => m.Name == name) && !_unions.Any(u => u.Name == name))
        {
            _models.Add(new ModelSpec(name, null, false, EquatableArray<PropertySpec>.Empty, TypeRef.Json));
        }
    }

    private TypeResolution ResolveComponentCore(string key, IOpenApiSchema schema, string pointer)
    {
        TypeResolution result;
        if (_componentTypeNames.TryGetValue(key, out var typeName))
        {
            // Models are named before they are built, so recursive references resolve.
            var shape = Classify(schema);
            var type = shape == SchemaShape.Enum ? new TypeRef(TypeKind.Enum, typeName) : new TypeRef(TypeKind.Model, typeName);
            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? [];
            _componentTypes[key] = new TypeResolution(type, AllowsNull(schema) || (shape == SchemaShape.Union && variants.Any(IsNullSchema)));
            if (shape == SchemaShape.Enum)
            {
                BuildEnum(typeName, schema);
            }
            else if (shape == SchemaShape.Union)
            {
                // Named before it is built, like a model, so that a union may contain itself.
                using (FreshSelfGuard())
                {
                    BuildUnion(typeName, schema, variants, pointer + (schema.OneOf is { Count: > 0 } ? "/oneOf/" : "/anyOf/"));
                }
            }
            else
            {
                // A schema sent as multipart/form-data has file parts where it says format: binary.
                var saved = _fileContext;
                _fileContext |= _multipartComponents.Contains(key);
                try
                {
                    using (FreshSelfGuard())
                    {
                        BuildModel(typeName, schema, pointer);
                    }
                }
                finally
                {
                    _fileContext = saved;
                }
            }

            result = _componentTypes[key];
        }
        else
        {
            result = ResolveInline(schema, Naming.ToPascalCase(key, "Schema"), pointer);
            _componentTypes[key] = result;
        }

        _resolving.Remove(key);
        return result;
    }

    /// <summary>Maps a schema to a C# type; inline objects and enums become types named <paramref name="contextName"/>.</summary>
    private TypeResolution Resolve(IOpenApiSchema? schema, string contextName, string pointer)
    {
        if (schema is null)
        {
            return new TypeResolution(TypeRef.Json, true);
        }

        // An operation's schema (outside any component) is evaluated from itself.
        using var root = _anchors is not null && _scope is null ? Scoped(_anchors.Start(schema)) : default;
        if (schema is OpenApiSchemaReference reference)
        {
            if (Target(reference, out var entered) is not { } target)
            {
                // A reference by anchor is reported at its keyword's line; others at the schema that holds them.
                var keyword = _anchors is null ? null : SchemaAnchors.Keyword(reference);
                var at = keyword is null ? pointer : Pointer(pointer, keyword);
                Report(DiagnosticDescriptors.UnresolvedReference, at, ReferenceText(reference), DocumentReader.PointerText(pointer));
                return new TypeResolution(TypeRef.Json, true);
            }

            var key = ComponentKey(reference);
            if (key is not null && _document.Components?.Schemas?.ContainsKey(key) == true)
            {
                var resolved = ResolveComponent(key);
                return resolved with { Nullable = resolved.Nullable || AllowsNull(reference) };
            }

            if (_anchors is not null && SchemaAnchors.IsAnchorReference(reference) && _anchors.Resolve(reference, _scope) is OpenApiSchemaReference next && _anchorDepth < 32)
            {
                // The anchored schema is itself a reference ($dynamicAnchor: T beside $ref: Item): one step at a time,
                // so that a component stays its type rather than an inline copy.
                _anchorDepth++;
                try
                {
                    using var inner = Scoped(_anchors.Enter(_scope, next));
                    var resolved = Resolve(next, contextName, pointer);
                    return resolved with { Nullable = resolved.Nullable || AllowsNull(reference) };
                }
                finally
                {
                    _anchorDepth--;
                }
            }

            using var scope = Scoped(entered);

            // A schema reached by pointer or anchor that holds a reference to itself ($defs: {list: {$anchor: list, type:
            // array, items: {$ref: '#list'}}}, or A/properties/list whose items are '#/components/schemas/A/properties/list')
            // would be resolved forever: only a named type (an object) may contain itself.
            var inline = Inline(target);
            if (!_anchorTargets.Add(inline))
            {
                if (_inlineTypes.TryGetValue(inline, out var known))
                {
                    return known;
                }

                Report(DiagnosticDescriptors.UnsupportedConstruct, pointer, "reference '" + ReferenceText(reference) + "'", DocumentReader.PointerText(pointer), "the schema it names contains itself without an object in between; it is typed as JsonElement");
                return new TypeResolution(TypeRef.Json, true);
            }

            try
            {
                return ResolveInline(target, contextName, pointer);
            }
            finally
            {
                _anchorTargets.Remove(inline);
            }
        }

        return ResolveInline(schema, contextName, pointer);
    }

    private int _anchorDepth;
    private HashSet<InlineKey> _anchorTargets = new(InlineKeyComparer.Instance);

    /// <summary>
    /// A named type (a model or a union) is the "object in between": inside it, a schema being resolved further out may
    /// be reached again without looping, so the guard starts empty there and is restored after.
    /// </summary>
    private GuardRestore FreshSelfGuard()
    {
        var saved = _anchorTargets;
        _anchorTargets = new HashSet<InlineKey>(InlineKeyComparer.Instance);
        return new GuardRestore(this, saved);
    }

    private readonly struct GuardRestore(ModelBuilder builder, HashSet<InlineKey> saved) : IDisposable
    {
        public void Dispose() => builder._anchorTargets = saved;
    }

    /// <summary>For a schema that is a reference, makes the scope its target is evaluated in current until disposed.</summary>
    private ScopeRestore ScopedAtTarget(IOpenApiSchema schema)
    {
        if (_anchors is null || schema is not OpenApiSchemaReference)
        {
            return default;
        }

        Target(schema, out var entered);
        return Scoped(entered);
    }

    private TypeResolution ResolveInline(IOpenApiSchema schema, string contextName, string pointer)
    {
        // A component written as a reference (StringList: {$ref: List}) reads its target's keywords: in its target's scope.
        using var scope = ScopedAtTarget(schema);
        var nullable = AllowsNull(schema);

        // oneOf/anyOf with null: [X, {type: null}] is a nullable X.
        var variants = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
        if (variants is { Count: > 0 })
        {
            var nonNull = variants.Where(v => !IsNullSchema(v)).ToList();
            nullable |= nonNull.Count < variants.Count;
            if (nonNull.Count == 1 && schema.Properties is not { Count: > 0 })
            {
                var single = Resolve(nonNull[0], contextName, pointer + (schema.OneOf is { Count: > 0 } ? "/oneOf/" : "/anyOf/") + variants.IndexOf(nonNull[0]));
                return single with { Nullable = single.Nullable || nullable };
            }

            if (schema.Properties is not { Count: > 0 } && schema.AllOf is not { Count: > 0 })
            {
                if (_inlineTypes.TryGetValue(Inline(schema), out var known))
                {
                    return known with { Nullable = known.Nullable || nullable };
                }

                // One type per shape: an inline union equal to an earlier one (the same schema, written out: its
                // variants are then the same types, as inline objects and enums are one type per shape too) is its type.
                var unionKey = ObjectShapeKey(schema) is { } written ? "union:" + written : null;
                if (unionKey is not null && _unionShapes.TryGetValue(unionKey, out var sharedUnion))
                {
                    return _inlineTypes[Inline(schema)] = sharedUnion with { Nullable = nullable };
                }

                var name = TypeName(contextName, Naming.UnionMembers);
                var union = new TypeResolution(new TypeRef(TypeKind.Model, name), nullable);
                _inlineTypes[Inline(schema)] = union;
                if (unionKey is not null)
                {
                    _unionShapes[unionKey] = union with { Nullable = false };
                }

                using (FreshSelfGuard())
                {
                    BuildUnion(name, schema, variants, pointer + (schema.OneOf is { Count: > 0 } ? "/oneOf/" : "/anyOf/"));
                }
                return union;
            }
        }

        // An inline schema reached twice (through a reference into a component) is one type.
        if (_inlineTypes.TryGetValue(Inline(schema), out var seen))
        {
            return seen with { Nullable = seen.Nullable || nullable };
        }

        if (EnumValues(schema, out var enumIsString) is { Count: > 0 } enumValues)
        {
            // One type per shape: inline enums with the same values (in the same order, of the same kind, deprecated or
            // not) are one struct, named after the first use (components in name order, then operations in document order).
            var shapeKey = (enumIsString ? "s" : "n") + (Target(schema)?.Deprecated == true ? "d" : "-") + string.Concat(enumValues.Select(v => v.Length.ToString(CultureInfo.InvariantCulture) + ":" + v));
            if (!_enumShapes.TryGetValue(shapeKey, out var enumName))
            {
                enumName = TypeName(contextName, Naming.EnumStructMembers);
                BuildEnum(enumName, schema);
                _enumShapes[shapeKey] = enumName;
            }
            else if (_enums[enumName].Description is { } shown && shown != (Text(Target(schema)?.Description) ?? Text(schema.Description)))
            {
                // Uses that document the values differently: the struct says what they share, each property its own.
                _enums[enumName] = _enums[enumName] with { Description = null };
            }

            return _inlineTypes[Inline(schema)] = new TypeResolution(new TypeRef(TypeKind.Enum, enumName), nullable || EnumAllowsNull(schema));
        }

        var shape = Classify(schema);
        if (shape == SchemaShape.Object)
        {
            // One type per shape: an inline object equal to an earlier one (the same schema, written out) is its type.
            var objectKey = ObjectShapeKey(schema);
            if (objectKey is not null && _objectShapes.TryGetValue(objectKey, out var shared))
            {
                return _inlineTypes[Inline(schema)] = shared with { Nullable = nullable };
            }

            var name = TypeName(contextName, RecordTypeMembers);
            var model = new TypeResolution(new TypeRef(TypeKind.Model, name), nullable);
            _inlineTypes[Inline(schema)] = model;
            if (objectKey is not null)
            {
                _objectShapes[objectKey] = model with { Nullable = false };
            }

            using (FreshSelfGuard())
            {
                BuildModel(name, schema, pointer);
            }

            return model;
        }

        if (schema.AllOf is { Count: 1 } onlyPart && schema.Properties is not { Count: > 0 })
        {
            // allOf: [$ref] with a description or default beside it is the referenced type.
            var inner = Resolve(onlyPart[0], contextName, pointer + "/allOf/0");
            return inner with { Nullable = inner.Nullable || nullable };
        }

        var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        return type switch
        {
            JsonSchemaType.String => new TypeResolution(_fileContext && IsBinaryString(schema) ? new TypeRef(TypeKind.File) : StringType(schema.Format), nullable),
            JsonSchemaType.Integer => new TypeResolution(new TypeRef(IntegerKind(schema)), nullable),
            JsonSchemaType.Number => new TypeResolution(NumberType(schema.Format), nullable),
            JsonSchemaType.Boolean => new TypeResolution(new TypeRef(TypeKind.Boolean), nullable),
            JsonSchemaType.Array => ResolveArray(schema, contextName, pointer, nullable),
            JsonSchemaType.Object when schema.AdditionalProperties is { } values
                => ResolveMap(values, contextName, pointer, nullable),
            _ => new TypeResolution(TypeRef.Json, nullable || type is null),
        };
    }

    /// <summary>
    /// <c>long</c> for <c>format: int64</c>, and for an integer without a format whose own values (minimum, maximum,
    /// default, example, enum) go beyond <c>int</c>: the document says the wire carries them. <c>int</c> otherwise.
    /// </summary>
    private static TypeKind IntegerKind(IOpenApiSchema schema)
    {
        if (schema.Format == "int64")
        {
            return TypeKind.Int64;
        }

        if (!string.IsNullOrEmpty(schema.Format))
        {
            return TypeKind.Int32;
        }

        static bool BeyondInt(string? text) => text is not null && DefaultValue.IsNumberText(text, out var integral) && integral && !DefaultValue.IsNumber(text, TypeKind.Int32);
        static string? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? FormatNumber(value) : null;
        var beyond = BeyondInt(schema.Maximum?.ToString()) || BeyondInt(schema.Minimum?.ToString()) || BeyondInt(Number(schema.Default)) || (schema.Examples?.Any(e => BeyondInt(Number(e))) ?? false)
#pragma warning disable CS0618 // a 3.0 document's single example is still read into Example
            || BeyondInt(Number(schema.Example))
#pragma warning restore CS0618
            || (schema.Enum?.Any(e => BeyondInt(Number(e))) ?? false);
        return beyond ? TypeKind.Int64 : TypeKind.Int32;
    }

    /// <summary>
    /// What makes two inline object schemas one type: the schema written out as compact JSON (its properties, their
    /// schemas and references, required, descriptions, everything), and whether it is read as a multipart form (where
    /// binary strings are files). Null where the text does not decide the type: with anchors, the same <c>$dynamicRef</c>
    /// means another schema in another scope.
    /// </summary>
    private string? ObjectShapeKey(IOpenApiSchema schema)
    {
        if (_anchors is not null)
        {
            return null;
        }

        try
        {
            using var text = new System.IO.StringWriter(CultureInfo.InvariantCulture);
            var target = Target(schema) ?? schema;
            target.SerializeAsV31(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));

            // Keywords Microsoft.OpenApi keeps but does not write back (3.1's `nullable: true`, beside a $ref or not),
            // which the reader honours: they are part of the shape too.
            var unrecognized = new System.Text.StringBuilder();
            AppendUnrecognized(target, unrecognized, 0);
            return (_fileContext ? "form:" : "json:") + text + "\u0000" + unrecognized;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException or FormatException or NotSupportedException)
        {
            return null; // a schema Microsoft.OpenApi cannot write back: its own type, as before
        }
    }

    /// <summary>The unrecognized keywords of a schema and of the schemas written inside it (not into references' targets), with where they stand.</summary>
    private static void AppendUnrecognized(IOpenApiSchema? schema, System.Text.StringBuilder key, int depth)
    {
        if (schema is null || depth > 64)
        {
            return;
        }

        void Keywords(IDictionary<string, JsonNode>? keywords)
        {
            foreach (var pair in keywords ?? new Dictionary<string, JsonNode>())
            {
                key.Append(pair.Key.Length).Append(':').Append(pair.Key).Append('=').Append(pair.Value?.ToJsonString()).Append(';');
            }
        }

        key.Append('{');
        if (schema is OpenApiSchemaReference reference)
        {
            Keywords(reference.Reference?.UnrecognizedKeywords);
            key.Append('}');
            return;
        }

        Keywords(schema.UnrecognizedKeywords);
        foreach (var property in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            key.Append(property.Key.Length).Append(':').Append(property.Key);
            AppendUnrecognized(property.Value, key, depth + 1);
        }

        AppendUnrecognized(schema.Items, key, depth + 1);
        AppendUnrecognized(schema.AdditionalProperties, key, depth + 1);
        foreach (var part in (schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
        {
            AppendUnrecognized(part, key, depth + 1);
        }

        key.Append('}');
    }

    private TypeResolution ResolveArray(IOpenApiSchema schema, string contextName, string pointer, bool nullable)
    {
        var element = Resolve(schema.Items, contextName + "Item", pointer + "/items");
        return new TypeResolution(new TypeRef(TypeKind.Array, Element: element.Type, ElementNullable: element.Nullable), nullable);
    }

    private TypeResolution ResolveMap(IOpenApiSchema values, string contextName, string pointer, bool nullable)
    {
        var element = Resolve(values, contextName + "Value", pointer + "/additionalProperties");
        return new TypeResolution(new TypeRef(TypeKind.Map, Element: element.Type, ElementNullable: element.Nullable), nullable);
    }

    /// <summary>A string schema that holds bytes: <c>format: binary</c> (3.0) or a <c>contentMediaType</c> (3.1).</summary>
    private bool IsBinaryString(IOpenApiSchema schema)
        => schema.Format == "binary" || (schema.Format is null && Target(schema) is OpenApiSchema { ContentMediaType: { Length: > 0 } });

    private static TypeRef StringType(string? format) => format switch
    {
        "date-time" => new TypeRef(TypeKind.DateTimeOffset),
        "date" => new TypeRef(TypeKind.DateOnly),
        "uuid" => new TypeRef(TypeKind.Guid),
        "byte" => new TypeRef(TypeKind.Bytes),
        _ => TypeRef.String,
    };

    private static TypeRef NumberType(string? format) => format switch
    {
        "float" => new TypeRef(TypeKind.Single),
        "decimal" => new TypeRef(TypeKind.Decimal),
        _ => new TypeRef(TypeKind.Double),
    };

    private void BuildEnum(string name, IOpenApiSchema schema)
    {
        var target = Target(schema)!;

        // The members live beside the struct's own members: those names are taken.
        var used = Naming.Scope(name, Naming.EnumStructMembers);
        var seenValues = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<EnumMemberSpec>();
        var values = EnumValues(target, out var isString) ?? [];
        foreach (var value in values)
        {
            if (seenValues.Add(value))
            {
                var wanted = isString ? Naming.ToEnumMemberName(value) : value.StartsWith("-", StringComparison.Ordinal) ? "ValueMinus" + value.Substring(1) : "Value" + value;
                members.Add(new EnumMemberSpec(Naming.MakeUnique(wanted, used), value));
            }
        }

        _enums[name] = new EnumSpec(name, Text(target.Description) ?? Text(schema.Description), isString, target.Deprecated, members.ToEquatableArray());
    }

    private void BuildUnion(string name, IOpenApiSchema schema, IList<IOpenApiSchema> variants, string variantsPointer)
    {
        using var scope = ScopedAtTarget(schema);
        var discriminator = schema.Discriminator;
        var mapping = discriminator?.Mapping ?? new Dictionary<string, OpenApiSchemaReference>();
        // A variant brings FromX, IsX and AsX beside the union's own members.
        var used = Naming.Scope(name, Naming.UnionMembers);
        var specs = new List<UnionVariantSpec>();
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            if (IsNullSchema(variant))
            {
                continue;
            }

            var resolution = Resolve(variant, name + "Variant" + Invariant(i + 1), variantsPointer + Invariant(i));
            if (specs.Any(s => s.Type == resolution.Type) || resolution.Type.Name == name)
            {
                continue; // the same type twice (after nullability) is one variant
            }

            var key = ComponentKey(variant);
            var values = new List<string>();
            foreach (var pair in mapping)
            {
                var text = pair.Value?.Reference?.ReferenceV3 ?? string.Empty;
                if (key is not null && (text == ComponentsPointer + key || text.EndsWith("/" + key, StringComparison.Ordinal) || text == key))
                {
                    values.Add(pair.Key);
                }
            }

            if (values.Count == 0 && key is not null && discriminator?.PropertyName is not null && mapping.Count == 0)
            {
                values.Add(key); // without a mapping, the value is the schema's name
            }

            // The shape that chooses the variant when there is no discriminator: an object's properties, or for a list of
            // objects those of its items (tried on the first item). Required are only those its converter requires, so
            // that a variant whose shape does not fit would not have read either.
            var properties = new List<string>();
            var required = new List<string>();
            var (shape, shapePointer) = resolution.Type.Kind switch
            {
                TypeKind.Model => (variant, variantsPointer + Invariant(i)),
                TypeKind.Array when resolution.Type.Element!.Kind == TypeKind.Model => (Target(variant)?.Items, variantsPointer + Invariant(i) + "/items"),
                _ => (null, string.Empty),
            };
            if (shape is not null && Target(shape) is { } shapeTarget && Classify(shapeTarget) == SchemaShape.Object)
            {
                var collected = new List<(string JsonName, IOpenApiSchema Schema, string Pointer, DynamicScope? Scope)>();
                var requiredNames = new HashSet<string>(StringComparer.Ordinal);
                CollectProperties(shape, shapePointer, collected, requiredNames, new HashSet<IOpenApiSchema>());
                properties.AddRange(collected.Select(p => p.JsonName).Distinct());
                required.AddRange(properties.Where(p => requiredNames.Contains(p) && !IsOneSided(collected.Last(c => c.JsonName == p).Schema)));
            }

            var items = resolution.Type.Kind switch
            {
                TypeKind.Array => Target(variant)?.Items,
                TypeKind.Map => Target(variant)?.AdditionalProperties,
                _ => null,
            };
            specs.Add(new UnionVariantSpec(
                Naming.MakeUnique(VariantName(resolution.Type), used, Naming.VariantMembers),
                resolution.Type,
                values.ToEquatableArray(),
                properties.ToEquatableArray(),
                required.ToEquatableArray(),
                resolution.Type.Element?.Kind == TypeKind.Model && items is not null && Classify(items) == SchemaShape.Union));
        }

        var target = Target(schema)!;
        _unions.Add(new UnionSpec(name, Text(target.Description) ?? Text(schema.Description), discriminator?.PropertyName, specs.ToEquatableArray()));
    }

    /// <summary>The member name of a variant: its type's name, or what kind of value it is.</summary>
    private static string VariantName(TypeRef type) => type.Kind switch
    {
        TypeKind.Model or TypeKind.Enum => type.Name!,
        TypeKind.String => "String",
        TypeKind.Int32 or TypeKind.Int64 => "Integer",
        TypeKind.Single or TypeKind.Double or TypeKind.Decimal => "Number",
        TypeKind.Boolean => "Boolean",
        TypeKind.DateTimeOffset => "DateTime",
        TypeKind.DateOnly => "Date",
        TypeKind.Array => "ListOf" + VariantName(type.Element!),
        TypeKind.Map => "DictionaryOf" + VariantName(type.Element!),
        TypeKind.Json => "Other",
        _ => type.Kind.ToString(),
    };

    private void BuildModel(string name, IOpenApiSchema schema, string pointer)
    {
        var properties = new List<(string JsonName, IOpenApiSchema Schema, string Pointer, DynamicScope? Scope)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        CollectProperties(schema, pointer, properties, required, new HashSet<IOpenApiSchema>());

        // The record's own members are taken, then AdditionalProperties is ours, then the document's names in order.
        var usedNames = Naming.Scope(name, Naming.RecordMembers);
        var additionalName = Naming.MakeUnique("AdditionalProperties", usedNames);
        var specs = new List<PropertySpec>();
        // With allOf, a property defined twice keeps its first position and its last definition.
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (jsonName, _, _, _) in properties)
        {
            if (!emitted.Add(jsonName))
            {
                continue;
            }

            var (_, propertySchema, propertyPointer, propertyScope) = properties.Last(p => p.JsonName == jsonName);

            // A property is evaluated in the scope of the schema that declares it (a base reached through allOf or $ref).
            using var scope = Scoped(propertyScope);
            var resolution = Resolve(propertySchema, name + Naming.ToPascalCase(jsonName), propertyPointer);
            // readOnly (sent by the server only) and writeOnly (sent by the client only) properties cannot be required
            // of both sides: they are optional in C#.
            var propertyTarget = Target(propertySchema) ?? propertySchema;
            var annotations = Annotations(propertySchema, propertyTarget);
            var isRequired = required.Contains(jsonName) && !IsOneSided(propertySchema);
            var defaultValue = Default(resolution.Type, annotations.Default, DefaultPointer(propertySchema, propertyPointer));

            // A string const is filled in: the caller never has to repeat it.
            var constValue = propertyTarget.Const;
            var isConst = constValue is not null && resolution.Type.Kind == TypeKind.String && !resolution.Nullable;
            if (isConst)
            {
                defaultValue = new DefaultValue(DefaultKind.String, constValue!);
            }

            var spec = new PropertySpec(
                string.Empty,
                jsonName,
                resolution.Type,
                isRequired,
                resolution.Nullable,
                resolution.Nullable ? null : defaultValue,
                Text(annotations.Description) ?? Text(propertyTarget.Description),
                annotations.Deprecated,
                isConst && isRequired);

            // Named once its kind is known: a property with a default, or that tells null from not set, brings its fields.
            var propertyName = Naming.MakeUnique(Naming.ToPascalCase(jsonName), usedNames, n => Naming.PropertyMembers(n, spec.HasTrackedDefault || spec.TracksNull, spec.TracksNull));
            specs.Add(spec with { Name = propertyName });
        }

        var target = Target(schema, out var targetScope)!;
        // Unknown properties are kept (typed by additionalProperties when it has a schema) unless the document forbids them.
        TypeRef? additional = TypeRef.Json;
        if (target.AdditionalProperties is { } extraSchema)
        {
            using var scope = Scoped(targetScope);
            additional = Resolve(extraSchema, name + "AdditionalProperty", pointer + "/additionalProperties").Type;
        }
        else if (!target.AdditionalPropertiesAllowed)
        {
            additional = null;
        }

        _models.Add(new ModelSpec(name, Text(target.Description) ?? Text(schema.Description), target.Deprecated, specs.ToEquatableArray(), additional, additionalName));
    }

    /// <summary>A readOnly (sent by the server only) or writeOnly (sent by the client only) property, which cannot be required of both sides.</summary>
    private bool IsOneSided(IOpenApiSchema propertySchema)
    {
        var target = Target(propertySchema) ?? propertySchema;
        var annotations = Annotations(propertySchema, target);
        return annotations.ReadOnly || annotations.WriteOnly || target.ReadOnly || target.WriteOnly;
    }

    private void CollectProperties(
        IOpenApiSchema schema,
        string pointer,
        List<(string JsonName, IOpenApiSchema Schema, string Pointer, DynamicScope? Scope)> properties,
        HashSet<string> required,
        HashSet<IOpenApiSchema> visited)
    {
        var target = Target(schema, out var targetScope);
        if (target is null || !visited.Add(target))
        {
            return;
        }

        var ownPointer = schema is OpenApiSchemaReference reference && ComponentKey(reference) is { } key
            ? ComponentsPointer + SourceLocator.Escape(key)
            : pointer;
        using var scope = Scoped(targetScope);
        if (target.AllOf is { Count: > 0 } allOf)
        {
            for (var i = 0; i < allOf.Count; i++)
            {
                CollectProperties(allOf[i], ownPointer + "/allOf/" + Invariant(i), properties, required, visited);
            }
        }

        foreach (var property in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            properties.Add((property.Key, property.Value, Pointer(ownPointer + "/properties", property.Key), _scope));
        }

        foreach (var name in target.Required ?? new HashSet<string>())
        {
            required.Add(name);
        }
    }

    /// <summary>
    /// A schema's <c>default</c> as a value of the property's type, when the type has a literal form. A number that the
    /// type cannot hold (<c>1e400</c> for a double, <c>1.5</c> or <c>1e10</c> for an int) is left out with VOAI011 at the
    /// <c>default</c> (<paramref name="pointer"/>): as C# it would not compile (CS0594) or would mean another value.
    /// </summary>
    private DefaultValue? Default(TypeRef type, JsonNode? value, string pointer)
    {
        if (value is not JsonValue json)
        {
            return null;
        }

        var kind = json.GetValueKind();
        switch (type.Kind, kind)
        {
            case (TypeKind.String, JsonValueKind.String):
                return new DefaultValue(DefaultKind.String, json.GetValue<string>());
            case (TypeKind.Boolean, JsonValueKind.True):
                return new DefaultValue(DefaultKind.Boolean, "true");
            case (TypeKind.Boolean, JsonValueKind.False):
                return new DefaultValue(DefaultKind.Boolean, "false");
            case (TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal, JsonValueKind.Number or JsonValueKind.String):
                // The YAML reader gives a number too large for a decimal (1e400, 1e39) as a string: it is reported like one
                // given as a number. Other strings are left out without a word, as before.
                var number = kind == JsonValueKind.Number ? FormatNumber(json) : json.GetValue<string>();
                if (DefaultValue.IsNumber(number, type.Kind))
                {
                    return kind == JsonValueKind.Number ? new DefaultValue(DefaultKind.Number, number) : null;
                }

                if (type.Kind == TypeKind.Int64 && kind == JsonValueKind.Number && DefaultValue.LongLimit(number) is { } limit)
                {
                    return new DefaultValue(DefaultKind.Number, limit); // long.MaxValue as a double prints it (DigitalOcean's Kafka settings)
                }

                if (kind == JsonValueKind.String && !DefaultValue.IsNumberText(number, out _))
                {
                    return null;
                }

                var typeName = type.Kind switch { TypeKind.Int32 => "int", TypeKind.Int64 => "long", TypeKind.Single => "float", TypeKind.Double => "double", _ => "decimal" };
                LeftOut(pointer, "The default " + Shown(number), "it is not a value of the property's type " + typeName + " (out of range, not finite, or not an integer)");
                return null;
            case (TypeKind.Enum, JsonValueKind.String):
                return EnumDefault(type.Name!, json.GetValue<string>());
            case (TypeKind.Enum, JsonValueKind.Number):
                return EnumDefault(type.Name!, FormatNumber(json));
            default:
                return null;
        }
    }

    private DefaultValue? EnumDefault(string enumName, string value)
    {
        if (!_enums.TryGetValue(enumName, out var spec))
        {
            return null;
        }

        var member = spec.Members.FirstOrDefault(m => m.Value == value);
        return member is null ? null : new DefaultValue(DefaultKind.EnumMember, member.Name);
    }
}
