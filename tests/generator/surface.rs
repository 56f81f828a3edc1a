//! Conformance with the documented surface: the Node SDK's 294 `Client` methods
//! (`tests/fixtures/documented-surface.tsv`, copied from `shared/reference/`).

use crate::{okta, root};

use okta_sdk_generator::ir::{Body, Operation, PositionalKind, Response};
use okta_sdk_generator::view::{Spelling, spell};

struct Documented {
    name: String,
    positional: Vec<(String, String)>,
    query: Vec<String>,
    returns: String,
}

/// The rows of a four-column fixture TSV, header skipped.
fn tsv_rows(fixture: &str) -> Vec<[String; 4]> {
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(fixture)).unwrap();
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
            cells
                .try_into()
                .unwrap_or_else(|_| panic!("malformed line of {fixture}: {line}"))
        })
        .collect()
}

fn documented_surface() -> Vec<Documented> {
    let list = |cell: &str| -> Vec<String> {
        if cell == "-" {
            Vec::new()
        } else {
            cell.split(',').map(str::to_string).collect()
        }
    };
    tsv_rows("documented-surface.tsv")
        .into_iter()
        .map(|cells| Documented {
            name: cells[0].clone(),
            positional: list(&cells[1])
                .into_iter()
                .map(|p| {
                    let (name, ty) = p.split_once(':').expect("name:Type");
                    (name.to_string(), ty.to_string())
                })
                .collect(),
            query: list(&cells[2]),
            returns: cells[3].clone(),
        })
        .collect()
}

fn returns(op: &Operation) -> String {
    match &op.response {
        Response::Empty { .. } => "-".to_string(),
        Response::Json { ty, .. } => spell(ty, Spelling::Surface),
        Response::List { item, .. } => format!("Collection<{}>", spell(item, Spelling::Surface)),
        Response::Text { .. } => "String".to_string(),
        Response::Bytes { .. } => "Vec<u8>".to_string(),
    }
}

/// Every mismatch between one documented method and the generated one.
fn mismatches(doc: &Documented, op: &Operation) -> Vec<String> {
    let mut problems = Vec::new();
    let expected_name = okta_sdk_generator::naming::snake(&doc.name);
    if op.rust_name != expected_name {
        problems.push(format!(
            "named `{}`, expected `{expected_name}`",
            op.rust_name
        ));
    }
    if op.positional.len() != doc.positional.len() {
        problems.push(format!(
            "{} positional parameters, documented {}",
            op.positional.len(),
            doc.positional.len()
        ));
    }
    for (index, ((doc_name, doc_type), ours)) in
        doc.positional.iter().zip(&op.positional).enumerate()
    {
        let is_path = ours.kind == PositionalKind::Path;
        let ours_type = spell(&ours.ty, Spelling::Surface);
        let ok = match doc_type.as_str() {
            // Path parameters: same name, same place.
            "String" => is_path && ours.wire_name == *doc_name,
            // The multi-operation certificate uploads: a raw body.
            "string" => matches!(op.body, Some(Body::Raw { .. })) && !is_path,
            // JSON bodies: same type, named after it.
            ty => !is_path && ours_type == ty && ours.wire_name == *doc_name,
        };
        if !ok {
            problems.push(format!(
                "parameter {index} is `{}: {}`, documented `{doc_name}: {doc_type}`",
                ours.wire_name, ours_type
            ));
        }
    }
    for query in &doc.query {
        if !op.setters.iter().any(|s| s.wire_name == *query) {
            problems.push(format!(
                "no setter for documented query parameter `{query}`"
            ));
        }
    }
    if returns(op) != doc.returns {
        problems.push(format!(
            "returns `{}`, documented `{}`",
            returns(op),
            doc.returns
        ));
    }
    let source = &crate::okta_2_8_1().files[&format!("src/apis/{}.rs", op.module)];
    if !source.contains(&format!("pub fn {}<", op.rust_name)) {
        problems.push(format!(
            "`pub fn {}` is missing from src/apis/{}.rs",
            op.rust_name, op.module
        ));
    }
    problems
}

