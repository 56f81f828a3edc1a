//! Retry policy: how long to wait after a 429 (from `X-Rate-Limit-Reset` against the reply's
//! `Date`), and the optional backoff for 5xx replies and connection errors.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method, StatusCode};

use crate::auth::random_below;

/// Settings of the retry loop (copied from the builder).
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    /// Retries allowed after the first attempt (0 = none).
    pub(crate) max_retries: u32,
    /// Longest single wait before a retry (before scaling).
    pub(crate) max_wait: Duration,
    /// Whether 5xx replies and connection errors are retried for idempotent methods.
    pub(crate) retry_transient: bool,
    /// Multiplies every wait (1.0 in production; tests scale waits down).
    pub(crate) time_scale: f64,
}

/// Longest jitter added to a rate-limit wait.
const MAX_JITTER: Duration = Duration::from_millis(500);
/// First backoff for transient errors (doubled each retry).
const TRANSIENT_BASE: Duration = Duration::from_millis(250);

impl RetryPolicy {
    /// The wait before retrying after a 429: until `X-Rate-Limit-Reset` (epoch seconds) as
    /// measured against the reply's `Date`, plus one second, capped, plus a little jitter.
    /// Duplicated reset headers (or comma-joined values) take the earliest valid one; with no
    /// valid reset, an exponential backoff is used. Never panics on any header value.
    pub(crate) fn rate_limit_wait(&self, headers: &HeaderMap, retry: u32) -> Duration {
        let base = match rate_limit_reset(headers) {
            Some(reset) => {
                let now = reply_date(headers).unwrap_or_else(now_epoch_secs);
                let secs = reset.saturating_sub(now).max(0) as u64;
                Duration::from_secs(secs.saturating_add(1))
            }
            None => backoff(Duration::from_secs(1), retry),
        };
        let jitter = Duration::from_millis(random_below(MAX_JITTER.as_millis() as u64 + 1));
        self.scale(base.min(self.max_wait) + jitter)
    }

    /// Exponential backoff with jitter for transient failures (5xx, connection errors).
    pub(crate) fn transient_wait(&self, retry: u32) -> Duration {
        let base = backoff(TRANSIENT_BASE, retry).min(self.max_wait);
        // "Equal jitter": between half and all of the backoff.
        let half = base / 2;
        let jitter = Duration::from_millis(random_below(half.as_millis() as u64 + 1));
        self.scale(half + jitter)
    }

    /// Whether a reply with `status` to `method` may be retried as a transient failure.
    pub(crate) fn is_transient_status(&self, method: &Method, status: StatusCode) -> bool {
        self.retry_transient
            && is_idempotent(method)
            && matches!(status.as_u16(), 500 | 502 | 503 | 504)
    }

    /// Whether a transport error for `method` may be retried.
    pub(crate) fn is_transient_error(&self, method: &Method, err: &reqwest::Error) -> bool {
        self.retry_transient && is_idempotent(method) && (err.is_connect() || err.is_timeout())
    }

    fn scale(&self, wait: Duration) -> Duration {
        if (self.time_scale - 1.0).abs() < f64::EPSILON {
            return wait;
        }
        let scaled = wait.as_secs_f64() * self.time_scale;
        if scaled.is_finite() && scaled >= 0.0 {
            Duration::try_from_secs_f64(scaled).unwrap_or(self.max_wait)
        } else {
            wait
        }
    }
}

fn backoff(base: Duration, retry: u32) -> Duration {
    base.saturating_mul(1u32 << retry.min(16))
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// The earliest valid `X-Rate-Limit-Reset` value (epoch seconds) among all such headers.
pub(crate) fn rate_limit_reset(headers: &HeaderMap) -> Option<i64> {
    headers
        .get_all("x-rate-limit-reset")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .min()
}

/// The reply's `Date` header as epoch seconds.
fn reply_date(headers: &HeaderMap) -> Option<i64> {
    let value = headers.get(http::header::DATE)?.to_str().ok()?;
    chrono::DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.timestamp())
}

fn now_epoch_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(60),
            retry_transient: false,
            time_scale: 1.0,
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn waits_until_reset_against_date_plus_one_second() {
        let h = headers(&[
            ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
            ("x-rate-limit-reset", "784887161"), // Date + 10 s
        ]);
        let wait = policy().rate_limit_wait(&h, 0);
        assert!(wait >= Duration::from_secs(11), "{wait:?}");
        assert!(wait <= Duration::from_millis(11_500), "{wait:?}");
    }

    #[test]
    fn duplicated_and_malformed_resets_never_panic() {
        let h = headers(&[
            ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
            ("x-rate-limit-reset", "garbage"),
            ("x-rate-limit-reset", "784887171, 784887156"),
            ("x-rate-limit-reset", "-5"),
        ]);
        let wait = policy().rate_limit_wait(&h, 0);
        assert!(wait >= Duration::from_secs(6) && wait <= Duration::from_millis(6_500));
        let h = headers(&[("x-rate-limit-reset", "99999999999999999999999")]);
        assert!(policy().rate_limit_wait(&h, 0) <= Duration::from_millis(2_500));
    }

    #[test]
    fn waits_are_capped_and_scaled() {
        let h = headers(&[
            ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
            ("x-rate-limit-reset", "999999999"),
        ]);
        let mut p = policy();
        assert!(p.rate_limit_wait(&h, 0) <= Duration::from_millis(60_500));
        p.time_scale = 0.001;
        assert!(p.rate_limit_wait(&h, 0) <= Duration::from_millis(61));
    }
}
