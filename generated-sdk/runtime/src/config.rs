//! Configuration: where settings come from and how they are validated.
//!
//! Sources, each overriding the one before (Okta's convention):
//! 1. `~/.okta/okta.yaml`
//! 2. `./okta.yaml` (in the current directory)
//! 3. `OKTA_CLIENT_*` environment variables
//! 4. the [`ClientBuilder`](crate::ClientBuilder) setters called in code.
//!
//! The YAML files have the root key `okta.client`:
//!
//! ```yaml
//! okta:
//!   client:
//!     orgUrl: "https://dev-123456.okta.com"
//!     token: "00abc..."                 # SSWS mode
//!     authorizationMode: "PrivateKey"   # or "SSWS" (the default)
//!     clientId: "0oa..."
//!     scopes: ["okta.users.read", "okta.groups.read"]
//!     privateKey: "/path/to/key.pem"    # a path, a PEM or a JWK (JSON)
//!     keyId: "kid-1"
//!     dpop: true                        # DPoP-bound tokens; unset = detected, false = never
//!     dpopPrivateKey: "/path/to/dpop.pem" # optional: your own DPoP key (RSA or P-256)
//!     requestTimeout: 30                # seconds, 0 = none
//!     connectionTimeout: 10             # seconds
//!     readTimeout: 60                   # seconds without a byte from the server, 0 = none
//!     rateLimit:
//!       maxRetries: 2
//!     proxy: "http://proxy.internal:3128"
//! ```
//!
//! The environment variables are `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN`,
//! `OKTA_CLIENT_AUTHORIZATIONMODE`, `OKTA_CLIENT_CLIENTID`, `OKTA_CLIENT_SCOPES` (separated by
//! commas or spaces), `OKTA_CLIENT_PRIVATEKEY`, `OKTA_CLIENT_KEYID`, `OKTA_CLIENT_DPOP`
//! (`true` or `false`), `OKTA_CLIENT_DPOPPRIVATEKEY`,
//! `OKTA_CLIENT_REQUESTTIMEOUT`, `OKTA_CLIENT_CONNECTIONTIMEOUT`, `OKTA_CLIENT_READTIMEOUT`,
//! `OKTA_CLIENT_RATELIMIT_MAXRETRIES` and `OKTA_CLIENT_PROXY`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::secret::Secret;

/// How the client authenticates to Okta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AuthorizationMode {
    /// `Authorization: SSWS <api token>`.
    #[default]
    Ssws,
    /// OAuth 2.0 client credentials with a private-key JWT assertion
    /// (`Authorization: Bearer <access token>`).
    PrivateKey,
}

impl AuthorizationMode {
    /// Parses Okta's spelling (`SSWS`, `PrivateKey`), case-insensitively.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "ssws" => Some(AuthorizationMode::Ssws),
            "privatekey" | "private_key" | "private-key" => Some(AuthorizationMode::PrivateKey),
            _ => None,
        }
    }
}

impl fmt::Display for AuthorizationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthorizationMode::Ssws => "SSWS",
            AuthorizationMode::PrivateKey => "PrivateKey",
        })
    }
}

/// Where configuration is read from by [`ClientBuilder::from_sources`](crate::ClientBuilder::from_sources).
///
/// [`ConfigSources::from_process`] uses the real home directory, current directory and
/// environment; tests and tools can build their own instead of changing the process's.
#[derive(Clone, Default)]
pub struct ConfigSources {
    /// The home directory (for `~/.okta/okta.yaml`); `None` skips that file.
    pub home_dir: Option<PathBuf>,
    /// The current directory (for `./okta.yaml`); `None` skips that file.
    pub current_dir: Option<PathBuf>,
    /// Environment variables (only `OKTA_CLIENT_*` ones are read).
    pub env: BTreeMap<String, String>,
}

