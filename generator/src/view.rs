//! IR -> the text templates fill in: Rust literals, types, expressions and attributes.
//!
//! The IR holds plain data (wire names as they are on the wire, types as [`ir::Ty`], feature
//! gates as lists of names); Rust syntax is written here and nowhere else, just before Tera
//! ([`crate::render`]) or the contract's call list ([`crate::contract`]) use it. Each view
//! borrows what it passes through unchanged and owns the text it makes.

use crate::ir::{self, Body, ModelKind, Operation, ParamLocation, Response};
use serde::Serialize;

/// A Rust string literal of `text`, quotes and escapes included.
pub fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// One `Client` method, its marker and its builder, as `api.rs.tera` writes them.
#[derive(Serialize)]
pub struct OperationView<'a> {
    rust_name: &'a str,
    operation_id: &'a str,
    doc_lines: &'a [String],
    doc_aliases: &'a [String],
    builder_name: &'a str,
    marker_name: &'a str,
    method: &'a str,
    path: &'a str,
    path_expr: &'a str,
    positional: Vec<PositionalView<'a>>,
    /// The `ApiRequest` call sending the body other than as plain JSON, e.g.
    /// `.raw_body("application/x-pem-file", body.to_vec(), false)`; empty otherwise.
    body_encoding: String,
    /// The positional argument serialized as the JSON body, if there is one.
    json_body: Option<&'a str>,
    /// The `Accept` media type as a literal, for a reply that is not JSON.
    accept: Option<String>,
    /// Each query parameter the method always sends.
    fixed_query: Vec<LiteralPair>,
    output_type: &'a str,
    reply_type: &'a str,
    body_type: &'a str,
    stream_item: Option<&'a str>,
    required: Option<RequiredView>,
    setters: Vec<SetterView<'a>>,
}

#[derive(Serialize)]
struct PositionalView<'a> {
    rust_name: &'a str,
    arg_type: &'a str,
}

/// The required setters, each as (wire name, setter name).
#[derive(Serialize)]
struct RequiredView {
    query: Vec<LiteralPair>,
    headers: Vec<LiteralPair>,
}

/// Two Rust string literals written as a tuple: a name and its value.
#[derive(Serialize)]
struct LiteralPair {
    name: String,
    value: String,
}

impl LiteralPair {
    fn of(name: &str, value: &str) -> Self {
        LiteralPair {
            name: literal(name),
            value: literal(value),
        }
    }
}

#[derive(Serialize)]
struct SetterView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    arg_type: &'a str,
    location: ParamLocation,
    wire_literal: String,
    wire_value: &'a str,
}

impl<'a> OperationView<'a> {
    /// The view of `op`.
    pub fn of(op: &'a Operation) -> Self {
        let body_encoding = match &op.body {
            Some(Body::Raw {
                content_type,
                base64,
                to_bytes,
                ..
            }) => format!(".raw_body({}, {to_bytes}, {base64})", literal(content_type)),
            Some(Body::Multipart {
                field,
                name_arg,
                file_arg,
            }) => format!(
                ".multipart_file({}, {name_arg}, {file_arg})",
                literal(field)
            ),
            Some(Body::Json {
                content_type: Some(content_type),
                ..
            }) => format!(".json_content_type({})", literal(content_type)),
            Some(Body::Json { .. }) | None => String::new(),
        };
        let json_body = match &op.body {
            Some(Body::Json { arg, .. }) => Some(arg.as_str()),
            _ => None,
        };
        let accept = match &op.response {
            Response::Text { media_type } | Response::Bytes { media_type } => {
                Some(literal(media_type))
            }
            _ => None,
        };
        let required = op.required.as_ref().map(|required| {
            let pairs = |setters: &[ir::RequiredSetter]| {
                setters
                    .iter()
                    .map(|r| LiteralPair::of(&r.wire_name, &r.setter))
                    .collect()
            };
            RequiredView {
                query: pairs(&required.query),
                headers: pairs(&required.headers),
            }
        });
        OperationView {
            rust_name: &op.rust_name,
            operation_id: &op.operation_id,
            doc_lines: &op.doc_lines,
            doc_aliases: &op.doc_aliases,
            builder_name: &op.builder_name,
            marker_name: &op.marker_name,
            method: &op.method,
            path: &op.path,
            path_expr: &op.path_expr,
            positional: op
                .positional
                .iter()
                .map(|p| PositionalView {
                    rust_name: &p.rust_name,
                    arg_type: &p.arg_type,
                })
                .collect(),
            body_encoding,
            json_body,
            accept,
            fixed_query: op
                .fixed_query
                .iter()
                .map(|q| LiteralPair::of(&q.name, &q.value))
                .collect(),
            output_type: &op.output_type,
            reply_type: &op.reply_type,
            body_type: &op.body_type,
            stream_item: op.stream_item.as_deref(),
            required,
            setters: op
                .setters
                .iter()
                .map(|s| SetterView {
                    rust_name: &s.rust_name,
                    doc_lines: &s.doc_lines,
                    arg_type: &s.arg_type,
                    location: s.location,
                    wire_literal: literal(&s.wire_name),
                    wire_value: &s.wire_value,
                })
                .collect(),
        }
    }
}

