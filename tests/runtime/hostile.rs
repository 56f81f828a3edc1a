//! A hostile server: absurd numbers, echoed credentials, stalls, huge replies. Each call ends
//! with a result or a clear error; never a panic, a hang or a leaked credential.

use std::time::Duration;

use okta_sdk::{AuthorizationMode, Client, ConfigSources, Error, Method};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{self, TOKEN};

/// Hang guard only (no timing assertion): far above what any of these calls needs.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn guarded<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(HANG_GUARD, work)
        .await
        .expect("the call hung")
}

fn private_key_client(server: &MockServer) -> okta_sdk::ClientBuilder {
    Client::builder()
        .org_url(server.uri())
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id("0oa-service-app")
        .scopes(["okta.users.read"])
        .private_key(support::key("rsa_private.pem"))
        .allow_insecure_http(true)
        .clock(support::TestClock::new())
}

// ---- 1. Checked arithmetic on outside durations -------------------------------------------

#[tokio::test]
async fn an_absurd_token_lifetime_does_not_panic() {
    for expires_in in [json!(1u64 << 63), json!(u64::MAX), json!(0)] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth2/v1/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "token_type": "Bearer", "expires_in": expires_in, "access_token": "at-1"
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        let client = private_key_client(&server).build().unwrap();
        for _ in 0..2 {
            let _: Value = guarded(client.request(Method::GET, "/api/v1/users/me").send_json())
                .await
                .unwrap_or_else(|err| panic!("expires_in {expires_in}: {err}"));
        }
    }
}

#[tokio::test]
async fn absurd_timeouts_from_code_and_environment_do_not_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let from_code = support::builder(&server)
        .request_timeout(Duration::MAX)
        .read_timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .max_retry_wait(Duration::MAX)
        .build()
        .unwrap();
    let sources = ConfigSources::empty()
        .env("OKTA_CLIENT_ORGURL", server.uri())
        .env("OKTA_CLIENT_TOKEN", TOKEN)
        .env("OKTA_CLIENT_REQUESTTIMEOUT", u64::MAX.to_string())
        .env("OKTA_CLIENT_READTIMEOUT", u64::MAX.to_string())
        .env("OKTA_CLIENT_CONNECTIONTIMEOUT", u64::MAX.to_string());
    let from_env = okta_sdk::ClientBuilder::from_sources(&sources)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    for client in [from_code, from_env] {
        let _: Value = guarded(client.request(Method::GET, "/x").send_json())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn absurd_retry_headers_do_not_panic() {
    let server = MockServer::start().await;
    let absurd = [
        ("Retry-After", "99999999999999999999999999"),
        ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
        ("Date", "Mon, 01 Jan 0001 00:00:00 GMT"),
        ("X-Rate-Limit-Reset", "9223372036854775807"),
    ];
    let mut reply = ResponseTemplate::new(429);
    for (name, value) in absurd {
        reply = reply.append_header(name, value);
    }
    Mock::given(method("GET"))
        .respond_with(reply)
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .max_retry_wait(Duration::MAX)
        .request_timeout(Duration::ZERO)
        .build()
        .unwrap();
    let err = guarded(client.request(Method::GET, "/x").send())
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err}");
}

// ---- 2. Redaction of echoed credentials ----------------------------------------------------

/// Echoes the request's `Authorization` header back: in a header, and in the body as given
/// by `body` (`{auth}` is replaced by the header).
struct Echo {
    status: u16,
    body: &'static str,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let auth = support::header(request, "authorization").unwrap_or_default();
        ResponseTemplate::new(self.status)
            .insert_header("X-Echo", auth)
            .insert_header("X-Okta-Request-Id", auth)
            .set_body_raw(self.body.replace("{auth}", auth), "application/json")
    }
}

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "{what}: `{secret}` leaked into: {text}"
        );
    }
}

