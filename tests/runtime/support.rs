//! Shared helpers: a client wired to a mock server, scripted responders, fixture keys, and a
//! JWS verifier of its own.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::future::BoxFuture;
use okta_sdk::{Client, ClientBuilder, Clock};
use ring::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey,
};
use serde_json::Value;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The token every SSWS test client uses.
pub const TOKEN: &str = "test-api-token-0123";

/// A builder for a client of `server`: SSWS, plain http allowed, retry waits on a virtual
/// clock (they take no time).
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .org_url(server.uri())
        .api_token(TOKEN)
        .allow_insecure_http(true)
        .clock(TestClock::new())
}

/// A virtual clock: a sleep returns at once and moves the clock forward, and is recorded, so
/// tests assert the waits the client chose rather than measuring them.
#[derive(Debug)]
pub struct TestClock {
    start: Instant,
    start_system: SystemTime,
    slept: Mutex<Vec<Duration>>,
}

impl TestClock {
    pub fn new() -> Arc<TestClock> {
        Arc::new(TestClock {
            start: Instant::now(),
            start_system: SystemTime::now(),
            slept: Mutex::new(Vec::new()),
        })
    }

    /// Every wait so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }

    fn advanced(&self) -> Duration {
        let slept = self.slept.lock().unwrap();
        slept
            .iter()
            .fold(Duration::ZERO, |a, b| a.saturating_add(*b))
    }
}

impl Clock for TestClock {
    fn now(&self) -> Instant {
        // Real time passes too (the HTTP exchanges), plus every virtual sleep.
        let now = Instant::now();
        now.checked_add(self.advanced()).unwrap_or(now)
    }

    fn system_now(&self) -> SystemTime {
        let now = self.start_system + self.start.elapsed();
        now.checked_add(self.advanced()).unwrap_or(now)
    }

    fn sleep(&self, wait: Duration) -> BoxFuture<'static, ()> {
        self.slept.lock().unwrap().push(wait);
        Box::pin(async {})
    }
}

/// A client of `server` (see [`builder`]).
pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("test client builds")
}

/// The path of a test key under `tests/fixtures/keys`.
pub fn key_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("keys")
        .join(name)
}

/// The contents of a test key.
pub fn key(name: &str) -> String {
    std::fs::read_to_string(key_path(name)).expect("test key is readable")
}

/// Answers with the templates in order, repeating the last one.
pub struct Sequence {
    templates: Vec<ResponseTemplate>,
    calls: AtomicUsize,
}

impl Sequence {
    pub fn new(templates: Vec<ResponseTemplate>) -> Self {
        Sequence {
            templates,
            calls: AtomicUsize::new(0),
        }
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.templates[n.min(self.templates.len() - 1)].clone()
    }
}

/// All requests the server received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// One header of a received request, as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// An HTTP date and the same instant in epoch seconds (fixed, so tests do not depend on the
/// machine's clock).
pub const DATE: &str = "Tue, 15 Nov 1994 08:12:31 GMT";
/// [`DATE`] in seconds since the Unix epoch.
pub const DATE_EPOCH: i64 = 784_887_151;

/// A 429 reply whose rate-limit window resets `reset_in` seconds after its `Date`.
pub fn too_many_requests(request_id: &str, reset_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Date", DATE)
        .insert_header(
            "X-Rate-Limit-Reset",
            (DATE_EPOCH + reset_in).to_string().as_str(),
        )
        .insert_header("X-Rate-Limit-Remaining", "0")
        .insert_header("X-Okta-Request-Id", request_id)
        .set_body_json(serde_json::json!({
            "errorCode": "E0000047",
            "errorSummary": "API call exceeded rate limit due to too many requests.",
            "errorLink": "E0000047",
            "errorId": "oae-429",
            "errorCauses": []
        }))
}