/// A model and its impls, as `models.rs.tera` writes them.
#[derive(Serialize)]
pub struct ModelView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    cfg: &'a str,
    kind: KindView<'a>,
    instance_methods: Vec<InstanceMethodView<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum KindView<'a> {
    Struct {
        fields: Vec<FieldView<'a>>,
        extensible: bool,
    },
    Enum {
        variants: Vec<VariantView<'a>>,
    },
    Polymorphic {
        discriminator_literal: String,
        variants: Vec<PolyVariantView<'a>>,
        fallback: &'a str,
        shared_fields: &'a [ir::SharedField],
        conversions: &'a [ir::Conversion],
    },
    OneOf {
        variants: Vec<OneOfVariantView<'a>>,
    },
    Alias {
        rust_type: &'a str,
    },
}

#[derive(Serialize)]
struct FieldView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    rust_type: &'a str,
    wire_literal: String,
    write_method: &'a str,
}

#[derive(Serialize)]
struct VariantView<'a> {
    rust_name: &'a str,
    wire_value: &'a str,
    doc_lines: &'a [String],
    wire_literal: String,
}

#[derive(Serialize)]
struct PolyVariantView<'a> {
    rust_name: &'a str,
    model: &'a str,
    doc: &'a str,
    /// The discriminator values selecting it as one match pattern, e.g. `"SAML_1_1" | "SAML_2_0"`.
    pattern: String,
    /// Each implied field and its value.
    implied: Vec<LiteralPair>,
    nested: bool,
}

#[derive(Serialize)]
struct OneOfVariantView<'a> {
    rust_name: &'a str,
    rust_type: &'a str,
    boxed: bool,
    json_kind: &'a str,
    field_literals: Vec<String>,
}

#[derive(Serialize)]
struct InstanceMethodView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    cfg: &'a str,
    params: &'a [String],
    builder_path: &'a str,
    operation: &'a str,
    args: &'a [String],
}

impl<'a> ModelView<'a> {
    /// The view of `model`.
    pub fn of(model: &'a ir::Model) -> Self {
        let kind = match &model.kind {
            ModelKind::Struct { fields, extensible } => KindView::Struct {
                fields: fields
                    .iter()
                    .map(|f| FieldView {
                        rust_name: &f.rust_name,
                        doc_lines: &f.doc_lines,
                        rust_type: &f.rust_type,
                        wire_literal: literal(&f.wire_name),
                        write_method: &f.write_method,
                    })
                    .collect(),
                extensible: *extensible,
            },
            ModelKind::Enum { variants } => KindView::Enum {
                variants: variants
                    .iter()
                    .map(|v| VariantView {
                        rust_name: &v.rust_name,
                        wire_value: &v.wire_value,
                        doc_lines: &v.doc_lines,
                        wire_literal: literal(&v.wire_value),
                    })
                    .collect(),
            },
            ModelKind::Polymorphic(poly) => KindView::Polymorphic {
                discriminator_literal: literal(&poly.discriminator),
                variants: poly
                    .variants
                    .iter()
                    .map(|v| PolyVariantView {
                        rust_name: &v.rust_name,
                        model: &v.model,
                        doc: &v.doc,
                        pattern: v
                            .wire_values
                            .iter()
                            .map(|value| literal(value))
                            .collect::<Vec<_>>()
                            .join(" | "),
                        implied: v
                            .implied
                            .iter()
                            .map(|f| LiteralPair::of(&f.name, &f.value))
                            .collect(),
                        nested: v.nested,
                    })
                    .collect(),
                fallback: &poly.fallback,
                shared_fields: &poly.shared_fields,
                conversions: &poly.conversions,
            },
            ModelKind::OneOf { variants } => KindView::OneOf {
                variants: variants
                    .iter()
                    .map(|v| OneOfVariantView {
                        rust_name: &v.rust_name,
                        rust_type: &v.rust_type,
                        boxed: v.boxed,
                        json_kind: &v.json_kind,
                        field_literals: v.field_names.iter().map(|f| literal(f)).collect(),
                    })
                    .collect(),
            },
            ModelKind::Alias { rust_type } => KindView::Alias { rust_type },
        };
        ModelView {
            rust_name: &model.rust_name,
            doc_lines: &model.doc_lines,
            cfg: &model.cfg,
            kind,
            instance_methods: model
                .instance_methods
                .iter()
                .map(|m| InstanceMethodView {
                    rust_name: &m.rust_name,
                    doc_lines: &m.doc_lines,
                    cfg: &m.cfg,
                    params: &m.params,
                    builder_path: &m.builder_path,
                    operation: &m.operation,
                    args: &m.args,
                })
                .collect(),
        }
    }
}
