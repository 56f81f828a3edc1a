//! The description of one API call ([`ApiRequest`]) that generated code builds and the client
//! sends, and the percent-encoding of path segments and query values.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

pub use http::Method;

use crate::Error;

/// Everything outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` so that it stays exactly one URL path segment.
///
/// Everything outside RFC 3986's unreserved characters is encoded, so `a/b`, `../x`, `#`, `?`,
/// `%`, spaces and non-ASCII text cannot change the URL's structure.
/// (A value of `.`, `..` or the empty string cannot be a segment of its own; the client refuses
/// to send such a request rather than letting the URL collapse.)
///
/// ```
/// assert_eq!(okta_sdk_runtime::encode_path_segment("a/b c#?%"), "a%2Fb%20c%23%3F%25");
/// assert_eq!(okta_sdk_runtime::encode_path_segment("00u1.x~_-"), "00u1.x~_-");
/// ```
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}

/// Percent-encodes a query name or value (spaces as `%20`).
pub(crate) fn encode_query_component(value: &str) -> Cow<'_, str> {
    utf8_percent_encode(value, NOT_UNRESERVED).into()
}

/// Sets `name` in a list of query parameters or headers: in place when it is there already.
fn set_parameter(list: &mut Vec<(Cow<'static, str>, String)>, name: &'static str, value: String) {
    match list.iter_mut().find(|(existing, _)| existing == name) {
        Some((_, old)) => *old = value,
        None => list.push((Cow::Borrowed(name), value)),
    }
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// How [`ApiRequest::json_body`] encodes the value it is given.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BodyEncoding {
    /// JSON, sent as this media type: `application/json`, or a JSON media type an operation
    /// declares instead (`application/merge-patch+json`).
    Json(&'static str),
    /// `application/x-www-form-urlencoded`: the value's top-level fields are the form's fields.
    Form,
}

/// The `application/x-www-form-urlencoded` text of `body`, written as for a JSON request body
/// (read-only fields left out): each top-level field is one `name=value` pair, an array one pair
/// per item (OpenAPI's default for forms, `style: form, explode: true`); `null` fields are left
/// out, strings are sent as they are, numbers and booleans as JSON writes them, and nested
/// objects as JSON text. Names and values are percent-encoded.
fn form_encode<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, String> {
    let bytes = crate::model_support::to_request_json(body).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(fields) = value else {
        return Err(format!("a form needs an object, not `{value}`"));
    };
    fn text(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    let mut out = String::new();
    for (name, value) in &fields {
        let items = match value {
            serde_json::Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        };
        for value in items.into_iter().filter_map(text) {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode_query_component(name));
            out.push('=');
            out.push_str(&encode_query_component(&value));
        }
    }
    Ok(out.into_bytes())
}

/// The media type of an uploaded file, from its extension (Okta's uploads are images).
fn media_type_of(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// A request body.
#[derive(Clone)]
pub(crate) enum Body {
    Json(Vec<u8>),
    Raw {
        content_type: Cow<'static, str>,
        bytes: Vec<u8>,
        /// The bytes are base64 text: sent as given, with `Content-Transfer-Encoding: base64`.
        base64_text: bool,
    },
}

/// One API call, as built by a generated request builder or the raw-request escape hatch.
///
/// Public for the generated crate, which builds one per call; applications use
/// `okta_sdk::Client`'s methods or [`Transport::request`](crate::Transport::request) instead.
pub struct ApiRequest {
    /// HTTP method.
    pub(crate) method: Method,
    /// The spec's operationId (for tracing).
    pub(crate) operation_id: &'static str,
    /// The path with its `{placeholders}` (for tracing and validation).
    pub(crate) path_template: &'static str,
    /// The encoded path, starting with `/`.
    pub(crate) path: String,
    /// Query parameters, in order, not yet encoded.
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Extra headers.
    pub(crate) headers: Vec<(Cow<'static, str>, String)>,
    /// The body, if any.
    pub(crate) body: Option<Body>,
    /// A problem found while building (e.g. body serialization), reported by `send_*`.
    pub(crate) problem: Option<Error>,
    /// An absolute URL (a pagination `next` link) used as given instead of path + query.
    pub(crate) absolute_url: Option<String>,
    /// Whether [`ApiRequest::check_path`] checks the segments (off for raw requests).
    pub(crate) check_segments: bool,
    /// How [`json_body`](Self::json_body) encodes its value: JSON as `application/json` or
    /// another JSON media type, or a form.
    pub(crate) body_encoding: BodyEncoding,
    /// Whether the client's credential goes with the request (see
    /// [`without_credentials`](Self::without_credentials)).
    pub(crate) authenticated: bool,
}

// Headers and body stay out: they may carry what a log should not.
impl std::fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRequest")
            .field("operation", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

impl ApiRequest {
    /// A request for `path` (already encoded, starting with `/`).
    pub fn new(
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        path: String,
    ) -> Self {
        ApiRequest {
            method,
            operation_id,
            path_template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
            absolute_url: None,
            check_segments: true,
            body_encoding: BodyEncoding::Json(JSON),
            authenticated: true,
        }
    }

    /// Sets the query parameter `name`, replacing an earlier value of the same name.
    pub fn set_query(&mut self, name: &'static str, value: String) {
        set_parameter(&mut self.query, name, value);
    }

    /// Sets the header `name`, replacing an earlier value of the same name.
    pub fn set_header(&mut self, name: &'static str, value: String) {
        set_parameter(&mut self.headers, name, value);
    }

    /// Sends a JSON body (set later with [`json_body`](Self::json_body)) as `content_type`, a
    /// JSON media type such as `application/merge-patch+json`.
    pub fn json_content_type(mut self, content_type: &'static str) -> Self {
        self.body_encoding = BodyEncoding::Json(content_type);
        self
    }

    /// Sends the request without the client's credential: no `Authorization` header, no DPoP
    /// proof, and no access token fetched for it. For the operations the spec marks
    /// `security: []`, such as the `/.well-known/` documents, which anyone may read.
    pub fn without_credentials(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Sends the body (set later with [`json_body`](Self::json_body)) as an
    /// `application/x-www-form-urlencoded` form of its top-level fields instead of JSON, as the
    /// OAuth 2.0 endpoints (`/token`, `/revoke`, ...) take it.
    pub fn form_encoded(mut self) -> Self {
        self.body_encoding = BodyEncoding::Form;
        self
    }

    /// Asks for a reply of `media_type` (`Accept`), for operations whose reply is not JSON
    /// (`application/pkcs10`, `text/xml`).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.set_header("Accept", media_type.to_string());
        self
    }

    /// Sets a JSON body, or a form one after [`form_encoded`](Self::form_encoded); a
    /// serialization error is reported when the request is sent.
    pub fn json_body<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        let (encoded, content_type) = match self.body_encoding {
            BodyEncoding::Json(content_type) => (
                crate::model_support::to_request_json(body).map_err(|e| e.to_string()),
                content_type,
            ),
            BodyEncoding::Form => (form_encode(body), FORM),
        };
        match encoded {
            Ok(bytes) if content_type == JSON => self.body = Some(Body::Json(bytes)),
            Ok(bytes) => {
                self.body = Some(Body::Raw {
                    content_type: Cow::Borrowed(content_type),
                    bytes,
                    base64_text: false,
                })
            }
            Err(err) => {
                self.problem.get_or_insert(Error::InvalidRequest(format!(
                    "could not serialize the request body of {}: {err}",
                    self.operation_id
                )));
            }
        }
        self
    }

    /// Sets a raw body, sent exactly as given. `base64_text = true` says the bytes are already
    /// base64 text (e.g. a certificate's `MIIB...`): they are still sent as given, with
    /// `Content-Transfer-Encoding: base64`, as Okta documents for certificate publishing.
    pub fn raw_body(
        mut self,
        content_type: &'static str,
        bytes: Vec<u8>,
        base64_text: bool,
    ) -> Self {
        self.body = Some(Body::Raw {
            content_type: Cow::Borrowed(content_type),
            bytes,
            base64_text,
        });
        self
    }

    /// Sets a `multipart/form-data` body of one file part named `field` (an upload such as a logo),
    /// with the file's name; its media type is guessed from the name's extension.
    pub fn multipart_file(mut self, field: &'static str, file_name: &str, bytes: &[u8]) -> Self {
        let media_type = media_type_of(file_name);
        // The boundary must not occur in the file: a random one, checked.
        let mut boundary = format!("okta-sdk-{}", crate::random::random_hex(16));
        while bytes
            .windows(boundary.len())
            .any(|w| w == boundary.as_bytes())
        {
            boundary = format!("okta-sdk-{}", crate::random::random_hex(16));
        }
        // Quotes and line breaks would end the header value early: replaced, as browsers do.
        let file_name: String = file_name
            .chars()
            .map(|c| {
                if matches!(c, '"' | '\r' | '\n') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut body = Vec::with_capacity(bytes.len() + 256);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.body = Some(Body::Raw {
            content_type: Cow::Owned(format!("multipart/form-data; boundary={boundary}")),
            bytes: body,
            base64_text: false,
        });
        self
    }

    /// Checks that every parameter in `required` is set (a query parameter the method fixes, such
    /// as a documented variant's `tempPassword`, counts); if not, the request fails when sent
    /// with [`Error::InvalidRequest`] naming each missing setter, before anything reaches the
    /// network. Allocates nothing when all are set. Called by okta-sdk's request builder.
    #[doc(hidden)]
    pub fn check_required(&mut self, required: &crate::operation::Required) {
        let has_query = |name: &str| self.query.iter().any(|(n, _)| n == name);
        let has_header = |name: &str| {
            self.headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let missing_query = required.query.iter().filter(|(wire, _)| !has_query(wire));
        let missing_headers = required
            .headers
            .iter()
            .filter(|(wire, _)| !has_header(wire));
        let missing: Vec<String> = missing_query
            .map(|(wire, setter)| format!("`.{setter}(..)` (query parameter `{wire}`)"))
            .chain(
                missing_headers.map(|(wire, setter)| format!("`.{setter}(..)` (header `{wire}`)")),
            )
            .collect();
        if missing.is_empty() || self.problem.is_some() {
            return;
        }
        let list = match missing.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        self.problem = Some(Error::InvalidRequest(format!(
            "`{}` needs {list} before it is sent: the API requires {}",
            required.method,
            if missing.len() == 1 { "it" } else { "them" }
        )));
    }

    /// A GET of a pagination link, for the same operation.
    pub(crate) fn follow(&self, url: String) -> Self {
        ApiRequest {
            method: Method::GET,
            operation_id: self.operation_id,
            path_template: self.path_template,
            path: String::new(),
            query: Vec::new(),
            headers: self.headers.clone(),
            body: None,
            problem: None,
            absolute_url: Some(url),
            check_segments: false,
            body_encoding: BodyEncoding::Json(JSON),
            authenticated: self.authenticated,
        }
    }

    /// The encoded query string (without `?`), empty when there are no parameters.
    pub(crate) fn query_string(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.query {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode_query_component(name));
            out.push('=');
            out.push_str(&encode_query_component(value));
        }
        out
    }

    /// Checks that the encoded path cannot be reinterpreted: it starts with `/`, and no segment
    /// is empty, `.` or `..` (in any percent-encoded spelling) unless the template has it too.
    pub(crate) fn check_path(&self) -> Result<(), Error> {
        if self.absolute_url.is_some() {
            return Ok(());
        }
        if !self.path.starts_with('/') {
            return Err(Error::InvalidRequest(format!(
                "path `{}` must start with `/`",
                self.path
            )));
        }
        if !self.check_segments {
            return Ok(());
        }
        let template: Vec<&str> = self.path_template.split('/').collect();
        for (index, segment) in self.path.split('/').enumerate().skip(1) {
            let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
            let bad = segment.is_empty() || decoded == "." || decoded == "..";
            let in_template = template.get(index).is_some_and(|t| *t == segment);
            if bad && !in_template {
                return Err(Error::InvalidRequest(format!(
                    "{}: a path parameter is empty, `.` or `..`, which would change the request's target (path `{}`)",
                    self.operation_id, self.path_template
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Thing {
        id: String,
    }

    const REQUIRED: crate::operation::Required = crate::operation::Required {
        method: "list_things",
        query: &[("type", "type_"), ("since", "since")],
        headers: &[("X-Tenant", "x_tenant")],
    };

    fn missing(request: &mut ApiRequest) -> Option<String> {
        request.check_required(&REQUIRED);
        request.problem.take().map(|e| e.to_string())
    }

    #[test]
    fn required_parameters_are_named_by_setter_and_wire_name_until_all_are_set() {
        let mut request = ApiRequest::new(Method::GET, "listThings", "/x", "/x".to_string());
        assert_eq!(
            missing(&mut request).as_deref(),
            Some(
                "invalid request: `list_things` needs `.type_(..)` (query parameter `type`), \
                 `.since(..)` (query parameter `since`) and `.x_tenant(..)` (header `X-Tenant`) \
                 before it is sent: the API requires them"
            )
        );
        // A fixed query parameter (a documented variant's) counts as set, and header names
        // match whatever their case.
        request.set_query("type", "A".into());
        request.set_header("x-tenant", "t".into());
        assert_eq!(
            missing(&mut request).as_deref(),
            Some(
                "invalid request: `list_things` needs `.since(..)` (query parameter `since`) \
                 before it is sent: the API requires it"
            )
        );
        request.set_query("since", "2024".into());
        assert_eq!(missing(&mut request), None);
    }

    #[test]
    fn a_multipart_file_is_one_part_with_its_name_and_type() {
        let request = ApiRequest::new(Method::POST, "upload", "/x", "/x".to_string())
            .multipart_file("file", "logo\".PNG", b"\x89PNG");
        let Some(Body::Raw {
            content_type,
            bytes,
            ..
        }) = request.body
        else {
            panic!("a raw body");
        };
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a boundary");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
        assert!(
            text.contains("Content-Disposition: form-data; name=\"file\"; filename=\"logo_.PNG\"\r\nContent-Type: image/png\r\n\r\n"),
            "{text}"
        );
        assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")), "{text}");
    }

    #[test]
    fn a_form_body_is_its_top_level_fields_percent_encoded() {
        let request = ApiRequest::new(Method::POST, "token", "/t", "/t".to_string())
            .form_encoded()
            .json_body(&serde_json::json!({
                "a_list": ["x y", "z&="],
                "flag": true,
                "grant_type": "client_credentials",
                "nested": {"k": 1},
                "number": 5,
                "skipped": null,
            }));
        let Some(Body::Raw {
            content_type,
            bytes,
            base64_text: false,
        }) = request.body
        else {
            panic!("a raw body");
        };
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "a_list=x%20y&a_list=z%26%3D&flag=true&grant_type=client_credentials\
             &nested=%7B%22k%22%3A1%7D&number=5"
        );
        let not_an_object = ApiRequest::new(Method::POST, "token", "/t", "/t".to_string())
            .form_encoded()
            .json_body(&serde_json::json!(["x"]));
        assert!(not_an_object.body.is_none());
        let problem = not_an_object.problem.expect("a problem").to_string();
        assert!(
            problem.contains("token") && problem.contains("object"),
            "{problem}"
        );
    }

    #[test]
    fn a_json_body_can_be_sent_as_another_json_media_type() {
        let request = ApiRequest::new(Method::PATCH, "patch", "/x", "/x".to_string())
            .json_content_type("application/merge-patch+json")
            .json_body(&serde_json::json!({"a": null}));
        assert!(matches!(
            request.body,
            Some(Body::Raw { ref content_type, ref bytes, .. })
                if content_type == "application/merge-patch+json" && bytes == br#"{"a":null}"#
        ));
    }

    #[test]
    fn a_request_keeps_its_encoded_path_and_last_body() {
        let request = ApiRequest::new(
            Method::POST,
            "activateUser",
            "/api/v1/users/{userId}/lifecycle/activate",
            format!(
                "/api/v1/users/{}/lifecycle/activate",
                encode_path_segment("a/b c")
            ),
        )
        .json_body(&Thing { id: "x".into() })
        .raw_body("application/pkix-cert", vec![1, 2, 3], true);
        assert_eq!(request.path, "/api/v1/users/a%2Fb%20c/lifecycle/activate");
        assert_eq!(request.query_string(), "");
        assert!(request.headers.is_empty());
        assert!(matches!(
            request.body,
            Some(Body::Raw {
                base64_text: true,
                ..
            })
        ));
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
}
