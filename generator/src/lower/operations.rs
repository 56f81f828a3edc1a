//! Path operations (and `x-okta-multi-operation` variants) -> `Client` methods.

use super::{Context, InlineSite, Ty, docs};
use crate::error::pointer_segment;
use crate::ir::{
    Body, Operation, ParamLocation, PathSegment, PositionalKind, PositionalParam, Response,
    SetterParam,
};
use crate::naming::{self, Namespace};
use crate::view::{self, Spelling};
use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Schema, StatusCode,
};
use serde::Deserialize;

/// Methods the hand-written runtime defines on `Client`; generated methods must not take them.
const RUNTIME_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "send_json",
    "send_empty",
    "send_page",
    "stream_items",
    "raw_request",
    "request",
    "clone",
];

/// Names setters must not take: `RequestBuilder`'s own methods, and `client`, `path` and `pages`,
/// reserved since builders had such members so that setter names stay as they were.
const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "path",
    "send",
    "stream",
    "pages",
    "into_future",
    "new",
    "set_query",
    "set_header",
];

/// An operation with its spec-shaped inputs gathered, before names are assigned.
#[derive(Clone)]
pub(super) struct Draft {
    /// The name the method is made from (the operationId, or the documented name).
    pub operation_id: String,
    /// Other names rustdoc search should find the method by (the spec's operationId of a
    /// documented method Okta renamed).
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Rustdoc paragraphs after the description: the OAuth 2.0 scopes the operation needs and
    /// its lifecycle when it is not GA.
    pub notes: Vec<String>,
    pub method: String,
    pub path: String,
    pub module: String,
    pub pointer: String,
    pub params: Vec<ParamDraft>,
    pub body: Option<BodyDraft>,
    /// Query parameters the method always sends (a documented variant such as
    /// `tempPassword=true`), as (name, value).
    pub fixed_query: Vec<(String, String)>,
    pub response: Response,
    /// Models the response mentions.
    pub response_models: Vec<String>,
    /// `false` when the spec says the operation takes no credential (`security: []`).
    pub authenticated: bool,
}

#[derive(Clone)]
pub(super) struct ParamDraft {
    pub name: String,
    pub location: Location,
    pub ty: Ty,
    pub description: Option<String>,
    pub required: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone)]
pub(super) enum BodyDraft {
    Json {
        name: String,
        ty: Ty,
        /// A JSON media type other than `application/json` (`application/merge-patch+json`).
        content_type: Option<String>,
    },
    /// An `application/x-www-form-urlencoded` form of a model's fields.
    Form { name: String, ty: Ty },
    /// A `multipart/form-data` upload of one file in the form field `field`.
    Multipart { field: String },
    Raw {
        name: String,
        content_type: String,
        base64: bool,
    },
}

/// One entry of Okta's `x-okta-multi-operation`, still written in Swagger 2.0 style.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MultiVariant {
    operation_id: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    #[serde(default)]
    consumes: Vec<String>,
    encoding: Option<String>,
    #[serde(default)]
    parameters: Vec<SwaggerParam>,
}

#[derive(Deserialize)]
struct SwaggerParam {
    name: String,
    #[serde(rename = "in")]
    location: String,
    #[serde(default)]
    required: bool,
    #[serde(rename = "type")]
    ty: Option<String>,
    format: Option<String>,
    schema: Option<ReferenceOr<Schema>>,
    description: Option<String>,
}

