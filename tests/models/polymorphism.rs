//! Polymorphic resources land in the variant their discriminator names; unknown or missing
//! discriminators fall back to the base type with every field kept; shared fields are readable
//! through the enum; children convert into the parent; extensible profiles expose custom
//! attributes; unknown enum values are kept.

use okta_sdk::models::{
    Application, ApplicationSignOnMode, BrowserPluginApplication, FactorType, Group,
    OpenIdConnectApplication, Policy, PolicyRule, PolicyType, SwaApplication, User, UserFactor,
    UserStatus,
};
use serde_json::{Value, json};

use crate::support::{fixture, fixture_value};

/// Whether a decoded value is in the expected variant.
type Is<T> = fn(&T) -> bool;

fn app(file: &str) -> Application {
    fixture(&format!("applications/{file}"))
}

#[test]
fn each_sign_on_mode_lands_in_its_variant() {
    let cases: &[(&str, Is<Application>)] = &[
        ("auto_login.json", |a| {
            matches!(a, Application::AutoLogin(_))
        }),
        ("basic_auth.json", |a| {
            matches!(a, Application::BasicAuth(_))
        }),
        ("bookmark.json", |a| matches!(a, Application::Bookmark(_))),
        (
            "browser_plugin_swa.json",
            |a| matches!(a, Application::BrowserPlugin(b) if matches!(**b, BrowserPluginApplication::Swa(_))),
        ),
        (
            "browser_plugin_swa3field.json",
            |a| matches!(a, Application::BrowserPlugin(b) if matches!(**b, BrowserPluginApplication::SwaThreeField(_))),
        ),
        (
            "browser_plugin_unknown_name.json",
            |a| matches!(a, Application::BrowserPlugin(b) if matches!(**b, BrowserPluginApplication::Other(_))),
        ),
        ("openid_connect.json", |a| {
            matches!(a, Application::OpenIdConnect(_))
        }),
        ("saml_2_0.json", |a| matches!(a, Application::Saml(_))),
        ("saml_1_1.json", |a| matches!(a, Application::Saml(_))),
        ("secure_password_store.json", |a| {
            matches!(a, Application::SecurePasswordStore(_))
        }),
        ("ws_federation.json", |a| {
            matches!(a, Application::WsFederation(_))
        }),
        ("unknown_sign_on_mode.json", |a| {
            matches!(a, Application::Other(_))
        }),
        ("missing_sign_on_mode.json", |a| {
            matches!(a, Application::Other(_))
        }),
    ];
    let mut wrong = Vec::new();
    for (file, expected) in cases {
        let value: Application = fixture(&format!("applications/{file}"));
        if !expected(&value) {
            wrong.push(format!("{file}: {}", variant_name(&value)));
        }
    }
    assert!(
        wrong.is_empty(),
        "fixtures in the wrong variant: {wrong:#?}"
    );
}

fn variant_name(app: &Application) -> String {
    let debug = format!("{app:?}");
    debug.split('(').next().unwrap_or_default().to_string()
}

#[test]
fn shared_fields_are_readable_through_the_enum() {
    for file in [
        "openid_connect.json",
        "browser_plugin_swa3field.json",
        "unknown_sign_on_mode.json",
    ] {
        let json = fixture_value(&format!("applications/{file}"));
        let app = app(file);
        assert_eq!(app.id().map(String::as_str), json["id"].as_str(), "{file}");
        assert_eq!(
            app.label().map(String::as_str),
            json["label"].as_str(),
            "{file}"
        );
        assert_eq!(
            app.sign_on_mode().map(|m| m.as_str().to_string()),
            json["signOnMode"].as_str().map(str::to_string),
            "{file}"
        );
        assert!(app.created().is_some(), "{file}");
        assert!(app.visibility().is_some(), "{file}");
        // Inherited fields have the parent's type in every subtype, so they are shared too.
        assert_eq!(
            app.status().map(|s| s.as_str().to_string()),
            json["status"].as_str().map(str::to_string),
            "{file}"
        );
    }
}

