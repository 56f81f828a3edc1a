//! [`Secret`]: a string that never shows in `Debug` or `Display`, and is wiped from memory
//! when dropped (`zeroize`).

use std::fmt;

use zeroize::Zeroizing;

/// A secret value (API token, private key, access token, proxy URL with credentials).
///
/// Its `Debug` prints `Secret(***)`; the value is reachable only through
/// [`Secret::expose`], which makes every use easy to audit.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps `value`.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret value itself.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}