/// Lowers every operation; the result is sorted by Rust method name.
pub(super) fn lower_operations(
    cx: &mut Context<'_>,
    documented: Option<&super::documented::Table>,
) -> Vec<Operation> {
    let mut drafts = Vec::new();
    let paths: Vec<(String, ReferenceOr<PathItem>)> = cx
        .spec
        .paths
        .paths
        .iter()
        .map(|(path, item)| (path.clone(), item.clone()))
        .collect();
    for (path, item) in &paths {
        let path_pointer = format!("#/paths/{}", pointer_segment(path));
        let ReferenceOr::Item(item) = item else {
            cx.problem(
                &path_pointer,
                "a path item that is a `$ref` is not supported",
            );
            continue;
        };
        // The path item's own parameters are named after its first operation (`get` first).
        let path_owner = item
            .iter()
            .find_map(|(_, op)| op.operation_id.clone())
            .unwrap_or_else(|| naming::pascal(path));
        for (method, op) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            let op_name_hint = op
                .operation_id
                .clone()
                .unwrap_or_else(|| naming::pascal(path));
            // Parameters of the path item are lowered at its own pointer: their types are made
            // once for every operation under it, and a defect is reported where it is.
            let mut params = resolve_params(cx, &item.parameters, &path_pointer, &path_owner);
            for param in resolve_params(cx, &op.parameters, &pointer, &op_name_hint) {
                params.retain(|p| !(p.name == param.name && p.location == param.location));
                params.push(param);
            }
            let module = super::families::family_of(path);
            let authenticated = takes_credentials(cx.spec, op);
            let base = Draft {
                operation_id: String::new(),
                aliases: Vec::new(),
                fixed_query: Vec::new(),
                notes: operation_notes(op, authenticated),
                summary: op.summary.clone(),
                description: op.description.clone(),
                method: method.to_uppercase(),
                path: path.clone(),
                module,
                pointer: pointer.clone(),
                params,
                body: None,
                response: Response::Empty { media_type: None },
                response_models: Vec::new(),
                authenticated,
            };
            let (response, response_models) =
                lower_response(cx, &op.responses, &pointer, &op_name_hint, &base.module);
            if let Some(id) = &op.operation_id {
                let body = op
                    .request_body
                    .as_ref()
                    .and_then(|b| lower_request_body(cx, b, &pointer, id, &base.module));
                drafts.push(Draft {
                    operation_id: id.clone(),
                    body,
                    response,
                    response_models,
                    ..base
                });
            } else if let Some(multi) = op.extensions.get("x-okta-multi-operation") {
                let multi_pointer = format!("{pointer}/x-okta-multi-operation");
                match serde_json::from_value::<Vec<MultiVariant>>(multi.clone()) {
                    Ok(variants) => {
                        for (index, variant) in variants.into_iter().enumerate() {
                            let variant_pointer = format!("{multi_pointer}/{index}");
                            if let Some(draft) = lower_variant(
                                cx,
                                &base,
                                (&response, &response_models),
                                variant,
                                &variant_pointer,
                            ) {
                                drafts.push(draft);
                            }
                        }
                    }
                    Err(e) => cx.problem(multi_pointer, format!("malformed: {e}")),
                }
            } else {
                cx.problem(
                    pointer,
                    "operation has neither an `operationId` nor `x-okta-multi-operation`",
                );
            }
        }
    }

    if let Some(table) = documented {
        drafts = super::documented::apply(cx, table, drafts);
    }
    let mut methods = Namespace::with_reserved(RUNTIME_METHODS.iter().copied());
    let mut operations: Vec<Operation> = drafts
        .into_iter()
        .filter_map(|draft| build_operation(cx, &mut methods, draft))
        .collect();
    operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    operations
}

fn lower_variant(
    cx: &mut Context<'_>,
    base: &Draft,
    (response, response_models): (&Response, &[String]),
    variant: MultiVariant,
    pointer: &str,
) -> Option<Draft> {
    let Some(operation_id) = variant.operation_id else {
        cx.problem(pointer, "multi-operation variant without an `operationId`");
        return None;
    };
    let mut params: Vec<ParamDraft> = base
        .params
        .iter()
        .map(|p| ParamDraft {
            name: p.name.clone(),
            location: p.location,
            ty: p.ty.clone(),
            description: p.description.clone(),
            required: p.required,
        })
        .collect();
    let mut body = None;
    for (index, param) in variant.parameters.into_iter().enumerate() {
        let param_pointer = format!("{pointer}/parameters/{index}");
        let location = match param.location.as_str() {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            "body" => {
                body = Some(match (&param.schema, variant.consumes.first()) {
                    (Some(schema), _) => {
                        let site = InlineSite {
                            type_name: format!("{}Body", naming::pascal(&operation_id)),
                            wire_name: format!("{operation_id}.body"),
                            module: &base.module,
                        };
                        let ty = cx.schema_ty(schema, &format!("{param_pointer}/schema"), &site);
                        BodyDraft::Json {
                            name: body_name(&ty, &param.name),
                            ty,
                            content_type: None,
                        }
                    }
                    (None, Some(content_type)) => BodyDraft::Raw {
                        name: param.name.clone(),
                        content_type: content_type.clone(),
                        base64: variant.encoding.as_deref() == Some("base64")
                            || param.format.as_deref() != Some("binary"),
                    },
                    (None, None) => {
                        cx.problem(
                            &param_pointer,
                            "body parameter with neither `schema` nor `consumes`",
                        );
                        continue;
                    }
                });
                continue;
            }
            other => {
                cx.problem(
                    &param_pointer,
                    format!("unsupported parameter location `{other}`"),
                );
                continue;
            }
        };
        let ty = param
            .ty
            .as_deref()
            .and_then(|ty| Ty::scalar(ty, param.format.as_deref()))
            .unwrap_or(Ty::Json);
        params.retain(|p| !(p.name == param.name && p.location == location));
        params.push(ParamDraft {
            name: param.name,
            location,
            ty,
            description: param.description,
            required: param.required,
        });
    }
    Some(Draft {
        operation_id,
        aliases: Vec::new(),
        fixed_query: Vec::new(),
        notes: base.notes.clone(),
        summary: variant.summary.or_else(|| base.summary.clone()),
        description: variant.description.or_else(|| base.description.clone()),
        method: base.method.clone(),
        path: base.path.clone(),
        module: base.module.clone(),
        pointer: pointer.to_string(),
        params,
        body,
        response: response.clone(),
        response_models: response_models.to_vec(),
        authenticated: base.authenticated,
    })
}

