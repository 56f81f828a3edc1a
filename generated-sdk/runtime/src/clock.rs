//! [`Clock`]: where the retry loop reads the time and waits, so that tests can replace it with
//! a virtual clock and assert the waits chosen instead of measuring wall-clock time.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use futures_util::future::BoxFuture;

/// The time source and sleeper of the retry loop and the request deadline.
///
/// The default is the system clock with `tokio::time::sleep`. Tests install their own with
/// [`ClientBuilder::clock`](crate::ClientBuilder::clock); not meant for production use.
#[doc(hidden)]
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// A monotonic instant (deadlines, token renewal).
    fn now(&self) -> Instant;
    /// Wall-clock time (a `Retry-After` date when the reply has no `Date` header).
    fn system_now(&self) -> SystemTime;
    /// Waits `wait` before a retry.
    fn sleep(&self, wait: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn system_now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, wait: Duration) -> BoxFuture<'static, ()> {
        // tokio clamps a far-future sleep itself; no overflow here.
        Box::pin(tokio::time::sleep(wait))
    }
}

/// `start + duration`, or `None` when that is past what `Instant` can hold (treated as "no
/// deadline": a timeout of centuries never fires).
pub(crate) fn deadline_after(start: Instant, duration: Duration) -> Option<Instant> {
    start.checked_add(duration)
}
