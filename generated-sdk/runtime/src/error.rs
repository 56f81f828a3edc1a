//! The one error type of the SDK, [`Error`], and the details it carries.
//!
//! Every failure a call can meet ends up here: a bad configuration (all problems listed at
//! once), an error reply from Okta ([`ApiError`], with Okta's `errorCode`, `errorSummary`,
//! `errorCauses`... and the `X-Okta-Request-Id`), a reply that does not decode ([`DecodeError`],
//! with the JSON path), a transport failure, or the overall request timeout. Building an error
//! from a server reply never panics, whatever the server sent.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::Deserialize;

/// `Result` with the SDK's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Most bytes of an error reply the SDK reads (the rest is dropped).
pub(crate) const MAX_ERROR_BODY_READ: usize = 64 * 1024;
/// Most bytes of a reply body kept inside an error (for Display and inspection).
pub(crate) const MAX_BODY_SNIPPET: usize = 2 * 1024;

/// Everything that can go wrong when configuring the client or calling Okta.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is invalid; every problem found is listed.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Okta (or a server in between) answered with a non-success HTTP status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A success reply whose body could not be decoded into the expected type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// Getting an OAuth 2.0 access token failed before any HTTP exchange (bad key, signing).
    #[error("Okta authentication failed: {0}")]
    Auth(String),
    /// The request could not be built or followed (e.g. a parameter the API requires was not
    /// set, a request body failed to serialize, a path parameter would change the URL's
    /// structure, a next link points to another origin, was already visited, or the list has
    /// more pages than `max_pages`, or a supplied HTTP client followed a redirect). Nothing was
    /// sent, except in the last case.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The overall `request_timeout` elapsed (including retries and their waits), or, with an
    /// HTTP client supplied through `ClientBuilder::http_client`, the `read_timeout`.
    #[error("Okta request timed out after {elapsed:?} ({attempts} attempt(s))")]
    Timeout {
        /// Time spent on the request, all attempts included.
        elapsed: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// A success reply was larger than the client's `max_response_size`; reading stopped
    /// there.
    #[error("Okta reply is larger than the limit of {limit} bytes (see `max_response_size`)")]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The HTTP exchange failed (connection refused, TLS, broken connection...).
    #[error("HTTP transport error: {message}")]
    Transport {
        /// What went wrong.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The API error, when Okta answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status of the reply, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            _ => None,
        }
    }

    /// Okta's `errorCode` (e.g. `E0000007`), for API errors that carry one.
    pub fn error_code(&self) -> Option<&str> {
        self.as_api().and_then(|api| api.error_code.as_deref())
    }

    /// The `X-Okta-Request-Id` of the failing reply, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            Error::Decode(decode) => decode.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether this is Okta's rate limit (HTTP 429) left after the retries allowed.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// A supplied HTTP client followed a redirect to `origin`: the reply is refused.
    pub(crate) fn redirected(origin: &str) -> Self {
        Error::InvalidRequest(format!(
            "the HTTP client followed a redirect (to {origin}); Okta's API does not redirect and the SDK refuses the reply: build the client with `.redirect(reqwest::redirect::Policy::none())`"
        ))
    }

    pub(crate) fn transport(source: reqwest::Error) -> Self {
        let message = describe_reqwest_error(&source);
        Error::Transport {
            message,
            source: Box::new(source),
        }
    }
}

pub(crate) fn describe_reqwest_error(err: &reqwest::Error) -> String {
    use std::error::Error as _;
    // reqwest's Display includes the URL, which may carry query values; keep the kind and the
    // root cause only.
    let kind = if err.is_connect() {
        "connection failed"
    } else if err.is_timeout() {
        "timed out"
    } else if err.is_body() || err.is_decode() {
        "reading the body failed"
    } else if err.is_request() {
        "sending the request failed"
    } else {
        "request failed"
    };
    let mut root = err.source();
    let mut last = None;
    while let Some(cause) = root {
        last = Some(cause.to_string());
        root = cause.source();
    }
    match last {
        Some(cause) => format!("{kind}: {cause}"),
        None => kind.to_owned(),
    }
}

