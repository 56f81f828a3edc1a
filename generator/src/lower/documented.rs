//! The documented surface (`spec/documented-surface.tsv`) -> the methods that keep Okta's
//! documented names, parameters and requests whatever the spec calls its operations today.
//!
//! Each line names a documented method and the request it makes. The request is looked up in the
//! spec by HTTP method and path with placeholder names ignored (never by operationId: Okta
//! renames operations, and has reused an old name for another request). The method takes the
//! documented name, the documented path parameter names in order, the documented body name, and
//! the variant's fixed query parameter or raw body; the spec's operationId becomes a doc alias.
//! A line that matches no operation is a problem naming the line, unless it keeps a definition
//! of its own (a request the spec no longer describes).

use super::Context;
use super::operations::{BodyDraft, Draft, Location, ParamDraft, named_schema_ty};
use crate::ir::Response;
use std::collections::BTreeSet;

/// The parsed table.
#[derive(Debug, Clone)]
pub struct Table {
    /// How errors name the file, e.g. `spec/documented-surface.tsv`.
    pub origin: String,
    entries: Vec<Entry>,
    /// The documented instance methods (`spec/documented-instance-methods.yaml`): by schema
    /// name, entries in the form of Okta's `x-okta-operations`, and how errors name the file.
    pub(super) instance_methods: Option<(String, serde_json::Map<String, serde_json::Value>)>,
    /// Names for operations whose operationId a documented method has for another request
    /// (`spec/operation-names.tsv`), and how errors name the file.
    names: Option<(String, Vec<NameEntry>)>,
}

/// A line of the names file: the operation at a request takes `name` instead of its
/// operationId, which a documented method already has.
#[derive(Debug, Clone)]
struct NameEntry {
    line: usize,
    http: String,
    path: String,
    name: String,
}

#[derive(Debug, Clone)]
struct Entry {
    line: usize,
    method: String,
    http: String,
    path: String,
    variant: Variant,
    /// Documented positional parameters in order: (name, type).
    positional: Vec<(String, String)>,
    query: Vec<String>,
    kept: Option<Kept>,
}

#[derive(Debug, Clone, PartialEq)]
enum Variant {
    Plain,
    FixedQuery { name: String, value: String },
    RawBody { content_type: String, base64: bool },
}

#[derive(Debug, Clone)]
struct Kept {
    body: Option<String>,
    returns: Option<String>,
}

