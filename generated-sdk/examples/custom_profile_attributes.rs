//! Read and write custom user profile attributes (ones you added in the Profile Editor).
//!
//! ```sh
//! export OKTA_CLIENT_ORGURL=https://dev-123456.okta.com OKTA_CLIENT_TOKEN=00abc...
//! cargo run -p okta-sdk --example custom_profile_attributes -- <userId> favoriteColor blue
//! ```
//!
//! `UserProfile` has a field for each of Okta's base attributes; every other attribute is a
//! custom one, read with `custom` / `custom_as` and written with `set_custom`, and sent back as
//! it came.

use okta_sdk::models::{UpdateUserRequest, UserProfile};
use serde::Deserialize;

/// Your org's custom attributes, typed; decoded from `custom_attributes()`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomAttributes {
    favorite_color: Option<String>,
    employee_badge: Option<u32>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(user_id), Some(attribute), Some(value)) = (args.next(), args.next(), args.next())
    else {
        return Err("usage: custom_profile_attributes <userId> <attribute> <value>".into());
    };
    let client = okta_sdk::Client::from_env()?;

    let user = client.get_user(&user_id).await?;
    let profile = user.profile.unwrap_or_default();

    // Untyped: look the attribute up by its JSON name.
    println!("{attribute} = {:?}", profile.custom(&attribute));
    // One attribute, typed.
    let badge: Option<Result<u32, _>> = profile.custom_as("employeeBadge");
    println!("employeeBadge = {badge:?}");

    // Typed: decode every custom attribute into your own struct.
    let custom: CustomAttributes = serde_json::from_value(serde_json::Value::Object(
        profile.custom_attributes().clone(),
    ))?;
    println!(
        "typed: favoriteColor {:?}, employeeBadge {:?}",
        custom.favorite_color, custom.employee_badge
    );

    // Write: a partial update (`POST /api/v1/users/{id}`) sends only what is set, so a profile
    // holding just the custom attribute changes that attribute and nothing else.
    let mut changes = UserProfile::default();
    changes.set_custom(attribute.clone(), value);
    let mut update = UpdateUserRequest::default();
    update.profile = Some(changes);
    let updated = client.partial_update_user(&user_id, &update).await?;
    let new_value = updated.profile.as_ref().and_then(|p| p.custom(&attribute));
    println!("updated {attribute} = {new_value:?}");
    Ok(())
}
