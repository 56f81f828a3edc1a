//! Spec -> IR. The only module besides [`crate::load`] that sees `openapiv3` types.
//!
//! Lowering never stops at the first problem: broken references and missing names are collected
//! as [`SpecProblem`]s with their JSON pointer, and spec defects the generator can work around
//! become warnings.

mod docs;
pub mod documented;
mod extensions;
mod families;
mod features;
mod instance;
mod models;
mod operations;
mod shape;

use crate::error::{Error, SpecProblem, Warning, pointer_segment};
use crate::ir::Ty;
use crate::ir::{Api, Model};
use crate::naming::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeMap;

/// The result of lowering: the IR plus what the generator worked around.
#[derive(Debug)]
pub struct Lowered {
    /// The IR.
    pub api: Api,
    /// Spec defects handled without failing, sorted.
    pub warnings: Vec<Warning>,
}

/// Builds the IR from a parsed spec, or every problem found, sorted.
pub fn lower(spec: &OpenAPI, documented: Option<&documented::Table>) -> Result<Lowered, Error> {
    let mut cx = Context::new(spec);
    extensions::warn_unknown(&mut cx);
    models::lower_schemas(&mut cx);
    let operations = operations::lower_operations(&mut cx, documented);
    instance::lower_instance_methods(
        &mut cx,
        &operations,
        documented.and_then(|t| t.instance_methods.as_ref()),
    );
    let mut problems = std::mem::take(&mut cx.problems);
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(Error::Spec(problems));
    }
    let mut models: Vec<Model> = cx.models.into_values().collect();
    models.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut warnings = cx.warnings;
    warnings.sort();
    warnings.dedup();
    let example_operations = operations::example_operations(&operations);
    let mut api = Api {
        title: spec.info.title.clone(),
        spec_version: spec.info.version.clone(),
        operations,
        models,
        features: Vec::new(),
        model_modules: Vec::new(),
        example_operations,
    };
    features::gate_by_feature(&mut api);
    Ok(Lowered { api, warnings })
}

/// State shared by the lowering passes.
struct Context<'s> {
    spec: &'s OpenAPI,
    /// `#/components/schemas`, borrowed from the spec (never cloned: it is large).
    schemas: &'s IndexMap<String, ReferenceOr<Schema>>,
    /// Schema name -> Rust type name.
    type_names: BTreeMap<String, String>,
    /// Every type name handed out so far, schemas and inline types alike.
    types: Namespace,
    /// Finished models by Rust name.
    models: BTreeMap<String, Model>,
    /// Schemas a discriminator mapping selects: each is a subtype of its own, never an alias.
    subtypes: std::collections::BTreeSet<String>,
    /// The type made for each inline enum or object, by its JSON pointer: a property that
    /// children inherit through `x-okta-parent` gets one type, not one per child.
    inline_types: BTreeMap<String, Ty>,
    problems: Vec<SpecProblem>,
    warnings: Vec<Warning>,
}

/// Where an inline schema sits, so a type generated for it gets a name and a module.
struct InlineSite<'a> {
    /// The suggested Rust type name, e.g. `UserStatus` for `User.status`.
    type_name: String,
    /// The wire path, e.g. `User.status`.
    wire_name: String,
    module: &'a str,
}

