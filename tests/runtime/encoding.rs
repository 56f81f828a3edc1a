//! What paths and query strings look like when they arrive at the server.

use okta_sdk::{Error, Method, encode_path_segment};
use serde_json::json;
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, received};

#[tokio::test]
async fn path_parameters_arrive_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let cases = [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("a/b#c", "a%2Fb%23c"),
        ("what?x=1", "what%3Fx%3D1"),
        ("100%", "100%25"),
        ("with space", "with%20space"),
        ("ünïcødé", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("00u1abc", "00u1abc"),
    ];
    for (id, _) in cases {
        client
            .request(
                Method::GET,
                format!("/api/v1/users/{}/groups", encode_path_segment(id)),
            )
            .send()
            .await
            .unwrap();
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, e)| format!("/api/v1/users/{e}/groups"))
        .collect();
    assert_eq!(paths, expected);
    assert!(
        received(&server)
            .await
            .iter()
            .all(|r| r.url.query().is_none())
    );
}

#[tokio::test]
async fn dot_segments_are_refused_not_collapsed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = support::client(&server);
    for id in ["..", "."] {
        let err = client
            .request(
                Method::DELETE,
                format!("/api/v1/groups/00g1/users/{}", encode_path_segment(id)),
            )
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn query_values_are_percent_encoded() {
    let server = MockServer::start().await;
    let search = r#"profile.department eq "Eng & Ops" and id gt "00u+1""#;
    Mock::given(method("GET"))
        .and(query_param("search", search))
        .and(query_param("limit", "200"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    support::client(&server)
        .request(Method::GET, "/api/v1/users")
        .query("search", search)
        .query("limit", 200)
        .send()
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some(
            "search=profile.department%20eq%20%22Eng%20%26%20Ops%22%20and%20id%20gt%20%2200u%2B1%22&limit=200"
        )
    );
}

#[tokio::test]
async fn raw_requests_send_json_bodies_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": 1})))
        .mount(&server)
        .await;
    let reply = support::client(&server)
        .request(Method::PUT, "/api/v1/meta/schemas/user/default?x=1")
        .query("y", "2 3")
        .header("X-Custom", "yes")
        .json(&json!({"definitions": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(reply.json::<serde_json::Value>().unwrap()["ok"], 1);
    let request = &received(&server).await[0];
    assert_eq!(request.url.query(), Some("x=1&y=2%203"));
    assert_eq!(support::header(request, "x-custom"), Some("yes"));
    assert_eq!(
        support::header(request, "content-type"),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"definitions":{}}"#);
}

/// Floats that serde_json's default (fast, not correctly rounded) parser changes in the last
/// digit; with `float_roundtrip` they come back exactly.
const HARD_FLOATS: [&str; 4] = [
    "2.291712365432881e-9",
    "-1.527077339613215e-236",
    "3.0328247929935305e-68",
    "-2.3584484660090814e-159",
];

#[tokio::test]
async fn floats_in_free_form_json_round_trip_exactly() {
    let server = MockServer::start().await;
    let floats = HARD_FLOATS.join(", ");
    let body = format!(
        r#"{{"id": "00u1", "profile": {{"login": "a@example.com", "score": {}, "scores": [{floats}]}},
            "_links": {{"self": {{"href": "https://x", "weight": {}}}}}}}"#,
        HARD_FLOATS[0], HARD_FLOATS[1]
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let user = client.get_user("00u1").await.unwrap();
    let text = serde_json::to_string(&user).unwrap();
    for float in HARD_FLOATS {
        assert!(text.contains(float), "{float} changed: {text}");
    }
    let raw: serde_json::Value = client
        .request(Method::GET, "/api/v1/users/00u1")
        .send_json()
        .await
        .unwrap();
    let text = raw.to_string();
    for float in HARD_FLOATS {
        assert!(text.contains(float), "{float} changed: {text}");
    }
}

/// A form body (the OAuth 2.0 endpoints' `application/x-www-form-urlencoded`), built as
/// generated code builds it (`ApiRequest::form_encoded` then the body), arrives as the model's
/// top-level fields, percent-encoded, with its content type; an array is one pair per item.
#[tokio::test]
async fn a_form_body_arrives_form_encoded_with_its_content_type() {
    use okta_sdk::operation::{EmptyReply, private::ReadReply};
    use okta_sdk_runtime::request::ApiRequest;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let request = ApiRequest::new(
        Method::POST,
        "token",
        "/oauth2/v1/token",
        "/oauth2/v1/token".to_string(),
    )
    .form_encoded()
    .json_body(&json!({
        "grant_type": "client_credentials",
        "grant_types_supported": ["urn:okta:params:oauth:grant-type:otp", "password"],
        "request_expiry": 300,
        "scope": "okta.users.read okta.apps.read",
        "state": null,
    }));
    <EmptyReply as ReadReply>::send(&client, request)
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        support::header(&requests[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "grant_type=client_credentials\
         &grant_types_supported=urn%3Aokta%3Aparams%3Aoauth%3Agrant-type%3Aotp\
         &grant_types_supported=password&request_expiry=300\
         &scope=okta.users.read%20okta.apps.read"
    );
}
