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

/// The Okta spec, generated once for all tests of this binary.
pub fn okta() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        okta_sdk_generator::generate_from_file(
            &root().join("spec/okta-management-2.8.1.yaml"),
            "spec/okta-management-2.8.1.yaml",
        )
        .expect("the Okta spec generates")
    })
}
