//! The generated API surface on top of the runtime: encoded paths, optional query setters,
//! `IntoFuture`, and list streams.

use futures_util::TryStreamExt as _;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, received};

#[tokio::test]
async fn get_user_encodes_its_id_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "00u1", "profile": {"login": "a@example.com"}})),
        )
        .mount(&server)
        .await;
    let client = support::client(&server);
    let user = client.get_user("../admin/x y#z").await.unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/api/v1/users/..%2Fadmin%2Fx%20y%23z"
    );
}

#[tokio::test]
async fn activate_user_sends_the_optional_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1/lifecycle/activate"))
        .and(query_param("sendEmail", "false"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "activationUrl": "https://dev.okta.com/welcome/x",
            "activationToken": "tok"
        })))
        .expect(1)
        .mount(&server)
        .await;
    support::client(&server)
        .activate_user("00u1")
        .send_email(false)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn list_users_streams_across_three_pages() {
    let server = MockServer::start().await;
    let uri = server.uri();
    for (after, ids, next) in [
        (None, ["00u1", "00u2"], Some("00u2")),
        (Some("00u2"), ["00u3", "00u4"], Some("00u4")),
        (Some("00u4"), ["00u5", "00u6"], None),
    ] {
        let mut reply =
            ResponseTemplate::new(200).set_body_json(json!([{"id": ids[0]}, {"id": ids[1]}]));
        if let Some(next) = next {
            reply = reply.insert_header(
                "Link",
                format!("<{uri}/api/v1/users?limit=200&after={next}>; rel=\"next\"").as_str(),
            );
        }
        let mut mock = Mock::given(method("GET"))
            .and(path("/api/v1/users"))
            .and(query_param("limit", "200"));
        mock = match after {
            Some(after) => mock.and(query_param("after", after)),
            None => mock.and(wiremock::matchers::query_param_is_missing("after")),
        };
        mock.respond_with(reply).expect(1).mount(&server).await;
    }
    let ids: Vec<String> = support::client(&server)
        .list_users()
        .limit(200)
        .stream()
        .map_ok(|user| user.id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["00u1", "00u2", "00u3", "00u4", "00u5", "00u6"]);
}

/// The documented instance methods (`spec/documented-instance-methods.yaml`) are on the models
/// the current spec returns: `user.deactivate(&client)` sends the same request as
/// `client.deactivate_user(id)`, with the id taken from the value.
#[tokio::test]
async fn instance_methods_call_the_operation_with_the_values_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1/lifecycle/deactivate"))
        .and(query_param("sendEmail", "false"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = support::client(&server);
    let user = client.get_user("00u1").await.unwrap();
    user.deactivate(&client).send_email(false).await.unwrap();
}

/// Explicit null: a partial update clears `secondEmail` by sending it as `null`
/// (`SetNull::set_null`); fields left `None` stay out of the body.
#[tokio::test]
async fn a_partial_update_can_clear_a_field_with_null() {
    use okta_sdk::SetNull as _;
    use okta_sdk::models::{UpdateUserRequest, UserProfile};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .expect(1)
        .mount(&server)
        .await;
    let mut profile = UserProfile::default();
    profile.set_null("secondEmail");
    let mut body = UpdateUserRequest::default();
    body.profile = Some(profile);
    support::client(&server)
        .partial_update_user("00u1", &body)
        .await
        .unwrap();
    let requests = received(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, json!({"profile": {"secondEmail": null}}));
}

/// A decode error inside a polymorphic model names the exact JSON path of the bad value, not
/// just the object it is in (the subtype is decoded from a buffered value, in one pass).
#[tokio::test]
async fn a_decode_error_inside_a_polymorphic_model_names_the_exact_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": "0oa1", "signOnMode": "BOOKMARK", "label": "ok"},
            {"id": "0oa2", "signOnMode": "OPENID_CONNECT", "label": "bad",
             "settings": {"oauthClient": {"redirect_uris": ["https://a.example", 5]}}}
        ])))
        .mount(&server)
        .await;
    let err = support::client(&server)
        .list_applications()
        .send()
        .await
        .expect_err("a number where a redirect URI belongs");
    let okta_sdk::Error::Decode(decode) = err else {
        panic!("a decode error: {err:?}");
    };
    assert_eq!(decode.path, "[1].settings.oauthClient.redirect_uris[1]");
    assert!(
        decode.message.contains("expected a string"),
        "{}",
        decode.message
    );
}
