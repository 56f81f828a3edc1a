//! IR -> the public surface file (`generated-sdk/api-surface.txt`), and that file -> [`Surface`].
//!
//! The surface file is committed next to the SDK so that a pull request updating the spec shows
//! the API change in a few lines even when thousands of generated lines move, and so that the
//! next regen can read it back and report what changed ([`crate::changes`]).
//!
//! The format is one fact per line, every line self-contained (it names its model), sorted, with
//! ` | ` separating the parts of a line (no Rust type, name or path contains `|`):
//!
//! ```text
//! # spec: Okta Admin Management 2.8.1
//! fn activate_user(user_id: String) -> UserActivationToken | setters(send_email: bool) | activateUser POST /api/v1/users/{userId}/lifecycle/activate | apis::user
//!
//! poly Application | discriminator "signOnMode" | fallback ApplicationBase
//! case Application::Saml(SamlApplication) | "SAML_1_1" | "SAML_2_0"
//! shared Application.id: String
//! struct User | extensible
//! field User.id: Option<String> | "id" | read-only
//! method User.deactivate(send_email: bool) -> apis::user::DeactivateUserBuilder | deactivate_user
//! enum UserStatus
//! variant UserStatus::Active | "ACTIVE"
//! alias Foo = serde_json::Value
//! ```
//!
//! - `fn`: Rust method name, positional parameters in call order with their types, the type
//!   `send()` returns, the optional setters sorted by name, the operationId, `METHOD /path`, and
//!   the module holding the request builder.
//! - `struct` / `enum` / `poly` / `alias`: one line per model, sorted by Rust name, each followed
//!   by its members sorted by Rust name (field order in a named struct is not API): `field`s of
//!   a struct (`| extensible` when custom attributes get accessors), `variant`s of a string enum,
//!   `case`s (subtype and discriminator values) and `shared` accessors of a polymorphic enum,
//!   then the `method`s calling a `Client` operation on the value (parameters after `client`,
//!   builder returned, `Client` method called). Wire names and values are JSON strings.
//! - Lines starting with `#` are comments; blank lines are ignored.
//!
//! `crate::models::` is left out of types: model names are unique, and the file stays readable.

use crate::ir::{self, ModelKind};
use crate::view::{Spelling, arg_type, output_type, spell};
use std::collections::BTreeMap;
use std::fmt;

/// The public surface of the SDK: what callers can name and call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// The spec it was generated from (`info.title` and `info.version`).
    pub spec: String,
    /// `Client` methods by Rust name.
    pub methods: BTreeMap<String, Method>,
    /// Models by Rust name.
    pub models: BTreeMap<String, Model>,
}

/// One `Client` method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// The spec's operationId.
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template as in the spec.
    pub path: String,
    /// The `apis` module holding the request builder.
    pub module: String,
    /// Positional arguments in call order.
    pub positional: Vec<Param>,
    /// Optional parameters (builder setters), sorted by name.
    pub setters: Vec<Param>,
    /// What `send()` returns inside `Result`.
    pub returns: String,
}

/// A named, typed parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Type as the surface spells it (`String`, `User`, `Vec<Group>`).
    pub ty: String,
    /// For setters: the API requires the parameter (written as `name!: Type`).
    pub required: bool,
}

/// One model: its shape and the methods it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// What kind of type it is.
    pub kind: Kind,
    /// Methods calling a `Client` operation on the value (`user.deactivate(&client)`), by name.
    pub methods: BTreeMap<String, ModelMethod>,
}

/// The shape of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A struct.
    Struct {
        /// Fields by Rust name.
        fields: BTreeMap<String, Field>,
        /// Whether custom attributes get accessors (`x-okta-extensible`).
        extensible: bool,
    },
    /// A string enum: variant Rust name -> wire value.
    Enum(BTreeMap<String, String>),
    /// An enum over subtypes chosen by a discriminator.
    Polymorphic(Polymorphic),
    /// An enum over the alternatives of a `oneOf`/`anyOf`: variant Rust name -> the type it holds.
    OneOf(BTreeMap<String, String>),
    /// A type alias and the aliased type.
    Alias(String),
}

