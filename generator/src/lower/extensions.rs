//! Vendor extensions (`x-*`) the generator does not know: a warning each, never an error.
//!
//! A new spec may bring new extensions. The generator cannot act on them, but the maintainer
//! should hear about them: one may carry meaning the SDK ought to model. Each unknown extension
//! name is reported once, at its first place in the spec, with how many places use it.

use super::Context;
use crate::error::pointer_segment;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeMap;

/// Extensions the generator reads, or ignores on purpose, and why.
const KNOWN: &[(&str, &str)] = &[
    // Read by the generator.
    ("x-okta-tags", "the API area (module) of a schema"),
    (
        "x-okta-parent",
        "the parent schema whose properties a schema inherits",
    ),
    (
        "x-okta-multi-operation",
        "variants of one path with different bodies",
    ),
    (
        "x-openapi-v3-discriminator",
        "the subtypes of a polymorphic schema",
    ),
    ("x-okta-extensible", "a schema with custom attributes"),
    (
        "x-okta-operations",
        "operations callable on a model's value",
    ),
    (
        "x-okta-crud",
        "create/read/update/delete operations of a model",
    ),
    // Ignored on purpose.
    (
        "x-okta-defined-as",
        "the discriminator value naming a subtype, also in x-openapi-v3-discriminator",
    ),
    (
        "x-okta-added-version",
        "the Okta release that added a parameter: documentation only",
    ),
    (
        "x-okta-known-values",
        "example values of an open string set: documentation only",
    ),
    (
        "x-openapi-v3-schema-ref",
        "a Swagger 2.0 leftover repeating a parameter's schema",
    ),
    (
        "x-okta-lifecycle",
        "release stage (Beta, EA, LIMITED_GA, GA) of an operation: its rustdoc says when not GA",
    ),
    (
        "x-enumDescriptions",
        "what each value of an enum means: the variants' rustdoc",
    ),
    (
        "x-okta-allow-null-property-value-for-updates",
        "properties an update may send as `null` to clear them: documentation only for now",
    ),
    (
        "x-okta-iam-permissions",
        "the admin permissions an operation needs: documentation only",
    ),
    (
        "x-okta-iam-admin-roles",
        "the admin roles an operation allows: documentation only",
    ),
    (
        "x-okta-no-scope-required",
        "an operation that needs no OAuth 2.0 scope: documentation only",
    ),
    (
        "x-okta-ignore-redocly-rules-for-sdk",
        "a lint switch of Okta's spec tooling: no meaning for the SDK",
    ),
    (
        "x-codegen-request-body-name",
        "the body parameter name other generators use; the body here is named after its type",
    ),
    (
        "x-tagGroups",
        "how Okta's reference site groups tags: not used",
    ),
    (
        "x-displayName",
        "a display name on Okta's reference site: not used",
    ),
    (
        "x-webhooks",
        "webhooks Okta sends (not operations an SDK calls): not generated",
    ),
    (
        "x-okta-operationId",
        "another name of a request body's media type: not used",
    ),
    (
        "x-tags",
        "tags of a schema on Okta's reference site: not used",
    ),
];

/// Warns once per unknown extension name found on path items, operations, parameters, request
/// bodies, responses and schemas (with their properties, items and sub-schemas).
pub(super) fn warn_unknown(cx: &mut Context<'_>) {
    let mut found = Found::default();
    let spec = cx.spec;
    found.note(&spec.extensions, "#");
    found.note(&spec.paths.extensions, "#/paths");
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let pointer = format!("#/paths/{}", pointer_segment(path));
        found.note(&item.extensions, &pointer);
        found.parameters(&item.parameters, &pointer);
        for (method, op) in item.iter() {
            let pointer = format!("{pointer}/{method}");
            found.note(&op.extensions, &pointer);
            found.parameters(&op.parameters, &pointer);
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                let pointer = format!("{pointer}/requestBody");
                found.note(&body.extensions, &pointer);
                for (media, content) in &body.content {
                    if let Some(schema) = &content.schema {
                        let pointer =
                            format!("{pointer}/content/{}/schema", pointer_segment(media));
                        found.schema_ref(schema, &pointer);
                    }
                }
            }
            found.note(&op.responses.extensions, &format!("{pointer}/responses"));
            for (status, response) in &op.responses.responses {
                let ReferenceOr::Item(response) = response else {
                    continue;
                };
                let pointer = format!("{pointer}/responses/{status}");
                found.note(&response.extensions, &pointer);
                for (media, content) in &response.content {
                    if let Some(schema) = &content.schema {
                        let pointer =
                            format!("{pointer}/content/{}/schema", pointer_segment(media));
                        found.schema_ref(schema, &pointer);
                    }
                }
            }
        }
    }
    if let Some(components) = &spec.components {
        for (name, schema) in &components.schemas {
            found.schema_ref(
                schema,
                &format!("#/components/schemas/{}", pointer_segment(name)),
            );
        }
        for (name, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                let pointer = format!("#/components/parameters/{}", pointer_segment(name));
                found.parameter(parameter, &pointer);
            }
        }
    }
    for (name, pointers) in found.0 {
        let more = match pointers.len() {
            1 => String::new(),
            n => format!(" (and {} more places)", n - 1),
        };
        cx.warn(
            &pointers[0],
            format!(
                "unknown extension `{name}` ignored{more}: the generator does not know what it \
                 means (known ones are listed in generator/src/lower/extensions.rs)"
            ),
        );
    }
}

