//! Polymorphic resources land in the variant their discriminator names; unknown or missing
//! discriminators fall back to the base type with every field kept; shared fields are readable
//! through the enum; children convert into the parent; extensible profiles expose custom
//! attributes; unknown enum values are kept.

use okta_sdk::models::{
    Application, ApplicationSignOnMode, BrowserPluginApplication, BrowserPluginApplicationName,
    Group, GroupProfile, OpenIdConnectApplication, Policy, PolicyRule, PolicyRuleType, PolicyType,
    User, UserFactor, UserFactorType, UserStatus, UserTransitioningToStatus,
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
        // `BrowserPluginApplication` has no subtypes any more: its `name` tells the template.
        (
            "browser_plugin_swa.json",
            |a| matches!(a, Application::BrowserPlugin(b) if b.name == Some(BrowserPluginApplicationName::TemplateSwa)),
        ),
        (
            "browser_plugin_swa3field.json",
            |a| matches!(a, Application::BrowserPlugin(b) if b.name == Some(BrowserPluginApplicationName::TemplateSwa3field)),
        ),
        (
            "browser_plugin_unknown_name.json",
            |a| matches!(a, Application::BrowserPlugin(b) if b.name == Some(BrowserPluginApplicationName::from("template_swa_next"))),
        ),
        ("openid_connect.json", |a| {
            matches!(a, Application::OpenIdConnect(_))
        }),
        ("saml_2_0.json", |a| matches!(a, Application::Saml(_))),
        ("saml_1_1.json", |a| matches!(a, Application::Saml11(_))),
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
    let Application::BrowserPlugin(swa) = app("browser_plugin_swa.json") else {
        panic!("not BROWSER_PLUGIN");
    };
    assert_eq!(swa.name, Some(BrowserPluginApplicationName::TemplateSwa));
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
    // Nothing unknown: the only entries kept beside the typed fields are the `null`s the
    // payload had for them, which are written back as they came.
    assert!(
        settings.additional_properties.values().all(Value::is_null),
        "{:?}",
        settings.additional_properties
    );

    // The three-field template shares the type; its selectors are typed fields too.
    let Application::BrowserPlugin(swa3) = app("browser_plugin_swa3field.json") else {
        panic!("not BROWSER_PLUGIN");
    };
    assert_eq!(
        swa3.name,
        Some(BrowserPluginApplicationName::TemplateSwa3field)
    );
    let settings = swa3
        .settings
        .as_ref()
        .and_then(|s| s.app.as_ref())
        .expect("settings.app");
    assert_eq!(settings.button_selector.as_deref(), Some("#btn-login"));
    assert_eq!(
        settings.user_name_selector.as_deref(),
        Some("#txtbox-username")
    );
    assert_eq!(
        settings.target_url.as_deref(),
        Some("https://example.com/login.html")
    );
    assert_eq!(settings.extra_field_value.as_deref(), Some("SOMEVALUE"));
    assert!(settings.additional_properties.is_empty());
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
        Some(ApplicationSignOnMode::from("FUTURE_MODE"))
    );
    assert_eq!(base.label.as_deref(), Some("Future Sign-On App"));
    // `orn` and `universalLogout` are typed in the current spec's base `Application`.
    assert_eq!(
        base.orn.as_deref(),
        Some("orn:okta:idp:00o1future:apps:future_app:0oa1futuremode00001")
    );
    assert_eq!(
        serde_json::to_value(&base.universal_logout).unwrap(),
        json!({"status": "ENABLED", "supportType": "FULL", "identityStack": null})
    );
    // The base `Application` types neither `name`, `settings` nor `credentials` (each subtype
    // does), so here they are unknown fields: kept whole, with everything below them, including
    // their own unknown members one level further down and a `null`.
    assert_eq!(base.additional_properties["name"], json!("future_app"));
    let settings = &base.additional_properties["settings"];
    assert_eq!(
        settings["futureSettings"],
        json!({"enabled": true, "modes": ["a", "b"]})
    );
    assert_eq!(settings["notes"], json!({"admin": "kept", "enduser": null}));
    assert_eq!(
        base.additional_properties["credentials"]["futureCredential"],
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
fn unknown_browser_plugin_name_is_kept_in_the_plugin_type() {
    let Application::BrowserPlugin(plugin) = app("browser_plugin_unknown_name.json") else {
        panic!("still BROWSER_PLUGIN");
    };
    assert_eq!(
        plugin.name,
        Some(BrowserPluginApplicationName::from("template_swa_next"))
    );
    assert_eq!(
        serde_json::to_value(&plugin.name).unwrap(),
        json!("template_swa_next")
    );
    // Its settings still read as the SWA settings, an unknown selector kept beside them.
    let settings = plugin
        .settings
        .as_ref()
        .and_then(|s| s.app.as_ref())
        .expect("settings.app");
    assert_eq!(
        settings.url.as_deref(),
        Some("https://example.com/login.html")
    );
    assert_eq!(
        settings.additional_properties["selectorV2"],
        json!("#login")
    );
}

#[test]
fn children_convert_into_the_parent() {
    let mut oidc = OpenIdConnectApplication::default();
    oidc.label = Some("My Web App".into());
    let app: Application = oidc.into();
    assert!(matches!(app, Application::OpenIdConnect(_)));
    assert_eq!(app.label().map(String::as_str), Some("My Web App"));

    let mut swa = BrowserPluginApplication::default();
    swa.name = Some(BrowserPluginApplicationName::TemplateSwa);
    let app: Application = swa.into();
    assert!(matches!(
        app,
        Application::BrowserPlugin(ref b) if b.name == Some(BrowserPluginApplicationName::TemplateSwa)
    ));
    // The variant writes its discriminator even though the struct left it unset, so the value
    // reads back as the same variant.
    let body = serde_json::to_value(&app).unwrap();
    assert_eq!(body["signOnMode"], json!("BROWSER_PLUGIN"));
    assert_eq!(body["name"], json!("template_swa"));
    let back: Application = serde_json::from_value(body).unwrap();
    assert!(matches!(back, Application::BrowserPlugin(_)), "{back:?}");
}

#[test]
fn each_policy_type_lands_in_its_variant() {
    let policy = |f: &str| -> Policy { fixture(&format!("policies/{f}")) };
    assert!(matches!(policy("okta_sign_on.json"), Policy::OktaSignOn(_)));
    assert!(matches!(policy("password.json"), Policy::Password(_)));
    assert!(matches!(
        policy("idp_discovery.json"),
        Policy::IdpDiscovery(_)
    ));
    // ACCESS_POLICY, unknown to the 2.8.1 spec, has its subtype in the current one.
    let Policy::Access(access) = policy("access_policy.json") else {
        panic!("ACCESS_POLICY must land in Policy::Access");
    };
    assert_eq!(access.name.as_deref(), Some("Okta Dashboard"));

    // The current spec no longer lists OAUTH_AUTHORIZATION_POLICY (authorization server
    // policies have their own API): it falls back to the base type like any unknown type.
    let Policy::Other(base) = policy("oauth_authorization.json") else {
        panic!("OAUTH_AUTHORIZATION_POLICY must fall back to Policy::Other");
    };
    assert_eq!(
        base.type_,
        Some(PolicyType::from("OAUTH_AUTHORIZATION_POLICY"))
    );

    let Policy::Other(base) = policy("unknown_type.json") else {
        panic!("FUTURE_POLICY_TYPE must fall back to Policy::Other");
    };
    assert_eq!(base.type_, Some(PolicyType::from("FUTURE_POLICY_TYPE")));
    assert_eq!(
        base.name.as_deref(),
        Some("Policy of a type this SDK does not know")
    );
    assert_eq!(base.priority, Some(3));
    assert_eq!(
        base.additional_properties["conditions"],
        json!({"futureCondition": {"include": ["a"], "exclude": null}})
    );
    assert_eq!(
        base.additional_properties["settings"],
        json!({"futureSetting": true})
    );
    assert_eq!(
        serde_json::to_value(&base.type_).unwrap(),
        json!("FUTURE_POLICY_TYPE")
    );

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
    // ACCESS_POLICY, unknown to the 2.8.1 spec, has its subtype in the current one.
    assert!(matches!(rule("access_policy.json"), PolicyRule::Access(_)));
    let PolicyRule::Other(base) = rule("unknown_type.json") else {
        panic!("an unknown rule type must fall back to PolicyRule::Other");
    };
    assert_eq!(base.type_, Some(PolicyRuleType::from("FUTURE_RULE_TYPE")));
    assert_eq!(
        base.name.as_deref(),
        Some("Rule of a type this SDK does not know")
    );
    assert_eq!(
        base.additional_properties["actions"],
        json!({"futureAction": {"access": "ALLOW", "reason": null}})
    );
    assert_eq!(
        base.additional_properties["conditions"],
        json!({"people": {"users": {"exclude": []}}})
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
            matches!(f, UserFactor::TokenHardware(_))
        }),
        ("token_software_totp.json", |f| {
            matches!(f, UserFactor::TokenSoftwareTotp(_))
        }),
        ("token_hotp.json", |f| matches!(f, UserFactor::TokenHotp(_))),
        ("u2f.json", |f| matches!(f, UserFactor::U2f(_))),
        ("web.json", |f| matches!(f, UserFactor::Web(_))),
        ("webauthn.json", |f| matches!(f, UserFactor::WebAuthn(_))),
        // `signed_nonce` is a known `UserFactorType` but has no subtype in the mapping.
        ("signed_nonce.json", |f| matches!(f, UserFactor::Other(_))),
        ("unknown_type.json", |f| matches!(f, UserFactor::Other(_))),
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
    // The subtype's part redefines `factorType` with only an `example`: it keeps the parent's
    // `$ref: UserFactorType`, so the field stays typed (and is shared through the enum).
    assert_eq!(sms.factor_type, Some(okta_sdk::models::UserFactorType::Sms));
    let factor = fixture::<UserFactor>("factors/sms.json");
    assert_eq!(
        factor.factor_type(),
        Some(&okta_sdk::models::UserFactorType::Sms)
    );
}

