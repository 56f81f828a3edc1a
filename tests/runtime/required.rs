//! Required setters (`list_policies().type_(..)`): checked before sending, with an error naming
//! the method, the setter and the wire name; nothing reaches the server without them.

use futures_util::TryStreamExt as _;
use okta_sdk::Error;
use okta_sdk::models::PolicyType;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, received};

const MESSAGE: &str =
    "`list_policies` needs `.type_(..)` (query parameter `type`) before it is sent";

async fn policies_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/policies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

fn assert_missing_type(err: Error) {
    match &err {
        Error::InvalidRequest(message) => {
            assert!(message.contains(MESSAGE), "unexpected message: {message}")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(err.to_string().contains(MESSAGE), "{err}");
}

#[tokio::test]
async fn a_missing_required_setter_fails_send_before_any_request() {
    let server = policies_server().await;
    let client = support::client(&server);
    let err = client
        .list_policies()
        .status("ACTIVE")
        .send()
        .await
        .unwrap_err();
    assert_missing_type(err);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_missing_required_setter_fails_await_before_any_request() {
    let server = policies_server().await;
    let client = support::client(&server);
    let err = client.list_policies().await.unwrap_err();
    assert_missing_type(err);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_missing_required_setter_fails_the_stream_before_any_request() {
    let server = policies_server().await;
    let client = support::client(&server);
    let mut items = client.list_policies().stream();
    let err = items.try_next().await.unwrap_err();
    assert_missing_type(err);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_set_required_setter_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/policies"))
        .and(query_param("type", "OKTA_SIGN_ON"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(3)
        .mount(&server)
        .await;
    let client = support::client(&server);
    let page = client
        .list_policies()
        .type_(PolicyType::OktaSignOn)
        .send()
        .await
        .unwrap();
    assert!(page.items().is_empty());
    client
        .list_policies()
        .type_(PolicyType::OktaSignOn)
        .await
        .unwrap();
    let all: Vec<_> = client
        .list_policies()
        .type_(PolicyType::OktaSignOn)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(all.is_empty());
}
