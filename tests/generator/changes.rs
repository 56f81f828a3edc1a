//! Spec evolution: fixture spec pairs under `tests/fixtures/evolution/` (`<case>.old.yaml`,
//! `<case>.new.yaml`), the change report regen prints for each, and the version bump it suggests.

use crate::root;
use okta_sdk_generator::changes::{self, Bump, Class, Report, Version};
use okta_sdk_generator::surface;

/// The crate version the fixtures' bumps start from: 0.x, like okta-sdk.
const CURRENT: Version = Version {
    major: 0,
    minor: 1,
    patch: 0,
};

fn surface_of(file: &str) -> surface::Surface {
    let name = format!("tests/fixtures/evolution/{file}");
    let generated = okta_sdk_generator::generate_from_file(&root().join(&name), &name)
        .unwrap_or_else(|e| panic!("{name} failed: {e}"));
    // What regen compares is what it writes and reads back: go through the file text.
    let text = &generated.files[surface::FILE];
    surface::parse(text).unwrap_or_else(|e| panic!("{name}: surface does not parse back: {e}"))
}

fn report(case: &str) -> Report {
    changes::compare(
        &surface_of(&format!("{case}.old.yaml")),
        &surface_of(&format!("{case}.new.yaml")),
    )
}

#[test]
fn parameter_reordered_with_the_same_type_is_loud() {
    let report = report("param_reordered");
    assert_eq!(report.bump(CURRENT), Bump::Minor);
    assert!(report.changes.iter().any(|c| c.loud));
    let text = report.render_text(CURRENT);
    assert!(
        text.contains("!!! SILENT ARGUMENT SWAP in fn get_factor"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    insta::assert_snapshot!("param_reordered_markdown", report.render_markdown(CURRENT));
}

#[test]
fn operation_removed_is_breaking() {
    let report = report("operation_removed");
    assert_eq!(report.bump(CURRENT), Bump::Minor);
    insta::assert_snapshot!(report.render_text(CURRENT));
}

#[test]
fn enum_value_added_is_a_patch() {
    let report = report("enum_value_added");
    assert_eq!(report.bump(CURRENT), Bump::Patch);
    assert!(report.changes.iter().all(|c| c.class == Class::Addition));
    insta::assert_snapshot!(report.render_text(CURRENT));
}

/// `historyCount` goes from int32 to int64 (breaking); `minAgeMinutes` becomes required (breaking
/// too: it stays an `Option`, so it compiles, but request bodies without it are now rejected).
#[test]
fn field_type_changed_is_breaking() {
    let report = report("field_changed");
    assert_eq!(report.bump(CURRENT), Bump::Minor);
    assert_eq!(report.changes.len(), 2, "{:?}", report.changes);
    assert!(report.changes.iter().all(|c| c.class == Class::Breaking));
    assert!(
        report
            .render_text(CURRENT)
            .contains("PasswordPolicyPasswordSettingsAge.min_age_minutes: now required"),
        "{}",
        report.render_text(CURRENT)
    );
    insta::assert_snapshot!(report.render_text(CURRENT));
}

#[test]
fn new_tag_becomes_a_new_module() {
    let report = report("new_tag");
    assert_eq!(report.bump(CURRENT), Bump::Patch);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.subject == "apis::brands" && c.class == Class::Addition),
        "{:?}",
        report.changes
    );
    insta::assert_snapshot!(report.render_text(CURRENT));
    insta::assert_snapshot!("new_tag_markdown", report.render_markdown(CURRENT));
}

#[test]
fn same_spec_reports_nothing() {
    let report = changes::compare(
        &surface_of("new_tag.old.yaml"),
        &surface_of("new_tag.old.yaml"),
    );
    assert_eq!(report.bump(CURRENT), Bump::None);
    assert_eq!(
        report.render_text(CURRENT),
        "API surface unchanged (evolution fixture 1.0.0): no version bump needed\n"
    );
}

#[test]
fn unknown_extensions_are_warnings_not_errors() {
    let name = "tests/fixtures/evolution/unknown_extension.yaml";
    let generated = okta_sdk_generator::generate_from_file(&root().join(name), name)
        .expect("an unknown extension must not fail generation");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/User/properties/login/x-acme-pii: unknown extension `x-acme-pii` \
             ignored (and 1 more places): the generator does not know what it means (known ones \
             are listed in generator/src/lower/extensions.rs)",
            "#/paths/~1api~1v1~1users~1{userId}/get/x-acme-rate-class: unknown extension \
             `x-acme-rate-class` ignored: the generator does not know what it means (known ones \
             are listed in generator/src/lower/extensions.rs)",
        ]
    );
    assert_eq!(generated.api.operations.len(), 1);
}

/// The real surface survives its own file format.
#[test]
fn okta_surface_round_trips() {
    let surface = surface::from_api(&crate::okta().api);
    assert_eq!(surface::parse(&surface::render(&surface)), Ok(surface));
}
