//! IR -> the text templates fill in: Rust literals, types, expressions and attributes.
//!
//! The IR holds plain data (wire names as they are on the wire, types as [`ir::Ty`], feature
//! gates as lists of names); Rust syntax is written here and nowhere else, just before Tera
//! ([`crate::render`]) or the contract's call list ([`crate::contract`]) use it. The surface
//! file and rustdoc prose name types through [`spell`] too, so every spelling of a type is one
//! match. Each view borrows what it passes through unchanged and owns the text it makes.

use crate::ir::{
    self, Body, CallArg, JsonKind, ModelKind, Operation, ParamLocation, PathSegment,
    PositionalKind, PositionalParam, Response, Ty,
};
use serde::Serialize;

/// A Rust string literal of `text`, quotes and escapes included.
pub fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// Who reads a spelled type, which decides how it names models and timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Generated code: `crate::models::User`.
    Code,
    /// Code outside the SDK crate (the contract test's calls): `okta_sdk::models::User`.
    Sdk,
    /// The surface file and messages: `User`, so that lines stay readable (model names are
    /// unique).
    Surface,
    /// Rustdoc prose: `User`, `DateTime<Utc>`.
    Docs,
}

/// `ty` as `spelling` writes it.
pub fn spell(ty: &Ty, spelling: Spelling) -> String {
    match ty {
        Ty::String => "String".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::I32 => "i32".to_string(),
        Ty::I64 => "i64".to_string(),
        Ty::F64 => "f64".to_string(),
        Ty::DateTime if spelling == Spelling::Docs => "DateTime<Utc>".to_string(),
        Ty::DateTime => "chrono::DateTime<chrono::Utc>".to_string(),
        Ty::Json => "serde_json::Value".to_string(),
        Ty::Named(name) => match spelling {
            Spelling::Code => format!("crate::models::{name}"),
            Spelling::Sdk => format!("okta_sdk::models::{name}"),
            Spelling::Surface | Spelling::Docs => name.clone(),
        },
        Ty::Vec(inner) => format!("Vec<{}>", spell(inner, spelling)),
        Ty::Map(inner) => match **inner {
            Ty::Json => "serde_json::Map<String, serde_json::Value>".to_string(),
            _ => format!(
                "std::collections::BTreeMap<String, {}>",
                spell(inner, spelling)
            ),
        },
        Ty::Bytes => "Vec<u8>".to_string(),
        Ty::Boxed(inner) => format!("Box<{}>", spell(inner, spelling)),
    }
}

/// `ty` as generated code writes it.
fn rust_type(ty: &Ty) -> String {
    spell(ty, Spelling::Code)
}

/// What a borrowed `ty` points to: `str`, `[T]`, `T`.
fn borrowed_target(ty: &Ty, spelling: Spelling) -> String {
    match ty {
        Ty::String => "str".to_string(),
        Ty::Bytes => "[u8]".to_string(),
        Ty::Vec(inner) => format!("[{}]", spell(inner, spelling)),
        other => spell(other, spelling),
    }
}

/// The type of a positional argument in the method signature: `&str` or `UserType` for a path
/// parameter, `&'a User` for a body, `&[u8]` for an upload.
pub fn arg_type(param: &PositionalParam, spelling: Spelling) -> String {
    match (param.kind, &param.ty) {
        (PositionalKind::Path, Ty::String) => "&str".to_string(),
        (PositionalKind::Path, other) => spell(other, spelling),
        (PositionalKind::Body, ty) => format!("&'a {}", borrowed_target(ty, spelling)),
        (PositionalKind::Upload, ty) => format!("&{}", borrowed_target(ty, spelling)),
    }
}

/// What `send()` returns inside `Result`: `User`, `Page<User>`, `()`.
pub fn output_type(response: &Response, spelling: Spelling) -> String {
    match response {
        Response::Empty { .. } => "()".to_string(),
        Response::Json { ty, .. } => spell(ty, spelling),
        Response::List { item, .. } => format!("Page<{}>", spell(item, spelling)),
        Response::Text { .. } => "String".to_string(),
        Response::Bytes { .. } => "Vec<u8>".to_string(),
    }
}

/// How the runtime reads a success reply, e.g. `crate::operation::JsonReply<crate::models::User>`.
fn reply_type(response: &Response) -> String {
    match response {
        Response::Empty { .. } => "crate::operation::EmptyReply".to_string(),
        Response::Json { ty, .. } => format!("crate::operation::JsonReply<{}>", rust_type(ty)),
        Response::List { item, .. } => format!("crate::operation::PagedReply<{}>", rust_type(item)),
        Response::Text { .. } => "crate::operation::TextReply".to_string(),
        Response::Bytes { .. } => "crate::operation::BytesReply".to_string(),
    }
}

