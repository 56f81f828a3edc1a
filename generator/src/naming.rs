//! Every Rust name the generator emits is made here.
//!
//! Okta's names are camelCase with acronyms that heck alone splits badly (`OAuth2` would become
//! `o_auth2`), Rust keywords appear as property names (`type`, `self`), and distinct wire names
//! can map to one Rust name (`_links` and `links`). This module turns wire names into identifiers
//! and resolves collisions deterministically: the first name in spec order keeps the plain form.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Acronyms Okta spells in mixed case, rewritten before case conversion so they stay one word
/// (where a word ends after them: `IdProofing` is not the acronym `IdP`).
const ACRONYMS: &[(&str, &str)] = &[
    ("OAuth2", "Oauth2"),
    ("OAuth", "Oauth"),
    ("IdP", "Idp"),
    ("idP", "idp"),
    ("iOS", "Ios"),
];

/// Words that cannot be plain identifiers (strict and reserved keywords of Rust 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn normalize_acronyms(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    'scan: while let Some(c) = rest.chars().next() {
        for (from, to) in ACRONYMS {
            if let Some(after) = rest.strip_prefix(from) {
                let ends_word = !after.starts_with(|c: char| c.is_ascii_lowercase())
                    || (after.starts_with('s')
                        && !after[1..].starts_with(|c: char| c.is_ascii_lowercase()));
                if ends_word {
                    out.push_str(to);
                    rest = after;
                    continue 'scan;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    plural_acronyms(&out)
}

/// Writes a plural acronym as one word (`URIs` -> `Uris`, `AAGUIDs` -> `Aaguids`): heck would
/// read its `s` as the start of another word (`get_all_well_known_ur_is`).
fn plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && chars
                .get(i + run + 1)
                .is_none_or(|c| !c.is_ascii_lowercase());
        if plural {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            out.push('s');
            i += run + 1;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Replaces characters that cannot appear in an identifier with `_` so heck sees word breaks.
fn identifier_chars(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Makes `word` a usable identifier: never empty, never starting with a digit, never a keyword.
fn escape(word: String, prefix_for_digit: &str) -> String {
    let word = if word.is_empty() {
        "value".to_string()
    } else {
        word
    };
    let word = if word.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix_for_digit}{word}")
    } else {
        word
    };
    if KEYWORDS.contains(&word.as_str()) {
        format!("{word}_")
    } else {
        word
    }
}

/// snake_case name for a method, field, argument or module: `listOAuth2Claims` -> `list_oauth2_claims`.
pub fn snake(name: &str) -> String {
    let converted = identifier_chars(&normalize_acronyms(name)).to_snake_case();
    escape(converted, "n")
}

/// UpperCamelCase name for a type or enum variant: `token:software:totp` -> `TokenSoftwareTotp`.
pub fn pascal(name: &str) -> String {
    let converted = identifier_chars(&normalize_acronyms(name)).to_upper_camel_case();
    escape(converted, "V")
}

/// UpperCamelCase of a name that ends a longer type name (`EmailLinks` + `self` ->
/// `EmailLinksSelf`): a keyword needs no escape there, and an escaped one (`Self_`) would put
/// an underscore inside the names built on it (`EmailLinksSelf_Hints`, not UpperCamelCase).
pub fn pascal_suffix(name: &str) -> String {
    let pascal = pascal(name);
    match pascal.strip_suffix('_') {
        Some(word) if KEYWORDS.contains(&word) => word.to_string(),
        _ => pascal,
    }
}

/// The name of a schema's type: the schema name itself when it is already a valid identifier
/// (`DNSRecord`, `OAuth2Claim` stay as Okta's documentation spells them), else its UpperCamelCase.
pub fn type_name(schema_name: &str) -> String {
    let valid = schema_name.starts_with(|c: char| c.is_ascii_uppercase())
        && schema_name.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&schema_name);
    if valid {
        schema_name.to_string()
    } else {
        pascal(schema_name)
    }
}

/// lowerCamelCase of a type name, the way Okta's SDKs name a body parameter: the leading
/// capitals are lowered but for the one starting the next word (`OAuth2Claim` -> `oAuth2Claim`,
/// `CAPTCHAInstance` -> `captchaInstance`, `URL` -> `url`).
pub fn lower_camel(type_name: &str) -> String {
    let capitals = type_name
        .chars()
        .take_while(char::is_ascii_uppercase)
        .count();
    let word_follows = type_name[capitals..].starts_with(|c: char| c.is_ascii_lowercase());
    let lowered = if capitals > 1 && word_follows {
        capitals - 1
    } else {
        capitals
    };
    format!(
        "{}{}",
        type_name[..lowered].to_ascii_lowercase(),
        &type_name[lowered..]
    )
}

/// Hands out unique names within one scope (a struct's fields, an enum's variants, the crate's
/// types). A name already taken gets `_2`, `_3`... (or `2`, `3`... for types), so the outcome
/// depends only on the order names are requested in, which is spec order.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved<I: IntoIterator<Item = S>, S: Into<String>>(reserved: I) -> Self {
        Namespace {
            taken: reserved.into_iter().map(Into::into).collect(),
        }
    }

    /// Marks `names` taken (those already taken stay as they are).
    pub fn reserve<'n>(&mut self, names: impl IntoIterator<Item = &'n str>) {
        self.taken.extend(names.into_iter().map(str::to_string));
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `wanted`, or the first free `wanted{separator}{n}` for n = 2, 3, ...
    pub fn claim(&mut self, wanted: &str, separator: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{wanted}{separator}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_case_acronyms_stay_one_word_where_a_word_ends() {
        assert_eq!(snake("devicePostureIdP"), "device_posture_idp");
        assert_eq!(snake("IdPKeyCredential"), "idp_key_credential");
        assert_eq!(snake("listIdPs"), "list_idps");
        assert_eq!(snake("EnableIdProofing"), "enable_id_proofing");
        assert_eq!(snake("iOS"), "ios");
        assert_eq!(pascal("iOSWithGracePeriod"), "IosWithGracePeriod");
    }

    #[test]
    fn body_names_lower_a_leading_acronym() {
        assert_eq!(lower_camel("User"), "user");
        assert_eq!(lower_camel("OAuth2Claim"), "oAuth2Claim");
        assert_eq!(lower_camel("CAPTCHAInstance"), "captchaInstance");
        assert_eq!(lower_camel("DNSRecord"), "dnsRecord");
        assert_eq!(lower_camel("URL"), "url");
        assert_eq!(
            snake(&lower_camel("IdPKeyCredential")),
            "idp_key_credential"
        );
    }

    #[test]
    fn plural_acronyms_stay_one_word() {
        assert_eq!(snake("getAllWellKnownURIs"), "get_all_well_known_uris");
        assert_eq!(snake("listAllCustomAAGUIDs"), "list_all_custom_aaguids");
        assert_eq!(snake("listIDsForUser"), "list_ids_for_user");
        assert_eq!(pascal("getAllWellKnownURIs"), "GetAllWellKnownUris");
        // An acronym before a capitalized word is not plural.
        assert_eq!(snake("listSAMLSettings"), "list_saml_settings");
        assert_eq!(snake("HTTPStatus"), "http_status");
    }

    #[test]
    fn okta_acronyms_stay_one_word() {
        assert_eq!(snake("listOAuth2Claims"), "list_oauth2_claims");
        assert_eq!(snake("hideOktaUIFooter"), "hide_okta_ui_footer");
        assert_eq!(
            snake("getOAuth2ScopeConsentGrant"),
            "get_oauth2_scope_consent_grant"
        );
        assert_eq!(snake("listIdentityProviders"), "list_identity_providers");
        assert_eq!(snake("activateUser"), "activate_user");
    }

    #[test]
    fn keywords_and_digits_are_escaped() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(pascal("SAML_2_0"), "Saml20");
        assert_eq!(pascal("token:software:totp"), "TokenSoftwareTotp");
        assert_eq!(pascal("-1"), "V1");
        assert_eq!(snake(""), "value");
        assert_eq!(snake("_links"), "links");
    }

    #[test]
    fn type_names_keep_okta_spelling_when_valid() {
        assert_eq!(type_name("DNSRecord"), "DNSRecord");
        assert_eq!(type_name("OAuth2Claim"), "OAuth2Claim");
        assert_eq!(type_name("user-profile"), "UserProfile");
        assert_eq!(lower_camel("OAuth2Claim"), "oAuth2Claim");
    }

    #[test]
    fn collisions_resolve_in_request_order() {
        let mut ns = Namespace::with_reserved(["extra"]);
        assert_eq!(ns.claim("links", "_"), "links");
        assert_eq!(ns.claim("links", "_"), "links_2");
        assert_eq!(ns.claim("links", "_"), "links_3");
        assert_eq!(ns.claim("extra", "_"), "extra_2");
    }
}