#[test]
fn swa_settings_are_typed_in_the_subtype() {
    let Application::BrowserPlugin(plugin) = app("browser_plugin_swa.json") else {
        panic!("not BROWSER_PLUGIN");
    };
    let BrowserPluginApplication::Swa(swa) = *plugin else {
        panic!("not template_swa");
    };
    let settings = swa
        .settings
        .as_ref()
        .and_then(|s| s.app.as_ref())
        .expect("settings.app");
    assert_eq!(settings.button_field.as_deref(), Some("btn-login"));
    assert_eq!(settings.username_field.as_deref(), Some("txtbox-username"));
    assert_eq!(
        settings.url.as_deref(),
        Some("https://example.com/login.html")
    );
}

#[test]
fn oidc_client_settings_are_typed_in_the_subtype() {
    let Application::OpenIdConnect(oidc) = app("openid_connect.json") else {
        panic!("not OPENID_CONNECT");
    };
    let client = oidc
        .settings
        .as_ref()
        .and_then(|s| s.oauth_client.as_ref())
        .expect("settings.oauthClient");
    assert_eq!(
        client.redirect_uris.as_deref(),
        Some(
            &[
                "https://example.com/oauth2/callback".to_string(),
                "myapp://callback".to_string()
            ][..]
        )
    );
    assert_eq!(client.client_uri.as_deref(), Some("http://localhost:8080"));
}

#[test]
fn unknown_sign_on_mode_keeps_every_field_in_the_base_type() {
    let Application::Other(base) = app("unknown_sign_on_mode.json") else {
        panic!("FUTURE_MODE must fall back to Other");
    };
    assert_eq!(
        base.sign_on_mode,
        Some(ApplicationSignOnMode::Unknown("FUTURE_MODE".into()))
    );
    assert_eq!(base.label.as_deref(), Some("Future Sign-On App"));
    assert_eq!(
        base.additional_properties.get("orn"),
        Some(&json!(
            "orn:okta:idp:00o1future:apps:future_app:0oa1futuremode00001"
        ))
    );
    assert_eq!(
        base.additional_properties["universalLogout"],
        json!({"status": "ENABLED", "supportType": "FULL", "identityStack": null})
    );
    // Unknown fields one and two levels down are kept where they were.
    let settings = base.settings.as_ref().expect("settings");
    assert_eq!(
        settings.additional_properties["futureSettings"],
        json!({"enabled": true, "modes": ["a", "b"]})
    );
    let credentials = base.credentials.as_ref().expect("credentials");
    assert_eq!(
        credentials.additional_properties["futureCredential"],
        json!({"kind": "passkey"})
    );
}

#[test]
fn missing_sign_on_mode_falls_back_to_the_base_type() {
    let Application::Other(base) = app("missing_sign_on_mode.json") else {
        panic!("a missing signOnMode must fall back to Other");
    };
    assert_eq!(base.sign_on_mode, None);
    assert_eq!(
        base.additional_properties["legacyOnly"],
        json!({"flag": true})
    );
}

#[test]
fn unknown_browser_plugin_name_falls_back_to_the_plugin_base_type() {
    let Application::BrowserPlugin(plugin) = app("browser_plugin_unknown_name.json") else {
        panic!("still BROWSER_PLUGIN");
    };
    let BrowserPluginApplication::Other(base) = *plugin else {
        panic!("template_swa_next must fall back to BrowserPluginApplication::Other");
    };
    assert_eq!(base.name.as_deref(), Some("template_swa_next"));
}

#[test]
fn children_convert_into_the_parent() {
    let mut oidc = OpenIdConnectApplication::default();
    oidc.label = Some("My Web App".into());
    let app: Application = oidc.into();
    assert!(matches!(app, Application::OpenIdConnect(_)));
    assert_eq!(app.label().map(String::as_str), Some("My Web App"));

    let app: Application = SwaApplication::default().into();
    assert!(matches!(
        app,
        Application::BrowserPlugin(ref b) if matches!(**b, BrowserPluginApplication::Swa(_))
    ));
}

