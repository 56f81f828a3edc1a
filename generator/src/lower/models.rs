//! Schemas -> models: structs (with `x-okta-parent` fields merged in), string enums, aliases.

use super::shape::{
    Annotations, annotates_only, annotations, names_a_secret, shape, sole_typed_part,
};
use super::{
    Context, InlineSite, Ty, docs, module_of, schema_name_in_ref, schema_pointer,
    string_enum_values,
};
use crate::error::pointer_segment;
use crate::ir::{
    Conversion, Field, ImpliedField, JsonKind, Model, ModelKind, OneOfVariant, PolyVariant,
    Polymorphic, SharedField, Variant,
};
use crate::naming::{self, Namespace};
use crate::view::{self, Spelling};
use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// The name of the map that keeps JSON fields the spec does not list.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The catch-all variant of every enum, holding values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Lowers every schema in `#/components/schemas`, then boxes the fields that make types recursive.
///
/// Parents come before their `x-okta-parent` children (otherwise in spec order), so the inline
/// types of inherited properties are made, and named, by the schema that declares them; the
/// children reuse them.
pub(super) fn lower_schemas(cx: &mut Context<'_>) {
    let schemas = cx.schemas;
    let mut order: Vec<(&String, &ReferenceOr<Schema>)> = schemas.iter().collect();
    order.sort_by_key(|(name, _)| ancestor_count(schemas, name));
    for (name, schema) in order {
        let pointer = schema_pointer(name);
        let rust_name = cx.type_names[name].clone();
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            // A schema that is only a `$ref` is another name for its target.
            ReferenceOr::Reference { reference } => {
                let model = reference_alias(cx, name, &rust_name, reference, &pointer);
                cx.models.insert(rust_name, model);
                continue;
            }
        };
        let module = module_of(first_tag(schema, "x-okta-tags").as_deref());
        let model = match discriminator(cx, (name, &rust_name), schema, &pointer) {
            Some((property, variants)) => polymorphic_model(
                cx,
                (&rust_name, name, &module),
                schema,
                &pointer,
                property,
                variants,
            ),
            None => lower_schema(cx, &rust_name, name, &module, schema, &pointer),
        };
        cx.models.insert(rust_name, model);
    }
    box_recursive_fields(&mut cx.models);
    complete_polymorphic(&mut cx.models);
}

/// `pub type Alias = Target;` for a schema that is only a `$ref` (following chains of them).
fn reference_alias(
    cx: &mut Context<'_>,
    name: &str,
    rust_name: &str,
    reference: &str,
    pointer: &str,
) -> Model {
    let mut seen = BTreeSet::from([name.to_string()]);
    let mut target = cx.schema_name_of_ref(reference, &format!("{pointer}/$ref"));
    while let Some(ReferenceOr::Reference { reference }) = target.and_then(|t| cx.schemas.get(t)) {
        if !seen.insert(target.unwrap_or_default().to_string()) {
            cx.problem(pointer, "a cycle of schemas that are only `$ref`s");
            target = None;
            break;
        }
        target = cx.schema_name_of_ref(reference, pointer);
    }
    let ty = target.map_or(Ty::Json, |t| Ty::Named(cx.type_names[t].clone()));
    Model {
        rust_name: rust_name.to_string(),
        wire_name: name.to_string(),
        module: "common".to_string(),
        doc_lines: vec![format!(
            "The `{name}` schema of the Okta API: another name for [`{}`].",
            view::spell(&ty, Spelling::Surface)
        )],
        references: ty.models(),
        kind: ModelKind::Alias { ty },
        instance_methods: Vec::new(),
        features: Vec::new(),
    }
}

