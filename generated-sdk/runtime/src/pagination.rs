//! Pagination: [`Page`] (one page of a list with its headers and `next` link) and the lazy item
//! stream that follows `Link: <...>; rel="next"` exactly as Okta gives it, holding one page at
//! a time so memory stays flat.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher as _, RandomState};

use futures_util::{Stream, TryStreamExt as _};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::Transport;
use crate::error::{Error, Result, header_str};
use crate::request::ApiRequest;

/// One page of a list operation.
///
/// ```no_run
/// # async fn demo(client: okta_sdk_runtime::Transport) -> Result<(), okta_sdk_runtime::Error> {
/// let mut page = client
///     .request(okta_sdk_runtime::Method::GET, "/api/v1/groups")
///     .query("limit", 50)
///     .send_page::<serde_json::Value>()
///     .await?;
/// loop {
///     println!("{} groups, {:?} calls left", page.items().len(), page.rate_limit_remaining());
///     match page.next_page().await? {
///         Some(next) => page = next,
///         None => break,
///     }
/// }
/// # Ok(()) }
/// ```
pub struct Page<T> {
    items: Vec<T>,
    next: Option<String>,
    status: StatusCode,
    headers: HeaderMap,
    client: Transport,
    seed: ApiRequest,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("next", &self.next)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish()
    }
}

