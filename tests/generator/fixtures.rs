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
fn instance_operations() {
    insta::assert_snapshot!(generate_fixture("instance_operations"));
}
