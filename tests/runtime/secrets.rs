//! Secrets never show in Debug output or logs; requests are traced with their details.

use okta_sdk::{AuthorizationMode, Client, ClientBuilder, ConfigSources, Method};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support;

const API_TOKEN: &str = "00SECRET-api-token-value";
const ACCESS_TOKEN: &str = "eyACCESS-token-value";

fn assert_clean(text: &str, key: &str) {
    for secret in [API_TOKEN, ACCESS_TOKEN, "PRIVATE KEY", &key[40..80]] {
        assert!(!text.contains(secret), "`{secret}` leaked into: {text}");
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_logs() {
    let capture = support::capture_logs();

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "expires_in": 3600, "access_token": ACCESS_TOKEN
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Okta-Request-Id", "req-traced")
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let key = support::key("rsa_private.pem");

    let ssws_builder = support::builder(&server)
        .api_token(API_TOKEN)
        .proxy("http://user:proxypass@127.0.0.1:9");
    let ssws = support::builder(&server)
        .api_token(API_TOKEN)
        .build()
        .unwrap();
    ssws.request(Method::GET, "/api/v1/users/me")
        .send()
        .await
        .unwrap();

    let oauth_builder = Client::builder()
        .org_url(server.uri())
        .allow_insecure_http(true)
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id("0oa1")
        .scopes(["okta.users.read"])
        .private_key(key.clone());
    let oauth = oauth_builder.clone().build().unwrap();
    oauth
        .request(Method::GET, "/api/v1/users/me")
        .send()
        .await
        .unwrap();

    let sources = ConfigSources::empty().env("OKTA_CLIENT_TOKEN", API_TOKEN);
    let from_sources = ClientBuilder::from_sources(&sources);
    let config_error =
        ClientBuilder::from_sources(&sources.clone().env("OKTA_CLIENT_PRIVATEKEY", key.clone()))
            .authorization_mode(AuthorizationMode::PrivateKey)
            .build()
            .unwrap_err();

    let debug = format!(
        "{ssws_builder:?}\n{ssws:?}\n{oauth_builder:?}\n{oauth:?}\n{sources:?}\n{from_sources:?}\n{config_error:?}\n{config_error}"
    );
    assert_clean(&debug, &key);
    assert!(!debug.contains("proxypass"), "{debug}");
    assert!(
        debug.contains("0oa1"),
        "non-secret settings are shown: {debug}"
    );

    let logs = capture.text();
    assert_clean(&logs, &key);
    // One span per request, with operation, method, path template, status, request id, attempt.
    assert!(logs.contains("okta.request"), "{logs}");
    for field in [
        "operation=\"raw\"",
        "method=GET",
        "status=200",
        "request_id=\"req-traced\"",
        "attempt=1",
    ] {
        assert!(logs.contains(field), "logs lack {field}: {logs}");
    }
}
