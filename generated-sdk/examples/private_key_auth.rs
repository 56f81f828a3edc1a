//! Authenticate as an OAuth 2.0 service app with a private key instead of an API token.
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com
//! export OKTA_CLIENT_CLIENTID=0oa1b2c3d4...
//! export OKTA_CLIENT_PRIVATEKEY=/path/to/service-app.pem   # or the PEM / JWK text itself
//! export OKTA_CLIENT_KEYID=my-key-id                       # optional (a JWK's `kid` is used otherwise)
//! export OKTA_CLIENT_DPOP=true                             # optional: the app requires DPoP
//! cargo run -p okta-sdk --example private_key_auth
//! ```
//!
//! The service app needs the `okta.users.read` scope granted. The same settings can also come
//! from `okta.yaml` with `authorizationMode: PrivateKey`, or from
//! `OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey` with `Client::from_env()`; this example sets them
//! in code to show the builder.

use okta_sdk::{AuthorizationMode, Client};

fn required(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder()
        .org_url(required("OKTA_CLIENT_ORGURL")?)
        .authorization_mode(AuthorizationMode::PrivateKey)
        .client_id(required("OKTA_CLIENT_CLIENTID")?)
        .scopes(["okta.users.read"])
        .private_key(required("OKTA_CLIENT_PRIVATEKEY")?);
    if let Ok(key_id) = std::env::var("OKTA_CLIENT_KEYID") {
        builder = builder.key_id(key_id);
    }
    // Apps with "Require Demonstrating Proof of Possession (DPoP)" (the default for new API
    // Services apps) work without this: the SDK turns DPoP on when Okta first asks for it.
    // Saying so up front saves that first refused token request.
    if std::env::var("OKTA_CLIENT_DPOP").is_ok_and(|v| v == "true") {
        builder = builder.dpop(true);
    }
    // `build()` validates everything (URL, client id, scopes, that the key parses) at once.
    let client = builder.build()?;

    // The first call signs a JWT client assertion, exchanges it at `/oauth2/v1/token` for an
    // access token (cached and renewed before it expires) and sends `Authorization: Bearer`,
    // or, with DPoP, `Authorization: DPoP` and a fresh proof on every request.
    let page = client.list_users().limit(5).send().await?;
    for user in page.items() {
        println!("{}", user.id.as_deref().unwrap_or("-"));
    }
    println!(
        "{} user(s) on the first page; more pages: {}",
        page.items().len(),
        page.has_next()
    );
    Ok(())
}
