//! Runtime benchmark (issue 15): listing users through the SDK against the best loop a user
//! could write instead, each as a whole process, paired run by run.
//!
//! A loopback HTTP/1.1 server (this binary with `--serve`, in a child process) serves
//! pre-rendered pages of realistic Okta users. Each run starts one client process per loop,
//! in rotating order, and reads its CPU time (user + system) and wall time as its parent, and
//! its peak RSS (VmHWM) as it finishes. The loops:
//!
//! - `sdk`: `client.list_users().limit(200).stream()`;
//! - `derive`: the honest baseline: reqwest + serde **derive** into plain structs written here,
//!   with the same fields as the SDK's models and unknown fields kept in a flattened map;
//! - `model`: reqwest + serde_json into the SDK's own `User` (the transport without the
//!   SDK's send loop: SDK minus `model` is the runtime's overhead, `model` minus `derive` the
//!   models' decoder).
//!
//! ```text
//! cargo bench -p okta-sdk-workspace-tests --bench runtime           # 100k users, 7 runs, both framings
//! cargo bench -p okta-sdk-workspace-tests --bench runtime -- --runs 11 --users 100000 --chunked 8192
//! cargo bench -p okta-sdk-workspace-tests --bench runtime -- --content-length
//! target/release/deps/runtime-<hash> --serve 500 [--chunked 8192]   # the server alone
//! target/release/deps/runtime-<hash> --client sdk --base URL        # one client
//! ```
//!
//! Pages go out in two framings: `Transfer-Encoding: chunked` in 8 KiB chunks without a length,
//! as Okta sends its lists, and with `Content-Length` in one piece. By default both are run.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;

const PAGE_SIZE: usize = 200;
/// Distinct pre-rendered page bodies; longer lists cycle through them.
const DISTINCT_PAGES: usize = 50;
const DEFAULT_USERS: usize = 100_000;
const DEFAULT_RUNS: usize = 7;
/// The chunk size of the chunked framing.
const DEFAULT_CHUNK: usize = 8192;
const TOKEN: &str = "x";

// ---------------------------------------------------------------------------------------------
// Loopback server
// ---------------------------------------------------------------------------------------------

