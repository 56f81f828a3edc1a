//! Certificate publishing sends the documented body (documented-endpoints.tsv): the `encoding:
//! base64` variants send the base64 text as given with `Content-Transfer-Encoding: base64`; the
//! binary variants send the bytes as given, without that header.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, header, received};

/// Base64 text of a certificate, as a user pastes it (with a line break, which must survive).
const CERT_TEXT: &str = "MIIBszCCAVmgAwIBAgIJAK\nQpTmHV1b2mMAoGCCqGSM49";
/// Binary certificate bytes (not UTF-8).
const CERT_BYTES: &[u8] = &[0x30, 0x82, 0x01, 0xb3, 0xff, 0x00, 0x80];

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"kid": "k1"})))
        .mount(&server)
        .await;
    server
}

/// The body, content type and transfer encoding of the one request `server` received.
async fn sent(server: &MockServer) -> (Vec<u8>, String, Option<String>) {
    let requests = received(server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    (
        request.body.clone(),
        header(request, "content-type")
            .unwrap_or_default()
            .to_owned(),
        header(request, "content-transfer-encoding").map(str::to_owned),
    )
}

#[tokio::test]
async fn base64_variants_send_the_text_as_given() {
    let cases: [(&str, &str); 4] = [
        ("publish_cer_cert", "application/x-x509-ca-cert"),
        ("publish_der_cert", "application/pkix-cert"),
        (
            "publish_cer_cert_for_identity_provider",
            "application/x-x509-ca-cert",
        ),
        (
            "publish_der_cert_for_identity_provider",
            "application/pkix-cert",
        ),
    ];
    for (name, content_type) in cases {
        let server = server().await;
        let client = support::client(&server);
        match name {
            "publish_cer_cert" => client
                .publish_cer_cert("0oa1", "csr1", CERT_TEXT)
                .await
                .map(|_| ()),
            "publish_der_cert" => client
                .publish_der_cert("0oa1", "csr1", CERT_TEXT)
                .await
                .map(|_| ()),
            "publish_cer_cert_for_identity_provider" => client
                .publish_cer_cert_for_identity_provider("0oa1", "csr1", CERT_TEXT)
                .await
                .map(|_| ()),
            _ => client
                .publish_der_cert_for_identity_provider("0oa1", "csr1", CERT_TEXT)
                .await
                .map(|_| ()),
        }
        .map(|_| ())
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        let (body, sent_type, transfer) = sent(&server).await;
        assert_eq!(
            body,
            CERT_TEXT.as_bytes(),
            "{name} must send the text as given"
        );
        assert_eq!(sent_type, content_type, "{name}");
        assert_eq!(transfer.as_deref(), Some("base64"), "{name}");
    }
}

#[tokio::test]
async fn binary_variants_send_the_bytes_as_given() {
    let cases: [(&str, &str); 4] = [
        ("publish_binary_cer_cert", "application/x-x509-ca-cert"),
        ("publish_binary_der_cert", "application/pkix-cert"),
        ("publish_binary_pem_cert", "application/x-pem-file"),
        (
            "publish_binary_der_cert_for_identity_provider",
            "application/pkix-cert",
        ),
    ];
    for (name, content_type) in cases {
        let server = server().await;
        let client = support::client(&server);
        match name {
            "publish_binary_cer_cert" => client
                .publish_binary_cer_cert("0oa1", "csr1", CERT_BYTES)
                .await
                .map(|_| ()),
            "publish_binary_der_cert" => client
                .publish_binary_der_cert("0oa1", "csr1", CERT_BYTES)
                .await
                .map(|_| ()),
            "publish_binary_pem_cert" => client
                .publish_binary_pem_cert("0oa1", "csr1", CERT_BYTES)
                .await
                .map(|_| ()),
            _ => client
                .publish_binary_der_cert_for_identity_provider("0oa1", "csr1", CERT_BYTES)
                .await
                .map(|_| ()),
        }
        .map(|_| ())
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        let (body, sent_type, transfer) = sent(&server).await;
        assert_eq!(body, CERT_BYTES, "{name} must send the bytes as given");
        assert_eq!(sent_type, content_type, "{name}");
        assert_eq!(transfer, None, "{name}");
    }
}
