//! Retry policy: how long to wait after a 429 (`Retry-After`, else `X-Rate-Limit-Reset` against
//! the reply's `Date`), and the optional backoff for 5xx replies and connection errors (which
//! honours `Retry-After` too). Every value from a header is clamped: no input can panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method, StatusCode};

use crate::random::random_below;

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
    /// The wait before retrying after a 429, or `None` when the server asks for more than
    /// [`max_wait`](Self::max_wait) (give up rather than retry before it allows).
    ///
    /// `Retry-After` (seconds or an HTTP date) wins when present. Otherwise the wait runs until
    /// `X-Rate-Limit-Reset` (epoch seconds) as measured against the reply's `Date`, plus one
    /// second, capped at `max_wait`; duplicated reset headers (or comma-joined values) take the
    /// earliest valid one; with no valid reset, an exponential backoff is used. A little jitter
    /// is added. `now` is the local time, used when the reply has no `Date`.
    pub(crate) fn rate_limit_wait(
        &self,
        headers: &HeaderMap,
        retry: u32,
        now: SystemTime,
    ) -> Option<Duration> {
        let jitter = Duration::from_millis(random_below(MAX_JITTER.as_millis() as u64 + 1));
        if let Some(asked) = retry_after(headers, now) {
            return self.honour(asked, jitter);
        }
        let base = match rate_limit_reset(headers) {
            Some(reset) => {
                let now = reply_date(headers).unwrap_or_else(|| epoch_secs(now));
                let secs = u64::try_from(reset.saturating_sub(now)).unwrap_or(0);
                Duration::from_secs(secs.saturating_add(1))
            }
            None => backoff(Duration::from_secs(1), retry),
        };
        Some(self.scale(base.min(self.max_wait).saturating_add(jitter)))
    }

    /// Exponential backoff with jitter for transient failures (5xx, connection errors), or
    /// the reply's `Retry-After` when that is longer; `None` when `Retry-After` asks for more
    /// than `max_wait`.
    pub(crate) fn transient_wait(
        &self,
        retry: u32,
        headers: Option<&HeaderMap>,
        now: SystemTime,
    ) -> Option<Duration> {
        let base = backoff(TRANSIENT_BASE, retry).min(self.max_wait);
        // "Equal jitter": between half and all of the backoff.
        let half = base / 2;
        let jitter = random_below(u64::try_from(half.as_millis()).unwrap_or(u64::MAX));
        let backoff = half.saturating_add(Duration::from_millis(jitter));
        match headers.and_then(|h| retry_after(h, now)) {
            Some(asked) if asked > backoff => self.honour(asked, Duration::ZERO),
            _ => Some(self.scale(backoff)),
        }
    }

    /// The wait for a `Retry-After` of `asked`: at least that long, or `None` past `max_wait`.
    fn honour(&self, asked: Duration, jitter: Duration) -> Option<Duration> {
        (asked <= self.max_wait).then(|| self.scale(asked.saturating_add(jitter)))
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
        Duration::try_from_secs_f64(scaled).unwrap_or(wait)
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

/// `Retry-After` (RFC 9110 §10.2.3): delay seconds, or an HTTP date measured against the
/// reply's `Date` (else `now`). A date in the past means no wait.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than u64 holds is "forever": clamp.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = http_date(value)?;
    let now = reply_date(headers).unwrap_or_else(|| epoch_secs(now));
    Some(Duration::from_secs(
        u64::try_from(at.saturating_sub(now)).unwrap_or(0),
    ))
}

/// The reply's `Date` header as epoch seconds.
fn reply_date(headers: &HeaderMap) -> Option<i64> {
    http_date(headers.get(http::header::DATE)?.to_str().ok()?)
}

/// An HTTP date (IMF-fixdate, which RFC 2822 parsing covers) as epoch seconds.
fn http_date(value: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.timestamp())
}

fn epoch_secs(now: SystemTime) -> i64 {
    now.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
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
        let wait = policy().rate_limit_wait(&h, 0, SystemTime::now()).unwrap();
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
        let wait = policy().rate_limit_wait(&h, 0, SystemTime::now()).unwrap();
        assert!(wait >= Duration::from_secs(6) && wait <= Duration::from_millis(6_500));
        let h = headers(&[("x-rate-limit-reset", "99999999999999999999999")]);
        assert!(
            policy().rate_limit_wait(&h, 0, SystemTime::now()).unwrap()
                <= Duration::from_millis(2_500)
        );
    }

    #[test]
    fn waits_are_capped_and_scaled() {
        let h = headers(&[
            ("date", "Tue, 15 Nov 1994 08:12:31 GMT"),
            ("x-rate-limit-reset", "999999999"),
        ]);
        let mut p = policy();
        assert!(
            p.rate_limit_wait(&h, 0, SystemTime::now()).unwrap() <= Duration::from_millis(60_500)
        );
        p.time_scale = 0.001;
        assert!(p.rate_limit_wait(&h, 0, SystemTime::now()).unwrap() <= Duration::from_millis(61));
    }
}

/// Extreme and malformed header values never panic, and no wait passes its cap.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A header value: text, a number of any size or sign, or an HTTP date of any year.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,40}",
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u128>().prop_map(|n| n.to_string()),
            (1u32..=9999, 0u32..=23)
                .prop_map(|(y, h)| format!("Mon, 01 Jan {y:04} {h:02}:00:00 GMT")),
        ]
    }

    fn duration() -> impl Strategy<Value = Duration> {
        prop_oneof![
            Just(Duration::ZERO),
            Just(Duration::MAX),
            (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
        ]
    }

    proptest! {
        #[test]
        fn retry_waits_never_panic_and_respect_their_cap(
            retry_after in proptest::option::of(value()),
            date in proptest::option::of(value()),
            reset in proptest::option::of(value()),
            retry in any::<u32>(),
            max_wait in duration(),
            now_secs in any::<u64>(),
            transient in any::<bool>(),
        ) {
            let mut headers = HeaderMap::new();
            for (name, v) in [("retry-after", retry_after), ("date", date), ("x-rate-limit-reset", reset)] {
                if let Some(v) = v {
                    headers.insert(name, http::HeaderValue::from_str(&v).unwrap());
                }
            }
            let now = UNIX_EPOCH.checked_add(Duration::from_secs(now_secs)).unwrap_or(UNIX_EPOCH);
            let policy = RetryPolicy { max_retries: 2, max_wait, retry_transient: true, time_scale: 1.0 };
            let wait = if transient {
                policy.transient_wait(retry, Some(&headers), now)
            } else {
                policy.rate_limit_wait(&headers, retry, now)
            };
            if let Some(wait) = wait {
                prop_assert!(wait <= max_wait.saturating_add(MAX_JITTER), "{wait:?} > {max_wait:?}");
            }
        }
    }
}