/// The method each module's page shows as a usage example (a list streamed, or a read), by
/// Rust name. It is chosen so the example needs no body and no required setter (a `GET` whose
/// positional arguments are string path segments), a list when there is one.
pub(super) fn example_operations(
    operations: &[Operation],
) -> std::collections::BTreeMap<String, String> {
    let mut examples = std::collections::BTreeMap::new();
    let simple = |op: &&Operation| {
        op.method == "GET"
            && op
                .positional
                .iter()
                .all(|p| p.kind == PositionalKind::Path && p.ty == Ty::String)
            && !op.setters.iter().any(|s| s.required)
    };
    let mut modules: Vec<&str> = operations.iter().map(|op| op.module.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    for module in modules {
        let candidates: Vec<&Operation> = operations
            .iter()
            .filter(|op| op.module == module)
            .filter(simple)
            .collect();
        let is_list = |op: &&&Operation| matches!(op.response, Response::List { .. });
        let Some(op) = candidates
            .iter()
            .find(|op| is_list(op) && op.positional.is_empty())
            .or_else(|| candidates.iter().find(is_list))
            .or_else(|| candidates.first())
        else {
            continue;
        };
        examples.insert(module.to_string(), op.rust_name.clone());
    }
    examples
}

/// The setters of a method, one doc line each with the first line of its docs, so a method's
/// page says how to call it without a visit to its builder.
fn setter_list(setters: &[SetterParam]) -> Vec<String> {
    if setters.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        "Optional parameters, set on the returned builder:".to_string(),
        String::new(),
    ];
    for setter in setters {
        let summary = setter
            .doc_lines
            .iter()
            .find(|line| !line.is_empty() && !line.starts_with("```"))
            .map(|line| line.trim_end_matches(':').to_string())
            .unwrap_or_default();
        lines.push(format!(
            "- `.{}({})`{}: {summary}",
            setter.rust_name,
            view::spell(&setter.ty, Spelling::Docs),
            if setter.required { " (required)" } else { "" },
        ));
    }
    lines
}

/// Whether an operation takes the client's credential: not when its security requirements, or
/// else the spec's, are an empty list (`security: []`: anyone may call it). Without any
/// requirement written, Okta's API still wants one.
fn takes_credentials(spec: &openapiv3::OpenAPI, op: &openapiv3::Operation) -> bool {
    op.security
        .as_ref()
        .or(spec.security.as_ref())
        .is_none_or(|requirements| !requirements.is_empty())
}

/// The OAuth 2.0 scopes an operation needs (or that it takes no credential) and its lifecycle
/// when it is not GA, as doc lines.
fn operation_notes(op: &openapiv3::Operation, authenticated: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if !authenticated {
        notes.push(
            "Sent without the client's credential: the API takes none for it (`security: []`)."
                .to_string(),
        );
    }
    let scopes: Vec<String> = op
        .security
        .iter()
        .flatten()
        .flat_map(|requirement| requirement.values().flatten())
        .map(|scope| format!("`{scope}`"))
        .collect();
    if !scopes.is_empty() {
        notes.push(format!("OAuth 2.0 scopes: {}.", scopes.join(", ")));
    }
    let lifecycle = op
        .extensions
        .get("x-okta-lifecycle")
        .and_then(|l| l.get("lifecycle"))
        .and_then(|l| l.as_str());
    if let Some(lifecycle) = lifecycle.filter(|l| *l != "GA") {
        if !notes.is_empty() {
            notes.push(String::new());
        }
        notes.push(format!(
            "Lifecycle: **{lifecycle}** (not generally available: the feature may have to be turned on for the org)."
        ));
    }
    notes
}