impl<T> Page<T> {
    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, owned.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The `next` link exactly as the server gave it, if there is a next page.
    pub fn next_link(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// Whether there is a next page.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The HTTP status of the reply.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The reply's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The reply's `X-Okta-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-okta-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// `X-Rate-Limit-Limit`: requests allowed in the current window.
    pub fn rate_limit_limit(&self) -> Option<u64> {
        self.number_header("x-rate-limit-limit")
    }

    /// `X-Rate-Limit-Remaining`: requests left in the current window.
    pub fn rate_limit_remaining(&self) -> Option<u64> {
        self.number_header("x-rate-limit-remaining")
    }

    /// `X-Rate-Limit-Reset`: when the window resets (seconds since the Unix epoch).
    pub fn rate_limit_reset(&self) -> Option<u64> {
        self.number_header("x-rate-limit-reset")
    }

    fn number_header(&self, name: &str) -> Option<u64> {
        header_str(&self.headers, name).and_then(|v| v.trim().parse().ok())
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Fetches the next page, or `Ok(None)` when this is the last one.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn next_page(&self) -> Result<Option<Page<T>>> {
        match &self.next {
            Some(link) => {
                let request = self.seed.follow(link.clone());
                self.client.send_page(request).await.map(Some)
            }
            None => Ok(None),
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Finds the `rel="next"` target among all `Link` headers (several headers, or several
/// comma-separated links in one header). The target is returned exactly as written.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(http::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        let mut rest = value;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('>') else { break };
            let target = &after[..end];
            let params_and_more = &after[end + 1..];
            // Parameters run until the next link (a comma outside quotes) or the end.
            let mut in_quotes = false;
            let mut params_end = params_and_more.len();
            for (i, c) in params_and_more.char_indices() {
                match c {
                    '"' => in_quotes = !in_quotes,
                    ',' if !in_quotes => {
                        params_end = i;
                        break;
                    }
                    _ => {}
                }
            }
            let params = &params_and_more[..params_end];
            let is_next = params.split(';').any(|param| {
                let mut kv = param.splitn(2, '=');
                let key = kv.next().unwrap_or_default().trim();
                let val = kv.next().unwrap_or_default().trim().trim_matches('"');
                key.eq_ignore_ascii_case("rel")
                    && val
                        .split_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next && !target.is_empty() {
                return Some(target.to_owned());
            }
            rest = &params_and_more[params_end..];
        }
    }
    None
}

impl Transport {
    /// Sends a list request and returns its first page.
    pub(crate) async fn send_page<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<Page<T>> {
        let seed = request.follow(String::new());
        let reply = self.execute(request).await?;
        let items: Vec<T> = reply.decode_list(0)?;
        Ok(Page {
            items,
            next: next_link(&reply.headers),
            status: reply.status,
            headers: reply.headers,
            client: self.clone(),
            seed,
        })
    }

    /// A lazy stream of the items of every page, fetched one page at a time as the stream is
    /// polled. The stream ends after the first error. A next link already visited (a cycle of
    /// any length) or a page past the client's `max_pages` is an error, so a misbehaving
    /// server cannot keep the stream going forever.
    ///
    /// Pages are fetched by an `unfold` over pages and their items handed out by `try_flatten`
    /// straight from the decoded `Vec`, so yielding an item costs an iterator step, not a
    /// future per item.
    pub(crate) fn stream_items<T: DeserializeOwned + Send + 'static>(
        &self,
        request: ApiRequest,
    ) -> impl Stream<Item = Result<T>> + Send + 'static + use<T> {
        // What to do next: fetch a page, report why the list stops there (after the items of
        // the page whose link was refused), or nothing once the list is done or failed.
        // Each page is expected to be as long as the one before it (see `decode_json_list`).
        let first: Option<Result<(ApiRequest, Visited, usize)>> =
            Some(Ok((request, Visited::new(self.inner.max_pages), 0)));
        let client = self.clone();
        let pages = futures_util::stream::unfold(first, move |state| {
            let client = client.clone();
            async move {
                let (request, mut visited, expected_len) = match state? {
                    Ok(next) => next,
                    Err(err) => return Some((Err(err), None)),
                };
                let seed = request.follow(String::new());
                let reply = match client.execute(request).await {
                    Ok(reply) => reply,
                    Err(err) => return Some((Err(err), None)),
                };
                let items: Vec<T> = match reply.decode_list(expected_len) {
                    Ok(items) => items,
                    Err(err) => return Some((Err(err), None)),
                };
                // Only the decoded items are kept from here on.
                drop(reply.body);
                let len = items.len();
                let next = next_link(&reply.headers).map(|link| {
                    visited
                        .check(&link)
                        .map(|()| (seed.follow(link), visited, len))
                });
                Some((Ok(items), next))
            }
        });
        pages
            .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// The next links a stream has followed (as hashes, so memory stays small on long lists) and
/// how many pages it may still fetch.
struct Visited {
    hasher: RandomState,
    seen: HashSet<u64>,
    pages_left: u64,
    max_pages: u64,
}

impl Visited {
    fn new(max_pages: u64) -> Self {
        Visited {
            // Random keys: a server cannot craft links that collide.
            hasher: RandomState::new(),
            seen: HashSet::new(),
            // The first page is fetched before any link is checked.
            pages_left: max_pages.saturating_sub(1),
            max_pages,
        }
    }

    /// Records `link` as the next page to fetch, or says why it must not be.
    fn check(&mut self, link: &str) -> Result<()> {
        if self.pages_left == 0 {
            return Err(Error::InvalidRequest(format!(
                "the list has more than {} pages (the client's `max_pages`); stopped",
                self.max_pages
            )));
        }
        if !self.seen.insert(self.hasher.hash_one(link)) {
            return Err(Error::InvalidRequest(
                "the server's next link repeats a page already fetched (a pagination loop); stopped"
                    .into(),
            ));
        }
        self.pages_left -= 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(http::header::LINK, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn finds_next_among_headers_and_lists() {
        let h = links(&[
            r#"<https://x.okta.com/api/v1/users?limit=2>; rel="self""#,
            r#"<https://x.okta.com/api/v1/users?after=a%2Cb&limit=2>; rel="next""#,
        ]);
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://x.okta.com/api/v1/users?after=a%2Cb&limit=2")
        );
        let h =
            links(&[r#"<https://x/a?x=1,2>; rel="self", </b?after=3>; title="a, b"; rel=next"#]);
        assert_eq!(next_link(&h).as_deref(), Some("/b?after=3"));
        assert_eq!(next_link(&links(&[r#"<https://x/a>; rel="self""#])), None);
        assert_eq!(next_link(&links(&["garbage <", "<unterminated"])), None);
    }
}
