//! Behaviour tests of the okta-sdk runtime against a real HTTP server on loopback (wiremock):
//! what arrives at the server (headers, paths, queries, retry headers, token requests) and what
//! the caller gets back (items, pages, errors, timeouts).

mod auth;
mod certificates;
mod config;
mod dpop;
mod encoding;
mod errors;
mod generated;
mod hooks;
mod hostile;
mod pagination;
mod required;
mod retries;
mod secrets;
mod support;
