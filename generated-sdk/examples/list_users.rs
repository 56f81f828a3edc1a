//! List the users that match a search expression, every page, lazily.
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com OKTA_CLIENT_TOKEN=00abc...
//! cargo run -p okta-sdk --example list_users -- 'profile.department eq "Engineering"'
//! ```
//!
//! Without an argument the search is `status eq "ACTIVE"`. Settings come from `OKTA_CLIENT_*`
//! variables or `okta.yaml` (see `Client::from_env`).

use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let search = std::env::args()
        .nth(1)
        .unwrap_or_else(|| r#"status eq "ACTIVE""#.to_owned());
    let client = okta_sdk::Client::from_env()?;

    // `listUsers({ search })` in the Node SDK. `.stream()` follows Okta's `Link: rel="next"`
    // headers and fetches the next page only when this one is used up.
    // The stream is not `Unpin`: pin it before calling `try_next()`.
    let mut users = std::pin::pin!(client.list_users().search(&search).limit(200).stream());
    let mut count = 0;
    while let Some(user) = users.try_next().await? {
        count += 1;
        let login = user.profile.as_ref().and_then(|p| p.login.as_deref());
        println!(
            "{}\t{}\t{:?}",
            user.id.as_deref().unwrap_or("-"),
            login.unwrap_or("-"),
            user.status
        );
    }
    println!("{count} user(s) match {search}");
    Ok(())
}
