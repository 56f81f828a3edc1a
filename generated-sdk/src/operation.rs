//! The one request builder behind every generated operation: [`RequestBuilder`], and the
//! runtime's operation types it is generic over.
//!
//! Each operation is a marker type (e.g. [`apis::user::ActivateUserOperation`](crate::apis))
//! that names what a success reply decodes to, and its builder is `RequestBuilder<'a, ThatMarker>`
//! under the name the documentation uses (`ActivateUserBuilder<'a>`), with the operation's
//! setters. The builder lives here, beside the generated setters (an inherent `impl` must be in
//! the type's crate); sending and streaming are the runtime's, written once, generically.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

pub use okta_sdk_runtime::operation::*;

use crate::Result;
use crate::request::ApiRequest;
use okta_sdk_runtime::Transport;

/// A request to one Okta operation: set optional parameters with its methods, then
/// `.send().await` it or `.await` it directly.
///
/// Every `…Builder` type of [`crate::apis`] is this type for one operation, and
/// [`Client`](crate::Client)'s methods return it.
#[must_use = "a request does nothing until it is sent or awaited"]
pub struct RequestBuilder<'a, O: Operation> {
    client: &'a Transport,
    request: ApiRequest,
    /// Serialized in [`send`](Self::send): only the operations an application sends compile
    /// their body's serialization.
    body: Option<&'a O::Body>,
    operation: PhantomData<fn() -> O>,
}

impl<'a, O: Operation> RequestBuilder<'a, O> {
    /// A builder for `request`, sent with `client` (called by generated `Client` methods).
    #[allow(dead_code)] // Used by generated code, which a feature selection may leave out.
    pub(crate) fn new(client: &'a Transport, request: ApiRequest) -> Self {
        RequestBuilder {
            client,
            request,
            body: None,
            operation: PhantomData,
        }
    }

    /// Sets the body (generated `Client` methods call it): JSON, or a form when the request
    /// says so (`ApiRequest::form_encoded`).
    #[allow(dead_code)] // Used by generated code, which a feature selection may leave out.
    pub(crate) fn json_body(mut self, body: &'a O::Body) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets the query parameter `name` (generated setters call it); a second call replaces it.
    #[allow(dead_code)] // Used by generated code, which a feature selection may leave out.
    pub(crate) fn set_query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.request.set_query(name, value.to_string());
        self
    }

    /// Sets the header `name` (generated setters call it); a second call replaces it.
    #[allow(dead_code)] // Used by generated code, which a feature selection may leave out.
    pub(crate) fn set_header(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.request.set_header(name, value.to_string());
        self
    }

    /// Sends the request. For a list operation, the result is the first page, with its items,
    /// `next` link and headers; [`stream`](Self::stream) walks every page.
    pub fn send(self) -> impl Future<Output = Result<Output<O>>> + Send + 'a {
        let client = self.client;
        <O::Reply as private::ReadReply>::send(client, self.into_request())
    }

    /// The request with its body serialized and its required parameters checked
    /// ([`Operation::REQUIRED`]); either problem is reported when sent, before any request.
    fn into_request(self) -> ApiRequest {
        let mut request = match self.body {
            Some(body) => self.request.json_body(body),
            None => self.request,
        };
        request.check_required(&O::REQUIRED);
        request
    }
}

impl<'a, T, O> RequestBuilder<'a, O>
where
    T: DeserializeOwned + Send + 'static,
    O: Operation<Reply = PagedReply<T>>,
{
    /// Streams every item across all pages, fetching the next page only when needed.
    ///
    /// The stream is boxed, so `TryStreamExt::try_next` works on it without pinning.
    pub fn stream(self) -> BoxStream<'static, Result<T>> {
        let client = self.client;
        private::stream(client, self.into_request())
    }
}

impl<'a, O: Operation> IntoFuture for RequestBuilder<'a, O> {
    type Output = Result<Output<O>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<O: Operation> fmt::Debug for RequestBuilder<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}
