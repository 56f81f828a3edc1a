//! DPoP (RFC 9449): the client's proof key, the proofs that bind its access token to it, the
//! server nonces, and the hints given when Okta keeps rejecting proofs.
//!
//! Okta turns "Require DPoP" on by default for new API Services apps, and then refuses a token
//! request without a proof (`invalid_dpop_proof`). With `dpop` unset the SDK detects this: the
//! first such refusal is retried at once with a proof, and every later token request carries
//! one from the start.

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderMap;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use serde::Serialize;

use crate::auth::key_text;
use crate::jwt::{PrivateKey, PublicJwk};
use crate::random::random_hex;

/// The `typ` of a DPoP proof (RFC 9449 section 4.2).
const PROOF_TYPE: &str = "dpop+jwt";
/// The reply header carrying a server nonce.
pub(crate) const NONCE_HEADER: &str = "dpop-nonce";
/// The OAuth error asking for a proof (Okta: "The DPoP proof JWT header is missing").
pub(crate) const INVALID_PROOF: &str = "invalid_dpop_proof";
/// The OAuth error asking for a proof with the nonce given in `DPoP-Nonce`.
pub(crate) const USE_NONCE: &str = "use_dpop_nonce";
/// How to set the flag, for error messages.
const HOW_TO_SET: &str =
    "(`ClientBuilder::dpop`, `okta.client.dpop` in okta.yaml or `OKTA_CLIENT_DPOP`)";

/// A key that signs DPoP proofs, with its public half as a JWK (never the private parts).
pub(crate) struct DpopKey {
    key: PrivateKey,
    public: PublicJwk,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("algorithm", &self.key.alg())
            .field("key", &"***")
            .finish()
    }
}

impl DpopKey {
    /// A new P-256 (ES256) key, made for this client only.
    pub(crate) fn generate() -> Result<Self, String> {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| "could not generate a DPoP key".to_owned())?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .map_err(|err| format!("DPoP key: the generated key is not usable ({err})"))?;
        Ok(Self::new(PrivateKey::Ec(pair)))
    }

    /// A user-supplied key: an RSA (2048 to 4096 bits) or P-256 private key as a PKCS#8 or
    /// PKCS#1 PEM, or a JWK, or the path of a file holding one. A JWK's `kid` is not used
    /// (the proof carries the public key itself).
    pub(crate) fn parse(value: &str) -> Result<Self, String> {
        let text = key_text(value).map_err(|err| format!("DPoP key: {err}"))?;
        let (key, _kid) =
            PrivateKey::parse(text.expose()).map_err(|err| format!("DPoP key: {err}"))?;
        Ok(Self::new(key))
    }

    fn new(key: PrivateKey) -> Self {
        DpopKey {
            public: key.public_jwk(),
            key,
        }
    }

    fn sign(&self, claims: &ProofClaims<'_>) -> Result<String, String> {
        self.key.sign(PROOF_TYPE, None, Some(&self.public), claims)
    }
}

/// The claims of a proof (RFC 9449 section 4.2).
#[derive(Serialize)]
struct ProofClaims<'a> {
    htm: &'a str,
    htu: String,
    iat: u64,
    jti: String,
    /// base64url SHA-256 of the access token, on resource requests only.
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<String>,
}

/// Which server a nonce came from: Okta's authorization server and its resource server each
/// give their own (RFC 9449 sections 8 and 9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Server {
    /// The token endpoint.
    Token,
    /// The management API.
    Api,
}

/// DPoP for one client: its key, whether token requests carry a proof, and the last nonces.
pub(crate) struct Dpop {
    key: DpopKey,
    /// Whether `dpop` was left unset, so that the SDK may turn DPoP on when Okta asks for it.
    auto: bool,
    /// Whether token requests carry a proof: from the start with `dpop: true`, or once Okta
    /// refused a token request without one.
    required: AtomicBool,
    token_nonce: Mutex<Option<String>>,
    api_nonce: Mutex<Option<String>>,
}

impl fmt::Debug for Dpop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dpop")
            .field("key", &self.key)
            .field("auto", &self.auto)
            .field("required", &self.required.load(Ordering::Relaxed))
            .finish()
    }
}

impl Dpop {
    /// DPoP with `key`: always on when `required`, else turned on when Okta asks for it.
    pub(crate) fn new(key: DpopKey, required: bool) -> Self {
        Dpop {
            key,
            auto: !required,
            required: AtomicBool::new(required),
            token_nonce: Mutex::new(None),
            api_nonce: Mutex::new(None),
        }
    }

    /// Whether token requests carry a proof.
    pub(crate) fn in_use(&self) -> bool {
        self.required.load(Ordering::Relaxed)
    }

    /// Turns DPoP on after Okta refused a token request without a proof; `false` when it was
    /// on already or set off by the user (nothing to retry).
    pub(crate) fn detect(&self) -> bool {
        self.auto && !self.required.swap(true, Ordering::Relaxed)
    }

