//! Compile-time check of the contract generated code relies on: this module is written exactly
//! like a generated `apis/*.rs` file (crate-internal use of the runtime).

use crate::operation::{EmptyReply, JsonReply, NoBody, Operation, PagedReply, private};
use crate::request::{ApiRequest, Method, encode_path_segment};
use crate::{Client, RequestBuilder};
use std::future::IntoFuture;

#[derive(serde::Serialize, serde::Deserialize, Debug)]
pub struct Thing {
    pub id: String,
}

pub enum ContractOperation {}
impl private::Sealed for ContractOperation {}
impl Operation for ContractOperation {
    type Reply = JsonReply<Thing>;
    type Body = Thing;
}
type ContractBuilder<'a> = RequestBuilder<'a, ContractOperation>;

pub enum ContractListOperation {}
impl private::Sealed for ContractListOperation {}
impl Operation for ContractListOperation {
    type Reply = PagedReply<Thing>;
    type Body = NoBody;
}

pub enum ContractEmptyOperation {}
impl private::Sealed for ContractEmptyOperation {}
impl Operation for ContractEmptyOperation {
    type Reply = EmptyReply;
    type Body = [Thing];
}

impl Client {
    fn contract_request(&self, user_id: &str) -> ApiRequest {
        ApiRequest::new(
            Method::POST,
            "activateUser",
            "/api/v1/users/{userId}/lifecycle/activate",
            format!(
                "/api/v1/users/{}/lifecycle/activate",
                encode_path_segment(user_id)
            ),
        )
        .raw_body("application/pkix-cert", vec![1, 2, 3], true)
    }

    fn contract_activate_user<'a>(&'a self, user_id: &str, body: &'a Thing) -> ContractBuilder<'a> {
        RequestBuilder::new(self, self.contract_request(user_id)).json_body(body)
    }

    fn contract_list(&self) -> RequestBuilder<'_, ContractListOperation> {
        RequestBuilder::new(self, self.contract_request("a"))
    }

    fn contract_empty<'a>(
        &'a self,
        body: &'a [Thing],
    ) -> RequestBuilder<'a, ContractEmptyOperation> {
        RequestBuilder::new(self, self.contract_request("a")).json_body(body)
    }
}

impl ContractBuilder<'_> {
    fn send_email(self, value: bool) -> Self {
        self.set_query("sendEmail", value)
    }

    fn forwarded_for(self, value: impl Into<String>) -> Self {
        self.set_header("X-Forwarded-For", Into::<String>::into(value))
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
    let thing = Thing { id: "x".into() };
    let things = [Thing { id: "y".into() }];
    assert_send_static(client.contract_list().stream());
    assert_send(client.contract_activate_user("a", &thing).send_email(false));
    assert_send(
        client
            .contract_activate_user("a", &thing)
            .send_email(false)
            .send(),
    );
    assert_send(client.contract_empty(&things).send());
    assert_send(client.contract_list().send());
    assert_send(client.contract_activate_user("a", &thing).into_future());
    fn sync_send<T: Send + Sync + Clone>() {}
    sync_send::<Client>();
}

#[test]
fn setters_called_twice_keep_the_last_value_in_place() {
    let client = Client::builder()
        .org_url("https://dev-123.okta.com")
        .api_token("t")
        .build()
        .unwrap();
    let thing = Thing { id: "x".into() };
    let builder = client
        .contract_activate_user("a", &thing)
        .send_email(true)
        .forwarded_for("1.2.3.4")
        .send_email(false)
        .forwarded_for("5.6.7.8");
    let debug = format!("{builder:?}");
    assert!(debug.contains("activateUser"), "{debug}");
    assert!(debug.contains(r#"[("sendEmail", "false")]"#), "{debug}");
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
