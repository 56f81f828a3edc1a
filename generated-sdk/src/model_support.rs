//! Helpers the generated models call: leaving read-only fields out of request bodies, and
//! choosing a polymorphic model's subtype.

use std::cell::Cell;

thread_local! {
    /// Set while the SDK serializes a request body, so read-only fields are skipped there while
    /// `serde_json::to_string(&model)` elsewhere keeps every field (a lossless round trip).
    static WRITING_REQUEST: Cell<bool> = const { Cell::new(false) };
}

/// Resets the flag even if serialization panics.
struct RequestMode;

impl Drop for RequestMode {
    fn drop(&mut self) {
        WRITING_REQUEST.with(|w| w.set(false));
    }
}

/// Serializes a request body, leaving out the fields the spec marks `readOnly`.
pub(crate) fn to_request_json<T: serde::Serialize + ?Sized>(
    body: &T,
) -> serde_json::Result<Vec<u8>> {
    WRITING_REQUEST.with(|w| w.set(true));
    let _reset = RequestMode;
    serde_json::to_vec(body)
}

/// `skip_serializing_if` of read-only fields: absent values are never written, and present ones
/// only outside request bodies.
pub(crate) fn skip_read_only<T>(value: &Option<T>) -> bool {
    value.is_none() || WRITING_REQUEST.with(Cell::get)
}

/// The discriminator's value in a JSON object, if it is a string.
pub(crate) fn discriminator<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(serde_json::Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Sample {
        #[serde(skip_serializing_if = "skip_read_only")]
        id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    }

    #[test]
    fn read_only_fields_are_kept_by_serde_and_dropped_from_requests() {
        let sample = Sample {
            id: Some("00u1".into()),
            name: Some("n".into()),
        };
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":"00u1","name":"n"}"#
        );
        assert_eq!(to_request_json(&sample).unwrap(), br#"{"name":"n"}"#);
        // The mode ends with the request body.
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":"00u1","name":"n"}"#
        );
    }
}
