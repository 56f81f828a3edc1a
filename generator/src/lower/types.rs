//! Rust types for spec schemas.

/// A Rust type in structured form, so decisions such as boxing can look inside it before it
/// becomes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F64,
    DateTime,
    /// Any JSON value (a schema without a type).
    Json,
    /// A generated model, by Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A JSON object with arbitrary keys.
    Map(Box<Ty>),
    /// Raw bytes (`format: binary`).
    Bytes,
}

impl Ty {
    /// The scalar that a JSON Schema `type` and `format` name, as the spec writes them
    /// (`string` + `date-time` is a timestamp, `binary` raw bytes, `int32` an `i32`); `None`
    /// for a type that is not a scalar.
    pub fn scalar(json_type: &str, format: Option<&str>) -> Option<Ty> {
        Some(match (json_type, format) {
            ("boolean", _) => Ty::Bool,
            ("integer", Some("int32")) => Ty::I32,
            ("integer", _) => Ty::I64,
            ("number", _) => Ty::F64,
            ("string", Some("date-time")) => Ty::DateTime,
            ("string", Some("binary")) => Ty::Bytes,
            ("string", _) => Ty::String,
            _ => return None,
        })
    }

    /// The type as written in generated code.
    pub fn rust(&self) -> String {
        match self {
            Ty::String => "String".to_string(),
            Ty::Bool => "bool".to_string(),
            Ty::I32 => "i32".to_string(),
            Ty::I64 => "i64".to_string(),
            Ty::F64 => "f64".to_string(),
            Ty::DateTime => "chrono::DateTime<chrono::Utc>".to_string(),
            Ty::Json => "serde_json::Value".to_string(),
            Ty::Named(name) => format!("crate::models::{name}"),
            Ty::Vec(inner) => format!("Vec<{}>", inner.rust()),
            Ty::Map(inner) => match **inner {
                Ty::Json => "serde_json::Map<String, serde_json::Value>".to_string(),
                _ => format!("std::collections::BTreeMap<String, {}>", inner.rust()),
            },
            Ty::Bytes => "Vec<u8>".to_string(),
        }
    }

    /// The type as the documented surface spells it: `User`, `String`, `Vec<JsonWebKey>`.
    pub fn display(&self) -> String {
        match self {
            Ty::Named(name) => name.clone(),
            Ty::Vec(inner) => format!("Vec<{}>", inner.display()),
            other => other.rust(),
        }
    }

    /// The type of a borrowed argument: `&str`, `&'a [T]`, `&'a T`.
    pub fn borrowed_arg(&self, lifetime: &str) -> String {
        format!("&{lifetime} {}", self.borrowed_target())
    }

    /// What a borrowed argument points to: `str`, `[T]`, `T`.
    pub fn borrowed_target(&self) -> String {
        match self {
            Ty::String => "str".to_string(),
            Ty::Bytes => "[u8]".to_string(),
            Ty::Vec(inner) => format!("[{}]", inner.rust()),
            other => other.rust(),
        }
    }

    /// Every model this type mentions, at any depth (`Vec<Map<User>>` mentions `User`).
    pub fn models(&self) -> Vec<String> {
        match self {
            Ty::Named(name) => vec![name.clone()],
            Ty::Vec(inner) | Ty::Map(inner) => inner.models(),
            _ => Vec::new(),
        }
    }

    /// The model this type names directly (not through a `Vec` or map), which matters for
    /// recursion: only direct references make a type infinitely sized.
    pub fn direct_model(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }
}
