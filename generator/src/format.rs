//! Rendered text -> formatted Rust, in process, with `syn` and `prettyplease`.
//!
//! A parse failure means a template produced invalid Rust: a generator bug. The error names the
//! output file, the template and the offending lines so it can be fixed at the source.

use crate::error::Error;
use crate::render::RenderedFile;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};

/// Pieces are cut at the first item boundary past this many bytes: small enough that the
/// threads finish together (one file, `models/common.rs`, is a third of all the text) and that
/// no thread holds the syntax tree of a whole large file, large enough that per-piece costs
/// do not matter (about 450 pieces for the Okta spec).
const PIECE_BYTES: usize = 16 * 1024;

/// Formats the files that `render` emits, while it is still rendering, spread over the
/// available cores: formatting is most of regen's time.
///
/// Each file is cut into pieces of whole top-level items (see `pieces`) and the pieces are
/// formatted independently: prettyplease prints a file's items one after the other, each
/// starting in column 0 and ending with a line break, so a file's output is the concatenation
/// of its pieces' outputs (the tests below compare both ways; the committed SDK, formatted
/// file by file before, came out byte-identical). Helper
/// threads format pieces as they arrive; the calling thread renders, then formats too. A file
/// whose pieces do not all parse on their own is formatted whole, which also gives a broken
/// file its precise error. The result is keyed by path, so it does not depend on scheduling.
pub fn format_streamed<R>(render: R) -> Result<BTreeMap<String, String>, Error>
where
    R: FnOnce(&mut dyn FnMut(RenderedFile)) -> Result<(), Error>,
{
    let helpers = std::thread::available_parallelism().map_or(1, usize::from) - 1;
    let (sender, receiver) = mpsc::channel::<Piece>();
    let receiver = Mutex::new(receiver);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers)
            .map(|_| scope.spawn(|| format_pieces(&receiver)))
            .collect();
        // Each file with the number of pieces it was cut into.
        let mut files: Vec<(Arc<RenderedFile>, usize)> = Vec::new();
        let rendered = render(&mut |file| {
            let file = Arc::new(file);
            let ranges = pieces(&file.text);
            for (index, range) in ranges.iter().enumerate() {
                let piece = Piece {
                    file: files.len(),
                    index,
                    source: Arc::clone(&file),
                    range: range.clone(),
                };
                // Cannot fail: the receiver lives until the end of this scope.
                let _ = sender.send(piece);
            }
            files.push((file, ranges.len()));
        });
        // No more pieces: the helpers stop once the queue is empty, and so does this thread.
        drop(sender);
        let mut formatted = format_pieces(&receiver);
        for handle in handles {
            match handle.join() {
                Ok(done) => formatted.extend(done),
                Err(_) => {
                    return Err(Error::InvalidRust {
                        file: "(formatter thread)".to_string(),
                        template: String::new(),
                        message: "the formatter panicked".to_string(),
                        excerpt: String::new(),
                    });
                }
            }
        }
        rendered?;
        assemble(&files, formatted)
    })
}

/// A range of whole top-level items of a rendered file.
struct Piece {
    /// The file's position in emit order, and the piece's position in the file.
    file: usize,
    index: usize,
    source: Arc<RenderedFile>,
    range: Range<usize>,
}

/// A formatted piece, or `None` if it does not parse on its own.
type Formatted = (usize, usize, Option<String>);

/// Takes pieces off the queue and formats them until the queue is closed and empty.
fn format_pieces(queue: &Mutex<Receiver<Piece>>) -> Vec<Formatted> {
    let mut done = Vec::new();
    loop {
        // The lock is held while waiting: whichever thread holds it takes the next piece.
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(piece) = next else {
            return done;
        };
        let text = &piece.source.text[piece.range.clone()];
        done.push((
            piece.file,
            piece.index,
            format_piece(text, piece.index == 0),
        ));
    }
}

/// Formats one piece; `None` if it does not parse, or if it is not the first piece of its file
/// and starts with inner attributes (valid alone, not after items: the whole file is an error).
fn format_piece(text: &str, first: bool) -> Option<String> {
    let parsed = syn::parse_file(text).ok()?;
    if !first && (parsed.shebang.is_some() || !parsed.attrs.is_empty()) {
        return None;
    }
    Some(prettyplease::unparse(&parsed))
}

