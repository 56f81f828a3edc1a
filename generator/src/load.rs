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
        if let Some(Ok(spec)) = parse_in_parts(text) {
            return Ok(spec);
        }
        // Not cut, or a part failed: the whole document, for its result or its exact error.
        return serde_yaml::from_str(text).map_err(parse_error);
    }
    let loose: serde_yaml::Value = serde_yaml::from_str(text).map_err(parse_error)?;
    check_version(&loose, origin)?;
    serde_yaml::from_value(loose).map_err(parse_error)
}

/// Children of `components` at least this large are parsed on threads of their own.
const PART_BYTES: usize = 256 * 1024;

/// `components` holding one or more of its fields, as a document of its own.
#[derive(serde::Deserialize)]
struct ComponentsPart {
    components: openapiv3::Components,
}

/// Parses a large block-style YAML document in parts, on several threads: the large children
/// of `components` (in the Okta spec `schemas` and `examples`, two thirds of the text) each as
/// a document `components:\n  <child>...`, and the rest of the document as the spec, whose
/// `components` then gets the parts' fields. YAML parsing is a sequential scan, so this is how
/// the spec's parse (a fifth of regen) uses more than one core.
///
/// Each part is parsed by the same code as in the whole document (`Components` deserializes
/// each field by itself), and a child starting in column 2 of a block mapping starts in the
/// same parser state in either document, so a result is the whole document's. A cut that
/// would not be clean returns `None`: a document that is not plain block style, YAML anchors
/// (one part could not see another's), repeated or quoted child keys. A part that fails to
/// parse (`Some(Err)`) is reparsed whole by the caller, whose error then has the right line.
fn parse_in_parts(text: &str) -> Option<Result<openapiv3::OpenAPI, serde_yaml::Error>> {
    let (rest, parts) = cut_components(text)?;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(move || serde_yaml::from_str::<ComponentsPart>(part)))
            .collect();
        let spec = serde_yaml::from_str::<openapiv3::OpenAPI>(&rest);
        let mut spec = match spec {
            Ok(spec) => spec,
            Err(e) => return Some(Err(e)),
        };
        let components = spec.components.get_or_insert_with(Default::default);
        for handle in handles {
            let part = match handle.join() {
                Ok(Ok(part)) => part.components,
                Ok(Err(e)) => return Some(Err(e)),
                Err(_) => return None,
            };
            // Each part holds fields the rest and the other parts lack (no child key twice).
            components.schemas.extend(part.schemas);
            components.responses.extend(part.responses);
            components.parameters.extend(part.parameters);
            components.examples.extend(part.examples);
            components.request_bodies.extend(part.request_bodies);
            components.headers.extend(part.headers);
            components.security_schemes.extend(part.security_schemes);
            components.links.extend(part.links);
            components.callbacks.extend(part.callbacks);
        }
        Some(Ok(spec))
    })
}

/// The fields of `Components`, as YAML keys: the children of `components` that may be cut out.
const COMPONENT_FIELDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// `text` without the large children of `components`, and those children, each as a document
/// `components:\n<child lines>`; `None` if the document cannot be cut cleanly or has nothing
/// large enough to cut out (see [`parse_in_parts`]).
fn cut_components(text: &str) -> Option<(String, Vec<String>)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let is_key_line = |line: &str, indent: usize| {
        line.len() > indent
            && line.bytes().take(indent).all(|b| b == b' ')
            && !line[indent..].starts_with([' ', '\t', '#', '-', '\r', '\n'])
    };
    if !plain_block_style(&lines) {
        return None;
    }
    let top_level: Vec<usize> = (0..lines.len())
        .filter(|&i| is_key_line(lines[i].1, 0))
        .collect();
    let components = *top_level
        .iter()
        .find(|&&i| lines[i].1.trim_end() == "components:")?;
    let end = top_level
        .iter()
        .find(|&&i| i > components)
        .map_or(text.len(), |&i| lines[i].0);
    // The children: lines in column 2, the first non-blank, non-comment line among them.
    let mut children: Vec<(usize, &str)> = Vec::new();
    for &(start, line) in lines
        .iter()
        .filter(|(start, _)| *start > lines[components].0 && *start < end)
    {
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        if is_key_line(line, 2) {
            children.push((start, line.trim_end()));
        } else if children.is_empty() {
            return None;
        }
    }
    let mut keys: Vec<&str> = children.iter().map(|(_, line)| &line[2..]).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
        return None;
    }
    let mut rest = String::with_capacity(text.len());
    let mut parts = Vec::new();
    let mut kept_from = 0;
    for (n, &(start, line)) in children.iter().enumerate() {
        let stop = children.get(n + 1).map_or(end, |&(next, _)| next);
        let key = line[2..].strip_suffix(':');
        if stop - start >= PART_BYTES && key.is_some_and(|key| COMPONENT_FIELDS.contains(&key)) {
            rest.push_str(&text[kept_from..start]);
            parts.push(format!("components:\n{}", &text[start..stop]));
            kept_from = stop;
        }
    }
    if parts.is_empty() {
        return None;
    }
    rest.push_str(&text[kept_from..]);
    Some((rest, parts))
}

