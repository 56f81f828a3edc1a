//! Hooks: observe or modify every API request the client sends and every reply it receives
//! (metrics, tracing propagation, extra headers), registered with
//! [`ClientBuilder::hook`](crate::ClientBuilder::hook),
//! [`on_request`](crate::ClientBuilder::on_request) or
//! [`on_reply`](crate::ClientBuilder::on_reply).
//!
//! A hook is called for every HTTP attempt: each retry and each page of a list is a request of
//! its own, with its own [`HookReply`]. Hooks are synchronous and run on the task that awaits
//! the call, so keep them short (record, increment, insert a header) and do not block or panic.
//! With no hook registered, the client does no hook work at all.
//!
//! **Credentials.** [`Hook::before_send`] runs before the credential is attached: the headers it
//! sees and may change never hold `Authorization` or `DPoP`, and any it sets under those names
//! are replaced by the client's own. [`Hook::after_reply`] sees the reply's headers after the
//! client has scrubbed any echo of the credential from them. Token requests to
//! `/oauth2/v1/token` (PrivateKey mode) carry a client assertion and are not shown to hooks.
//!
//! Compared with other Rust API clients: progenitor's `pre_hook`/`post_hook` hand over the whole
//! `reqwest::Request` (credentials included) and octocrab's tower layers can change anything,
//! including the URL; smithy-rs's interceptors distinguish "before signing" from "after
//! signing". These hooks take the "before signing" position: enough to add headers and measure,
//! never a way to see a secret or to send the credential to another URL.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};

/// Observes or modifies API requests and replies; both methods do nothing by default.
///
/// ```
/// use okta_sdk_runtime::hook::{Hook, HookReply, HookRequest};
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// /// Counts replies by status class and tags every request with a trace id.
/// #[derive(Default)]
/// struct Metrics {
///     errors: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn before_send(&self, request: &mut HookRequest<'_>) {
///         request
///             .headers_mut()
///             .insert("x-trace-id", okta_sdk_runtime::HeaderValue::from_static("abc123"));
///     }
///
///     fn after_reply(&self, reply: &HookReply<'_>) {
///         if !reply.status().is_success() {
///             self.errors.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent (retries and pages included), before the credential
    /// is attached. May add, change or remove headers.
    fn before_send(&self, request: &mut HookRequest<'_>) {
        let _ = request;
    }

    /// Called when a reply to an attempt has arrived and been read (its status and headers,
    /// credentials scrubbed), whatever its status, before the client decides whether to retry.
    /// Not called when an attempt gets no reply (a connection error or a timeout): the call's
    /// error says so.
    fn after_reply(&self, reply: &HookReply<'_>) {
        let _ = reply;
    }
}

/// A shared hook: register an `Arc` and keep a clone to read what the hook recorded.
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn before_send(&self, request: &mut HookRequest<'_>) {
        (**self).before_send(request);
    }

    fn after_reply(&self, reply: &HookReply<'_>) {
        (**self).after_reply(reply);
    }
}

/// An API request about to be sent, as a [`Hook`] sees it.
pub struct HookRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a reqwest::Url,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl HookRequest<'_> {
    /// The spec's operationId (e.g. `listUsers`), or `raw` for
    /// [`Transport::request`](crate::Transport::request).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, query included (a page after the first is the `next` link's URL).
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// 1 for the first attempt of a request, 2 for its first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The headers to send, besides the credential (and anything the HTTP client itself adds).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers to send, to change. `Authorization` and `DPoP` set here are replaced by the
    /// client's credential.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }
}

impl fmt::Debug for HookRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookRequest")
            .field("operation", &self.operation)
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// A reply to one attempt, as a [`Hook`] sees it.
pub struct HookReply<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a reqwest::Url,
    pub(crate) attempt: u32,
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) elapsed: Duration,
}

impl HookReply<'_> {
    /// The spec's operationId of the request, or `raw`.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The request's HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The request's URL.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// Which attempt this replies to (1 = the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The reply's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The reply's headers, any echo of the credential scrubbed.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// Okta's `X-Okta-Request-Id`, if the reply has one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-okta-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// Time from sending the attempt to having read its reply.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

impl fmt::Debug for HookReply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookReply")
            .field("operation", &self.operation)
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("attempt", &self.attempt)
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("elapsed", &self.elapsed)
            .finish_non_exhaustive()
    }
}

/// A hook made of a closure called before each attempt ([`ClientBuilder::on_request`](crate::ClientBuilder::on_request)).
pub(crate) struct OnRequest<F>(pub(crate) F);

impl<F: Fn(&mut HookRequest<'_>) + Send + Sync + 'static> Hook for OnRequest<F> {
    fn before_send(&self, request: &mut HookRequest<'_>) {
        (self.0)(request);
    }
}

/// A hook made of a closure called after each reply ([`ClientBuilder::on_reply`](crate::ClientBuilder::on_reply)).
pub(crate) struct OnReply<F>(pub(crate) F);

impl<F: Fn(&HookReply<'_>) + Send + Sync + 'static> Hook for OnReply<F> {
    fn after_reply(&self, reply: &HookReply<'_>) {
        (self.0)(reply);
    }
}
