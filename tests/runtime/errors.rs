//! Error replies: Okta's error fields and Display, non-JSON bodies, decode errors with paths.

use okta_sdk::{Error, Method};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support;

async fn reply_with(template: ResponseTemplate) -> (MockServer, okta_sdk::Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    let client = support::client(&server);
    (server, client)
}

#[tokio::test]
async fn okta_error_fields_and_display() {
    let (_server, client) = reply_with(
        ResponseTemplate::new(404)
            .insert_header("X-Okta-Request-Id", "abc")
            .set_body_json(json!({
                "errorCode": "E0000007",
                "errorSummary": "Not found: Resource not found: x (User)",
                "errorLink": "E0000007",
                "errorId": "oaeXYZ",
                "errorCauses": []
            })),
    )
    .await;
    let err = client
        .request(Method::GET, "/api/v1/users/x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Okta HTTP 404 E0000007 Not found: Resource not found: x (User) (Request ID abc)"
    );
    let api = err.as_api().unwrap();
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.error_code.as_deref(), Some("E0000007"));
    assert_eq!(api.error_link.as_deref(), Some("E0000007"));
    assert_eq!(api.error_id.as_deref(), Some("oaeXYZ"));
    assert!(api.error_causes.is_empty());
    assert_eq!(api.request_id.as_deref(), Some("abc"));
    assert_eq!(api.headers.get("x-okta-request-id").unwrap(), "abc");
    assert_eq!(err.request_id(), Some("abc"));
}

#[tokio::test]
async fn error_causes_are_listed() {
    let (_server, client) = reply_with(ResponseTemplate::new(400).set_body_json(json!({
        "errorCode": "E0000001",
        "errorSummary": "Api validation failed: login",
        "errorCauses": [
            {"errorSummary": "login: An object with this field already exists in the current organization"},
            {"errorSummary": "email: Does not match required pattern"}
        ]
    })))
    .await;
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.error_causes.len(), 2);
    assert_eq!(
        err.to_string(),
        "Okta HTTP 400 E0000001 Api validation failed: login. login: An object with this field already exists in the current organization. email: Does not match required pattern"
    );
}

#[tokio::test]
async fn non_json_error_bodies_are_kept_bounded() {
    let html = format!(
        "<html><body>Bad gateway {}</body></html>",
        "x".repeat(200_000)
    );
    let (_server, client) = reply_with(ResponseTemplate::new(502).set_body_string(html)).await;
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    let api = err.as_api().unwrap();
    assert!(api.body.starts_with("<html><body>Bad gateway"));
    assert!(api.body.len() <= 4096, "{}", api.body.len());
    assert!(api.body_truncated);
    assert!(api.error_code.is_none());
    let text = err.to_string();
    assert!(
        text.starts_with("Okta HTTP 502 Bad Gateway: <html><body>Bad gateway x"),
        "{text}"
    );
    assert!(text.len() < 400, "{}", text.len());
}

#[tokio::test]
async fn odd_replies_never_panic() {
    let cases = [
        ResponseTemplate::new(500).set_body_bytes(vec![0xff, 0xfe, 0x00, 0xc3]),
        ResponseTemplate::new(400)
            .set_body_json(json!({"errorCode": 5, "errorCauses": "nope", "errorSummary": null})),
        ResponseTemplate::new(400).set_body_json(
            json!({"errorCauses": [1, {"errorSummary": 2}, {"errorSummary": "ok"}]}),
        ),
        ResponseTemplate::new(503),
        ResponseTemplate::new(418).set_body_string("\u{1F600}".repeat(3000)),
        ResponseTemplate::new(301).insert_header("Location", "https://elsewhere.example/"),
    ];
    for template in cases {
        let status = template.clone();
        let (_server, client) = reply_with(status).await;
        let err = client.request(Method::GET, "/x").send().await.unwrap_err();
        assert!(err.to_string().starts_with("Okta HTTP "), "{err}");
        assert!(err.as_api().is_some());
    }
    // A success reply that is not JSON is a decode error, not a panic.
    let (_server, client) = reply_with(ResponseTemplate::new(200).set_body_string("<html>")).await;
    let err = client
        .request(Method::GET, "/x")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let (_server, client) = reply_with(ResponseTemplate::new(204)).await;
    let err = client
        .request(Method::GET, "/x")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(204));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct User {
    id: String,
    profile: Profile,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Profile {
    login: String,
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let (_server, client) = reply_with(
        ResponseTemplate::new(200)
            .insert_header("X-Okta-Request-Id", "req-decode")
            .set_body_json(json!([
                {"id": "00u1", "profile": {"login": "a@example.com"}},
                {"id": "00u2", "profile": {"login": 42}}
            ])),
    )
    .await;
    let err = client
        .request(Method::GET, "/api/v1/users")
        .send_json::<Vec<User>>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path, "[1].profile.login");
    assert_eq!(decode.status.as_u16(), 200);
    assert!(decode.body.contains("00u2"));
    assert_eq!(decode.request_id.as_deref(), Some("req-decode"));
    let text = err.to_string();
    assert!(
        text.contains("HTTP 200") && text.contains("[1].profile.login"),
        "{text}"
    );

    // The same through a page stream.
    let results: Vec<Result<User, Error>> =
        futures_util::StreamExt::collect(client.request(Method::GET, "/api/v1/users").stream())
            .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(Error::Decode(d)) if d.path == "[1].profile.login"));
}

#[tokio::test]
async fn decode_error_bodies_are_bounded() {
    let big = json!([{"id": "x".repeat(100_000), "profile": {}}]);
    let (_server, client) = reply_with(ResponseTemplate::new(200).set_body_json(big)).await;
    let err = client
        .request(Method::GET, "/x")
        .send_json::<Vec<User>>()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path, "[0].profile");
    assert!(decode.body.len() <= 4096);
    assert!(decode.body_truncated);
}
