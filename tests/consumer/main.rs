//! okta-sdk as a dependency: a new Cargo project outside the workspace depends on `okta-sdk` by
//! path, builds three of the crate's examples as its own binaries, and runs them against a
//! loopback HTTP server that plays Okta; the test checks what the programs print and what
//! reached the server.
//!
//! The examples are copied unchanged except for one line: the client is built with
//! `.allow_insecure_http(true)` (the loopback server speaks plain http) and, for the retry
//! example, a shortened retry clock. The project gets a copy of the workspace's `Cargo.lock`
//! (same dependency versions, nothing to resolve or download) and the workspace's `[profile.*]`
//! settings, and builds into the workspace's target directory, so the dependencies already built
//! by `cargo test --workspace` are reused (see `MIRRORED_FEATURES`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

/// One request as the loopback server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// Dependencies the consumer does not need, declared with the features the workspace's test
/// build enables (through wiremock, insta...), so that Cargo's feature unification gives the same
/// feature sets as in `cargo test --workspace` and the artifacts already built there (okta-sdk
/// above all) are reused instead of rebuilt. Only a build-time optimisation: if this list goes
/// stale, the test still passes, it just compiles more.
const MIRRORED_FEATURES: &str = r#"
hyper = { version = "1", features = ["full"] }
hyper-util = { version = "0.1", features = ["server", "http2"] }
indexmap = { version = "2", features = ["serde"] }
memchr = "2"
slab = "0.4"
bitflags = { version = "2", features = ["std"] }
tracing = "0.1"
"#;

