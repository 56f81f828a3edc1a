//! Generator tests: fixture snapshots, the Okta spec's operation table, conformance with the
//! documented surface, determinism, spec errors, and staleness of the committed SDK.

mod changes;
mod fixtures;
mod okta_spec;
mod spec_errors;
mod surface;

use okta_sdk_generator::Generated;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace root")
        .to_path_buf()
}

/// The spec the SDK is generated from.
pub const SPEC: &str = "spec/okta-management-2026.06.3.yaml";
/// The documented surface pinned to requests.
pub const DOCUMENTED: &str = "spec/documented-surface.tsv";
/// Okta's 2.x spec, the documented surface's, kept as a fixture for Okta's 2.x extensions.
pub const SPEC_2_8_1: &str = "tests/fixtures/okta-management-2.8.1.yaml";

/// The Okta spec with the documented surface (what `cargo xtask regen` generates), once for all
/// tests of this binary.
pub fn okta() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        okta_sdk_generator::generate_from_files(
            (&root().join(SPEC), SPEC),
            (&root().join(DOCUMENTED), DOCUMENTED),
        )
        .expect("the Okta spec generates")
    })
}

/// The 2.8.1 fixture, generated once (without the documented surface: its operationIds are the
/// documented names).
pub fn okta_2_8_1() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        okta_sdk_generator::generate_from_file(&root().join(SPEC_2_8_1), SPEC_2_8_1)
            .expect("the 2.8.1 spec generates")
    })
}
