//! The spec as the contract server reads it: operations by method and path template, OAS 3.0
//! schemas converted to JSON Schema draft 4 for validation, and minimal instances built from
//! schemas (request bodies and replies).

use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Where the converted schemas live for `$ref`s (one registry resource).
pub const BASE: &str = "urn:okta:spec";

/// One operation: from the spec, or kept in `spec/documented-surface.tsv`.
pub struct SpecOp {
    pub method: String,
    pub path: String,
    /// The path template split at `/`.
    pub segments: Vec<String>,
    /// Parameters (path-level and operation-level), `$ref`s resolved.
    pub params: Vec<Value>,
    /// The `requestBody`, `$ref` resolved.
    pub request_body: Option<Value>,
    pub responses: Value,
    /// For a request the spec no longer has: the `documented-surface.tsv` line defining it.
    pub kept: Option<String>,
}

pub struct Spec {
    pub doc: Value,
    pub ops: Vec<SpecOp>,
}

impl Spec {
    pub fn load(spec_text: &str, table_text: &str) -> Spec {
        let doc: Value = serde_yaml::from_str(spec_text).expect("the spec is YAML");
        let mut ops = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let shared: Vec<Value> = item["parameters"]
                .as_array()
                .map(|ps| ps.iter().map(|p| resolve(&doc, p).clone()).collect())
                .unwrap_or_default();
            for (method, op) in item.as_object().expect("path item") {
                if !["get", "put", "post", "delete", "patch", "head", "options"]
                    .contains(&method.as_str())
                {
                    continue;
                }
                let mut params = shared.clone();
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let p = resolve(&doc, p).clone();
                    params.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
                    params.push(p);
                }
                ops.push(SpecOp {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    segments: path.split('/').map(str::to_string).collect(),
                    params,
                    request_body: op.get("requestBody").map(|b| resolve(&doc, b).clone()),
                    responses: op["responses"].clone(),
                    kept: None,
                });
            }
        }
        // Requests the spec no longer describes, defined in the table's `kept` column.
        for line in table_text.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 7 || cols[0] == "method" || cols[6] == "-" {
                continue;
            }
            let mut request_body = None;
            let mut responses = json!({"204": {"description": "kept"}});
            for part in cols[6].split_whitespace() {
                let schema = |name: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
                if let Some(name) = part.strip_prefix("body=") {
                    let mut body = schema(name);
                    body["required"] = json!(true);
                    request_body = Some(body);
                } else if let Some(name) = part.strip_prefix("returns=") {
                    responses = json!({ "200": schema(name) });
                }
            }
            ops.push(SpecOp {
                method: cols[1].to_string(),
                path: cols[2].to_string(),
                segments: cols[2].split('/').map(str::to_string).collect(),
                params: Vec::new(),
                request_body,
                responses,
                kept: Some(line.to_string()),
            });
        }
        Spec { doc, ops }
    }

    /// The operation a request goes to: the spec's template matching `path` with the most
    /// literal segments (`/users/me` before `/users/{id}`).
    pub fn find(&self, method: &str, path: &str) -> Option<&SpecOp> {
        let segments: Vec<&str> = path.split('/').collect();
        self.ops
            .iter()
            .filter(|op| op.method == method && op.segments.len() == segments.len())
            .filter(|op| {
                op.segments
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| segment_matches(t, s))
            })
            .max_by_key(|op| op.segments.iter().filter(|s| !s.contains('{')).count())
    }

    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        resolve(&self.doc, value)
    }

    /// `components/schemas` as a draft 4 document (request flavour), for the registry.
    pub fn draft4_document(&self) -> Value {
        let mut schemas = Map::new();
        for (name, schema) in self.doc["components"]["schemas"]
            .as_object()
            .expect("schemas")
        {
            schemas.insert(name.clone(), self.to_draft4(schema));
        }
        json!({ "components": { "schemas": schemas } })
    }

    /// An OAS 3.0 schema object as JSON Schema draft 4, for validating request bodies:
    /// - `$ref`s point into the registry document (siblings dropped, as OAS 3.0 ignores them);
    /// - `nullable: true` adds `null` to `type` (and `enum`), or allows it beside composition;
    /// - `readOnly` properties are not `required` (requests leave them out);
    /// - `discriminator`, `x-*`, `example` and other annotations are dropped;
    /// - `oneOf` becomes `anyOf`: Okta's alternatives overlap (objects open to more properties),
    ///   so "exactly one" rejects bodies the spec means to allow; the discriminator, not the
    ///   schema, is what tells them apart.
    pub fn to_draft4(&self, schema: &Value) -> Value {
        let Some(object) = schema.as_object() else {
            return schema.clone();
        };
        if let Some(Value::String(target)) = object.get("$ref") {
            return json!({ "$ref": format!("{BASE}{target}") });
        }
        let mut out = Map::new();
        for (key, value) in object {
            let converted = match key.as_str() {
                "properties" | "patternProperties" => Value::Object(
                    value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), self.to_draft4(v)))
                        .collect(),
                ),
                "items" | "additionalProperties" | "not" if value.is_object() => {
                    self.to_draft4(value)
                }
                "allOf" | "anyOf" | "oneOf" => Value::Array(
                    value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|v| self.to_draft4(v))
                        .collect(),
                ),
                "type"
                | "enum"
                | "required"
                | "format"
                | "minimum"
                | "maximum"
                | "exclusiveMinimum"
                | "exclusiveMaximum"
                | "minLength"
                | "maxLength"
                | "pattern"
                | "minItems"
                | "maxItems"
                | "uniqueItems"
                | "minProperties"
                | "maxProperties"
                | "multipleOf"
                | "items"
                | "additionalProperties" => value.clone(),
                _ => continue,
            };
            let key = if key == "oneOf" {
                "anyOf"
            } else {
                key.as_str()
            };
            if key == "anyOf" && out.contains_key("anyOf") {
                // Both `oneOf` and `anyOf`: each must hold.
                let other = out.remove("anyOf").expect("present");
                out.insert(
                    "allOf".to_string(),
                    json!([{ "anyOf": other }, { "anyOf": converted }]),
                );
                continue;
            }
            out.insert(key.to_string(), converted);
        }
        if let (Some(Value::Array(required)), Some(Value::Object(properties))) =
            (object.get("required"), object.get("properties"))
        {
            let kept: Vec<Value> = required
                .iter()
                .filter(|name| {
                    let property = name.as_str().and_then(|n| properties.get(n));
                    !property.is_some_and(|p| self.resolve(p)["readOnly"] == json!(true))
                })
                .cloned()
                .collect();
            out.insert("required".to_string(), Value::Array(kept));
        }
        if object.get("nullable") == Some(&json!(true)) {
            if let Some(Value::Array(values)) = out.get_mut("enum") {
                values.push(Value::Null);
            }
            match out.get("type").cloned() {
                Some(Value::String(t)) => {
                    out.insert("type".to_string(), json!([t, "null"]));
                }
                _ => return json!({ "anyOf": [Value::Object(out), { "type": "null" }] }),
            }
        }
        Value::Object(out)
    }

    /// A minimal valid instance of an OAS schema: required properties filled (without
    /// `readOnly` ones in a request), enums' first value, formats respected, `oneOf`/`anyOf` the
    /// first alternative, a discriminator mapping's first subtype. `top_array`: a top-level
    /// array gets one item (a reply to decode).
    pub fn instance(&self, schema: &Value, request: bool, top_array: bool) -> Value {
        let mut seen = BTreeSet::new();
        let mut built = self.build(schema, request, top_array, 0, &mut seen);
        replace_undeclared(&mut built);
        built
    }

    fn build(
        &self,
        schema: &Value,
        request: bool,
        top_array: bool,
        depth: usize,
        expanding: &mut BTreeSet<String>,
    ) -> Value {
        if depth > 24 {
            return json!({});
        }
        let Some(object) = schema.as_object() else {
            return json!({});
        };
        if object.contains_key("$ref") {
            let resolved = self.resolve(schema);
            return self.build(resolved, request, top_array, depth + 1, expanding);
        }
        // A base schema with a discriminator mapping: build its first subtype (which includes
        // the base through `allOf`; the base is then built as a plain object).
        if let Some(mapping) = schema["discriminator"]["mapping"].as_object()
            && !object.contains_key("oneOf")
            && !object.contains_key("anyOf")
        {
            let property = schema["discriminator"]["propertyName"]
                .as_str()
                .unwrap_or_default();
            if let Some((value, target)) = mapping.iter().next()
                && let Some(target) = target.as_str()
                && expanding.insert(property.to_string())
            {
                let mut built = self.build(
                    &json!({ "$ref": target }),
                    request,
                    false,
                    depth + 1,
                    expanding,
                );
                expanding.remove(property);
                if let Some(built) = built.as_object_mut() {
                    built.insert(property.to_string(), json!(value));
                }
                return built;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = object.get(key).and_then(|v| v.as_array()?.first()) {
                let mut built = self.build(first, request, top_array, depth + 1, expanding);
                if let (Some(property), Some(mapping), Some(Value::String(target))) = (
                    schema["discriminator"]["propertyName"].as_str(),
                    schema["discriminator"]["mapping"].as_object(),
                    first.get("$ref"),
                ) && let Some(built) = built.as_object_mut()
                    && let Some((value, _)) = mapping.iter().find(|(_, t)| *t == target)
                {
                    built.insert(property.to_string(), json!(value));
                }
                return built;
            }
        }
        if let Some(Value::Array(values)) = object.get("enum")
            && let Some(first) = values.iter().find(|v| !v.is_null())
        {
            return first.clone();
        }
        let mut merged = Map::new();
        if let Some(Value::Array(parts)) = object.get("allOf") {
            for part in parts {
                match self.build(part, request, top_array, depth + 1, expanding) {
                    Value::Object(fields) => merged.extend(fields),
                    other => return other,
                }
            }
            // A part may require properties another part declares (`allOf: [$ref, {required}]`).
            let (mut properties, mut required) = (Map::new(), Vec::new());
            self.collect(schema, &mut properties, &mut required, 0);
            for name in required {
                let property = properties.get(&name).cloned().unwrap_or(Value::Null);
                let resolved = self.resolve(&property);
                let skip = if request { "readOnly" } else { "writeOnly" };
                let filled = merged.get(&name).is_some_and(|v| *v != json!(UNDECLARED));
                if filled || resolved[skip] == json!(true) || !properties.contains_key(&name) {
                    continue;
                }
                let value = self.build(&property, request, false, depth + 1, expanding);
                merged.insert(name, value);
            }
        }
        let ty = object.get("type").and_then(Value::as_str).unwrap_or(
            if object.contains_key("properties") || !merged.is_empty() {
                "object"
            } else {
                ""
            },
        );
        match ty {
            "object" => {
                let properties = object.get("properties").and_then(Value::as_object);
                for name in schema["required"].as_array().into_iter().flatten() {
                    let Some(name) = name.as_str() else { continue };
                    // Not declared here: maybe in another `allOf` part, which then fills it;
                    // else (a spec defect) any value does.
                    let Some(property) = properties.and_then(|p| p.get(name)) else {
                        merged.insert(name.to_string(), json!(UNDECLARED));
                        continue;
                    };
                    let resolved = self.resolve(property);
                    if request && resolved["readOnly"] == json!(true) {
                        continue;
                    }
                    if !request && resolved["writeOnly"] == json!(true) {
                        continue;
                    }
                    let value = self.build(property, request, false, depth + 1, expanding);
                    merged.insert(name.to_string(), value);
                }
                Value::Object(merged)
            }
            "array" => {
                let min = schema["minItems"].as_u64().unwrap_or(0);
                if top_array || min > 0 {
                    let item = self.build(&schema["items"], request, false, depth + 1, expanding);
                    Value::Array(vec![item; min.max(1) as usize])
                } else {
                    json!([])
                }
            }
            "string" => string_instance(schema),
            "integer" => {
                let min = schema["minimum"].as_i64().unwrap_or(0).max(
                    if schema["maximum"].as_i64().is_some_and(|m| m < 0) {
                        i64::MIN
                    } else {
                        0
                    },
                );
                let exclusive = schema["exclusiveMinimum"] == json!(true);
                json!(if exclusive { min + 1 } else { min })
            }
            "number" => {
                let min = schema["minimum"].as_f64().unwrap_or(0.0);
                let exclusive = schema["exclusiveMinimum"] == json!(true);
                json!(if exclusive { min + 1.0 } else { min })
            }
            "boolean" => json!(true),
            _ => json!({}),
        }
    }
}