#[test]
fn each_policy_type_lands_in_its_variant() {
    let policy = |f: &str| -> Policy { fixture(&format!("policies/{f}")) };
    assert!(matches!(policy("okta_sign_on.json"), Policy::OktaSignOn(_)));
    assert!(matches!(policy("password.json"), Policy::Password(_)));
    assert!(matches!(
        policy("idp_discovery.json"),
        Policy::IdentityProvider(_)
    ));
    assert!(matches!(
        policy("oauth_authorization.json"),
        Policy::OAuthAuthorization(_)
    ));

    let Policy::Other(base) = policy("unknown_type_access_policy.json") else {
        panic!("ACCESS_POLICY must fall back to Policy::Other");
    };
    assert_eq!(
        base.type_,
        Some(PolicyType::Unknown("ACCESS_POLICY".into()))
    );
    assert_eq!(base.name.as_deref(), Some("Okta Dashboard"));

    let Policy::Other(base) = policy("missing_type.json") else {
        panic!("a missing type must fall back to Policy::Other");
    };
    assert_eq!(
        base.additional_properties["settings"],
        json!({"anything": "goes"})
    );
}

#[test]
fn password_policy_settings_are_typed_in_the_subtype() {
    let Policy::Password(policy) = fixture::<Policy>("policies/password.json") else {
        panic!("not PASSWORD");
    };
    let value = serde_json::to_value(&policy.settings).unwrap();
    assert_eq!(value["password"]["complexity"]["minLength"], json!(8));
    assert_eq!(
        value["recovery"]["factors"]["okta_email"]["status"],
        json!("ACTIVE")
    );
}

#[test]
fn each_policy_rule_type_lands_in_its_variant() {
    let rule = |f: &str| -> PolicyRule { fixture(&format!("policy_rules/{f}")) };
    assert!(matches!(rule("sign_on.json"), PolicyRule::OktaSignOn(_)));
    assert!(matches!(rule("password.json"), PolicyRule::Password(_)));
    assert_eq!(
        rule("password.json").type_().map(|t| t.as_str()),
        Some("PASSWORD")
    );
    let PolicyRule::Other(base) = rule("unknown_type.json") else {
        panic!("an unknown rule type must fall back to PolicyRule::Other");
    };
    assert_eq!(
        base.type_.as_ref().map(|t| t.as_str()),
        Some("ACCESS_POLICY")
    );
}