/// The `#[cfg(...)]` attribute compiling an item in with any of `features`; empty (always
/// compiled) without features.
fn cfg(features: &[String]) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", literal(f)))
        .collect();
    match list.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]"),
        many => format!("#[cfg(any({}))]", many.join(", ")),
    }
}

/// The expression building `op`'s request path with every parameter percent-encoded, e.g.
/// `format!("/api/v1/users/{}", encode_path_segment(user_id))`.
fn path_expr(op: &Operation) -> String {
    let mut format = String::new();
    let mut args = Vec::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => format.push_str(text),
            PathSegment::Param(arg) => {
                format.push_str("{}");
                // Lowering gave every placeholder its positional argument.
                let is_string = op
                    .positional
                    .iter()
                    .find(|p| p.rust_name == *arg)
                    .is_none_or(|p| p.ty == Ty::String);
                args.push(if is_string {
                    format!("encode_path_segment({arg})")
                } else {
                    format!("encode_path_segment(&{arg}.to_string())")
                });
            }
        }
    }
    if args.is_empty() {
        format!("{}.to_string()", literal(&format))
    } else {
        format!("format!({}, {})", literal(&format), args.join(", "))
    }
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
    path_expr: String,
    positional: Vec<PositionalView<'a>>,
    /// The `ApiRequest` call sending the body other than as plain JSON, e.g.
    /// `.raw_body("application/x-pem-file", body.to_vec(), false)`; empty otherwise.
    body_encoding: String,
    /// The positional argument serialized as the body (JSON, or a form after
    /// `.form_encoded()`), if there is one.
    json_body: Option<&'a str>,
    /// The `Accept` media type as a literal, for a reply that is not JSON.
    accept: Option<String>,
    /// The request goes without the client's credential (`.without_credentials()`).
    without_credentials: bool,
    /// Each query parameter the method always sends.
    fixed_query: Vec<LiteralPair>,
    output_type: String,
    reply_type: String,
    /// The JSON or form body's type, borrowed by the builder: `crate::models::User`, `[T]`, or
    /// `crate::operation::NoBody` without one.
    body_type: String,
    /// For a list, the item type `stream()` yields.
    stream_item: Option<String>,
    required: Option<RequiredView>,
    setters: Vec<SetterView<'a>>,
}

#[derive(Serialize)]
struct PositionalView<'a> {
    rust_name: &'a str,
    arg_type: String,
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
    /// The setter argument's type, e.g. `bool` or `impl Into<String>`.
    arg_type: String,
    /// `query` or `header`: the `RequestBuilder::set_…` method it calls.
    location: &'static str,
    wire_literal: String,
    /// The expression turning the setter argument `value` into what is sent (`impl Display`).
    wire_value: String,
}

impl<'a> SetterView<'a> {
    fn of(setter: &'a ir::SetterParam) -> Self {
        let (arg_type, wire_value) = match &setter.ty {
            Ty::String => (
                "impl Into<String>".to_string(),
                "Into::<String>::into(value)".to_string(),
            ),
            Ty::DateTime => (
                rust_type(&setter.ty),
                "value.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)".to_string(),
            ),
            Ty::Vec(_) => (
                rust_type(&setter.ty),
                "value.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")".to_string(),
            ),
            other => (rust_type(other), "value".to_string()),
        };
        SetterView {
            rust_name: &setter.rust_name,
            doc_lines: &setter.doc_lines,
            arg_type,
            location: match setter.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            },
            wire_literal: literal(&setter.wire_name),
            wire_value,
        }
    }
}