/// One realistic Okta user, as `GET /api/v1/users` returns it.
fn user_json(base: &str, page: usize, index: usize) -> serde_json::Value {
    const FIRST: [&str; 8] = [
        "Isaac", "Maria", "Chen", "Aisha", "Olivia", "Mateo", "Priya", "Lars",
    ];
    const LAST: [&str; 8] = [
        "Brock", "Garcia", "Wei", "Khan", "Smith", "Rossi", "Patel", "Nilsen",
    ];
    const DEPARTMENTS: [&str; 4] = ["Engineering", "Sales", "Finance", "Support"];
    let n = page * PAGE_SIZE + index;
    let id = format!("00u{n:07}a1b2c3d4e5");
    let first = FIRST[n % FIRST.len()];
    let last = LAST[(n / 8) % LAST.len()];
    let login = format!(
        "{}.{}{n}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let day = 1 + n % 28;
    serde_json::json!({
        "id": id,
        "status": if n.is_multiple_of(10) { "PROVISIONED" } else { "ACTIVE" },
        "created": format!("2023-01-{day:02}T16:39:18.000Z"),
        "activated": format!("2023-01-{day:02}T16:39:19.000Z"),
        "statusChanged": format!("2023-02-{day:02}T08:12:40.000Z"),
        "lastLogin": format!("2024-05-{day:02}T17:39:19.000Z"),
        "lastUpdated": format!("2024-03-{day:02}T21:36:25.344Z"),
        "passwordChanged": format!("2024-03-{day:02}T21:36:25.344Z"),
        "type": { "id": "otyfnjfba4ye7pgjB0g4" },
        "profile": {
            "firstName": first,
            "lastName": last,
            "mobilePhone": null,
            "secondEmail": format!("{}.{}{n}@personal.example.org", first.to_lowercase(), last.to_lowercase()),
            "login": login,
            "email": login,
            "department": DEPARTMENTS[n % DEPARTMENTS.len()],
            "employeeNumber": format!("E{n:06}"),
        },
        "credentials": {
            "password": {},
            "provider": { "type": "OKTA", "name": "OKTA" }
        },
        "_links": {
            "self": { "href": format!("{base}/api/v1/users/{id}") }
        }
    })
}

/// The page cursor Okta puts in `after=`: here the id-like spelling of the page number.
fn cursor(page: usize) -> String {
    format!("00u{page:017}")
}

fn parse_cursor(query: &str) -> usize {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("after="))
        .and_then(|c| c.strip_prefix("00u"))
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

struct Pages {
    base: String,
    total: usize,
    bodies: Vec<Vec<u8>>,
    /// `Some(n)`: bodies go out with `Transfer-Encoding: chunked` in chunks of `n` bytes, and
    /// no `Content-Length`.
    chunk: Option<usize>,
}

impl Pages {
    fn render(base: &str, total: usize, chunk: Option<usize>) -> Self {
        let bodies = (0..DISTINCT_PAGES.min(total))
            .map(|page| {
                let users: Vec<_> = (0..PAGE_SIZE).map(|i| user_json(base, page, i)).collect();
                serde_json::to_vec(&users).expect("users serialize")
            })
            .collect();
        Pages {
            base: base.to_owned(),
            total,
            bodies,
            chunk,
        }
    }

    /// The full response for `target` (path and query).
    fn respond(&self, target: &str, out: &mut Vec<u8>) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        out.clear();
        if path != "/api/v1/users" {
            out.extend_from_slice(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            );
            return;
        }
        let page = parse_cursor(query);
        let body: &[u8] = if page < self.total {
            &self.bodies[page % self.bodies.len()]
        } else {
            b"[]"
        };
        let base = &self.base;
        let this = if page == 0 {
            format!("{base}/api/v1/users?limit={PAGE_SIZE}")
        } else {
            format!(
                "{base}/api/v1/users?after={}&limit={PAGE_SIZE}",
                cursor(page)
            )
        };
        let _ = write!(
            out,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{}\
             x-okta-request-id: req{page}\r\nx-rate-limit-limit: 600\r\n\
             x-rate-limit-remaining: 599\r\nx-rate-limit-reset: 1700000000\r\n\
             link: <{this}>; rel=\"self\"\r\n",
            match self.chunk {
                Some(_) => "transfer-encoding: chunked\r\n".to_owned(),
                None => format!("content-length: {}\r\n", body.len()),
            }
        );
        if page + 1 < self.total {
            let _ = write!(
                out,
                "link: <{base}/api/v1/users?after={}&limit={PAGE_SIZE}>; rel=\"next\"\r\n",
                cursor(page + 1)
            );
        }
        out.extend_from_slice(b"\r\n");
        match self.chunk {
            Some(size) => {
                for chunk in body.chunks(size) {
                    let _ = write!(out, "{:x}\r\n", chunk.len());
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"0\r\n\r\n");
            }
            None => out.extend_from_slice(body),
        }
    }
}

/// Serves one keep-alive connection: reads request heads (GET, no body), writes responses.
fn serve_connection(stream: TcpStream, pages: Arc<Pages>) {
    let _ = stream.set_nodelay(true);
    let mut writer = stream.try_clone().expect("clone stream");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut out = Vec::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut content_length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            let header = line.split_once(':');
            if let Some((_, value)) =
                header.filter(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            {
                content_length = value.trim().parse().unwrap_or(0);
            }
        }
        if content_length > 0 {
            let mut sink = vec![0; content_length];
            if reader.read_exact(&mut sink).is_err() {
                return;
            }
        }
        pages.respond(&target, &mut out);
        if writer.write_all(&out).is_err() {
            return;
        }
    }
}

/// Starts the server on 127.0.0.1 (an ephemeral port) and returns its base URL.
fn start_server(total_pages: usize, chunk: Option<usize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let pages = Arc::new(Pages::render(&base, total_pages, chunk));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let pages = pages.clone();
            std::thread::spawn(move || serve_connection(stream, pages));
        }
    });
    base
}

