//! What arrives at the server for each auth mode, and the token's life cycle.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_sdk::{AuthorizationMode, Client, Method};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, Sequence, TOKEN, received};

const CLIENT_ID: &str = "0oa-service-app";

#[tokio::test]
async fn ssws_token_and_user_agent_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/me"))
        .and(header("authorization", format!("SSWS {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .user_agent_prefix("my-app/1.2")
        .build()
        .unwrap();
    let me: Value = client
        .request(Method::GET, "/api/v1/users/me")
        .send_json()
        .await
        .unwrap();
    assert_eq!(me["id"], "00u1");

    let requests = received(&server).await;
    let ua = support::header(&requests[0], "user-agent").unwrap();
    let parts: Vec<&str> = ua.split(' ').collect();
    assert_eq!(parts.len(), 4, "{ua}");
    assert_eq!(parts[0], "my-app/1.2");
    assert!(
        parts[1]
            .strip_prefix("okta-sdk-rust/")
            .is_some_and(|v| v.contains('.')),
        "{ua}"
    );
    assert!(ua.ends_with(&format!(" {}", std::env::consts::OS)), "{ua}");
    let rustc = ua.split(' ').nth(2).unwrap().trim_start_matches("rust/");
    assert!(rustc.starts_with("1."), "rustc version in {ua}");
    assert_eq!(ua, format!("my-app/1.2 {}", okta_sdk::default_user_agent()));
    assert_eq!(client.user_agent(), ua);
}

fn token_reply(access_token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_type": "Bearer",
        "expires_in": expires_in,
        "access_token": access_token,
        "scope": "okta.users.read okta.groups.read"
    }))
}

fn private_key_client(server: &MockServer, key: &str) -> okta_sdk::ClientBuilder {
    Client::builder()
        .org_url(server.uri())
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id(CLIENT_ID)
        .scopes(["okta.users.read", "okta.groups.read"])
        .private_key(key)
        .allow_insecure_http(true)
}

fn form(body: &[u8]) -> HashMap<String, String> {
    let text = std::str::from_utf8(body).unwrap();
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// Runs two calls with a PrivateKey client and checks the token request and the assertion:
/// its signature (with `public`, the fixture JWK of the same key), header and claims.
async fn check_private_key_flow(
    key: &str,
    public: &Value,
    alg: &str,
    kid: Option<&str>,
    key_id_setting: Option<&str>,
) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(token_reply("access-token-1", 3600))
        .expect(1) // cached for the second call
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/me"))
        .and(header("authorization", "Bearer access-token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .expect(2)
        .mount(&server)
        .await;
    let mut builder = private_key_client(&server, key);
    if let Some(kid) = key_id_setting {
        builder = builder.key_id(kid);
    }
    let client = builder.build().unwrap();
    for _ in 0..2 {
        client
            .request(Method::GET, "/api/v1/users/me")
            .send()
            .await
            .unwrap();
    }

    let requests = received(&server).await;
    let token_request = &requests[0];
    assert_eq!(token_request.url.path(), "/oauth2/v1/token");
    let form = form(&token_request.body);
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["scope"], "okta.users.read okta.groups.read");
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    let (header, claims) = support::verify_jws(&form["client_assertion"], public)
        .expect("assertion verifies with the public key");
    assert_eq!(header["alg"], alg);
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["kid"].as_str(), kid);
    assert_eq!(
        header.as_object().unwrap().len(),
        2 + usize::from(kid.is_some())
    );
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["aud"], token_url);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert!(exp > iat && exp - iat <= 600, "exp {exp} iat {iat}");
    assert!(
        iat <= now + 60 && exp > now,
        "iat {iat} exp {exp} now {now}"
    );
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
}

#[tokio::test]
async fn private_key_rsa_pem_gets_a_token_with_a_verifiable_assertion() {
    check_private_key_flow(
        &support::key("rsa_private.pem"),
        &support::jwk("rsa_private.jwk.json"),
        "RS256",
        Some("kid-setting"),
        Some("kid-setting"),
    )
    .await;
}

