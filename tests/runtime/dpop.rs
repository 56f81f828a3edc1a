//! DPoP (RFC 9449) against a loopback authorization and resource server that enforces it: every
//! proof's signature is verified with the `jwk` of its header, and its `typ`, `htm`, `htu`,
//! `iat`, `jti` (no replay), `ath` and nonce are checked; tokens are bound to the key's RFC 7638
//! thumbprint (`cnf.jkt`) and the resource server refuses a proof by any other key.
//!
//! Signatures are verified with `ring` from the header's `jwk` (`support::verify_jws`, which
//! shares no code with the SDK's signer). The thumbprint is computed below from the JWK's
//! required members (RFC 7638 section 3.2) and checked against the RFC's own example; see
//! `thumbprint`.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::TryStreamExt as _;
use okta_sdk::{AuthorizationMode, Client, ClientBuilder, ConfigSources, Method};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{self, received};

/// How far a proof's `iat` may be from the server's clock (Okta allows about a minute).
const IAT_WINDOW_SECS: i64 = 60;

/// The API's answer to the `n`th (0-based) request whose DPoP checks passed, with its token.
type App = Box<dyn Fn(&Request, usize, &str) -> ResponseTemplate + Send + Sync>;

/// What the loopback servers require and how the API answers.
struct Policy {
    /// The token endpoint refuses a request without a proof (`invalid_dpop_proof`).
    require_dpop: bool,
    /// The token endpoint wants its nonce in proofs (`use_dpop_nonce`).
    token_nonce: bool,
    /// The resource server wants its nonce in proofs.
    api_nonce: bool,
    /// The servers move to a new nonce before checking every request, so the nonce a client
    /// got can never satisfy them.
    rotate_nonce: bool,
    /// The token endpoint refuses every proof (`invalid_dpop_proof`).
    reject_proofs: bool,
    /// Lifetime of issued tokens (0: renewed on every call).
    expires_in: u64,
    /// The API's answer to the `n`th (0-based) request whose DPoP checks passed.
    app: App,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            require_dpop: true,
            token_nonce: false,
            api_nonce: false,
            rotate_nonce: false,
            reject_proofs: false,
            expires_in: 3600,
            app: Box::new(|_, _, _| ResponseTemplate::new(200).set_body_json(json!({"ok": true}))),
        }
    }
}

/// What the servers saw, for assertions.
#[derive(Default)]
struct State {
    jtis: HashSet<String>,
    /// Issued access token -> thumbprint of the key it is bound to (`cnf.jkt`); `None`: Bearer.
    tokens: HashMap<String, Option<String>>,
    token_nonce: usize,
    api_nonce: usize,
    /// One line per request: `token <outcome>` or `api <outcome>`.
    log: Vec<String>,
    /// Thumbprints of the keys that signed accepted proofs.
    keys: HashSet<String>,
    /// Header `alg`s of accepted proofs.
    algs: HashSet<String>,
    /// `htu`s of accepted API proofs.
    api_htus: Vec<String>,
    app_calls: usize,
}

struct Rfc9449 {
    policy: Policy,
    state: Mutex<State>,
    issued: AtomicUsize,
}

enum Refusal {
    /// The proof lacks the server's current nonce.
    UseNonce,
    /// The proof is wrong: why.
    Invalid(String),
}

impl Rfc9449 {
    fn log(&self, line: String) {
        self.state.lock().unwrap().log.push(line);
    }

    fn nonce(&self, token_endpoint: bool) -> String {
        let state = self.state.lock().unwrap();
        if token_endpoint {
            format!("token-nonce-{}", state.token_nonce)
        } else {
            format!("api-nonce-{}", state.api_nonce)
        }
    }

