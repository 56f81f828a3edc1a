//! [`Transport`] and [`ClientBuilder`]: the configured HTTP client, and the send loop every call
//! goes through (auth header, User-Agent, retries, timeout, tracing, error mapping).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::auth::{Auth, OAuth, SigningKey};
use crate::clock::{Clock, SystemClock, deadline_after};
use crate::config::{AuthorizationMode, ConfigSources, Settings, validate_org_url};
use crate::dpop::{self, Dpop, DpopKey};
use crate::error::{
    ApiError, ConfigError, Error, MAX_BODY_SNIPPET, Result, decode_json, describe_reqwest_error,
    snippet,
};
use crate::exchange::{ExchangeError, Http, exchange};
use crate::hook::{Hook, HookReply, HookRequest, OnReply, OnRequest};
use crate::redact::Redactor;
use crate::request::{ApiRequest, Body};
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// Default number of retries after a 429.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default connection timeout (Okta's own SDKs' `connectionTimeout`).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default read timeout: the longest the server may stay silent while a reply is awaited or
/// read (as AWS's and Google's SDKs use), so a stalled server fails the call.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Default overall timeout of one call, retries and their waits included: room for three
/// attempts and two of the longest retry waits, and a bound on a server that drips bytes.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// Default largest success reply, in bytes. Okta's largest pages (200 users with big profiles,
/// 1,000 System Log events, 10,000 groups) are a few MiB to some tens of MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 << 20;
/// Default most pages one list stream fetches: 20 million users at Okta's 200 per page.
pub const DEFAULT_MAX_PAGES: u64 = 100_000;
/// Default cap of a single retry wait.
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// Builds a client: a `C` made from a validated [`Transport`]. In `okta-sdk`, `C` is
/// `okta_sdk::Client`, and `okta_sdk::ClientBuilder` names this type for it. Start from
/// [`ClientBuilder::new`] (code only) or [`ClientBuilder::from_env`] (okta.yaml files and
/// `OKTA_CLIENT_*` variables, then code).
///
/// ```no_run
/// # fn main() -> Result<(), okta_sdk_runtime::Error> {
/// use okta_sdk_runtime::{ClientBuilder, Transport};
/// use std::time::Duration;
/// let transport = ClientBuilder::<Transport>::new()
///     .org_url("https://dev-123456.okta.com")
///     .api_token("00abc...")
///     .max_retries(2)
///     .request_timeout(Duration::from_secs(30))
///     .build()?;
/// # let _ = transport; Ok(()) }
/// ```
#[must_use]
pub struct ClientBuilder<C> {
    settings: Settings,
    allow_insecure_http: bool,
    user_agent_prefix: Option<String>,
    max_retry_wait: Duration,
    retry_transient: bool,
    time_scale: f64,
    max_response_size: u64,
    max_pages: u64,
    clock: Arc<dyn Clock>,
    http_client: Option<reqwest::Client>,
    hooks: Vec<Arc<dyn Hook>>,
    client: PhantomData<fn() -> C>,
}

