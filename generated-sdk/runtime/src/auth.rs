//! Authentication: the SSWS API token, and OAuth 2.0 client credentials with a private-key
//! JWT client assertion (RS256 or ES256; PEM or JWK), with the access token cached and renewed.

use std::fmt;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Error, MAX_ERROR_BODY_READ, Result, decode_json};
use crate::request::encode_query_component;
use crate::secret::Secret;

/// How long a client assertion is valid.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// An access token is renewed this long before it expires (or at half its life if shorter).
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(60);

/// The credentials the client sends.
pub(crate) enum Auth {
    /// `Authorization: SSWS <token>`.
    Ssws(Secret),
    /// `Authorization: Bearer <access token>` from the client-credentials flow.
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

/// A key that signs client assertions.
pub(crate) struct SigningKey {
    key: EncodingKey,
    algorithm: Algorithm,
    kid: Option<String>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .field("key", &"***")
            .finish()
    }
}

impl SigningKey {
    /// Parses a private key given as a PEM, a JWK (JSON) or the path of a file holding either.
    /// `key_id` (if set) wins over the JWK's `kid`.
    pub(crate) fn parse(value: &str, key_id: Option<&str>) -> std::result::Result<Self, String> {
        let trimmed = value.trim();
        let mut key = if trimmed.starts_with("-----BEGIN") {
            parse_pem(trimmed)?
        } else if trimmed.starts_with('{') {
            parse_jwk(trimmed)?
        } else if trimmed.is_empty() {
            return Err("the private key is empty".into());
        } else {
            let text = std::fs::read_to_string(trimmed).map_err(|err| {
                format!("the private key is neither a PEM, a JWK nor a readable file ({err})")
            })?;
            let text = text.trim();
            if text.starts_with("-----BEGIN") {
                parse_pem(text)?
            } else if text.starts_with('{') {
                parse_jwk(text)?
            } else {
                return Err("the private key file holds neither a PEM nor a JWK".into());
            }
        };
        if let Some(kid) = key_id.filter(|k| !k.is_empty()) {
            key.kid = Some(kid.to_owned());
        }
        // Sign once now, so that an unusable key is a configuration error, not a runtime one.
        key.sign(&AssertionClaims {
            aud: "https://example.invalid/oauth2/v1/token".into(),
            iss: "check".into(),
            sub: "check".into(),
            iat: 0,
            exp: 1,
            jti: "check".into(),
        })
        .map_err(|err| format!("the private key cannot sign: {err}"))?;
        Ok(key)
    }

    fn sign(&self, claims: &AssertionClaims) -> jsonwebtoken::errors::Result<String> {
        let mut header = Header::new(self.algorithm);
        header.kid = self.kid.clone();
        jsonwebtoken::encode(&header, claims, &self.key)
    }
}

fn parse_pem(pem: &str) -> std::result::Result<SigningKey, String> {
    if let Ok(key) = EncodingKey::from_rsa_pem(pem.as_bytes()) {
        return Ok(SigningKey {
            key,
            algorithm: Algorithm::RS256,
            kid: None,
        });
    }
    if let Ok(key) = EncodingKey::from_ec_pem(pem.as_bytes()) {
        return Ok(SigningKey {
            key,
            algorithm: Algorithm::ES256,
            kid: None,
        });
    }
    Err(
        "the private key PEM is neither an RSA key nor a P-256 EC key (PKCS#1, SEC1 or PKCS#8)"
            .into(),
    )
}

#[derive(Deserialize)]
struct Jwk {
    kty: Option<String>,
    kid: Option<String>,
    crv: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

fn parse_jwk(json: &str) -> std::result::Result<SigningKey, String> {
    let jwk: Jwk = serde_json::from_str(json)
        .map_err(|err| format!("the private key JWK is invalid: {err}"))?;
    let part = |name: &str, value: &Option<String>| -> std::result::Result<Vec<u8>, String> {
        let value = value
            .as_deref()
            .ok_or_else(|| format!("the private key JWK lacks `{name}`"))?;
        URL_SAFE_NO_PAD
            .decode(value.trim_end_matches('='))
            .map_err(|_| format!("the private key JWK's `{name}` is not base64url"))
    };
    match jwk.kty.as_deref() {
        Some("RSA") => {
            let fields = [
                part("n", &jwk.n)?,
                part("e", &jwk.e)?,
                part("d", &jwk.d)?,
                part("p", &jwk.p)?,
                part("q", &jwk.q)?,
                part("dp", &jwk.dp)?,
                part("dq", &jwk.dq)?,
                part("qi", &jwk.qi)?,
            ];
            // PKCS#1 RSAPrivateKey: SEQUENCE { version 0, n, e, d, p, q, dp, dq, qi }.
            let mut content = der_integer(&[0]);
            for field in &fields {
                content.extend(der_integer(field));
            }
            let der = der_tlv(0x30, &content);
            Ok(SigningKey {
                key: EncodingKey::from_rsa_der(&der),
                algorithm: Algorithm::RS256,
                kid: jwk.kid,
            })
        }
        Some("EC") => {
            if jwk.crv.as_deref() != Some("P-256") {
                return Err("only P-256 (ES256) EC keys are supported".into());
            }
            let d = fixed_32(part("d", &jwk.d)?, "d")?;
            let x = fixed_32(part("x", &jwk.x)?, "x")?;
            let y = fixed_32(part("y", &jwk.y)?, "y")?;
            // PKCS#8 PrivateKeyInfo holding a SEC1 ECPrivateKey with its public key.
            let mut der = vec![
                0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce,
                0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04,
                0x6d, 0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20,
            ];
            der.extend(d);
            der.extend([0xa1, 0x44, 0x03, 0x42, 0x00, 0x04]);
            der.extend(x);
            der.extend(y);
            Ok(SigningKey {
                key: EncodingKey::from_ec_der(&der),
                algorithm: Algorithm::ES256,
                kid: jwk.kid,
            })
        }
        Some(other) => Err(format!(
            "the private key JWK has kty `{other}`; expected `RSA` or `EC`"
        )),
        None => Err("the private key JWK lacks `kty`".into()),
    }
}

fn fixed_32(mut bytes: Vec<u8>, name: &str) -> std::result::Result<Vec<u8>, String> {
    while bytes.len() > 32 && bytes[0] == 0 {
        bytes.remove(0);
    }
    if bytes.len() > 32 {
        return Err(format!(
            "the private key JWK's `{name}` is too long for P-256"
        ));
    }
    let mut out = vec![0; 32 - bytes.len()];
    out.extend(bytes);
    Ok(out)
}

fn der_len(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(content.len()));
    out.extend_from_slice(content);
    out
}

