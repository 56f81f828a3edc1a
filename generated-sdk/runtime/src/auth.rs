//! Authentication: the SSWS API token, and OAuth 2.0 client credentials with a private-key
//! JWT client assertion (RS256 or ES256; PEM or JWK), with the access token cached and renewed,
//! and bound to the client's DPoP key when the app requires it (see [`crate::dpop`]).

use std::fmt;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::dpop::{self, Dpop};
use crate::error::{ApiError, Error, Result, decode_json};
use crate::exchange::{ExchangeError, Http, exchange};
use crate::jwt::PrivateKey;
use crate::random::random_hex;
use crate::redact::Redactor;
use crate::secret::Secret;

/// How long a client assertion is valid.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// An access token is renewed this long before it expires (or at half its life if shorter).
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(60);
/// Longest lifetime believed from `expires_in` (Okta's own maximum is one day): a larger value
/// only means "renew daily", and keeps the renewal instant far from `Instant`'s limits.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Lifetime assumed when the token reply has no `expires_in`.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// Most bytes of a token reply read (a token reply is a few KiB).
const MAX_TOKEN_REPLY: u64 = 1 << 20;

/// The credentials the client sends.
pub(crate) enum Auth {
    /// `Authorization: SSWS <token>`.
    Ssws(Secret),
    /// `Authorization: Bearer <access token>` (or `DPoP <access token>` with a proof) from the
    /// client-credentials flow.
    PrivateKey(Box<OAuth>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Ssws(_) => f.write_str("Ssws(***)"),
            Auth::PrivateKey(oauth) => oauth.fmt(f),
        }
    }
}

/// A key that signs client assertions, with the `kid` its header names.
pub(crate) struct SigningKey {
    key: PrivateKey,
    kid: Option<String>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.key.alg())
            .field("kid", &self.kid)
            .field("key", &"***")
            .finish()
    }
}

impl SigningKey {
    /// Parses a private key given as a PEM, a JWK (JSON) or the path of a file holding either.
    /// `key_id` (if set) wins over the JWK's `kid`.
    pub(crate) fn parse(value: &str, key_id: Option<&str>) -> std::result::Result<Self, String> {
        let text = key_text(value)?;
        let (key, jwk_kid) =
            PrivateKey::parse(text.expose()).map_err(|err| format!("private key: {err}"))?;
        let kid = key_id
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .or(jwk_kid);
        Ok(SigningKey { key, kid })
    }

    fn sign(&self, claims: &AssertionClaims) -> std::result::Result<String, String> {
        self.key.sign("JWT", self.kid.as_deref(), None, claims)
    }
}

/// The text of a private key given as a PEM, a JWK (JSON) or the path of a file holding either:
/// a trimmed PEM (starting `-----BEGIN`) or JWK (starting `{`).
pub(crate) fn key_text(value: &str) -> std::result::Result<Secret, String> {
    let trimmed = value.trim();
    if trimmed.starts_with("-----BEGIN") || trimmed.starts_with('{') {
        return Ok(Secret::new(trimmed));
    }
    if trimmed.is_empty() {
        return Err("the private key is empty".into());
    }
    let text = std::fs::read_to_string(trimmed).map_err(|err| {
        format!("the private key is neither a PEM, a JWK nor a readable file ({err})")
    })?;
    let text = Secret::new(text.trim());
    if text.expose().starts_with("-----BEGIN") || text.expose().starts_with('{') {
        Ok(text)
    } else {
        Err("the private key file holds neither a PEM nor a JWK".into())
    }
}

#[derive(Serialize)]
struct AssertionClaims {
    aud: String,
    iss: String,
    sub: String,
    iat: u64,
    exp: u64,
    jti: String,
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// An access token and how it is sent.
#[derive(Clone)]
pub(crate) struct AccessToken {
    pub(crate) value: Secret,
    /// The token type is `DPoP`: each request sends `Authorization: DPoP <token>` and a proof.
    pub(crate) dpop_bound: bool,
}

#[derive(Clone)]
struct CachedToken {
    token: AccessToken,
    renew_at: Instant,
}

/// The client-credentials flow and its cached access token.
pub(crate) struct OAuth {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) key: SigningKey,
    pub(crate) token_url: reqwest::Url,
    /// `None` when `dpop: false`.
    pub(crate) dpop: Option<Dpop>,
    cache: tokio::sync::Mutex<Option<CachedToken>>,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("key", &self.key)
            .field("token_url", &self.token_url.as_str())
            .field("dpop", &self.dpop)
            .finish()
    }
}

