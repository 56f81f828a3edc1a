//! Redaction: the credentials a request carried (API token, access token, client assertion)
//! are scrubbed from everything a reply can put in an error, a header map or a log line, so
//! that a server or proxy echoing them back cannot leak them into the caller's logs.

use std::borrow::Cow;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::{ApiError, Error};

/// What replaces a credential.
const MASK: &str = "***";
/// Shorter values are not scrubbed: they are too common in ordinary text (a test token of `t`
/// would mangle every message), and no real credential is that short.
const MIN_SECRET_LEN: usize = 8;

/// The credentials to scrub, borrowed for the duration of one request.
pub(crate) struct Redactor<'a> {
    secrets: Vec<&'a str>,
}

impl<'a> Redactor<'a> {
    /// Scrubs `secrets` (those of at least [`MIN_SECRET_LEN`] bytes).
    pub(crate) fn new(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        Redactor {
            secrets: secrets
                .into_iter()
                .filter(|s| s.len() >= MIN_SECRET_LEN)
                .collect(),
        }
    }

    /// The longest credential, in bytes (0 when there are none).
    pub(crate) fn longest(&self) -> usize {
        self.secrets.iter().map(|s| s.len()).max().unwrap_or(0)
    }

    /// `text` with every credential replaced by `***`.
    pub(crate) fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for secret in &self.secrets {
            if out.contains(secret) {
                out = Cow::Owned(out.replace(secret, MASK));
            }
        }
        out
    }

    /// `bytes` (any encoding) with every credential replaced by `***`.
    pub(crate) fn bytes<'b>(&self, bytes: &'b [u8]) -> Cow<'b, [u8]> {
        let mut out = Cow::Borrowed(bytes);
        for secret in &self.secrets {
            let needle = secret.as_bytes();
            if find(&out, needle).is_none() {
                continue;
            }
            let mut scrubbed = Vec::with_capacity(out.len());
            let mut rest: &[u8] = &out;
            while let Some(at) = find(rest, needle) {
                scrubbed.extend_from_slice(&rest[..at]);
                scrubbed.extend_from_slice(MASK.as_bytes());
                rest = &rest[at + needle.len()..];
            }
            scrubbed.extend_from_slice(rest);
            out = Cow::Owned(scrubbed);
        }
        out
    }

    fn string(&self, value: &mut String) {
        if let Cow::Owned(clean) = self.text(value) {
            *value = clean;
        }
    }

    /// Scrubs header values, and drops headers whose name holds a credential.
    pub(crate) fn headers(&self, headers: &mut HeaderMap) {
        if self.secrets.is_empty() {
            return;
        }
        let dirty = headers.iter().any(|(name, value)| {
            self.name_holds_secret(name)
                || self
                    .secrets
                    .iter()
                    .any(|s| find(value.as_bytes(), s.as_bytes()).is_some())
        });
        if !dirty {
            return;
        }
        let old = std::mem::take(headers);
        let mut current: Option<HeaderName> = None;
        for (name, value) in old {
            // `HeaderMap::into_iter` names only the first value of each header.
            if let Some(name) = name {
                current = Some(name);
            }
            let Some(name) = current.clone() else {
                continue;
            };
            if self.name_holds_secret(&name) {
                continue;
            }
            let value = match self.bytes(value.as_bytes()) {
                Cow::Borrowed(_) => value,
                Cow::Owned(clean) => {
                    HeaderValue::from_bytes(&clean).unwrap_or(HeaderValue::from_static(MASK))
                }
            };
            headers.append(name, value);
        }
    }

    fn name_holds_secret(&self, name: &HeaderName) -> bool {
        // Header names are stored lowercase.
        self.secrets
            .iter()
            .any(|s| name.as_str().contains(&s.to_ascii_lowercase()))
    }

    /// Scrubs every text an error carries that could come from a server.
    pub(crate) fn error(&self, err: Error) -> Error {
        if self.secrets.is_empty() {
            return err;
        }
        match err {
            Error::Api(mut api) => {
                self.api_error(&mut api);
                Error::Api(api)
            }
            Error::Decode(mut decode) => {
                for text in [&mut decode.path, &mut decode.message, &mut decode.body] {
                    self.string(text);
                }
                if let Some(id) = &mut decode.request_id {
                    self.string(id);
                }
                Error::Decode(decode)
            }
            Error::Auth(mut message) => {
                self.string(&mut message);
                Error::Auth(message)
            }
            Error::InvalidRequest(mut message) => {
                self.string(&mut message);
                Error::InvalidRequest(message)
            }
            Error::Transport {
                mut message,
                source,
            } => {
                self.string(&mut message);
                Error::Transport { message, source }
            }
            other => other,
        }
    }

    fn api_error(&self, api: &mut ApiError) {
        for text in [
            &mut api.error_code,
            &mut api.error_summary,
            &mut api.error_link,
            &mut api.error_id,
            &mut api.request_id,
        ]
        .into_iter()
        .flatten()
        {
            self.string(text);
        }
        for cause in &mut api.error_causes {
            self.string(&mut cause.error_summary);
        }
        self.string(&mut api.body);
        self.headers(&mut api.headers);
    }
}

/// The position of `needle` in `haystack` (`None` for an empty needle).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}