/// Unknown extension name -> every pointer where it appears, in walk order.
#[derive(Default)]
struct Found(BTreeMap<String, Vec<String>>);

impl Found {
    fn note(&mut self, extensions: &IndexMap<String, serde_json::Value>, pointer: &str) {
        for name in extensions.keys() {
            if !KNOWN.iter().any(|(known, _)| known == name) {
                self.0
                    .entry(name.clone())
                    .or_default()
                    .push(format!("{pointer}/{}", pointer_segment(name)));
            }
        }
    }

    fn parameters(&mut self, parameters: &[ReferenceOr<openapiv3::Parameter>], pointer: &str) {
        for (index, parameter) in parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                self.parameter(parameter, &format!("{pointer}/parameters/{index}"));
            }
        }
    }

    fn parameter(&mut self, parameter: &openapiv3::Parameter, pointer: &str) {
        let data = parameter.parameter_data_ref();
        self.note(&data.extensions, pointer);
        if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
            self.schema_ref(schema, &format!("{pointer}/schema"));
        }
    }

    fn schema_ref(&mut self, schema: &ReferenceOr<Schema>, pointer: &str) {
        // References are walked where they are defined, in #/components/schemas.
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, pointer);
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str) {
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, pointer);
        }
    }

    fn schema(&mut self, schema: &Schema, pointer: &str) {
        self.note(&schema.schema_data.extensions, pointer);
        let all = |kind: &str| format!("{pointer}/{kind}");
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.properties(&object.properties, pointer);
                self.additional(object.additional_properties.as_ref(), pointer);
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &array.items {
                    self.boxed(items, &all("items"));
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.list(one_of, pointer, "oneOf"),
            SchemaKind::AllOf { all_of } => self.list(all_of, pointer, "allOf"),
            SchemaKind::AnyOf { any_of } => self.list(any_of, pointer, "anyOf"),
            SchemaKind::Not { not } => self.schema_ref(not, &all("not")),
            SchemaKind::Any(any) => {
                self.properties(&any.properties, pointer);
                self.additional(any.additional_properties.as_ref(), pointer);
                if let Some(items) = &any.items {
                    self.boxed(items, &all("items"));
                }
                self.list(&any.one_of, pointer, "oneOf");
                self.list(&any.all_of, pointer, "allOf");
                self.list(&any.any_of, pointer, "anyOf");
                if let Some(not) = &any.not {
                    self.schema_ref(not, &all("not"));
                }
            }
        }
    }

    fn properties(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        pointer: &str,
    ) {
        for (name, property) in properties {
            self.boxed(
                property,
                &format!("{pointer}/properties/{}", pointer_segment(name)),
            );
        }
    }

    fn additional(&mut self, additional: Option<&AdditionalProperties>, pointer: &str) {
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            self.schema_ref(schema, &format!("{pointer}/additionalProperties"));
        }
    }

    fn list(&mut self, list: &[ReferenceOr<Schema>], pointer: &str, keyword: &str) {
        for (index, schema) in list.iter().enumerate() {
            self.schema_ref(schema, &format!("{pointer}/{keyword}/{index}"));
        }
    }
}