const ECHOES: [(u16, &str); 4] = [
    // An error body echoing the header, in Okta's format and as plain text.
    (
        401,
        r#"{"errorCode":"E0000011","errorSummary":"bad {auth}","errorCauses":[{"errorSummary":"{auth}"}]}"#,
    ),
    (502, "<html>proxy says: {auth}</html>"),
    // A 200 that does not decode: serde's message and the snippet both quote the value.
    (200, r#"{"id": 5, "x": "{auth}"}"#),
    (200, r#"["{auth}"]"#),
];

async fn assert_echo_is_scrubbed(client: &Client, secrets: &[&str], capture: &support::LogCapture) {
    for (_, body) in ECHOES {
        let err = guarded(
            client
                .request(Method::GET, "/api/v1/users/me")
                .send_json::<okta_sdk::models::User>(),
        )
        .await
        .expect_err(body);
        assert_clean("Display", &err.to_string(), secrets);
        assert_clean("Debug", &format!("{err:?}"), secrets);
        if let Some(api) = err.as_api() {
            assert_clean("headers", &format!("{:?}", api.headers), secrets);
            assert_clean("body", &api.body, secrets);
        }
    }
    let logs = capture.text();
    assert!(logs.contains("okta.request"), "tracing captured nothing");
    assert_clean("logs", &logs, secrets);
}

async fn echo_server(echoes: &[(u16, &'static str)]) -> MockServer {
    let server = MockServer::start().await;
    for (status, body) in echoes {
        Mock::given(method("GET"))
            .respond_with(Echo {
                status: *status,
                body,
            })
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn an_echoed_api_token_is_scrubbed() {
    let capture = support::capture_logs();
    let server = echo_server(&ECHOES).await;
    let client = support::client(&server);
    assert_echo_is_scrubbed(&client, &[TOKEN], &capture).await;
}

#[tokio::test]
async fn an_echoed_access_token_and_client_assertion_are_scrubbed() {
    let capture = support::capture_logs();
    const ACCESS_TOKEN: &str = "eyACCESS-token-value-0123";
    let server = echo_server(&ECHOES).await;
    // The token endpoint first fails, echoing the form (with the client assertion) back.
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(|request: &Request| {
            let form = String::from_utf8_lossy(&request.body).into_owned();
            ResponseTemplate::new(400)
                .insert_header("X-Echo", form.as_str())
                .set_body_json(json!({"error": "invalid_client", "error_description": form}))
        })
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "expires_in": 3600, "access_token": ACCESS_TOKEN
        })))
        .mount(&server)
        .await;
    let client = private_key_client(&server).build().unwrap();
    let err = guarded(client.request(Method::GET, "/x").send())
        .await
        .unwrap_err();
    let assertion = {
        let requests = support::received(&server).await;
        let form = String::from_utf8_lossy(&requests[0].body).into_owned();
        form.split('&')
            .find_map(|pair| pair.strip_prefix("client_assertion="))
            .unwrap()
            .to_owned()
    };
    assert!(assertion.len() > 100, "{assertion}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    for text in [err.to_string(), format!("{err:?}")] {
        assert_clean("token error", &text, &[&assertion, &assertion[..60]]);
    }
    assert_echo_is_scrubbed(&client, &[ACCESS_TOKEN, &assertion], &capture).await;
}

// ---- 4. Timeouts -----------------------------------------------------------------------------

#[tokio::test]
async fn defaults_bound_every_call() {
    let server = MockServer::start().await;
    let client = support::client(&server);
    let debug = format!("{:?}", client.transport());
    assert!(
        debug.contains(&format!(
            "request_timeout: Some({:?})",
            okta_sdk::DEFAULT_REQUEST_TIMEOUT
        )),
        "{debug}"
    );
    assert_eq!(okta_sdk::DEFAULT_REQUEST_TIMEOUT, Duration::from_secs(300));
    assert_eq!(okta_sdk::DEFAULT_READ_TIMEOUT, Duration::from_secs(60));
    assert_eq!(okta_sdk::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(30));
}

#[tokio::test]
async fn a_stalled_server_fails_the_call_by_the_read_timeout() {
    // The only limit is the read timeout (request timeout off): the stall must still end.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(600)))
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .request_timeout(Duration::ZERO)
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = guarded(client.request(Method::GET, "/x").send())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn the_read_timeout_comes_from_okta_yaml_and_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(600)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("okta.yaml"),
        format!(
            "okta:\n  client:\n    orgUrl: {}\n    token: t\n    readTimeout: 600\n    requestTimeout: 0\n",
            server.uri()
        ),
    )
    .unwrap();
    let yaml_only = ConfigSources::empty().current_dir(dir.path());
    let debug = format!(
        "{:?}",
        okta_sdk::ClientBuilder::from_sources(&yaml_only).allow_insecure_http(true)
    );
    assert!(debug.contains("read_timeout: Some(600s)"), "{debug}");
    // The environment overrides the file.
    let with_env = yaml_only.env("OKTA_CLIENT_READTIMEOUT", "1");
    let client = okta_sdk::ClientBuilder::from_sources(&with_env)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let err = guarded(client.request(Method::GET, "/x").send())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("timed out"), "{err}");
}