/// The `[profile.*]` sections of the workspace manifest (they change the compiler flags, hence
/// whether artifacts can be shared).
fn profile_sections(manifest: &str) -> String {
    let mut out = String::new();
    let mut in_profile = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_profile = trimmed.starts_with("[profile");
        }
        if in_profile {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn a_project_outside_the_workspace_builds_and_runs_the_examples() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let sdk = workspace.join("generated-sdk");
    let project = tempfile::tempdir().expect("temp dir");
    let dir = project.path();

    // The project: its own (empty) workspace, so no enclosing Cargo.toml claims it.
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "okta-sdk-consumer-check"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
okta-sdk = {{ path = {sdk:?} }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
futures-util = {{ version = "0.3", features = ["io", "sink", "channel"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
{mirrored}
{profiles}"#,
            sdk = sdk.display().to_string(),
            mirrored = MIRRORED_FEATURES.trim(),
            profiles = profile_sections(
                &std::fs::read_to_string(workspace.join("Cargo.toml")).expect("workspace manifest")
            ),
        ),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    let examples = [
        (
            "list_users",
            "okta_sdk::Client::from_env()?",
            "okta_sdk::ClientBuilder::from_env().allow_insecure_http(true).build()?",
        ),
        (
            "user_lifecycle",
            "okta_sdk::Client::from_env()?",
            "okta_sdk::ClientBuilder::from_env().allow_insecure_http(true).build()?",
        ),
        (
            "errors_and_rate_limits",
            "ClientBuilder::from_env()",
            "ClientBuilder::from_env().allow_insecure_http(true).retry_time_scale(0.001)",
        ),
    ];
    for (name, from, to) in examples {
        let source = std::fs::read_to_string(sdk.join(format!("examples/{name}.rs")))
            .unwrap_or_else(|e| panic!("reading example {name}: {e}"));
        assert_eq!(
            source.matches(from).count(),
            1,
            "example {name} should build its client with `{from}` exactly once"
        );
        std::fs::write(
            dir.join(format!("src/bin/consumer-{name}.rs")),
            source.replace(from, to),
        )
        .unwrap();
    }

    // Build into the workspace's target directory: <target>/<profile>/deps/<this test binary>.
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in <target>/<profile>/deps");
    let target_dir = profile_dir.parent().expect("<target>/<profile>");
    let profile = profile_dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("profile directory name");
    let profile = if profile == "debug" { "dev" } else { profile };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let build = Command::new(&cargo)
        .args(["build", "--bins", "--profile", profile, "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("running cargo build");
    assert!(
        build.status.success(),
        "the consumer project failed to build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let (url, seen) = start_server();
    let run = |name: &str, args: &[&str]| -> Output {
        let bin = profile_dir.join(format!("consumer-{name}{}", std::env::consts::EXE_SUFFIX));
        let mut command = Command::new(&bin);
        command.args(args).current_dir(dir);
        // Only this test's settings: no okta.yaml (HOME and the current directory are the
        // temp project), no OKTA_CLIENT_* or proxy variables from the caller's environment.
        for (key, _) in std::env::vars() {
            let upper = key.to_ascii_uppercase();
            if upper.starts_with("OKTA_CLIENT_") || upper.ends_with("_PROXY") {
                command.env_remove(&key);
            }
        }
        command
            .env("HOME", dir)
            .env("OKTA_CLIENT_ORGURL", &url)
            .env("OKTA_CLIENT_TOKEN", "test-token");
        command
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", bin.display()))
    };

    // list_users: a search filter, two pages followed through the Link header.
    let out = run("list_users", &[r#"profile.department eq "Engineering""#]);
    let stdout = success(&out, "list_users");
    assert!(
        stdout.contains("00u1\tjane@example.com\tSome(Active)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("00u2\tjohn@example.com\tSome(Staged)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"2 user(s) match profile.department eq "Engineering""#),
        "{stdout}"
    );
    let first = find(&seen, "GET", "/api/v1/users?", "search=");
    let query = first.target.split_once('?').map(|(_, q)| q).unwrap_or("");
    assert!(
        query.contains("profile.department") && query.contains("Engineering"),
        "search filter not sent: {}",
        first.target
    );
    assert_eq!(
        first.headers.get("authorization").map(String::as_str),
        Some("SSWS test-token")
    );
    find(&seen, "GET", "/api/v1/users?", "after=00u2");

    // user_lifecycle: create (staged), activate, deactivate.
    let out = run("user_lifecycle", &["jane.doe@example.com"]);
    let stdout = success(&out, "user_lifecycle");
    for line in [
        "created 00unew (Some(Staged))",
        "activated 00unew; activation url: Some(\"https://example.okta.com/activate\")",
        "deactivated 00unew",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    let create = find(&seen, "POST", "/api/v1/users?", "activate=false");
    let body: serde_json::Value = serde_json::from_str(&create.body).expect("JSON body");
    assert_eq!(body["profile"]["login"], "jane.doe@example.com");
    assert_eq!(body["profile"]["firstName"], "Jane");
    find(
        &seen,
        "POST",
        "/api/v1/users/00unew/lifecycle/activate",
        "sendEmail=false",
    );
    find(
        &seen,
        "POST",
        "/api/v1/users/00unew/lifecycle/deactivate",
        "sendEmail=false",
    );

    // errors_and_rate_limits: a user, a 404 and a 429 that outlasts the retries.
    let out = run(
        "errors_and_rate_limits",
        &["00u1", "00u-missing", "00u-limited"],
    );
    let stdout = success(&out, "errors_and_rate_limits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("00u1: Some(Active)"), "{stdout}");
    assert!(stderr.contains("00u-missing: no such user"), "{stderr}");
    assert!(
        stderr.contains("00u-limited: rate limited (request Some(\"req-429\"))"),
        "{stderr}"
    );
    assert!(
        stdout.contains("rate limit: Some(599) of Some(600) left"),
        "{stdout}"
    );
    let limited: Vec<Seen> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.target == "/api/v1/users/00u-limited")
        .cloned()
        .collect();
    assert_eq!(limited.len(), 4, "one call and max_retries(3) retries");
    assert_eq!(
        limited[3]
            .headers
            .get("x-okta-retry-count")
            .map(String::as_str),
        Some("3")
    );
}

fn success(out: &Output, name: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "example {name} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn find(seen: &Mutex<Vec<Seen>>, method: &str, prefix: &str, needle: &str) -> Seen {
    let seen = seen.lock().unwrap();
    seen.iter()
        .find(|r| r.method == method && r.target.starts_with(prefix) && r.target.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no {method} {prefix}..{needle}.. among {seen:#?}"))
}

/// A tiny HTTP/1.1 server on loopback playing the few Okta endpoints the examples call; one
/// thread per connection, `Connection: close` on every reply.
fn start_server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (base, log) = (url.clone(), Arc::clone(&seen));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (base, log) = (base.clone(), Arc::clone(&log));
            std::thread::spawn(move || {
                let _ = handle(stream, &base, &log);
            });
        }
    });
    (url, seen)
}

fn handle(stream: TcpStream, base: &str, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let length = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = Seen {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let (status, extra, reply) = route(&request, base);
    log.lock().unwrap().push(request);

    let mut head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        reply.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    stream.write_all(reply.as_bytes())?;
    stream.flush()
}

type Reply = (&'static str, Vec<(&'static str, String)>, String);

fn route(request: &Seen, base: &str) -> Reply {
    let user = |id: &str, login: &str, status: &str| {
        format!(
            r#"{{"id":"{id}","status":"{status}","profile":{{"login":"{login}","email":"{login}"}}}}"#
        )
    };
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    match (request.method.as_str(), path) {
        ("GET", "/api/v1/users") if query.contains("after=00u2") => (
            "200 OK",
            vec![],
            format!("[{}]", user("00u2", "john@example.com", "STAGED")),
        ),
        ("GET", "/api/v1/users") if query.contains("search=") => (
            "200 OK",
            vec![(
                "link",
                format!(r#"<{base}/api/v1/users?after=00u2&limit=200>; rel="next""#),
            )],
            format!("[{}]", user("00u1", "jane@example.com", "ACTIVE")),
        ),
        ("GET", "/api/v1/users") => (
            "200 OK",
            vec![
                ("x-rate-limit-limit", "600".to_owned()),
                ("x-rate-limit-remaining", "599".to_owned()),
                ("x-rate-limit-reset", "1700000000".to_owned()),
            ],
            format!("[{}]", user("00u1", "jane@example.com", "ACTIVE")),
        ),
        ("GET", "/api/v1/users/00u1") => (
            "200 OK",
            vec![],
            user("00u1", "jane@example.com", "ACTIVE"),
        ),
        ("GET", "/api/v1/users/00u-limited") => (
            "429 Too Many Requests",
            vec![
                ("date", "Tue, 15 Nov 1994 08:12:31 GMT".to_owned()),
                ("x-rate-limit-reset", "784887152".to_owned()), // Date + 1 s
                ("x-okta-request-id", "req-429".to_owned()),
            ],
            r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorCauses":[]}"#.to_owned(),
        ),
        ("POST", "/api/v1/users") => (
            "200 OK",
            vec![],
            user("00unew", "jane.doe@example.com", "STAGED"),
        ),
        ("POST", "/api/v1/users/00unew/lifecycle/activate") => (
            "200 OK",
            vec![],
            r#"{"activationUrl":"https://example.okta.com/activate","activationToken":"tok"}"#
                .to_owned(),
        ),
        ("POST", "/api/v1/users/00unew/lifecycle/deactivate") => {
            ("200 OK", vec![], String::new())
        }
        _ => (
            "404 Not Found",
            vec![("x-okta-request-id", "req-404".to_owned())],
            r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found","errorCauses":[]}"#
                .to_owned(),
        ),
    }
}