    fn nonce_slot(&self, server: Server) -> &Mutex<Option<String>> {
        match server {
            Server::Token => &self.token_nonce,
            Server::Api => &self.api_nonce,
        }
    }

    /// Keeps the `DPoP-Nonce` of a reply from `server` (any status), for the next proofs.
    /// Returns whether the reply had one.
    pub(crate) fn remember_nonce(&self, server: Server, headers: &HeaderMap) -> bool {
        let Some(nonce) = headers.get(NONCE_HEADER).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let mut slot = self
            .nonce_slot(server)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *slot = Some(nonce.to_owned());
        true
    }

    /// A fresh proof for `method` on `url` sent to `server`, bound to `access_token` if given
    /// (`ath`), with the server's last nonce if it gave one.
    pub(crate) fn proof(
        &self,
        server: Server,
        method: &http::Method,
        url: &reqwest::Url,
        access_token: Option<&str>,
    ) -> Result<String, String> {
        let nonce = self
            .nonce_slot(server)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let claims = ProofClaims {
            htm: method.as_str(),
            htu: htu(url),
            iat: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs(),
            jti: random_hex(16),
            ath: access_token.map(|token| {
                URL_SAFE_NO_PAD.encode(ring::digest::digest(
                    &ring::digest::SHA256,
                    token.as_bytes(),
                ))
            }),
            nonce,
        };
        self.key
            .sign(&claims)
            .map_err(|err| format!("could not sign the DPoP proof: {err}"))
    }
}

/// The `htu` of a request to `url`: scheme, host, port and path of the very URL sent (already
/// normalized by the URL parser: lowercase host, default port dropped, dot segments resolved),
/// without query or fragment (RFC 9449 section 4.2; Okta rejects a list call whose `htu` keeps
/// its `?limit=...`).
pub(crate) fn htu(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.into()
}

/// The `error` of a `WWW-Authenticate: DPoP error="..."` challenge, if the reply has one.
pub(crate) fn challenge_error(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| {
            v.trim_start()
                .get(..5)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("dpop "))
        })
        .find_map(|v| {
            let start = v.find("error=\"")? + "error=\"".len();
            let rest = &v[start..];
            Some(rest[..rest.find('"')?].to_owned())
        })
}

/// What to tell the user when Okta still answers `error` (an OAuth error code) after the SDK
/// did what it could; `None` for other errors. `proof_sent`: the failing request had a proof.
pub(crate) fn hint(error: &str, proof_sent: bool) -> Option<String> {
    match (error, proof_sent) {
        (INVALID_PROOF, false) => Some(format!(
            "this Okta app requires DPoP (\"Require Demonstrating Proof of Possession\" is on): \
             set `dpop: true` {HOW_TO_SET}, or leave it unset so that the SDK detects it"
        )),
        (INVALID_PROOF, true) => Some(format!(
            "Okta rejected the SDK's DPoP proof: check that this machine's clock is right (the \
             proof's `iat` must be close to Okta's time) and that a supplied DPoP key is an RSA \
             (2048 to 4096 bits) or P-256 key; if this app does not require DPoP, set `dpop: false` \
             {HOW_TO_SET}"
        )),
        (USE_NONCE, _) => Some(
            "Okta asked again for a DPoP nonce right after the SDK used the one it gave: a proxy \
             between this client and Okta may drop the `DPoP` or `DPoP-Nonce` headers (let them \
             through), or Okta's nonce changed in between (retry the call)"
                .to_owned(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_drops_query_and_fragment_and_keeps_the_normalized_origin_and_path() {
        let url = reqwest::Url::parse("HTTPS://Dev-1.Okta.com:443/api/v1/users?limit=2&after=x#f")
            .unwrap();
        assert_eq!(htu(&url), "https://dev-1.okta.com/api/v1/users");
        let url = reqwest::Url::parse("http://127.0.0.1:8080/api/v1/a%2Fb?q=1").unwrap();
        assert_eq!(htu(&url), "http://127.0.0.1:8080/api/v1/a%2Fb");
    }

    #[test]
    fn challenge_error_reads_dpop_challenges_only() {
        let mut headers = HeaderMap::new();
        headers.append(
            http::header::WWW_AUTHENTICATE,
            "Bearer error=\"invalid_token\"".parse().unwrap(),
        );
        assert_eq!(challenge_error(&headers), None);
        headers.append(
            http::header::WWW_AUTHENTICATE,
            "DPoP algs=\"ES256 RS256\", error=\"use_dpop_nonce\", error_description=\"x\""
                .parse()
                .unwrap(),
        );
        assert_eq!(challenge_error(&headers).as_deref(), Some(USE_NONCE));
    }

    #[test]
    fn debug_shows_no_key_material() {
        let key = DpopKey::generate().unwrap();
        let dpop = Dpop::new(key, false);
        let text = format!("{dpop:?}");
        assert!(text.contains("***") && !text.contains("\"x\""), "{text}");
    }
}
