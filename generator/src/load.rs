//! Spec text -> `openapiv3::OpenAPI`, after checking the document declares OpenAPI 3.0.
//!
//! The version is checked on a loose YAML value first, so that a Swagger 2.0 or OpenAPI 3.1 file
//! gets an "unsupported version" message instead of a confusing deserialization error.

use crate::error::Error;

/// Parses `text` (YAML or JSON) as an OpenAPI 3.0 document. `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<openapiv3::OpenAPI, Error> {
    let parse_error = |e: serde_yaml::Error| Error::Parse {
        path: origin.to_string(),
        message: e.to_string(),
    };
    // Fast path: a YAML file whose top-level version line says 3.0 is parsed once, straight
    // into the spec types. Anything else (JSON, other versions, no version line) is first read
    // loosely so the version check can say what it found.
    if top_level_version(text).is_some_and(|v| v.starts_with("3.0")) {
        return serde_yaml::from_str(text).map_err(parse_error);
    }
    let loose: serde_yaml::Value = serde_yaml::from_str(text).map_err(parse_error)?;
    check_version(&loose, origin)?;
    serde_yaml::from_value(loose).map_err(parse_error)
}

/// The value of a top-level `openapi:` line of a YAML document, without parsing the document.
fn top_level_version(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.strip_prefix("openapi:"))
        .map(|v| v.trim().trim_matches(['"', '\'']))
}

fn check_version(doc: &serde_yaml::Value, origin: &str) -> Result<(), Error> {
    let unsupported = |found: String| Error::UnsupportedVersion {
        path: origin.to_string(),
        found,
    };
    let as_text = |v: &serde_yaml::Value| match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    if !doc.is_mapping() {
        return Err(Error::Parse {
            path: origin.to_string(),
            message: "the document is not a mapping (expected `openapi: 3.0.x` at the top)"
                .to_string(),
        });
    }
    if let Some(swagger) = doc.get("swagger") {
        return Err(unsupported(format!("swagger: {}", as_text(swagger))));
    }
    match doc.get("openapi") {
        None => Err(unsupported("(no `openapi` field)".to_string())),
        Some(version) => {
            let version = as_text(version);
            if version.starts_with("3.0") {
                Ok(())
            } else {
                Err(unsupported(format!("openapi: {version}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse(text, "spec.yaml").unwrap_err().to_string()
    }

    #[test]
    fn swagger_2_is_refused_by_name() {
        let m = message("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
        assert!(m.contains("unsupported spec version swagger: 2.0"), "{m}");
    }

    #[test]
    fn openapi_3_1_is_refused_by_name() {
        let m = message("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n");
        assert!(m.contains("unsupported spec version openapi: 3.1.0"), "{m}");
    }

    #[test]
    fn broken_yaml_says_where() {
        let m = message("openapi: 3.0.0\ninfo: [\n");
        assert!(
            m.starts_with("spec.yaml: not a valid OpenAPI 3.0 document"),
            "{m}"
        );
        assert!(m.contains("line"), "{m}");
    }

    #[test]
    fn version_line_is_read_without_parsing() {
        assert_eq!(
            top_level_version("# c\nopenapi: '3.0.1'\ninfo: {}\n"),
            Some("3.0.1")
        );
        assert_eq!(top_level_version("swagger: '2.0'\n"), None);
        // A nested key is not the document's version.
        assert_eq!(top_level_version("info:\n  openapi: 3.0.0\n"), None);
    }

    #[test]
    fn json_documents_take_the_loose_path() {
        let api = parse(
            r#"{"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {}}"#,
            "spec.json",
        )
        .unwrap();
        assert_eq!(api.info.title, "x");
        let m = parse(r#"{"swagger": "2.0"}"#, "spec.json")
            .unwrap_err()
            .to_string();
        assert!(m.contains("unsupported spec version swagger: 2.0"), "{m}");
    }

    #[test]
    fn minimal_document_parses() {
        let api = parse(
            "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
            "spec.yaml",
        )
        .unwrap();
        assert_eq!(api.info.title, "x");
    }
}
