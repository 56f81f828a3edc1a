//! Fixtures, the spec's schemas, and the round-trip comparison.
//!
//! The round trip is: fixture text -> `serde_json::from_str::<T>` -> `serde_json::to_value` ->
//! compared with the fixture as a `serde_json::Value`. The comparison is exact except for ONE
//! normalization, documented at [`compare`]: a JSON `null` of a field the model types may be
//! absent after the round trip.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The spec the SDK is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/okta-management-2026.06.3.yaml";

/// The path of a JSON fixture under `tests/fixtures/json`.
pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("json")
        .join(rel)
}

/// The text of a JSON fixture.
pub fn fixture_text(rel: &str) -> String {
    let path = fixture_path(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON fixture as an untyped value, exactly as the file has it.
pub fn raw_fixture_value(rel: &str) -> Value {
    serde_json::from_str(&fixture_text(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// A member of a fixture that the current models cannot decode, while the rest of the fixture
/// is worth testing. Each is a gap of the SDK (or a disagreement of the fixture with the spec)
/// to fix, not a normalization: `round_trip::known_decode_gaps_still_fail` asserts that each
/// still breaks decoding of its fixture at exactly that member, so fixing one fails that test
/// and the entry must go.
pub struct Undecodable {
    /// The fixture, relative to `tests/fixtures/json`.
    pub fixture: &'static str,
    /// The JSON pointer of the member left out.
    pub pointer: &'static str,
    /// Why it does not decode.
    pub why: &'static str,
}

/// The known decode gaps (see [`Undecodable`]).
pub const UNDECODABLE: &[Undecodable] = &[Undecodable {
    fixture: "policies/access_policy.json",
    pointer: "/_embedded/resourceType",
    why: "the spec types `AccessPolicy._embedded.resourceType` as a string (`APP`, \
              `END_USER_ACCOUNT_MANAGEMENT`); the fixture has an object `{\"name\": \"APP\"}`, \
              and one mistyped member fails the whole policy",
}];

/// A JSON fixture as an untyped value, without its [`UNDECODABLE`] members: what the tests
/// decode, compare with and serve.
pub fn fixture_value(rel: &str) -> Value {
    let mut value = raw_fixture_value(rel);
    for gap in UNDECODABLE.iter().filter(|g| g.fixture == rel) {
        let (parent, key) = gap
            .pointer
            .rsplit_once('/')
            .expect("a pointer below the root");
        let removed = value
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|object| object.remove(&key.replace("~1", "/").replace("~0", "~")));
        assert!(removed.is_some(), "{rel} has no {}", gap.pointer);
    }
    value
}

/// The text the tests decode for a fixture: the file's, or without its [`UNDECODABLE`]
/// members if it has any.
fn usable_fixture_text(rel: &str) -> String {
    if UNDECODABLE.iter().any(|g| g.fixture == rel) {
        serde_json::to_string_pretty(&fixture_value(rel)).unwrap()
    } else {
        fixture_text(rel)
    }
}

/// A JSON fixture decoded as `T`; panics with the JSON pointer of the cause if it does not decode.
pub fn fixture<T: DeserializeOwned>(rel: &str) -> T {
    decode(rel).unwrap_or_else(|e| panic!("{e}"))
}

/// Every fixture file, as paths relative to `tests/fixtures/json`, sorted.
pub fn all_fixtures() -> Vec<String> {
    let root = fixture_path("");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).expect("fixtures/json exists") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "json") {
                let rel = file.strip_prefix(&root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Decoding with a located error
// ---------------------------------------------------------------------------------------------

/// Decodes a fixture as `T`. On failure the message names the fixture, serde's error, and the
/// JSON pointers of the parts of the document that do not decode (polymorphic models decode
/// through `serde_json::Value`, so serde's own line/column is often missing).
pub fn decode<T: DeserializeOwned>(rel: &str) -> Result<T, String> {
    decode_text(rel, &usable_fixture_text(rel))
}

/// The JSON pointers of the parts of the fixture file (as it is) that keep it from decoding
/// as `T`; empty if it decodes.
pub fn raw_decode_error_pointers<T: DeserializeOwned>(rel: &str) -> Vec<String> {
    let doc = raw_fixture_value(rel);
    if fails::<T>(&doc) {
        locate_decode_error::<T>(&doc)
    } else {
        Vec::new()
    }
}

fn decode_text<T: DeserializeOwned>(rel: &str, text: &str) -> Result<T, String> {
    match serde_json::from_str::<T>(text) {
        Ok(value) => Ok(value),
        Err(err) => {
            let doc: Value = serde_json::from_str(text).map_err(|e| format!("{rel}: {e}"))?;
            let mut culprit = String::new();
            for pointer in locate_decode_error::<T>(&doc) {
                let value = doc.pointer(&pointer).cloned().unwrap_or(Value::Null);
                let at = if pointer.is_empty() {
                    "(root)"
                } else {
                    &pointer
                };
                culprit.push_str(&format!("\n  cause: the value at {at} = {}", short(&value)));
            }
            Err(format!(
                "{rel} does not decode as {}: {err}{culprit}",
                std::any::type_name::<T>()
            ))
        }
    }
}

/// The JSON pointers of the parts of `doc` that keep it from decoding as `T`. Narrows down
/// from the root: at each object or array it keeps one non-scalar member at a time (scalar
/// members, which include discriminators, stay) and descends into every member that fails on
/// its own; at a failing object of scalars it names each scalar that fails on its own.
fn locate_decode_error<T: DeserializeOwned>(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    locate::<T>(doc, "", "", &mut out);
    out
}

fn fails<T: DeserializeOwned>(doc: &Value) -> bool {
    serde_json::from_value::<T>(doc.clone()).is_err()
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// `doc` with the node at `at` replaced by `node`.
fn with_node(doc: &Value, at: &str, node: Value) -> Value {
    let mut out = doc.clone();
    if let Some(slot) = out.pointer_mut(at) {
        *slot = node;
    }
    out
}

/// `doc` (which fails) has its problem at or below `at`; `shown` is `at` in the fixture's terms.
fn locate<T: DeserializeOwned>(doc: &Value, at: &str, shown: &str, out: &mut Vec<String>) {
    let before = out.len();
    match doc.pointer(at) {
        Some(Value::Object(map)) => {
            let scalars: Map<String, Value> = map
                .iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if fails::<T>(&with_node(doc, at, Value::Object(scalars.clone()))) {
                for (key, value) in &scalars {
                    let alone = Map::from_iter([(key.clone(), value.clone())]);
                    if fails::<T>(&with_node(doc, at, Value::Object(alone))) {
                        out.push(format!("{shown}/{}", escape(key)));
                    }
                }
            } else {
                for (key, child) in map.iter().filter(|(_, v)| !is_scalar(v)) {
                    let mut kept = scalars.clone();
                    kept.insert(key.clone(), child.clone());
                    let reduced = with_node(doc, at, Value::Object(kept));
                    if fails::<T>(&reduced) {
                        let k = escape(key);
                        locate::<T>(&reduced, &format!("{at}/{k}"), &format!("{shown}/{k}"), out);
                    }
                }
            }
        }
        Some(Value::Array(items)) if !fails::<T>(&with_node(doc, at, Value::Array(Vec::new()))) => {
            for (i, item) in items.iter().enumerate() {
                let reduced = with_node(doc, at, Value::Array(vec![item.clone()]));
                if fails::<T>(&reduced) {
                    locate::<T>(&reduced, &format!("{at}/0"), &format!("{shown}/{i}"), out);
                }
            }
        }
        _ => {}
    }
    if out.len() == before {
        out.push(shown.to_string());
    }
}

/// A key escaped for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// The spec's schemas
// ---------------------------------------------------------------------------------------------

/// The spec's `components.schemas`, as JSON. Used to know which fields a model types (for the
/// null normalization) and which are `readOnly` (for the expected request bodies): the test
/// derives both from the spec, independently of the generator.
pub struct Schemas {
    schemas: Map<String, Value>,
}

/// The parsed spec, loaded once per test binary.
pub fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(SPEC);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{SPEC}: {e}"));
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let json: Value = serde_json::to_value(yaml).expect("the spec converts to JSON");
        let schemas = json
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .expect("the spec has components.schemas");
        Schemas { schemas }
    })
}

impl Schemas {
    /// A schema by name; panics if the spec has no such schema.
    pub fn named(&self, name: &str) -> &Value {
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("{SPEC} has no schema {name}"))
    }

    /// Follows `$ref` (`#/components/schemas/X`).
    fn deref<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..16 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => current = self.deref_ref(reference),
                None => return current,
            }
        }
        current
    }

    fn deref_ref(&self, reference: &str) -> &Value {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        self.named(name)
    }

    /// The value of `key` in `schema` or, if it has none, in the first of its `allOf` parts
    /// (depth first, `$ref`s followed) that has one: OAS 3 composes a schema from its `allOf`
    /// parts, so `discriminator`, `items`, `additionalProperties` or `readOnly` may come from a
    /// part (`{"allOf": [{"$ref": "#/components/schemas/X"}], "description": ...}`).
    fn lookup<'a>(&'a self, schema: &'a Value, key: &str) -> Option<&'a Value> {
        let schema = self.deref(schema);
        if let Some(value) = schema.get(key) {
            return Some(value);
        }
        schema
            .get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .find_map(|part| self.lookup(part, key))
    }

    /// Whether the spec marks `schema` (or one of its `allOf` parts, `$ref`s followed)
    /// `readOnly`.
    fn is_read_only(&self, schema: &Value) -> bool {
        self.lookup(schema, "readOnly").and_then(Value::as_bool) == Some(true)
    }

    /// The schema that applies to `instance`: `$ref`s followed, then the discriminator mappings
    /// (`discriminator.mapping`, found on the schema or one of its `allOf` parts) followed as
    /// long as they lead somewhere new, as the SDK picks a subtype. An unknown or missing value
    /// keeps the base schema. A `oneOf`/`anyOf` schema resolves to its alternative whose
    /// properties `instance` uses most (the first on a tie), then the same again.
    pub fn effective<'a>(&'a self, schema: &'a Value, instance: &Value) -> &'a Value {
        let mut current = self.deref(schema);
        for _ in 0..8 {
            if let Some(alternative) = self.alternative(current, instance) {
                current = alternative;
                continue;
            }
            let Some(discriminator) = self.lookup(current, "discriminator") else {
                return current;
            };
            let property = discriminator.get("propertyName").and_then(Value::as_str);
            let value = property
                .and_then(|p| instance.get(p))
                .and_then(Value::as_str);
            let target =
                value.and_then(|v| discriminator.pointer(&format!("/mapping/{}", escape(v))));
            let Some(target) = target.and_then(Value::as_str) else {
                return current;
            };
            let next = self.deref(self.deref_ref(target));
            if std::ptr::eq(next, current) {
                return current;
            }
            current = next;
        }
        current
    }

    /// Of a `oneOf`/`anyOf` schema, the alternative whose properties the object `instance` uses
    /// most (the first on a tie); `None` for any other schema.
    fn alternative<'a>(&'a self, schema: &'a Value, instance: &Value) -> Option<&'a Value> {
        let alternatives = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)?;
        let keys = instance.as_object();
        let mut best: Option<(&Value, usize)> = None;
        for alternative in alternatives {
            let alternative = self.deref(alternative);
            let used = keys.map_or(0, |keys| {
                self.properties(alternative)
                    .keys()
                    .filter(|k| keys.contains_key(*k))
                    .count()
            });
            if best.is_none_or(|(_, most)| used > most) {
                best = Some((alternative, used));
            }
        }
        best.map(|(alternative, _)| alternative)
    }

    /// The properties of an object schema, including those composed through `allOf`. A
    /// property a later part (or the schema itself) defines again is merged into the earlier
    /// definition, key by key, the later one winning: in OAS 3 both apply, so a subtype's
    /// `{"factorType": {"example": "sms"}}` keeps the parent's `$ref` (and `readOnly`).
    pub fn properties(&self, schema: &Value) -> Map<String, Value> {
        let schema = self.deref(schema);
        let mut out = Map::new();
        let add = |out: &mut Map<String, Value>, props: Map<String, Value>| {
            for (k, v) in props {
                match (out.get_mut(&k), v) {
                    (Some(Value::Object(earlier)), Value::Object(later)) => {
                        earlier.extend(later);
                    }
                    (_, v) => {
                        out.insert(k, v);
                    }
                }
            }
        };
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                add(&mut out, self.properties(part));
            }
        }
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            add(&mut out, own.clone());
        }
        out
    }

    /// The names of the properties the spec marks `readOnly` in a named schema.
    pub fn read_only_properties(&self, name: &str) -> Vec<String> {
        self.properties(self.named(name))
            .into_iter()
            .filter(|(_, s)| self.is_read_only(s))
            .map(|(k, _)| k)
            .collect()
    }

    /// What the spec says about the member `key` of an object `instance` described by
    /// `schema`: a typed property, a value of a map (`additionalProperties`), or nothing known.
    fn member(&self, schema: &Value, instance: &Value, key: &str) -> Member {
        let schema = self.effective(schema, instance);
        if let Some(prop) = self.properties(schema).get(key) {
            return Member::Typed(prop.clone());
        }
        match self.lookup(schema, "additionalProperties") {
            Some(Value::Object(values)) if !values.is_empty() => {
                Member::MapValue(Value::Object(values.clone()))
            }
            _ => Member::Unknown,
        }
    }

    /// The item schema of an array schema.
    fn items(&self, schema: &Value) -> Option<Value> {
        self.lookup(schema, "items").cloned()
    }
}

