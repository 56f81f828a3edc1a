//! Records the compiling rustc's version for the User-Agent header.
//!
//! Never fails the build: if `$RUSTC --version` cannot be run or parsed, the version is "unknown".

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| {
            // "rustc 1.95.0 (59807616e 2026-04-14)" -> "1.95.0"
            text.split_whitespace()
                .nth(1)
                .filter(|v| {
                    v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
                })
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=OKTA_SDK_RUSTC_VERSION={version}");
}
