//! Helpers the generated models call: their serde code (one shared struct reader and writer
//! instead of a derive per model), leaving read-only fields out of request bodies, and choosing a
//! polymorphic model's subtype.
//!
//! Models implement `Serialize` and `Deserialize` by hand through [`StructWriter`] and
//! [`deserialize_struct`] because `#[derive]` expands to a field enum, two visitors and a
//! `#[serde(flatten)]` buffer per model: across the Okta spec's models that was most of the
//! crate's compile time, while the shared code here is type-checked once.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;

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
pub fn to_request_json<T: serde::Serialize + ?Sized>(body: &T) -> serde_json::Result<Vec<u8>> {
    WRITING_REQUEST.with(|w| w.set(true));
    let _reset = RequestMode;
    serde_json::to_vec(body)
}

/// Writes a model as a JSON object: its set fields in declaration order, then the fields kept in
/// `additional_properties`.
///
/// The first error is kept and reported when the writer ends, after which nothing more is
/// written: generated code calls one method per field with no `?` to branch on.
pub struct StructWriter<M: SerializeMap> {
    map: Result<M, M::Error>,
    /// Whether this is a request body, whose read-only fields are left out.
    request: bool,
    /// The model's field names, in the order its `write` calls the field methods.
    fields: &'static [&'static str],
    /// How many field methods have been called: the index into `fields` of the next one.
    position: usize,
    /// Fields (by index, the first 256) that were written, or left out as read-only: a `null`
    /// kept for them in `additional_properties` is not written as well.
    settled: [u64; 4],
}

impl<M: SerializeMap> StructWriter<M> {
    /// Starts the object of a model whose `write` calls the field methods in the order of
    /// `fields`.
    pub fn new<S>(serializer: S, fields: &'static [&'static str]) -> Self
    where
        S: serde::Serializer<SerializeMap = M, Error = M::Error>,
    {
        Self {
            map: serializer.serialize_map(None),
            request: WRITING_REQUEST.with(Cell::get),
            fields,
            position: 0,
            settled: [0; 4],
        }
    }

    /// Moves to the next field; `settled` records that it was written or deliberately left out.
    fn next_field(&mut self, settled: bool) {
        if settled && self.position < 256 {
            self.settled[self.position / 64] |= 1 << (self.position % 64);
        }
        self.position += 1;
    }

    fn is_settled(&self, index: usize) -> bool {
        index < 256 && self.settled[index / 64] & (1 << (index % 64)) != 0
    }

    fn entry<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Ok(map) = &mut self.map
            && let Err(err) = map.serialize_entry(name, value)
        {
            self.map = Err(err);
        }
    }

    /// Writes `name` when the field is set.
    pub fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(name, value);
        }
        self.next_field(value.is_some());
    }

    /// Writes a field the spec marks `readOnly`: kept in a round trip, left out of request bodies.
    pub fn read_only<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if self.request {
            self.next_field(true);
        } else {
            self.field(name, value);
        }
    }

    /// Writes a date-time as Okta does, with milliseconds (see [`timestamp`]).
    pub fn timestamp(&mut self, name: &'static str, value: &Option<chrono::DateTime<chrono::Utc>>) {
        if let Some(value) = value {
            self.entry(name, &timestamp::Millis(value));
        }
        self.next_field(value.is_some());
    }

    /// A read-only date-time: [`StructWriter::timestamp`], outside request bodies only.
    pub fn read_only_timestamp(
        &mut self,
        name: &'static str,
        value: &Option<chrono::DateTime<chrono::Utc>>,
    ) {
        if self.request {
            self.next_field(true);
        } else {
            self.timestamp(name, value);
        }
    }

    /// Writes the fields the spec does not list (after the others), and the `null`s kept for
    /// listed fields that are unset (read as `null`, or set with [`SetNull::set_null`]).
    pub fn additional(
        &mut self,
        additional_properties: &serde_json::Map<String, serde_json::Value>,
    ) {
        for (name, value) in additional_properties {
            if value.is_null()
                && let Some(index) = self.fields.iter().position(|field| field == name)
                && self.is_settled(index)
            {
                continue;
            }
            self.entry(name, value);
        }
    }

    /// Ends the object, or reports the first error.
    fn end(self) -> Result<M::Ok, M::Error> {
        self.map?.end()
    }
}

