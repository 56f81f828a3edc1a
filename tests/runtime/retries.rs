//! Rate-limit retries (429), their headers and counts, the overall timeout, transient retries.

use std::time::{Duration, Instant};

use okta_sdk::{Error, Method};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, DATE, DATE_EPOCH, Sequence, TestClock, received, too_many_requests};

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"}))
}

#[tokio::test]
async fn retries_429_with_retry_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users"))
        .respond_with(Sequence::new(vec![
            too_many_requests("req-first-429", 1),
            too_many_requests("req-second-429", 1),
            ok(),
        ]))
        .expect(3)
        .mount(&server)
        .await;
    let client = support::builder(&server).max_retries(2).build().unwrap();
    let user: serde_json::Value = client
        .request(Method::POST, "/api/v1/users")
        .json(&json!({"profile": {"login": "a@example.com"}}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(user["id"], "00u1");

    let requests = received(&server).await;
    let retry_headers: Vec<(Option<&str>, Option<&str>)> = requests
        .iter()
        .map(|r| {
            (
                support::header(r, "x-okta-retry-for"),
                support::header(r, "x-okta-retry-count"),
            )
        })
        .collect();
    assert_eq!(
        retry_headers,
        [
            (None, None),
            (Some("req-first-429"), Some("1")),
            (Some("req-first-429"), Some("2")),
        ]
    );
    // The body is sent again on every attempt.
    assert!(
        requests
            .iter()
            .all(|r| r.body == br#"{"profile":{"login":"a@example.com"}}"#)
    );
}

#[tokio::test]
async fn max_retries_zero_means_no_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many_requests("req-429", 1))
        .expect(1)
        .mount(&server)
        .await;
    let client = support::builder(&server).max_retries(0).build().unwrap();
    let err = client
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.error_code(), Some("E0000047"));
    assert_eq!(err.request_id(), Some("req-429"));
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many_requests("req-429", 1))
        .expect(4)
        .mount(&server)
        .await;
    let client = support::builder(&server).max_retries(3).build().unwrap();
    let err = client
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err}");
    let counts: Vec<Option<String>> = received(&server)
        .await
        .iter()
        .map(|r| support::header(r, "x-okta-retry-count").map(str::to_owned))
        .collect();
    assert_eq!(
        counts,
        [None, Some("1".into()), Some("2".into()), Some("3".into())]
    );
}

#[tokio::test]
async fn default_is_two_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many_requests("req-429", 0))
        .expect(3)
        .mount(&server)
        .await;
    let err = support::client(&server)
        .request(Method::GET, "/x")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
}

#[tokio::test]
async fn waits_until_reset_measured_against_the_reply_date() {
    // The reply's Date is decades in the past; the reset is 3 s after it. Measured against the
    // Date, the wait is 3 + 1 s (plus up to 0.5 s of jitter); against the local clock it would
    // be only the 1 s margin.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![too_many_requests("r1", 3), ok()]))
        .expect(2)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = support::builder(&server)
        .clock(clock.clone())
        .build()
        .unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(
        sleeps[0] >= Duration::from_secs(4) && sleeps[0] <= Duration::from_millis(4_500),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn gives_up_early_rather_than_sleeping_past_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many_requests("req-429", 60))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = support::builder(&server)
        .clock(clock.clone())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    assert!(err.is_rate_limited(), "{err}");
    assert!(clock.sleeps().is_empty());
}

/// A reply with `status` asking to retry after `value`.
fn retry_after(status: u16, value: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("Date", DATE)
        .insert_header("Retry-After", value)
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_for_transient_server_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![retry_after(503, "7"), ok()]))
        .expect(2)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = support::builder(&server)
        .clock(clock.clone())
        .retry_transient_errors(true)
        .build()
        .unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_for_429() {
    // 20 s after the reply's Date; it wins over X-Rate-Limit-Reset (3 s).
    let server = MockServer::start().await;
    let reply =
        too_many_requests("r1", 3).insert_header("Retry-After", "Tue, 15 Nov 1994 08:12:51 GMT");
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![reply, ok()]))
        .expect(2)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = support::builder(&server)
        .clock(clock.clone())
        .build()
        .unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert!(
        sleeps[0] >= Duration::from_secs(20) && sleeps[0] <= Duration::from_millis(20_500),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn a_retry_after_past_the_timeout_gives_up_at_once() {
    for status in [503, 429] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(retry_after(status, "3600"))
            .expect(1)
            .mount(&server)
            .await;
        let clock = TestClock::new();
        let client = support::builder(&server)
            .clock(clock.clone())
            .retry_transient_errors(true)
            .max_retries(3)
            .max_retry_wait(Duration::from_secs(7200))
            .request_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let err = client.request(Method::GET, "/x").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err}");
        assert!(clock.sleeps().is_empty(), "{status}");
    }
}

#[tokio::test]
async fn a_retry_after_past_the_longest_retry_wait_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(retry_after(503, "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = support::builder(&server)
        .clock(clock.clone())
        .retry_transient_errors(true)
        .request_timeout(Duration::ZERO)
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn slow_replies_hit_the_overall_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn malformed_and_duplicated_reset_headers_do_not_panic() {
    let server = MockServer::start().await;
    let duplicated = ResponseTemplate::new(429)
        .insert_header("Date", DATE)
        .append_header("X-Rate-Limit-Reset", (DATE_EPOCH + 1).to_string().as_str())
        .append_header("X-Rate-Limit-Reset", (DATE_EPOCH + 2).to_string().as_str())
        .insert_header("X-Okta-Request-Id", "dup");
    let malformed = ResponseTemplate::new(429)
        .insert_header("Date", "not a date")
        .insert_header("X-Rate-Limit-Reset", "soon-ish")
        .set_body_string("<html>slow down</html>");
    let huge = ResponseTemplate::new(429)
        .append_header("X-Rate-Limit-Reset", "999999999999999999999999999")
        .append_header("X-Rate-Limit-Reset", "-12");
    let missing = ResponseTemplate::new(429);
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![
            duplicated,
            malformed,
            huge,
            missing,
            ok(),
        ]))
        .expect(5)
        .mount(&server)
        .await;
    let client = support::builder(&server).max_retries(4).build().unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        support::header(&requests[4], "x-okta-retry-for"),
        Some("dup")
    );
    assert_eq!(
        support::header(&requests[4], "x-okta-retry-count"),
        Some("4")
    );
}

#[tokio::test]
async fn transient_retries_are_off_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let err = support::client(&server)
        .request(Method::GET, "/x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn transient_retries_cover_idempotent_methods_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(502),
            ok(),
        ]))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .retry_transient_errors(true)
        .build()
        .unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    let err = client.request(Method::POST, "/x").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn connection_errors_are_retried_when_enabled() {
    // A port nobody listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = okta_sdk::Client::builder()
        .org_url(format!("http://127.0.0.1:{port}"))
        .api_token("t")
        .allow_insecure_http(true)
        .clock(TestClock::new())
        .retry_transient_errors(true)
        .max_retries(2)
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("connection failed"), "{err}");
}
