//! One HTTP exchange, shared by API calls and the token request: send, bounded by the time
//! left, and read the body with a size limit so that a huge or endless reply cannot exhaust
//! memory.

use std::future::Future;
use std::time::Duration;

use http::header::USER_AGENT;
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::error::MAX_ERROR_BODY_READ;

/// The HTTP client every request goes through: the SDK's own (built from the configuration) or
/// one the application supplied (`ClientBuilder::http_client`).
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    /// Sent with every request, so that a supplied client sends it too.
    user_agent: HeaderValue,
    /// The read timeout enforced here, per read, for a supplied client (the SDK's own client
    /// enforces it itself); `None`: no limit or the SDK's client.
    read_timeout: Option<Duration>,
    /// Whether the application supplied the client.
    pub(crate) supplied: bool,
}

impl Http {
    /// The SDK's own client.
    pub(crate) fn own(client: reqwest::Client, user_agent: HeaderValue) -> Self {
        Http {
            client,
            user_agent,
            read_timeout: None,
            supplied: false,
        }
    }

    /// A client the application supplied; `read_timeout` is enforced by [`exchange`].
    pub(crate) fn supplied(
        client: reqwest::Client,
        user_agent: HeaderValue,
        read_timeout: Option<Duration>,
    ) -> Self {
        Http {
            client,
            user_agent,
            read_timeout,
            supplied: true,
        }
    }

    /// A request of `method` to `url`, with the SDK's `User-Agent`.
    pub(crate) fn request(
        &self,
        method: http::Method,
        url: reqwest::Url,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, url)
            .header(USER_AGENT, self.user_agent.clone())
    }
}

/// A reply, read whole (success bodies up to the size limit, error bodies cut).
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Why an exchange produced no reply.
pub(crate) enum ExchangeError {
    /// The time left ran out before the reply was read.
    TimedOut,
    /// A success reply was larger than the limit (bytes).
    TooLarge { limit: u64 },
    /// The HTTP exchange failed (connect, TLS, broken connection...).
    Http(reqwest::Error),
    /// The HTTP client followed a redirect (only a supplied client can): the reply is not the
    /// requested URL's, and is refused. Holds the origin it came from.
    Redirected(String),
}

/// Sends `request` and reads the reply within `time_left` (`None`: no limit). A success body
/// longer than `max_body` bytes is an error; an error body is cut at [`MAX_ERROR_BODY_READ`]
/// (only its start is shown to users).
///
/// With a supplied client, the read timeout is enforced here (on the wait for the reply and on
/// each read of its body), and a reply that is not from the requested URL (the client followed
/// a redirect) is refused.
pub(crate) async fn exchange(
    http: &Http,
    request: reqwest::RequestBuilder,
    time_left: Option<Duration>,
    max_body: u64,
) -> Result<Reply, ExchangeError> {
    let idle = http.read_timeout;
    let work = async {
        let request = request.build().map_err(ExchangeError::Http)?;
        let url = request.url().clone();
        let mut response = idle_bounded(idle, http.client.execute(request))
            .await?
            .map_err(ExchangeError::Http)?;
        if http.supplied && *response.url() != url {
            return Err(ExchangeError::Redirected(
                response.url().origin().ascii_serialization(),
            ));
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = if status.is_success() {
            read_limited(response, max_body, idle).await?
        } else {
            read_cut(response, MAX_ERROR_BODY_READ, idle).await?
        };
        Ok(Reply {
            status,
            headers,
            body,
        })
    };
    match time_left {
        // `tokio::time::timeout` clamps a far-future deadline itself.
        Some(left) => tokio::time::timeout(left, work)
            .await
            .unwrap_or(Err(ExchangeError::TimedOut)),
        None => work.await,
    }
}

/// Reads the whole body, failing as soon as it passes `limit` bytes.
async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
    idle: Option<Duration>,
) -> Result<Vec<u8>, ExchangeError> {
    let too_large = ExchangeError::TooLarge { limit };
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(too_large);
    }
    // The chunks are kept as they arrive (shared slices of the connection's read buffer, not
    // copies) and joined once, into a buffer of the exact size. Growing one buffer chunk by
    // chunk, as a chunked reply without `Content-Length` requires, copied each page several
    // times and faulted in fresh pages for every larger buffer: a third of the CPU time of a
    // long listing went to the kernel.
    let mut chunks = Vec::new();
    let mut len = 0u64;
    while let Some(chunk) = idle_bounded(idle, response.chunk())
        .await?
        .map_err(ExchangeError::Http)?
    {
        len += chunk.len() as u64;
        if len > limit {
            return Err(too_large);
        }
        chunks.push(chunk);
    }
    // `len <= limit`, and the limit is a size that fits in memory.
    let mut body = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    for chunk in chunks {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `limit` bytes of the body and drops the rest.
async fn read_cut(
    mut response: reqwest::Response,
    limit: usize,
    idle: Option<Duration>,
) -> Result<Vec<u8>, ExchangeError> {
    let mut body = Vec::new();
    while let Some(chunk) = idle_bounded(idle, response.chunk())
        .await?
        .map_err(ExchangeError::Http)?
    {
        let room = limit.saturating_sub(body.len());
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `work`, failed with [`ExchangeError::TimedOut`] when it takes longer than `idle` (`None`: no
/// limit): the read timeout of a supplied client, one wait for the server at a time.
async fn idle_bounded<T>(
    idle: Option<Duration>,
    work: impl Future<Output = T>,
) -> Result<T, ExchangeError> {
    match idle {
        Some(idle) => tokio::time::timeout(idle, work)
            .await
            .map_err(|_| ExchangeError::TimedOut),
        None => Ok(work.await),
    }
}