// Written by hand: a derive would require `C: Clone`.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            settings: self.settings.clone(),
            allow_insecure_http: self.allow_insecure_http,
            user_agent_prefix: self.user_agent_prefix.clone(),
            max_retry_wait: self.max_retry_wait,
            retry_transient: self.retry_transient,
            time_scale: self.time_scale,
            max_response_size: self.max_response_size,
            max_pages: self.max_pages,
            clock: Arc::clone(&self.clock),
            http_client: self.http_client.clone(),
            hooks: self.hooks.clone(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("ClientBuilder")
            .field("org_url", &s.org_url)
            .field("authorization_mode", &s.authorization_mode)
            .field("token", &s.token)
            .field("client_id", &s.client_id)
            .field("scopes", &s.scopes)
            .field("private_key", &s.private_key)
            .field("key_id", &s.key_id)
            .field("dpop", &s.dpop)
            .field("dpop_private_key", &s.dpop_private_key)
            .field("max_retries", &s.max_retries)
            .field("request_timeout", &s.request_timeout)
            .field("connect_timeout", &s.connect_timeout)
            .field("read_timeout", &s.read_timeout)
            .field("proxy", &s.proxy)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("user_agent_prefix", &self.user_agent_prefix)
            .field("max_retry_wait", &self.max_retry_wait)
            .field("retry_transient_errors", &self.retry_transient)
            .field("max_response_size", &self.max_response_size)
            .field("max_pages", &self.max_pages)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "supplied"),
            )
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::default(),
            allow_insecure_http: false,
            user_agent_prefix: None,
            max_retry_wait: DEFAULT_MAX_RETRY_WAIT,
            retry_transient: false,
            time_scale: 1.0,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
            clock: Arc::new(SystemClock),
            http_client: None,
            hooks: Vec::new(),
            client: PhantomData,
        }
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with nothing configured (no files, no environment).
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// A builder preloaded from `~/.okta/okta.yaml`, `./okta.yaml` and the `OKTA_CLIENT_*`
    /// environment variables, each overriding the one before. Setters called afterwards
    /// override all of them. Problems reading the sources are reported by [`build`](Self::build).
    pub fn from_env() -> Self {
        ClientBuilder::from_sources(&ConfigSources::from_process())
    }

    /// Like [`from_env`](Self::from_env), with explicit sources (for tests and tools that
    /// must not depend on the process's home directory or environment).
    pub fn from_sources(sources: &ConfigSources) -> Self {
        ClientBuilder {
            settings: Settings::load(sources),
            ..ClientBuilder::default()
        }
    }

    /// The org URL, e.g. `https://dev-123456.okta.com`.
    pub fn org_url(mut self, url: impl Into<String>) -> Self {
        self.settings.org_url = Some(url.into());
        self
    }

    /// An API token, sent as `Authorization: SSWS <token>`. Selects SSWS mode unless
    /// [`authorization_mode`](Self::authorization_mode) says otherwise.
    pub fn api_token(mut self, token: impl Into<String>) -> Self {
        self.settings.token = Some(Secret::new(token));
        self
    }

    /// The authorization mode (SSWS by default).
    pub fn authorization_mode(mut self, mode: AuthorizationMode) -> Self {
        self.settings.authorization_mode = Some(mode);
        self
    }

    /// The OAuth 2.0 service app's client id (PrivateKey mode).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.settings.client_id = Some(client_id.into());
        self
    }

    /// The OAuth 2.0 scopes to request (PrivateKey mode), e.g. `okta.users.read`.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The private key signing the client assertion (PrivateKey mode): an RSA or P-256 EC key
    /// as PEM (PKCS#1, SEC1 or PKCS#8) or as a JWK (JSON), or the path of a file holding one.
    pub fn private_key(mut self, key: impl Into<String>) -> Self {
        self.settings.private_key = Some(Secret::new(key));
        self
    }

    /// The key id (`kid`) put in the client assertion's header (overrides a JWK's `kid`).
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.settings.key_id = Some(key_id.into());
        self
    }

    /// DPoP (RFC 9449) in PrivateKey mode: `true` binds every access token to a proof key and
    /// sends a `DPoP` proof with each request; `false` never does. Unset (the default), the SDK
    /// turns DPoP on by itself the first time Okta refuses a token request for lacking a proof
    /// (apps with "Require Demonstrating Proof of Possession", the default for new API
    /// Services apps since 2024). The proof key is a P-256 key made for this client, unless
    /// [`dpop_private_key`](Self::dpop_private_key) gives one. Ignored in SSWS mode.
    pub fn dpop(mut self, enabled: bool) -> Self {
        self.settings.dpop = Some(enabled);
        self
    }

    /// Your own DPoP proof key instead of the generated P-256 one: an RSA (2048 to 4096 bits,
    /// signs RS256) or P-256 (ES256) private key as a PKCS#8 or PKCS#1 PEM or a JWK, or the
    /// path of a file holding one. Only its public half is ever sent. It should differ from
    /// the [`private_key`](Self::private_key) that signs the client assertion.
    pub fn dpop_private_key(mut self, key: impl Into<String>) -> Self {
        self.settings.dpop_private_key = Some(Secret::new(key));
        self
    }

    /// Retries after a 429 (and, if enabled, after transient failures); 0 means none.
    /// Default: [`DEFAULT_MAX_RETRIES`].
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.max_retries = Some(retries);
        self
    }

    /// Overall time allowed for one call, retries and their waits included. When the next
    /// retry could not finish in time, the call gives up at once with the last error.
    /// `Duration::ZERO` means no limit. Default: [`DEFAULT_REQUEST_TIMEOUT`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = Some(timeout);
        self
    }

    /// Longest time the server may stay silent (no byte) while a reply is awaited or read;
    /// `Duration::ZERO` means no limit. Default: [`DEFAULT_READ_TIMEOUT`].
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.settings.read_timeout = Some(timeout);
        self
    }

    /// Largest success reply read, in bytes; a larger one fails the call with
    /// [`Error::ResponseTooLarge`] without being read further. Default:
    /// [`DEFAULT_MAX_RESPONSE_SIZE`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Most pages one list stream fetches; the page after that ends the stream with
    /// [`Error::InvalidRequest`]. Default: [`DEFAULT_MAX_PAGES`].
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages;
        self
    }

    /// Replaces the clock the retry loop reads and sleeps with, so that tests can assert the
    /// waits chosen without waiting. Not for production use.
    #[doc(hidden)]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Time allowed to open a connection. Default: [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// Longest single wait before a retry. Default: [`DEFAULT_MAX_RETRY_WAIT`].
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// Also retry 500/502/503/504 replies and connection errors, with exponential backoff and
    /// jitter, for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE). Off by default.
    pub fn retry_transient_errors(mut self, enabled: bool) -> Self {
        self.retry_transient = enabled;
        self
    }

    /// Allow a plain `http://` org URL. Only for tests against local servers.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// A proxy for all requests, e.g. `http://user:pass@proxy.internal:3128`. Without it, the
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` environment variables are honoured.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.settings.proxy = Some(Secret::new(url));
        self
    }

    /// A prefix for the `User-Agent` header, e.g. `my-app/1.2`.
    pub fn user_agent_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.user_agent_prefix = Some(prefix.into());
        self
    }

    /// Sends every request (API calls and token requests) with `client` instead of a client
    /// the SDK builds, e.g. for your own TLS roots, connection pool or middleware-free
    /// instrumentation.
    ///
    /// The client brings its own connection settings, so these SDK settings do not apply to
    /// it: [`connect_timeout`](Self::connect_timeout), TLS (roots, versions), the connection
    /// pool, HTTP/2 and proxies (setting [`proxy`](Self::proxy) as well is reported by
    /// [`build`](Self::build) as a problem; configure the proxy on the client; note that
    /// reqwest's clients honour the `HTTPS_PROXY` family of variables by default). Its default
    /// headers are sent unless the SDK sets the same header.
    ///
    /// Still the SDK's: the org URL checks (https only unless
    /// [`allow_insecure_http`](Self::allow_insecure_http)), auth, `User-Agent` (sent with each
    /// request), retries, [`request_timeout`](Self::request_timeout),
    /// [`read_timeout`](Self::read_timeout) (enforced by the SDK on each wait for the server;
    /// reported as [`Error::Timeout`]), [`max_response_size`](Self::max_response_size), the
    /// origin check of pagination links and hooks.
    ///
    /// Redirects: the SDK's own client never follows one. reqwest's clients follow up to 10 by
    /// default, so build yours with `.redirect(reqwest::redirect::Policy::none())`; a reply
    /// reached through a redirect is refused with [`Error::InvalidRequest`] (reqwest drops the
    /// `Authorization` header when a redirect leaves the host, but a same-host redirect keeps
    /// it).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Adds a [`Hook`], called before each API request attempt is sent (retries and pages
    /// included, before the credential is attached) and after each reply arrives. Hooks run in
    /// the order they were added. See [`crate::hook`] for what they see.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Adds a hook calling `f` before each API request attempt is sent, e.g. to add a header;
    /// shorthand for [`hook`](Self::hook) with only [`Hook::before_send`].
    pub fn on_request<F>(self, f: F) -> Self
    where
        F: Fn(&mut HookRequest<'_>) + Send + Sync + 'static,
    {
        self.hook(OnRequest(f))
    }

    /// Adds a hook calling `f` after each reply to an API request attempt arrives, e.g. to
    /// record its status and request id; shorthand for [`hook`](Self::hook) with only
    /// [`Hook::after_reply`].
    pub fn on_reply<F>(self, f: F) -> Self
    where
        F: Fn(&HookReply<'_>) + Send + Sync + 'static,
    {
        self.hook(OnReply(f))
    }

    /// Multiplies every retry wait by `scale` (e.g. `0.01`), so that tests exercise the real
    /// waiting logic quickly. Not for production use.
    #[doc(hidden)]
    pub fn retry_time_scale(mut self, scale: f64) -> Self {
        self.time_scale = if scale.is_finite() && scale >= 0.0 {
            scale
        } else {
            1.0
        };
        self
    }

    /// The validated transport that [`build`](Self::build) wraps.
    fn build_transport(self) -> Result<Transport> {
        let s = &self.settings;
        let mut problems = s.load_problems.clone();
        let org_url = validate_org_url(
            s.org_url.as_deref(),
            self.allow_insecure_http,
            &mut problems,
        );
        let mode = s.authorization_mode.unwrap_or_default();
        let mut auth = None;
        match mode {
            AuthorizationMode::Ssws => match &s.token {
                Some(token) if !token.expose().trim().is_empty() => {
                    if token.expose().contains("{apiToken}") {
                        problems.push("API token still contains the `{apiToken}` placeholder".into());
                    } else {
                        auth = Some(Auth::Ssws(Secret::new(token.expose().trim())));
                    }
                }
                _ => problems.push(
                    "API token is missing for SSWS mode: set `api_token`, OKTA_CLIENT_TOKEN or okta.client.token".into(),
                ),
            },
            AuthorizationMode::PrivateKey => {
                let client_id = s.client_id.as_deref().map(str::trim).filter(|c| !c.is_empty());
                if client_id.is_none() {
                    problems.push("client id is missing for PrivateKey mode: set `client_id`, OKTA_CLIENT_CLIENTID or okta.client.clientId".into());
                }
                let scopes: Vec<String> = s
                    .scopes
                    .iter()
                    .flatten()
                    .map(|sc| sc.trim().to_owned())
                    .filter(|sc| !sc.is_empty())
                    .collect();
                if scopes.is_empty() {
                    problems.push("scopes are missing for PrivateKey mode: set `scopes`, OKTA_CLIENT_SCOPES or okta.client.scopes".into());
                }
                let key = match &s.private_key {
                    None => {
                        problems.push("private key is missing for PrivateKey mode: set `private_key`, OKTA_CLIENT_PRIVATEKEY or okta.client.privateKey".into());
                        None
                    }
                    Some(key) => match SigningKey::parse(key.expose(), s.key_id.as_deref()) {
                        Ok(key) => Some(key),
                        Err(problem) => {
                            problems.push(problem);
                            None
                        }
                    },
                };
                // A proof key even when DPoP is not configured: the app may turn out to need it.
                let dpop = match (s.dpop, &s.dpop_private_key) {
                    (Some(false), _) => Ok(None),
                    (_, Some(key)) => DpopKey::parse(key.expose()).map(Some),
                    (_, None) => DpopKey::generate().map(Some),
                };
                let dpop = match dpop {
                    Ok(key) => key.map(|key| Dpop::new(key, s.dpop == Some(true))),
                    Err(problem) => {
                        problems.push(problem);
                        None
                    }
                };
                if let (Some(client_id), Some(key), Some(org)) = (client_id, key, &org_url) {
                    match org.join("/oauth2/v1/token") {
                        Ok(token_url) => {
                            auth = Some(Auth::PrivateKey(Box::new(OAuth::new(
                                client_id.to_owned(),
                                scopes,
                                key,
                                token_url,
                                dpop,
                            ))));
                        }
                        Err(err) => problems.push(format!("cannot build the token URL: {err}")),
                    }
                }
            }
        }
        let user_agent = crate::user_agent::user_agent(self.user_agent_prefix.as_deref());
        let user_agent_header = HeaderValue::from_str(&user_agent).unwrap_or_else(|_| {
            problems.push("the User-Agent prefix is not a valid header value".into());
            HeaderValue::from_static("okta-sdk-rust")
        });
        // Zero means "no read timeout" (like the request timeout).
        let read_timeout = s.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
        let mut http = None;
        if self.http_client.is_none() {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(s.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none());
            if !read_timeout.is_zero() {
                builder = builder.read_timeout(read_timeout);
            }
            if let Some(proxy) = &s.proxy {
                match reqwest::Proxy::all(proxy.expose()) {
                    Ok(proxy) => builder = builder.proxy(proxy),
                    // The URL may hold credentials: do not echo it.
                    Err(_) => problems
                        .push("proxy is not a valid URL (expected e.g. http://host:3128)".into()),
                }
            }
            http = Some(builder);
        } else if s.proxy.is_some() {
            problems.push(
                "a proxy is configured but an HTTP client was supplied (`http_client`): configure the proxy on that client".into(),
            );
        }
        if !problems.is_empty() {
            return Err(ConfigError { problems }.into());
        }
        let (Some(org_url), Some(auth)) = (org_url, auth) else {
            return Err(ConfigError {
                problems: vec!["incomplete configuration".into()],
            }
            .into());
        };
        let http = match self.http_client {
            Some(client) => Http::supplied(
                client,
                user_agent_header,
                Some(read_timeout).filter(|t| !t.is_zero()),
            ),
            // `http` is the SDK's builder whenever no client was supplied.
            None => Http::own(
                http.unwrap_or_default()
                    .build()
                    .map_err(|err| ConfigError {
                        problems: vec![format!("cannot build the HTTP client: {err}")],
                    })?,
                user_agent_header,
            ),
        };
        let request_timeout = s
            .request_timeout
            .or(Some(DEFAULT_REQUEST_TIMEOUT))
            .filter(|t| !t.is_zero());
        Ok(Transport {
            inner: Arc::new(Inner {
                http,
                org_url,
                auth,
                request_timeout,
                retry: RetryPolicy {
                    max_retries: s.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    max_wait: self.max_retry_wait,
                    retry_transient: self.retry_transient,
                    time_scale: self.time_scale,
                },
                user_agent,
                max_response_size: self.max_response_size,
                max_pages: self.max_pages,
                clock: self.clock,
                hooks: self.hooks,
            }),
        })
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// Validates the configuration and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] listing every problem found: a missing, non-https, placeholder or
    /// `-admin` org URL, a missing token (SSWS), a missing client id, scopes or private key
    /// (PrivateKey), an unusable key or proxy, unreadable configuration files.
    pub fn build(self) -> Result<C> {
        self.build_transport().map(C::from)
    }
}

/// The connection to one Okta org: the HTTP client, credentials, retry policy and User-Agent
/// that every call uses. Cheap to clone (an `Arc` inside); share it freely.
///
/// `okta_sdk::Client` wraps it (and dereferences to it) to add one method per API operation;
/// [`Transport::request`] sends requests to endpoints the SDK does not cover.
#[derive(Clone)]
pub struct Transport {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: Http,
    pub(crate) org_url: reqwest::Url,
    auth: Auth,
    request_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    max_response_size: u64,
    pub(crate) max_pages: u64,
    clock: Arc<dyn Clock>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("org_url", &self.inner.org_url.as_str())
            .field("auth", &self.inner.auth)
            .field("request_timeout", &self.inner.request_timeout)
            .field("retry", &self.inner.retry)
            .field("user_agent", &self.inner.user_agent)
            .field("max_response_size", &self.inner.max_response_size)
            .field("max_pages", &self.inner.max_pages)
            .field(
                "http_client",
                &if self.inner.http.supplied {
                    "supplied"
                } else {
                    "own"
                },
            )
            .field("hooks", &self.inner.hooks.len())
            .finish()
    }
}

/// A successful reply, with the credential its request carried (to scrub from decode errors).
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) credential: Option<Secret>,
}

impl Reply {
    /// Decodes the JSON body as `T`; a decode error never shows the request's credential.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        self.scrubbed(decode_json(self.status, &self.headers, &self.body))
    }

    /// Decodes the JSON body as a page of about `expected_len` `T`s (see `decode_json_list`).
    pub(crate) fn decode_list<T: DeserializeOwned>(&self, expected_len: usize) -> Result<Vec<T>> {
        self.scrubbed(crate::error::decode_json_list(
            self.status,
            &self.headers,
            &self.body,
            expected_len,
        ))
    }

    /// `decoded`, with the request's credential scrubbed from a decode error.
    fn scrubbed<T>(&self, decoded: Result<T>) -> Result<T> {
        decoded.map_err(|err| {
            let redactor = Redactor::new(self.credential.as_ref().map(Secret::expose));
            match redactor.error(err) {
                Error::Decode(mut decode) => {
                    // Cut the snippet again from the scrubbed body: a credential straddling
                    // the cut would otherwise leave its first characters in the snippet.
                    let end = self
                        .body
                        .len()
                        .min(MAX_BODY_SNIPPET.saturating_add(redactor.longest()));
                    (decode.body, decode.body_truncated) =
                        snippet(&redactor.bytes(&self.body[..end]));
                    decode.body_truncated |= end < self.body.len();
                    Error::Decode(decode)
                }
                other => other,
            }
        })
    }
}

impl Transport {
    /// The org URL this client talks to.
    pub fn org_url(&self) -> &str {
        self.inner.org_url.as_str()
    }

    /// The `User-Agent` header this client sends.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Sends `request` and decodes the JSON reply as `T`.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        self.execute(request).await?.decode()
    }

    /// Sends `request`, ignoring any reply body.
    pub(crate) async fn send_empty(&self, request: ApiRequest) -> Result<()> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends `request` and returns the reply body as it came (replies that are not JSON).
    pub(crate) async fn send_bytes(&self, request: ApiRequest) -> Result<Vec<u8>> {
        self.execute(request).await.map(|reply| reply.body)
    }

    /// The URL for `request`: the org URL plus the encoded path and query, or a pagination link
    /// as given (which must stay on the org's origin, so credentials never leave it).
    fn url_for(&self, request: &ApiRequest) -> Result<reqwest::Url> {
        let org = &self.inner.org_url;
        if let Some(link) = &request.absolute_url {
            let url = org
                .join(link)
                .map_err(|err| Error::InvalidRequest(format!("invalid pagination link: {err}")))?;
            if url.origin() != org.origin() {
                return Err(Error::InvalidRequest(format!(
                    "refusing to follow a pagination link to another origin ({})",
                    url.origin().ascii_serialization()
                )));
            }
            return Ok(url);
        }
        let base = org.as_str().trim_end_matches('/');
        let mut text = format!("{base}{}", request.path);
        let query = request.query_string();
        if !query.is_empty() {
            text.push(if request.path.contains('?') { '&' } else { '?' });
            text.push_str(&query);
        }
        let url = reqwest::Url::parse(&text)
            .map_err(|err| Error::InvalidRequest(format!("invalid request URL: {err}")))?;
        // The URL parser resolves dot segments; refuse if that changed the path we built.
        let expected = format!("{}{}", org.path().trim_end_matches('/'), request.path);
        let expected_path = expected.split(['?', '#']).next().unwrap_or_default();
        if url.path() != expected_path {
            return Err(Error::InvalidRequest(format!(
                "{}: the path `{}` would be rewritten by URL normalization",
                request.operation_id, request.path_template
            )));
        }
        Ok(url)
    }

    /// The `Authorization` header and the credential in it (the API token or the access
    /// token), getting an access token first if needed, within `time_left`.
    async fn auth_header(&self, time_left: Option<Duration>) -> Result<Credential> {
        let (value, secret, dpop_bound) = match &self.inner.auth {
            Auth::Ssws(token) => (format!("SSWS {}", token.expose()), token.clone(), false),
            Auth::PrivateKey(oauth) => {
                let clock = &*self.inner.clock;
                let get = oauth.access_token(&self.inner.http, clock, time_left);
                // The wait for another caller's token request counts against the time left too.
                let token =
                    match time_left {
                        Some(left) => tokio::time::timeout(left, get).await.unwrap_or(Err(
                            Error::Timeout {
                                elapsed: left,
                                attempts: 1,
                            },
                        ))?,
                        None => get.await?,
                    };
                let scheme = if token.dpop_bound { "DPoP" } else { "Bearer" };
                (
                    format!("{scheme} {}", token.value.expose()),
                    token.value,
                    token.dpop_bound,
                )
            }
        };
        let mut header = HeaderValue::from_str(&value).map_err(|_| {
            Error::InvalidRequest("the credential is not a valid header value".into())
        })?;
        header.set_sensitive(true);
        Ok(Credential {
            header,
            secret,
            dpop_bound,
        })
    }

    /// The DPoP of a PrivateKey client (`None` otherwise, or with `dpop: false`).
    fn dpop(&self) -> Option<&Dpop> {
        match &self.inner.auth {
            Auth::PrivateKey(oauth) => oauth.dpop.as_ref(),
            Auth::Ssws(_) => None,
        }
    }

    /// A fresh DPoP proof for one attempt of `method` on `url` with the DPoP-bound `token`.
    fn api_proof(
        &self,
        method: &http::Method,
        url: &reqwest::Url,
        token: &Secret,
    ) -> Result<String> {
        let dpop = self
            .dpop()
            .ok_or_else(|| Error::Auth("a DPoP-bound token without a DPoP key".into()))?;
        dpop.proof(dpop::Server::Api, method, url, Some(token.expose()))
            .map_err(Error::Auth)
    }

    /// Sends `request` with auth, retries and the timeout; returns a 2xx reply or the error.
    ///
    /// The future is boxed: every generic caller (`send_json::<T>` and the like, instantiated per
    /// reply type, many in the application's crate) then holds one pointer instead of the whole
    /// HTTP state machine, which the compiler would otherwise lay out and check for `Send` again
    /// for each of them. One allocation per request is noise next to the HTTP exchange.
    pub(crate) fn execute(
        &self,
        request: ApiRequest,
    ) -> futures_util::future::BoxFuture<'_, Result<Reply>> {
        Box::pin(self.execute_unboxed(request))
    }

    async fn execute_unboxed(&self, mut request: ApiRequest) -> Result<Reply> {
        if let Some(problem) = request.problem.take() {
            return Err(problem);
        }
        request.check_path()?;
        let url = self.url_for(&request)?;
        let span = tracing::info_span!(
            "okta.request",
            operation = request.operation_id,
            method = %request.method,
            path_template = request.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_inner(request, url, span.clone())
            .instrument(span)
            .await
    }

    async fn execute_inner(
        &self,
        request: ApiRequest,
        url: reqwest::Url,
        span: tracing::Span,
    ) -> Result<Reply> {
        let clock = &*self.inner.clock;
        let started = clock.now();
        // A timeout too large for `Instant` is no timeout.
        let deadline = self
            .inner
            .request_timeout
            .and_then(|t| deadline_after(started, t));
        let time_left = || deadline.map(|d| d.saturating_duration_since(clock.now()));
        let policy = &self.inner.retry;
        let extra_headers = build_headers(&request)?;
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut retry_for: Option<String> = None;
        let mut refreshed_token = false;
        let mut nonce_retried = false;
        let timed_out = |attempt| Error::Timeout {
            elapsed: clock.now().saturating_duration_since(started),
            attempts: attempt,
        };
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            // An operation the spec marks `security: []` (the `/.well-known/` documents) gets
            // no credential: no token is sent, nor fetched, where the API takes none.
            let credential = if request.authenticated {
                match self.auth_header(time_left()).await {
                    Err(Error::Timeout { .. }) => return Err(timed_out(attempt)),
                    other => Some(other?),
                }
            } else {
                None
            };
            let dpop_bound = credential.as_ref().is_some_and(|c| c.dpop_bound);
            // A new proof for every attempt: retries, a renewed token and each page included.
            let proof = match &credential {
                Some(credential) if credential.dpop_bound => {
                    Some(self.api_proof(&request.method, &url, &credential.secret)?)
                }
                _ => None,
            };
            let redactor = Redactor::new(
                [
                    credential.as_ref().map(|c| c.secret.expose()),
                    proof.as_deref(),
                ]
                .into_iter()
                .flatten(),
            );
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            // The operation's headers replace the default `Accept` (non-JSON replies).
            for name in extra_headers.keys() {
                headers.remove(name);
            }
            for (name, value) in &extra_headers {
                headers.append(name.clone(), value.clone());
            }
            if retries > 0 {
                if let Some(id) = retry_for
                    .as_deref()
                    .and_then(|id| HeaderValue::from_str(id).ok())
                {
                    headers.insert("x-okta-retry-for", id);
                }
                headers.insert("x-okta-retry-count", HeaderValue::from(retries));
            }
            let hooks = &self.inner.hooks;
            if !hooks.is_empty() {
                let mut view = HookRequest {
                    operation: request.operation_id,
                    method: &request.method,
                    url: &url,
                    attempt,
                    headers: &mut headers,
                };
                for hook in hooks {
                    hook.before_send(&mut view);
                }
                // The credential is the client's alone.
                headers.remove(AUTHORIZATION);
                headers.remove("dpop");
            }
            let mut builder = self
                .inner
                .http
                .request(request.method.clone(), url.clone())
                .headers(headers);
            if let Some(credential) = &credential {
                builder = builder.header(AUTHORIZATION, credential.header.clone());
            }
            if let Some(proof) = &proof {
                builder = builder.header("DPoP", proof.as_str());
            }
            builder = with_body(builder, request.body.as_ref());
            let sent = clock.now();
            let outcome = exchange(
                &self.inner.http,
                builder,
                time_left(),
                self.inner.max_response_size,
            )
            .await;
            let crate::exchange::Reply {
                status,
                mut headers,
                body,
                ..
            } = match outcome {
                Ok(reply) => reply,
                Err(ExchangeError::TimedOut) => return Err(timed_out(attempt)),
                Err(ExchangeError::TooLarge { limit }) => {
                    return Err(Error::ResponseTooLarge { limit });
                }
                Err(ExchangeError::Redirected(origin)) => return Err(Error::redirected(&origin)),
                Err(ExchangeError::Http(err)) => {
                    if retries < policy.max_retries
                        && policy.is_transient_error(&request.method, &err)
                    {
                        let wait = policy.transient_wait(retries, None, clock.system_now());
                        if let Some(wait) = wait.filter(|w| fits(clock, deadline, *w)) {
                            tracing::debug!(wait_ms = millis(wait), error = %redactor.text(&describe_reqwest_error(&err)), "retrying after a connection error");
                            clock.sleep(wait).await;
                            retries += 1;
                            continue;
                        }
                    }
                    return Err(redactor.error(Error::transport(err)));
                }
            };
            // Scrub echoed credentials before anything (span, hooks, errors, pages) sees the
            // headers.
            redactor.headers(&mut headers);
            if !hooks.is_empty() {
                let view = HookReply {
                    operation: request.operation_id,
                    method: &request.method,
                    url: &url,
                    attempt,
                    status,
                    headers: &headers,
                    elapsed: clock.now().saturating_duration_since(sent),
                };
                for hook in hooks {
                    hook.after_reply(&view);
                }
            }
            let has_nonce = dpop_bound
                && self
                    .dpop()
                    .is_some_and(|d| d.remember_nonce(dpop::Server::Api, &headers));
            span.record("status", status.as_u16());
            let request_id = crate::error::header_str(&headers, "x-okta-request-id");
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
            if status.is_success() {
                return Ok(Reply {
                    status,
                    headers,
                    body,
                    credential: credential.map(|c| c.secret),
                });
            }
            if status == StatusCode::TOO_MANY_REQUESTS && retries < policy.max_retries {
                let wait = policy.rate_limit_wait(&headers, retries, clock.system_now());
                match wait.filter(|w| fits(clock, deadline, *w)) {
                    Some(wait) => {
                        if retry_for.is_none() {
                            retry_for = request_id;
                        }
                        tracing::info!(
                            wait_ms = millis(wait),
                            retry = retries + 1,
                            "rate limited by Okta (HTTP 429); waiting before retrying"
                        );
                        clock.sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    None => tracing::info!(
                        wait_ms = wait.map(millis),
                        "rate limited by Okta (HTTP 429); the wait would pass the request timeout or the longest retry wait, giving up"
                    ),
                }
            }
            // RFC 9449 section 9: a resource server that wants a nonce answers 401 with
            // `WWW-Authenticate: DPoP error="use_dpop_nonce"` and the nonce in `DPoP-Nonce`.
            let challenge = dpop_bound
                .then(|| dpop::challenge_error(&headers))
                .flatten();
            if status == StatusCode::UNAUTHORIZED
                && challenge.as_deref() == Some(dpop::USE_NONCE)
                && has_nonce
                && !nonce_retried
            {
                tracing::debug!("Okta asked for a DPoP nonce; retrying with it");
                nonce_retried = true;
                continue;
            }
            // A new token cannot fix a refused proof: only an expired or revoked token is renewed.
            let proof_refused = matches!(
                challenge.as_deref(),
                Some(dpop::USE_NONCE | dpop::INVALID_PROOF)
            );
            if status == StatusCode::UNAUTHORIZED
                && !refreshed_token
                && !proof_refused
                && let Some(credential) = &credential
                && let Auth::PrivateKey(oauth) = &self.inner.auth
            {
                tracing::debug!("HTTP 401 with an access token; renewing it once");
                oauth.invalidate(&credential.secret).await;
                refreshed_token = true;
                continue;
            }
            if retries < policy.max_retries && policy.is_transient_status(&request.method, status) {
                let wait = policy.transient_wait(retries, Some(&headers), clock.system_now());
                match wait.filter(|w| fits(clock, deadline, *w)) {
                    Some(wait) => {
                        tracing::debug!(
                            wait_ms = millis(wait),
                            status = status.as_u16(),
                            "retrying after a server error"
                        );
                        clock.sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    None => tracing::info!(
                        wait_ms = wait.map(millis),
                        status = status.as_u16(),
                        "server error; the wait it asks for would pass the request timeout or the longest retry wait, giving up"
                    ),
                }
            }
            let body = redactor.bytes(&body);
            let mut error = ApiError::from_reply(status, headers, &body);
            error.hint = challenge.and_then(|code| dpop::hint(&code, true));
            return Err(Error::Api(Box::new(error)));
        }
    }
}

/// The credential of one attempt.
struct Credential {
    /// The `Authorization` value (`SSWS ...`, `Bearer ...` or `DPoP ...`), marked sensitive.
    header: HeaderValue,
    /// The token in it, to scrub from replies.
    secret: Secret,
    /// The token is DPoP-bound: the attempt needs a proof.
    dpop_bound: bool,
}

/// Sets `body` (if any) on `builder`, with its content type.
fn with_body(builder: reqwest::RequestBuilder, body: Option<&Body>) -> reqwest::RequestBuilder {
    match body {
        None => builder,
        Some(Body::Json(bytes)) => builder
            .header(CONTENT_TYPE, "application/json")
            .body(bytes.clone()),
        Some(Body::Raw {
            content_type,
            bytes,
            base64_text,
        }) => {
            let builder = builder
                .header(CONTENT_TYPE, content_type.as_ref())
                .body(bytes.clone());
            // The bytes are already base64 text (e.g. a certificate): say so, send them as given.
            if *base64_text {
                builder.header("Content-Transfer-Encoding", "base64")
            } else {
                builder
            }
        }
    }
}

/// Whether waiting `wait` still leaves the deadline in the future (a wait past `Instant`'s
/// range never fits a deadline).
fn fits(clock: &dyn Clock, deadline: Option<Instant>, wait: Duration) -> bool {
    deadline.is_none_or(|d| clock.now().checked_add(wait).is_some_and(|end| end < d))
}

/// `wait` in whole milliseconds, for logs.
fn millis(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)
}

fn build_headers(request: &ApiRequest) -> Result<HeaderMap> {
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::InvalidRequest(format!("invalid header name `{name}`")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::InvalidRequest(format!("invalid value for header `{name}`")))?;
        headers.append(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn duration() -> impl Strategy<Value = Duration> {
        prop_oneof![
            Just(Duration::ZERO),
            Just(Duration::MAX),
            (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
        ]
    }

    proptest! {
        /// A configured timeout and a retry wait of any size never overflow an `Instant`.
        #[test]
        fn deadlines_and_waits_of_any_size_never_panic(timeout in duration(), wait in duration()) {
            let clock = SystemClock;
            let deadline = deadline_after(clock.now(), timeout);
            let fits = fits(&clock, deadline, wait);
            if deadline.is_none() {
                prop_assert!(fits);
            }
            if wait == Duration::MAX {
                prop_assert!(!fits || deadline.is_none());
            }
        }
    }
}
