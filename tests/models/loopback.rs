//! Get -> modify -> update against a loopback server: the server receives every field the
//! caller did not change exactly as it sent them, minus the fields the spec marks `readOnly`.

use okta_sdk::models::{Application, OpenIdConnectApplication, User};
use okta_sdk::{Client, Method};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{compare, fixture_value, schemas, strip_read_only};

const USER_ID: &str = "00ub0oNGTSWTBKOLGLNR";
const USER_FIXTURE: &str = "users/user_custom_attributes.json";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .org_url(server.uri())
        .api_token("test-api-token-0123")
        .allow_insecure_http(true)
        .build()
        .expect("test client builds")
}

/// A server that answers `GET` and `PUT /api/v1/users/{id}` with the fixture user.
async fn user_server() -> MockServer {
    let server = MockServer::start().await;
    let user = fixture_value(USER_FIXTURE);
    let user_path = format!("/api/v1/users/{USER_ID}");
    Mock::given(method("GET"))
        .and(path(user_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(&user))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(user_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(&user))
        .mount(&server)
        .await;
    server
}

/// The JSON body of the one `PUT` the server received.
async fn put_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.expect("recording is on");
    let puts: Vec<_> = requests
        .iter()
        .filter(|r| r.method == Method::PUT)
        .collect();
    assert_eq!(puts.len(), 1, "one PUT expected");
    serde_json::from_slice(&puts[0].body).expect("the body is JSON")
}

/// The fields of `User` the spec marks `readOnly`, read from the spec (so the expectation
/// follows the spec rather than a hand-written list). With spec 2.8.1 they are `_embedded`,
/// `_links`, `activated`, `created`, `id`, `lastLogin`, `lastUpdated`, `passwordChanged` and
/// `statusChanged` — notably NOT `status`, which the spec leaves writable.
fn user_read_only() -> Vec<String> {
    schemas().read_only_properties("User")
}

/// Asserts that `body` equals the fixture user with `change` applied and read-only fields
/// removed, up to the one documented normalization (typed `null`s may be absent).
fn assert_body(body: &Value, change: impl FnOnce(&mut Value)) {
    let user_schema = schemas().named("User");
    let mut expected = fixture_value(USER_FIXTURE);
    change(&mut expected);
    let expected = strip_read_only(&expected, user_schema);
    let differences = compare(&expected, body, Some(user_schema));
    assert!(
        differences.is_empty(),
        "the PUT body differs from the fixture with only the change applied:\n  {}\nbody: {body:#}",
        differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    for field in user_read_only() {
        assert!(body.get(&field).is_none(), "read-only {field} was sent");
    }
}

#[test]
fn user_read_only_fields_come_from_the_spec() {
    let mut fields = user_read_only();
    fields.sort();
    assert_eq!(
        fields,
        [
            "_embedded",
            "_links",
            "activated",
            "created",
            "id",
            "lastLogin",
            "lastUpdated",
            "passwordChanged",
            "statusChanged"
        ]
    );
}

#[tokio::test]
async fn changing_a_custom_attribute_sends_everything_else_unchanged() {
    let server = user_server().await;
    let client = client(&server);
    let mut user: User = client.get_user(USER_ID).send().await.expect("get user");
    user.profile
        .as_mut()
        .expect("profile")
        .set_custom("badgeNumber", "B-9000");
    let updated = client
        .update_user(USER_ID, &user)
        .send()
        .await
        .expect("update user");
    assert_eq!(updated.id.as_deref(), Some(USER_ID));

    assert_body(&put_body(&server).await, |u| {
        u["profile"]["badgeNumber"] = json!("B-9000");
    });
}

#[tokio::test]
async fn changing_a_standard_attribute_sends_everything_else_unchanged() {
    let server = user_server().await;
    let client = client(&server);
    let mut user: User = client.get_user(USER_ID).send().await.expect("get user");
    user.profile.as_mut().expect("profile").cost_center = Some("20".into());
    client
        .update_user(USER_ID, &user)
        .send()
        .await
        .expect("update user");

    assert_body(&put_body(&server).await, |u| {
        u["profile"]["costCenter"] = json!("20");
    });
}

#[tokio::test]
async fn an_explicit_null_goes_through_the_unknown_field_map() {
    let server = user_server().await;
    let client = client(&server);
    let mut user: User = client.get_user(USER_ID).send().await.expect("get user");
    let profile = user.profile.as_mut().expect("profile");
    profile.title = None;
    profile.set_custom("title", Value::Null);
    client
        .update_user(USER_ID, &user)
        .send()
        .await
        .expect("update user");

    let body = put_body(&server).await;
    assert_eq!(body["profile"]["title"], Value::Null);
    assert!(body["profile"].as_object().unwrap().contains_key("title"));
    assert_body(&body, |u| {
        u["profile"]["title"] = Value::Null;
    });
}

#[tokio::test]
async fn create_application_takes_a_subtype_and_sends_its_sign_on_mode() {
    let server = MockServer::start().await;
    let mut reply = fixture_value("applications/openid_connect.json");
    reply["label"] = json!("My Web App");
    Mock::given(method("POST"))
        .and(path("/api/v1/apps"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&reply))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut oidc = OpenIdConnectApplication::default();
    oidc.label = Some("My Web App".into());
    oidc.sign_on_mode = Some("OPENID_CONNECT".into());
    let result = client.create_application(&oidc.into()).send().await;

    // What was sent, checked first: it does not depend on decoding the reply.
    let requests = server.received_requests().await.expect("recording is on");
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["signOnMode"], json!("OPENID_CONNECT"));
    assert_eq!(body["label"], json!("My Web App"));

    let created = result.expect("the reply decodes");
    assert!(
        matches!(created, Application::OpenIdConnect(_)),
        "{created:?}"
    );
    assert_eq!(created.label().map(String::as_str), Some("My Web App"));
}

/// A subtype knows its discriminator value (`OPENID_CONNECT`) and the spec gives its `name` a
/// default (`x-okta-defined-as: {name: oidc_client}`); Okta rejects a create without `name`.
/// Today `OpenIdConnectApplication::default()` sends neither; the caller must set both.
#[test]
fn a_default_subtype_carries_its_sign_on_mode_and_defined_name() {
    let mut oidc = OpenIdConnectApplication::default();
    oidc.label = Some("My Web App".into());
    let app: Application = oidc.into();
    let body = serde_json::to_value(&app).unwrap();
    assert_eq!(body["signOnMode"], json!("OPENID_CONNECT"));
    assert_eq!(body["name"], json!("oidc_client"));
}
