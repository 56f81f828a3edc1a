//! Handle Okta's API errors and the `E0000047` rate limit.
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com OKTA_CLIENT_TOKEN=00abc...
//! cargo run -p okta-sdk --example errors_and_rate_limits -- 00u1abcd 00unknown
//! ```
//!
//! The client already retries HTTP 429 (`E0000047`) by waiting until `X-Rate-Limit-Reset`;
//! an error only reaches your code when the retries allowed (`max_retries`) or the
//! `request_timeout` are used up.

use std::time::Duration;

use okta_sdk::{ClientBuilder, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()
        .max_retries(3) // 429 retries per call (0 = none)
        .max_retry_wait(Duration::from_secs(30)) // longest single wait for X-Rate-Limit-Reset
        .request_timeout(Duration::from_secs(90)) // the whole call, waits included
        .build()?;

    let ids: Vec<String> = std::env::args().skip(1).collect();
    let ids = if ids.is_empty() {
        vec!["00u-does-not-exist".to_owned()]
    } else {
        ids
    };
    for id in &ids {
        match client.get_user(id).await {
            Ok(user) => println!("{id}: {:?}", user.status),
            Err(err) => report(id, &err),
        }
    }

    // Every page carries Okta's rate-limit headers.
    let page = client.list_users().limit(1).send().await?;
    println!(
        "rate limit: {:?} of {:?} left, resets at {:?} (epoch seconds)",
        page.rate_limit_remaining(),
        page.rate_limit_limit(),
        page.rate_limit_reset()
    );
    Ok(())
}

fn report(id: &str, err: &Error) {
    match err.error_code() {
        // Still rate limited after the retries: back off for longer, or spread the load.
        Some("E0000047") => eprintln!("{id}: rate limited (request {:?})", err.request_id()),
        Some("E0000007") => eprintln!("{id}: no such user"),
        _ => match err {
            Error::Api(api) => {
                eprintln!(
                    "{id}: HTTP {} {} {}",
                    api.status,
                    api.error_code.as_deref().unwrap_or("-"),
                    api.error_summary.as_deref().unwrap_or("-")
                );
                for cause in &api.error_causes {
                    eprintln!("    cause: {}", cause.error_summary);
                }
            }
            Error::Timeout { elapsed, attempts } => {
                eprintln!("{id}: gave up after {elapsed:?} and {attempts} attempt(s)")
            }
            // Display gives one line with the code, summary and request id.
            other => eprintln!("{id}: {other}"),
        },
    }
    if err.is_rate_limited() {
        eprintln!("    (HTTP 429)");
    }
}
