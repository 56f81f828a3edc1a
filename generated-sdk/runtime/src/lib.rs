//! The hand-written runtime of [`okta-sdk`](https://docs.rs/okta-sdk): configuration,
//! authentication, retries, pagination, errors and the one generic request builder that every
//! generated operation uses.
//!
//! Applications depend on `okta-sdk`, which re-exports everything here that they use and adds
//! `okta_sdk::Client` with one method per API operation. This crate is separate so that the
//! runtime compiles once, in parallel with the generated API, and is not rebuilt when the
//! generated code changes. Its versions move in lockstep with `okta-sdk`'s (an exact `=`
//! requirement), so the items public only for generated code ([`request::ApiRequest`],
//! [`model_support`], the hidden parts of [`operation`]) can change with any release.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod auth;
mod client;
mod clock;
pub mod config;
mod dpop;
mod error;
mod exchange;
pub mod hook;
mod jwt;
pub mod model_support;
pub mod operation;
mod pagination;
mod random;
mod raw;
mod redact;
pub mod request;
mod retry;
mod secret;
mod user_agent;

pub use client::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PAGES, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT, DEFAULT_READ_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
    Transport,
};
#[doc(hidden)]
pub use clock::Clock;
pub use config::{AuthorizationMode, ConfigSources};
pub use error::{ApiError, ConfigError, DecodeError, Error, ErrorCause, Result};
pub use hook::Hook;
pub use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
pub use pagination::Page;
pub use raw::{RawRequest, RawResponse};
pub use request::encode_path_segment;
/// The HTTP client crate the SDK uses, for [`ClientBuilder::http_client`].
pub use reqwest;
pub use user_agent::default_user_agent;