/// Where the SDK knowingly differs from the TSV, and why. Each entry must still differ
/// (the test fails on an entry that has become stale).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "listApplicationUsers",
        "returns `Collection<AppUser>`, documented `Collection<AppLink>`",
        "the TSV's extraction is wrong: the Node reference text itself says it yields AppUser, as the spec does",
    ),
    (
        "rotateAuthorizationServerKeys",
        "2 positional parameters, documented 1",
        "the spec declares a required JwkUse body (`{\"use\": \"sig\"}`) that the Node reference omits; \
         the documented parameter still comes first",
    ),
];

#[test]
fn the_2_8_1_spec_has_every_documented_method_with_its_parameters_and_types() {
    let documented = documented_surface();
    assert_eq!(documented.len(), 294, "the reference lists 294 methods");
    let mut problems = Vec::new();
    let mut known_seen = Vec::new();
    for doc in &documented {
        match crate::okta_2_8_1()
            .api
            .operations
            .iter()
            .find(|op| op.operation_id == doc.name)
        {
            None => problems.push(format!("{}: missing", doc.name)),
            Some(op) => {
                for problem in mismatches(doc, op) {
                    if KNOWN_DIFFERENCES
                        .iter()
                        .any(|(name, what, _)| *name == doc.name && *what == problem)
                    {
                        known_seen.push(doc.name.clone());
                    } else {
                        problems.push(format!("{}: {problem}", doc.name));
                    }
                }
            }
        }
    }
    for (name, what, _) in KNOWN_DIFFERENCES {
        if !known_seen.iter().any(|seen| seen == name) {
            problems.push(format!(
                "{name}: listed as a known difference (`{what}`) but no longer differs"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_2_8_1_spec_has_five_undocumented_methods_too() {
    let documented: Vec<String> = documented_surface().into_iter().map(|d| d.name).collect();
    let mut extra: Vec<&str> = crate::okta_2_8_1()
        .api
        .operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .filter(|id| !documented.iter().any(|d| d == id))
        .collect();
    extra.sort();
    assert_eq!(
        extra,
        [
            "activateAuthenticator",
            "deactivateAuthenticator",
            "getAuthenticator",
            "listAppLinks",
            "listAuthenticators"
        ]
    );
}

/// One line of `documented-endpoints.tsv`: the request a documented method makes.
struct Endpoint {
    name: String,
    http: String,
    path: String,
    variant: String,
}

fn documented_endpoints() -> Vec<Endpoint> {
    tsv_rows("documented-endpoints.tsv")
        .into_iter()
        .map(|[name, http, path, variant]| Endpoint {
            name,
            http,
            path,
            variant,
        })
        .collect()
}

/// Generated from Okta's current spec, every documented method keeps its name, its positional
/// parameters in order, its query setters and the request it makes (`documented-endpoints.tsv`),
/// although Okta renamed 77 of them and reused `updateUser` for another request.
#[test]
fn the_current_spec_keeps_every_documented_method_and_request() {
    let api = &okta().api;
    let endpoints = documented_endpoints();
    assert_eq!(endpoints.len(), 294);
    let documented = documented_surface();
    let mut problems = Vec::new();
    for endpoint in &endpoints {
        let rust_name = okta_sdk_generator::naming::snake(&endpoint.name);
        let Some(op) = api.operations.iter().find(|op| op.rust_name == rust_name) else {
            problems.push(format!("{}: no method `{rust_name}`", endpoint.name));
            continue;
        };
        let mut problem = |what: String| problems.push(format!("{}: {what}", endpoint.name));
        if op.method != endpoint.http || op.path != endpoint.path {
            problem(format!(
                "makes {} {}, documented {} {}",
                op.method, op.path, endpoint.http, endpoint.path
            ));
        }
        let doc = documented.iter().find(|d| d.name == endpoint.name).unwrap();
        let ours: Vec<&str> = op.positional.iter().map(|p| p.wire_name.as_str()).collect();
        let theirs: Vec<&str> = doc
            .positional
            .iter()
            .map(|(name, ty)| {
                if ty == "string" {
                    "certificate"
                } else {
                    name.as_str()
                }
            })
            .collect();
        // The spec requires a JwkUse body the Node reference omits (see KNOWN_DIFFERENCES).
        let body_the_reference_omits =
            endpoint.name == "rotateAuthorizationServerKeys" && ours == ["authServerId", "jwkUse"];
        if ours != theirs && !body_the_reference_omits {
            problem(format!("positional {ours:?}, documented {theirs:?}"));
        }
        for query in &doc.query {
            if !op.setters.iter().any(|s| s.wire_name == *query) {
                problem(format!(
                    "no setter for documented query parameter `{query}`"
                ));
            }
        }
        let variant_ok = match endpoint.variant.as_str() {
            "-" => op.fixed_query.is_empty() && !matches!(op.body, Some(Body::Raw { .. })),
            v if v.starts_with("query ") => {
                let (name, value) = v["query ".len()..].split_once('=').unwrap();
                op.fixed_query
                    .iter()
                    .any(|q| q.name == name && q.value == value)
                    && !op.setters.iter().any(|s| s.wire_name == name)
            }
            v => {
                let content_type = v
                    .strip_prefix("content-type ")
                    .and_then(|r| r.split(';').next())
                    .unwrap();
                let base64 = v.contains("base64");
                matches!(&op.body, Some(Body::Raw { content_type: ct, base64: b, .. })
                    if ct == content_type && *b == base64)
            }
        };
        if !variant_ok {
            problem(format!("does not make the variant `{}`", endpoint.variant));
        }
        // Searching the spec's current name finds the documented method.
        if op.operation_id != endpoint.name {
            problem(format!(
                "operation id {} is not the documented name",
                op.operation_id
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Renamed methods carry the current operationId as a doc alias.
    let update_user = api
        .operations
        .iter()
        .find(|o| o.rust_name == "update_user")
        .unwrap();
    assert_eq!(update_user.method, "PUT");
    assert!(update_user.doc_aliases.iter().any(|a| a == "replaceUser"));
    let partial = api
        .operations
        .iter()
        .find(|o| o.rust_name == "partial_update_user")
        .unwrap();
    assert_eq!(
        (partial.method.as_str(), partial.path.as_str()),
        ("POST", "/api/v1/users/{userId}")
    );
}

/// A documented line that no longer matches the spec is an error naming the line, never a
/// silently dropped or re-pointed method.
#[test]
fn a_documented_request_the_spec_lacks_is_a_located_error() {
    let table = okta_sdk_generator::lower::documented::Table::parse(
        "goneMethod\tPOST\t/api/v1/gone/{goneId}\t-\tgoneId:String\t-\t-\n",
        "spec/documented-surface.tsv",
    )
    .unwrap();
    let spec = std::fs::read_to_string(root().join(crate::SPEC)).unwrap();
    let err = okta_sdk_generator::generate_with(&spec, crate::SPEC, Some(&table))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spec/documented-surface.tsv:1: documented `goneMethod` is POST /api/v1/gone/{goneId}, which no operation of the spec is any more"),
        "{err}"
    );
}

/// A line of `spec/operation-names.tsv` that no longer names an operation displaced by a
/// documented method is an error naming the line: a request the spec lacks, or an operation
/// whose own name is free again.
#[test]
fn a_stale_operation_name_is_a_located_error() {
    let read = |path: &str| std::fs::read_to_string(root().join(path)).unwrap();
    let names = format!(
        "{}GET\t/api/v1/gone\tgetGone\tgone\nGET\t/api/v1/devices\tlistEveryDevice\tits name is free\n",
        read("spec/operation-names.tsv")
    );
    let lines = names.lines().count();
    let table = okta_sdk_generator::lower::documented::Table::parse(
        &read("spec/documented-surface.tsv"),
        "spec/documented-surface.tsv",
    )
    .unwrap()
    .with_operation_names(&names, "spec/operation-names.tsv")
    .unwrap();
    let spec = read(crate::SPEC);
    let err = okta_sdk_generator::generate_with(&spec, crate::SPEC, Some(&table))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!(
            "spec/operation-names.tsv:{}: `getGone` names GET /api/v1/gone, which no operation of the spec is",
            lines - 1
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "spec/operation-names.tsv:{lines}: `listDevices` (GET /api/v1/devices) is free again"
        )),
        "{err}"
    );
    let malformed = okta_sdk_generator::lower::documented::Table::parse("", "t.tsv")
        .unwrap()
        .with_operation_names(
            "GET\t/api/v1/x\tnot-a-name\twhy\n",
            "spec/operation-names.tsv",
        )
        .unwrap_err()
        .to_string();
    assert!(
        malformed.contains("spec/operation-names.tsv:1: expected 4 tab-separated cells"),
        "{malformed}"
    );
}
