//! Assign a user to an application, then list the application's users.
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com OKTA_CLIENT_TOKEN=00abc...
//! cargo run -p okta-sdk --example assign_user_to_app -- <appId> <userId>
//! ```

use futures_util::TryStreamExt;
use okta_sdk::models::AppUser;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(app_id), Some(user_id)) = (args.next(), args.next()) else {
        return Err("usage: assign_user_to_app <appId> <userId>".into());
    };
    let client = okta_sdk::Client::from_env()?;

    // `assignUserToApplication(appId, appUser)`: the body is the `AppUser` to create, naming
    // the Okta user by id; `scope: USER` marks a direct (not group-based) assignment.
    let mut assignment = AppUser::default();
    assignment.id = Some(user_id.clone());
    assignment.scope = Some("USER".into());
    let app_user = client
        .assign_user_to_application(&app_id, &assignment)
        .await?;
    println!(
        "assigned {user_id} to {app_id}: status {:?}, scope {:?}",
        app_user.status, app_user.scope
    );

    // `listApplicationUsers(appId)`: every assignment of the app, across pages.
    let mut app_users = std::pin::pin!(client.list_application_users(&app_id).stream());
    while let Some(app_user) = app_users.try_next().await? {
        println!("  {}", app_user.id.as_deref().unwrap_or("-"));
    }
    Ok(())
}
