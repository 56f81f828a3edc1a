//! [`Client`]: the runtime's [`Transport`] plus one method per API operation (the methods are
//! generated, in [`crate::apis`]).

use std::fmt;
use std::ops::Deref;

use okta_sdk_runtime::Transport;

use crate::Result;

/// Builds a [`Client`]. Start from [`Client::builder`] (code only) or
/// [`ClientBuilder::from_env`] (okta.yaml files and `OKTA_CLIENT_*` variables, then code).
///
/// ```no_run
/// # fn main() -> Result<(), okta_sdk::Error> {
/// use std::time::Duration;
/// let client = okta_sdk::Client::builder()
///     .org_url("https://dev-123456.okta.com")
///     .api_token("00abc...")
///     .max_retries(2)
///     .request_timeout(Duration::from_secs(30))
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
pub type ClientBuilder = okta_sdk_runtime::ClientBuilder<Client>;

/// The Okta management API client. Cheap to clone (an `Arc` inside); share it freely.
///
/// Every API operation is a method on `Client` (generated from the spec). It dereferences to
/// the runtime's [`Transport`], which holds the settings ([`Transport::org_url`],
/// [`Transport::user_agent`]) and [`Transport::request`] for endpoints the SDK does not cover.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
}

impl Client {
    /// A [`ClientBuilder`] with nothing configured.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `~/.okta/okta.yaml`, `./okta.yaml` and the `OKTA_CLIENT_*`
    /// environment variables (each overriding the one before).
    ///
    /// # Errors
    /// [`Error::Config`](crate::Error::Config) listing every problem found.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    /// The runtime's connection to the org that this client sends every call through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}

impl From<Transport> for Client {
    fn from(transport: Transport) -> Self {
        Client { transport }
    }
}

impl Deref for Client {
    type Target = Transport;

    fn deref(&self) -> &Transport {
        &self.transport
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Client").field(&self.transport).finish()
    }
}
