//! Randomness from the OS: the client assertion's `jti` and the jitter of retry waits.

use std::time::{SystemTime, UNIX_EPOCH};

/// `bytes` random bytes from the OS, as lowercase hex.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::getrandom(&mut buf).is_err() {
        // Never fails on supported platforms; fall back to the clock rather than panic.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        buf = nanos.to_le_bytes().to_vec();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random number in `0..upper` (`0` when `upper` is 0).
pub(crate) fn random_below(upper: u64) -> u64 {
    if upper == 0 {
        return 0;
    }
    let mut buf = [0u8; 8];
    let _ = getrandom::getrandom(&mut buf);
    u64::from_le_bytes(buf) % upper
}