/// A model struct: its wire field names, how to write it and how to store each field read.
/// (`serde_via_model!` in `models/mod.rs` implements `Serialize` and `Deserialize` with it.)
pub trait Model: Default {
    /// The schema name, for error messages.
    const NAME: &'static str;
    /// The wire names of the fields, in the order `read_field` numbers them.
    const FIELDS: &'static [&'static str];

    /// Writes every field, `additional_properties` last.
    fn write<M: SerializeMap>(&self, out: &mut StructWriter<M>);

    /// Reads the value of field number `index` (into `FIELDS`) from `map`, with [`read`];
    /// `true` when it was `null`. A model without fields never gets a call, hence the default.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        _index: usize,
        _map: &mut A,
    ) -> Result<bool, A::Error> {
        Ok(false)
    }

    /// Where fields not in `FIELDS` are kept.
    fn additional_properties(&mut self) -> &mut serde_json::Map<String, serde_json::Value>;
}

/// Serializes a model as a JSON object (what `serde_via_model!` calls).
pub fn serialize_model<T: Model, S: serde::Serializer>(
    model: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut out = StructWriter::new(serializer, T::FIELDS);
    model.write(&mut out);
    out.end()
}

/// Reads the next map value into `field` (what generated `read_field` arms call); `true` when
/// it was `null`.
pub fn read<'de, A, T>(map: &mut A, field: &mut Option<T>) -> Result<bool, A::Error>
where
    A: MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    *field = map.next_value()?;
    Ok(field.is_none())
}

/// Sends a field as JSON `null`: how an update clears a value in Okta (a field that is `None`
/// is left out of the request instead, which keeps the value).
///
/// Implemented for every model struct. A `null` read from Okta is kept the same way, so a get ->
/// modify -> update sends back the `null`s it got. Setting the field to a value again wins over
/// the `null`; read-only fields stay out of request bodies either way.
///
/// ```
/// # use okta_sdk_runtime::model_support::SetNull;
/// # fn demo<T: SetNull>(profile: &mut T) {
/// profile.set_null("secondEmail"); // with `profile.second_email = None`
/// # }
/// ```
pub trait SetNull {
    /// Sends the field with this wire name (`secondEmail`) as `null`.
    fn set_null(&mut self, wire_name: &str);
}

impl<T: Model> SetNull for T {
    fn set_null(&mut self, wire_name: &str) {
        self.additional_properties()
            .insert(wire_name.to_owned(), serde_json::Value::Null);
    }
}

/// Deserializes a model from a map (a JSON object). Every field is optional; a `null` leaves the
/// typed field `None` and is kept in `additional_properties`, so it is written back; unknown
/// fields are kept in `additional_properties`; of a repeated key the last wins.
pub fn deserialize_struct<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Model,
{
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = map.next_key_seed(FieldKey(T::FIELDS))? {
            match key {
                Key::Known(index) => {
                    if value.read_field(index, &mut map)? {
                        value
                            .additional_properties()
                            .insert(T::FIELDS[index].to_owned(), serde_json::Value::Null);
                    }
                }
                Key::Unknown(name) => {
                    let extra = map.next_value()?;
                    value.additional_properties().insert(name, extra);
                }
            }
        }
        Ok(value)
    }
}

/// A map key: the index of a known field, or the name of another one.
enum Key {
    Known(usize),
    Unknown(String),
}

/// Reads a map key, looking it up in a model's field names without allocating for known ones.
struct FieldKey(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldKey {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldKey {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|field| *field == name) {
            Some(index) => Key::Known(index),
            None => Key::Unknown(name.to_owned()),
        })
    }

    fn visit_bytes<E: serde::de::Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(name), &self)),
        }
    }
}

/// Deserializes a string enum from its wire value, through the enum's `From<&str>` (which turns
/// a value the SDK does not know into its `Unknown` variant). What `string_enum_impls!` calls:
/// shared here, the per-enum impl is one call.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(T::from(&value))
}

/// A string enum's value that this version of the SDK does not know (the `Unknown` variant).
///
/// Opaque, as in smithy-rs: code cannot match the text inside an `Unknown`, so it cannot come to
/// depend on a value staying unknown. A `match` arm `Unknown(v) if v == "NEW"` would silently
/// stop matching once a later SDK version adds `New` as a variant; comparing the enum's
/// `as_str()` with `"NEW"` keeps working. The value is kept exactly as received and sent back
/// unchanged; [`as_str`](Self::as_str) and `Display` show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a wire value (what generated enums' `From<&str>` calls for values they do not list).
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as it appears on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of JSON value an alternative of a `oneOf` model accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// A string.
    String,
    /// Any number.
    Number,
    /// A number without a fraction.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// Any value.
    Any,
}