impl<'a> OperationView<'a> {
    /// The view of `op`.
    pub fn of(op: &'a Operation) -> Self {
        let body_encoding = match &op.body {
            Some(Body::Raw {
                arg,
                content_type,
                base64,
            }) => {
                let to_bytes = if *base64 {
                    format!("{arg}.as_bytes().to_vec()")
                } else {
                    format!("{arg}.to_vec()")
                };
                format!(".raw_body({}, {to_bytes}, {base64})", literal(content_type))
            }
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
            Some(Body::Form { .. }) => ".form_encoded()".to_string(),
            Some(Body::Json { .. }) | None => String::new(),
        };
        let body_type = match &op.body {
            Some(Body::Json { ty, .. } | Body::Form { ty, .. }) => {
                borrowed_target(ty, Spelling::Code)
            }
            _ => "crate::operation::NoBody".to_string(),
        };
        let stream_item = match &op.response {
            Response::List { item, .. } => Some(rust_type(item)),
            _ => None,
        };
        let json_body = match &op.body {
            Some(Body::Json { arg, .. } | Body::Form { arg, .. }) => Some(arg.as_str()),
            _ => None,
        };
        let accept = match &op.response {
            Response::Text { media_type }
            | Response::Bytes { media_type }
            | Response::Empty {
                media_type: Some(media_type),
            }
            | Response::Json {
                media_type: Some(media_type),
                ..
            }
            | Response::List {
                media_type: Some(media_type),
                ..
            } => Some(literal(media_type)),
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
            path_expr: path_expr(op),
            positional: op
                .positional
                .iter()
                .map(|p| PositionalView {
                    rust_name: &p.rust_name,
                    arg_type: arg_type(p, Spelling::Code),
                })
                .collect(),
            body_encoding,
            json_body,
            accept,
            without_credentials: !op.authenticated,
            fixed_query: op
                .fixed_query
                .iter()
                .map(|q| LiteralPair::of(&q.name, &q.value))
                .collect(),
            output_type: output_type(&op.response, Spelling::Code),
            reply_type: reply_type(&op.response),
            body_type,
            stream_item,
            required,
            setters: op.setters.iter().map(SetterView::of).collect(),
        }
    }
}

/// A model and its impls, as `models.rs.tera` writes them.
#[derive(Serialize)]
pub struct ModelView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    cfg: String,
    kind: KindView<'a>,
    instance_methods: Vec<InstanceMethodView<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum KindView<'a> {
    Struct {
        fields: Vec<FieldView<'a>>,
        extensible: bool,
        /// Whether `Debug` is written out to hide secrets instead of derived.
        redacts: bool,
    },
    Enum {
        variants: Vec<VariantView<'a>>,
    },
    Polymorphic {
        discriminator_literal: String,
        variants: Vec<PolyVariantView<'a>>,
        fallback: &'a str,
        shared_fields: Vec<SharedFieldView<'a>>,
        conversions: Vec<ConversionView<'a>>,
    },
    OneOf {
        variants: Vec<OneOfVariantView<'a>>,
    },
    Alias {
        rust_type: String,
    },
}

/// `impl From<source> for …`.
#[derive(Serialize)]
struct ConversionView<'a> {
    source: &'a str,
    /// The expression building the value from `value`, e.g. `Self::Saml(Box::new(value))`.
    expr: String,
}

#[derive(Serialize)]
struct SharedFieldView<'a> {
    rust_name: &'a str,
    accessor: &'a str,
    doc_lines: &'a [String],
    /// The type inside the field's `Option`.
    inner_type: String,
}

#[derive(Serialize)]
struct FieldView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    rust_type: String,
    wire_literal: String,
    /// The `model_support::StructWriter` method that writes it: date-times go back with
    /// milliseconds (as Okta writes them), read-only fields stay out of request bodies.
    write_method: &'static str,
    /// A secret, shown as `***` by `Debug`.
    sensitive: bool,
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
    rust_type: String,
    boxed: bool,
    /// The `model_support::JsonKind` variant it accepts.
    json_kind: &'static str,
    field_literals: Vec<String>,
}