/// The item a `ReferenceOr` stands for, following a `$ref` into `#/components/{section}/`; a
/// reference that leads nowhere is a problem at `pointer`.
fn resolve<T: Clone>(
    cx: &mut Context<'_>,
    item: &ReferenceOr<T>,
    section: &str,
    pick: impl Fn(&openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<T>>,
    pointer: &str,
) -> Option<T> {
    match item {
        ReferenceOr::Item(value) => Some(value.clone()),
        ReferenceOr::Reference { reference } => {
            let prefix = format!("#/components/{section}/");
            let found = reference
                .strip_prefix(prefix.as_str())
                .and_then(|name| pick(cx.spec.components.as_ref()?).get(name))
                .and_then(ReferenceOr::as_item)
                .cloned();
            if found.is_none() {
                cx.problem(
                    pointer,
                    format!("`$ref: {reference}` names nothing in #/components/{section}"),
                );
            }
            found
        }
    }
}

/// A shared parameter's key without the location Okta prefixes to some (`pathContactType`,
/// `queryExpandBrand`), which the type's name does not need.
fn without_location_prefix(key: &str) -> &str {
    for location in ["path", "query", "header", "cookie"] {
        if let Some(rest) = key.strip_prefix(location) {
            if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                return rest;
            }
        }
    }
    key
}

/// An enum made for a parameter's inline schema (or for its array's items) is documented by the
/// parameter: such schemas rarely have a description of their own, and the placeholder ("The
/// `expand` schema") would say less than the spec does.
fn document_parameter_types(
    cx: &mut Context<'_>,
    schema_pointer: &str,
    name: &str,
    location: Location,
    data: &openapiv3::ParameterData,
) {
    let Some(description) = data.description.as_deref() else {
        return;
    };
    let location = match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    };
    for pointer in [
        schema_pointer.to_string(),
        format!("{schema_pointer}/items"),
    ] {
        let Some(Ty::Named(model)) = cx.inline_types.get(&pointer).cloned() else {
            continue;
        };
        let Some(model) = cx.models.get_mut(&model) else {
            continue;
        };
        // Only the placeholder line: the schema has neither a title nor a description.
        if model.doc_lines.len() == 1 {
            let mut lines = docs::doc_lines(description);
            lines.push(String::new());
            lines.push(format!("The values of the `{name}` {location} parameter."));
            model.doc_lines = lines;
        }
    }
}

/// The parameters at `pointer`, their inline types named after `owner` (an operationId).
fn resolve_params(
    cx: &mut Context<'_>,
    params: &[ReferenceOr<Parameter>],
    pointer: &str,
    owner: &str,
) -> Vec<ParamDraft> {
    let mut out = Vec::new();
    for (index, param) in params.iter().enumerate() {
        let param_pointer = format!("{pointer}/parameters/{index}");
        // A shared parameter (`$ref: '#/components/parameters/..'`) is lowered at the component:
        // its inline enum is one type for every operation using it, not a numbered copy each
        // (`Path`, `Path2`, `Path3`), which would also renumber as Okta adds operations.
        let definition_pointer = match param {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(_) => param_pointer.clone(),
        };
        // Inline types are named for what defines them: the shared parameter's key
        // (`queryExpandBrand` gives `ExpandBrand`), or the operation and the parameter
        // (`ListDevicesExpand`). A name from the parameter alone (`Expand`) would clash across
        // operations, and numbered names (`ExpandItem2`) change meaning between Okta releases.
        let type_owner = match param {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/parameters/")
                .map(|key| naming::pascal(without_location_prefix(key))),
            ReferenceOr::Item(_) => None,
        };
        let Some(param) = resolve(cx, param, "parameters", |c| &c.parameters, &param_pointer)
        else {
            continue;
        };
        let (location, data) = match &param {
            Parameter::Path { parameter_data, .. } => (Location::Path, parameter_data),
            Parameter::Query { parameter_data, .. } => (Location::Query, parameter_data),
            Parameter::Header { parameter_data, .. } => (Location::Header, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (Location::Cookie, parameter_data),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let site = InlineSite {
                    type_name: type_owner.clone().unwrap_or_else(|| {
                        format!(
                            "{}{}",
                            naming::pascal(owner),
                            naming::pascal_suffix(&data.name)
                        )
                    }),
                    wire_name: data.name.clone(),
                    module: "common",
                };
                let schema_pointer = format!("{definition_pointer}/schema");
                let ty = cx.schema_ty(schema, &schema_pointer, &site);
                document_parameter_types(cx, &schema_pointer, &data.name, location, data);
                ty
            }
            ParameterSchemaOrContent::Content(_) => {
                cx.warn(
                    &definition_pointer,
                    "parameter with `content`: sent as a string",
                );
                Ty::String
            }
        };
        out.push(ParamDraft {
            name: data.name.clone(),
            location,
            ty,
            description: data.description.clone(),
            required: data.required,
        });
    }
    out
}

