//! The one request builder behind every generated operation: [`RequestBuilder`].
//!
//! Each operation is a marker type (e.g. `apis::user::ActivateUserOperation`) that names what a
//! success reply decodes to, and its builder is `RequestBuilder<'a, ThatMarker>` under the name
//! the documentation uses (`ActivateUserBuilder<'a>`), with the operation's setters. Sending,
//! awaiting and streaming are written once here, generically: the compiled SDK holds no
//! per-operation copy of them, and an application compiles only the operations it calls.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

use crate::request::ApiRequest;
use crate::{Client, Page, Result};

/// An Okta API operation, as a type: generated for every method on [`Client`].
///
/// It only names the kind of reply; the builder does the rest. Sealed: only the SDK defines
/// operations.
pub trait Operation: private::Sealed + 'static {
    /// How a success reply is read: [`JsonReply`], [`PagedReply`] or [`EmptyReply`].
    type Reply: ReplyKind;
}

/// How a success reply of an [`Operation`] is read: [`JsonReply`], [`PagedReply`] or
/// [`EmptyReply`]. Sealed.
pub trait ReplyKind: private::ReadReply + 'static {}

/// What `.send().await` returns (inside `Result`) for the operation `O`.
pub type Output<O> = <<O as Operation>::Reply as private::ReadReply>::Output;

/// A reply holding one JSON value, decoded as `T`.
pub struct JsonReply<T>(PhantomData<fn() -> T>);

/// A reply holding one page of a list of `T`, with the link to the next page.
pub struct PagedReply<T>(PhantomData<fn() -> T>);

/// A reply whose body, if any, is not read.
pub enum EmptyReply {}

impl<T: DeserializeOwned + Send + 'static> ReplyKind for JsonReply<T> {}
impl<T: DeserializeOwned + Send + 'static> ReplyKind for PagedReply<T> {}
impl ReplyKind for EmptyReply {}

/// The parts of the traits above that only the SDK sees.
pub(crate) mod private {
    use super::*;

    /// Keeps [`Operation`](super::Operation) to the SDK's own markers.
    pub trait Sealed {}

    /// Sends a request and reads its reply: the one place each kind of reply is handled.
    pub trait ReadReply {
        /// What the reply decodes to.
        type Output: Send + 'static;

        /// Sends `request` with `client` and reads the reply.
        fn send(
            client: &Client,
            request: ApiRequest,
        ) -> impl Future<Output = Result<Self::Output>> + Send + '_;
    }

    impl<T: DeserializeOwned + Send + 'static> ReadReply for JsonReply<T> {
        type Output = T;

        fn send(
            client: &Client,
            request: ApiRequest,
        ) -> impl Future<Output = Result<T>> + Send + '_ {
            client.send_json(request)
        }
    }

    impl<T: DeserializeOwned + Send + 'static> ReadReply for PagedReply<T> {
        type Output = Page<T>;

        fn send(
            client: &Client,
            request: ApiRequest,
        ) -> impl Future<Output = Result<Page<T>>> + Send + '_ {
            client.send_page(request)
        }
    }

    impl ReadReply for EmptyReply {
        type Output = ();

        fn send(
            client: &Client,
            request: ApiRequest,
        ) -> impl Future<Output = Result<()>> + Send + '_ {
            client.send_empty(request)
        }
    }
}

/// A request to one Okta operation: set optional parameters with its methods, then
/// `.send().await` it or `.await` it directly.
///
/// Every `…Builder` type of [`crate::apis`] is this type for one operation, and
/// [`Client`]'s methods return it.
#[must_use = "a request does nothing until it is sent or awaited"]
pub struct RequestBuilder<'a, O: Operation> {
    client: &'a Client,
    request: ApiRequest,
    operation: PhantomData<fn() -> O>,
}

impl<'a, O: Operation> RequestBuilder<'a, O> {
    /// A builder for `request`, sent with `client` (called by generated `Client` methods).
    #[allow(dead_code)] // Used by generated code, which a feature selection may leave out.
    pub(crate) fn new(client: &'a Client, request: ApiRequest) -> Self {
        RequestBuilder {
            client,
            request,
            operation: PhantomData,
        }
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
        <O::Reply as private::ReadReply>::send(self.client, self.request)
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
        Box::pin(self.client.stream_items(self.request))
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
            .field("operation", &self.request.operation_id)
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .field("query", &self.request.query)
            .finish_non_exhaustive()
    }
}