impl JsonKind {
    fn accepts(self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match self {
            JsonKind::Object => value.is_object(),
            JsonKind::Array => value.is_array(),
            JsonKind::String => value.is_string(),
            JsonKind::Number => value.is_number(),
            JsonKind::Integer => value.is_i64() || value.is_u64(),
            JsonKind::Boolean => matches!(value, Value::Bool(_)),
            JsonKind::Any => true,
        }
    }
}

/// Which alternative of a `oneOf` model a value is: among those whose kind accepts it, the one
/// whose known fields the value uses most (the first on a tie); `None` when no kind accepts it.
pub fn choose_alternative(
    value: &serde_json::Value,
    alternatives: &[(JsonKind, &[&str])],
) -> Option<usize> {
    let keys = value.as_object();
    let mut best: Option<(usize, usize)> = None;
    for (index, (kind, fields)) in alternatives.iter().enumerate() {
        if !kind.accepts(value) {
            continue;
        }
        let used = keys.map_or(0, |keys| {
            fields.iter().filter(|f| keys.contains_key(**f)).count()
        });
        if best.is_none_or(|(_, most)| used > most) {
            best = Some((index, used));
        }
    }
    best.map(|(index, _)| index)
}

/// How a decode error inside a buffered value starts: `` in `settings.oauthClient`: `` and then
/// the message. The SDK's decode errors turn it into the exact JSON path (see `decode_json`).
pub(crate) const INNER_PATH_START: &str = "in `";
/// Ends the path of [`INNER_PATH_START`].
pub(crate) const INNER_PATH_END: &str = "`: ";

/// Decodes a polymorphic model's subtype from the JSON value buffered to read its
/// discriminator. serde_json has no position inside a buffered value, so the path is tracked
/// while decoding and goes into the error message, from which the decode error names the exact
/// path (`[1].settings.oauthClient.redirect_uris`), in one pass.
pub fn from_buffered<T, E>(value: serde_json::Value) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        E::custom(format_args!(
            "{INNER_PATH_START}{path}{INNER_PATH_END}{}",
            err.into_inner()
        ))
    })
}

/// The discriminator's value in a JSON object, if it is a string.
pub fn discriminator<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(serde_json::Value::as_str)
}