fn lower_request_body(
    cx: &mut Context<'_>,
    body: &ReferenceOr<RequestBody>,
    pointer: &str,
    operation_id: &str,
    module: &str,
) -> Option<BodyDraft> {
    let body_pointer = format!("{pointer}/requestBody");
    let body = resolve(
        cx,
        body,
        "requestBodies",
        |c| &c.request_bodies,
        &body_pointer,
    )?;
    // JSON when the operation takes it (also as another JSON media type such as
    // `application/merge-patch+json`), else the first declared type.
    let Some((content_type, media)) = body
        .content
        .iter()
        .find(|(ct, _)| ct.starts_with("application/json"))
        .or_else(|| body.content.iter().find(|(ct, _)| is_json(ct)))
        .or_else(|| body.content.first())
    else {
        cx.problem(&body_pointer, "request body without content");
        return None;
    };
    let media_pointer = format!("{body_pointer}/content/{}", pointer_segment(content_type));
    let content_type = &parameters_after_semicolons(cx, content_type, &media_pointer);
    if content_type.starts_with("multipart/form-data") {
        // Okta's uploads: one binary property (`file`) is the file.
        let field = media
            .schema
            .as_ref()
            .and_then(|schema| match schema {
                ReferenceOr::Item(schema) => super::shape::shape(schema)
                    .properties
                    .and_then(|p| p.keys().next().cloned()),
                ReferenceOr::Reference { .. } => None,
            })
            .unwrap_or_else(|| {
                cx.warn(
                    &media_pointer,
                    "a multipart body without a property: the file is sent as `file`",
                );
                "file".to_string()
            });
        return Some(BodyDraft::Multipart { field });
    }
    let form = is_form(content_type);
    if !form && !is_json(content_type) {
        return Some(BodyDraft::Raw {
            name: "body".to_string(),
            content_type: content_type.clone(),
            base64: false,
        });
    }
    let site = InlineSite {
        type_name: format!("{}Body", naming::pascal(operation_id)),
        wire_name: format!("{operation_id}.body"),
        module,
    };
    let ty = match &media.schema {
        Some(schema) => cx.schema_ty(schema, &format!("{media_pointer}/schema"), &site),
        None => Ty::Json,
    };
    if form {
        return Some(BodyDraft::Form {
            name: body_name(&ty, "body"),
            ty,
        });
    }
    Some(BodyDraft::Json {
        name: body_name(&ty, "body"),
        ty,
        // Sent as declared unless plain: media type parameters (`okta-version=1.0.0`) matter.
        content_type: (content_type != "application/json").then(|| content_type.clone()),
    })
}

/// A media type with its parameters after semicolons, as `Content-Type` takes them. Okta's
/// MyAccount spec declares a body as `application/json, okta-version=1.0.0`: sent as written,
/// that is no media type (a comma separates media types in `Accept` and has no place in
/// `Content-Type`), and it is not recognized as JSON, so the body's schema would be lost.
fn parameters_after_semicolons(cx: &mut Context<'_>, media_type: &str, pointer: &str) -> String {
    let mut parts = media_type.split(',').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    let parameters: Vec<&str> = parts.collect();
    if parameters.is_empty() || !parameters.iter().all(|p| p.contains('=')) {
        return media_type.to_string();
    }
    let repaired = std::iter::once(essence)
        .chain(parameters)
        .collect::<Vec<_>>()
        .join(";");
    cx.warn(
        pointer,
        format!(
            "media type `{media_type}` separates a parameter with a comma: sent as `{repaired}`"
        ),
    );
    repaired
}

/// The JSON media type an operation's error replies are declared in, asked for when its success
/// replies declare none: Okta's MyAccount API wants its version in `Accept` on every request,
/// and `DELETE /idp/myaccount/sessions` declares it only on its errors
/// (`application/json;okta-version=1.0.0`). A reference that does not resolve is reported where
/// replies are read, not here.
fn error_json_media(cx: &Context<'_>, responses: &openapiv3::Responses) -> Option<String> {
    let declared = cx.spec.components.as_ref().map(|c| &c.responses);
    responses
        .responses
        .iter()
        .filter(|(code, _)| !matches!(code, StatusCode::Code(c) if (200..300).contains(c)))
        .map(|(_, response)| response)
        .chain(responses.default.as_ref())
        .filter_map(|response| match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                match declared?.get(name)? {
                    ReferenceOr::Item(response) => Some(response),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        })
        .find_map(|response| response.content.keys().find(|ct| is_json(ct)).cloned())
}