#[tokio::test]
async fn private_key_pkcs1_rsa_pem_signs_rs256() {
    check_private_key_flow(
        &support::key("rsa_private_pkcs1.pem"),
        &support::jwk("rsa_private.jwk.json"),
        "RS256",
        None,
        None,
    )
    .await;
}

#[tokio::test]
async fn private_key_ec_pem_from_a_file_path_signs_es256() {
    let path = support::key_path("ec_private.pem");
    check_private_key_flow(
        path.to_str().unwrap(),
        &support::jwk("ec_private.jwk.json"),
        "ES256",
        None,
        None,
    )
    .await;
}

#[tokio::test]
async fn private_key_rsa_jwk_uses_its_kid() {
    check_private_key_flow(
        &support::key("rsa_private.jwk.json"),
        &support::jwk("rsa_private.jwk.json"),
        "RS256",
        Some("rsa-jwk-kid"),
        None,
    )
    .await;
}

#[tokio::test]
async fn private_key_ec_jwk_signs_es256() {
    check_private_key_flow(
        &support::key("ec_private.jwk.json"),
        &support::jwk("ec_private.jwk.json"),
        "ES256",
        Some("ec-jwk-kid"),
        None,
    )
    .await;
}

/// The PEM of `der` under `tag`, in 64-character lines.
fn pem(tag: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|line| std::str::from_utf8(line).unwrap())
        .collect();
    format!(
        "-----BEGIN {tag}-----\n{}\n-----END {tag}-----\n",
        lines.join("\n")
    )
}

