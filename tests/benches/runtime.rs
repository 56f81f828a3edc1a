//! Runtime benchmarks (issue 6, items 3 and 4): the SDK's paginated stream against the same
//! loop written with raw reqwest + serde_json, on a loopback HTTP/1.1 server serving
//! pre-rendered Okta user pages; and a mode that streams many users for `/usr/bin/time -v`.
//!
//! ```text
//! cargo bench -p okta-sdk-workspace-tests --bench runtime                 # SDK vs raw, table
//! cargo bench -p okta-sdk-workspace-tests --bench runtime -- --iterations 15
//! /usr/bin/time -v target/release/deps/runtime-<hash> --memory 100000     # peak RSS, SDK
//! /usr/bin/time -v target/release/deps/runtime-<hash> --memory-raw 100000 # peak RSS, raw loop
//! ```
//!
//! In the memory modes the HTTP server runs in a child process (this binary with `--serve`),
//! which is never reaped, so its pre-rendered pages do not count in the measured peak RSS.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use okta_sdk::models::User;

const PAGE_SIZE: usize = 200;
/// Distinct pre-rendered page bodies; longer lists cycle through them.
const DISTINCT_PAGES: usize = 50;
const BENCH_USERS: usize = 10_000;
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
}

impl Pages {
    fn render(base: &str, total: usize) -> Self {
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
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             x-okta-request-id: req{page}\r\nx-rate-limit-limit: 600\r\n\
             x-rate-limit-remaining: 599\r\nx-rate-limit-reset: 1700000000\r\n\
             link: <{this}>; rel=\"self\"\r\n",
            body.len()
        );
        if page + 1 < self.total {
            let _ = write!(
                out,
                "link: <{base}/api/v1/users?after={}&limit={PAGE_SIZE}>; rel=\"next\"\r\n",
                cursor(page + 1)
            );
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
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
fn start_server(total_pages: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let pages = Arc::new(Pages::render(&base, total_pages));
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
// The two clients
// ---------------------------------------------------------------------------------------------

fn sdk_client(base: &str) -> okta_sdk::Client {
    okta_sdk::Client::builder()
        .org_url(base)
        .api_token(TOKEN)
        .allow_insecure_http(true)
        .build()
        .expect("client builds")
}

/// (a) The SDK: `client.list_users().limit(200).stream()`.
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

/// (b) The same loop by hand: reqwest + serde_json into the same `User` type.
async fn raw_list(http: &reqwest::Client, base: &str) -> usize {
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
        let users: Vec<User> = serde_json::from_slice(&body).expect("raw decode");
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

// ---------------------------------------------------------------------------------------------
// Modes
// ---------------------------------------------------------------------------------------------

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn bench(iterations: usize) {
    let pages = BENCH_USERS / PAGE_SIZE;
    let base = start_server(pages);
    let page_bytes = Pages::render(&base, 1).bodies[0].len();
    let rt = runtime();
    let client = sdk_client(&base);
    let http = reqwest::Client::new();
    println!(
        "runtime bench: {BENCH_USERS} users, {pages} pages of {PAGE_SIZE} (~{} KiB per page), \
         server {base}, {iterations} iterations each, interleaved (1 warm-up each)",
        page_bytes / 1024
    );
    rt.block_on(async {
        assert_eq!(sdk_list(&client).await, BENCH_USERS);
        assert_eq!(raw_list(&http, &base).await, BENCH_USERS);
    });
    let mut sdk = Vec::with_capacity(iterations);
    let mut raw = Vec::with_capacity(iterations);
    for i in 0..iterations {
        // Alternate which goes first so drift and cache effects hit both equally.
        let order = if i % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for is_sdk in order {
            let started = Instant::now();
            let count = rt.block_on(async {
                if is_sdk {
                    sdk_list(&client).await
                } else {
                    raw_list(&http, &base).await
                }
            });
            let elapsed = started.elapsed();
            assert_eq!(count, BENCH_USERS);
            if is_sdk { &mut sdk } else { &mut raw }.push(elapsed);
        }
    }
    let (sdk_min, raw_min) = (*sdk.iter().min().unwrap(), *raw.iter().min().unwrap());
    let (sdk_med, raw_med) = (median(&mut sdk), median(&mut raw));
    let per_user = |d: Duration| d.as_secs_f64() * 1e9 / BENCH_USERS as f64;
    println!();
    println!("| loop                               | median ms | min ms | ns/user (median) |");
    println!("|------------------------------------|----------:|-------:|-----------------:|");
    println!(
        "| SDK list_users().limit(200).stream | {:9.1} | {:6.1} | {:16.0} |",
        ms(sdk_med),
        ms(sdk_min),
        per_user(sdk_med)
    );
    println!(
        "| raw reqwest + serde_json           | {:9.1} | {:6.1} | {:16.0} |",
        ms(raw_med),
        ms(raw_min),
        per_user(raw_med)
    );
    println!();
    println!(
        "ratio SDK/raw: median {:.3}x, min {:.3}x (target <= 1.10x)",
        sdk_med.as_secs_f64() / raw_med.as_secs_f64(),
        sdk_min.as_secs_f64() / raw_min.as_secs_f64()
    );
}

/// `--serve PAGES`: runs only the server, prints its URL, serves until stdin closes.
fn serve(total_pages: usize) {
    let base = start_server(total_pages);
    println!("{base}");
    std::io::stdout().flush().expect("flush");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}

/// `/proc/self/status`'s VmHWM (peak RSS), as a cross-check of `/usr/bin/time -v`.
fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// `--memory N` / `--memory-raw N`: streams N users from a server in a child process.
fn memory(users: usize, use_sdk: bool) {
    let pages = users.div_ceil(PAGE_SIZE);
    let exe = std::env::current_exe().expect("current exe");
    // Never waited for: a reaped child's peak RSS would be folded into ours by the kernel.
    let mut server = std::process::Command::new(exe)
        .args(["--serve", &pages.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn server");
    let mut base = String::new();
    BufReader::new(server.stdout.take().expect("server stdout"))
        .read_line(&mut base)
        .expect("server url");
    let base = base.trim().to_owned();
    let rt = runtime();
    let started = Instant::now();
    let count = rt.block_on(async {
        if use_sdk {
            sdk_list(&sdk_client(&base)).await
        } else {
            raw_list(&reqwest::Client::new(), &base).await
        }
    });
    assert_eq!(count, pages * PAGE_SIZE);
    println!(
        "{} streamed {count} users ({pages} pages) in {:.0} ms; VmHWM {}",
        if use_sdk { "SDK" } else { "raw" },
        ms(started.elapsed()),
        vm_hwm()
    );
    let _ = server.kill();
    std::mem::forget(server);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(|v| {
                v.parse::<usize>()
                    .unwrap_or_else(|_| panic!("{flag} takes a number"))
            })
    };
    if let Some(pages) = value("--serve") {
        serve(pages);
    } else if let Some(users) = value("--memory") {
        memory(users, true);
    } else if let Some(users) = value("--memory-raw") {
        memory(users, false);
    } else {
        // `cargo bench` passes `--bench`; other flags are ignored.
        bench(value("--iterations").unwrap_or(11));
    }
}