#[test]
fn each_factor_type_lands_in_its_variant() {
    let cases: &[(&str, Is<UserFactor>)] = &[
        ("call.json", |f| matches!(f, UserFactor::Call(_))),
        ("email.json", |f| matches!(f, UserFactor::Email(_))),
        ("push.json", |f| matches!(f, UserFactor::Push(_))),
        ("question.json", |f| {
            matches!(f, UserFactor::SecurityQuestion(_))
        }),
        ("sms.json", |f| matches!(f, UserFactor::Sms(_))),
        ("token.json", |f| matches!(f, UserFactor::Token(_))),
        ("token_hardware.json", |f| {
            matches!(f, UserFactor::Hardware(_))
        }),
        ("token_software_totp.json", |f| {
            matches!(f, UserFactor::Totp(_))
        }),
        ("token_hotp.json", |f| {
            matches!(f, UserFactor::CustomHotp(_))
        }),
        ("u2f.json", |f| matches!(f, UserFactor::U2f(_))),
        ("web.json", |f| matches!(f, UserFactor::Web(_))),
        ("webauthn.json", |f| matches!(f, UserFactor::WebAuthn(_))),
        ("unknown_type_signed_nonce.json", |f| {
            matches!(f, UserFactor::Other(_))
        }),
    ];
    let mut wrong = Vec::new();
    for (file, expected) in cases {
        let value: UserFactor = fixture(&format!("factors/{file}"));
        if !expected(&value) {
            let debug = format!("{value:?}");
            wrong.push(format!(
                "{file}: {}",
                debug.split('(').next().unwrap_or_default()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "fixtures in the wrong variant: {wrong:#?}"
    );
}

#[test]
fn sms_factor_profile_is_typed_in_the_subtype() {
    let UserFactor::Sms(sms) = fixture::<UserFactor>("factors/sms.json") else {
        panic!("not sms");
    };
    let profile = sms.profile.as_ref().expect("profile");
    assert_eq!(profile.phone_number.as_deref(), Some("+1-555-415-1337"));
}

#[test]
fn unknown_factor_type_keeps_its_profile_and_embedded() {
    let UserFactor::Other(base) = fixture::<UserFactor>("factors/unknown_type_signed_nonce.json")
    else {
        panic!("signed_nonce must fall back to UserFactor::Other");
    };
    assert_eq!(
        base.factor_type,
        Some(FactorType::Unknown("signed_nonce".into()))
    );
    let profile = &base.additional_properties["profile"];
    assert_eq!(profile["platform"], json!("ANDROID"));
    assert_eq!(profile["keys"][0]["crv"], json!("P-256"));
}

#[test]
fn user_custom_attributes_are_readable_and_writable() {
    let user: User = fixture("users/user_custom_attributes.json");
    let mut profile = user.profile.clone().expect("profile");
    // Standard attributes are typed fields, custom ones are not.
    assert_eq!(profile.employee_number.as_deref(), Some("187"));
    assert_eq!(profile.cost_center.as_deref(), Some("10"));
    assert_eq!(profile.mobile_phone, None);
    assert_eq!(profile.custom("badgeNumber"), Some(&json!("B-4471")));
    assert_eq!(
        profile
            .custom_as::<Vec<String>>("favoriteColors")
            .unwrap()
            .unwrap(),
        ["red", "green", "blue"]
    );
    assert_eq!(
        profile.custom_as::<u8>("clearanceLevel").unwrap().unwrap(),
        3
    );
    assert!(profile.custom_as::<u8>("badgeNumber").unwrap().is_err());
    assert_eq!(profile.custom("parkingSpot"), Some(&Value::Null));
    assert_eq!(profile.custom("noSuchAttribute"), None);
    assert_eq!(profile.custom("employeeNumber"), None, "typed, not custom");

    profile.set_custom("badgeNumber", "B-9000");
    profile.set_custom("favoriteColors", json!(["teal"]));
    assert_eq!(profile.remove_custom("isContractor"), Some(json!(false)));
    let written = serde_json::to_value(&profile).unwrap();
    assert_eq!(written["badgeNumber"], json!("B-9000"));
    assert_eq!(written["favoriteColors"], json!(["teal"]));
    assert!(written.get("isContractor").is_none());
    // In place: custom attributes sit next to the standard ones, not in a nested object.
    assert_eq!(
        written["homeOffice"],
        json!({"building": "SF-1", "floor": 4})
    );
    assert_eq!(written["parkingSpot"], Value::Null);
}

#[test]
fn group_custom_attributes_are_readable() {
    let group: Group = fixture("groups/group_app_group_ad.json");
    let profile = group.profile.as_ref().expect("profile");
    assert_eq!(profile.name.as_deref(), Some("Engineering Users"));
    assert_eq!(
        profile.custom("samAccountName"),
        Some(&json!("Engineering Users"))
    );
    let group: Group = fixture("groups/group_okta_group.json");
    let profile = group.profile.as_ref().expect("profile");
    assert_eq!(
        profile
            .custom_as::<Vec<String>>("costCodes")
            .unwrap()
            .unwrap(),
        ["WC-01", "WC-02"]
    );
    assert_eq!(profile.custom("archivedOn"), Some(&Value::Null));
}

#[test]
fn unknown_enum_values_are_kept_and_written_back() {
    let user: User = fixture("users/user_unknown_status_and_fields.json");
    assert_eq!(
        user.status,
        Some(UserStatus::Unknown("SOMETHING_NEW".into()))
    );
    assert_eq!(
        user.transitioning_to_status,
        Some(UserStatus::Unknown("ALSO_NEW".into()))
    );
    assert_eq!(
        serde_json::to_value(&user.status).unwrap(),
        json!("SOMETHING_NEW")
    );
    // Unknown fields at the top, in a nested model, and in a model nested two levels down.
    assert_eq!(
        user.additional_properties["realmId"],
        json!("guo1afiNtSnZYILxO0g4")
    );
    assert_eq!(
        user.additional_properties["futureTopLevel"],
        json!({"nested": [1, 2, {"deep": null}]})
    );
    let credentials = user.credentials.as_ref().expect("credentials");
    assert!(credentials.additional_properties.contains_key("emails"));
    let provider = credentials.provider.as_ref().expect("provider");
    assert_eq!(
        provider.additional_properties["id"],
        json!("0oa1futureprovider")
    );
    assert_eq!(
        serde_json::to_value(&provider.type_).unwrap(),
        json!("FEDERATION_NEXT")
    );
}
