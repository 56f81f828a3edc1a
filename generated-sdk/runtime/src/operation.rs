//! Operations as types: [`Operation`] names how a reply is read, and the hidden `private` module
//! holds the one generic implementation of each way of reading one.
//!
//! Each operation is a marker type (e.g. `okta_sdk::apis::user::ActivateUserOperation`) that
//! names what a success reply decodes to; `okta_sdk::RequestBuilder<'a, ThatMarker>` is its
//! builder. Sending, awaiting and streaming are written once, generically: the compiled SDK holds
//! no per-operation copy of them, and an application compiles only the operations it calls.

use std::future::Future;
use std::marker::PhantomData;

use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

use crate::request::ApiRequest;
use crate::{Page, Result, Transport};

/// An Okta API operation, as a type: generated for every method of `okta_sdk::Client`.
///
/// It only names the kind of reply; the builder does the rest. Only generated code implements
/// it (through the hidden `private::Sealed`).
pub trait Operation: private::Sealed + 'static {
    /// How a success reply is read: [`JsonReply`], [`PagedReply`], [`EmptyReply`], [`TextReply`]
    /// or [`BytesReply`].
    type Reply: ReplyKind;

    /// The JSON request body, or [`NoBody`]. The builder borrows it and serializes it when the
    /// request is sent, so that serialization code is compiled only for the operations an
    /// application sends.
    type Body: ?Sized + serde::Serialize + Sync + 'static;

    /// The parameters the API requires that are set with the builder's setters rather than
    /// passed to the `Client` method (Okta's SDKs keep them as options too, e.g.
    /// `list_policies().type_(..)`). Sending, awaiting or streaming a builder without one of them
    /// fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming each missing
    /// setter, and no request is made. Empty for most operations.
    const REQUIRED: Required = Required::NONE;
}

/// The setter-set parameters an [`Operation`] cannot be sent without: see
/// [`Operation::REQUIRED`].
#[derive(Debug, Clone, Copy)]
pub struct Required {
    /// The `Client` method, e.g. `list_policies`.
    pub method: &'static str,
    /// Required query parameters: (name on the wire, setter), e.g. `("type", "type_")`.
    pub query: &'static [(&'static str, &'static str)],
    /// Required headers: (name on the wire, setter).
    pub headers: &'static [(&'static str, &'static str)],
}

impl Required {
    /// Nothing required.
    pub const NONE: Required = Required {
        method: "",
        query: &[],
        headers: &[],
    };
}

/// The [`Operation::Body`] of an operation without a JSON body: it has no values.
#[derive(Debug)]
pub enum NoBody {}

impl serde::Serialize for NoBody {
    fn serialize<S: serde::Serializer>(&self, _: S) -> std::result::Result<S::Ok, S::Error> {
        match *self {}
    }
}

/// How a success reply of an [`Operation`] is read: [`JsonReply`], [`PagedReply`] or
/// [`EmptyReply`]; no other type can implement it (its supertrait is hidden).
pub trait ReplyKind: private::ReadReply + 'static {}

/// What `.send().await` returns (inside `Result`) for the operation `O`.
pub type Output<O> = <<O as Operation>::Reply as private::ReadReply>::Output;

/// A reply holding one JSON value, decoded as `T`.
pub struct JsonReply<T>(PhantomData<fn() -> T>);

/// A reply holding one page of a list of `T`, with the link to the next page.
pub struct PagedReply<T>(PhantomData<fn() -> T>);

/// A reply whose body, if any, is not read.
pub enum EmptyReply {}

/// A reply that is not JSON, read as text (`text/xml` SAML metadata); invalid UTF-8 is replaced.
pub enum TextReply {}

/// A reply that is not JSON, read as bytes (`application/pkcs10` certificate requests).
pub enum BytesReply {}

impl<T: DeserializeOwned + Send + 'static> ReplyKind for JsonReply<T> {}
impl<T: DeserializeOwned + Send + 'static> ReplyKind for PagedReply<T> {}
impl ReplyKind for EmptyReply {}
impl ReplyKind for TextReply {}
impl ReplyKind for BytesReply {}

/// The parts of the traits above that only the SDK sees: public so that the generated crate can
/// name them, hidden because applications have no use for them.
#[doc(hidden)]
pub mod private {
    use super::*;

    /// Marks the generated crate's operation markers; hidden, so applications do not implement
    /// [`Operation`](super::Operation).
    pub trait Sealed {}

    /// Sends a request and reads its reply: the one place each kind of reply is handled.
    pub trait ReadReply {
        /// What the reply decodes to.
        type Output: Send + 'static;

        /// Sends `request` with `client` and reads the reply.
        fn send(
            client: &Transport,
            request: ApiRequest,
        ) -> impl Future<Output = Result<Self::Output>> + Send + '_;
    }

    impl<T: DeserializeOwned + Send + 'static> ReadReply for JsonReply<T> {
        type Output = T;

        fn send(
            client: &Transport,
            request: ApiRequest,
        ) -> impl Future<Output = Result<T>> + Send + '_ {
            client.send_json(request)
        }
    }

    impl<T: DeserializeOwned + Send + 'static> ReadReply for PagedReply<T> {
        type Output = Page<T>;

        fn send(
            client: &Transport,
            request: ApiRequest,
        ) -> impl Future<Output = Result<Page<T>>> + Send + '_ {
            client.send_page(request)
        }
    }

    impl ReadReply for EmptyReply {
        type Output = ();

        fn send(
            client: &Transport,
            request: ApiRequest,
        ) -> impl Future<Output = Result<()>> + Send + '_ {
            client.send_empty(request)
        }
    }

    impl ReadReply for TextReply {
        type Output = String;

        async fn send(client: &Transport, request: ApiRequest) -> Result<String> {
            let bytes = client.send_bytes(request).await?;
            Ok(match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            })
        }
    }

    impl ReadReply for BytesReply {
        type Output = Vec<u8>;

        fn send(
            client: &Transport,
            request: ApiRequest,
        ) -> impl Future<Output = Result<Vec<u8>>> + Send + '_ {
            client.send_bytes(request)
        }
    }

    /// Streams every item of a list across all its pages, fetching the next page only when
    /// needed. Boxed, so that `TryStreamExt::try_next` works on it without pinning.
    pub fn stream<T: DeserializeOwned + Send + 'static>(
        client: &Transport,
        request: ApiRequest,
    ) -> BoxStream<'static, Result<T>> {
        Box::pin(client.stream_items(request))
    }
}