impl Table {
    /// Parses the table; a malformed line is an error naming it.
    pub fn parse(text: &str, origin: &str) -> Result<Table, crate::Error> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_number = index + 1;
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("method\t") {
                continue;
            }
            match parse_entry(line, line_number) {
                Ok(entry) => entries.push(entry),
                Err(message) => problems.push(crate::SpecProblem {
                    pointer: format!("{origin}:{line_number}"),
                    message,
                }),
            }
        }
        if problems.is_empty() {
            Ok(Table {
                origin: origin.to_string(),
                entries,
                instance_methods: None,
                names: None,
            })
        } else {
            Err(crate::Error::Spec(problems))
        }
    }

    /// Adds the documented instance methods (YAML: schema name -> list of entries shaped like
    /// Okta's `x-okta-operations`); a malformed file is an error naming it.
    pub fn with_instance_methods(
        mut self,
        yaml: &str,
        origin: &str,
    ) -> Result<Table, crate::Error> {
        let problem = |message: String| {
            crate::Error::Spec(vec![crate::SpecProblem {
                pointer: origin.to_string(),
                message,
            }])
        };
        let value: serde_json::Value =
            serde_yaml::from_str(yaml).map_err(|e| problem(format!("not valid YAML: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(problem(
                "expected a mapping of schema names to lists".to_string(),
            ));
        };
        self.instance_methods = Some((origin.to_string(), map));
        Ok(self)
    }

    /// Adds the names of operations whose operationId a documented method has (TSV: http
    /// method, path, name, why); a malformed line is an error naming it.
    pub fn with_operation_names(mut self, text: &str, origin: &str) -> Result<Table, crate::Error> {
        let mut names = Vec::new();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("http\t") {
                continue;
            }
            match line.split('\t').collect::<Vec<_>>().as_slice() {
                [http, path, name, _why] if is_camel_identifier(name) => names.push(NameEntry {
                    line: index + 1,
                    http: http.to_string(),
                    path: path.to_string(),
                    name: name.to_string(),
                }),
                cells => problems.push(crate::SpecProblem {
                    pointer: format!("{origin}:{}", index + 1),
                    message: format!(
                        "expected 4 tab-separated cells (http, path, name in camelCase, why), found {}{}",
                        cells.len(),
                        if cells.len() == 4 { " with a name that is not a camelCase identifier" } else { "" }
                    ),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(crate::Error::Spec(problems));
        }
        self.names = Some((origin.to_string(), names));
        Ok(self)
    }

    /// The number of documented methods listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table lists no method.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A name as operationIds are written (`partialUpdateInlineHook`).
fn is_camel_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn parse_entry(line: &str, line_number: usize) -> Result<Entry, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    let [method, http, path, variant, positional, query, kept] = cells.as_slice() else {
        return Err(format!(
            "expected 7 tab-separated cells (method, http, path, variant, positional, query, kept), found {}",
            cells.len()
        ));
    };
    let list = |cell: &str| -> Vec<String> {
        if cell == "-" {
            Vec::new()
        } else {
            cell.split(',').map(|s| s.trim().to_string()).collect()
        }
    };
    let positional = list(positional)
        .into_iter()
        .map(|p| {
            p.split_once(':')
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .ok_or_else(|| format!("positional parameter `{p}` is not `name:Type`"))
        })
        .collect::<Result<_, _>>()?;
    let variant = if *variant == "-" {
        Variant::Plain
    } else if let Some(fixed) = variant.strip_prefix("query ") {
        let (name, value) = fixed
            .split_once('=')
            .ok_or_else(|| format!("variant `{variant}`: expected `query name=value`"))?;
        Variant::FixedQuery {
            name: name.to_string(),
            value: value.to_string(),
        }
    } else if let Some(rest) = variant.strip_prefix("content-type ") {
        let (content_type, body) = rest
            .split_once(';')
            .ok_or_else(|| format!("variant `{variant}`: expected `content-type T; body ...`"))?;
        let body = body.trim();
        let base64 = if body.starts_with("body base64") {
            true
        } else if body.starts_with("body raw") {
            false
        } else {
            return Err(format!(
                "variant `{variant}`: the body is `body raw bytes` or `body base64 text ...`"
            ));
        };
        Variant::RawBody {
            content_type: content_type.trim().to_string(),
            base64,
        }
    } else {
        return Err(format!("unknown variant `{variant}`"));
    };
    let kept = if *kept == "-" {
        None
    } else {
        let mut definition = Kept {
            body: None,
            returns: None,
        };
        for part in kept.split_whitespace() {
            match part.split_once('=') {
                Some(("body", schema)) => definition.body = Some(schema.to_string()),
                Some(("returns", schema)) => definition.returns = Some(schema.to_string()),
                _ => {
                    return Err(format!(
                        "kept definition `{part}`: expected body=Schema or returns=Schema"
                    ));
                }
            }
        }
        Some(definition)
    };
    if !matches!(*http, "GET" | "POST" | "PUT" | "PATCH" | "DELETE") {
        return Err(format!("unknown HTTP method `{http}`"));
    }
    Ok(Entry {
        line: line_number,
        method: method.to_string(),
        http: http.to_string(),
        path: path.to_string(),
        variant,
        positional,
        query: list(query),
        kept,
    })
}

/// `/api/v1/users/{userId}` -> `/api/v1/users/{}`: what two paths must share to be one request.
fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                shape.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// The placeholder names of a path, in order.
fn placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Replaces the drafts the table documents with documented methods; the other drafts keep
/// their spec names. Documented methods come first, so they claim their names first.
pub(super) fn apply(cx: &mut Context<'_>, table: &Table, drafts: Vec<Draft>) -> Vec<Draft> {
    let documented_names: BTreeSet<&str> =
        table.entries.iter().map(|e| e.method.as_str()).collect();
    let mut consumed = vec![false; drafts.len()];
    // Once per draft, not once per draft and entry (hundreds of each).
    let draft_shapes: Vec<String> = drafts.iter().map(|d| path_shape(&d.path)).collect();
    let mut out = Vec::new();
    for entry in &table.entries {
        let pointer = format!("{}:{}", table.origin, entry.line);
        let shape = path_shape(&entry.path);
        let matches: Vec<usize> = drafts
            .iter()
            .enumerate()
            .filter(|(i, d)| d.method == entry.http && draft_shapes[*i] == shape)
            .map(|(i, _)| i)
            .collect();
        let base = match (matches.as_slice(), &entry.kept) {
            ([index], kept) => {
                if kept.is_some() {
                    cx.warn(
                        &pointer,
                        format!(
                            "`{}` keeps a definition of its own, but the spec has {} {} again (`{}`): the spec's is used; the definition can go",
                            entry.method, entry.http, entry.path, drafts[*index].operation_id
                        ),
                    );
                }
                if entry.variant == Variant::Plain || drafts[*index].operation_id == entry.method {
                    consumed[*index] = true;
                }
                drafts[*index].clone()
            }
            ([], Some(kept)) => kept_draft(cx, entry, kept, &pointer),
            ([], None) => {
                cx.problem(
                    &pointer,
                    format!(
                        "documented `{}` is {} {}, which no operation of the spec is any more: \
                         pin it to the request that replaced it, or keep its definition in the `kept` column",
                        entry.method, entry.http, entry.path
                    ),
                );
                continue;
            }
            (several, _) => {
                let ids: Vec<&str> = several
                    .iter()
                    .map(|i| drafts[*i].operation_id.as_str())
                    .collect();
                cx.problem(
                    &pointer,
                    format!(
                        "documented `{}` ({} {}) matches several operations: {}",
                        entry.method,
                        entry.http,
                        entry.path,
                        ids.join(", ")
                    ),
                );
                continue;
            }
        };
        if let Some(draft) = documented_draft(cx, entry, base, &pointer) {
            out.push(draft);
        }
    }
    let (names_origin, names) = match &table.names {
        Some((origin, names)) => (origin.as_str(), names.as_slice()),
        None => ("", &[][..]),
    };
    let mut named = vec![false; names.len()];
    for ((mut draft, consumed), shape) in drafts.into_iter().zip(consumed).zip(&draft_shapes) {
        if consumed {
            continue;
        }
        let name = names
            .iter()
            .position(|n| n.http == draft.method && path_shape(&n.path) == *shape);
        let taken = documented_names.contains(draft.operation_id.as_str());
        match (name, taken) {
            (Some(index), true) => {
                // The spec reuses a documented name for another request (`updateInlineHook` is
                // the POST now, the documented one the PUT): the reviewed name replaces it, and
                // the operationId stays a doc alias.
                named[index] = true;
                let spec_name = std::mem::replace(&mut draft.operation_id, names[index].name.clone());
                draft.aliases.push(spec_name);
            }
            (Some(index), false) => {
                named[index] = true;
                cx.problem(
                    format!("{names_origin}:{}", names[index].line),
                    format!(
                        "`{}` ({} {}) is free again: no documented method has it, so the operation takes its own name; remove the line",
                        draft.operation_id, draft.method, draft.path
                    ),
                );
            }
            (None, true) => cx.warn(
                &draft.pointer,
                format!(
                    "operationId `{}` is a documented method's name for another request; this operation is named after it with a suffix (a line in the operation names file names it)",
                    draft.operation_id
                ),
            ),
            (None, false) => {}
        }
        out.push(draft);
    }
    for (entry, named) in names.iter().zip(named) {
        if !named {
            cx.problem(
                format!("{names_origin}:{}", entry.line),
                format!(
                    "`{}` names {} {}, which no operation of the spec is (or a documented method has it): remove or correct the line",
                    entry.name, entry.http, entry.path
                ),
            );
        }
    }
    out
}

/// A draft for a documented request the spec no longer describes, from its kept definition.
fn kept_draft(cx: &mut Context<'_>, entry: &Entry, kept: &Kept, pointer: &str) -> Draft {
    let params = placeholders(&entry.path)
        .into_iter()
        .map(|name| ParamDraft {
            name: name.to_string(),
            location: Location::Path,
            ty: super::Ty::String,
            description: None,
            required: true,
        })
        .collect();
    let body = kept.body.as_ref().map(|schema| BodyDraft::Json {
        name: crate::naming::lower_camel(schema),
        ty: named_schema_ty(cx, schema),
        content_type: None,
    });
    let (response, response_models) = match &kept.returns {
        Some(schema) => {
            let ty = named_schema_ty(cx, schema);
            let models = ty.models();
            (
                Response::Json {
                    ty,
                    media_type: None,
                },
                models,
            )
        }
        None => (Response::Empty { media_type: None }, Vec::new()),
    };
    for schema in kept.body.iter().chain(&kept.returns) {
        if !cx.type_names.contains_key(schema) {
            cx.warn(
                pointer,
                format!("kept definition of `{}`: no schema `{schema}` in the spec; typed as any JSON value", entry.method),
            );
        }
    }
    Draft {
        operation_id: entry.method.clone(),
        aliases: Vec::new(),
        summary: None,
        notes: Vec::new(),
        description: Some(format!(
            "Documented in Okta's SDKs; the current spec no longer describes `{} {}`, so this method is generated from the definition kept in `spec/documented-surface.tsv`.",
            entry.http, entry.path
        )),
        method: entry.http.clone(),
        path: entry.path.clone(),
        module: super::families::family_of(&entry.path),
        pointer: pointer.to_string(),
        params,
        body,
        fixed_query: Vec::new(),
        response,
        response_models,
        authenticated: true,
    }
}

/// The spec's draft turned into the documented method: documented name, parameter names and
/// variant; `None` (with a problem) when the parameters cannot be lined up.
fn documented_draft(
    cx: &mut Context<'_>,
    entry: &Entry,
    mut draft: Draft,
    pointer: &str,
) -> Option<Draft> {
    if draft.operation_id != entry.method {
        draft.aliases.push(draft.operation_id.clone());
    }
    draft.operation_id = entry.method.clone();

    // Path parameters take the documented names (the documented path's placeholders, matched to
    // the spec's by position in the path) and the documented argument order.
    let documented_placeholders = placeholders(&entry.path);
    let spec_placeholders: Vec<String> = placeholders(&draft.path)
        .into_iter()
        .map(str::to_string)
        .collect();
    let documented_order: Vec<&str> = entry
        .positional
        .iter()
        .filter(|(_, ty)| ty == "String")
        .map(|(name, _)| name.as_str())
        .collect();
    let mut sorted_order = documented_order.clone();
    sorted_order.sort_unstable();
    let mut sorted_placeholders = documented_placeholders.clone();
    sorted_placeholders.sort_unstable();
    if spec_placeholders.len() != documented_placeholders.len()
        || sorted_order != sorted_placeholders
    {
        cx.problem(
            pointer,
            format!(
                "documented `{}` has the path parameter(s) ({}) for {}, the spec's {} {} has {}",
                entry.method,
                documented_order.join(", "),
                entry.path,
                draft.method,
                draft.path,
                spec_placeholders.len()
            ),
        );
        return None;
    }
    draft.path = entry.path.clone();
    for (spec_name, documented) in spec_placeholders.iter().zip(&documented_placeholders) {
        for param in draft
            .params
            .iter_mut()
            .filter(|p| p.location == Location::Path && p.name == *spec_name)
        {
            param.name = format!("\u{0}{documented}");
        }
    }
    for param in draft.params.iter_mut() {
        if let Some(name) = param.name.strip_prefix('\u{0}') {
            param.name = name.to_string();
        }
    }
    draft.params.sort_by_key(|p| match p.location {
        Location::Path => documented_order
            .iter()
            .position(|name| *name == p.name)
            .unwrap_or(usize::MAX),
        _ => usize::MAX,
    });

    // The body takes the documented name.
    let documented_body = entry.positional.iter().find(|(_, ty)| ty != "String");
    match &entry.variant {
        Variant::RawBody {
            content_type,
            base64,
        } => {
            draft.body = Some(BodyDraft::Raw {
                name: "certificate".to_string(),
                content_type: content_type.clone(),
                base64: *base64,
            });
        }
        Variant::FixedQuery { name, value } => {
            draft
                .params
                .retain(|p| !(p.location == Location::Query && p.name == *name));
            draft.fixed_query.push((name.clone(), value.clone()));
        }
        Variant::Plain => {}
    }
    match (documented_body, draft.body.as_mut()) {
        (
            Some((name, _)),
            Some(
                BodyDraft::Json {
                    name: body_name, ..
                }
                | BodyDraft::Form {
                    name: body_name, ..
                },
            ),
        ) => *body_name = name.clone(),
        (Some((name, schema)), None) => {
            // The request had a JSON body when it was documented; the spec lost it.
            cx.warn(
                pointer,
                format!(
                    "documented `{}` sends a `{schema}` body, which the spec's {} {} no longer declares: kept",
                    entry.method, draft.method, draft.path
                ),
            );
            let ty = named_schema_ty(cx, schema);
            draft.body = Some(BodyDraft::Json {
                name: name.clone(),
                ty,
                content_type: None,
            });
        }
        _ => {}
    }

    // Documented query parameters the spec dropped stay as setters.
    for query in &entry.query {
        let known = draft
            .params
            .iter()
            .any(|p| p.location == Location::Query && p.name == *query);
        if !known {
            cx.warn(
                pointer,
                format!(
                    "documented `{}` has the query parameter `{query}`, which the spec no longer lists: kept as a string setter",
                    entry.method
                ),
            );
            draft.params.push(ParamDraft {
                name: query.clone(),
                location: Location::Query,
                ty: super::Ty::String,
                description: Some(format!(
                    "The `{query}` query parameter, documented in Okta's SDKs (the current spec no longer lists it)."
                )),
                required: false,
            });
        }
    }
    Some(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_whatever_their_placeholders_are_called() {
        assert_eq!(path_shape("/api/v1/users/{userId}/x"), "/api/v1/users/{}/x");
        assert_eq!(path_shape("/api/v1/users/{id}/x"), "/api/v1/users/{}/x");
        assert_eq!(placeholders("/a/{b}/c/{d}"), ["b", "d"]);
    }

    #[test]
    fn malformed_lines_are_located() {
        let err = Table::parse("m\tGET\t/x\t-\t-\t-\n", "t.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.tsv:1"), "{err}");
        let err = Table::parse("m\tGET\t/x\tquery x\t-\t-\t-\n", "t.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected `query name=value`"), "{err}");
    }
}