/// A media type without its parameters: `application/json;okta-version=1.0.0` ->
/// `application/json`.
fn essence(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

/// `application/x-www-form-urlencoded` (parameters, such as a charset, aside).
fn is_form(content_type: &str) -> bool {
    essence(content_type).eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// `application/json`, or another JSON media type (`application/merge-patch+json`).
fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The type a body or response of a kept definition names: a schema of the spec, else any JSON.
pub(super) fn named_schema_ty(cx: &Context<'_>, schema: &str) -> Ty {
    cx.type_names
        .get(schema)
        .map_or(Ty::Json, |rust| Ty::Named(rust.clone()))
}

/// Okta's SDKs name a JSON body after its type (`createUserRequest: CreateUserRequest`).
fn body_name(ty: &Ty, fallback: &str) -> String {
    match ty {
        Ty::Named(name) => naming::lower_camel(name),
        _ => fallback.to_string(),
    }
}

fn lower_response(
    cx: &mut Context<'_>,
    responses: &openapiv3::Responses,
    pointer: &str,
    operation_hint: &str,
    module: &str,
) -> (Response, Vec<String>) {
    let mut success: Vec<(u16, Option<Ty>)> = Vec::new();
    // A success reply that is not JSON (`text/xml`, `application/pkcs10`), if no reply is JSON.
    let mut other_media: Option<String> = None;
    // The JSON media type of the reply decoded.
    let mut json_media: Option<String> = None;
    // A JSON media type declared without a schema (`application/json;okta-version=1.0.0: {}`,
    // on Okta's MyAccount 204s): no body to decode, but still the media type to ask for.
    let mut schemaless_json: Option<String> = None;
    let mut codes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
            _ => None,
        })
        .collect();
    codes.sort_by_key(|(c, _)| *c);
    for (code, response) in codes {
        let response_pointer = format!("{pointer}/responses/{code}");
        let Some(response) = resolve(
            cx,
            response,
            "responses",
            |c| &c.responses,
            &response_pointer,
        ) else {
            continue;
        };
        let json = response.content.iter().find(|(ct, _)| is_json(ct));
        let schema = json.and_then(|(ct, media)| Some((ct, media.schema.clone()?)));
        match json {
            Some((ct, _)) if schema.is_none() => {
                schemaless_json.get_or_insert_with(|| ct.clone());
            }
            None if other_media.is_none() => {
                other_media = response.content.keys().next().cloned();
            }
            _ => {}
        }
        let site = InlineSite {
            type_name: format!("{}Response", naming::pascal(operation_hint)),
            wire_name: format!("{operation_hint}.response"),
            module,
        };
        let ty = schema.map(|(content_type, s)| {
            // The first success reply with a body is the one decoded: its media type is asked for.
            json_media.get_or_insert_with(|| content_type.clone());
            let schema_pointer = format!(
                "{response_pointer}/content/{}/schema",
                pointer_segment(content_type)
            );
            cx.schema_ty(&s, &schema_pointer, &site)
        });
        success.push((code, ty));
    }
    let with_body: Vec<&(u16, Option<Ty>)> = success.iter().filter(|(_, t)| t.is_some()).collect();
    let Some((chosen_code, Some(ty))) = with_body.first().map(|r| (*r).clone()) else {
        let response = match other_media {
            Some(media) if media.starts_with("text/") || media.ends_with("xml") => {
                Response::Text { media_type: media }
            }
            Some(media) => Response::Bytes { media_type: media },
            None => Response::Empty {
                media_type: schemaless_json
                    .or_else(|| error_json_media(cx, responses))
                    .filter(|media| media != "application/json"),
            },
        };
        return (response, Vec::new());
    };
    for (code, ty_here) in &success {
        if *code != chosen_code && ty_here.as_ref() != Some(&ty) {
            cx.warn(
                pointer,
                format!(
                    "declares {chosen_code} with a body and {code} {}: the {chosen_code} body type is used",
                    if ty_here.is_some() { "with another body" } else { "without one" }
                ),
            );
        }
    }
    let models = ty.models();
    // Asked for as declared unless plain: media type parameters (`okta-version=1.0.0`) matter.
    let media_type = json_media.filter(|media| media != "application/json");
    let response = match ty {
        Ty::Vec(item) => Response::List {
            item: *item,
            media_type,
        },
        other => Response::Json {
            ty: other,
            media_type,
        },
    };
    (response, models)
}