// ---- 5. Maximum reply size -------------------------------------------------------------------

#[tokio::test]
async fn a_reply_over_the_size_limit_is_a_clear_error() {
    let server = MockServer::start().await;
    let big = format!("[{}\"x\"]", "\"aaaaaaaaaa\",".repeat(10_000));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json"))
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .max_response_size(64 * 1024)
        .build()
        .unwrap();
    let err = guarded(client.request(Method::GET, "/x").send_json::<Vec<String>>())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 65536 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("65536 bytes"), "{err}");
    // Within the limit, the same reply decodes.
    let client = support::builder(&server)
        .max_response_size(big.len() as u64)
        .build()
        .unwrap();
    let items: Vec<String> = client.request(Method::GET, "/x").send_json().await.unwrap();
    assert_eq!(items.len(), 10_001);
    assert_eq!(okta_sdk::DEFAULT_MAX_RESPONSE_SIZE, 64 << 20);
}

/// A loopback server that answers every request with `body` in `Transfer-Encoding: chunked`
/// chunks of `chunk` bytes and no `Content-Length`, as Okta's list replies come; a `next`
/// link on the first page only. Returns its base URL.
async fn chunked_server(body: Vec<u8>, chunk: usize) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let next = format!("{base}/api/v1/users?after=2");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (body, next) = (body.clone(), next.clone());
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = stream.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    while let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&request[..end]).into_owned();
                        request.drain(..end + 4);
                        let link = if head.contains("after=2") {
                            String::new()
                        } else {
                            format!("link: <{next}>; rel=\"next\"\r\n")
                        };
                        let mut out = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                             transfer-encoding: chunked\r\n{link}\r\n"
                        )
                        .into_bytes();
                        for part in body.chunks(chunk) {
                            out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
                            out.extend_from_slice(part);
                            out.extend_from_slice(b"\r\n");
                        }
                        out.extend_from_slice(b"0\r\n\r\n");
                        if stream.write_all(&out).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    base
}

#[tokio::test]
async fn a_chunked_reply_is_read_whole_and_held_to_the_size_limit() {
    let users: Vec<Value> = (0..50)
        .map(
            |i| json!({"id": format!("00u{i}"), "profile": {"login": format!("u{i}@example.com")}}),
        )
        .collect();
    let body = serde_json::to_vec(&users).unwrap();
    // Chunks of 7 bytes: every boundary falls inside a string or a key somewhere.
    let base = chunked_server(body.clone(), 7).await;
    let client = Client::builder()
        .org_url(&base)
        .api_token(TOKEN)
        .allow_insecure_http(true)
        .max_response_size(body.len() as u64)
        .build()
        .unwrap();
    let listed: Vec<okta_sdk::models::User> = guarded(futures_util::TryStreamExt::try_collect(
        client.list_users().limit(50).stream(),
    ))
    .await
    .unwrap();
    assert_eq!(listed.len(), 100, "two pages of 50");
    assert_eq!(listed[0].id.as_deref(), Some("00u0"));
    assert_eq!(listed[99].id.as_deref(), Some("00u49"));
    assert_eq!(
        listed[49].profile.as_ref().and_then(|p| p.login.as_deref()),
        Some("u49@example.com")
    );
    // One byte under the body's size: refused as it streams in, with no length declared.
    let client = Client::builder()
        .org_url(&base)
        .api_token(TOKEN)
        .allow_insecure_http(true)
        .max_response_size(body.len() as u64 - 1)
        .build()
        .unwrap();
    let err = guarded(client.list_users().send()).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}
