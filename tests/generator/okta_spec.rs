//! The Okta spec itself: its operation table, determinism, and the committed SDK being current.

use crate::{okta, root};
use okta_sdk_generator::ir::Response;
use okta_sdk_generator::view::{Spelling, spell};

/// `METHOD /path -> rust_name(params) -> return type`, one line per method, so a spec or
/// generator change shows its effect on the surface in review.
#[test]
fn operation_table() {
    let mut table = String::new();
    for op in &okta().api.operations {
        let params: Vec<String> = op
            .positional
            .iter()
            .map(|p| format!("{}: {}", p.rust_name, spell(&p.ty, Spelling::Surface)))
            .chain(op.setters.iter().map(|s| format!(".{}", s.rust_name)))
            .collect();
        let returns = match &op.response {
            Response::Empty { .. } => "()".to_string(),
            Response::Json { ty, .. } => spell(ty, Spelling::Surface),
            Response::List { item, .. } => format!("Stream<{}>", spell(item, Spelling::Surface)),
            Response::Text { .. } => "String".to_string(),
            Response::Bytes { .. } => "Vec<u8>".to_string(),
        };
        table.push_str(&format!(
            "{} {} -> {}({}) -> {}\n",
            op.method,
            op.path,
            op.rust_name,
            params.join(", "),
            returns
        ));
    }
    insta::assert_snapshot!(table);
}

/// Okta's 2.x line, the spec of the documented surface, is kept as a fixture: its extensions
/// (`x-okta-multi-operation`, `x-okta-parent`, `x-openapi-v3-discriminator`, ...) still generate.
#[test]
fn the_2_8_1_spec_still_generates() {
    let generated = crate::okta_2_8_1();
    // 287 operations with an operationId + 12 multi-operation variants.
    assert_eq!(generated.api.operations.len(), 299);
    // Every one of the 389 schemas is a model (inline enums add more; a polymorphic schema
    // yields its enum and its fallback struct).
    let schemas: std::collections::BTreeSet<&str> = generated
        .api
        .models
        .iter()
        .map(|m| m.wire_name.as_str())
        .filter(|name| !name.contains('.'))
        .collect();
    assert_eq!(schemas.len(), 389);
}

#[test]
fn every_schema_of_the_current_spec_is_a_model() {
    let schemas: std::collections::BTreeSet<&str> = okta()
        .api
        .models
        .iter()
        .map(|m| m.wire_name.as_str())
        .filter(|name| !name.contains('.'))
        .collect();
    let spec = std::fs::read_to_string(root().join(crate::SPEC)).unwrap();
    let spec: serde_yaml::Value = serde_yaml::from_str(&spec).unwrap();
    let names: std::collections::BTreeSet<&str> = spec["components"]["schemas"]
        .as_mapping()
        .unwrap()
        .keys()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(names.len(), 1541);
    let missing: Vec<&&str> = names.iter().filter(|n| !schemas.contains(**n)).collect();
    assert!(missing.is_empty(), "schemas without a model: {missing:?}");
}

#[test]
fn features_are_resource_families_a_user_can_guess() {
    let features = &okta().api.features;
    assert!(
        features.len() <= 40,
        "{} features: {features:?}",
        features.len()
    );
    for family in [
        "users", "apps", "groups", "policies", "brands", "devices", "roles",
    ] {
        assert!(
            features.iter().any(|f| f == family),
            "no `{family}` feature"
        );
    }
}

#[test]
fn every_operation_of_the_current_spec_is_a_method() {
    // Each operationId names a method, or is the doc alias of the documented method that keeps
    // Okta's documented name for its request.
    let spec = std::fs::read_to_string(root().join(crate::SPEC)).unwrap();
    let spec: serde_yaml::Value = serde_yaml::from_str(&spec).unwrap();
    let ids: Vec<&str> = spec["paths"]
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|item| item.as_mapping().unwrap().values())
        .filter_map(|op| op.get("operationId").and_then(|id| id.as_str()))
        .collect();
    assert_eq!(ids.len(), 732);
    let ops = &okta().api.operations;
    let missing: Vec<&&str> = ids
        .iter()
        .filter(|id| {
            !ops.iter()
                .any(|op| op.operation_id == **id || op.doc_aliases.iter().any(|a| a == **id))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a method: {missing:?}"
    );
    // 732 operations; documented methods that share a request add 13: expiring a password with
    // a temporary password, ten certificate uploads, the two forgot-password methods (one
    // request), and the kept `createSession`.
    assert_eq!(ops.len(), 745);
}

#[test]
fn spec_defects_are_warnings_not_failures() {
    let warnings: Vec<String> = okta().warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(warnings.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let again = okta_sdk_generator::generate_from_files(
        (&root().join(crate::SPEC), crate::SPEC),
        (&root().join(crate::DOCUMENTED), crate::DOCUMENTED),
    )
    .unwrap();
    let differing: Vec<&String> = okta()
        .files
        .iter()
        .filter(|(path, text)| again.files.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty() && okta().files.len() == again.files.len(),
        "two runs must produce identical bytes; these differ: {differing:?}"
    );
}

#[test]
fn committed_sdk_is_current() {
    let outcome = okta_sdk_generator::output::ensure_files(
        &root().join("generated-sdk"),
        &okta().files,
        true,
    )
    .unwrap();
    let stale: Vec<String> = outcome
        .stale()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "the committed SDK is stale; run `cargo xtask regen` and commit. Stale files:\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_generated_file_says_so() {
    for (path, text) in okta()
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
    {
        assert!(
            text.starts_with(
                "//! Generated by `cargo xtask regen` from spec/okta-management-2026.06.3.yaml; do not edit."
            ),
            "{path} lacks the generated header"
        );
    }
}

/// Okta's current spec (OAS 3.0, 2026.06.3), as published: every operation lowers, with the
/// standard constructs (schemas that are only a `$ref`, `allOf`, `oneOf`/`anyOf`, discriminator
/// mappings) and no spec problem.
#[test]
fn the_current_spec_generates_every_operation() {
    let path = root().join("spec/okta-management-2026.06.3.yaml");
    let generated =
        okta_sdk_generator::generate_from_file(&path, "spec/okta-management-2026.06.3.yaml")
            .unwrap_or_else(|e| panic!("the current spec does not generate: {e}"));
    assert_eq!(generated.api.operations.len(), 732);
    let has = |name: &str| generated.api.models.iter().any(|m| m.rust_name == name);
    // The schema that is only a `$ref`, a subtype through `allOf`, a polymorphic base.
    for name in [
        "UserFactorPushTransactionSuccess",
        "BasicAuthApplication",
        "Application",
    ] {
        assert!(has(name), "model {name} missing");
    }
}