// ---------------------------------------------------------------------------------------------
// The baseline's models: what a user would derive by hand
// ---------------------------------------------------------------------------------------------

/// The fields of the SDK's `User` and the models it contains, written the way a careful user
/// would with serde derive: the same field types (timestamps as `chrono::DateTime`, enums with
/// a fallback variant), every field optional, and unknown fields kept in a flattened map so
/// that nothing Okta sends is lost. Enums the pages never carry are strings.
mod derived {
    use chrono::{DateTime, Utc};
    use serde::Deserialize;
    use serde_json::{Map, Value};

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "camelCase")]
    pub struct User {
        pub activated: Option<DateTime<Utc>>,
        pub created: Option<DateTime<Utc>>,
        pub credentials: Option<UserCredentials>,
        pub id: Option<String>,
        pub last_login: Option<DateTime<Utc>>,
        pub last_updated: Option<DateTime<Utc>>,
        pub password_changed: Option<DateTime<Utc>>,
        pub profile: Option<UserProfile>,
        pub realm_id: Option<String>,
        pub status: Option<UserStatus>,
        pub status_changed: Option<DateTime<Utc>>,
        pub transitioning_to_status: Option<UserStatus>,
        #[serde(rename = "type")]
        pub type_: Option<UserType>,
        #[serde(rename = "_embedded")]
        pub embedded: Option<Map<String, Value>>,
        #[serde(rename = "_links")]
        pub links: Option<UserLinks>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum UserStatus {
        Active,
        Deprovisioned,
        LockedOut,
        PasswordExpired,
        Provisioned,
        Recovery,
        Staged,
        Suspended,
        #[serde(other)]
        Unknown,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "camelCase")]
    pub struct UserProfile {
        pub city: Option<String>,
        pub cost_center: Option<String>,
        pub country_code: Option<String>,
        pub department: Option<String>,
        pub display_name: Option<String>,
        pub division: Option<String>,
        pub email: Option<String>,
        pub employee_number: Option<String>,
        pub first_name: Option<String>,
        pub honorific_prefix: Option<String>,
        pub honorific_suffix: Option<String>,
        pub last_name: Option<String>,
        pub locale: Option<String>,
        pub login: Option<String>,
        pub manager: Option<String>,
        pub manager_id: Option<String>,
        pub middle_name: Option<String>,
        pub mobile_phone: Option<String>,
        pub nick_name: Option<String>,
        pub organization: Option<String>,
        pub postal_address: Option<String>,
        pub preferred_language: Option<String>,
        pub primary_phone: Option<String>,
        pub profile_url: Option<String>,
        pub second_email: Option<String>,
        pub state: Option<String>,
        pub street_address: Option<String>,
        pub timezone: Option<String>,
        pub title: Option<String>,
        pub user_type: Option<String>,
        pub zip_code: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct UserCredentials {
        pub password: Option<PasswordCredential>,
        pub provider: Option<AuthenticationProvider>,
        pub recovery_question: Option<RecoveryQuestionCredential>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct PasswordCredential {
        pub hash: Option<PasswordCredentialHash>,
        pub hook: Option<PasswordCredentialHook>,
        pub value: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "camelCase")]
    pub struct PasswordCredentialHash {
        pub algorithm: Option<String>,
        pub digest_algorithm: Option<String>,
        pub iteration_count: Option<i64>,
        pub key_size: Option<i64>,
        pub salt: Option<String>,
        pub salt_order: Option<String>,
        pub value: Option<String>,
        pub work_factor: Option<i64>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct PasswordCredentialHook {
        #[serde(rename = "type")]
        pub type_: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct RecoveryQuestionCredential {
        pub answer: Option<String>,
        pub question: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct AuthenticationProvider {
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<AuthenticationProviderType>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum AuthenticationProviderType {
        ActiveDirectory,
        Federation,
        Import,
        Ldap,
        Okta,
        Social,
        #[serde(other)]
        Unknown,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct UserType {
        pub id: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    #[serde(rename_all = "camelCase")]
    pub struct UserLinks {
        #[serde(rename = "self")]
        pub self_: Option<HrefObject>,
        pub activate: Option<HrefObject>,
        pub reset_password: Option<HrefObject>,
        pub reset_factors: Option<HrefObject>,
        pub expire_password: Option<HrefObject>,
        pub forgot_password: Option<HrefObject>,
        pub change_recovery_question: Option<HrefObject>,
        pub deactivate: Option<HrefObject>,
        pub reactivate: Option<HrefObject>,
        pub change_password: Option<HrefObject>,
        pub schema: Option<HrefObject>,
        pub suspend: Option<HrefObject>,
        pub unsuspend: Option<HrefObject>,
        pub unlock: Option<HrefObject>,
        #[serde(rename = "type")]
        pub type_: Option<HrefObject>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct HrefObject {
        pub hints: Option<HrefHints>,
        pub href: Option<String>,
        pub name: Option<String>,
        pub templated: Option<bool>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)] // read only through `black_box`
    pub struct HrefHints {
        pub allow: Option<Vec<String>>,
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }
}

// ---------------------------------------------------------------------------------------------
// The three loops (each runs in a client process of its own)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Loop {
    Sdk,
    Derive,
    Model,
}

impl Loop {
    const ALL: [Loop; 3] = [Loop::Sdk, Loop::Derive, Loop::Model];

    fn name(self) -> &'static str {
        match self {
            Loop::Sdk => "sdk",
            Loop::Derive => "derive",
            Loop::Model => "model",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Loop::Sdk => "SDK `list_users().limit(200).stream()`",
            Loop::Derive => "baseline: reqwest + serde derive",
            Loop::Model => "reqwest + serde_json into SDK `User`",
        }
    }

    fn parse(name: &str) -> Loop {
        Loop::ALL
            .into_iter()
            .find(|l| l.name() == name)
            .unwrap_or_else(|| panic!("--client takes sdk, derive or model, not {name}"))
    }
}

fn sdk_client(base: &str) -> okta_sdk::Client {
    okta_sdk::Client::builder()
        .org_url(base)
        .api_token(TOKEN)
        .allow_insecure_http(true)
        .build()
        .expect("client builds")
}

/// The SDK: `client.list_users().limit(200).stream()`.
async fn sdk_list(client: &okta_sdk::Client) -> usize {
    let mut users = std::pin::pin!(client.list_users().limit(PAGE_SIZE as i32).stream());
    let mut count = 0;
    while let Some(user) = users.try_next().await.expect("sdk stream") {
        black_box(&user);
        count += 1;
    }
    count
}

/// The `rel="next"` target of Okta's `Link` headers (one link per header, as Okta sends them).
fn raw_next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.ends_with("rel=\"next\""))
        .and_then(|v| v.strip_prefix('<')?.split_once('>'))
        .map(|(url, _)| url.to_owned())
}

/// The loop by hand: reqwest, the `Link` header, and serde_json into `T`.
async fn raw_list<T: serde::de::DeserializeOwned>(http: &reqwest::Client, base: &str) -> usize {
    let mut url = format!("{base}/api/v1/users?limit={PAGE_SIZE}");
    let mut count = 0;
    loop {
        let response = http
            .get(&url)
            .header(reqwest::header::AUTHORIZATION, format!("SSWS {TOKEN}"))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .expect("raw send");
        assert!(response.status().is_success());
        let next = raw_next_link(response.headers());
        let body = response.bytes().await.expect("raw body");
        let users: Vec<T> = serde_json::from_slice(&body).expect("raw decode");
        drop(body);
        for user in users {
            black_box(&user);
            count += 1;
        }
        match next {
            Some(next) => url = next,
            None => return count,
        }
    }
}

/// `--client LOOP --base URL`: lists every user once, as an application would (a multi-thread
/// runtime, as `#[tokio::main]` builds), and prints the count.
fn client(which: Loop, base: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let count = rt.block_on(async {
        match which {
            Loop::Sdk => sdk_list(&sdk_client(base)).await,
            Loop::Derive => raw_list::<derived::User>(&reqwest::Client::new(), base).await,
            Loop::Model => raw_list::<okta_sdk::models::User>(&reqwest::Client::new(), base).await,
        }
    });
    println!("{count} {}", vm_hwm_kib());
}

/// `/proc/self/status`'s VmHWM (peak RSS) in KiB.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line["VmHWM:".len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        })
        .expect("VmHWM in /proc/self/status")
}

// ---------------------------------------------------------------------------------------------
// Paired runs of whole processes
// ---------------------------------------------------------------------------------------------

/// What `wait4` reports of one client process.
#[derive(Clone, Copy)]
struct Usage {
    user: Duration,
    system: Duration,
    wall: Duration,
    max_rss_kib: u64,
}

impl Usage {
    fn cpu(&self) -> Duration {
        self.user + self.system
    }
}

fn timeval(tv: nix::sys::time::TimeVal) -> Duration {
    Duration::from_secs(tv.tv_sec() as u64) + Duration::from_micros(tv.tv_usec() as u64)
}

/// The user and system CPU time of this process's waited-for children so far.
fn children_cpu() -> (Duration, Duration) {
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    (timeval(usage.user_time()), timeval(usage.system_time()))
}

/// Runs one client process to the end and returns its resource usage: CPU time is the growth
/// of the children's total over its wait (the server child is never waited for, so it never
/// counts), peak RSS what the client read from `/proc/self/status` as it finished.
fn run_client(exe: &std::path::Path, which: Loop, base: &str, users: usize) -> Usage {
    let (user_before, system_before) = children_cpu();
    let started = Instant::now();
    let output = std::process::Command::new(exe)
        .args(["--client", which.name(), "--base", base])
        .output()
        .expect("run client");
    let wall = started.elapsed();
    let (user_after, system_after) = children_cpu();
    assert!(
        output.status.success(),
        "the {} client failed",
        which.name()
    );
    let output = String::from_utf8_lossy(&output.stdout);
    let mut words = output.split_whitespace();
    let count = words.next().and_then(|w| w.parse::<usize>().ok());
    assert_eq!(count, Some(users), "{} count", which.name());
    let max_rss_kib = words
        .next()
        .and_then(|w| w.parse().ok())
        .expect("client VmHWM");
    Usage {
        user: user_after - user_before,
        system: system_after - system_before,
        wall,
        max_rss_kib,
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    }
}

/// Starts the server in a child process (never reaped, so it does not count in any client's
/// usage) and returns its base URL.
fn spawn_server(
    exe: &std::path::Path,
    pages: usize,
    chunk: Option<usize>,
) -> (std::process::Child, String) {
    let mut server = std::process::Command::new(exe);
    server.args(["--serve", &pages.to_string()]);
    if let Some(chunk) = chunk {
        server.args(["--chunked", &chunk.to_string()]);
    }
    let mut server = server
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn server");
    let mut base = String::new();
    BufReader::new(server.stdout.take().expect("server stdout"))
        .read_line(&mut base)
        .expect("server url");
    (server, base.trim().to_owned())
}

fn compare(users: usize, runs: usize, chunk: Option<usize>) {
    assert!(
        users.is_multiple_of(PAGE_SIZE),
        "--users must be a multiple of {PAGE_SIZE}"
    );
    let pages = users / PAGE_SIZE;
    let exe = std::env::current_exe().expect("current exe");
    let (server, base) = spawn_server(&exe, pages, chunk);
    let page_bytes = Pages::render(&base, 1, None).bodies[0].len();
    let framing = match chunk {
        Some(size) => format!("chunked in {size} B"),
        None => "with Content-Length".to_owned(),
    };
    println!(
        "runtime bench: {users} users, {pages} pages of {PAGE_SIZE} (~{} KiB per page, {framing}), \
         {runs} runs of each loop as a whole process, order rotating (1 warm-up run each)",
        page_bytes / 1024
    );
    for which in Loop::ALL {
        run_client(&exe, which, &base, users);
    }
    let mut usages: Vec<Vec<Usage>> = vec![Vec::new(); Loop::ALL.len()];
    for run in 0..runs {
        for k in 0..Loop::ALL.len() {
            let index = (run + k) % Loop::ALL.len();
            usages[index].push(run_client(&exe, Loop::ALL[index], &base, users));
        }
    }
    let secs = |d: Duration| d.as_secs_f64();
    println!();
    println!(
        "| loop (medians of {runs} runs)                | CPU s | user s | sys s | wall s | peak RSS MiB |"
    );
    println!(
        "|------------------------------------------|------:|-------:|------:|-------:|-------------:|"
    );
    for (which, samples) in Loop::ALL.iter().zip(&usages) {
        let of = |f: &dyn Fn(&Usage) -> f64| median(samples.iter().map(f).collect());
        println!(
            "| {:40} | {:5.3} | {:6.3} | {:5.3} | {:6.3} | {:12.1} |",
            which.describe(),
            of(&|u| secs(u.cpu())),
            of(&|u| secs(u.user)),
            of(&|u| secs(u.system)),
            of(&|u| secs(u.wall)),
            of(&|u| u.max_rss_kib as f64 / 1024.0),
        );
    }
    let paired = |a: Loop, b: Loop, f: &dyn Fn(&Usage) -> Duration| {
        let (a, b) = (&usages[a as usize], &usages[b as usize]);
        median(
            a.iter()
                .zip(b)
                .map(|(a, b)| secs(f(a)) / secs(f(b)))
                .collect(),
        )
    };
    println!();
    println!(
        "ratio sdk/derive, {framing}: CPU {:.3}x (target <= 1.10x), wall {:.3}x, median of paired runs",
        paired(Loop::Sdk, Loop::Derive, &Usage::cpu),
        paired(Loop::Sdk, Loop::Derive, &|u| u.wall),
    );
    println!(
        "ratio model/derive: CPU {:.3}x; sdk/model: CPU {:.3}x",
        paired(Loop::Model, Loop::Derive, &Usage::cpu),
        paired(Loop::Sdk, Loop::Model, &Usage::cpu),
    );
    let peak = usages[Loop::Sdk as usize]
        .iter()
        .map(|u| u.max_rss_kib)
        .max()
        .unwrap_or(0);
    println!(
        "peak RSS, sdk, {framing}: {:.1} MiB at most over the runs (target <= 16 MB)",
        peak as f64 / 1024.0
    );
    drop(server);
}

/// `--serve PAGES`: runs only the server, prints its URL, serves until stdin closes.
fn serve(total_pages: usize, chunk: Option<usize>) {
    let base = start_server(total_pages, chunk);
    println!("{base}");
    std::io::stdout().flush().expect("flush");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let number = |flag: &str| {
        text(flag).map(|v| {
            v.parse::<usize>()
                .unwrap_or_else(|_| panic!("{flag} takes a number"))
        })
    };
    if let Some(pages) = number("--serve") {
        serve(pages, number("--chunked"));
    } else if let Some(which) = text("--client") {
        let base = text("--base").expect("--client needs --base URL");
        client(Loop::parse(&which), &base);
    } else {
        // `cargo bench` passes `--bench`; other flags are ignored.
        let users = number("--users").unwrap_or(DEFAULT_USERS);
        let runs = number("--runs").unwrap_or(DEFAULT_RUNS).max(1);
        let framings = match (
            number("--chunked"),
            args.iter().any(|a| a == "--content-length"),
        ) {
            (Some(chunk), _) => vec![Some(chunk)],
            (None, true) => vec![None],
            (None, false) => vec![Some(DEFAULT_CHUNK), None],
        };
        for (i, chunk) in framings.into_iter().enumerate() {
            if i > 0 {
                println!();
            }
            compare(users, runs, chunk);
        }
    }
}