/// The DER of a fixture PEM.
fn der(name: &str) -> Vec<u8> {
    let text = support::key(name);
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

/// A fixture JWK with `member` set to `value` (removed when `None`).
fn jwk_with(name: &str, member: &str, value: Option<Value>) -> String {
    let mut jwk = support::jwk(name);
    let members = jwk.as_object_mut().unwrap();
    match value {
        Some(value) => members.insert(member.to_owned(), value),
        None => members.remove(member),
    };
    jwk.to_string()
}

/// The configuration error for `key` (as `private_key`, then as `dpop_private_key`): each says
/// which key and what is wrong with its form, and quotes none of it.
fn key_errors(key: &str) -> [String; 2] {
    let base = || {
        Client::builder()
            .org_url("https://dev-1.okta.com")
            .authorization_mode(AuthorizationMode::PrivateKey)
            .client_id(CLIENT_ID)
            .scopes(["okta.users.read"])
    };
    let errors = [
        base().private_key(key).build().unwrap_err(),
        base()
            .private_key(support::key("ec_private.pem"))
            .dpop_private_key(key)
            .build()
            .unwrap_err(),
    ];
    errors.map(|err| {
        let text = err.to_string();
        support::assert_no_key_material(&format!("{text}\n{err:?}"), key);
        text
    })
}

#[test]
fn broken_keys_of_each_form_are_refused_with_a_clear_error_and_no_key_material() {
    // Byte 100 of each DER is inside the RSA modulus; byte 40 inside the P-256 private scalar.
    let corrupt = |name: &str, at: usize| {
        let mut der = der(name);
        der[at] ^= 0x55;
        der
    };
    let rsa_pkcs8 = pem("PRIVATE KEY", &corrupt("rsa_private.pem", 100));
    let rsa_pkcs1 = pem("RSA PRIVATE KEY", &corrupt("rsa_private_pkcs1.pem", 100));
    let ec_pkcs8 = pem("PRIVATE KEY", &corrupt("ec_private.pem", 40));
    let truncated = pem("PRIVATE KEY", &der("ec_private.pem")[..60]);
    let sec1 = pem("EC PRIVATE KEY", &der("ec_private.pem"));
    let not_base64 = "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----".to_owned();
    // A valid base64url `dp` of the wrong value: ring checks the CRT values when it signs.
    let rsa_dp = support::jwk("rsa_private.jwk.json")["dq"].clone();
    let ec_x = support::jwk("ec_private.jwk.json")["y"].clone();
    let cases: Vec<(String, &str)> = vec![
        (
            rsa_pkcs8,
            "the PKCS#8 (`PRIVATE KEY`) PEM is not a usable RSA key",
        ),
        (
            rsa_pkcs1,
            "the PKCS#1 (`RSA PRIVATE KEY`) PEM is not a usable RSA key",
        ),
        (
            ec_pkcs8,
            "the PKCS#8 (`PRIVATE KEY`) PEM is not a usable P-256 key",
        ),
        (
            truncated,
            "the PKCS#8 (`PRIVATE KEY`) PEM holds no readable key",
        ),
        (sec1, "`EC PRIVATE KEY` PEMs are not supported"),
        (not_base64, "the PEM cannot be read"),
        (
            jwk_with("rsa_private.jwk.json", "dp", Some(rsa_dp)),
            "the RSA key cannot sign (RSA signing failed): its CRT values",
        ),
        (
            jwk_with("rsa_private.jwk.json", "qi", None),
            "the JWK lacks `qi`",
        ),
        (
            jwk_with("rsa_private.jwk.json", "n", Some(json!("n0t*base64"))),
            "the JWK's `n` is not base64url",
        ),
        (
            jwk_with("ec_private.jwk.json", "x", Some(ec_x)),
            "the EC JWK is not a usable P-256 key",
        ),
        (
            jwk_with("ec_private.jwk.json", "crv", Some(json!("P-384"))),
            "the EC JWK is not a P-256 key: only P-256 (ES256) is supported",
        ),
        (
            jwk_with("ec_private.jwk.json", "d", Some(json!(42))),
            "the JWK has a member that is not a string",
        ),
        (
            jwk_with("ec_private.jwk.json", "kty", Some(json!("OKP"))),
            "the JWK has kty `OKP`",
        ),
        ("{\"kty\": \"RSA\",".to_owned(), "the JWK is not valid JSON"),
    ];
    for (key, expected) in cases {
        let [private_key, dpop_key] = key_errors(&key);
        assert!(
            private_key.contains(&format!("private key: {expected}")),
            "{expected}: {private_key}"
        );
        assert!(
            dpop_key.contains(&format!("DPoP key: {expected}")),
            "{expected}: {dpop_key}"
        );
    }
}

#[tokio::test]
async fn jti_is_unique_per_assertion() {
    let server = MockServer::start().await;
    // A token that lives 0 s is renewed on every call.
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token_reply("short", 0))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = private_key_client(&server, &support::key("rsa_private.pem"))
        .build()
        .unwrap();
    for _ in 0..3 {
        client
            .request(Method::GET, "/api/v1/org")
            .send()
            .await
            .unwrap();
    }
    let mut jtis = Vec::new();
    for request in received(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == "/oauth2/v1/token")
    {
        let assertion = form(&request.body)["client_assertion"].clone();
        let payload = assertion.split('.').nth(1).unwrap().to_owned();
        jtis.push(payload);
    }
    jtis.sort();
    jtis.dedup();
    assert_eq!(jtis.len(), 3, "each assertion differs (jti, iat)");
}