    /// Checks one proof (RFC 9449 section 4.3) and returns the thumbprint of its key.
    fn verify(
        &self,
        request: &Request,
        access_token: Option<&str>,
        token_endpoint: bool,
    ) -> Result<String, Refusal> {
        let invalid = |why: &str| Refusal::Invalid(why.to_owned());
        let values: Vec<_> = request.headers.get_all("dpop").iter().collect();
        if values.len() != 1 {
            return Err(invalid("expected exactly one DPoP header"));
        }
        let proof = values[0]
            .to_str()
            .map_err(|_| invalid("DPoP header is not text"))?;
        // The raw header: typ, alg, and a jwk with public members only.
        let raw_header: Value = proof
            .split('.')
            .next()
            .and_then(|h| URL_SAFE_NO_PAD.decode(h).ok())
            .and_then(|h| serde_json::from_slice(&h).ok())
            .ok_or_else(|| invalid("the proof's header cannot be parsed"))?;
        if raw_header["typ"] != "dpop+jwt" {
            return Err(invalid("typ is not dpop+jwt"));
        }
        let alg = raw_header["alg"].as_str().unwrap_or_default().to_owned();
        if !["ES256", "RS256"].contains(&alg.as_str()) {
            return Err(invalid("unexpected alg"));
        }
        let jwk = raw_header["jwk"]
            .as_object()
            .ok_or_else(|| invalid("no jwk header"))?;
        for private in ["d", "p", "q", "dp", "dq", "qi", "k", "oth"] {
            if jwk.contains_key(private) {
                return Err(invalid("the jwk header holds private key material"));
            }
        }
        // The signature, verified with the key the header names.
        let (_, claims) = support::verify_jws(proof, &raw_header["jwk"])
            .map_err(|err| Refusal::Invalid(format!("signature: {err}")))?;
        if claims["htm"] != request.method.as_str() {
            return Err(invalid("htm"));
        }
        // The URL the request was sent to (wiremock's `url` names `localhost`; `Host` is real),
        // without query or fragment.
        let host = support::header(request, "host").unwrap_or_default();
        let expected_htu = format!("http://{host}{}", request.url.path());
        if claims["htu"] != expected_htu.as_str() {
            return Err(Refusal::Invalid(format!(
                "htu {} is not {expected_htu}",
                claims["htu"]
            )));
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let iat = claims["iat"].as_i64().ok_or_else(|| invalid("no iat"))?;
        if (iat - now).abs() > IAT_WINDOW_SECS {
            return Err(invalid("iat is not fresh"));
        }
        let expected_ath = access_token.map(|t| {
            URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, t.as_bytes()))
        });
        if claims["ath"].as_str() != expected_ath.as_deref() {
            return Err(invalid("ath"));
        }
        let wants_nonce = if token_endpoint {
            self.policy.token_nonce
        } else {
            self.policy.api_nonce
        };
        if wants_nonce && self.policy.rotate_nonce {
            let mut state = self.state.lock().unwrap();
            if token_endpoint {
                state.token_nonce += 1;
            } else {
                state.api_nonce += 1;
            }
        }
        if wants_nonce && claims["nonce"].as_str() != Some(self.nonce(token_endpoint).as_str()) {
            return Err(Refusal::UseNonce);
        }
        // Last: a replayed proof is refused even if everything else is right.
        let jti = claims["jti"].as_str().ok_or_else(|| invalid("no jti"))?;
        let mut state = self.state.lock().unwrap();
        if jti.len() < 16 || !state.jtis.insert(jti.to_owned()) {
            return Err(invalid("jti replayed"));
        }
        let jkt = thumbprint(&Value::Object(jwk.clone()));
        state.keys.insert(jkt.clone());
        state.algs.insert(alg);
        if !token_endpoint {
            state
                .api_htus
                .push(claims["htu"].as_str().unwrap().to_owned());
        }
        Ok(jkt)
    }

    /// A challenge for a nonce: `DPoP-Nonce`, and the body or `WWW-Authenticate` of the server.
    fn nonce_challenge(&self, token_endpoint: bool) -> ResponseTemplate {
        let nonce = self.nonce(token_endpoint);
        if token_endpoint {
            ResponseTemplate::new(400)
                .insert_header("DPoP-Nonce", nonce.as_str())
                .set_body_json(json!({
                    "error": "use_dpop_nonce",
                    "error_description": "Authorization server requires nonce in DPoP proof."
                }))
        } else {
            ResponseTemplate::new(401)
                .insert_header("DPoP-Nonce", nonce.as_str())
                .insert_header(
                    "WWW-Authenticate",
                    "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"",
                )
        }
    }

    fn token(&self, request: &Request) -> ResponseTemplate {
        let has_proof = request.headers.contains_key("dpop");
        if !has_proof {
            if self.policy.require_dpop {
                self.log("token no-proof refused".into());
                return ResponseTemplate::new(400).set_body_json(json!({
                    "error": "invalid_dpop_proof",
                    "error_description": "The DPoP proof JWT header is missing."
                }));
            }
            self.log("token bearer".into());
            return self.issue(None);
        }
        let verified = if self.policy.reject_proofs {
            Err(Refusal::Invalid("rejected by policy".into()))
        } else {
            self.verify(request, None, true)
        };
        match verified {
            Ok(jkt) => {
                self.log("token proof ok".into());
                self.issue(Some(jkt))
            }
            Err(Refusal::UseNonce) => {
                self.log("token proof use_dpop_nonce".into());
                self.nonce_challenge(true)
            }
            Err(Refusal::Invalid(why)) => {
                self.log(format!("token proof invalid: {why}"));
                ResponseTemplate::new(400).set_body_json(json!({
                    "error": "invalid_dpop_proof",
                    "error_description": format!("Invalid DPoP proof: {why}")
                }))
            }
        }
    }

    fn issue(&self, jkt: Option<String>) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let token = format!("access-token-{n}");
        let bound = jkt.is_some();
        // A real server would sign a JWT with `cnf.jkt`; the binding is what matters here.
        self.state.lock().unwrap().tokens.insert(token.clone(), jkt);
        ResponseTemplate::new(200).set_body_json(json!({
            "token_type": if bound { "DPoP" } else { "Bearer" },
            "expires_in": self.policy.expires_in,
            "access_token": token,
            "scope": "okta.users.read"
        }))
    }

    fn api(&self, request: &Request) -> ResponseTemplate {
        let authorization = support::header(request, "authorization").unwrap_or_default();
        let unauthorized = |error: &str, line: String| {
            self.log(line);
            ResponseTemplate::new(401)
                .insert_header(
                    "WWW-Authenticate",
                    format!("DPoP error=\"{error}\"").as_str(),
                )
                .set_body_json(
                    json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
                )
        };
        let (scheme, token) = authorization.split_once(' ').unwrap_or_default();
        let binding = self.state.lock().unwrap().tokens.get(token).cloned();
        let Some(binding) = binding else {
            return unauthorized("invalid_token", "api unknown token".into());
        };
        match binding {
            None if scheme == "Bearer" => {}
            None => return unauthorized("invalid_token", "api bearer token sent as DPoP".into()),
            Some(_) if scheme != "DPoP" => {
                return unauthorized("invalid_token", format!("api bound token sent as {scheme}"));
            }
            Some(jkt) => match self.verify(request, Some(token), false) {
                Ok(proof_jkt) if proof_jkt == jkt => {}
                Ok(_) => {
                    return unauthorized("invalid_dpop_proof", "api proof by another key".into());
                }
                Err(Refusal::UseNonce) => {
                    self.log("api use_dpop_nonce".into());
                    return self.nonce_challenge(false);
                }
                Err(Refusal::Invalid(why)) => {
                    return unauthorized("invalid_dpop_proof", format!("api proof invalid: {why}"));
                }
            },
        }
        let n = {
            let mut state = self.state.lock().unwrap();
            state.app_calls += 1;
            state.app_calls - 1
        };
        self.log(format!("api ok {token}"));
        (self.policy.app)(request, n, token)
    }
}

