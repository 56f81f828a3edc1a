//! Compile-time check of the contract generated code relies on: this module is written exactly
//! like a generated `apis/*.rs` file (crate-internal use of the runtime).

use crate::request::{ApiRequest, Method, encode_path_segment};
use crate::{Client, Page, Result};
use futures_util::Stream;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Thing {
    id: String,
}

struct ActivateUserRequest<'a> {
    client: &'a Client,
    path: String,
    send_email: Option<bool>,
}

impl Client {
    fn contract_activate_user(&self, user_id: &str) -> ActivateUserRequest<'_> {
        ActivateUserRequest {
            client: self,
            path: format!(
                "/api/v1/users/{}/lifecycle/activate",
                encode_path_segment(user_id)
            ),
            send_email: None,
        }
    }
}

impl<'a> ActivateUserRequest<'a> {
    fn send_email(mut self, value: bool) -> Self {
        self.send_email = Some(value);
        self
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::new(
            Method::POST,
            "activateUser",
            "/api/v1/users/{userId}/lifecycle/activate",
            self.path.clone(),
        )
        .query("sendEmail", self.send_email)
        .header("X-Forwarded-For", None::<String>)
        .json_body(&Thing { id: "x".into() })
        .raw_body("application/pkix-cert", vec![1, 2, 3], true)
    }

    async fn send(self) -> Result<Thing> {
        let request = self.request();
        self.client.send_json(request).await
    }

    async fn send_nothing(self) -> Result<()> {
        let request = self.request();
        self.client.send_empty(request).await
    }

    async fn page(self) -> Result<Page<Thing>> {
        let request = self.request();
        self.client.send_page::<Thing>(request).await
    }

    fn stream(self) -> impl Stream<Item = Result<Thing>> + Send + 'static {
        let request = self.request();
        self.client.stream_items::<Thing>(request)
    }
}

impl<'a> IntoFuture for ActivateUserRequest<'a> {
    type Output = Result<Thing>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn assert_send_static<T: Send + 'static>(_: T) {}
fn assert_send<T: Send>(_: T) {}

#[test]
fn generated_style_code_compiles_and_is_send() {
    let client = Client::builder()
        .org_url("https://dev-123.okta.com")
        .api_token("t")
        .build()
        .unwrap();
    assert_send_static(client.contract_activate_user("a/b").stream());
    assert_send(client.contract_activate_user("a").send_email(false).send());
    assert_send(client.contract_activate_user("a").send_nothing());
    assert_send(client.contract_activate_user("a").page());
    assert_send(client.contract_activate_user("a").into_future());
    fn sync_send<T: Send + Sync + Clone>() {}
    sync_send::<Client>();
    let request = client.contract_activate_user("a/b c").request();
    assert_eq!(request.path, "/api/v1/users/a%2Fb%20c/lifecycle/activate");
    assert_eq!(request.query_string(), "");
    assert!(request.headers.is_empty());
    assert!(matches!(
        request.body,
        Some(crate::request::Body::Raw { base64: true, .. })
    ));
}

#[test]
fn path_segments_are_encoded_as_one_segment() {
    for (raw, encoded) in [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("#", "%23"),
        ("?", "%3F"),
        ("%", "%25"),
        (" ", "%20"),
        ("é", "%C3%A9"),
        ("00u1-._~", "00u1-._~"),
    ] {
        assert_eq!(encode_path_segment(raw), encoded, "{raw}");
    }
}

#[test]
fn empty_and_dot_path_parameters_are_refused() {
    let check = |id: &str| {
        ApiRequest::new(
            Method::DELETE,
            "deleteUser",
            "/api/v1/users/{userId}",
            format!("/api/v1/users/{}", encode_path_segment(id)),
        )
        .check_path()
    };
    for bad in ["", ".", ".."] {
        let err = check(bad).expect_err(bad);
        assert!(err.to_string().contains("deleteUser"), "{err}");
    }
    // Percent-encoded dots are dot segments to URL parsers too.
    let encoded_dots = ApiRequest::new(
        Method::GET,
        "getUser",
        "/api/v1/users/{userId}",
        "/api/v1/users/%2E%2e".to_owned(),
    );
    assert!(encoded_dots.check_path().is_err());
    for good in ["00u1", "...", ".x", "a/..", "%2e"] {
        check(good).expect(good);
    }
}