/// One problem found while validating the configuration.
pub type ConfigProblem = String;

/// An invalid configuration: every problem found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Okta client configuration: {}", .problems.join("; "))]
pub struct ConfigError {
    /// The problems, one sentence each.
    pub problems: Vec<ConfigProblem>,
}

/// One entry of Okta's `errorCauses`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorCause {
    /// The cause's `errorSummary`.
    #[serde(rename = "errorSummary", default)]
    pub error_summary: String,
}

/// An error reply from Okta: the HTTP status plus Okta's error object, when the body had one.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Okta's `errorCode` (e.g. `E0000007`), or OAuth's `error` for token endpoint failures.
    pub error_code: Option<String>,
    /// Okta's `errorSummary`, or OAuth's `error_description`.
    pub error_summary: Option<String>,
    /// Okta's `errorLink`.
    pub error_link: Option<String>,
    /// Okta's `errorId`.
    pub error_id: Option<String>,
    /// Okta's `errorCauses`.
    pub error_causes: Vec<ErrorCause>,
    /// The reply's `X-Okta-Request-Id`.
    pub request_id: Option<String>,
    /// The reply's headers.
    pub headers: HeaderMap,
    /// The start of the body (at most a few KiB, cut on a character boundary), kept mainly
    /// for bodies that are not Okta's JSON error object (HTML from a proxy, plain text...).
    pub body: String,
    /// Whether [`ApiError::body`] was cut.
    pub body_truncated: bool,
    /// What the SDK knows about the cause and its fix, when it knows more than Okta's message
    /// (e.g. an app that requires DPoP); shown at the end of the message.
    pub hint: Option<String>,
}

#[derive(Deserialize, Default)]
struct OktaErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    #[serde(rename = "errorSummary")]
    error_summary: Option<String>,
    #[serde(rename = "errorLink")]
    error_link: Option<String>,
    #[serde(rename = "errorId")]
    error_id: Option<String>,
    #[serde(rename = "errorCauses", default)]
    error_causes: Option<Vec<ErrorCause>>,
    // OAuth 2.0 token endpoint errors.
    error: Option<String>,
    error_description: Option<String>,
}

impl ApiError {
    /// Builds the error from a reply; never panics, whatever the body holds.
    pub(crate) fn from_reply(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        // Fields of the wrong JSON type are dropped rather than failing the whole object.
        let parsed: OktaErrorBody = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .map(|value| OktaErrorBody {
                error_code: string_field(&value, "errorCode"),
                error_summary: string_field(&value, "errorSummary"),
                error_link: string_field(&value, "errorLink"),
                error_id: string_field(&value, "errorId"),
                error_causes: value.get("errorCauses").and_then(|c| {
                    c.as_array().map(|items| {
                        items
                            .iter()
                            .filter_map(|item| string_field(item, "errorSummary"))
                            .map(|error_summary| ErrorCause { error_summary })
                            .collect()
                    })
                }),
                error: string_field(&value, "error"),
                error_description: string_field(&value, "error_description"),
            })
            .unwrap_or_default();
        let request_id = header_str(&headers, "x-okta-request-id");
        let (snippet, truncated) = snippet(body);
        ApiError {
            status,
            error_code: parsed.error_code.or(parsed.error),
            error_summary: parsed.error_summary.or(parsed.error_description),
            error_link: parsed.error_link,
            error_id: parsed.error_id,
            error_causes: parsed.error_causes.unwrap_or_default(),
            request_id,
            headers,
            body: snippet,
            body_truncated: truncated,
            hint: None,
        }
    }
}

fn string_field(value: &serde_json::Value, key: &str) -> Option<String> {
    value.get(key).and_then(|v| v.as_str()).map(str::to_owned)
}