impl fmt::Debug for ConfigSources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets (OKTA_CLIENT_TOKEN...): show only the names.
        f.debug_struct("ConfigSources")
            .field("home_dir", &self.home_dir)
            .field("current_dir", &self.current_dir)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ConfigSources {
    /// The process's home directory (`HOME`, or `USERPROFILE` on Windows), current directory
    /// and `OKTA_CLIENT_*` environment variables.
    pub fn from_process() -> Self {
        let env: BTreeMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(k, _)| k.starts_with("OKTA_CLIENT_"))
            .collect();
        let home_dir = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        ConfigSources {
            home_dir,
            current_dir: std::env::current_dir().ok(),
            env,
        }
    }

    /// No files and no environment.
    pub fn empty() -> Self {
        ConfigSources::default()
    }

    /// Sets the home directory.
    pub fn home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home_dir = Some(dir.into());
        self
    }

    /// Sets the current directory.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.current_dir = Some(dir.into());
        self
    }

    /// Sets one environment variable.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }
}

/// The raw settings, before validation. Each source fills what it has.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    pub(crate) org_url: Option<String>,
    pub(crate) token: Option<Secret>,
    pub(crate) authorization_mode: Option<AuthorizationMode>,
    pub(crate) client_id: Option<String>,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) private_key: Option<Secret>,
    pub(crate) key_id: Option<String>,
    /// `Some(true)`: DPoP always; `Some(false)`: never; `None`: when Okta asks for it.
    pub(crate) dpop: Option<bool>,
    pub(crate) dpop_private_key: Option<Secret>,
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) proxy: Option<Secret>,
    /// Problems met while reading sources (unreadable file, bad value); reported by `build`.
    pub(crate) load_problems: Vec<String>,
}

impl Settings {
    /// Reads `~/.okta/okta.yaml`, `./okta.yaml`, then the environment.
    pub(crate) fn load(sources: &ConfigSources) -> Settings {
        let mut settings = Settings::default();
        if let Some(home) = &sources.home_dir {
            settings.apply_yaml_file(&home.join(".okta").join("okta.yaml"));
        }
        if let Some(cwd) = &sources.current_dir {
            settings.apply_yaml_file(&cwd.join("okta.yaml"));
        }
        settings.apply_env(&sources.env);
        settings
    }

