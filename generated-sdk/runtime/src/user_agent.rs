//! The `User-Agent` header: `okta-sdk-rust/<version> rust/<rustc version> <os>`, with an
//! optional prefix chosen by the application.

/// The SDK's own User-Agent product tokens, e.g. `okta-sdk-rust/0.1.0 rust/1.95.0 linux`.
pub fn default_user_agent() -> String {
    format!(
        "okta-sdk-rust/{} rust/{} {}",
        env!("CARGO_PKG_VERSION"),
        env!("OKTA_SDK_RUSTC_VERSION"),
        std::env::consts::OS
    )
}

/// The full header value: `prefix` (if any and not blank), a space, then the SDK's tokens.
pub(crate) fn user_agent(prefix: Option<&str>) -> String {
    match prefix.map(str::trim).filter(|p| !p.is_empty()) {
        Some(prefix) => format!("{prefix} {}", default_user_agent()),
        None => default_user_agent(),
    }
}
