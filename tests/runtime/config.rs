//! Configuration: sources and their precedence, validation reporting every problem at once.
//! Tests pass their own `ConfigSources`, so none of them touches the process environment.

use okta_sdk::{Client, ClientBuilder, ConfigSources, Error, Method};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, received};

fn write(dir: &std::path::Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

async fn authorization_sent(server: &MockServer, builder: ClientBuilder) -> String {
    let client = builder.allow_insecure_http(true).build().unwrap();
    client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap();
    let requests = received(server).await;
    support::header(requests.last().unwrap(), "authorization")
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sources_override_in_order_home_cwd_env_code() {
    let server = echo_server().await;
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".okta/okta.yaml",
        &format!(
            "okta:\n  client:\n    orgUrl: \"{}\"\n    token: home-token\n",
            server.uri()
        ),
    );
    write(
        cwd.path(),
        "okta.yaml",
        "okta:\n  client:\n    token: cwd-token\n",
    );
    let sources = ConfigSources::empty()
        .home_dir(home.path())
        .current_dir(cwd.path());

    // The org URL comes from the home file, the token from ./okta.yaml.
    let builder = ClientBuilder::from_sources(&sources);
    assert_eq!(authorization_sent(&server, builder).await, "SSWS cwd-token");

    // The environment overrides both files.
    let sources = sources.env("OKTA_CLIENT_TOKEN", "env-token");
    let builder = ClientBuilder::from_sources(&sources);
    assert_eq!(authorization_sent(&server, builder).await, "SSWS env-token");

    // Code overrides everything.
    let builder = ClientBuilder::from_sources(&sources).api_token("code-token");
    assert_eq!(
        authorization_sent(&server, builder).await,
        "SSWS code-token"
    );

    // The home file alone still works.
    let only_home = ConfigSources::empty().home_dir(home.path());
    let client = ClientBuilder::from_sources(&only_home)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(client.org_url().trim_end_matches('/'), server.uri());
}

#[tokio::test]
async fn env_configures_private_key_mode() {
    let sources = ConfigSources::empty()
        .env("OKTA_CLIENT_ORGURL", "https://dev-123.okta.com")
        .env("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey")
        .env("OKTA_CLIENT_CLIENTID", "0oa1")
        .env("OKTA_CLIENT_SCOPES", "okta.users.read,okta.groups.read")
        .env(
            "OKTA_CLIENT_PRIVATEKEY",
            support::key_path("rsa_private.pem").to_str().unwrap(),
        )
        .env("OKTA_CLIENT_KEYID", "kid-1");
    let client = ClientBuilder::from_sources(&sources).build().unwrap();
    assert_eq!(client.org_url(), "https://dev-123.okta.com/");
}

#[test]
fn yaml_private_key_mode_with_list_scopes_and_inline_jwk() {
    let cwd = tempfile::tempdir().unwrap();
    let jwk: serde_json::Value =
        serde_json::from_str(&support::key("ec_private.jwk.json")).unwrap();
    let yaml = format!(
        "okta:\n  client:\n    orgUrl: https://dev-123.okta.com\n    authorizationMode: PrivateKey\n    clientId: 0oa1\n    scopes:\n      - okta.users.read\n    privateKey: {}\n    rateLimit:\n      maxRetries: 4\n    requestTimeout: 30\n",
        serde_json::to_string(&jwk).unwrap()
    );
    write(cwd.path(), "okta.yaml", &yaml);
    let sources = ConfigSources::empty().current_dir(cwd.path());
    ClientBuilder::from_sources(&sources).build().unwrap();
}

fn problems(result: Result<Client, Error>) -> Vec<String> {
    match result {
        Err(Error::Config(config)) => config.problems,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn validation_reports_every_problem_at_once() {
    let sources = ConfigSources::empty()
        .env("OKTA_CLIENT_ORGURL", "http://dev-123-admin.okta.com")
        .env("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey");
    let problems = problems(ClientBuilder::from_sources(&sources).build());
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let all = problems.join("\n");
    for needle in ["https", "-admin", "client id", "scopes", "private key"] {
        assert!(all.contains(needle), "no problem mentions {needle}: {all}");
    }

    let problems = problems_of(Client::builder().org_url("https://{yourOktaDomain}"));
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("{yourOktaDomain}"));
    assert!(problems[1].contains("API token is missing"));

    let problems = problems_of(Client::builder());
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("org URL is missing"));

    let err = Client::builder().build().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid Okta client configuration: org URL is missing"),
        "{err}"
    );
}

fn problems_of(builder: ClientBuilder) -> Vec<String> {
    problems(builder.build())
}

#[test]
fn plain_http_needs_an_explicit_opt_in() {
    let builder = Client::builder()
        .org_url("http://127.0.0.1:8080")
        .api_token("t");
    let problems = problems_of(builder.clone());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("must use https"), "{problems:?}");
    builder.allow_insecure_http(true).build().unwrap();
}

#[test]
fn unreadable_sources_and_bad_keys_are_reported_with_the_rest() {
    let cwd = tempfile::tempdir().unwrap();
    write(cwd.path(), "okta.yaml", "okta: [unclosed\n");
    let sources = ConfigSources::empty()
        .current_dir(cwd.path())
        .env("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "lots")
        .env("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey")
        .env(
            "OKTA_CLIENT_PRIVATEKEY",
            "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----",
        )
        .env("OKTA_CLIENT_CLIENTID", "0oa1")
        .env("OKTA_CLIENT_SCOPES", "okta.users.read")
        .env("OKTA_CLIENT_ORGURL", "https://dev-1.okta.com");
    let problems = problems(ClientBuilder::from_sources(&sources).build());
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("okta.yaml is not valid YAML"));
    assert!(problems[1].contains("maxRetries"));
    assert!(problems[2].contains("private key"));
}

#[test]
fn proxy_setting_is_validated() {
    let problems = problems_of(
        Client::builder()
            .org_url("https://dev-1.okta.com")
            .api_token("t")
            .proxy("http://user:hunter2@[bad"),
    );
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].contains("hunter2"));
    Client::builder()
        .org_url("https://dev-1.okta.com")
        .api_token("t")
        .proxy("http://proxy.internal:3128")
        .build()
        .unwrap();
}

#[tokio::test]
async fn config_proxy_is_used() {
    // The "proxy" is the mock server: requests for the org arrive there in absolute form.
    let proxy = echo_server().await;
    let client = Client::builder()
        .org_url("http://dev-1.okta.invalid")
        .api_token("t")
        .allow_insecure_http(true)
        .proxy(proxy.uri())
        .build()
        .unwrap();
    client
        .request(Method::GET, "/api/v1/org")
        .send()
        .await
        .unwrap();
    let requests = received(&proxy).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        support::header(&requests[0], "host"),
        Some("dev-1.okta.invalid")
    );
}
