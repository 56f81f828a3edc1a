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
pub const SPEC: &str = "spec/okta-management-2.8.1.yaml";
/// Okta's current spec.
pub const CURRENT_SPEC: &str = "spec/okta-management-2026.06.3.yaml";
/// The documented surface pinned to requests.
pub const DOCUMENTED: &str = "spec/documented-surface.tsv";

/// The Okta spec, generated once for all tests of this binary.
pub fn okta() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        okta_sdk_generator::generate_from_file(&root().join(SPEC), SPEC)
            .expect("the Okta spec generates")
    })
}

/// Okta's current spec with the documented surface (`cargo xtask regen --spec
/// spec/okta-management-2026.06.3.yaml --documented-surface`), generated once.
pub fn current() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        okta_sdk_generator::generate_from_files(
            (&root().join(CURRENT_SPEC), CURRENT_SPEC),
            (&root().join(DOCUMENTED), DOCUMENTED),
        )
        .expect("the current Okta spec generates with the documented surface")
    })
}
