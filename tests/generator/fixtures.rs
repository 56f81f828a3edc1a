//! One small spec per construct, its generated files snapshotted with insta.

use crate::root;

fn generate_fixture(name: &str) -> String {
    let path = root().join(format!("tests/fixtures/specs/{name}.yaml"));
    let spec_name = format!("tests/fixtures/specs/{name}.yaml");
    let generated = okta_sdk_generator::generate_from_file(&path, &spec_name)
        .unwrap_or_else(|e| panic!("{name} fixture failed: {e}"));
    let mut out = String::new();
    for warning in &generated.warnings {
        out.push_str(&format!("// warning: {warning}\n"));
    }
    for (path, text) in &generated.files {
        out.push_str(&format!("// ===== {path} =====\n{text}\n"));
    }
    out
}

#[test]
fn multi_operation() {
    insta::assert_snapshot!(generate_fixture("multi_operation"));
}

#[test]
fn discriminator() {
    insta::assert_snapshot!(generate_fixture("discriminator"));
}

#[test]
fn parent_child() {
    insta::assert_snapshot!(generate_fixture("parent_child"));
}

#[test]
fn enums() {
    insta::assert_snapshot!(generate_fixture("enums"));
}

#[test]
fn cursed_names() {
    insta::assert_snapshot!(generate_fixture("cursed_names"));
}

#[test]
fn pagination() {
    insta::assert_snapshot!(generate_fixture("pagination"));
}

#[test]
fn composition() {
    insta::assert_snapshot!(generate_fixture("composition"));
}

/// Required query and header setters are listed in the marker's `Operation::REQUIRED`, which
/// the builder checks before sending; an operation without any keeps the default.
#[test]
fn required_parameters() {
    insta::assert_snapshot!(generate_fixture("required_parameters"));
}

#[test]
fn instance_operations() {
    insta::assert_snapshot!(generate_fixture("instance_operations"));
}

#[test]
fn inherited_inline_types_are_the_parents_not_copies_per_child() {
    let path = root().join("tests/fixtures/specs/parent_child.yaml");
    let generated = okta_sdk_generator::generate_from_file(&path, "parent_child.yaml").unwrap();
    let models = &generated.api.models;
    let names: Vec<&str> = models.iter().map(|m| m.rust_name.as_str()).collect();
    for parents in [
        "PolicyRuleStatus",
        "PolicyRuleSchedule",
        "PolicyRuleScheduleDaysItem",
    ] {
        assert!(names.contains(&parents), "{parents} missing from {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.starts_with("OktaSignOnPolicyRuleS")),
        "a child copied an inherited inline type: {names:?}"
    );
    let field_type = |model: &str, field: &str| {
        let model = models.iter().find(|m| m.rust_name == model).unwrap();
        let okta_sdk_generator::ir::ModelKind::Struct { fields, .. } = &model.kind else {
            panic!("{model:?} is not a struct");
        };
        fields
            .iter()
            .find(|f| f.wire_name == field)
            .map(|f| f.ty.clone())
            .unwrap()
    };
    for field in ["status", "schedule"] {
        assert_eq!(
            field_type("OktaSignOnPolicyRule", field),
            field_type("PolicyRule", field),
            "{field}"
        );
    }
}
