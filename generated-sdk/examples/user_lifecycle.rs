//! Create a user (staged), activate it, then deactivate it.
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com OKTA_CLIENT_TOKEN=00abc...
//! cargo run -p okta-sdk --example user_lifecycle -- jane.doe@example.com
//! ```
//!
//! Pass `--delete` after the login to delete the user at the end (a deactivated user can be
//! deleted; deletion cannot be undone).

use okta_sdk::model;
use okta_sdk::models::{
    CreateUserRequest, PasswordCredential, UserCredentialsWritable, UserProfile,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let login = args
        .next()
        .ok_or("usage: user_lifecycle <login email> [--delete]")?;
    let delete = args.next().as_deref() == Some("--delete");
    let client = okta_sdk::Client::from_env()?;

    // `model!` builds a model from its `Default` with the named fields set (each through
    // `Into`); the rest stay `None`.
    let request = model!(CreateUserRequest {
        profile: model!(UserProfile {
            login: login.clone(),
            email: login.clone(),
            first_name: "Jane",
            last_name: "Doe"
        }),
        credentials: model!(UserCredentialsWritable {
            password: model!(PasswordCredential {
                value: okta_sdk_example_password()
            }),
        }),
    });

    // `createUser(body, { activate: false })`: required arguments are positional, optional
    // query parameters are setters; a builder can be `.await`ed directly.
    let user = client.create_user(&request).activate(false).await?;
    let id = user
        .id
        .clone()
        .ok_or("Okta returned a user without an id")?;
    println!("created {id} ({:?})", user.status);

    // `activateUser(userId, { sendEmail: false })`: returns the activation token/URL.
    let activation = client.activate_user(&id).send_email(false).await?;
    println!(
        "activated {id}; activation url: {:?}",
        activation.activation_url
    );

    client.deactivate_user(&id).send_email(false).await?;
    println!("deactivated {id}");

    if delete {
        client.deactivate_or_delete_user(&id).await?;
        println!("deleted {id}");
    }
    Ok(())
}

/// A password that satisfies Okta's default policy; use your own in real code.
fn okta_sdk_example_password() -> String {
    std::env::var("EXAMPLE_USER_PASSWORD").unwrap_or_else(|_| "Example-Passw0rd-2024!".to_owned())
}
