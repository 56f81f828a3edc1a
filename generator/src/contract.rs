//! IR -> the contract test's call list (`contract/calls.rs` in the SDK directory).
//!
//! The contract test (`tests/contract/`) calls every `Client` method once against a loopback
//! server that checks each request against the spec and answers from the response schema. The
//! calls must be Rust code, so regen writes them from the IR, next to the SDK they call, and
//! checks them like the rest of its output. Each call passes placeholder arguments: `"x"` for
//! string path parameters, the first value of an enum, small byte strings for raw and multipart
//! bodies, and JSON bodies decoded from an instance the test builds from the request schema
//! (`ctx.json::<T>(method)`), so the body the SDK serializes is one the spec describes. Every
//! setter is set (required or not), so query and header names and value types are checked too.

use crate::error::Error;
use crate::ir::{Api, Body, ModelKind, Operation, PositionalKind, Ty};
use crate::render::{RenderedFile, render_one, template_error};
use crate::view::{Spelling, literal, spell};
use serde::Serialize;

/// Where the call list goes, relative to the SDK crate root. Outside `src/` and `tests/`, so it
/// is neither part of the published package (its `include` list) nor a test target of its own:
/// the workspace tests include it with `#[path]`.
pub const FILE: &str = "contract/calls.rs";

const TEMPLATE: (&str, &str) = (
    "contract_calls.rs.tera",
    include_str!("../../templates/contract_calls.rs.tera"),
);

/// One generated call, as the template sees it.
#[derive(Debug, Serialize)]
struct Call {
    /// The `Client` method, e.g. `activate_user`.
    name: String,
    /// Upper-case HTTP method.
    method: String,
    /// The path template the method's request must match (placeholder names aside).
    path: String,
    /// Fixed query parameters, as `("name", "value")` Rust tuples.
    fixed_query: Vec<String>,
    /// `ctx`, or `_ctx` when the call reads no body from it.
    ctx: &'static str,
    /// Statements before the call (decoding the JSON body).
    prelude: Vec<String>,
    /// Argument expressions, in order.
    args: Vec<String>,
    /// `.setter(value)` calls.
    setters: Vec<String>,
}

#[derive(Serialize)]
struct CallsFile<'a> {
    header: &'a str,
    calls: Vec<Call>,
}

/// Renders the call list: one call per operation of `api`, sorted by method name.
pub fn render(api: &Api, header: &str) -> Result<RenderedFile, Error> {
    let mut tera = tera::Tera::default();
    let (name, text) = TEMPLATE;
    tera.add_raw_template(name, text)
        .map_err(|e| template_error(name, "the template itself", &e))?;
    let calls = api.operations.iter().map(|op| call(api, op)).collect();
    render_one(&tera, name, FILE.to_string(), &CallsFile { header, calls })
}

fn call(api: &Api, op: &Operation) -> Call {
    let mut prelude = Vec::new();
    let mut args = Vec::new();
    for p in &op.positional {
        let arg = if p.kind == PositionalKind::Path {
            match &p.ty {
                Ty::Named(model) => first_value(api, model),
                _ => "\"x\"".to_string(),
            }
        } else {
            match &op.body {
                Some(Body::Json { ty, .. } | Body::Form { ty, .. }) => {
                    // Slice bodies (`&[T]`) are decoded as `Vec<T>`.
                    let ty = spell(ty, Spelling::Sdk);
                    prelude.push(format!("let body: {ty} = ctx.json(\"{}\")?;", op.rust_name));
                    "&body".to_string()
                }
                Some(Body::Multipart { name_arg, .. }) if *name_arg == p.rust_name => {
                    "\"logo.png\"".to_string()
                }
                Some(Body::Multipart { .. }) => "b\"\\x89PNG\\r\\n\"".to_string(),
                // Base64 text bodies take `&str`, raw ones bytes.
                Some(Body::Raw { .. }) if p.ty == Ty::String => "\"TUlJQg==\"".to_string(),
                Some(Body::Raw { .. }) => "b\"0\\x82\\x01\"".to_string(),
                None => "\"x\"".to_string(),
            }
        };
        args.push(arg);
    }
    let setters = op
        .setters
        .iter()
        .map(|s| format!(".{}({})", s.rust_name, placeholder(api, &s.ty)))
        .collect();
    Call {
        ctx: if prelude.is_empty() { "_ctx" } else { "ctx" },
        name: op.rust_name.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        fixed_query: op
            .fixed_query
            .iter()
            .map(|q| format!("({}, {})", literal(&q.name), literal(&q.value)))
            .collect(),
        prelude,
        args,
        setters,
    }
}

/// A placeholder value for a setter of type `ty` (a string, bool, number, model enum, or a
/// `Vec` of one).
fn placeholder(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::String => "\"x\"".to_string(),
        Ty::Bool => "true".to_string(),
        Ty::I32 | Ty::I64 => "1".to_string(),
        Ty::F64 => "1.0".to_string(),
        Ty::Vec(item) => match &**item {
            Ty::String => "vec![\"x\".to_string()]".to_string(),
            item => format!(
                "vec![{}]",
                first_value(api, &spell(item, Spelling::Surface))
            ),
        },
        // A model: its first value. Other types (timestamps, in the 2.x spec only) get the same
        // form, which does not compile; the current spec's contract test has none.
        other => first_value(api, &spell(other, Spelling::Surface)),
    }
}

/// The first known value of the enum `model`; `Default::default()` for any other model.
fn first_value(api: &Api, model: &str) -> String {
    let found = api.models.iter().find(|m| m.rust_name == model);
    match found.map(|m| &m.kind) {
        Some(ModelKind::Enum { variants }) if !variants.is_empty() => {
            format!("okta_sdk::models::{model}::{}", variants[0].rust_name)
        }
        _ => format!("<okta_sdk::models::{model}>::default()"),
    }
}