/// The tracing output of the test running on this thread.
///
/// One global subscriber writes every event to the capture of the thread it happens on. A
/// subscriber per test (`set_default`) lost events now and then: when another test's thread had
/// registered a callsite first, with no subscriber there, tracing cached "not interested" for it.
/// `#[tokio::test]` runs a test's futures on its own thread, so each test sees its own output.
pub struct LogCapture {
    buffer: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

thread_local! {
    static THREAD_CAPTURE: std::cell::RefCell<Option<std::sync::Arc<std::sync::Mutex<Vec<u8>>>>> =
        const { std::cell::RefCell::new(None) };
}

struct ThreadWriter;

impl std::io::Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        THREAD_CAPTURE.with(|capture| {
            if let Some(buffer) = &*capture.borrow() {
                buffer.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing this thread's tracing output (until the capture is dropped).
pub fn capture_logs() -> LogCapture {
    static GLOBAL: std::sync::Once = std::sync::Once::new();
    GLOBAL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(|| ThreadWriter)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global tracing subscriber in the runtime tests");
    });
    let buffer = std::sync::Arc::default();
    THREAD_CAPTURE.with(|capture| *capture.borrow_mut() = Some(std::sync::Arc::clone(&buffer)));
    LogCapture { buffer }
}

impl LogCapture {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap()).into_owned()
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        THREAD_CAPTURE.with(|capture| *capture.borrow_mut() = None);
    }
}

/// A fixture JWK (see `tests/fixtures/keys/README.md`: each holds the same key as the PEM of
/// the same kind), for its public members.
pub fn jwk(name: &str) -> Value {
    serde_json::from_str(&key(name)).expect("test JWK is JSON")
}

/// Checks the signature of the compact JWS `jws` with the public key of `jwk` (RSA `n`/`e` or
/// P-256 `x`/`y`; other members are ignored) and returns its header and claims. Independent of
/// the SDK's signing code: base64url, JSON and `ring`'s verification only. The header's `alg`
/// must fit the key (RS256 for RSA, ES256 for P-256).
pub fn verify_jws(jws: &str, jwk: &Value) -> Result<(Value, Value), String> {
    let parts: Vec<&str> = jws.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(format!("{} parts, not 3", parts.len()));
    };
    let base64url = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|err| format!("not base64url: {err}"))
    };
    let json = |part: &str| -> Result<Value, String> {
        serde_json::from_slice(&base64url(part)?).map_err(|err| format!("not JSON: {err}"))
    };
    let (header_json, claims_json) = (json(header)?, json(claims)?);
    let signature = base64url(signature)?;
    let member = |name: &str| {
        jwk[name]
            .as_str()
            .ok_or_else(|| format!("the jwk lacks {name}"))
            .and_then(base64url)
    };
    let message = format!("{header}.{claims}");
    let verified = match (header_json["alg"].as_str(), jwk["kty"].as_str()) {
        (Some("RS256"), Some("RSA")) => RsaPublicKeyComponents {
            n: member("n")?,
            e: member("e")?,
        }
        .verify(&RSA_PKCS1_2048_8192_SHA256, message.as_bytes(), &signature),
        (Some("ES256"), Some("EC")) if jwk["crv"] == "P-256" => {
            // The uncompressed point: 0x04, x, y; the signature is r || s (64 bytes).
            let point = [vec![0x04], member("x")?, member("y")?].concat();
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(message.as_bytes(), &signature)
        }
        (alg, kty) => return Err(format!("alg {alg:?} does not fit a {kty:?} key")),
    };
    verified.map_err(|_| "the signature does not verify".to_owned())?;
    Ok((header_json, claims_json))
}

/// Asserts that `text` (an error message or its `Debug`) quotes no part of `key` (a PEM or a
/// JWK): no run of 12 or more base64 characters of it.
pub fn assert_no_key_material(text: &str, key: &str) {
    for run in key.split(|c: char| !(c.is_ascii_alphanumeric() || "+/-_".contains(c))) {
        if run.len() >= 12 {
            for window in run.as_bytes().windows(12) {
                let window = std::str::from_utf8(window).unwrap();
                assert!(!text.contains(window), "{text:?} quotes the key ({window})");
            }
        }
    }
}