struct Endpoint(Arc<Rfc9449>, bool);

impl Respond for Endpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.1 {
            self.0.token(request)
        } else {
            self.0.api(request)
        }
    }
}

/// RFC 7638: SHA-256 of the JSON of the key's required members in lexicographic order, no
/// whitespace. The JOSE crates that have one either bring OpenSSL (josekit) or force
/// `serde_json/preserve_order` on the whole test build (biscuit), so it is written out here and
/// pinned by the RFC's example in `thumbprint_matches_rfc_7638`.
fn thumbprint(jwk: &Value) -> String {
    let members: &[&str] = match jwk["kty"].as_str() {
        Some("EC") => &["crv", "kty", "x", "y"],
        Some("RSA") => &["e", "kty", "n"],
        _ => panic!("unexpected kty in {jwk}"),
    };
    // serde_json's map keeps keys sorted, which is the order RFC 7638 asks for.
    let required: serde_json::Map<String, Value> = members
        .iter()
        .map(|m| ((*m).to_owned(), jwk[*m].clone()))
        .collect();
    let canonical = serde_json::to_string(&required).unwrap();
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        canonical.as_bytes(),
    ))
}

#[test]
fn thumbprint_matches_rfc_7638() {
    // RFC 7638 section 3.1.
    let jwk = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    assert_eq!(
        thumbprint(&jwk),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

/// Starts the servers with `policy`.
async fn start(policy: Policy) -> (MockServer, Arc<Rfc9449>) {
    let server = MockServer::start().await;
    let rfc = Arc::new(Rfc9449 {
        policy,
        state: Mutex::new(State::default()),
        issued: AtomicUsize::new(0),
    });
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(Endpoint(Arc::clone(&rfc), true))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path_regex("^/api/"))
        .respond_with(Endpoint(Arc::clone(&rfc), false))
        .mount(&server)
        .await;
    (server, rfc)
}

fn client_of(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .org_url(server.uri())
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id("0oa-service-app")
        .scopes(["okta.users.read"])
        .private_key(support::key("rsa_private.pem"))
        .allow_insecure_http(true)
        .clock(support::TestClock::new())
}

fn log(rfc: &Rfc9449) -> Vec<String> {
    rfc.state.lock().unwrap().log.clone()
}

async fn get(client: &Client, path: &str) -> okta_sdk::Result<Value> {
    client.request(Method::GET, path).send_json().await
}

#[tokio::test]
async fn token_requests_carry_a_verified_proof_from_the_first_attempt() {
    let (server, rfc) = start(Policy::default()).await;
    let client = client_of(&server).dpop(true).build().unwrap();
    assert_eq!(get(&client, "/api/v1/users/me").await.unwrap()["ok"], true);
    assert_eq!(log(&rfc), ["token proof ok", "api ok access-token-1"]);
    let requests = received(&server).await;
    let token_proof = support::header(&requests[0], "dpop").unwrap();
    let api = &requests[1];
    assert_eq!(
        support::header(api, "authorization"),
        Some("DPoP access-token-1")
    );
    // One key for the token and the call, a P-256 key by default.
    let state = rfc.state.lock().unwrap();
    assert_eq!(state.keys.len(), 1);
    assert_eq!(state.algs, HashSet::from(["ES256".to_owned()]));
    assert_ne!(support::header(api, "dpop"), Some(token_proof));
}

#[tokio::test]
async fn a_nonce_challenge_on_the_token_endpoint_costs_one_retry_and_the_nonce_is_reused() {
    let (server, rfc) = start(Policy {
        token_nonce: true,
        expires_in: 0, // a new token for every call
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    // 2 token requests for a nonce-requiring server, never 3.
    assert_eq!(
        log(&rfc),
        [
            "token proof use_dpop_nonce",
            "token proof ok",
            "api ok access-token-1"
        ]
    );
    // The next token request already carries the nonce.
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(log(&rfc)[3..], ["token proof ok", "api ok access-token-2"]);
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn a_nonce_challenge_on_api_calls_is_answered_once_and_the_nonce_is_reused() {
    let (server, rfc) = start(Policy {
        api_nonce: true,
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(
        log(&rfc),
        [
            "token proof ok",
            "api use_dpop_nonce",
            "api ok access-token-1",
            "api ok access-token-1"
        ]
    );
}

#[tokio::test]
async fn a_nonce_refused_again_gives_an_error_naming_cause_and_fix_without_looping() {
    let (server, rfc) = start(Policy {
        api_nonce: true,
        rotate_nonce: true,
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    let err = get(&client, "/api/v1/org").await.unwrap_err();
    assert_eq!(
        log(&rfc),
        ["token proof ok", "api use_dpop_nonce", "api use_dpop_nonce"]
    );
    let text = err.to_string();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(
        text.contains("DPoP nonce") && text.contains("DPoP-Nonce"),
        "{text}"
    );
    assert!(!text.contains("access-token-1"), "{text}");
}

#[tokio::test]
async fn each_page_of_a_list_gets_its_own_proof_with_the_htu_of_its_url_without_the_query() {
    let (server, rfc) = start(Policy {
        api_nonce: true,
        app: Box::new(|request, n, _| {
            let base = format!(
                "http://{}/api/v1/users",
                support::header(request, "host").unwrap()
            );
            let page = ResponseTemplate::new(200).set_body_json(json!([{"id": format!("00u{n}")}]));
            match n {
                0 => page.insert_header(
                    "Link",
                    format!("<{base}?after=00u0&limit=1>; rel=\"next\"").as_str(),
                ),
                1 => page.insert_header(
                    "Link",
                    format!("<{base}?limit=1&after=00u1#frag>; rel=\"next\"").as_str(),
                ),
                _ => page,
            }
        }),
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    let items: Vec<Value> = client
        .request(Method::GET, "/api/v1/users")
        .query("limit", 1)
        .query("search", "profile.department eq \"Eng\"")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    let htu = format!("{}/api/v1/users", server.uri());
    let htus = rfc.state.lock().unwrap().api_htus.clone();
    assert_eq!(htus, [htu.clone(), htu.clone(), htu]);
    let api: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/api/v1/users")
        .collect();
    // The first page is challenged for the nonce, then every page is fetched once.
    assert_eq!(api.len(), 4);
    assert!(api.iter().all(|r| r.url.query().is_some()));
}

#[tokio::test]
async fn a_rate_limit_retry_sends_a_fresh_proof() {
    let (server, rfc) = start(Policy {
        app: Box::new(|_, n, _| {
            if n == 0 {
                support::too_many_requests("req-429", 1)
            } else {
                ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
            }
        }),
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(
        log(&rfc),
        [
            "token proof ok",
            "api ok access-token-1",
            "api ok access-token-1"
        ]
    );
    let proofs: HashSet<String> = received(&server)
        .await
        .iter()
        .filter_map(|r| support::header(r, "dpop").map(str::to_owned))
        .collect();
    assert_eq!(proofs.len(), 3, "every request has its own proof");
}

#[tokio::test]
async fn a_401_renews_the_token_and_the_new_proof_is_bound_to_the_new_token() {
    let (server, rfc) = start(Policy {
        app: Box::new(|_, _, token| {
            if token == "access-token-1" {
                // Revoked: the DPoP checks passed, the token itself is no longer good.
                ResponseTemplate::new(401)
                    .insert_header("WWW-Authenticate", "DPoP error=\"invalid_token\"")
                    .set_body_json(
                        json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
                    )
            } else {
                ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
            }
        }),
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(
        log(&rfc),
        [
            "token proof ok",
            "api ok access-token-1",
            "token proof ok",
            "api ok access-token-2"
        ]
    );
}

#[tokio::test]
async fn without_the_flag_dpop_is_detected_on_the_first_refusal_and_then_always_used() {
    let (server, rfc) = start(Policy {
        token_nonce: true,
        expires_in: 0,
        ..Policy::default()
    })
    .await;
    // No `dpop` setting: a default-configured Okta app must work anyway.
    let client = client_of(&server).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(
        log(&rfc),
        [
            "token no-proof refused",
            "token proof use_dpop_nonce",
            "token proof ok",
            "api ok access-token-1",
            // Remembered: the next token request carries a proof (and the nonce) at once.
            "token proof ok",
            "api ok access-token-2",
        ]
    );
}

#[tokio::test]
async fn without_the_flag_an_app_without_dpop_keeps_bearer_tokens() {
    let (server, rfc) = start(Policy {
        require_dpop: false,
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(log(&rfc), ["token bearer", "api ok access-token-1"]);
    let requests = received(&server).await;
    assert_eq!(
        support::header(&requests[1], "authorization"),
        Some("Bearer access-token-1")
    );
    assert!(requests.iter().all(|r| !r.headers.contains_key("dpop")));
}

#[tokio::test]
async fn dpop_false_against_an_app_that_requires_it_names_the_fix() {
    let (server, rfc) = start(Policy::default()).await;
    let client = client_of(&server).dpop(false).build().unwrap();
    let err = get(&client, "/api/v1/org").await.unwrap_err();
    assert_eq!(log(&rfc), ["token no-proof refused"]);
    assert_eq!(err.error_code(), Some("invalid_dpop_proof"));
    let text = err.to_string();
    assert!(
        text.contains("requires DPoP") && text.contains("set `dpop: true`"),
        "{text}"
    );
}

#[tokio::test]
async fn a_supplied_rsa_key_signs_rs256_proofs_and_only_its_public_half_is_sent() {
    let (server, rfc) = start(Policy::default()).await;
    let client = client_of(&server)
        .private_key(support::key("ec_private.pem"))
        .dpop_private_key(support::key("rsa_private.pem"))
        .dpop(true)
        .build()
        .unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    assert_eq!(log(&rfc), ["token proof ok", "api ok access-token-1"]);
    let state = rfc.state.lock().unwrap();
    assert_eq!(state.algs, HashSet::from(["RS256".to_owned()]));
    // Debug never shows key material.
    let debug = format!("{client:?}");
    assert!(!debug.contains("BEGIN") && debug.contains("***"), "{debug}");
}

/// A supplied key of each form (PKCS#8 and PKCS#1 PEM, JWK) signs proofs whose header is
/// `typ`, `alg`, then the key's public JWK (`kty`, then its public members only), in that order,
/// and every proof is bound to the key's thumbprint.
#[tokio::test]
async fn a_supplied_key_of_each_form_sends_its_public_jwk_in_a_fixed_order() {
    let ec = support::jwk("ec_private.jwk.json");
    let rsa = support::jwk("rsa_private.jwk.json");
    let ec_header = format!(
        r#"{{"typ":"dpop+jwt","alg":"ES256","jwk":{{"kty":"EC","crv":"P-256","x":{},"y":{}}}}}"#,
        ec["x"], ec["y"]
    );
    let rsa_header = format!(
        r#"{{"typ":"dpop+jwt","alg":"RS256","jwk":{{"kty":"RSA","n":{},"e":{}}}}}"#,
        rsa["n"], rsa["e"]
    );
    for (key, header, jwk) in [
        ("ec_private.pem", &ec_header, &ec),
        ("ec_private.jwk.json", &ec_header, &ec),
        ("rsa_private.pem", &rsa_header, &rsa),
        ("rsa_private_pkcs1.pem", &rsa_header, &rsa),
        ("rsa_private.jwk.json", &rsa_header, &rsa),
    ] {
        let (server, rfc) = start(Policy::default()).await;
        let client = client_of(&server)
            .dpop_private_key(support::key(key))
            .dpop(true)
            .build()
            .unwrap();
        get(&client, "/api/v1/org").await.unwrap();
        assert_eq!(
            log(&rfc),
            ["token proof ok", "api ok access-token-1"],
            "{key}"
        );
        for request in received(&server).await {
            let proof = support::header(&request, "dpop").unwrap();
            let sent = URL_SAFE_NO_PAD
                .decode(proof.split('.').next().unwrap())
                .unwrap();
            assert_eq!(String::from_utf8(sent).unwrap(), *header, "{key}");
        }
        let keys = rfc.state.lock().unwrap().keys.clone();
        assert_eq!(keys, HashSet::from([thumbprint(jwk)]), "{key}");
    }
}

#[tokio::test]
async fn a_rejected_proof_gives_an_error_naming_cause_and_fix() {
    let (server, rfc) = start(Policy {
        reject_proofs: true,
        ..Policy::default()
    })
    .await;
    let client = client_of(&server).dpop(true).build().unwrap();
    let err = get(&client, "/api/v1/org").await.unwrap_err();
    assert_eq!(log(&rfc), ["token proof invalid: rejected by policy"]);
    assert_eq!(err.error_code(), Some("invalid_dpop_proof"));
    let text = err.to_string();
    assert!(
        text.contains("rejected the SDK's DPoP proof")
            && text.contains("clock")
            && text.contains("`dpop: false`"),
        "{text}"
    );
    // No key material or proof in the error.
    let proof = support::header(&received(&server).await[0], "dpop")
        .unwrap()
        .to_owned();
    let debug = format!("{err:?}");
    assert!(
        !debug.contains(&proof) && !debug.contains("\"d\""),
        "{debug}"
    );
}

#[tokio::test]
async fn the_test_server_refuses_a_replayed_proof() {
    let (server, rfc) = start(Policy::default()).await;
    let client = client_of(&server).dpop(true).build().unwrap();
    get(&client, "/api/v1/org").await.unwrap();
    let proof = received(&server).await[1]
        .headers
        .get("dpop")
        .unwrap()
        .clone();
    let replay = reqwest::Client::new()
        .get(format!("{}/api/v1/org", server.uri()))
        .header("authorization", "DPoP access-token-1")
        .header("dpop", proof)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status().as_u16(), 401);
    assert!(log(&rfc).last().unwrap().contains("jti replayed"));
}

#[test]
fn dpop_is_read_from_okta_yaml_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("okta.yaml"),
        "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    dpop: true\n",
    )
    .unwrap();
    let from_yaml = ClientBuilder::from_sources(&ConfigSources::empty().current_dir(dir.path()));
    assert!(format!("{from_yaml:?}").contains("dpop: Some(true)"));
    let from_env = ClientBuilder::from_sources(
        &ConfigSources::empty()
            .current_dir(dir.path())
            .env("OKTA_CLIENT_DPOP", "false"),
    );
    assert!(format!("{from_env:?}").contains("dpop: Some(false)"));
    let bad = ClientBuilder::from_sources(&ConfigSources::empty().env("OKTA_CLIENT_DPOP", "maybe"))
        .api_token("x")
        .org_url("https://dev-1.okta.com")
        .build()
        .unwrap_err();
    assert!(
        bad.to_string()
            .contains("OKTA_CLIENT_DPOP: dpop must be `true` or `false`"),
        "{bad}"
    );
}
