//! One view of a schema's object and composition keywords, whichever `SchemaKind` openapiv3 chose.
//!
//! openapiv3 puts a schema with only `allOf` in `SchemaKind::AllOf`, one with `type: object` in
//! `SchemaKind::Type`, and one that mixes keywords (`allOf` beside `properties`, `oneOf` beside a
//! `type`) in `SchemaKind::Any`. Lowering asks the same questions of all of them, so it asks here.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// The object and composition keywords of one schema (borrowed; empty when absent).
pub(super) struct Shape<'s> {
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub all_of: &'s [ReferenceOr<Schema>],
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    let mut shape = Shape {
        properties: None,
        required: &[],
        additional: None,
        all_of: &[],
        one_of: &[],
        any_of: &[],
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            shape.properties = Some(&object.properties);
            shape.required = &object.required;
            shape.additional = object.additional_properties.as_ref();
        }
        SchemaKind::Any(any) => {
            shape.properties = Some(&any.properties);
            shape.required = &any.required;
            shape.additional = any.additional_properties.as_ref();
            shape.all_of = &any.all_of;
            shape.one_of = &any.one_of;
            shape.any_of = &any.any_of;
        }
        SchemaKind::AllOf { all_of } => shape.all_of = all_of,
        SchemaKind::OneOf { one_of } => shape.one_of = one_of,
        SchemaKind::AnyOf { any_of } => shape.any_of = any_of,
        SchemaKind::Type(_) | SchemaKind::Not { .. } => {}
    }
    shape
}

impl Shape<'_> {
    /// The alternatives of a `oneOf` or `anyOf` (a schema has at most one of them in Okta's specs;
    /// `oneOf` wins if both are present).
    pub fn alternatives(&self) -> &[ReferenceOr<Schema>] {
        if self.one_of.is_empty() {
            self.any_of
        } else {
            self.one_of
        }
    }

    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }
}

/// Whether an `allOf` part only annotates (a description, `readOnly`, `nullable`...) and
/// contributes no type of its own.
pub(super) fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(schema) => annotates_only(schema),
        ReferenceOr::Reference { .. } => false,
    }
}

/// Whether a schema only annotates: no type, properties or composition of its own.
pub(super) fn annotates_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// The one part of an `allOf` that carries a type when every other part only annotates it
/// (`allOf: [{description: ...}, {$ref: X}]` is `X`), with the annotation parts.
pub(super) fn sole_typed_part(
    all_of: &[ReferenceOr<Schema>],
) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut typed = all_of
        .iter()
        .enumerate()
        .filter(|(_, part)| !is_annotation(part));
    let only = typed.next()?;
    typed.next().is_none().then_some(only)
}

/// Annotations a property carries itself or through the annotation parts of its `allOf`.
#[derive(Default)]
pub(super) struct Annotations {
    pub read_only: bool,
    pub write_only: bool,
    pub nullable: bool,
    pub description: Option<String>,
    /// `format: password`: a secret, kept out of `Debug` output (see also [`names_a_secret`]).
    pub sensitive: bool,
}

pub(super) fn annotations(schema: &Schema) -> Annotations {
    let mut found = Annotations {
        read_only: schema.schema_data.read_only,
        write_only: schema.schema_data.write_only,
        nullable: schema.schema_data.nullable,
        description: schema.schema_data.description.clone(),
        sensitive: is_password(schema),
    };
    for part in shape(schema).all_of {
        let ReferenceOr::Item(part) = part else {
            continue;
        };
        if annotates_only(part) {
            found.read_only |= part.schema_data.read_only;
            found.write_only |= part.schema_data.write_only;
            found.nullable |= part.schema_data.nullable;
            found.sensitive |= is_password(part);
            if found.description.is_none() {
                found.description = part.schema_data.description.clone();
            }
        }
    }
    found
}

/// Whether a property's wire name says it holds a secret: the last words of its name are one
/// of [`SECRET_WORDS`] (`client_secret`, `adminPassword`, `privateKey`, `access_token`,
/// `sessionToken`, `answer`). Okta marks few secrets `format: password` (and `writeOnly` also
/// marks booleans and ids), so a `Debug` that only went by the format would print client
/// secrets and tokens. The words are matched whole and at the end of the name, so
/// `passwordSelector`, `secretVersionId`, `tokenWindow` and `siteKey` are not secrets.
pub(super) fn names_a_secret(wire_name: &str) -> bool {
    let snake = crate::naming::snake(wire_name);
    let words: Vec<&str> = snake.split('_').collect();
    SECRET_WORDS.iter().any(|secret| {
        let secret: Vec<&str> = secret.split('_').collect();
        words.len() >= secret.len() && words[words.len() - secret.len()..] == secret[..]
    })
}

/// The name endings of secret properties (in snake case), reviewed against Okta's spec.
pub(super) const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "secret_key",
    "private_key",
    "signing_key",
    "api_key",
    "token",
    "answer",
];

fn is_password(schema: &Schema) -> bool {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    )
}

/// A schema's discriminator, in either of the forms Okta's specs use: the standard
/// `discriminator`, or 2.x's `x-openapi-v3-discriminator` (which wins when both are present).
pub(super) struct Discriminator {
    /// The key it is written under, for JSON pointers.
    pub keyword: &'static str,
    /// The discriminator property, e.g. `signOnMode`.
    pub property: String,
    /// Discriminator value -> `$ref` of the subtype, in spec order.
    pub mapping: Vec<(String, String)>,
}

pub(super) fn discriminator(schema: &Schema) -> Option<Discriminator> {
    match schema
        .schema_data
        .extensions
        .get("x-openapi-v3-discriminator")
    {
        Some(raw) => Some(Discriminator {
            keyword: "x-openapi-v3-discriminator",
            property: raw.get("propertyName")?.as_str()?.to_string(),
            mapping: raw
                .get("mapping")
                .and_then(|m| m.as_object())
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        }),
        None => {
            let d = schema.schema_data.discriminator.as_ref()?;
            Some(Discriminator {
                keyword: "discriminator",
                property: d.property_name.clone(),
                mapping: d
                    .mapping
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names_a_secret;

    #[test]
    fn secrets_are_known_by_the_end_of_their_names() {
        for secret in [
            "client_secret",
            "clientSecret",
            "adminPassword",
            "privateKey",
            "tokenSigningKey",
            "access_token",
            "sessionToken",
            "answer",
            "apiKey",
        ] {
            assert!(names_a_secret(secret), "{secret}");
        }
        for visible in [
            "passwordSelector",
            "secretVersionId",
            "secret_hash",
            "tokenWindow",
            "token_type",
            "siteKey",
            "integrationKey",
            "correctAnswerCount",
            "passwordChanged",
        ] {
            assert!(!names_a_secret(visible), "{visible}");
        }
    }
}