impl Kind {
    /// `struct`, `enum`, `poly` or `alias`: the keyword of its line.
    pub fn keyword(&self) -> &'static str {
        match self {
            Kind::Struct { .. } => "struct",
            Kind::Enum(_) => "enum",
            Kind::Polymorphic(_) => "poly",
            Kind::OneOf(_) => "oneof",
            Kind::Alias(_) => "alias",
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Full Rust type, `Option` included.
    pub ty: String,
    /// Name in JSON.
    pub wire_name: String,
    /// Whether the spec marks it read-only.
    pub read_only: bool,
    /// Whether the schema lists it as required.
    pub required: bool,
}

/// A polymorphic model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polymorphic {
    /// The discriminator property's JSON name.
    pub discriminator: String,
    /// The struct of the `Other` variant (unknown or missing discriminator).
    pub fallback: String,
    /// Variants by Rust name.
    pub cases: BTreeMap<String, Case>,
    /// Accessors shared by every variant: name -> the type inside the returned `Option<&_>`.
    pub shared: BTreeMap<String, String>,
}

/// One variant of a polymorphic model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The subtype it holds.
    pub model: String,
    /// The discriminator values selecting it.
    pub values: Vec<String>,
}

/// A method on a model that calls a `Client` operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelMethod {
    /// Parameters after `client`.
    pub params: Vec<Param>,
    /// The request builder returned, e.g. `apis::user::DeactivateUserBuilder`.
    pub returns: String,
    /// The `Client` method it calls.
    pub calls: String,
}

/// The surface file could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Where the surface file lives, relative to the SDK crate root.
pub const FILE: &str = "api-surface.txt";

const SEP: &str = " | ";
const SPEC_PREFIX: &str = "# spec: ";

/// The surface of the SDK generated from `api`.
pub fn from_api(api: &ir::Api) -> Surface {
    let methods = api
        .operations
        .iter()
        .map(|op| {
            let positional = op
                .positional
                .iter()
                .map(|p| Param {
                    name: p.rust_name.clone(),
                    ty: spell(&p.ty, Spelling::Surface),
                    required: false,
                })
                .collect();
            let mut setters: Vec<Param> = op
                .setters
                .iter()
                .map(|s| Param {
                    name: s.rust_name.clone(),
                    ty: spell(&s.ty, Spelling::Surface),
                    required: s.required,
                })
                .collect();
            // The spec's parameter order is not API for setters; sorting keeps diffs quiet.
            setters.sort_by(|a, b| a.name.cmp(&b.name));
            let method = Method {
                operation_id: op.operation_id.clone(),
                http_method: op.method.clone(),
                path: op.path.clone(),
                module: op.module.clone(),
                positional,
                setters,
                returns: output_type(&op.response, Spelling::Surface),
            };
            (op.rust_name.clone(), method)
        })
        .collect();
    let models = api
        .models
        .iter()
        .map(|model| (model.rust_name.clone(), model_of(model)))
        .collect();
    Surface {
        spec: format!("{} {}", api.title, api.spec_version),
        methods,
        models,
    }
}

fn model_of(model: &ir::Model) -> Model {
    // Exhaustive on purpose: a new kind of model must decide how it appears here.
    let kind = match &model.kind {
        ModelKind::Struct { fields, extensible } => Kind::Struct {
            fields: fields
                .iter()
                .map(|f| {
                    let field = Field {
                        ty: format!("Option<{}>", spell(&f.ty, Spelling::Surface)),
                        wire_name: f.wire_name.clone(),
                        read_only: f.read_only,
                        required: f.required,
                    };
                    (f.rust_name.clone(), field)
                })
                .collect(),
            extensible: *extensible,
        },
        ModelKind::Enum { variants } => Kind::Enum(
            variants
                .iter()
                .map(|v| (v.rust_name.clone(), v.wire_value.clone()))
                .collect(),
        ),
        ModelKind::Polymorphic(poly) => Kind::Polymorphic(Polymorphic {
            discriminator: poly.discriminator.clone(),
            fallback: poly.fallback.clone(),
            cases: poly
                .variants
                .iter()
                .map(|v| {
                    let case = Case {
                        model: v.model.clone(),
                        values: v.wire_values.clone(),
                    };
                    (v.rust_name.clone(), case)
                })
                .collect(),
            shared: poly
                .shared_fields
                .iter()
                .map(|f| (f.rust_name.clone(), spell(&f.ty, Spelling::Surface)))
                .collect(),
        }),
        ModelKind::OneOf { variants } => Kind::OneOf(
            variants
                .iter()
                .map(|v| (v.rust_name.clone(), spell(&v.ty, Spelling::Surface)))
                .collect(),
        ),
        ModelKind::Alias { ty } => Kind::Alias(spell(ty, Spelling::Surface)),
    };
    let methods = model
        .instance_methods
        .iter()
        .map(|m| {
            let method = ModelMethod {
                params: m
                    .params
                    .iter()
                    .map(|p| Param {
                        name: p.rust_name.clone(),
                        ty: arg_type(p, Spelling::Surface),
                        required: false,
                    })
                    .collect(),
                returns: format!("apis::{}::{}", m.module, m.builder),
                calls: m.operation.clone(),
            };
            (m.rust_name.clone(), method)
        })
        .collect();
    Model { kind, methods }
}