/// Whether a document can be cut between its lines without changing what they mean: no
/// document markers, directives or flow collections in column 0, and outside block scalars
/// (`|`, `>`: prose, where anything goes) no anchors, aliases or tags where block style puts
/// them (a node's start; their meaning can reach from one part into another), nor explicit
/// keys (`? `), which could hide a child's key. Conservative: prose that looks like one only costs the cut.
fn plain_block_style(lines: &[(usize, &str)]) -> bool {
    // The indentation of the line that opened the block scalar being read, if any.
    let mut block_scalar: Option<usize> = None;
    for (_, line) in lines {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let content = content.trim_end();
        if let Some(opened_at) = block_scalar {
            if content.is_empty() || indent > opened_at {
                continue;
            }
            block_scalar = None;
        }
        if line.starts_with(['-', '.', '%', '\t', '{', '['])
            || content.starts_with(['&', '*', '!', '?', ':'])
        {
            return false;
        }
        // The node this line starts: after any `- ` of sequence entries and a `key: `.
        let mut node = content;
        while let Some(rest) = node.strip_prefix("- ") {
            node = rest.trim_start();
        }
        if let Some(colon) = node.as_bytes().windows(2).position(|pair| pair == b": ") {
            node = node[colon + 2..].trim_start();
        }
        if node.starts_with(['&', '*', '!'])
            || (node.starts_with(['[', '{']) && node.contains(['&', '*', '!']))
        {
            return false;
        }
        // A block scalar header ends the line: `|`, `>-`, `|2`...
        if !content.ends_with([
            '|', '>', '+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9',
        ]) {
            continue;
        }
        let last = content.rsplit([' ', ':']).next().unwrap_or("");
        if last.starts_with(['|', '>'])
            && last[1..]
                .bytes()
                .all(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
            && content.len() > last.len()
        {
            block_scalar = Some(indent);
        }
    }
    true
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

    /// A spec with `components` children large enough to be parsed as parts.
    fn large_spec(extra_schema: &str) -> String {
        let mut text = "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths: {}\n".to_string();
        text.push_str(
            "components:\n  securitySchemes:\n    a:\n      type: http\n      scheme: basic\n",
        );
        for child in ["examples", "schemas"] {
            text.push_str(&format!("  {child}:\n"));
            for n in 0..3000 {
                text.push_str(&format!(
                    "    T{n}:\n      description: |\n        * Item {n}: &not *an alias\n\
                     \n        more\n      value:\n        id: {n}\n        tags: [a, 'b: c']\n"
                ));
            }
        }
        text.push_str(extra_schema);
        text.push_str("x-tagGroups:\n  - name: x\n");
        text
    }

    fn whole(text: &str) -> openapiv3::OpenAPI {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn parts_parse_like_the_whole_document() {
        let text = large_spec("");
        let (_, parts) = cut_components(&text).expect("cut");
        assert_eq!(parts.len(), 2);
        assert_eq!(parse(&text, "spec.yaml").unwrap(), whole(&text));
    }

    #[test]
    fn the_okta_spec_parses_in_parts_like_the_whole() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/okta-management-2026.06.3.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let (_, parts) = cut_components(&text).expect("the Okta spec is cut");
        assert_eq!(parts.len(), 2, "schemas and examples");
        assert_eq!(parse(&text, "spec.yaml").unwrap(), whole(&text));
    }

    #[test]
    fn documents_that_cannot_be_cut_cleanly_are_not() {
        let anchor = "    Anchored: &shared\n      type: string\n    Alias: *shared\n";
        assert!(cut_components(&large_spec(anchor)).is_none());
        let tagged = "    Tagged: !!str x\n";
        assert!(cut_components(&large_spec(tagged)).is_none());
        let repeated = "  schemas:\n    Again:\n      type: string\n";
        assert!(cut_components(&large_spec(repeated)).is_none());
        let explicit = "  ? schemas\n  : {}\n";
        assert!(cut_components(&large_spec(explicit)).is_none());
        // Both documents parse the same (the anchor case), or fail the same.
        let text = large_spec(anchor);
        assert_eq!(parse(&text, "spec.yaml").unwrap(), whole(&text));
        assert!(parse(&large_spec(repeated), "spec.yaml").is_err());
    }

    #[test]
    fn an_error_in_a_part_has_the_whole_documents_line() {
        let text = large_spec("    Broken:\n      type: [\n");
        let expected = serde_yaml::from_str::<openapiv3::OpenAPI>(&text)
            .unwrap_err()
            .to_string();
        assert!(cut_components(&text).is_some());
        let m = message(&text);
        assert!(m.ends_with(&expected), "{m}\nexpected {expected}");
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
