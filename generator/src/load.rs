//! Spec text -> `openapiv3::OpenAPI`, after checking the document declares OpenAPI 3.0.
//!
//! The version is checked on a loose YAML value first, so that a Swagger 2.0 or OpenAPI 3.1 file
//! gets an "unsupported version" message instead of a confusing deserialization error.

use crate::error::Error;

/// Parses `text` (YAML or JSON) as an OpenAPI 3.0 document. `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<openapiv3::OpenAPI, Error> {
    let loose: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Parse {
        path: origin.to_string(),
        message: e.to_string(),
    })?;
    check_version(&loose, origin)?;
    serde_yaml::from_value(loose).map_err(|e| Error::Parse {
        path: origin.to_string(),
        message: e.to_string(),
    })
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
    fn minimal_document_parses() {
        let api = parse(
            "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
            "spec.yaml",
        )
        .unwrap();
        assert_eq!(api.info.title, "x");
    }
}
