//! `x-okta-operations` and `x-okta-crud` -> methods on models (`user.deactivate(&client)`).
//!
//! Each entry names an operation and wires some of its parameters from the value: `src` (a field
//! of this value), `self` (the value is the body), `parentSrc` (a field of the resource this one
//! belongs to, which the caller passes). Parameters not wired stay parameters of the method.

use super::{Context, schema_pointer};
use crate::ir::{CallArg, InstanceMethod, ModelKind, Operation, PositionalKind, Ty};
use crate::naming::{self, Namespace};
use crate::view::{self, Spelling};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    alias: String,
    operation_id: String,
    #[serde(default)]
    arguments: Vec<Argument>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Argument {
    dest: String,
    src: Option<String>,
    #[serde(rename = "self", default)]
    is_self: bool,
    parent_src: Option<String>,
}

/// Methods models of every kind already have; instance methods must not take these names.
const MODEL_METHODS: &[&str] = &[
    "as_str",
    "custom",
    "custom_as",
    "set_custom",
    "remove_custom",
    "custom_attributes",
    "from",
    "clone",
];

/// Adds instance methods to the models whose schemas declare them (Okta's 2.x extensions), or
/// that the documented instance methods (`overlay`: its file name and entries by schema name)
/// give them.
pub(super) fn lower_instance_methods(
    cx: &mut Context<'_>,
    operations: &[Operation],
    overlay: Option<&(String, serde_json::Map<String, serde_json::Value>)>,
) {
    let schemas = cx.schemas;
    if let Some((origin, entries)) = overlay {
        for name in entries.keys().filter(|name| !schemas.contains_key(*name)) {
            cx.warn(
                format!("{origin}#/{}", crate::error::pointer_segment(name)),
                format!("no schema `{name}` in the spec: its instance methods are not generated"),
            );
        }
    }
    for (name, schema) in schemas {
        let Some(schema) = schema.as_item() else {
            continue;
        };
        let rust_model = cx.type_names[name].clone();
        let mut methods = Vec::new();
        let mut names = Namespace::with_reserved(MODEL_METHODS.iter().copied());
        let from_spec = ["x-okta-operations", "x-okta-crud"]
            .into_iter()
            .filter_map(|extension| {
                let raw = schema.schema_data.extensions.get(extension)?;
                Some((format!("{}/{extension}", schema_pointer(name)), raw))
            });
        let from_overlay = overlay.and_then(|(origin, entries)| {
            let raw = entries.get(name)?;
            Some((
                format!("{origin}#/{}", crate::error::pointer_segment(name)),
                raw,
            ))
        });
        for (pointer, raw) in from_spec.chain(from_overlay) {
            let entries: Vec<Entry> = match serde_json::from_value(raw.clone()) {
                Ok(entries) => entries,
                Err(e) => {
                    cx.warn(&pointer, format!("ignored, malformed: {e}"));
                    continue;
                }
            };
            for (index, entry) in entries.into_iter().enumerate() {
                let entry_pointer = format!("{pointer}/{index}");
                match instance_method(cx, &rust_model, &entry, operations, &mut names) {
                    Ok(method) => methods.push(method),
                    Err(why) => cx.warn(
                        entry_pointer,
                        format!("`{}` not generated: {why}", entry.alias),
                    ),
                }
            }
        }
        if let Some(model) = cx.models.get_mut(&rust_model) {
            // An operation (`factor.verify(..)`) matters more than reading a field of the same
            // name, so a clashing field accessor gives way.
            if let ModelKind::Polymorphic(p) = &mut model.kind {
                for field in &mut p.shared_fields {
                    if methods.iter().any(|m| m.rust_name == field.accessor) {
                        field.accessor = format!("{}_field", field.accessor);
                    }
                }
            }
            model.instance_methods = methods;
        }
    }
}

fn instance_method(
    cx: &Context<'_>,
    model: &str,
    entry: &Entry,
    operations: &[Operation],
    names: &mut Namespace,
) -> Result<InstanceMethod, String> {
    let op = operations
        .iter()
        .find(|op| op.operation_id == entry.operation_id)
        .ok_or_else(|| format!("no operation `{}`", entry.operation_id))?;
    let mut params = Vec::new();
    let mut args = Vec::new();
    let mut wiring = Vec::new();
    for param in &op.positional {
        let argument = entry.arguments.iter().find(|a| a.dest == param.wire_name);
        match argument {
            Some(Argument { src: Some(src), .. }) => {
                args.push(string_field(cx, model, src)?);
                wiring.push(format!("`{}` is this value's `{src}`", param.wire_name));
            }
            Some(Argument { is_self: true, .. }) => {
                if param.kind != PositionalKind::Body || param.ty != Ty::Named(model.to_string()) {
                    return Err(format!(
                        "`{}` is `{}`, not this type",
                        param.wire_name,
                        view::spell(&param.ty, Spelling::Surface)
                    ));
                }
                args.push(CallArg::This);
                wiring.push("the body is this value".to_string());
            }
            Some(Argument {
                parent_src: Some(_),
                ..
            })
            | None => {
                params.push(param.clone());
                args.push(CallArg::Param(param.rust_name.clone()));
            }
            Some(_) => {
                return Err(format!(
                    "argument for `{}` names no source",
                    param.wire_name
                ));
            }
        }
    }
    let wanted = naming::snake(&entry.alias);
    let rust_name = names.claim(&wanted, "_");
    let mut doc_lines = vec![format!(
        "Calls [`Client::{op}`](crate::Client::{op}) (`{} {}`){}.",
        op.method,
        op.path,
        if wiring.is_empty() {
            String::new()
        } else {
            format!(": {}", wiring.join(", "))
        },
        op = op.rust_name,
    )];
    if wiring.iter().any(|w| w.contains("this value's")) {
        doc_lines.push(String::new());
        doc_lines.push(
            "A value without that field (not yet created) makes the request fail with `Error::InvalidRequest`."
                .to_string(),
        );
    }
    Ok(InstanceMethod {
        rust_name,
        doc_lines,
        params,
        operation: op.rust_name.clone(),
        module: op.module.clone(),
        builder: op.builder_name.clone(),
        args,
    })
}

/// The string field `src` (a wire name) of this value, read as the argument.
fn string_field(cx: &Context<'_>, model: &str, src: &str) -> Result<CallArg, String> {
    let kind = cx.models.get(model).map(|m| &m.kind);
    match kind {
        Some(ModelKind::Struct { fields, .. }) => fields
            .iter()
            .find(|f| f.wire_name == src && f.ty == Ty::String)
            .map(|f| CallArg::Field(f.rust_name.clone())),
        Some(ModelKind::Polymorphic(p)) => p
            .shared_fields
            .iter()
            .find(|f| naming::snake(src) == f.rust_name && f.ty == Ty::String)
            .map(|f| CallArg::SharedField(f.rust_name.clone())),
        _ => None,
    }
    .ok_or_else(|| format!("this type has no string field `{src}`"))
}