impl Spec {
    /// Every property and required name of a schema and its `allOf` parts.
    fn collect(
        &self,
        schema: &Value,
        properties: &mut Map<String, Value>,
        required: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(own) = schema["properties"].as_object() {
            for (name, property) in own {
                properties.insert(name.clone(), property.clone());
            }
        }
        for name in schema["required"].as_array().into_iter().flatten() {
            if let Some(name) = name.as_str() {
                required.push(name.to_string());
            }
        }
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.collect(part, properties, required, depth + 1);
        }
    }
}

/// Marks a required property no schema part declares, until the instance is complete.
const UNDECLARED: &str = "\u{0}undeclared";

fn replace_undeclared(value: &mut Value) {
    match value {
        Value::String(s) if s == UNDECLARED => *value = json!("x"),
        Value::Array(items) => items.iter_mut().for_each(replace_undeclared),
        Value::Object(fields) => fields.values_mut().for_each(replace_undeclared),
        _ => {}
    }
}

fn string_instance(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return json!("x");
    };
    if let Some(Value::String(example)) = object.get("example")
        && object.contains_key("pattern")
    {
        return json!(example);
    }
    let text = match object.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-02T03:04:05.000Z",
        Some("date") => "2024-01-02",
        Some("email") => "a@example.com",
        Some("uri" | "url" | "uri-reference") => "https://example.com/x",
        Some("hostname") => "example.com",
        Some("ipv4") => "127.0.0.1",
        Some("ipv6") => "::1",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("byte") => "eA==",
        _ => "x",
    };
    let min = schema["minLength"].as_u64().unwrap_or(0) as usize;
    if text.len() < min {
        json!(text.repeat(min.div_ceil(text.len())))
    } else {
        json!(text)
    }
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(target) => match doc.pointer(target.trim_start_matches('#')) {
                Some(found) => value = found,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

fn segment_matches(template: &str, segment: &str) -> bool {
    if !template.contains('{') {
        return template == segment;
    }
    // `{name}` matches any non-empty text; literal text around it must match.
    let prefix = &template[..template.find('{').unwrap_or(0)];
    let suffix = &template[template.rfind('}').map_or(template.len(), |i| i + 1)..];
    segment.len() > prefix.len() + suffix.len()
        && segment.starts_with(prefix)
        && segment.ends_with(suffix)
}

/// A template with its placeholder names left out, for comparing two templates.
pub fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