#[tokio::test]
async fn token_is_renewed_before_it_expires() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(Sequence::new(vec![
            token_reply("first", 1),
            token_reply("second", 3600),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = private_key_client(&server, &support::key("ec_private.pem"))
        .build()
        .unwrap();
    client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap();
    // A 1 s token is renewed at half its life.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap();
    let auth: Vec<String> = received(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == "/api/v1/org")
        .map(|r| support::header(r, "authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auth, ["Bearer first", "Bearer second"]);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(Sequence::new(vec![
            token_reply("revoked", 3600),
            token_reply("fresh", 3600),
            token_reply("third", 3600),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = private_key_client(&server, &support::key("rsa_private.pem"))
        .build()
        .unwrap();
    let reply: Value = client
        .request(Method::GET, "/api/v1/org")
        .send_json()
        .await
        .unwrap();
    assert_eq!(reply["ok"], true);
}

#[tokio::test]
async fn a_second_401_is_returned_not_looped() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token_reply("t", 3600))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let client = private_key_client(&server, &support::key("rsa_private.pem"))
        .build()
        .unwrap();
    let err = client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.error_code(), Some("E0000011"));
}

#[tokio::test]
async fn ssws_401_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = support::client(&server)
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some("E0000011"));
}

#[tokio::test]
async fn token_endpoint_errors_surface_oauth_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": "The client_assertion signature is invalid."
        })))
        .mount(&server)
        .await;
    let client = private_key_client(&server, &support::key("rsa_private.pem"))
        .build()
        .unwrap();
    let err = client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("API error");
    assert_eq!(api.error_code.as_deref(), Some("invalid_client"));
    assert_eq!(
        err.to_string(),
        "Okta HTTP 401 invalid_client The client_assertion signature is invalid."
    );
    // The resource was never called without a token.
    assert!(
        received(&server)
            .await
            .iter()
            .all(|r| r.url.path() == "/oauth2/v1/token")
    );
}

/// A supplied HTTP client also sends the token request (with the SDK's User-Agent), and a hook
/// sees neither the token request nor the access token.
#[tokio::test]
async fn a_supplied_http_client_sends_the_token_request_and_hooks_never_see_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token_reply("secret-access-token", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer secret-access-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = okta_sdk::reqwest::header::HeaderMap::new();
    defaults.insert(
        "x-from-my-client",
        okta_sdk::HeaderValue::from_static("yes"),
    );
    let http = okta_sdk::reqwest::Client::builder()
        .redirect(okta_sdk::reqwest::redirect::Policy::none())
        .default_headers(defaults)
        .build()
        .unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = std::sync::Arc::clone(&seen);
    let client = private_key_client(&server, &support::key("rsa_private.pem"))
        .http_client(http)
        .on_request(move |request| {
            recorded
                .lock()
                .unwrap()
                .push(format!("{} {:?}", request.url(), request.headers()));
        })
        .build()
        .unwrap();
    let _: Value = client
        .request(Method::GET, "/api/v1/org")
        .send_json()
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(support::header(request, "x-from-my-client"), Some("yes"));
        assert_eq!(
            support::header(request, "user-agent"),
            Some(client.user_agent())
        );
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].contains("/api/v1/org"), "{seen:?}");
    assert!(!seen[0].contains("secret-access-token"), "{seen:?}");
}

/// An operation the spec marks `security: []` (the `/.well-known/` documents) goes without the
/// client's credential: no `Authorization` with an API token, and with a private key no access
/// token is even fetched for it.
#[tokio::test]
async fn operations_without_security_send_no_credential() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/okta-organization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00o1"})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token_reply("unused", 3600))
        .expect(0)
        .mount(&server)
        .await;
    let ssws = support::builder(&server).build().unwrap();
    let oauth = private_key_client(&server, &support::key("rsa_private.pem"))
        .build()
        .unwrap();
    for client in [&ssws, &oauth] {
        let org = client.get_wellknown_org_metadata().send().await.unwrap();
        assert_eq!(org.id.as_deref(), Some("00o1"));
    }
    for request in received(&server).await {
        assert_eq!(
            support::header(&request, "authorization"),
            None,
            "{request:?}"
        );
        assert_eq!(support::header(&request, "dpop"), None, "{request:?}");
    }
    // Every other operation still carries it.
    Mock::given(method("GET"))
        .and(path("/api/v1/users/me"))
        .and(header("authorization", format!("SSWS {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .expect(1)
        .mount(&server)
        .await;
    ssws.get_user("me").send().await.unwrap();
}