pub(crate) fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The start of `body` as text, at most [`MAX_BODY_SNIPPET`] bytes, and whether it was cut.
pub(crate) fn snippet(body: &[u8]) -> (String, bool) {
    let text = String::from_utf8_lossy(body);
    if text.len() <= MAX_BODY_SNIPPET {
        return (text.into_owned(), false);
    }
    let mut end = MAX_BODY_SNIPPET;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (text[..end].to_owned(), true)
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Okta HTTP {}", self.status.as_u16())?;
        if let Some(code) = &self.error_code {
            write!(f, " {code}")?;
        }
        match &self.error_summary {
            Some(summary) => write!(f, " {summary}")?,
            None => {
                if let Some(reason) = self.status.canonical_reason() {
                    write!(f, " {reason}")?;
                }
                let body = self.body.trim();
                if !body.is_empty() {
                    let short: String = body.chars().take(200).collect();
                    let ellipsis = if short.len() < body.len() { "..." } else { "" };
                    write!(f, ": {}{ellipsis}", short.replace(['\r', '\n'], " "))?;
                }
            }
        }
        for cause in &self.error_causes {
            write!(f, ". {}", cause.error_summary)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (Request ID {id})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, ". {hint}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers of a reply never carry our credentials, but keep Debug compact anyway.
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("error_code", &self.error_code)
            .field("error_summary", &self.error_summary)
            .field("error_link", &self.error_link)
            .field("error_id", &self.error_id)
            .field("error_causes", &self.error_causes)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("body_truncated", &self.body_truncated)
            .field("hint", &self.hint)
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// A success reply whose body did not decode into the expected type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status of the reply.
    pub status: StatusCode,
    /// Where in the JSON document decoding failed (e.g. `[3].profile.login`), `.` for the root.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The reply's `X-Okta-Request-Id`.
    pub request_id: Option<String>,
    /// The start of the body (bounded).
    pub body: String,
    /// Whether [`DecodeError::body`] was cut.
    pub body_truncated: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode Okta reply (HTTP {}) at `{}`: {}",
            self.status.as_u16(),
            self.path,
            self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (Request ID {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a JSON body, reporting the path of the first failure.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T> {
    decode_with(status, headers, body, |body| {
        serde_json::from_slice::<T>(body)
    })
}

/// Decodes a JSON array body (a page of a list), reporting the path of the first failure: for
/// an item decoded from a buffered value (a polymorphic model), its index too, which serde_json
/// cannot know.
///
/// `expected_len` sizes the list up front (the previous page's length, when streaming): JSON
/// does not say how long an array is, and a list grown item by item moves every model several
/// times and faults in fresh memory for each larger buffer.
pub(crate) fn decode_json_list<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    expected_len: usize,
) -> Result<Vec<T>> {
    decode_with(status, headers, body, |body| {
        use serde::Deserializer as _;
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let visitor = ListVisitor {
            expected_len,
            item: std::marker::PhantomData,
        };
        let items = (&mut deserializer).deserialize_seq(visitor)?;
        deserializer.end()?;
        Ok(items)
    })
}

struct ListVisitor<T> {
    expected_len: usize,
    item: std::marker::PhantomData<T>,
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Vec<T>, A::Error> {
        // Capped: the expected length comes from an earlier reply of the server.
        let capacity = seq.size_hint().unwrap_or(self.expected_len).min(1024);
        let mut items = Vec::with_capacity(capacity);
        loop {
            match seq.next_element::<T>() {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(err) => {
                    let message = err.to_string();
                    if !message.starts_with(crate::model_support::INNER_PATH_START) {
                        return Err(err);
                    }
                    return Err(serde::de::Error::custom(format_args!(
                        "{}[{}]{}{message}",
                        crate::model_support::INNER_PATH_START,
                        items.len(),
                        crate::model_support::INNER_PATH_END,
                    )));
                }
            }
        }
    }
}

/// Runs `decode` on `body`; a failure becomes a [`DecodeError`] with the JSON path.
fn decode_with<T>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    decode: impl FnOnce(&[u8]) -> serde_json::Result<T>,
) -> Result<T> {
    let fail = |path: String, message: String| {
        let (snippet, body_truncated) = snippet(body);
        Error::Decode(Box::new(DecodeError {
            status,
            path,
            message,
            request_id: header_str(headers, "x-okta-request-id"),
            body: snippet,
            body_truncated,
        }))
    };
    // The path comes from where serde_json stopped (its line and column) rather than from a
    // second, path-tracking decode: that wrapper would be one more copy of every model's
    // deserializer in the compiled crate, and decoding is deterministic, so the position is exact.
    match decode(body) {
        Ok(value) => Ok(value),
        Err(err) => {
            let mut path = match (err.line(), err.column()) {
                (0, _) => ".".to_owned(),
                (line, column) => json_path_at(body, line, column),
            };
            let mut message = err.to_string();
            // A failure inside a buffered subtype (polymorphic models) says where inside it.
            while let Some(rest) = message.strip_prefix(crate::model_support::INNER_PATH_START) {
                let Some((inner, rest)) = rest.split_once(crate::model_support::INNER_PATH_END)
                else {
                    break;
                };
                path = join_paths(&path, inner);
                message = rest.to_owned();
            }
            Err(fail(path, message))
        }
    }
}

/// `outer` then `inner` (paths as written here and by serde_path_to_error, `.` for the root).
fn join_paths(outer: &str, inner: &str) -> String {
    match (outer, inner) {
        (_, ".") => outer.to_owned(),
        (".", _) => inner.to_owned(),
        (_, inner) if inner.starts_with('[') => format!("{outer}{inner}"),
        _ => format!("{outer}.{inner}"),
    }
}

/// The JSON path (`[3].profile.login`, `.` for the root) of the value being read at `line` and
/// `column` (1-based line, byte column, as serde_json reports them) of `body`.
fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    /// One open container on the way from the root.
    enum Open {
        Array { index: usize },
        Object { key: Option<String>, in_key: bool },
    }
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    let end = (line_start + column).min(body.len());
    let mut open: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => open.push(Open::Object {
                key: None,
                in_key: true,
            }),
            b'[' => open.push(Open::Array { index: 0 }),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Array { index }) => *index += 1,
                Some(Open::Object { in_key, .. }) => *in_key = true,
                None => {}
            },
            b':' => {
                if let Some(Open::Object { in_key, .. }) = open.last_mut() {
                    *in_key = false;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Open::Object { key, in_key: true }) = open.last_mut() {
                    let raw = &body[start..(i + 1).min(body.len())];
                    *key = Some(
                        serde_json::from_slice::<String>(raw)
                            .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned()),
                    );
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for container in &open {
        match container {
            Open::Array { index } => path.push_str(&format!("[{index}]")),
            Open::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object { key: None, .. } => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of<T: serde::de::DeserializeOwned + fmt::Debug>(body: &str) -> String {
        match decode_json::<T>(StatusCode::OK, &HeaderMap::new(), body.as_bytes()) {
            Err(Error::Decode(decode)) => decode.path,
            other => panic!("{other:?}"),
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        tags: Option<Vec<u32>>,
    }

    #[test]
    fn decode_errors_name_the_path_where_decoding_stopped() {
        assert_eq!(path_of::<Vec<Item>>(r#"[{"id":"a"},{"id":5}]"#), "[1].id");
        assert_eq!(
            path_of::<Vec<Item>>("[\n {\"id\": \"a\"},\n {\"id\": \"b\", \"tags\": [1, \"x\"]}\n]"),
            "[1].tags[1]"
        );
        // A missing field is reported at its object.
        assert_eq!(path_of::<Vec<Item>>(r#"[{"id":"a"},{"tags":[]}]"#), "[1]");
        // Brackets, commas and escaped quotes inside strings are not structure.
        assert_eq!(
            path_of::<Vec<Item>>(r#"[{"id":"a,]}\"[{"},{"id":"b","tags":{}}]"#),
            "[1].tags"
        );
        // Escaped keys are named unescaped.
        assert_eq!(
            path_of::<std::collections::BTreeMap<String, Item>>(r#"{"a\"b":{"id":1}}"#),
            "a\"b.id"
        );
        assert_eq!(path_of::<Item>("5"), ".");
        assert_eq!(path_of::<Item>(r#"{"id":"a"} trailing"#), ".");
    }
}