#[test]
fn factor_type_without_subtype_keeps_its_profile_and_embedded() {
    let UserFactor::Other(base) = fixture::<UserFactor>("factors/signed_nonce.json") else {
        panic!("signed_nonce has no subtype: it must fall back to UserFactor::Other");
    };
    assert_eq!(base.factor_type, Some(UserFactorType::SignedNonce));
    // The base type's `profile` and `_embedded` are untyped objects: every member is kept.
    let profile = base.profile.as_ref().expect("profile");
    assert_eq!(profile["platform"], json!("ANDROID"));
    assert_eq!(profile["keys"][0]["crv"], json!("P-256"));
    let embedded = base.embedded.as_ref().expect("_embedded");
    assert_eq!(
        embedded["challenge"],
        json!({"userVerification": "REQUIRED"})
    );
}

#[test]
fn unknown_factor_type_keeps_every_field_in_the_base_type() {
    let UserFactor::Other(base) = fixture::<UserFactor>("factors/unknown_type.json") else {
        panic!("future_factor must fall back to UserFactor::Other");
    };
    assert_eq!(
        base.factor_type,
        Some(UserFactorType::from("future_factor"))
    );
    assert_eq!(
        serde_json::to_value(&base.factor_type).unwrap(),
        json!("future_factor")
    );
    assert_eq!(base.provider.as_deref(), Some("OKTA"));
    let profile = base.profile.as_ref().expect("profile");
    assert_eq!(profile["futureAttribute"], json!("kept"));
    assert_eq!(profile.get("nothing"), Some(&Value::Null));
    assert_eq!(
        base.additional_properties["futureTopLevel"],
        json!({"nested": [1, {"deep": null}]})
    );
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

/// `Group.profile` is `anyOf` [`OktaUserGroupProfile` (extensible), `OktaActiveDirectoryGroupProfile`]
/// in the current spec.
#[test]
fn group_custom_attributes_are_readable() {
    let group: Group = fixture("groups/group_app_group_ad.json");
    // What the SDK does today: the generated `anyOf` chooser has no field lists for the two
    // alternatives (`choose_alternative(.., &[(Any, &[]), (Any, &[])])`), so the first one,
    // `OktaUserGroupProfile`, always wins, and the Active Directory attributes (`samAccountName`,
    // `dn`, ...) are custom attributes instead of `OktaActiveDirectoryGroupProfile`'s typed
    // fields. Nothing is lost either way. Once the chooser counts fields this lands in
    // `OktaActiveDirectoryGroupProfile` and this test must say so.
    let Some(GroupProfile::OktaUserGroupProfile(profile)) = group.profile.as_ref() else {
        panic!("{:?}", group.profile);
    };
    assert_eq!(profile.name.as_deref(), Some("Engineering Users"));
    assert_eq!(
        profile.custom("samAccountName"),
        Some(&json!("Engineering Users"))
    );
    assert_eq!(profile.custom("groupScope"), Some(&json!("Global")));
    let group: Group = fixture("groups/group_okta_group.json");
    let Some(GroupProfile::OktaUserGroupProfile(profile)) = group.profile.as_ref() else {
        panic!("{:?}", group.profile);
    };
    assert_eq!(profile.name.as_deref(), Some("West Coast Users"));
    assert_eq!(profile.custom("name"), None, "typed, not custom");
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
    assert_eq!(user.status, Some(UserStatus::from("SOMETHING_NEW")));
    assert_eq!(
        user.transitioning_to_status,
        Some(UserTransitioningToStatus::from("ALSO_NEW"))
    );
    assert_eq!(
        serde_json::to_value(&user.status).unwrap(),
        json!("SOMETHING_NEW")
    );
    // `realmId`, unknown to the 2.8.1 spec, is a typed field now.
    assert_eq!(user.realm_id.as_deref(), Some("guo1afiNtSnZYILxO0g4"));
    assert!(!user.additional_properties.contains_key("realmId"));
    // Unknown fields at the top, in a nested model, and in a model nested two levels down.
    assert_eq!(
        user.additional_properties["futureTopLevel"],
        json!({"nested": [1, 2, {"deep": null}]})
    );
    let type_ = user.type_.as_ref().expect("type");
    assert_eq!(type_.id.as_deref(), Some("otyfnjfba4ye7pgjB0g4"));
    assert_eq!(
        type_.additional_properties["futureTypeField"],
        json!("kept")
    );
    let credentials = user.credentials.as_ref().expect("credentials");
    assert!(credentials.additional_properties.contains_key("emails"));
    let password = credentials.password.as_ref().expect("password");
    assert_eq!(
        password.additional_properties["futurePasswordField"],
        json!(true)
    );
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

#[test]
fn unknown_enum_values_are_opaque_and_read_through_as_str() {
    let status: UserStatus = serde_json::from_value(json!("SOMETHING_NEW")).unwrap();
    // The variant says "not known to this version"; the text is read with `as_str`, which keeps
    // working when a later version knows the value as a variant of its own.
    let UserStatus::Unknown(value) = &status else {
        panic!("SOMETHING_NEW is not a known status");
    };
    assert_eq!(value.as_str(), "SOMETHING_NEW");
    assert_eq!(value.to_string(), "SOMETHING_NEW");
    assert_eq!(status.as_str(), "SOMETHING_NEW");
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        json!("SOMETHING_NEW")
    );
    // A known value is its variant, whichever way it is made.
    assert_eq!(UserStatus::from("ACTIVE"), UserStatus::Active);
}

#[test]
fn string_enums_compare_hash_and_sort_by_wire_value() {
    use std::collections::{BTreeSet, HashSet};
    let read = |value: &str| -> UserStatus { serde_json::from_value(json!(value)).unwrap() };
    assert_eq!(read("ACTIVE"), UserStatus::Active);
    assert_ne!(read("ACTIVE"), UserStatus::Suspended);
    // Two unknown values are equal when their text is, and never equal to a known one.
    assert_eq!(read("SOMETHING_NEW"), read("SOMETHING_NEW"));
    assert_ne!(read("SOMETHING_NEW"), read("SOMETHING_NEWER"));
    assert_ne!(read("SOMETHING_NEW"), UserStatus::Active);
    let distinct: HashSet<UserStatus> = ["ACTIVE", "SOMETHING_NEW", "ACTIVE", "SOMETHING_NEW"]
        .into_iter()
        .map(read)
        .collect();
    assert_eq!(distinct.len(), 2);
    // Ordered by wire value, known and unknown alike.
    let sorted: Vec<String> = ["SUSPENDED", "DORMANT", "ACTIVE", "LOCKED_OUT"]
        .into_iter()
        .map(read)
        .collect::<BTreeSet<_>>()
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    assert_eq!(sorted, ["ACTIVE", "DORMANT", "LOCKED_OUT", "SUSPENDED"]);
}
