//! Get -> modify -> update against a loopback server: the server receives every field the
//! caller did not change exactly as it sent them, minus the fields the spec marks `readOnly`.
//!
//! In the current spec `getUser` answers with `UserGetSingleton` and `updateUser` (the PUT the
//! spec calls `replaceUser`) takes an `UpdateUserRequest`, which has only `credentials`,
//! `profile`, `realmId` and `type`: the caller copies those from the user it got
//! ([`update_request`]), and "everything else" is everything in those four.

use okta_sdk::models::{
    Application, OpenIdConnectApplication, UpdateUserRequest, UpdateUserRequestType,
    UserGetSingleton,
};
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
/// follows the spec rather than a hand-written list). See
/// [`user_read_only_fields_come_from_the_spec`] for the list.
fn user_read_only() -> Vec<String> {
    schemas().read_only_properties("User")
}

/// The update request for a user got with `getUser`: the four fields `UpdateUserRequest` has,
/// copied unchanged. (The SDK has no conversion; `type` is a different generated type on each
/// side, `UserTypeInline` and `UpdateUserRequestType`, with the same single `id` field.)
fn update_request(user: &UserGetSingleton) -> UpdateUserRequest {
    let mut request = UpdateUserRequest::default();
    request.credentials = user.credentials.clone();
    request.profile = user.profile.clone();
    request.realm_id = user.realm_id.clone();
    request.type_ = user.type_.as_ref().map(|got| {
        let mut type_ = UpdateUserRequestType::default();
        type_.id = got.id.clone();
        type_.additional_properties = got.additional_properties.clone();
        type_
    });
    request
}

/// A member the spec marks read-only that the SDK still sends, the one exception
/// [`assert_body`] makes (`the_read_only_credentials_provider_is_still_sent` pins it): the spec
/// puts `readOnly: true` on the `AuthenticationProvider` schema itself, which
/// `UserCredentials.provider` refers to, and the generator only honours `readOnly` on a property
/// (so it drops `provider.name` but sends `provider.type`).
const SENT_THOUGH_READ_ONLY: &str = "/credentials/provider";

/// Asserts that `body` equals the fixture user with `change` applied, cut down to the members
/// `UpdateUserRequest` has and without read-only fields, up to the one documented normalization
/// (typed `null`s may be absent).
fn assert_body(body: &Value, change: impl FnOnce(&mut Value)) {
    let request_schema = schemas().named("UpdateUserRequest");
    let request_fields = schemas().properties(request_schema);
    let mut expected = fixture_value(USER_FIXTURE);
    change(&mut expected);
    expected
        .as_object_mut()
        .unwrap()
        .retain(|k, _| request_fields.contains_key(k));
    let expected = strip_read_only(&expected, request_schema);
    let differences: Vec<_> = compare(&expected, body, Some(request_schema))
        .into_iter()
        .filter(|d| !(d.pointer == SENT_THOUGH_READ_ONLY && d.what.starts_with("added:")))
        .collect();
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
    // New in the current spec: `realmId`, `transitioningToStatus`, and `status`, whose
    // referenced schema `UserStatus` is `readOnly` (2.8.1 left it writable).
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
            "realmId",
            "status",
            "statusChanged",
            "transitioningToStatus"
        ]
    );
    // The request type has none of them except `realmId`, which it lets the caller set.
    let request = schemas().properties(schemas().named("UpdateUserRequest"));
    let mut sendable: Vec<&String> = request.keys().collect();
    sendable.sort();
    assert_eq!(sendable, ["credentials", "profile", "realmId", "type"]);
}

#[tokio::test]
async fn changing_a_custom_attribute_sends_everything_else_unchanged() {
    let server = user_server().await;
    let client = client(&server);
    let user: UserGetSingleton = client.get_user(USER_ID).send().await.expect("get user");
    let mut request = update_request(&user);
    request
        .profile
        .as_mut()
        .expect("profile")
        .set_custom("badgeNumber", "B-9000");
    let updated = client
        .update_user(USER_ID, &request)
        .send()
        .await
        .expect("update user");
    assert_eq!(updated.id.as_deref(), Some(USER_ID));

    assert_body(&put_body(&server).await, |u| {
        u["profile"]["badgeNumber"] = json!("B-9000");
    });
}

