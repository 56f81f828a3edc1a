//! Spec prose -> rustdoc lines that build cleanly with `-D warnings`.
//!
//! Okta's descriptions contain square brackets (rustdoc would read them as intra-doc links),
//! bare URLs (a `rustdoc::bare_urls` warning), HTML-looking text, and fenced or indented
//! examples (which rustdoc would compile as Rust doctests). Each is neutralised here.

/// Turns free text into rustdoc lines (without the leading `///`).
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw in text.trim().lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            // Fences become plain text blocks so examples are shown, never compiled.
            lines.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
            continue;
        }
        // A line after a list item continues it (Markdown's lazy continuation); rustdoc's lint
        // wants it indented under the item's text.
        if line.is_empty() {
            list_indent = None;
        } else if let Some(width) = list_item_width(line) {
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            lines.push(format!("{}{}", " ".repeat(width), escape_line(line)));
            continue;
        }
        lines.push(escape_line(line));
    }
    if in_fence {
        lines.push("```".to_string());
    }
    lines
}

/// The width of a Markdown list marker starting `line` (`* `, `- `, `+ `, `1. `), if it is one.
fn list_item_width(line: &str) -> Option<usize> {
    if line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Joins paragraphs with a blank doc line between them, skipping empty ones.
pub fn paragraphs(parts: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(part.iter().cloned());
    }
    out
}

/// Escapes a line, keeping its Markdown links (`[text](https://...)`) as links: relative ones
/// point into Okta's developer site; other targets (anchors) keep only their text.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        match inline_link(&rest[open..]) {
            Some((text, target, after)) => {
                out.push_str(&escape_markdown(&rest[..open]));
                match link_url(target) {
                    Some(url) => {
                        out.push('[');
                        out.push_str(&escape_chars(text));
                        out.push_str("](");
                        out.push_str(&url);
                        out.push(')');
                    }
                    None => out.push_str(&escape_markdown(text)),
                }
                rest = after;
            }
            None => {
                out.push_str(&escape_markdown(&rest[..=open]));
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(&escape_markdown(rest));
    out
}

/// `[text](target)` at the start of `s`: (text, target, what follows).
fn inline_link(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    let after_paren = &s[close + 2..];
    let end = after_paren.find(')')?;
    let target = &after_paren[..end];
    if text.contains(['[', ']']) || target.contains(['[', ']', '<', '>', '`', ' ']) {
        return None;
    }
    Some((text, target, &after_paren[end + 1..]))
}

fn link_url(target: &str) -> Option<String> {
    if target.starts_with("https://") || target.starts_with("http://") {
        Some(target.to_string())
    } else if target.starts_with('/') {
        Some(format!("https://developer.okta.com{target}"))
    } else {
        None
    }
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for word in split_keeping_spaces(line) {
        if word.starts_with("http://") || word.starts_with("https://") {
            let end = word
                .trim_end_matches(['.', ',', ')', ';', ':', '\'', '"'])
                .len();
            let (url, rest) = word.split_at(end);
            if url.contains(['<', '>', '`']) {
                out.push_str(&escape_chars(word));
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape_chars(rest));
            }
        } else if word.contains("://") && !word.contains('`') {
            // A URL inside other text (an HTML attribute, `src="https://..."`) is shown as
            // code: it cannot be made a link without its surroundings.
            out.push('`');
            out.push_str(word);
            out.push('`');
        } else {
            out.push_str(&escape_chars(word));
        }
    }
    out
}

fn escape_chars(text: &str) -> std::borrow::Cow<'_, str> {
    // Most words have nothing to escape: no copy (this runs for every word of every doc).
    if !text.contains(['[', ']', '<', '>']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out.into()
}

fn split_keeping_spaces(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if c == ' ' {
            if start < i {
                parts.push(&line[start..i]);
            }
            parts.push(" ");
            start = i + 1;
        }
    }
    if start < line.len() {
        parts.push(&line[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_stay_links() {
        assert_eq!(
            doc_lines(
                "See [Pagination](https://x.example/#p) and [Users](/openapi/users) or [here](#a)."
            ),
            [
                "See [Pagination](https://x.example/#p) and [Users](https://developer.okta.com/openapi/users) or here."
            ]
        );
        // Brackets that are not a link are still escaped.
        assert_eq!(doc_lines("a [b] c"), ["a \\[b\\] c"]);
    }

    #[test]
    fn lines_continuing_a_list_item_are_indented_under_it() {
        assert_eq!(
            doc_lines("Intro:\n* first\nmore of first\n\n10. tenth\nmore"),
            [
                "Intro:",
                "* first",
                "  more of first",
                "",
                "10. tenth",
                "    more"
            ]
        );
    }

    #[test]
    fn brackets_urls_and_fences_are_neutralised() {
        let text = "See [docs](x) at https://developer.okta.com/docs.\n    ```\n    {\"a\": 1}\n```\nA <b> tag";
        assert_eq!(
            doc_lines(text),
            vec![
                "See docs at <https://developer.okta.com/docs>.",
                "```text",
                "{\"a\": 1}",
                "```",
                "A \\<b\\> tag",
            ]
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```\ncode"), vec!["```text", "code", "```"]);
    }

    #[test]
    fn paragraphs_skip_empty_parts() {
        let joined = paragraphs(&[vec!["a".into()], vec![], vec!["b".into()]]);
        assert_eq!(joined, vec!["a", "", "b"]);
    }
}
