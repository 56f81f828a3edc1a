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
#[allow(dead_code)] // Only polymorphic models call it, and a feature selection may have none.
pub(crate) fn discriminator<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(serde_json::Value::as_str)
}

/// Serializes a subtype of a polymorphic model, writing the fields that identify it (its
/// discriminator value, and what `x-okta-defined-as` fixes) when the value leaves them unset: an
/// `OpenIdConnectApplication` built with `Default` is still sent with
/// `"signOnMode": "OPENID_CONNECT"` and `"name": "oidc_client"`.
#[allow(dead_code)] // Only polymorphic models call it, and a feature selection may have none.
pub(crate) fn serialize_with_implied<T, S>(
    value: &T,
    implied: &[(&str, &str)],
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize,
    S: serde::Serializer,
{
    use serde::ser::Error as _;
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Some(object) = json.as_object_mut() {
        for (name, fixed) in implied {
            object
                .entry(*name)
                .or_insert_with(|| serde_json::Value::String((*fixed).to_string()));
        }
    }
    serde::Serialize::serialize(&json, serializer)
}

/// Date-times as Okta writes them: RFC 3339 in UTC with milliseconds (`2024-01-02T03:04:05.000Z`),
/// so a value read from Okta is written back as it came.
#[allow(dead_code)] // Only models with date-times use it, and a feature selection may have none.
pub(crate) mod timestamp {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes an optional date-time with millisecond precision.
    pub(crate) fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => serializer.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes an optional RFC 3339 date-time.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<DateTime<Utc>>::deserialize(deserializer)
    }
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

    #[test]
    fn implied_fields_are_written_only_when_unset() {
        let json = |value: &serde_json::Value| {
            serialize_with_implied(
                value,
                &[("signOnMode", "BOOKMARK"), ("name", "bookmark")],
                serde_json::value::Serializer,
            )
            .unwrap()
        };
        assert_eq!(
            json(&serde_json::json!({"label": "x"})),
            serde_json::json!({"label": "x", "signOnMode": "BOOKMARK", "name": "bookmark"})
        );
        assert_eq!(
            json(&serde_json::json!({"signOnMode": "SAML_1_1", "name": "mine"})),
            serde_json::json!({"signOnMode": "SAML_1_1", "name": "mine"})
        );
    }
}