impl OAuth {
    pub(crate) fn new(
        client_id: String,
        scopes: Vec<String>,
        key: SigningKey,
        token_url: reqwest::Url,
        dpop: Option<Dpop>,
    ) -> Self {
        OAuth {
            client_id,
            scopes,
            key,
            token_url,
            dpop,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// The cached access token, or a new one when there is none or it is about to expire.
    /// Concurrent callers wait for one token request instead of each sending their own.
    /// The token request gets `time_left` (`None`: no limit); running out is [`Error::Timeout`].
    pub(crate) async fn access_token(
        &self,
        http: &Http,
        clock: &dyn Clock,
        time_left: Option<Duration>,
    ) -> Result<AccessToken> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref()
            && clock.now() < cached.renew_at
        {
            return Ok(cached.token.clone());
        }
        let cached = self.request_token(http, clock, time_left).await?;
        let token = cached.token.clone();
        *cache = Some(cached);
        Ok(token)
    }

    /// Forgets `used` (after a 401), unless another request already replaced it.
    pub(crate) async fn invalidate(&self, used: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|t| &t.token.value == used) {
            *cache = None;
        }
    }

    fn assertion(&self) -> Result<String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let claims = AssertionClaims {
            aud: self.token_url.to_string(),
            iss: self.client_id.clone(),
            sub: self.client_id.clone(),
            iat: now,
            exp: now.saturating_add(ASSERTION_LIFETIME.as_secs()),
            jti: random_hex(16),
        };
        self.key
            .sign(&claims)
            .map_err(|err| Error::Auth(format!("could not sign the client assertion: {err}")))
    }

    /// Gets a new access token. With DPoP, the request carries a proof; without it, an
    /// `invalid_dpop_proof` refusal turns DPoP on (unless `dpop: false`) and is retried at once
    /// with a proof; a `use_dpop_nonce` refusal is retried once with Okta's nonce. So a token
    /// costs one request, two when Okta wants a new nonce, and three only the first time an
    /// app's DPoP requirement is detected.
    async fn request_token(
        &self,
        http: &Http,
        clock: &dyn Clock,
        time_left: Option<Duration>,
    ) -> Result<CachedToken> {
        let started = clock.now();
        let deadline = time_left.and_then(|left| crate::clock::deadline_after(started, left));
        let mut attempts = 0;
        let mut nonce_retried = false;
        loop {
            attempts += 1;
            let left = deadline.map(|d| d.saturating_duration_since(clock.now()));
            let dpop = self.dpop.as_ref().filter(|d| d.in_use());
            let outcome = self.token_exchange(http, dpop, left).await;
            let (status, headers, body) = match outcome {
                Ok(Exchanged::Token(reply)) => {
                    return self.token_from_reply(reply, dpop.is_some(), clock);
                }
                Ok(Exchanged::Refused(status, headers, body)) => (status, headers, body),
                Err(TokenError::TimedOut) => {
                    return Err(Error::Timeout {
                        elapsed: clock.now().saturating_duration_since(started),
                        attempts,
                    });
                }
                Err(TokenError::Other(err)) => return Err(err),
            };
            let has_nonce = self
                .dpop
                .as_ref()
                .is_some_and(|d| d.remember_nonce(dpop::Server::Token, &headers));
            let mut error = ApiError::from_reply(status, headers, &body);
            match error.error_code.as_deref() {
                Some(dpop::INVALID_PROOF)
                    if dpop.is_none() && self.dpop.as_ref().is_some_and(Dpop::detect) =>
                {
                    tracing::info!(
                        "this Okta app requires DPoP; token requests now carry a DPoP proof \
                         (set `dpop: true` to skip this detection)"
                    );
                    continue;
                }
                Some(dpop::USE_NONCE) if dpop.is_some() && has_nonce && !nonce_retried => {
                    tracing::debug!("the token endpoint asked for a DPoP nonce; retrying with it");
                    nonce_retried = true;
                    continue;
                }
                Some(code) => error.hint = dpop::hint(code, dpop.is_some()),
                None => {}
            }
            return Err(Error::Api(Box::new(error)));
        }
    }

    /// One token request (with a new client assertion, and a proof when `dpop` is given): the
    /// decoded token, or the refusal (headers and body scrubbed). A nonce in a success reply is
    /// kept for the next proof.
    async fn token_exchange(
        &self,
        http: &Http,
        dpop: Option<&Dpop>,
        time_left: Option<Duration>,
    ) -> std::result::Result<Exchanged, TokenError> {
        let assertion = self.assertion().map_err(TokenError::Other)?;
        let scope = self.scopes.join(" ");
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", scope.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion.as_str()),
        ];
        let mut request = http
            .request(http::Method::POST, self.token_url.clone())
            .header(http::header::ACCEPT, "application/json")
            .form(&form);
        let proof = match dpop {
            Some(dpop) => Some(
                dpop.proof(
                    dpop::Server::Token,
                    &http::Method::POST,
                    &self.token_url,
                    None,
                )
                .map_err(|err| TokenError::Other(Error::Auth(err)))?,
            ),
            None => None,
        };
        if let Some(proof) = &proof {
            request = request.header("DPoP", proof.as_str());
        }
        // The token endpoint (or a proxy before it) may echo the assertion or proof back.
        let redactor = Redactor::new(
            [Some(assertion.as_str()), proof.as_deref()]
                .into_iter()
                .flatten(),
        );
        let reply = match exchange(http, request, time_left, MAX_TOKEN_REPLY).await {
            Ok(reply) => reply,
            Err(ExchangeError::TimedOut) => return Err(TokenError::TimedOut),
            Err(ExchangeError::Redirected(origin)) => {
                return Err(TokenError::Other(Error::redirected(&origin)));
            }
            Err(ExchangeError::TooLarge { limit }) => {
                return Err(TokenError::Other(Error::ResponseTooLarge { limit }));
            }
            Err(ExchangeError::Http(err)) => {
                return Err(TokenError::Other(redactor.error(Error::transport(err))));
            }
        };
        let (status, mut headers) = (reply.status, reply.headers);
        redactor.headers(&mut headers);
        if !status.is_success() {
            let body = redactor.bytes(&reply.body).into_owned();
            return Ok(Exchanged::Refused(status, headers, body));
        }
        if let Some(dpop) = dpop {
            dpop.remember_nonce(dpop::Server::Token, &headers);
        }
        decode_json(status, &headers, &reply.body)
            .map(Exchanged::Token)
            .map_err(|err| TokenError::Other(redactor.error(err)))
    }

    /// The token of a success reply; `proof_sent`: the request carried a DPoP proof.
    fn token_from_reply(
        &self,
        reply: TokenReply,
        proof_sent: bool,
        clock: &dyn Clock,
    ) -> Result<CachedToken> {
        // Scrub the new token from any error below (it is not in the redactor of the request).
        let redactor = Redactor::new([reply.access_token.as_str()]);
        let dpop_bound = match reply.token_type.as_deref() {
            None => false,
            Some(kind) if kind.eq_ignore_ascii_case("bearer") => false,
            Some(kind) if kind.eq_ignore_ascii_case("dpop") && proof_sent => true,
            Some(kind) if kind.eq_ignore_ascii_case("dpop") => {
                return Err(Error::Auth(
                    "the token endpoint returned a DPoP token to a request without a DPoP proof"
                        .into(),
                ));
            }
            Some(kind) => {
                return Err(redactor.error(Error::Auth(format!(
                    "the token endpoint returned a `{kind}` token; only Bearer and DPoP tokens \
                     are supported"
                ))));
            }
        };
        tracing::debug!(
            expires_in_secs = reply.expires_in,
            dpop = dpop_bound,
            "obtained an Okta access token"
        );
        Ok(CachedToken {
            token: AccessToken {
                value: Secret::new(reply.access_token),
                dpop_bound,
            },
            renew_at: renew_at(clock.now(), reply.expires_in),
        })
    }
}