#[derive(Serialize)]
struct InstanceMethodView<'a> {
    rust_name: &'a str,
    doc_lines: &'a [String],
    cfg: String,
    /// `name: Type` of each parameter after `client`.
    params: Vec<String>,
    /// The builder type returned, e.g. `crate::apis::user::DeactivateUserBuilder`.
    builder_path: String,
    operation: &'a str,
    /// The argument expressions of the `Client` call.
    args: Vec<String>,
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
                        rust_type: format!("Option<{}>", rust_type(&f.ty)),
                        wire_literal: literal(&f.wire_name),
                        write_method: match (f.read_only, f.ty == Ty::DateTime) {
                            (false, false) => "field",
                            (true, false) => "read_only",
                            (false, true) => "timestamp",
                            (true, true) => "read_only_timestamp",
                        },
                        sensitive: f.sensitive,
                    })
                    .collect(),
                extensible: *extensible,
                redacts: fields.iter().any(|f| f.sensitive),
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
                shared_fields: poly
                    .shared_fields
                    .iter()
                    .map(|f| SharedFieldView {
                        rust_name: &f.rust_name,
                        accessor: &f.accessor,
                        doc_lines: &f.doc_lines,
                        inner_type: rust_type(&f.ty),
                    })
                    .collect(),
                conversions: poly
                    .conversions
                    .iter()
                    .map(|c| ConversionView {
                        source: &c.source,
                        expr: match &c.through {
                            None => format!("Self::{}(Box::new(value))", c.variant),
                            Some(nested) => format!(
                                "Self::{}(Box::new(crate::models::{nested}::from(value)))",
                                c.variant
                            ),
                        },
                    })
                    .collect(),
            },
            ModelKind::OneOf { variants } => KindView::OneOf {
                variants: variants
                    .iter()
                    .map(|v| OneOfVariantView {
                        rust_name: &v.rust_name,
                        rust_type: rust_type(&v.ty),
                        boxed: matches!(v.ty, Ty::Boxed(_)),
                        json_kind: json_kind(v.json_kind),
                        field_literals: v.field_names.iter().map(|f| literal(f)).collect(),
                    })
                    .collect(),
            },
            ModelKind::Alias { ty } => KindView::Alias {
                rust_type: rust_type(ty),
            },
        };
        ModelView {
            rust_name: &model.rust_name,
            doc_lines: &model.doc_lines,
            cfg: cfg(&model.features),
            kind,
            instance_methods: model
                .instance_methods
                .iter()
                .map(|m| InstanceMethodView {
                    rust_name: &m.rust_name,
                    doc_lines: &m.doc_lines,
                    cfg: cfg(std::slice::from_ref(&m.module)),
                    params: m
                        .params
                        .iter()
                        .map(|p| format!("{}: {}", p.rust_name, arg_type(p, Spelling::Code)))
                        .collect(),
                    builder_path: format!("crate::apis::{}::{}", m.module, m.builder),
                    operation: &m.operation,
                    args: m.args.iter().map(call_arg).collect(),
                })
                .collect(),
        }
    }
}

/// The `model_support::JsonKind` variant of `kind`.
fn json_kind(kind: JsonKind) -> &'static str {
    match kind {
        JsonKind::Object => "Object",
        JsonKind::Array => "Array",
        JsonKind::String => "String",
        JsonKind::Number => "Number",
        JsonKind::Integer => "Integer",
        JsonKind::Boolean => "Boolean",
        JsonKind::Any => "Any",
    }
}

/// The expression of an instance method's argument to its `Client` call.
fn call_arg(arg: &CallArg) -> String {
    match arg {
        CallArg::Param(name) => name.clone(),
        CallArg::This => "self".to_string(),
        CallArg::Field(field) => format!("self.{field}.as_deref().unwrap_or_default()"),
        CallArg::SharedField(field) => {
            format!("self.{field}().map(String::as_str).unwrap_or_default()")
        }
    }
}

/// A model module and the `#[cfg(...)]` compiling it in, as `models_mod.rs.tera` writes them.
#[derive(Serialize)]
pub struct ModuleView<'a> {
    name: &'a str,
    cfg: String,
}

impl<'a> ModuleView<'a> {
    /// The view of `module`.
    pub fn of(module: &'a ir::ModuleGate) -> Self {
        ModuleView {
            name: &module.name,
            cfg: cfg(&module.features),
        }
    }
}

/// The usage example of a module's page, as doc lines (without `//!`): `op` called with
/// placeholder path parameters (`"userId-1"`), its items streamed for a list, else its reply
/// printed.
pub fn module_example(op: &Operation) -> Vec<String> {
    let args: Vec<String> = op
        .positional
        .iter()
        .map(|p| literal(&format!("{}-1", p.wire_name)))
        .collect();
    let call = format!("client.{}({})", op.rust_name, args.join(", "));
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn demo(client: &okta_sdk::Client) -> Result<(), okta_sdk::Error> {".to_string(),
    ];
    if matches!(op.response, Response::List { .. }) {
        lines.push("use futures_util::TryStreamExt as _;".to_string());
        lines.push(String::new());
        lines.push(format!(
            "// Every item, across pages ({}).",
            op.operation_id
        ));
        lines.push(format!("let mut items = {call}.stream();"));
        lines.push("while let Some(item) = items.try_next().await? {".to_string());
        lines.push("    println!(\"{item:?}\");".to_string());
        lines.push("}".to_string());
    } else {
        lines.push(format!("let reply = {call}.await?;"));
        lines.push("println!(\"{reply:?}\");".to_string());
    }
    lines.push("# Ok(()) }".to_string());
    lines.push("```".to_string());
    lines
}