/// An enum over the subtypes a discriminator selects, named after the schema, so that every
/// reference to the schema becomes polymorphic; the schema's own fields live on in the fallback
/// struct `…Base`, used for unknown or missing discriminator values.
pub(super) fn polymorphic_model(
    cx: &mut Context<'_>,
    (rust_name, wire_name, module): (&str, &str, &str),
    schema: &Schema,
    pointer: &str,
    property: String,
    variants: Vec<PolyVariant>,
) -> Model {
    let fallback = cx.types.claim(&format!("{rust_name}Base"), "");
    let mut base = struct_model(cx, &fallback, wire_name, module, schema, pointer);
    base.doc_lines.push(String::new());
    base.doc_lines.push(format!(
        "The fallback of [`{rust_name}`]: used when `{property}` is missing or has a value this SDK does not know."
    ));
    cx.models.insert(fallback.clone(), base);
    Model {
        rust_name: rust_name.to_string(),
        wire_name: wire_name.to_string(),
        module: module.to_string(),
        doc_lines: poly_doc(schema, wire_name, &property),
        references: variants
            .iter()
            .map(|v| v.model.clone())
            .chain([fallback.clone()])
            .collect(),
        kind: ModelKind::Polymorphic(Box::new(Polymorphic {
            discriminator: property.clone(),
            variants,
            fallback,
            shared_fields: Vec::new(),
            conversions: Vec::new(),
        })),
        instance_methods: Vec::new(),
        features: Vec::new(),
    }
}

/// The discriminator property and the variants of a schema with `x-openapi-v3-discriminator`
/// (or a plain `discriminator`) that has a mapping; `None` for every other schema. `name` is the
/// schema's name, or the JSON pointer of an inline schema.
pub(super) fn discriminator(
    cx: &mut Context<'_>,
    (name, base_rust): (&str, &str),
    schema: &Schema,
    pointer: &str,
) -> Option<(String, Vec<PolyVariant>)> {
    let super::shape::Discriminator {
        keyword,
        property,
        mapping,
    } = super::shape::discriminator(schema)?;
    if mapping.is_empty() {
        return None;
    }
    let mut names = Namespace::with_reserved(["Other"]);
    let mut variants: Vec<PolyVariant> = Vec::new();
    for (value, target) in mapping {
        let mapping_pointer = format!("{pointer}/{keyword}/mapping/{}", pointer_segment(&value));
        let Some(target) = cx.schema_name_of_ref(&target, &mapping_pointer) else {
            continue;
        };
        if target == name {
            // A value mapped to the base schema itself is what the fallback decodes.
            continue;
        }
        let model = cx.type_names[target].clone();
        match variants.iter_mut().find(|v| v.model == model) {
            Some(variant) => variant.wire_values.push(value),
            None => variants.push(PolyVariant {
                rust_name: names.claim(&naming::pascal(&variant_name(&model, base_rust)), ""),
                nested: cx
                    .schemas
                    .get(target)
                    .and_then(|s| s.as_item())
                    .is_some_and(has_discriminator),
                model,
                wire_values: vec![value],
                doc: String::new(),
                implied: Vec::new(),
            }),
        }
    }
    for variant in &mut variants {
        if let [only] = variant.wire_values.as_slice() {
            variant.implied.push(ImpliedField {
                name: property.clone(),
                value: only.clone(),
            });
        }
        variant.implied.extend(defined_as(cx, &variant.model));
        let values: Vec<String> = variant
            .wire_values
            .iter()
            .map(|value| format!("`{value}`"))
            .collect();
        variant.doc = format!("`{property}` is {}.", values.join(" or "));
    }
    Some((property, variants))
}

/// Whether a schema selects subtypes by a discriminator with a mapping (so it is lowered to a
/// polymorphic enum, and a schema naming it in `allOf` is one of its subtypes).
pub(super) fn has_discriminator(schema: &Schema) -> bool {
    super::shape::discriminator(schema).is_some_and(|d| !d.mapping.is_empty())
}

/// Whether an object lists properties and allows others besides (`additionalProperties: true`
/// or a schema).
fn allows_more_properties(schema: &Schema) -> bool {
    let shape = shape(schema);
    matches!(
        shape.additional,
        Some(
            openapiv3::AdditionalProperties::Any(true) | openapiv3::AdditionalProperties::Schema(_)
        )
    ) && shape.has_properties()
}