/// The surface as the text of the surface file.
pub fn render(surface: &Surface) -> String {
    let mut out = String::new();
    out.push_str(
        "# The public API surface of okta-sdk: one line per method, model, field, enum value and\n\
         # alias. Generated by `cargo xtask regen`; do not edit. Regen reads it back to report what\n\
         # a new spec changes; the format is described in okta-sdk-generator's `surface` module.\n",
    );
    out.push_str(&format!("{SPEC_PREFIX}{}\n", surface.spec));
    for (name, m) in &surface.methods {
        out.push_str(&format!(
            "fn {name}({}) -> {}{SEP}setters({}){SEP}{} {} {}{SEP}apis::{}\n",
            params(&m.positional),
            m.returns,
            params(&m.setters),
            m.operation_id,
            m.http_method,
            m.path,
            m.module
        ));
    }
    out.push('\n');
    for (name, model) in &surface.models {
        render_model(&mut out, name, model);
    }
    out
}

fn render_model(out: &mut String, name: &str, model: &Model) {
    match &model.kind {
        Kind::Struct { fields, extensible } => {
            let flag = if *extensible { " | extensible" } else { "" };
            out.push_str(&format!("struct {name}{flag}\n"));
            for (field_name, f) in fields {
                out.push_str(&format!(
                    "field {name}.{field_name}: {}{SEP}{}{}{}\n",
                    f.ty,
                    quote(&f.wire_name),
                    if f.read_only { " | read-only" } else { "" },
                    if f.required { " | required" } else { "" }
                ));
            }
        }
        Kind::Enum(variants) => {
            out.push_str(&format!("enum {name}\n"));
            for (variant, wire) in variants {
                out.push_str(&format!("variant {name}::{variant}{SEP}{}\n", quote(wire)));
            }
        }
        Kind::Polymorphic(poly) => {
            out.push_str(&format!(
                "poly {name}{SEP}discriminator {}{SEP}fallback {}\n",
                quote(&poly.discriminator),
                poly.fallback
            ));
            for (variant, case) in &poly.cases {
                let values: Vec<String> = case.values.iter().map(|v| quote(v)).collect();
                out.push_str(&format!(
                    "case {name}::{variant}({}){SEP}{}\n",
                    case.model,
                    values.join(SEP)
                ));
            }
            for (accessor, ty) in &poly.shared {
                out.push_str(&format!("shared {name}.{accessor}: {ty}\n"));
            }
        }
        Kind::OneOf(variants) => {
            out.push_str(&format!("oneof {name}\n"));
            for (variant, ty) in variants {
                out.push_str(&format!("alt {name}::{variant}({ty})\n"));
            }
        }
        Kind::Alias(ty) => out.push_str(&format!("alias {name} = {ty}\n")),
    }
    for (method, m) in &model.methods {
        out.push_str(&format!(
            "method {name}.{method}({}) -> {}{SEP}{}\n",
            params(&m.params),
            m.returns,
            m.calls
        ));
    }
}

