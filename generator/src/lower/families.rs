//! Resource families: the `apis` module and cargo feature of each operation, from its path.
//!
//! Okta's current spec has 121 tags, too many and too fine for cargo features a user can guess.
//! The path says what an operation acts on (`/api/v1/users/...` -> `users`); related resources
//! share a family (`/api/v1/iam/...` and `/api/v1/roles/...` -> `roles`). A path segment this
//! table does not know becomes a family of its own, named after it, so a new Okta release still
//! generates (and the change report shows the new feature).

use crate::naming;

/// Path segment (after `/api/v1/`, or the first segment of other paths) -> family.
const FAMILIES: &[(&str, &str)] = &[
    (".well-known", "well_known"),
    ("agentPools", "agent_pools"),
    ("api-tokens", "api_tokens"),
    ("apps", "apps"),
    ("attack-protection", "threat_protection"),
    ("authenticators", "authenticators"),
    ("authorizationServers", "authorization_servers"),
    ("behaviors", "behaviors"),
    ("bot-protection", "threat_protection"),
    ("brands", "brands"),
    ("captchas", "threat_protection"),
    ("device-assurances", "devices"),
    ("device-integrations", "devices"),
    ("device-posture-checks", "devices"),
    ("devices", "devices"),
    ("directories", "identity_sources"),
    ("domains", "domains"),
    ("dr", "org"),
    ("email-domains", "email"),
    ("email-servers", "email"),
    ("eventHooks", "hooks"),
    ("features", "features"),
    ("first-party-app-settings", "apps"),
    ("groups", "groups"),
    ("hook-keys", "hooks"),
    ("iam", "roles"),
    ("identity-sources", "identity_sources"),
    ("idps", "identity_providers"),
    ("inlineHooks", "hooks"),
    ("integrations", "integrations"),
    ("logStreams", "logs"),
    ("logs", "logs"),
    ("mappings", "profile_mappings"),
    ("meta", "schemas"),
    ("oauth2", "oauth2"),
    ("okta-personal-settings", "org"),
    ("org", "org"),
    ("orgs", "org"),
    ("policies", "policies"),
    ("principal-rate-limits", "rate_limits"),
    ("privileged-access", "privileged_access"),
    ("push-providers", "push_providers"),
    ("rate-limit-settings", "rate_limits"),
    ("realm-assignments", "realms"),
    ("realms", "realms"),
    ("roles", "roles"),
    ("security", "ssf"),
    ("security-events-providers", "ssf"),
    ("sessions", "sessions"),
    ("ssf", "ssf"),
    ("telephony-providers", "telephony_providers"),
    ("templates", "templates"),
    ("threats", "threat_protection"),
    ("trustedOrigins", "trusted_origins"),
    ("users", "users"),
    ("webauthn-registration", "authenticators"),
    ("zones", "network_zones"),
];

/// The family of an operation on `path`.
pub(super) fn family_of(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segment: &str = match segments.as_slice() {
        ["api", _version, resource, ..] => resource,
        [first, ..] => first,
        [] => "common",
    };
    FAMILIES
        .iter()
        .find(|(known, _)| *known == segment)
        .map(|(_, family)| family.to_string())
        .unwrap_or_else(|| naming::snake(&segment.replace('.', " ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_come_from_the_resource_segment() {
        assert_eq!(family_of("/api/v1/users/{id}/lifecycle/activate"), "users");
        assert_eq!(family_of("/api/v1/iam/resource-sets"), "roles");
        assert_eq!(family_of("/oauth2/v1/clients/{clientId}/roles"), "oauth2");
        assert_eq!(family_of("/.well-known/okta-organization"), "well_known");
        // Unknown segments make a family of their own.
        assert_eq!(family_of("/api/v1/newThings/{id}"), "new_things");
        assert_eq!(family_of("/"), "common");
    }
}