fn build_operation(
    cx: &mut Context<'_>,
    methods: &mut Namespace,
    draft: Draft,
) -> Option<Operation> {
    let wanted = naming::snake(&draft.operation_id);
    let rust_name = methods.claim(&wanted, "_");
    if rust_name != wanted {
        cx.warn(
            &draft.pointer,
            format!(
                "`{}` would be `{wanted}`, which is taken: named `{rust_name}`",
                draft.operation_id
            ),
        );
    }
    let builder_name = cx.types.claim(
        &format!("{}Builder", naming::pascal(&draft.operation_id)),
        "",
    );
    let marker_name = cx.types.claim(
        &format!("{}Operation", naming::pascal(&draft.operation_id)),
        "",
    );

    // Positional arguments and setters share one namespace, so no setter repeats an
    // argument's name. Arguments avoid only the method body's own binding; the builder's
    // members constrain setters alone (a path parameter named `path` stays `path`).
    let mut arg_names = Namespace::with_reserved(["request"]);
    let mut positional = Vec::new();
    let mut path_arg_by_name = std::collections::BTreeMap::new();
    for param in draft.params.iter().filter(|p| p.location == Location::Path) {
        let rust = arg_names.claim(&naming::snake(&param.name), "_");
        path_arg_by_name.insert(param.name.clone(), rust.clone());
        positional.push(PositionalParam {
            wire_name: param.name.clone(),
            rust_name: rust,
            ty: segment_ty(cx, &param.ty),
            kind: PositionalKind::Path,
        });
    }

    let path_segments = split_path(cx, &draft, &path_arg_by_name)?;

    let body = match &draft.body {
        None => None,
        Some(draft_body @ (BodyDraft::Json { name, ty, .. } | BodyDraft::Form { name, ty })) => {
            let rust = arg_names.claim(&naming::snake(name), "_");
            positional.push(PositionalParam {
                wire_name: name.clone(),
                rust_name: rust.clone(),
                ty: ty.clone(),
                kind: PositionalKind::Body,
            });
            Some(match draft_body {
                BodyDraft::Json { content_type, .. } => Body::Json {
                    arg: rust,
                    ty: ty.clone(),
                    content_type: content_type.clone(),
                },
                _ => Body::Form {
                    arg: rust,
                    ty: ty.clone(),
                },
            })
        }
        Some(BodyDraft::Multipart { field }) => {
            let name_arg = arg_names.claim("file_name", "_");
            let file_arg = arg_names.claim("file", "_");
            positional.push(PositionalParam {
                wire_name: "fileName".to_string(),
                rust_name: name_arg.clone(),
                ty: Ty::String,
                kind: PositionalKind::Upload,
            });
            positional.push(PositionalParam {
                wire_name: field.clone(),
                rust_name: file_arg.clone(),
                ty: Ty::Bytes,
                kind: PositionalKind::Upload,
            });
            Some(Body::Multipart {
                field: field.clone(),
                name_arg,
                file_arg,
            })
        }
        Some(BodyDraft::Raw {
            name,
            content_type,
            base64,
        }) => {
            let rust = arg_names.claim(&naming::snake(name), "_");
            let ty = if *base64 { Ty::String } else { Ty::Bytes };
            positional.push(PositionalParam {
                wire_name: name.clone(),
                rust_name: rust.clone(),
                ty,
                kind: PositionalKind::Body,
            });
            Some(Body::Raw {
                arg: rust,
                content_type: content_type.clone(),
                base64: *base64,
            })
        }
    };

    // Setters avoid the arguments' names and the builder's members, not the method body's
    // `request` binding: a query parameter named `request` (Okta's OAuth `/authorize`) is
    // `.request(..)`.
    let mut setter_names =
        Namespace::with_reserved(positional.iter().map(|p| p.rust_name.as_str()));
    setter_names.reserve(BUILDER_MEMBERS.iter().copied());
    let mut setters = Vec::new();
    for param in &draft.params {
        let location = match param.location {
            Location::Path => continue,
            Location::Query => ParamLocation::Query,
            Location::Header => ParamLocation::Header,
            Location::Cookie => {
                cx.warn(
                    &draft.pointer,
                    format!(
                        "cookie parameter `{}` is not supported: skipped",
                        param.name
                    ),
                );
                continue;
            }
        };
        let rust = setter_names.claim(&naming::snake(&param.name), "_");
        setters.push(setter(param, rust, location));
    }

    let summary = draft
        .summary
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    let mut description = draft
        .description
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    if description == summary {
        description.clear();
    }
    let endpoint = vec![format!("`{} {}`", draft.method, draft.path)];
    let mut models = draft.response_models.clone();
    models.extend(draft.params.iter().flat_map(|p| p.ty.models()));
    if let Some(BodyDraft::Json { ty, .. } | BodyDraft::Form { ty, .. }) = &draft.body {
        models.extend(ty.models());
    }
    models.sort();
    models.dedup();
    let mut doc_aliases = Vec::new();
    for alias in std::iter::once(&draft.operation_id).chain(&draft.aliases) {
        if *alias != rust_name && !doc_aliases.contains(alias) {
            doc_aliases.push(alias.clone());
        }
    }
    let fixed_query = draft
        .fixed_query
        .iter()
        .map(|(name, value)| crate::ir::FixedQuery {
            name: name.clone(),
            value: value.clone(),
        })
        .collect();
    let required_of = |location| {
        setters
            .iter()
            .filter(|s| s.required && s.location == location)
            .map(|s| crate::ir::RequiredSetter {
                wire_name: s.wire_name.clone(),
                setter: s.rust_name.clone(),
            })
            .collect::<Vec<_>>()
    };
    let (query, headers) = (
        required_of(ParamLocation::Query),
        required_of(ParamLocation::Header),
    );
    let required = (!query.is_empty() || !headers.is_empty())
        .then_some(crate::ir::RequiredSetters { query, headers });
    Some(Operation {
        models,
        doc_aliases,
        required,
        fixed_query,
        operation_id: draft.operation_id,
        marker_name,
        rust_name,
        builder_name,
        module: draft.module,
        method: draft.method,
        path: draft.path,
        path_segments,
        doc_lines: docs::paragraphs(&[
            summary,
            description,
            draft.notes.clone(),
            setter_list(&setters),
            endpoint,
        ]),
        positional,
        setters,
        body,
        response: draft.response,
        authenticated: draft.authenticated,
    })
}