enum Member {
    /// A property the spec lists: the model has a field for it.
    Typed(Value),
    /// A value of a map: kept as the map's entry.
    MapValue(Value),
    /// Not in the spec: kept in `additional_properties` (or inside an untyped value).
    Unknown,
}

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

/// One difference between the fixture and what the model wrote back.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON pointer into the fixture.
    pub pointer: String,
    /// What happened there.
    pub what: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.what)
    }
}

fn short(value: &Value) -> String {
    let mut s = value.to_string();
    if s.len() > 120 {
        s.truncate(120);
        s.push_str("...");
    }
    s
}

/// Compares the fixture (`expected`) with the re-serialized model (`actual`).
///
/// The one normalization: a member whose fixture value is `null` may be absent from `actual`
/// **if the spec lists it as a property of the object's schema**, i.e. the model has a typed
/// field for it. Every model field is an `Option` with `skip_serializing_if = "Option::is_none"`:
/// `null` and absent both read as `None`, so the model cannot (and need not) tell them apart —
/// Okta treats them the same for typed fields on reads. A caller who must *send* an explicit
/// `null` (e.g. to clear an attribute in a partial update) puts it in the unknown-field map:
/// `profile.additional_properties.insert("mobilePhone".into(), Value::Null)` (or
/// `profile.set_custom("mobilePhone", Value::Null)`).
///
/// `null`s anywhere else — custom profile attributes, unknown fields, values of maps, anything
/// inside an untyped value — are data and must come back unchanged. `schema` is the spec schema
/// of the root (e.g. `User`); below it the comparison follows properties, discriminators,
/// `allOf` parts, `oneOf`/`anyOf` alternatives, array items and map values through the spec.
pub fn compare(expected: &Value, actual: &Value, schema: Option<&Value>) -> Vec<Difference> {
    let mut out = Vec::new();
    diff(schemas(), expected, actual, schema, String::new(), &mut out);
    out
}