fn params(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| format!("{}{}: {}", p.name, if p.required { "!" } else { "" }, p.ty))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// Reads a surface file back. The first line that does not fit the format is an error naming it.
pub fn parse(text: &str) -> Result<Surface, ParseError> {
    let mut surface = Surface::default();
    for (index, line) in text.lines().enumerate() {
        let error = |message: String| ParseError {
            line: index + 1,
            message,
        };
        if let Some(spec) = line.strip_prefix(SPEC_PREFIX) {
            surface.spec = spec.to_string();
        } else if line.trim().is_empty() || line.starts_with('#') {
            continue;
        } else if let Some(rest) = line.strip_prefix("fn ") {
            let (name, method) = parse_method(rest).map_err(error)?;
            if surface.methods.insert(name.clone(), method).is_some() {
                return Err(error(format!("method `{name}` listed twice")));
            }
        } else if let Some(rest) = line.strip_prefix("struct ") {
            let (name, extensible) = match rest.strip_suffix(" | extensible") {
                Some(name) => (name, true),
                None => (rest, false),
            };
            let fields = BTreeMap::new();
            add_model(&mut surface, name, Kind::Struct { fields, extensible }).map_err(error)?;
        } else if let Some(name) = line.strip_prefix("enum ") {
            add_model(&mut surface, name, Kind::Enum(BTreeMap::new())).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("poly ") {
            let (name, poly) = parse_poly(rest).map_err(error)?;
            add_model(&mut surface, name, Kind::Polymorphic(poly)).map_err(error)?;
        } else if let Some(name) = line.strip_prefix("oneof ") {
            add_model(&mut surface, name, Kind::OneOf(BTreeMap::new())).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("alt ") {
            parse_alternative(&mut surface, rest).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("alias ") {
            let (name, ty) = rest
                .split_once(" = ")
                .ok_or_else(|| error("expected `alias Name = Type`".to_string()))?;
            add_model(&mut surface, name, Kind::Alias(ty.to_string())).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("field ") {
            parse_field(&mut surface, rest).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("variant ") {
            parse_variant(&mut surface, rest).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("case ") {
            parse_case(&mut surface, rest).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("shared ") {
            parse_shared(&mut surface, rest).map_err(error)?;
        } else if let Some(rest) = line.strip_prefix("method ") {
            parse_model_method(&mut surface, rest).map_err(error)?;
        } else {
            return Err(error(format!(
                "expected a line starting with fn, struct, field, enum, variant, poly, case, shared, oneof, alt, \
                 alias, method or #, found `{line}`"
            )));
        }
    }
    Ok(surface)
}

fn add_model(surface: &mut Surface, name: &str, kind: Kind) -> Result<(), String> {
    if !is_identifier(name) {
        return Err(format!("`{name}` is not a type name"));
    }
    let model = Model {
        kind,
        methods: BTreeMap::new(),
    };
    if surface.models.insert(name.to_string(), model).is_some() {
        return Err(format!("model `{name}` listed twice"));
    }
    Ok(())
}

/// `name(a: T, b: U) -> R | setters(c: V) | opId METHOD /path | apis::module`
fn parse_method(rest: &str) -> Result<(String, Method), String> {
    let parts: Vec<&str> = rest.split(SEP).collect();
    let [signature, setters, endpoint, module] = parts[..] else {
        return Err(format!(
            "expected 4 parts separated by `{SEP}` in a `fn` line, found {}",
            parts.len()
        ));
    };
    let (name, after_name) = signature
        .split_once('(')
        .ok_or("expected `name(parameters) -> Type`")?;
    let (positional, returns) = after_name
        .rsplit_once(") -> ")
        .ok_or("expected `) -> Type` after the parameters")?;
    let setters = setters
        .strip_prefix("setters(")
        .and_then(|s| s.strip_suffix(')'))
        .ok_or("expected `setters(...)`")?;
    let mut endpoint_parts = endpoint.splitn(3, ' ');
    let (Some(operation_id), Some(http_method), Some(path)) = (
        endpoint_parts.next(),
        endpoint_parts.next(),
        endpoint_parts.next(),
    ) else {
        return Err("expected `operationId METHOD /path`".to_string());
    };
    let module = module
        .strip_prefix("apis::")
        .ok_or("expected `apis::module`")?;
    if !is_identifier(name) {
        return Err(format!("`{name}` is not a method name"));
    }
    let method = Method {
        operation_id: operation_id.to_string(),
        http_method: http_method.to_string(),
        path: path.to_string(),
        module: module.to_string(),
        positional: parse_params(positional)?,
        setters: parse_params(setters)?,
        returns: returns.to_string(),
    };
    Ok((name.to_string(), method))
}

/// `a: T, b: BTreeMap<String, U>`: splits at the commas outside angle brackets.
fn parse_params(text: &str) -> Result<Vec<Param>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
        .into_iter()
        .map(|piece| {
            let (name, ty) = piece
                .trim()
                .split_once(": ")
                .ok_or_else(|| format!("expected `name: Type`, found `{}`", piece.trim()))?;
            let (name, required) = match name.strip_suffix('!') {
                Some(name) => (name, true),
                None => (name, false),
            };
            Ok(Param {
                name: name.to_string(),
                ty: ty.to_string(),
                required,
            })
        })
        .collect()
}

/// `Model.field: Type | "wire"` with optional ` | read-only` and ` | required`, in that order.
fn parse_field(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let (head, tail) = rest
        .split_once(SEP)
        .ok_or("expected `Model.field: Type | \"wire\"`")?;
    let (path, ty) = head
        .split_once(": ")
        .ok_or("expected `Model.field: Type`")?;
    let (model, field) = path.split_once('.').ok_or("expected `Model.field`")?;
    let (tail, required) = match tail.strip_suffix(" | required") {
        Some(rest) => (rest, true),
        None => (tail, false),
    };
    let (wire, read_only) = match tail.strip_suffix(" | read-only") {
        Some(wire) => (wire, true),
        None => (tail, false),
    };
    let wire_name = unquote(wire)?;
    match surface.models.get_mut(model).map(|m| &mut m.kind) {
        Some(Kind::Struct { fields, .. }) => {
            let value = Field {
                ty: ty.to_string(),
                wire_name,
                read_only,
                required,
            };
            if fields.insert(field.to_string(), value).is_some() {
                return Err(format!("field `{model}.{field}` listed twice"));
            }
            Ok(())
        }
        _ => Err(format!(
            "field of `{model}`, which is not a struct listed above"
        )),
    }
}

/// `Model::Variant | "wire"`.
fn parse_variant(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let (path, wire) = rest
        .split_once(SEP)
        .ok_or("expected `Enum::Variant | \"wire\"`")?;
    let (model, variant) = path.split_once("::").ok_or("expected `Enum::Variant`")?;
    let wire = unquote(wire)?;
    match surface.models.get_mut(model).map(|m| &mut m.kind) {
        Some(Kind::Enum(variants)) => {
            if variants.insert(variant.to_string(), wire).is_some() {
                return Err(format!("variant `{model}::{variant}` listed twice"));
            }
            Ok(())
        }
        _ => Err(format!(
            "variant of `{model}`, which is not an enum listed above"
        )),
    }
}

/// `Model::Variant(Type)`.
fn parse_alternative(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let (path, ty) = rest
        .strip_suffix(')')
        .and_then(|r| r.split_once('('))
        .ok_or("expected `OneOf::Variant(Type)`")?;
    let (model, variant) = path.split_once("::").ok_or("expected `OneOf::Variant`")?;
    match surface.models.get_mut(model).map(|m| &mut m.kind) {
        Some(Kind::OneOf(variants)) => {
            if variants
                .insert(variant.to_string(), ty.to_string())
                .is_some()
            {
                return Err(format!("alternative `{model}::{variant}` listed twice"));
            }
            Ok(())
        }
        _ => Err(format!(
            "alternative of `{model}`, which is not a oneof listed above"
        )),
    }
}

/// `Name | discriminator "prop" | fallback Base`.
fn parse_poly(rest: &str) -> Result<(&str, Polymorphic), String> {
    let parts: Vec<&str> = rest.split(SEP).collect();
    let [name, discriminator, fallback] = parts[..] else {
        return Err("expected `poly Name | discriminator \"prop\" | fallback Type`".to_string());
    };
    let discriminator = discriminator
        .strip_prefix("discriminator ")
        .ok_or("expected `discriminator \"prop\"`")?;
    let fallback = fallback
        .strip_prefix("fallback ")
        .ok_or("expected `fallback Type`")?;
    let poly = Polymorphic {
        discriminator: unquote(discriminator)?,
        fallback: fallback.to_string(),
        cases: BTreeMap::new(),
        shared: BTreeMap::new(),
    };
    Ok((name, poly))
}

fn poly_mut<'s>(surface: &'s mut Surface, model: &str) -> Result<&'s mut Polymorphic, String> {
    match surface.models.get_mut(model).map(|m| &mut m.kind) {
        Some(Kind::Polymorphic(poly)) => Ok(poly),
        _ => Err(format!(
            "line about `{model}`, which is not a poly listed above"
        )),
    }
}

/// `Name::Variant(Model) | "value" | "value"`.
fn parse_case(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let mut parts = rest.split(SEP);
    let head = parts.next().unwrap_or_default();
    let (path, model) = head
        .strip_suffix(')')
        .and_then(|h| h.split_once('('))
        .ok_or("expected `Name::Variant(Model)`")?;
    let (name, variant) = path.split_once("::").ok_or("expected `Name::Variant`")?;
    let values = parts.map(unquote).collect::<Result<Vec<_>, _>>()?;
    let case = Case {
        model: model.to_string(),
        values,
    };
    if poly_mut(surface, name)?
        .cases
        .insert(variant.to_string(), case)
        .is_some()
    {
        return Err(format!("case `{name}::{variant}` listed twice"));
    }
    Ok(())
}

/// `Name.accessor: Type`.
fn parse_shared(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let (path, ty) = rest
        .split_once(": ")
        .ok_or("expected `Name.accessor: Type`")?;
    let (name, accessor) = path.split_once('.').ok_or("expected `Name.accessor`")?;
    if poly_mut(surface, name)?
        .shared
        .insert(accessor.to_string(), ty.to_string())
        .is_some()
    {
        return Err(format!("shared accessor `{name}.{accessor}` listed twice"));
    }
    Ok(())
}

/// `Name.method(a: T) -> apis::x::Builder | client_method`.
fn parse_model_method(surface: &mut Surface, rest: &str) -> Result<(), String> {
    let (head, calls) = rest
        .rsplit_once(SEP)
        .ok_or("expected `Name.method(params) -> Builder | client_method`")?;
    let (path, after) = head
        .split_once('(')
        .ok_or("expected `Name.method(params)`")?;
    let (params, returns) = after
        .rsplit_once(") -> ")
        .ok_or("expected `) -> Builder` after the parameters")?;
    let (name, method) = path.split_once('.').ok_or("expected `Name.method`")?;
    let value = ModelMethod {
        params: parse_params(params)?,
        returns: returns.to_string(),
        calls: calls.to_string(),
    };
    let model = surface
        .models
        .get_mut(name)
        .ok_or_else(|| format!("method of `{name}`, which is not a model listed above"))?;
    if model.methods.insert(method.to_string(), value).is_some() {
        return Err(format!("method `{name}.{method}` listed twice"));
    }
    Ok(())
}

fn unquote(text: &str) -> Result<String, String> {
    serde_json::from_str::<String>(text)
        .map_err(|_| format!("expected a JSON string such as \"name\", found `{text}`"))
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Surface {
        let mut surface = Surface {
            spec: "Okta API 2.8.1".to_string(),
            ..Surface::default()
        };
        surface.methods.insert(
            "activate_user".to_string(),
            Method {
                operation_id: "activateUser".to_string(),
                http_method: "POST".to_string(),
                path: "/api/v1/users/{userId}/lifecycle/activate".to_string(),
                module: "user".to_string(),
                positional: vec![Param {
                    name: "user_id".to_string(),
                    ty: "String".to_string(),
                    required: false,
                }],
                setters: vec![
                    Param {
                        name: "labels".to_string(),
                        ty: "std::collections::BTreeMap<String, Vec<String>>".to_string(),
                        required: false,
                    },
                    Param {
                        name: "send_email".to_string(),
                        ty: "bool".to_string(),
                        required: false,
                    },
                ],
                returns: "UserActivationToken".to_string(),
            },
        );
        surface.methods.insert(
            "list_users".to_string(),
            Method {
                operation_id: "listUsers".to_string(),
                http_method: "GET".to_string(),
                path: "/api/v1/users".to_string(),
                module: "user".to_string(),
                positional: Vec::new(),
                setters: Vec::new(),
                returns: "Page<User>".to_string(),
            },
        );
        let mut fields = BTreeMap::new();
        fields.insert(
            "id".to_string(),
            Field {
                ty: "Option<String>".to_string(),
                wire_name: "id".to_string(),
                read_only: true,
                required: false,
            },
        );
        fields.insert(
            "odd".to_string(),
            Field {
                ty: "Option<serde_json::Map<String, serde_json::Value>>".to_string(),
                wire_name: "a | \"b\"".to_string(),
                read_only: false,
                required: true,
            },
        );
        let mut methods = BTreeMap::new();
        methods.insert(
            "deactivate".to_string(),
            ModelMethod {
                params: vec![Param {
                    name: "send_email".to_string(),
                    ty: "bool".to_string(),
                    required: false,
                }],
                returns: "apis::user::DeactivateUserBuilder".to_string(),
                calls: "deactivate_user".to_string(),
            },
        );
        let model = |kind| Model {
            kind,
            methods: BTreeMap::new(),
        };
        surface.models.insert(
            "User".to_string(),
            Model {
                kind: Kind::Struct {
                    fields,
                    extensible: true,
                },
                methods,
            },
        );
        surface.models.insert(
            "UserStatus".to_string(),
            model(Kind::Enum(
                [("Active", "ACTIVE"), ("TokenSoftware", "token:software")]
                    .into_iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
            )),
        );
        surface.models.insert(
            "Empty".to_string(),
            model(Kind::Struct {
                fields: BTreeMap::new(),
                extensible: false,
            }),
        );
        surface.models.insert(
            "Anything".to_string(),
            model(Kind::Alias("serde_json::Value".to_string())),
        );
        let case = |model: &str, values: &[&str]| Case {
            model: model.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        surface.models.insert(
            "Application".to_string(),
            model(Kind::Polymorphic(Polymorphic {
                discriminator: "signOnMode".to_string(),
                fallback: "ApplicationBase".to_string(),
                cases: [
                    ("Saml", case("SamlApplication", &["SAML_1_1", "SAML_2_0"])),
                    ("Bookmark", case("BookmarkApplication", &["BOOKMARK"])),
                ]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b))
                .collect(),
                shared: [("id".to_string(), "String".to_string())].into(),
            })),
        );
        surface
    }

    #[test]
    fn parse_of_render_is_identity() {
        let surface = sample();
        let text = render(&surface);
        assert_eq!(parse(&text), Ok(surface));
    }

    #[test]
    fn render_is_one_sorted_line_per_fact() {
        let text = render(&sample());
        let facts: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            facts,
            [
                "fn activate_user(user_id: String) -> UserActivationToken | setters(labels: std::collections::BTreeMap<String, Vec<String>>, send_email: bool) | activateUser POST /api/v1/users/{userId}/lifecycle/activate | apis::user",
                "fn list_users() -> Page<User> | setters() | listUsers GET /api/v1/users | apis::user",
                "",
                "alias Anything = serde_json::Value",
                "poly Application | discriminator \"signOnMode\" | fallback ApplicationBase",
                "case Application::Bookmark(BookmarkApplication) | \"BOOKMARK\"",
                "case Application::Saml(SamlApplication) | \"SAML_1_1\" | \"SAML_2_0\"",
                "shared Application.id: String",
                "struct Empty",
                "struct User | extensible",
                "field User.id: Option<String> | \"id\" | read-only",
                "field User.odd: Option<serde_json::Map<String, serde_json::Value>> | \"a | \\\"b\\\"\" | required",
                "method User.deactivate(send_email: bool) -> apis::user::DeactivateUserBuilder | deactivate_user",
                "enum UserStatus",
                "variant UserStatus::Active | \"ACTIVE\"",
                "variant UserStatus::TokenSoftware | \"token:software\"",
            ]
        );
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let err = parse("# c\nstruct A\nfield B.x: i32 | \"x\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("not a struct"), "{err}");

        let err = parse("fn a() -> () | setters()\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1: expected 4 parts separated by ` | ` in a `fn` line, found 2"
        );

        let err = parse("\n\nwhat is this\n").unwrap_err();
        assert_eq!(err.line, 3);

        let err = parse("enum E\nvariant E::A | ACTIVE\n").unwrap_err();
        assert!(err.message.contains("JSON string"), "{err}");
    }
}