    fn apply_yaml_file(&mut self, path: &Path) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return,
            Err(err) => {
                self.load_problems
                    .push(format!("cannot read {}: {err}", path.display()));
                return;
            }
        };
        let value: yaml_serde::Value = match yaml_serde::from_str(&text) {
            Ok(value) => value,
            Err(err) => {
                self.load_problems
                    .push(format!("{} is not valid YAML: {err}", path.display()));
                return;
            }
        };
        let Some(client) = value.get("okta").and_then(|okta| okta.get("client")) else {
            // An empty file, or one for something else: nothing to take.
            return;
        };
        let source = path.display().to_string();
        let mut get = |key: &str| -> Option<String> {
            let v = client.get(key)?;
            yaml_scalar(v).or_else(|| {
                self.load_problems
                    .push(format!("{source}: okta.client.{key} must be a string"));
                None
            })
        };
        let org_url = get("orgUrl");
        let token = get("token");
        let mode = get("authorizationMode");
        let client_id = get("clientId");
        let key_id = get("keyId");
        let dpop = get("dpop");
        let dpop_key = get("dpopPrivateKey");
        let request_timeout = get("requestTimeout");
        let connect_timeout = get("connectionTimeout");
        let read_timeout = get("readTimeout");
        let proxy_plain = client.get("proxy").and_then(yaml_scalar);
        self.set_org_url(org_url);
        self.set_token(token);
        self.set_mode(mode, &source);
        self.set_client_id(client_id);
        self.set_key_id(key_id);
        self.set_dpop(dpop, &source);
        if let Some(key) = dpop_key {
            self.dpop_private_key = Some(Secret::new(key));
        }
        self.set_seconds(request_timeout, &source, "requestTimeout", Timeout::Request);
        self.set_seconds(
            connect_timeout,
            &source,
            "connectionTimeout",
            Timeout::Connect,
        );
        self.set_seconds(read_timeout, &source, "readTimeout", Timeout::Read);
        if let Some(scopes) = client.get("scopes") {
            match scopes {
                yaml_serde::Value::Sequence(items) => {
                    self.scopes = Some(items.iter().filter_map(yaml_scalar).collect());
                }
                other => self.set_scopes(yaml_scalar(other)),
            }
        }
        if let Some(key) = client.get("privateKey") {
            match key {
                // A JWK written as a YAML mapping.
                yaml_serde::Value::Mapping(_) => match serde_json::to_string(key) {
                    Ok(json) => self.private_key = Some(Secret::new(json)),
                    Err(err) => self
                        .load_problems
                        .push(format!("{source}: okta.client.privateKey: {err}")),
                },
                other => {
                    if let Some(text) = yaml_scalar(other) {
                        self.private_key = Some(Secret::new(text));
                    }
                }
            }
        }
        if let Some(retries) = client
            .get("rateLimit")
            .and_then(|r| r.get("maxRetries"))
            .and_then(yaml_scalar)
        {
            self.set_max_retries(Some(retries), &source);
        }
        match client.get("proxy") {
            Some(yaml_serde::Value::Mapping(_)) => {
                let proxy = client.get("proxy");
                let field = |k: &str| proxy.and_then(|p| p.get(k)).and_then(yaml_scalar);
                if let Some(host) = field("host") {
                    let port = field("port").map(|p| format!(":{p}")).unwrap_or_default();
                    let auth = match (field("username"), field("password")) {
                        (Some(u), Some(p)) => format!(
                            "{}:{}@",
                            crate::request::encode_path_segment(&u),
                            crate::request::encode_path_segment(&p)
                        ),
                        (Some(u), None) => format!("{}@", crate::request::encode_path_segment(&u)),
                        _ => String::new(),
                    };
                    let scheme = if host.contains("://") { "" } else { "http://" };
                    self.proxy = Some(Secret::new(format!("{scheme}{auth}{host}{port}")));
                }
            }
            Some(_) => {
                if let Some(p) = proxy_plain.filter(|p| !p.is_empty()) {
                    self.proxy = Some(Secret::new(p));
                }
            }
            None => {}
        }
    }

    fn apply_env(&mut self, env: &BTreeMap<String, String>) {
        let get = |name: &str| env.get(name).cloned();
        self.set_org_url(get("OKTA_CLIENT_ORGURL"));
        self.set_token(get("OKTA_CLIENT_TOKEN"));
        self.set_mode(
            get("OKTA_CLIENT_AUTHORIZATIONMODE"),
            "OKTA_CLIENT_AUTHORIZATIONMODE",
        );
        self.set_client_id(get("OKTA_CLIENT_CLIENTID"));
        self.set_scopes(get("OKTA_CLIENT_SCOPES"));
        if let Some(key) = get("OKTA_CLIENT_PRIVATEKEY") {
            self.private_key = Some(Secret::new(key));
        }
        self.set_key_id(get("OKTA_CLIENT_KEYID"));
        self.set_dpop(get("OKTA_CLIENT_DPOP"), "OKTA_CLIENT_DPOP");
        if let Some(key) = get("OKTA_CLIENT_DPOPPRIVATEKEY") {
            self.dpop_private_key = Some(Secret::new(key));
        }
        for (name, which) in [
            ("OKTA_CLIENT_REQUESTTIMEOUT", Timeout::Request),
            ("OKTA_CLIENT_CONNECTIONTIMEOUT", Timeout::Connect),
            ("OKTA_CLIENT_READTIMEOUT", Timeout::Read),
        ] {
            self.set_seconds(get(name), name, "value", which);
        }
        self.set_max_retries(
            get("OKTA_CLIENT_RATELIMIT_MAXRETRIES"),
            "OKTA_CLIENT_RATELIMIT_MAXRETRIES",
        );
        if let Some(proxy) = get("OKTA_CLIENT_PROXY").filter(|p| !p.is_empty()) {
            self.proxy = Some(Secret::new(proxy));
        }
    }

    fn set_org_url(&mut self, value: Option<String>) {
        if let Some(v) = value {
            self.org_url = Some(v);
        }
    }
    fn set_token(&mut self, value: Option<String>) {
        if let Some(v) = value {
            self.token = Some(Secret::new(v));
        }
    }
    fn set_client_id(&mut self, value: Option<String>) {
        if let Some(v) = value {
            self.client_id = Some(v);
        }
    }
    fn set_key_id(&mut self, value: Option<String>) {
        if let Some(v) = value {
            self.key_id = Some(v);
        }
    }
    fn set_dpop(&mut self, value: Option<String>, source: &str) {
        let Some(v) = value else { return };
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => self.dpop = Some(true),
            "false" | "0" | "no" | "off" => self.dpop = Some(false),
            _ => self.load_problems.push(format!(
                "{source}: dpop must be `true` or `false`, got `{v}`"
            )),
        }
    }
    fn set_scopes(&mut self, value: Option<String>) {
        if let Some(v) = value {
            self.scopes = Some(
                v.split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    fn set_mode(&mut self, value: Option<String>, source: &str) {
        if let Some(v) = value {
            match AuthorizationMode::parse(&v) {
                Some(mode) => self.authorization_mode = Some(mode),
                None => self.load_problems.push(format!(
                    "{source}: unknown authorization mode `{v}` (expected `SSWS` or `PrivateKey`)"
                )),
            }
        }
    }
    fn set_seconds(&mut self, value: Option<String>, source: &str, key: &str, which: Timeout) {
        let Some(v) = value else { return };
        match v.trim().parse::<u64>() {
            // Any u64 is a valid Duration; deadlines built from it are checked where used.
            Ok(secs) => {
                let d = Some(Duration::from_secs(secs));
                match which {
                    Timeout::Request => self.request_timeout = d,
                    Timeout::Connect => self.connect_timeout = d,
                    Timeout::Read => self.read_timeout = d,
                }
            }
            Err(_) => self.load_problems.push(format!(
                "{source}: {key} must be a whole number of seconds, got `{v}`"
            )),
        }
    }
    fn set_max_retries(&mut self, value: Option<String>, source: &str) {
        let Some(v) = value else { return };
        match v.trim().parse::<u32>() {
            Ok(n) => self.max_retries = Some(n),
            Err(_) => self.load_problems.push(format!(
                "{source}: maxRetries must be a non-negative whole number, got `{v}`"
            )),
        }
    }
}

/// Which timeout a setting names.
#[derive(Clone, Copy)]
enum Timeout {
    Request,
    Connect,
    Read,
}

fn yaml_scalar(value: &yaml_serde::Value) -> Option<String> {
    match value {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Checks the org URL; pushes every problem found. Returns the normalized URL (no trailing `/`).
pub(crate) fn validate_org_url(
    org_url: Option<&str>,
    allow_insecure_http: bool,
    problems: &mut Vec<String>,
) -> Option<reqwest::Url> {
    let Some(raw) = org_url.map(str::trim).filter(|u| !u.is_empty()) else {
        problems.push(
            "org URL is missing: set `org_url`, OKTA_CLIENT_ORGURL or okta.client.orgUrl".into(),
        );
        return None;
    };
    let mut ok = true;
    if raw.contains("{yourOktaDomain}") || raw.contains("yourOktaDomain") {
        problems.push(format!(
            "org URL `{raw}` still contains the `{{yourOktaDomain}}` placeholder; use your Okta domain"
        ));
        ok = false;
    }
    let url = match reqwest::Url::parse(raw) {
        Ok(url) => url,
        Err(err) => {
            problems.push(format!("org URL `{raw}` is not a valid URL: {err}"));
            return None;
        }
    };
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http => {}
        "http" => {
            problems.push(format!(
                "org URL `{raw}` must use https (plain http is only allowed with `allow_insecure_http(true)`, for tests)"
            ));
            ok = false;
        }
        other => {
            problems.push(format!(
                "org URL `{raw}` has scheme `{other}`; it must be https"
            ));
            ok = false;
        }
    }
    if let Some(host) = url.host_str() {
        let first_label = host.split('.').next().unwrap_or_default();
        if first_label.ends_with("-admin") {
            problems.push(format!(
                "org URL `{raw}` is the admin console's URL; remove `-admin` (e.g. https://dev-123.okta.com)"
            ));
            ok = false;
        }
    } else {
        problems.push(format!("org URL `{raw}` has no host"));
        ok = false;
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        problems.push(format!(
            "org URL `{raw}` must not contain credentials, a query or a fragment"
        ));
        ok = false;
    }
    ok.then_some(url)
}
