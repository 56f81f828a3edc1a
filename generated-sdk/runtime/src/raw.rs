//! The escape hatch: [`Transport::request`] sends any request to the org with the client's
//! auth, retries, timeout and error handling, for endpoints the generated API lacks.

use std::borrow::Cow;
use std::fmt::Display;

use futures_util::Stream;
use http::{HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result, decode_json};
use crate::request::{ApiRequest, Body};
use crate::{Page, Transport};

/// A request built by [`Transport::request`].
///
/// ```no_run
/// # async fn demo(client: okta_sdk_runtime::Transport) -> Result<(), okta_sdk_runtime::Error> {
/// use okta_sdk_runtime::{encode_path_segment, Method};
/// let user: serde_json::Value = client
///     .request(Method::POST, format!("/api/v1/users/{}/lifecycle/suspend", encode_path_segment("00u1")))
///     .send_json()
///     .await?;
/// # let _ = user; Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Transport,
    request: ApiRequest,
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .field("query", &self.request.query)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Starts a request to `path` on the org (e.g. `/api/v1/meta/schemas/user/default`).
    ///
    /// `path` must start with `/` and is used as given: encode values you put in it with
    /// [`encode_path_segment`](crate::encode_path_segment). It may carry a query string;
    /// [`RawRequest::query`] appends to it.
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        let mut request = ApiRequest::new(method, "raw", "(raw request)", path.into());
        request.check_segments = false;
        RawRequest {
            client: self.clone(),
            request,
        }
    }
}

impl RawRequest {
    /// Adds a query parameter (encoded when sent).
    pub fn query(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.request
            .query
            .push((Cow::Owned(name.into()), value.to_string()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.request
            .headers
            .push((Cow::Owned(name.into()), value.to_string()));
        self
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request = self.request.json_body(body);
        self
    }

    /// Sets a body of any content type.
    pub fn body(mut self, content_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        self.request.body = Some(Body::Raw {
            content_type: Cow::Owned(content_type.into()),
            bytes,
            base64_text: false,
        });
        self
    }

    /// Sends the request and returns the successful reply.
    ///
    /// # Errors
    /// [`Error::Api`] for a non-2xx reply (after retries), and any other [`Error`].
    pub async fn send(self) -> Result<RawResponse> {
        let reply = self.client.execute(self.request).await?;
        Ok(RawResponse {
            status: reply.status,
            headers: reply.headers,
            body: reply.body,
        })
    }

    /// Sends the request and decodes the JSON reply.
    ///
    /// # Errors
    /// As [`send`](Self::send), plus [`Error::Decode`] with the JSON path of the failure.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.client.send_json(self.request).await
    }

    /// Sends a list request and returns its first [`Page`].
    ///
    /// # Errors
    /// As [`send_json`](Self::send_json).
    pub async fn send_page<T: DeserializeOwned>(self) -> Result<Page<T>> {
        self.client.send_page(self.request).await
    }

    /// A lazy stream of the items of all pages of a list request.
    pub fn stream<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.client.stream_items(self.request)
    }
}

/// A successful reply to a [`RawRequest`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// Decodes the body as JSON.
    ///
    /// # Errors
    /// [`Error::Decode`] with the JSON path of the failure.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.status, &self.headers, &self.body)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}
