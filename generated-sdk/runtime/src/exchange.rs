//! One HTTP exchange, shared by API calls and the token request: send, bounded by the time
//! left, and read the body with a size limit so that a huge or endless reply cannot exhaust
//! memory.

use std::time::Duration;

use http::{HeaderMap, StatusCode};

use crate::error::MAX_ERROR_BODY_READ;

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
}

/// Sends `request` and reads the reply within `time_left` (`None`: no limit). A success body
/// longer than `max_body` bytes is an error; an error body is cut at [`MAX_ERROR_BODY_READ`]
/// (only its start is shown to users).
pub(crate) async fn exchange(
    request: reqwest::RequestBuilder,
    time_left: Option<Duration>,
    max_body: u64,
) -> Result<Reply, ExchangeError> {
    let work = async {
        let mut response = request.send().await.map_err(ExchangeError::Http)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = if status.is_success() {
            read_limited(response, max_body).await?
        } else {
            read_cut(response, MAX_ERROR_BODY_READ).await?
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
) -> Result<Vec<u8>, ExchangeError> {
    let too_large = ExchangeError::TooLarge { limit };
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large);
    }
    // Sized from `Content-Length` (already checked against the limit) so that a page is copied
    // once, not regrown chunk by chunk.
    let capacity = declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ExchangeError::Http)? {
        let new_len = body.len() as u64 + chunk.len() as u64;
        if new_len > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `limit` bytes of the body and drops the rest.
async fn read_cut(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, ExchangeError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ExchangeError::Http)? {
        let room = limit.saturating_sub(body.len());
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