/// Serializes a subtype of a polymorphic model, writing the fields that identify it (its
/// discriminator value, and what `x-okta-defined-as` fixes) when the value leaves them unset: an
/// `OpenIdConnectApplication` built with `Default` is still sent with
/// `"signOnMode": "OPENID_CONNECT"` and `"name": "oidc_client"`.
pub fn serialize_with_implied<T, S>(
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
pub mod timestamp {
    use chrono::{DateTime, SecondsFormat, Utc};

    /// Serializes a date-time with millisecond precision.
    pub struct Millis<'a>(pub(crate) &'a DateTime<Utc>);

    impl serde::Serialize for Millis<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model written the way the generator writes them.
    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        id: Option<String>,
        name: Option<String>,
        created: Option<chrono::DateTime<chrono::Utc>>,
        additional_properties: serde_json::Map<String, serde_json::Value>,
    }

    impl serde::Serialize for Sample {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_model(self, serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Sample {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    impl Model for Sample {
        const NAME: &'static str = "Sample";
        const FIELDS: &'static [&'static str] = &["id", "name", "created"];

        fn write<M: SerializeMap>(&self, out: &mut StructWriter<M>) {
            out.read_only("id", &self.id);
            out.field("name", &self.name);
            out.read_only_timestamp("created", &self.created);
            out.additional(&self.additional_properties);
        }

        fn read_field<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match index {
                0 => read(map, &mut self.id),
                1 => read(map, &mut self.name),
                _ => read(map, &mut self.created),
            }
        }

        fn additional_properties(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
            &mut self.additional_properties
        }
    }

    #[test]
    fn read_only_fields_are_kept_by_serde_and_dropped_from_requests() {
        let sample: Sample = serde_json::from_str(
            r#"{"id":"00u1","name":"n","created":"2024-01-02T03:04:05.000Z"}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":"00u1","name":"n","created":"2024-01-02T03:04:05.000Z"}"#
        );
        assert_eq!(to_request_json(&sample).unwrap(), br#"{"name":"n"}"#);
        // The mode ends with the request body.
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":"00u1","name":"n","created":"2024-01-02T03:04:05.000Z"}"#
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_order_after_the_known_ones() {
        let text = r#"{"zeta":{"a":[1,null]},"name":"n","alpha":null,"id":"00u1"}"#;
        let sample: Sample = serde_json::from_str(text).unwrap();
        assert_eq!(sample.id.as_deref(), Some("00u1"));
        assert_eq!(
            sample.additional_properties.keys().collect::<Vec<_>>(),
            ["alpha", "zeta"]
        );
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":"00u1","name":"n","alpha":null,"zeta":{"a":[1,null]}}"#
        );
    }

    #[test]
    fn escaped_keys_match_and_the_last_repeat_wins() {
        let sample: Sample =
            serde_json::from_str(r#"{"n\u0061me":"first","name":"second"}"#).unwrap();
        assert_eq!(
            sample,
            Sample {
                name: Some("second".into()),
                ..Sample::default()
            }
        );
    }

    #[test]
    fn a_null_read_is_written_back_but_not_for_read_only_fields_in_requests() {
        let sample: Sample = serde_json::from_str(r#"{"id":null,"name":null}"#).unwrap();
        // The typed fields are absent; the nulls are kept for the write-back.
        assert_eq!((sample.id.as_ref(), sample.name.as_ref()), (None, None));
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":null,"name":null}"#
        );
        // A request body sends the null of the writable field only.
        assert_eq!(to_request_json(&sample).unwrap(), br#"{"name":null}"#);
    }

    #[test]
    fn a_value_set_after_a_null_wins_and_set_null_sends_null() {
        let mut sample: Sample = serde_json::from_str(r#"{"name":null}"#).unwrap();
        sample.name = Some("n".into());
        assert_eq!(to_request_json(&sample).unwrap(), br#"{"name":"n"}"#);

        let mut sample = Sample::default();
        sample.set_null("name");
        assert_eq!(to_request_json(&sample).unwrap(), br#"{"name":null}"#);
        // A null for an unlisted attribute (a custom profile attribute) is sent too.
        sample.set_null("nickName");
        assert_eq!(
            to_request_json(&sample).unwrap(),
            br#"{"name":null,"nickName":null}"#
        );
    }

    #[test]
    fn timestamps_are_written_with_milliseconds() {
        let sample: Sample = serde_json::from_str(r#"{"created":"2024-01-02T03:04:05Z"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"created":"2024-01-02T03:04:05.000Z"}"#
        );
    }

    #[test]
    fn errors_name_the_model_and_the_field() {
        let err = serde_json::from_str::<Sample>(r#""a string""#).unwrap_err();
        assert!(err.to_string().contains("a JSON object (Sample)"), "{err}");
        let err = serde_json::from_str::<Sample>(r#"{"name": 5}"#).unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
        let decoded = crate::error::decode_json::<Sample>(
            http::StatusCode::OK,
            &http::HeaderMap::new(),
            br#"{"id": "00u1", "name": 5}"#,
        );
        assert!(
            matches!(&decoded, Err(crate::Error::Decode(d)) if d.path == "name"),
            "{decoded:?}"
        );
    }

    #[test]
    fn alternatives_are_chosen_by_kind_then_by_the_fields_a_value_uses() {
        let alternatives: &[(JsonKind, &[&str])] = &[
            (JsonKind::String, &[]),
            (JsonKind::Object, &["a", "b"]),
            (JsonKind::Object, &["c", "d"]),
        ];
        let choose = |v: serde_json::Value| choose_alternative(&v, alternatives);
        assert_eq!(choose(serde_json::json!("x")), Some(0));
        assert_eq!(choose(serde_json::json!({"c": 1, "d": 2})), Some(2));
        assert_eq!(choose(serde_json::json!({"a": 1})), Some(1));
        // No known field at all: the first object alternative.
        assert_eq!(choose(serde_json::json!({"z": 1})), Some(1));
        assert_eq!(choose(serde_json::json!(true)), None);
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