/// Joins each file's formatted pieces; a file with a piece that did not parse is formatted
/// whole instead (an error for a broken file, with its location).
fn assemble(
    files: &[(Arc<RenderedFile>, usize)],
    formatted: Vec<Formatted>,
) -> Result<BTreeMap<String, String>, Error> {
    let mut slots: Vec<Vec<Option<String>>> =
        files.iter().map(|(_, count)| vec![None; *count]).collect();
    for (file, index, text) in formatted {
        slots[file][index] = text;
    }
    files
        .iter()
        .zip(slots)
        .map(|((file, _), pieces)| {
            let text = match pieces.into_iter().collect::<Option<Vec<String>>>() {
                Some(pieces) => pieces.concat(),
                None => format(file)?,
            };
            Ok((file.path.clone(), text))
        })
        .collect()
}

/// Cuts `text` into ranges of whole top-level items, each at least [`PIECE_BYTES`] long but
/// the last. Templates write each top-level item's last line in column 0 (`}`, `};`,
/// `pub type A = B;`), so a piece ends after such a line. This is only a guess at item
/// boundaries: a cut inside an item (say, in a multi-line string) leaves a piece that does not
/// parse, and the file is then formatted whole.
fn pieces(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        end += line.len();
        let content = line.trim_end();
        let item_end = !content.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '#')
            && (content.ends_with('}') || content.ends_with(';'));
        if item_end && end - start >= PIECE_BYTES {
            ranges.push(start..end);
            start = end;
        }
    }
    if start < text.len() || ranges.is_empty() {
        ranges.push(start..text.len());
    }
    ranges
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

    fn streamed(files: Vec<RenderedFile>) -> Result<BTreeMap<String, String>, Error> {
        format_streamed(|emit| {
            files.into_iter().for_each(emit);
            Ok(())
        })
    }

    fn rendered(path: &str, text: String) -> RenderedFile {
        RenderedFile {
            path: path.into(),
            template: "models.rs.tera",
            text,
        }
    }

    /// Enough items, of the shapes templates write, for several pieces.
    fn many_items() -> String {
        let mut text = "//! Header.\n#[allow(unused_imports)]\nuse a::{b, c};\n".to_string();
        for n in 0..400 {
            text.push_str(&format!(
                "/// Doc {n}.\n#[derive(Debug)]\npub struct S{n} {{ pub a: Option<String>, pub b: Vec<i64> }}\n\
                 pub type T{n} = S{n};\nimpl S{n} {{\n    pub fn f(&self) -> usize {{ match self.a {{ Some(ref s) => s.len(), None => {n} }} }}\n}}\n"
            ));
        }
        text
    }

    #[test]
    fn pieces_format_like_the_whole_file() {
        let text = many_items();
        assert!(pieces(&text).len() > 3, "the test needs several pieces");
        let whole = format(&rendered("a.rs", text.clone())).unwrap();
        let files = streamed(vec![rendered("a.rs", text)]).unwrap();
        assert_eq!(files["a.rs"], whole);
    }

    #[test]
    fn a_cut_inside_an_item_falls_back_to_the_whole_file() {
        // A multi-line string with lines that look like item ends: the pieces around them do
        // not parse, so the file is formatted whole, with the same result.
        let mut text = many_items();
        text.push_str(&format!(
            "const S: &str = \"{}\n}};\n\";\n",
            "x".repeat(PIECE_BYTES)
        ));
        text.push_str(
            &many_items()
                .replace("//! Header.", "")
                .replace('S', "U")
                .replace('T', "V"),
        );
        let cut = pieces(&text);
        assert!(
            cut.iter()
                .any(|r| syn::parse_file(&text[r.clone()]).is_err())
        );
        let whole = format(&rendered("b.rs", text.clone())).unwrap();
        let files = streamed(vec![rendered("b.rs", text)]).unwrap();
        assert_eq!(files["b.rs"], whole);
    }

    #[test]
    fn a_broken_file_is_located_when_streamed() {
        let mut text = many_items();
        text.push_str("fn broken( {\n}\n");
        text.push_str(&many_items().replace("//! Header.", "//! Inner doc after items."));
        let message = streamed(vec![rendered("c.rs", text)])
            .unwrap_err()
            .to_string();
        assert!(message.contains("c.rs"), "{message}");
        assert!(message.contains("fn broken( {"), "{message}");
    }

    #[test]
    fn inner_attributes_after_items_are_an_error_when_streamed() {
        // Alone, the later piece would parse; in the file it is an error.
        let mut text = many_items();
        text.push_str(&many_items());
        assert!(syn::parse_file(&text).is_err());
        assert!(streamed(vec![rendered("d.rs", text)]).is_err());
    }
}
