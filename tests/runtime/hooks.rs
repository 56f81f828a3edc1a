//! `ClientBuilder::http_client` and hooks: a supplied reqwest client is the one that sends; hooks
//! see every attempt (retries and pages) and every reply, can add headers, and never see the
//! credential.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt as _;
use okta_sdk::hook::{Hook, HookReply, HookRequest};
use okta_sdk::{Error, HeaderValue, reqwest};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, Sequence, TOKEN, header, received, too_many_requests};

fn user() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("X-Okta-Request-Id", "req-ok")
        .set_body_json(json!({"id": "00u1"}))
}

fn no_redirects() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

#[tokio::test]
async fn a_supplied_http_client_sends_the_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(user())
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-my-client", HeaderValue::from_static("yes"));
    let http = no_redirects().default_headers(defaults).build().unwrap();
    let client = support::builder(&server).http_client(http).build().unwrap();
    client.get_user("00u1").await.unwrap();
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "x-from-my-client"), Some("yes"));
    // The SDK's own headers still go with it.
    assert_eq!(
        header(&requests[0], "authorization"),
        Some(format!("SSWS {TOKEN}").as_str())
    );
    assert_eq!(
        header(&requests[0], "user-agent"),
        Some(client.user_agent())
    );
    let debug = format!("{client:?}");
    assert!(debug.contains("supplied"), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
}

/// What a hook saw, in order.
#[derive(Default)]
struct Recorder {
    events: Mutex<Vec<String>>,
}

impl Hook for Recorder {
    fn before_send(&self, request: &mut HookRequest<'_>) {
        let headers: Vec<String> = request
            .headers()
            .iter()
            .map(|(name, value)| format!("{name}={}", value.to_str().unwrap_or("?")))
            .collect();
        self.events.lock().unwrap().push(format!(
            "send {} {} {} attempt={} headers=[{}]",
            request.operation(),
            request.method(),
            request.url(),
            request.attempt(),
            headers.join(",")
        ));
        request
            .headers_mut()
            .insert("x-added-by-hook", HeaderValue::from_static("1"));
        // Trying to set the credential has no effect.
        request.headers_mut().insert(
            "authorization",
            HeaderValue::from_static("SSWS from-the-hook"),
        );
    }

    fn after_reply(&self, reply: &HookReply<'_>) {
        let headers: Vec<String> = reply
            .headers()
            .iter()
            .map(|(name, value)| format!("{name}={}", value.to_str().unwrap_or("?")))
            .collect();
        self.events.lock().unwrap().push(format!(
            "reply {} attempt={} status={} request_id={:?} headers=[{}]",
            reply.operation(),
            reply.attempt(),
            reply.status().as_u16(),
            reply.request_id(),
            headers.join(",")
        ));
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_and_page_and_add_headers_but_never_the_credential() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(wiremock::matchers::query_param_is_missing("after"))
        .respond_with(Sequence::new(vec![
            too_many_requests("req-429", 1),
            ResponseTemplate::new(200)
                .insert_header("X-Okta-Request-Id", "req-page-1")
                .insert_header(
                    "Link",
                    format!("<{uri}/api/v1/users?after=00u1>; rel=\"next\"").as_str(),
                )
                .set_body_json(json!([{"id": "00u1"}])),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("after", "00u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Okta-Request-Id", "req-page-2")
                // An echo of the credential is scrubbed before a hook sees it.
                .insert_header("X-Echo", format!("SSWS {TOKEN}").as_str())
                .set_body_json(json!([{"id": "00u2"}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = support::builder(&server)
        .hook(Arc::clone(&recorder))
        .build()
        .unwrap();
    let users: Vec<_> = client.list_users().stream().try_collect().await.unwrap();
    assert_eq!(users.len(), 2);

    let events = recorder.events.lock().unwrap().clone();
    let all = events.join("\n");
    assert!(!all.contains(TOKEN), "the hook saw the credential:\n{all}");
    let summary: Vec<String> = events
        .iter()
        .map(|e| e.split(" headers=").next().unwrap().to_string())
        .collect();
    assert_eq!(
        summary,
        [
            format!("send listUsers GET {uri}/api/v1/users attempt=1"),
            "reply listUsers attempt=1 status=429 request_id=Some(\"req-429\")".to_string(),
            format!("send listUsers GET {uri}/api/v1/users attempt=2"),
            "reply listUsers attempt=2 status=200 request_id=Some(\"req-page-1\")".to_string(),
            format!("send listUsers GET {uri}/api/v1/users?after=00u1 attempt=1"),
            "reply listUsers attempt=1 status=200 request_id=Some(\"req-page-2\")".to_string(),
        ]
    );
    // The retry's headers are visible to the hook.
    assert!(events[2].contains("x-okta-retry-count=1"), "{}", events[2]);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(header(request, "x-added-by-hook"), Some("1"));
        let auth: Vec<_> = request.headers.get_all("authorization").iter().collect();
        assert_eq!(auth, [format!("SSWS {TOKEN}").as_str()]);
    }
}

#[tokio::test]
async fn closures_observe_requests_and_replies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(user())
        .expect(1)
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (on_send, on_reply) = (Arc::clone(&seen), Arc::clone(&seen));
    let client = support::builder(&server)
        .on_request(move |request| {
            on_send
                .lock()
                .unwrap()
                .push(format!("{} {}", request.method(), request.operation()));
            request
                .headers_mut()
                .insert("x-correlation-id", HeaderValue::from_static("job-42"));
        })
        .on_reply(move |reply| {
            on_reply
                .lock()
                .unwrap()
                .push(format!("{} {:?}", reply.status(), reply.request_id()));
        })
        .build()
        .unwrap();
    client.get_user("00u1").await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET getUser", "200 OK Some(\"req-ok\")"]
    );
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "x-correlation-id"), Some("job-42"));
}

#[tokio::test]
async fn a_reply_reached_through_a_redirect_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere"))
        .respond_with(user())
        .mount(&server)
        .await;
    // reqwest's default policy follows redirects.
    let client = support::builder(&server)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = client.get_user("00u1").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("redirect")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_read_timeout_applies_to_a_supplied_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(user().set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .http_client(no_redirects().build().unwrap())
        .request_timeout(Duration::ZERO)
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.get_user("00u1").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_proxy_with_a_supplied_client_is_a_configuration_problem() {
    let server = MockServer::start().await;
    let err = support::builder(&server)
        .http_client(reqwest::Client::new())
        .proxy("http://proxy.internal:3128")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("configure the proxy on that client"),
        "{err}"
    );
}