/// The known gap [`SENT_THOUGH_READ_ONLY`], as the SDK behaves today: the PUT carries
/// `credentials.provider` without its read-only `name`. Once the generator honours `readOnly` on
/// a referenced schema this fails: drop the test and the exception in [`assert_body`].
#[tokio::test]
async fn the_read_only_credentials_provider_is_still_sent() {
    let provider = schemas().named("AuthenticationProvider");
    assert_eq!(provider["readOnly"], json!(true), "the spec changed");

    let server = user_server().await;
    let client = client(&server);
    let user: UserGetSingleton = client.get_user(USER_ID).send().await.expect("get user");
    client
        .update_user(USER_ID, &update_request(&user))
        .send()
        .await
        .expect("update user");
    let body = put_body(&server).await;
    assert_eq!(body["credentials"]["provider"], json!({"type": "OKTA"}));
}

#[tokio::test]
async fn changing_a_standard_attribute_sends_everything_else_unchanged() {
    let server = user_server().await;
    let client = client(&server);
    let user: UserGetSingleton = client.get_user(USER_ID).send().await.expect("get user");
    let mut request = update_request(&user);
    request.profile.as_mut().expect("profile").cost_center = Some("20".into());
    client
        .update_user(USER_ID, &request)
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
    let user: UserGetSingleton = client.get_user(USER_ID).send().await.expect("get user");
    let mut request = update_request(&user);
    let profile = request.profile.as_mut().expect("profile");
    profile.title = None;
    profile.set_custom("title", Value::Null);
    client
        .update_user(USER_ID, &request)
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

/// A password (`format: password` in the spec) never shows in `Debug` output: logging a
/// request body with `{:?}` does not leak it. The rest of the value still shows.
#[test]
fn debug_output_hides_passwords() {
    use okta_sdk::model;
    use okta_sdk::models::{CreateUserRequest, PasswordCredential, UserCredentialsWritable};
    let body = model!(CreateUserRequest {
        credentials: model!(UserCredentialsWritable {
            password: model!(PasswordCredential {
                value: "correct horse battery staple"
            })
        }),
    });
    let shown = format!("{body:?} {body:#?}");
    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(shown.contains(r#"value: Some("***")"#), "{shown}");
    let unset = format!("{:?}", PasswordCredential::default());
    assert!(unset.contains("value: None"), "{unset}");
}

/// Secrets the spec does not mark `format: password` are known by their names: a client
/// secret, a token, a private key. Fields that only mention a secret word stay visible.
#[test]
fn debug_output_hides_secrets_named_as_such() {
    use okta_sdk::models::{ApplicationCredentialsOAuthClient, TokenResponse};
    let client: ApplicationCredentialsOAuthClient = serde_json::from_value(json!({
        "client_id": "0oa1visible",
        "client_secret": "s3cr3t-client",
        "token_endpoint_auth_method": "client_secret_post",
    }))
    .unwrap();
    let tokens: TokenResponse = serde_json::from_value(json!({
        "access_token": "eyJ.access.sig",
        "id_token": "eyJ.id.sig",
        "refresh_token": "refresh-secret",
        "token_type": "Bearer",
        "expires_in": 3600,
    }))
    .unwrap();
    let shown = format!("{client:?} {client:#?} {tokens:?} {tokens:#?}");
    for secret in ["s3cr3t-client", "eyJ", "refresh-secret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains(r#"client_secret: Some("***")"#), "{shown}");
    assert!(shown.contains("0oa1visible"), "{shown}");
    assert!(shown.contains("ClientSecretPost"), "{shown}");
    assert!(shown.contains("expires_in: Some(3600)"), "{shown}");
}