fn der_integer(big_endian: &[u8]) -> Vec<u8> {
    let mut bytes: Vec<u8> = big_endian.iter().copied().skip_while(|b| *b == 0).collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    der_tlv(0x02, &bytes)
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

#[derive(Clone)]
struct CachedToken {
    value: Secret,
    renew_at: Instant,
}

/// The client-credentials flow and its cached access token.
pub(crate) struct OAuth {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) key: SigningKey,
    pub(crate) token_url: reqwest::Url,
    cache: tokio::sync::Mutex<Option<CachedToken>>,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("key", &self.key)
            .field("token_url", &self.token_url.as_str())
            .finish()
    }
}

impl OAuth {
    pub(crate) fn new(
        client_id: String,
        scopes: Vec<String>,
        key: SigningKey,
        token_url: reqwest::Url,
    ) -> Self {
        OAuth {
            client_id,
            scopes,
            key,
            token_url,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// The cached access token, or a new one when there is none or it is about to expire.
    /// Concurrent callers wait for one token request instead of each sending their own.
    pub(crate) async fn access_token(
        &self,
        http: &reqwest::Client,
        deadline: Option<Instant>,
    ) -> Result<Secret> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.value.clone());
            }
        }
        let token = self.request_token(http, deadline).await?;
        let value = token.value.clone();
        *cache = Some(token);
        Ok(value)
    }

    /// Forgets `used` (after a 401), unless another request already replaced it.
    pub(crate) async fn invalidate(&self, used: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|t| &t.value == used) {
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
            exp: now + ASSERTION_LIFETIME.as_secs(),
            jti: random_hex(16),
        };
        self.key
            .sign(&claims)
            .map_err(|err| Error::Auth(format!("could not sign the client assertion: {err}")))
    }

    async fn request_token(
        &self,
        http: &reqwest::Client,
        deadline: Option<Instant>,
    ) -> Result<CachedToken> {
        let assertion = self.assertion()?;
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", &self.scopes.join(" ")),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", &assertion),
        ]
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                encode_query_component(k),
                encode_query_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
        let send = async {
            let response = http
                .post(self.token_url.clone())
                .header(http::header::ACCEPT, "application/json")
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form)
                .send()
                .await
                .map_err(Error::transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            let limit = if status.is_success() {
                usize::MAX
            } else {
                MAX_ERROR_BODY_READ
            };
            let body = crate::client::read_body(response, limit).await?;
            Ok::<_, Error>((status, headers, body))
        };
        let (status, headers, body) = match deadline {
            Some(deadline) => {
                let remaining = deadline.saturating_duration_since(Instant::now());
                tokio::time::timeout(remaining, send)
                    .await
                    .map_err(|_| Error::Auth("the access token request timed out".into()))??
            }
            None => send.await?,
        };
        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError::from_reply(
                status, headers, &body,
            ))));
        }
        let reply: TokenReply = decode_json(status, &headers, &body)?;
        if let Some(kind) = reply.token_type.as_deref() {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(Error::Auth(format!(
                    "the token endpoint returned a `{kind}` token; only Bearer tokens are supported"
                )));
            }
        }
        let lifetime = Duration::from_secs(reply.expires_in.unwrap_or(3600));
        let renew_before = RENEW_BEFORE_EXPIRY.min(lifetime / 2);
        tracing::debug!(
            expires_in_secs = lifetime.as_secs(),
            "obtained an Okta access token"
        );
        Ok(CachedToken {
            value: Secret::new(reply.access_token),
            renew_at: Instant::now() + lifetime - renew_before,
        })
    }
}

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