/// The type of a path parameter: a scalar or string enum as the spec says; anything else
/// (Okta's `oneOf` of an id or a type name) is the text of one path segment.
fn segment_ty(cx: &Context<'_>, ty: &Ty) -> Ty {
    match ty {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 => ty.clone(),
        Ty::Named(name)
            if matches!(
                cx.models.get(name).map(|m| &m.kind),
                Some(crate::ir::ModelKind::Enum { .. })
            ) =>
        {
            ty.clone()
        }
        _ => Ty::String,
    }
}

fn setter(param: &ParamDraft, rust_name: String, location: ParamLocation) -> SetterParam {
    let mut doc_lines = param
        .description
        .as_deref()
        .map(docs::doc_lines)
        .unwrap_or_default();
    if doc_lines.is_empty() {
        doc_lines.push(format!(
            "Sets the `{}` {}.",
            param.name,
            match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Header => "header",
            }
        ));
    }
    if param.required {
        doc_lines.push(String::new());
        doc_lines.push(
            "The API requires this parameter: without it, the call fails with `Error::InvalidRequest` before anything is sent."
                .to_string(),
        );
    }
    SetterParam {
        wire_name: param.name.clone(),
        rust_name,
        ty: param.ty.clone(),
        location,
        required: param.required,
        doc_lines,
    }
}

/// Splits `/users/{userId}/x` into `/users/`, the argument `user_id` and `/x` (`args`: argument
/// by parameter name), checking every placeholder has a path parameter and vice versa.
fn split_path(
    cx: &mut Context<'_>,
    draft: &Draft,
    args: &std::collections::BTreeMap<String, String>,
) -> Option<Vec<PathSegment>> {
    let mut segments = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    let mut rest = draft.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            cx.problem(
                &draft.pointer,
                format!("unclosed `{{` in path `{}`", draft.path),
            );
            return None;
        };
        let name = &rest[open + 1..close];
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        match args.get(name) {
            Some(arg) => {
                segments.push(PathSegment::Param(arg.clone()));
                used.insert(name.to_string());
            }
            None => {
                cx.problem(
                    &draft.pointer,
                    format!("path placeholder `{{{name}}}` has no path parameter"),
                );
                return None;
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    for name in args.keys().filter(|n| !used.contains(*n)) {
        cx.problem(
            &draft.pointer,
            format!("path parameter `{name}` does not appear in the path"),
        );
    }
    Some(segments)
}