fn diff(
    spec: &Schemas,
    expected: &Value,
    actual: &Value,
    schema: Option<&Value>,
    at: String,
    out: &mut Vec<Difference>,
) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let p = format!("{at}/{}", escape(key));
                let member = match schema {
                    Some(s) => spec.member(s, expected, key),
                    None => Member::Unknown,
                };
                let child = match &member {
                    Member::Typed(s) | Member::MapValue(s) => Some(s.clone()),
                    Member::Unknown => None,
                };
                match a.get(key) {
                    Some(av) => diff(spec, ev, av, child.as_ref(), p, out),
                    None if ev.is_null() && matches!(member, Member::Typed(_)) => {
                        // The documented normalization: a typed field's `null` reads as `None`.
                    }
                    None => out.push(Difference {
                        pointer: p,
                        what: format!(
                            "lost: the fixture has {}, the model wrote nothing",
                            short(ev)
                        ),
                    }),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(Difference {
                        pointer: format!("{at}/{}", escape(key)),
                        what: format!(
                            "added: the model wrote {} the fixture does not have",
                            short(av)
                        ),
                    });
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            let items = schema.and_then(|s| spec.items(s));
            if e.len() != a.len() {
                out.push(Difference {
                    pointer: at.clone(),
                    what: format!("array length {} became {}", e.len(), a.len()),
                });
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(spec, ev, av, items.as_ref(), format!("{at}/{i}"), out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(Difference {
            pointer: at,
            what: format!("changed: {} became {}", short(expected), short(actual)),
        }),
    }
}

/// The round trip of one fixture as `T`, whose spec schema is `schema_name`: decodes, writes
/// back, compares (see [`compare`]). Returns the decoded value, or a report of every
/// difference with its JSON pointer.
pub fn round_trip<T: DeserializeOwned + Serialize>(
    rel: &str,
    schema_name: &str,
) -> Result<T, String> {
    let model: T = decode(rel)?;
    let expected = fixture_value(rel);
    let actual =
        serde_json::to_value(&model).map_err(|e| format!("{rel}: re-serializing failed: {e}"))?;
    let differences = compare(&expected, &actual, Some(schemas().named(schema_name)));
    if differences.is_empty() {
        Ok(model)
    } else {
        let mut report = format!(
            "{rel} does not round-trip as {} ({} differences):",
            std::any::type_name::<T>(),
            differences.len()
        );
        for d in &differences {
            report.push_str("\n  ");
            report.push_str(&d.to_string());
        }
        Err(report)
    }
}

/// [`round_trip`], panicking with the report.
pub fn assert_round_trip<T: DeserializeOwned + Serialize>(rel: &str, schema_name: &str) -> T {
    round_trip(rel, schema_name).unwrap_or_else(|e| panic!("{e}"))
}

/// `value` without the members the spec marks `readOnly`, at every level the spec describes
/// (properties, discriminated subtypes, `allOf` parts, array items, map values): what the SDK
/// is expected to send when `value` is a request body.
pub fn strip_read_only(value: &Value, schema: &Value) -> Value {
    let spec = schemas();
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                match spec.member(schema, value, key) {
                    Member::Typed(s) => {
                        if spec.is_read_only(&s) {
                            continue;
                        }
                        out.insert(key.clone(), strip_read_only(child, &s));
                    }
                    Member::MapValue(s) => {
                        out.insert(key.clone(), strip_read_only(child, &s));
                    }
                    Member::Unknown => {
                        out.insert(key.clone(), child.clone());
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => match spec.items(schema) {
            Some(s) => Value::Array(items.iter().map(|i| strip_read_only(i, &s)).collect()),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}