/// The fields `x-okta-defined-as` fixes for a subtype (`name: oidc_client`).
fn defined_as(cx: &Context<'_>, rust_model: &str) -> Vec<ImpliedField> {
    let Some((schema_name, _)) = cx.type_names.iter().find(|(_, rust)| *rust == rust_model) else {
        return Vec::new();
    };
    cx.schemas
        .get(schema_name)
        .and_then(|s| s.as_item())
        .and_then(|s| s.schema_data.extensions.get("x-okta-defined-as"))
        .and_then(|v| v.as_object())
        .map(|fields| {
            fields
                .iter()
                .filter_map(|(k, v)| {
                    Some(ImpliedField {
                        name: k.clone(),
                        value: v.as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `OpenIdConnectApplication` under `Application` -> `OpenIdConnect`; `SwaApplication` under
/// `BrowserPluginApplication` -> `Swa` (the base's last word is stripped when the whole base is not).
fn variant_name(model: &str, base: &str) -> String {
    let last_word_start = base
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(0, |(i, _)| i);
    // `OpenIdConnectApplication` under `Application`; the current spec also names subtypes
    // after their base first (`UserFactorCall` under `UserFactor` -> `Call`).
    [base, &base[last_word_start..]]
        .iter()
        .filter_map(|suffix| model.strip_suffix(suffix))
        .chain(
            model
                .strip_prefix(base)
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase())),
        )
        .find(|stem| !stem.is_empty())
        .unwrap_or(model)
        .to_string()
}

fn poly_doc(schema: &Schema, wire_name: &str, property: &str) -> Vec<String> {
    let mut doc = model_doc(schema, wire_name);
    doc.push(String::new());
    doc.push(format!(
        "Deserializes into the subtype named by `{property}`; an unknown or missing value gives `Other` with every field kept."
    ));
    doc
}

/// Fills in the fields every variant shares and the `From` conversions, once all models exist.
/// Nested polymorphic variants are completed first, since their shared fields feed their parent's.
fn complete_polymorphic(models: &mut BTreeMap<String, Model>) {
    let mut pending: Vec<String> = models
        .values()
        .filter(|m| matches!(m.kind, ModelKind::Polymorphic(_)))
        .map(|m| m.rust_name.clone())
        .collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    while !pending.is_empty() {
        let ready: Vec<String> = pending
            .iter()
            .filter(|name| match &models[name.as_str()].kind {
                ModelKind::Polymorphic(p) => p
                    .variants
                    .iter()
                    .all(|v| !v.nested || done.contains(&v.model) || v.model == **name),
                _ => true,
            })
            .cloned()
            .collect();
        // A cycle of nested discriminators cannot be ordered; complete the rest as they are.
        let batch = if ready.is_empty() {
            pending.clone()
        } else {
            ready
        };
        for name in &batch {
            let completed = complete_one(models, name);
            if let Some(ModelKind::Polymorphic(p)) = models.get_mut(name).map(|m| &mut m.kind) {
                let (shared, conversions) = completed;
                p.shared_fields = shared;
                p.conversions = conversions;
            }
            done.insert(name.clone());
        }
        pending.retain(|n| !batch.contains(n));
    }
}

fn complete_one(
    models: &BTreeMap<String, Model>,
    name: &str,
) -> (Vec<SharedField>, Vec<Conversion>) {
    let ModelKind::Polymorphic(poly) = &models[name].kind else {
        return (Vec::new(), Vec::new());
    };
    // (name, type) pairs a model exposes: struct fields, or a polymorphic model's shared fields.
    let exposed = |model: &str| -> Vec<(String, Ty)> {
        match models.get(model).map(|m| &m.kind) {
            Some(ModelKind::Struct { fields, .. }) => fields
                .iter()
                .map(|f| (f.rust_name.clone(), f.ty.clone()))
                .collect(),
            Some(ModelKind::Polymorphic(p)) => p
                .shared_fields
                .iter()
                .map(|f| (f.rust_name.clone(), f.ty.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut shared = Vec::new();
    if let Some(ModelKind::Struct { fields, .. }) = models.get(&poly.fallback).map(|m| &m.kind) {
        for field in fields {
            let key = (field.rust_name.clone(), field.ty.clone());
            let everywhere = poly
                .variants
                .iter()
                .all(|v| exposed(&v.model).contains(&key));
            if everywhere {
                shared.push(SharedField {
                    rust_name: field.rust_name.clone(),
                    accessor: field.rust_name.clone(),
                    ty: field.ty.clone(),
                    doc_lines: field.doc_lines.clone(),
                });
            }
        }
    }
    let mut conversions = vec![Conversion {
        source: poly.fallback.clone(),
        variant: "Other".to_string(),
        through: None,
    }];
    for variant in &poly.variants {
        conversions.push(Conversion {
            source: variant.model.clone(),
            variant: variant.rust_name.clone(),
            through: None,
        });
        if let Some(ModelKind::Polymorphic(nested)) = models.get(&variant.model).map(|m| &m.kind) {
            for inner in &nested.conversions {
                if inner.source != variant.model
                    && !conversions.iter().any(|c| c.source == inner.source)
                {
                    conversions.push(Conversion {
                        source: inner.source.clone(),
                        variant: variant.rust_name.clone(),
                        through: Some(variant.model.clone()),
                    });
                }
            }
        }
    }
    (shared, conversions)
}

fn lower_schema(
    cx: &mut Context<'_>,
    rust_name: &str,
    wire_name: &str,
    module: &str,
    schema: &Schema,
    pointer: &str,
) -> Model {
    if let Some(values) = string_enum_values(schema) {
        if !matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
            cx.warn(
                pointer,
                "`type: object` with a string `enum`: generated as a string enum",
            );
        }
        return enum_model(rust_name, wire_name, module, schema, &values);
    }
    let composition = shape(schema);
    if !composition.alternatives().is_empty() && !composition.has_properties() {
        return one_of_model(cx, (rust_name, wire_name, module), schema, pointer);
    }
    if !composition.all_of.is_empty() && !composition.has_properties() {
        // `allOf: [{$ref: X}]` plus annotations: another name for X, unless X is polymorphic or
        // a discriminator maps to this schema: then it is a subtype, a struct with X's fields.
        if let Some((_, ReferenceOr::Reference { reference })) = sole_typed_part(composition.all_of)
        {
            let target = schema_name_in_ref(reference)
                .and_then(|t| cx.schemas.get(t))
                .and_then(ReferenceOr::as_item);
            if target.is_some_and(|t| !has_discriminator(t)) && !cx.subtypes.contains(wire_name) {
                let site = InlineSite {
                    type_name: format!("{rust_name}Item"),
                    wire_name: wire_name.to_string(),
                    module,
                };
                return alias_model(cx, (rust_name, wire_name, module), schema, pointer, &site);
            }
        }
        return struct_model(cx, rust_name, wire_name, module, schema, pointer);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => {
            struct_model(cx, rust_name, wire_name, module, schema, pointer)
        }
        _ => {
            let site = InlineSite {
                type_name: format!("{rust_name}Item"),
                wire_name: wire_name.to_string(),
                module,
            };
            alias_model(cx, (rust_name, wire_name, module), schema, pointer, &site)
        }
    }
}

fn alias_model(
    cx: &mut Context<'_>,
    (rust_name, wire_name, module): (&str, &str, &str),
    schema: &Schema,
    pointer: &str,
    site: &InlineSite<'_>,
) -> Model {
    let ty = cx.inline_ty(schema, pointer, site);
    Model {
        rust_name: rust_name.to_string(),
        wire_name: wire_name.to_string(),
        module: module.to_string(),
        doc_lines: model_doc(schema, wire_name),
        references: ty.models(),
        kind: ModelKind::Alias { ty },
        instance_methods: Vec::new(),
        features: Vec::new(),
    }
}

/// An enum over the alternatives of a `oneOf`/`anyOf` without a discriminator.
pub(super) fn one_of_model(
    cx: &mut Context<'_>,
    (rust_name, wire_name, module): (&str, &str, &str),
    schema: &Schema,
    pointer: &str,
) -> Model {
    let composition = shape(schema);
    let keyword = if composition.one_of.is_empty() {
        "anyOf"
    } else {
        "oneOf"
    };
    let mut names = Namespace::with_reserved(["Other"]);
    let mut variants = Vec::new();
    let mut references = Vec::new();
    for (index, alternative) in composition.alternatives().iter().enumerate() {
        let site = InlineSite {
            type_name: format!("{rust_name}{}", index + 1),
            wire_name: format!("{wire_name}.{keyword}[{index}]"),
            module,
        };
        let ty = cx.schema_ty(alternative, &format!("{pointer}/{keyword}/{index}"), &site);
        references.extend(ty.models());
        let (json_kind, field_names) = json_kind(cx, &ty);
        let wanted = match &ty {
            Ty::Named(name) => name.clone(),
            Ty::Vec(_) => "List".to_string(),
            Ty::Map(_) => "Map".to_string(),
            Ty::Json => "Json".to_string(),
            Ty::DateTime => "DateTime".to_string(),
            other => naming::pascal(&view::spell(other, Spelling::Surface)),
        };
        let held = match ty {
            Ty::Named(_) => Ty::Boxed(Box::new(ty)),
            other => other,
        };
        if variants.iter().any(|v: &OneOfVariant| v.ty == held) {
            continue;
        }
        variants.push(OneOfVariant {
            rust_name: names.claim(&wanted, ""),
            ty: held,
            json_kind,
            field_names,
        });
    }
    let mut doc_lines = model_doc(schema, wire_name);
    doc_lines.push(String::new());
    doc_lines.push(
        "One of several shapes: decoded as the first alternative whose JSON kind (and, for objects, most of whose fields) fits; anything else is kept as `Other`."
            .to_string(),
    );
    Model {
        rust_name: rust_name.to_string(),
        wire_name: wire_name.to_string(),
        module: module.to_string(),
        doc_lines,
        kind: ModelKind::OneOf { variants },
        instance_methods: Vec::new(),
        references,
        features: Vec::new(),
    }
}

/// The JSON kind a type accepts and, for a struct model, its fields' wire names.
fn json_kind(cx: &Context<'_>, ty: &Ty) -> (JsonKind, Vec<String>) {
    let kind = match ty {
        Ty::String | Ty::DateTime | Ty::Bytes => JsonKind::String,
        Ty::Bool => JsonKind::Boolean,
        Ty::I32 | Ty::I64 => JsonKind::Integer,
        Ty::F64 => JsonKind::Number,
        Ty::Json => JsonKind::Any,
        Ty::Vec(_) => JsonKind::Array,
        Ty::Map(_) => JsonKind::Object,
        Ty::Boxed(inner) => return json_kind(cx, inner),
        Ty::Named(name) => {
            return match cx.models.get(name).map(|m| &m.kind) {
                Some(ModelKind::Struct { fields, .. }) => (
                    JsonKind::Object,
                    fields.iter().map(|f| f.wire_name.clone()).collect(),
                ),
                Some(ModelKind::Enum { .. }) => (JsonKind::String, Vec::new()),
                Some(ModelKind::Polymorphic(_)) => (JsonKind::Object, Vec::new()),
                _ => (JsonKind::Any, Vec::new()),
            };
        }
    };
    (kind, Vec::new())
}

/// A forward-compatible string enum.
pub(super) fn enum_model(
    rust_name: &str,
    wire_name: &str,
    module: &str,
    schema: &Schema,
    values: &[String],
) -> Model {
    let mut names = Namespace::with_reserved([UNKNOWN_VARIANT]);
    let mut seen = BTreeSet::new();
    let descriptions = schema
        .schema_data
        .extensions
        .get("x-enumDescriptions")
        .and_then(|d| d.as_object());
    let variants = values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| Variant {
            rust_name: names.claim(&naming::pascal(value), ""),
            doc_lines: descriptions
                .and_then(|d| d.get(value.as_str()))
                .and_then(|d| d.as_str())
                .map(docs::doc_lines)
                .unwrap_or_default(),
            wire_value: value.clone(),
        })
        .collect();
    Model {
        rust_name: rust_name.to_string(),
        wire_name: wire_name.to_string(),
        module: module.to_string(),
        doc_lines: model_doc(schema, wire_name),
        kind: ModelKind::Enum { variants },
        instance_methods: Vec::new(),
        references: Vec::new(),
        features: Vec::new(),
    }
}

/// A struct with the schema's properties, its `x-okta-parent` chain's properties first.
pub(super) fn struct_model(
    cx: &mut Context<'_>,
    rust_name: &str,
    wire_name: &str,
    module: &str,
    schema: &Schema,
    pointer: &str,
) -> Model {
    let mut properties: Vec<(String, ReferenceOr<Box<Schema>>, String)> = Vec::new();
    let mut required: BTreeSet<String> = BTreeSet::new();
    for (owner_pointer, owner_schema) in parent_chain(cx, wire_name, schema, pointer) {
        let mut seen = BTreeSet::new();
        collect_properties(
            cx,
            &owner_schema,
            &owner_pointer,
            &mut seen,
            &mut properties,
            &mut required,
        );
    }

    let mut field_names = Namespace::with_reserved([ADDITIONAL_PROPERTIES]);
    let mut fields = Vec::new();
    let mut references = Vec::new();
    for (property, property_schema, property_pointer) in properties {
        let site = InlineSite {
            type_name: format!("{rust_name}{}", naming::pascal_suffix(&property)),
            wire_name: format!("{wire_name}.{property}"),
            module,
        };
        let ty = cx.boxed_schema_ty(&property_schema, &property_pointer, &site);
        references.extend(ty.models());
        let rust_field = field_names.claim(&naming::snake(&property), "_");
        let annotations = match &property_schema {
            ReferenceOr::Item(s) => annotations(s),
            ReferenceOr::Reference { .. } => Annotations::default(),
        };
        let mut field = field(
            &property,
            rust_field,
            &ty,
            annotations.read_only,
            annotations.description.as_deref(),
        );
        if annotations.sensitive || (ty == Ty::String && names_a_secret(&property)) {
            field.sensitive = true;
            field.doc_lines.push(String::new());
            field
                .doc_lines
                .push("A secret: `Debug` shows `***` instead of it.".to_string());
        }
        if required.contains(&property) {
            field.required = true;
            field.doc_lines.push(String::new());
            field
                .doc_lines
                .push("Required by the API in request bodies.".to_string());
        }
        fields.push(field);
    }
    Model {
        rust_name: rust_name.to_string(),
        wire_name: wire_name.to_string(),
        module: module.to_string(),
        doc_lines: model_doc(schema, wire_name),
        kind: ModelKind::Struct {
            fields,
            // Custom attributes: Okta's 2.x marker, or an object that allows properties beyond
            // those listed (`UserProfile` in the current spec).
            extensible: schema
                .schema_data
                .extensions
                .get("x-okta-extensible")
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
                || allows_more_properties(schema),
        },
        instance_methods: Vec::new(),
        references,
        features: Vec::new(),
    }
}

fn field(
    wire: &str,
    rust_name: String,
    ty: &Ty,
    read_only: bool,
    description: Option<&str>,
) -> Field {
    let mut doc_lines = description.map(docs::doc_lines).unwrap_or_default();
    if doc_lines.is_empty() {
        doc_lines.push(format!("The `{wire}` property."));
    }
    if read_only {
        doc_lines.push(String::new());
        doc_lines.push("Read-only: set by Okta.".to_string());
    }
    Field {
        wire_name: wire.to_string(),
        rust_name,
        ty: ty.clone(),
        read_only,
        sensitive: false,
        required: false,
        doc_lines,
    }
}

/// How many ancestors (`x-okta-parent`, or `allOf` references) a schema has on its longest line
/// of descent (a broken or cyclic chain just ends; the struct's lowering reports it).
fn ancestor_count(schemas: &IndexMap<String, ReferenceOr<Schema>>, name: &str) -> usize {
    fn depth<'a>(
        schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
        name: &'a str,
        path: &mut Vec<&'a str>,
    ) -> usize {
        if path.contains(&name) || path.len() > 64 {
            return 0;
        }
        let Some(schema) = schemas.get(name).and_then(ReferenceOr::as_item) else {
            return 0;
        };
        path.push(name);
        let parents = parent_ref(schema)
            .into_iter()
            .chain(shape(schema).all_of.iter().filter_map(|part| match part {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            }))
            .filter_map(schema_name_in_ref);
        let deepest = parents
            .map(|parent| 1 + depth(schemas, parent, path))
            .max()
            .unwrap_or(0);
        path.pop();
        deepest
    }
    depth(schemas, name, &mut Vec::new())
}

/// The `x-okta-parent` reference of a schema, if it names one.
fn parent_ref(schema: &Schema) -> Option<&str> {
    schema
        .schema_data
        .extensions
        .get("x-okta-parent")
        .and_then(|v| v.as_str())
}

/// The schema and its `x-okta-parent` ancestors, root first, as (JSON pointer, schema) pairs.
fn parent_chain(
    cx: &mut Context<'_>,
    wire_name: &str,
    schema: &Schema,
    pointer: &str,
) -> Vec<(String, Schema)> {
    let mut chain = vec![(pointer.to_string(), schema.clone())];
    let mut seen = BTreeSet::from([wire_name.to_string()]);
    let mut current = schema.clone();
    let mut current_pointer = pointer.to_string();
    while let Some(reference) = parent_ref(&current).map(str::to_string) {
        let parent_pointer = format!("{current_pointer}/x-okta-parent");
        let Some(parent_name) = cx.schema_name_of_ref(&reference, &parent_pointer) else {
            break;
        };
        if !seen.insert(parent_name.to_string()) {
            cx.problem(
                parent_pointer,
                format!("`x-okta-parent` cycle through {parent_name}"),
            );
            break;
        }
        let Some(ReferenceOr::Item(parent)) = cx.schemas.get(parent_name).cloned() else {
            break;
        };
        current_pointer = schema_pointer(parent_name);
        chain.push((current_pointer.clone(), parent.clone()));
        current = parent;
    }
    chain.reverse();
    chain
}

/// Adds a schema's properties to `properties`: first those of its `allOf` parts (references
/// followed, in order), then its own. A later definition of a property replaces the earlier
/// one in place (a subtype narrowing its parent's property). `seen` breaks reference cycles.
fn collect_properties(
    cx: &mut Context<'_>,
    schema: &Schema,
    pointer: &str,
    seen: &mut BTreeSet<String>,
    properties: &mut Vec<(String, ReferenceOr<Box<Schema>>, String)>,
    required: &mut BTreeSet<String>,
) {
    let composition = shape(schema);
    for (index, part) in composition.all_of.iter().enumerate() {
        let part_pointer = format!("{pointer}/allOf/{index}");
        match part {
            ReferenceOr::Reference { reference } => {
                let Some((target, target_schema)) = cx.resolve_schema_ref(reference, &part_pointer)
                else {
                    continue;
                };
                if seen.insert(target.to_string()) {
                    let target_pointer = schema_pointer(target);
                    collect_properties(
                        cx,
                        target_schema,
                        &target_pointer,
                        seen,
                        properties,
                        required,
                    );
                }
            }
            ReferenceOr::Item(part_schema) => {
                collect_properties(cx, part_schema, &part_pointer, seen, properties, required)
            }
        }
    }
    required.extend(composition.required.iter().cloned());
    for (property, property_schema) in composition.properties.into_iter().flatten() {
        let property_pointer = format!("{pointer}/properties/{}", pointer_segment(property));
        let entry = (property.clone(), property_schema.clone(), property_pointer);
        match properties.iter_mut().find(|(name, _, _)| name == property) {
            // A redefinition that only annotates (`{example: sms}` in a subtype) keeps the
            // type it annotates; one with a type of its own narrows the property in place.
            Some(existing) => {
                let annotates =
                    matches!(&entry.1, ReferenceOr::Item(schema) if annotates_only(schema));
                if !annotates {
                    *existing = entry;
                }
            }
            None => properties.push(entry),
        }
    }
}

fn model_doc(schema: &Schema, wire_name: &str) -> Vec<String> {
    let title = schema
        .schema_data
        .title
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    let description = schema
        .schema_data
        .description
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    let origin = vec![format!("The `{wire_name}` schema of the Okta API.")];
    docs::paragraphs(&[title, description, origin])
}

/// The first entry of a string-list extension such as `x-okta-tags`.
pub(super) fn first_tag(schema: &Schema, extension: &str) -> Option<String> {
    schema
        .schema_data
        .extensions
        .get(extension)
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Boxes every field whose type directly contains (not through a `Vec` or map) a model that
/// directly contains the field's own model again: without the box the type has infinite size.
fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    let edges: BTreeMap<String, Vec<String>> = models
        .values()
        .map(|m| {
            let targets = match &m.kind {
                ModelKind::Struct { fields, .. } => fields
                    .iter()
                    .filter_map(|f| f.ty.direct_model().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            (m.rust_name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    for model in models.values_mut() {
        let owner = model.rust_name.clone();
        if let ModelKind::Struct { fields, .. } = &mut model.kind {
            for field in fields.iter_mut() {
                if field
                    .ty
                    .direct_model()
                    .is_some_and(|target| reaches(target, &owner))
                {
                    field.ty = Ty::Boxed(Box::new(field.ty.clone()));
                }
            }
        }
    }
}
