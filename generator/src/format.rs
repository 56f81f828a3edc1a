//! Rendered text -> formatted Rust, in process, with `syn` and `prettyplease`.
//!
//! A parse failure means a template produced invalid Rust: a generator bug. The error names the
//! output file, the template and the offending lines so it can be fixed at the source.

use crate::error::Error;
use crate::render::RenderedFile;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Formats every file, spread over the available cores (formatting dominates regen time and
/// files are independent). Threads take the largest remaining file first; the result is a map
/// keyed by path, so it does not depend on scheduling.
pub fn format_all(files: &[RenderedFile]) -> Result<BTreeMap<String, String>, Error> {
    let mut order: Vec<&RenderedFile> = files.iter().collect();
    order.sort_by_key(|file| std::cmp::Reverse(file.text.len()));
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(order.len().max(1));
    let worker = || {
        let mut done = Vec::new();
        while let Some(file) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(format(file).map(|text| (file.path.clone(), text)));
        }
        done
    };
    let results: Vec<Result<(String, String), Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![Err(Error::InvalidRust {
                        file: "(formatter thread)".to_string(),
                        template: String::new(),
                        message: "the formatter panicked".to_string(),
                        excerpt: String::new(),
                    })]
                })
            })
            .collect()
    });
    results.into_iter().collect()
}

/// Parses and pretty-prints one rendered file.
pub fn format(file: &RenderedFile) -> Result<String, Error> {
    match syn::parse_file(&file.text) {
        Ok(parsed) => Ok(prettyplease::unparse(&parsed)),
        Err(e) => {
            let (line, message) = locate_error(&file.text, e);
            Err(Error::InvalidRust {
                file: file.path.clone(),
                template: file.template.to_string(),
                message: format!("{message} in the item at line {line}"),
                excerpt: excerpt(&file.text, line),
            })
        }
    }
}

/// The first line of the top-level item that does not parse, and syn's message for it.
///
/// syn knows line numbers only with proc-macro2's `span-locations`, which slows every parse by
/// a third; a parse error is a generator bug and rare, so it is located here instead: templates
/// end each top-level item with `}` (or `};`) in column 0, and the items are parsed one by one.
fn locate_error(text: &str, whole_file_error: syn::Error) -> (usize, String) {
    let mut start_line = 1;
    let mut chunk = String::new();
    for (index, line) in text.lines().enumerate() {
        chunk.push_str(line);
        chunk.push('\n');
        if line == "}" || line == "};" {
            if let Err(e) = syn::parse_file(&chunk) {
                return (start_line, e.to_string());
            }
            chunk.clear();
            start_line = index + 2;
        }
    }
    match syn::parse_file(&chunk) {
        Err(e) => (start_line, e.to_string()),
        Ok(_) => (1, whole_file_error.to_string()),
    }
}

/// The lines around `line` (1-based), numbered.
fn excerpt(text: &str, line: usize) -> String {
    let first = line.saturating_sub(3).max(1);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(n, _)| *n >= first && *n <= line + 2)
        .map(|(n, l)| format!("{n:>5} | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_rust_names_file_template_and_line() {
        let file = RenderedFile {
            path: "src/apis/user.rs".into(),
            template: "api.rs.tera",
            text: "fn ok() {\n}\n/// Docs.\nfn broken( {\n}\nfn fine() {\n}\n".into(),
        };
        let message = format(&file).unwrap_err().to_string();
        assert!(message.contains("src/apis/user.rs"), "{message}");
        assert!(message.contains("api.rs.tera"), "{message}");
        assert!(message.contains("at line 3"), "{message}");
        assert!(message.contains("3 | /// Docs."), "{message}");
        assert!(message.contains("4 | fn broken( {"), "{message}");
    }
}