impl<'s> Context<'s> {
    fn new(spec: &'s OpenAPI) -> Self {
        static NO_SCHEMAS: std::sync::LazyLock<IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::LazyLock::new(IndexMap::new);
        let schemas = spec
            .components
            .as_ref()
            .map_or(&*NO_SCHEMAS, |c| &c.schemas);
        let mut types = Namespace::default();
        let mut type_names = BTreeMap::new();
        let mut warnings = Vec::new();
        // Names must not depend on the order of the spec's keys. When two keys make one Rust
        // name (`TempPassword` and `tempPassword`), the key already spelled that way keeps it,
        // then keys go in byte order; a numbered name is a warning for the maintainer.
        let mut keys: Vec<(String, &String)> = schemas
            .keys()
            .map(|key| (naming::type_name(key), key))
            .collect();
        keys.sort_by(|(a_rust, a_key), (b_rust, b_key)| {
            (a_rust != *a_key, a_key).cmp(&(b_rust != *b_key, b_key))
        });
        for (wanted, name) in keys {
            let rust = types.claim(&wanted, "");
            if rust != wanted {
                warnings.push(SpecProblem {
                    pointer: schema_pointer(name),
                    message: format!(
                        "its Rust name `{wanted}` is taken by another schema: it is `{rust}`"
                    ),
                });
            }
            type_names.insert(name.clone(), rust);
        }
        let subtypes = schemas
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(mapping_targets)
            .filter_map(|target| schema_name_in_ref(&target).map(str::to_string))
            .collect();
        Context {
            spec,
            schemas,
            subtypes,
            type_names,
            types,
            models: BTreeMap::new(),
            inline_types: BTreeMap::new(),
            problems: Vec::new(),
            warnings,
        }
    }

    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.push(SpecProblem {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(SpecProblem {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// The schema name a `$ref` points at. Accepts `#/components/schemas/X` and, because Okta's
    /// extensions were never converted, Swagger 2.0's `#/definitions/X`.
    fn schema_name_of_ref<'r>(&mut self, reference: &'r str, pointer: &str) -> Option<&'r str> {
        match schema_name_in_ref(reference) {
            Some(name) if self.schemas.contains_key(name) => Some(name),
            _ => {
                self.problem(
                    pointer,
                    format!("`$ref: {reference}` does not name a schema in #/components/schemas"),
                );
                None
            }
        }
    }

    /// The schema a `$ref` names, following schemas that are only a `$ref` themselves, with its
    /// name; a broken reference or a cycle is a problem at `pointer`.
    fn resolve_schema_ref(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(&'s str, &'s Schema)> {
        let schemas = self.schemas;
        let mut name = self.schema_name_of_ref(reference, pointer)?;
        for _ in 0..=schemas.len() {
            let (key, schema) = schemas.get_key_value(name)?;
            match schema {
                ReferenceOr::Item(schema) => return Some((key.as_str(), schema)),
                ReferenceOr::Reference { reference } => {
                    name = self.schema_name_of_ref(reference, pointer)?;
                }
            }
        }
        self.problem(
            pointer,
            format!("`$ref: {reference}` leads into a cycle of `$ref`s"),
        );
        None
    }

    /// The Rust type for a schema reference, creating models for inline enums and objects.
    fn schema_ty(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        site: &InlineSite<'_>,
    ) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => {
                let Some(name) = self.schema_name_of_ref(reference, pointer) else {
                    return Ty::Json;
                };
                // A named scalar (`CreatedProperty`: a date-time string) is used as the scalar
                // itself, so timestamps keep their type and fields read as what they are.
                let scalar = match self.schemas.get(name) {
                    Some(ReferenceOr::Item(target)) => scalar_ty(target),
                    _ => None,
                };
                if let Some(scalar) = scalar {
                    return scalar;
                }
                Ty::Named(self.type_names[name].clone())
            }
            ReferenceOr::Item(schema) => self.inline_ty(schema, pointer, site),
        }
    }

    fn boxed_schema_ty(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        site: &InlineSite<'_>,
    ) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ty(
                &ReferenceOr::Reference {
                    reference: reference.clone(),
                },
                pointer,
                site,
            ),
            ReferenceOr::Item(schema) => self.inline_ty(schema, pointer, site),
        }
    }

    fn inline_ty(&mut self, schema: &Schema, pointer: &str, site: &InlineSite<'_>) -> Ty {
        if let Some(ty) = self.inline_types.get(pointer) {
            return ty.clone();
        }
        if let Some(values) = string_enum_values(schema) {
            if let Some(same) = self.schema_enum_like(&site.type_name, &values) {
                self.inline_types
                    .insert(pointer.to_string(), Ty::Named(same.clone()));
                return Ty::Named(same);
            }
            let name = self.claim_inline_name(&site.type_name);
            let model = models::enum_model(&name, &site.wire_name, site.module, schema, &values);
            self.models.insert(name.clone(), model);
            self.inline_types
                .insert(pointer.to_string(), Ty::Named(name.clone()));
            return Ty::Named(name);
        }
        let composition = shape::shape(schema);
        if !composition.all_of.is_empty() && !composition.has_properties() {
            // `allOf: [{description: ..}, {$ref: X}]` is X; several typed parts make a struct.
            if let Some((index, part)) = shape::sole_typed_part(composition.all_of) {
                return self.schema_ty(part, &format!("{pointer}/allOf/{index}"), site);
            }
            return self.inline_model(schema, pointer, site, models::struct_model);
        }
        if !composition.alternatives().is_empty() && !composition.has_properties() {
            let discriminated =
                models::discriminator(self, (pointer, &site.type_name), schema, pointer);
            return match discriminated {
                Some((property, variants)) => {
                    let name = self.claim_inline_name(&site.type_name);
                    self.inline_types
                        .insert(pointer.to_string(), Ty::Named(name.clone()));
                    let model = models::polymorphic_model(
                        self,
                        (&name, &site.wire_name, site.module),
                        schema,
                        pointer,
                        property,
                        variants,
                    );
                    self.models.insert(name.clone(), model);
                    Ty::Named(name)
                }
                None => self.inline_model(
                    schema,
                    pointer,
                    site,
                    |cx, name, wire, module, schema, pointer| {
                        models::one_of_model(cx, (name, wire, module), schema, pointer)
                    },
                ),
            };
        }
        match &schema.schema_kind {
            // Always a scalar (`typed_scalar` knows these four types).
            SchemaKind::Type(
                Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_),
            ) => typed_scalar(&schema.schema_kind).unwrap_or(Ty::Json),
            SchemaKind::Type(Type::Array(array)) => {
                if schema
                    .schema_data
                    .default
                    .as_ref()
                    .is_some_and(|d| !d.is_array())
                {
                    self.warn(
                        pointer,
                        "array with a non-array `default`: the default is ignored",
                    );
                }
                let item_site = InlineSite {
                    type_name: format!("{}Item", site.type_name),
                    wire_name: format!("{}[]", site.wire_name),
                    module: site.module,
                };
                match &array.items {
                    Some(items) => Ty::Vec(Box::new(self.boxed_schema_ty(
                        items,
                        &format!("{pointer}/items"),
                        &item_site,
                    ))),
                    None => Ty::Vec(Box::new(Ty::Json)),
                }
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.map_ty(object.additional_properties.as_ref(), pointer, site)
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.typ.is_none() => {
                match &any.additional_properties {
                    Some(additional) => self.map_ty(Some(additional), pointer, site),
                    None => Ty::Json,
                }
            }
            SchemaKind::Any(any)
                if any.properties.is_empty() && any.typ.as_deref() == Some("object") =>
            {
                self.map_ty(any.additional_properties.as_ref(), pointer, site)
            }
            // An array with keywords of another type (`type: array` with `maximum`, as
            // `CreateResourceSetRequest.resources` has) is still an array of its items.
            SchemaKind::Any(any)
                if any.properties.is_empty() && any.typ.as_deref() == Some("array") =>
            {
                self.warn(
                    pointer,
                    "`type: array` with keywords of another type: typed as the array",
                );
                let item_site = InlineSite {
                    type_name: format!("{}Item", site.type_name),
                    wire_name: format!("{}[]", site.wire_name),
                    module: site.module,
                };
                match &any.items {
                    Some(items) => Ty::Vec(Box::new(self.boxed_schema_ty(
                        items,
                        &format!("{pointer}/items"),
                        &item_site,
                    ))),
                    None => Ty::Vec(Box::new(Ty::Json)),
                }
            }
            // A scalar with keywords of another type (`type: string` with `minimum`, as some of
            // Okta's properties have) is still that scalar; the stray keywords are ignored.
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && matches!(
                        any.typ.as_deref(),
                        Some("string" | "integer" | "number" | "boolean")
                    ) =>
            {
                self.warn(
                    pointer,
                    format!(
                        "`type: {}` with keywords of another type: typed as the {0}",
                        any.typ.as_deref().unwrap_or_default()
                    ),
                );
                any.typ
                    .as_deref()
                    .and_then(|typ| Ty::scalar(typ, any.format.as_deref()))
                    .unwrap_or(Ty::Json)
            }
            SchemaKind::Type(Type::Object(_))
            | SchemaKind::Any(_)
            | SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. } => {
                self.inline_model(schema, pointer, site, models::struct_model)
            }
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` is not modelled: typed as any JSON value");
                Ty::Json
            }
        }
    }

    /// The spec's string-enum schema named `rust_name`, when it lists the same values as an
    /// inline enum that would take its name: Okta repeats some enums inline (the `type` query
    /// parameter of `listInlineHooks` is `InlineHookType`), and one type serves both.
    fn schema_enum_like(&self, rust_name: &str, values: &[String]) -> Option<String> {
        let (schema_name, _) = self
            .type_names
            .iter()
            .find(|(_, rust)| *rust == rust_name)?;
        let ReferenceOr::Item(schema) = self.schemas.get(schema_name)? else {
            return None;
        };
        let theirs = string_enum_values(schema)?;
        let same = theirs.len() == values.len() && values.iter().all(|v| theirs.contains(v));
        same.then(|| rust_name.to_string())
    }

    /// The name of a type made for an inline schema. The spec's schemas own their names: an
    /// inline type that would take one is `..Inline`, as in Okta's own SDKs (`User.type` is
    /// `UserTypeInline`, beside the `UserType` schema), rather than a number that another
    /// release could hand to a different type.
    fn claim_inline_name(&mut self, wanted: &str) -> String {
        let inline = format!("{wanted}Inline");
        if self.types.contains(wanted) && !self.types.contains(&inline) {
            return self.types.claim(&inline, "");
        }
        self.types.claim(wanted, "")
    }

    /// A model made for an inline schema by `make`, named after its site. It is registered
    /// before `make` runs, so a property that refers back to this very object finds it.
    fn inline_model(
        &mut self,
        schema: &Schema,
        pointer: &str,
        site: &InlineSite<'_>,
        make: impl FnOnce(&mut Self, &str, &str, &str, &Schema, &str) -> Model,
    ) -> Ty {
        let name = self.claim_inline_name(&site.type_name);
        self.inline_types
            .insert(pointer.to_string(), Ty::Named(name.clone()));
        let model = make(self, &name, &site.wire_name, site.module, schema, pointer);
        self.models.insert(name.clone(), model);
        Ty::Named(name)
    }

    fn map_ty(
        &mut self,
        additional: Option<&openapiv3::AdditionalProperties>,
        pointer: &str,
        site: &InlineSite<'_>,
    ) -> Ty {
        match additional {
            Some(openapiv3::AdditionalProperties::Schema(value)) => {
                let value_site = InlineSite {
                    type_name: format!("{}Value", site.type_name),
                    wire_name: format!("{}{{}}", site.wire_name),
                    module: site.module,
                };
                let value_ty = self.schema_ty(
                    value,
                    &format!("{pointer}/additionalProperties"),
                    &value_site,
                );
                // A free-form object as a map value (`_links`, the System Log's `debugData`)
                // is where Okta's replies stray from the spec: arrays and strings appear there.
                // Any JSON value is accepted, so such replies still decode.
                let value_ty = match value_ty {
                    Ty::Map(inner) if *inner == Ty::Json => Ty::Json,
                    other => other,
                };
                Ty::Map(Box::new(value_ty))
            }
            _ => Ty::Map(Box::new(Ty::Json)),
        }
    }
}

/// The Rust type of a plain scalar schema (a string, number or boolean without an enum).
fn scalar_ty(schema: &Schema) -> Option<Ty> {
    let enumerated = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(n)) => !n.enumeration.is_empty(),
        _ => false,
    };
    if enumerated {
        return None;
    }
    typed_scalar(&schema.schema_kind)
}

/// The Rust type of a schema typed `string`, `integer`, `number` or `boolean` (see
/// [`Ty::scalar`]).
fn typed_scalar(kind: &SchemaKind) -> Option<Ty> {
    use openapiv3::VariantOrUnknownOrEmpty::{Empty, Item, Unknown};
    use openapiv3::{IntegerFormat, StringFormat};
    match kind {
        SchemaKind::Type(Type::String(s)) => {
            let format = match &s.format {
                Item(StringFormat::DateTime) => Some("date-time"),
                Item(StringFormat::Binary) => Some("binary"),
                Item(StringFormat::Date) => Some("date"),
                Item(StringFormat::Byte) => Some("byte"),
                Item(StringFormat::Password) => Some("password"),
                Unknown(format) => Some(format.as_str()),
                Empty => None,
            };
            Ty::scalar("string", format)
        }
        SchemaKind::Type(Type::Integer(i)) => {
            let format = match &i.format {
                Item(IntegerFormat::Int32) => Some("int32"),
                Item(IntegerFormat::Int64) => Some("int64"),
                Unknown(format) => Some(format.as_str()),
                Empty => None,
            };
            Ty::scalar("integer", format)
        }
        SchemaKind::Type(Type::Number(_)) => Ty::scalar("number", None),
        SchemaKind::Type(Type::Boolean(_)) => Ty::scalar("boolean", None),
        _ => None,
    }
}

/// The values of a string enum, including Okta's `type: object` schemas that list string values.
fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    (!values.is_empty()).then_some(values)
}

/// The `$ref`s a schema's discriminator mapping (standard or `x-openapi-v3-discriminator`) names.
fn mapping_targets(schema: &Schema) -> Vec<String> {
    shape::discriminator(schema)
        .map(|d| d.mapping.into_iter().map(|(_, target)| target).collect())
        .unwrap_or_default()
}

/// `#/components/schemas/Name/properties/field`.
fn schema_pointer(name: &str) -> String {
    format!("#/components/schemas/{}", pointer_segment(name))
}

/// The schema name in a `$ref` of `#/components/schemas/X` or Swagger 2.0's `#/definitions/X`
/// (whether the schema exists is the caller's question).
fn schema_name_in_ref(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .or_else(|| reference.strip_prefix("#/definitions/"))
}

/// The module (API area) named by the first `x-okta-tags` / `tags` entry.
fn module_of(tags: Option<&str>) -> String {
    naming::snake(tags.unwrap_or("Common"))
}