/// What a token request got: a token, or a refusal (status, headers, body).
enum Exchanged {
    Token(TokenReply),
    Refused(http::StatusCode, http::HeaderMap, Vec<u8>),
}

/// Why a token request produced no reply.
enum TokenError {
    /// The time left ran out.
    TimedOut,
    /// Anything else, ready for the caller.
    Other(Error),
}

/// When a token obtained at `now` with `expires_in` seconds to live is renewed: a minute
/// before it expires (or at half its life if shorter). Any `expires_in` is clamped to
/// [`MAX_TOKEN_LIFETIME`], so no value can overflow.
pub(crate) fn renew_at(now: Instant, expires_in: Option<u64>) -> Instant {
    let lifetime = expires_in
        .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs)
        .min(MAX_TOKEN_LIFETIME);
    let renew_before = RENEW_BEFORE_EXPIRY.min(lifetime / 2);
    // Past `Instant`'s range (not reachable with the clamp): renew on the next call.
    now.checked_add(lifetime - renew_before).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any `expires_in` (the 2^63 included) gives a renewal within a day, no panic.
        #[test]
        fn any_token_lifetime_gives_a_renewal_within_a_day(expires_in in proptest::option::of(prop_oneof![
            Just(0u64), Just(1 << 63), Just(u64::MAX), any::<u64>(),
        ])) {
            let now = Instant::now();
            let at = renew_at(now, expires_in);
            prop_assert!(at >= now && at <= now + MAX_TOKEN_LIFETIME);
        }
    }

    #[test]
    fn a_token_is_renewed_a_minute_early_or_at_half_life() {
        let now = Instant::now();
        assert_eq!(renew_at(now, Some(3600)), now + Duration::from_secs(3540));
        assert_eq!(renew_at(now, Some(60)), now + Duration::from_secs(30));
        assert_eq!(renew_at(now, None), now + Duration::from_secs(3540));
    }
}
