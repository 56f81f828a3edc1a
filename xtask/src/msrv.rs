//! `cargo xtask msrv`: checks that each workspace crate's `rust-version` is honest, without
//! installing an older toolchain (CI has only one).
//!
//! A crate needs at least the newest of:
//! - the `rust-version` of every crate it compiles: its dependencies (all platforms, all
//!   features, as locked in `Cargo.lock`; dev-dependencies only for the workspace's own crates),
//!   read from `cargo metadata`;
//! - its edition, and the workspace's `resolver`;
//! - the language features its sources use, found by lexing every `.rs` file of the crate and
//!   looking for the syntax each feature introduced (let chains, `&raw const`, async closures...,
//!   the table in [`MARKERS`]).
//!
//! Standard library APIs are not checked here: clippy's `incompatible_msrv` lint does that, from
//! the same `rust-version`, in CI's clippy step. Together they catch what a user on the declared
//! Rust would trip over; a feature missing from the table is the known gap.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use serde_json::Value;

/// A Rust release, `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion(u64, u64, u64);

impl RustVersion {
    fn parse(text: &str) -> Option<RustVersion> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let major = parts.next()??;
        let minor = parts.next().unwrap_or(Some(0))?;
        let patch = parts.next().unwrap_or(Some(0))?;
        Some(RustVersion(major, minor, patch))
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.2 {
            0 => write!(f, "{}.{}", self.0, self.1),
            patch => write!(f, "{}.{}.{patch}", self.0, self.1),
        }
    }
}

/// Language features found by their syntax, with the Rust release that stabilized each.
pub const MARKERS: &[(&str, RustVersion)] = &[
    (LET_CHAINS, RustVersion(1, 88, 0)),
    (CFG_BOOLEAN, RustVersion(1, 88, 0)),
    (ASYNC_CLOSURES, RustVersion(1, 85, 0)),
    (RAW_REFS, RustVersion(1, 82, 0)),
    (PRECISE_CAPTURING, RustVersion(1, 82, 0)),
    (UNSAFE_ATTRIBUTES, RustVersion(1, 82, 0)),
    (UNSAFE_EXTERN, RustVersion(1, 82, 0)),
    (EXPECT_ATTRIBUTE, RustVersion(1, 81, 0)),
    (INLINE_CONST, RustVersion(1, 79, 0)),
    (C_STRINGS, RustVersion(1, 77, 0)),
];

const LET_CHAINS: &str = "let chains (`if let .. && ..`)";
const CFG_BOOLEAN: &str = "`cfg(true)` / `cfg(false)`";
const ASYNC_CLOSURES: &str = "async closures (`async |..|`)";
const RAW_REFS: &str = "raw references (`&raw const` / `&raw mut`)";
const PRECISE_CAPTURING: &str = "precise capturing (`use<..>`)";
const UNSAFE_ATTRIBUTES: &str = "unsafe attributes (`#[unsafe(..)]`)";
const UNSAFE_EXTERN: &str = "`unsafe extern` blocks";
const EXPECT_ATTRIBUTE: &str = "`#[expect(..)]`";
const INLINE_CONST: &str = "inline `const { .. }` blocks";
const C_STRINGS: &str = "C string literals (`c\"..\"`)";

fn since(feature: &str) -> RustVersion {
    MARKERS
        .iter()
        .find(|(name, _)| *name == feature)
        .map(|(_, version)| *version)
        .unwrap_or(RustVersion(1, 0, 0))
}

/// One thing that needs a given Rust: a dependency, a manifest setting or a use of a feature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Need {
    version: RustVersion,
    what: String,
}

pub fn run(root: &Path) -> Result<(), String> {
    let metadata = cargo_metadata(root)?;
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("cargo metadata: no resolve graph")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .ok_or("cargo metadata: no workspace members")?
        .iter()
        .filter_map(Value::as_str)
        .collect();

    let resolver_three = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?
        .lines()
        .any(|line| line.replace(' ', "") == "resolver=\"3\"");

    // Each source file belongs to the innermost member directory that holds it.
    let member_dirs: Vec<(PathBuf, &str)> = members
        .iter()
        .filter_map(|id| {
            let manifest = packages.get(id)?["manifest_path"].as_str()?;
            Some((Path::new(manifest).parent()?.to_path_buf(), *id))
        })
        .collect();
    let mut files_of: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    for (dir, _) in &member_dirs {
        for file in rust_files(dir)? {
            let owner = member_dirs
                .iter()
                .filter(|(d, _)| file.starts_with(d))
                .max_by_key(|(d, _)| d.components().count())
                .map(|(_, id)| *id);
            // xtask itself declares the workspace's rust-version (1.85): no let chains here.
            if let Some(owner) = owner {
                let files = files_of.entry(owner).or_default();
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
    }

    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut failures = Vec::new();
    for id in &members {
        let package = packages[id];
        let name = package["name"].as_str().unwrap_or(id);
        let Some(declared) = package["rust_version"]
            .as_str()
            .and_then(RustVersion::parse)
        else {
            failures.push(format!(
                "{name}: no `rust-version` (add `rust-version.workspace = true`)"
            ));
            continue;
        };

        let mut needs = Vec::new();
        for dep in reachable(id, &nodes) {
            let dep_package = packages[dep];
            if let Some(version) = dep_package["rust_version"]
                .as_str()
                .and_then(RustVersion::parse)
            {
                needs.push(Need {
                    version,
                    what: format!(
                        "dependency {} {} declares rust-version {version}",
                        dep_package["name"].as_str().unwrap_or(dep),
                        dep_package["version"].as_str().unwrap_or("?"),
                    ),
                });
            }
        }
        if let Some(version) = package["edition"].as_str().and_then(edition_needs) {
            needs.push(Need {
                version,
                what: format!("edition {}", package["edition"].as_str().unwrap_or("?")),
            });
        }
        if resolver_three {
            needs.push(Need {
                version: RustVersion(1, 84, 0),
                what: "workspace `resolver = \"3\"`".into(),
            });
        }
        let files = files_of.get(id).map(Vec::as_slice).unwrap_or_default();
        for file in files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            for (feature, snippet) in language_features(&text)
                .map_err(|e| format!("cannot lex {}: {e}", relative(file)))?
            {
                needs.push(Need {
                    version: since(feature),
                    what: format!("{}: {feature}: `{snippet}`", relative(file)),
                });
            }
        }
        needs.sort();

        let too_new: Vec<&Need> = needs.iter().filter(|n| n.version > declared).collect();
        let highest = needs.last();
        // Std APIs newer than `declared` are clippy's `incompatible_msrv` lint's job.
        if too_new.is_empty() {
            match highest {
                Some(need) => println!(
                    "{name}: rust-version {declared} ok; newest need {}: {} ({} sources lexed, {} needs)",
                    need.version,
                    need.what,
                    files.len(),
                    needs.len()
                ),
                None => println!("{name}: rust-version {declared} ok (nothing to check)"),
            }
        } else {
            // The distinct reasons, newest first; a feature used many times is shown once per file.
            let mut shown = BTreeSet::new();
            let mut lines = Vec::new();
            for need in too_new.iter().rev() {
                let key = need
                    .what
                    .split(": `")
                    .next()
                    .unwrap_or(&need.what)
                    .to_owned();
                if shown.insert(key) {
                    lines.push(format!("  needs {}: {}", need.version, need.what));
                }
            }
            failures.push(format!(
                "{name}: declares rust-version {declared}, but needs {}:\n{}",
                too_new.last().map(|n| n.version).unwrap_or(declared),
                lines.join("\n")
            ));
        }
    }

    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the declared rust-version is too old (raise it, or drop what needs the newer Rust):\n{}",
            failures.join("\n")
        ))
    }
}

fn cargo_metadata(root: &Path) -> Result<Value, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))
}

/// Every package `member` compiles: its own dependencies of all kinds (its tests are built
/// here), and the normal and build dependencies of those, other workspace crates included.
fn reachable<'a>(member: &'a str, nodes: &BTreeMap<&'a str, &'a Value>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![member];
    while let Some(id) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let Some(dep_id) = dep["pkg"].as_str() else {
                continue;
            };
            let counts = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| id == member || k["kind"].as_str() != Some("dev"));
            if counts && dep_id != member && seen.insert(dep_id) {
                stack.push(dep_id);
            }
        }
    }
    seen
}

fn edition_needs(edition: &str) -> Option<RustVersion> {
    match edition {
        "2015" => None,
        "2018" => Some(RustVersion(1, 31, 0)),
        "2021" => Some(RustVersion(1, 56, 0)),
        "2024" => Some(RustVersion(1, 85, 0)),
        _ => Some(RustVersion(u64::MAX, 0, 0)),
    }
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The features of [`MARKERS`] that `source` uses, each with the tokens that show it.
pub fn language_features(source: &str) -> Result<Vec<(&'static str, String)>, String> {
    let stream = TokenStream::from_str(source).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    scan(stream, &mut found);
    Ok(found)
}

fn scan(stream: TokenStream, found: &mut Vec<(&'static str, String)>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        let rest = &tokens[i + 1..];
        match token {
            TokenTree::Group(group) => {
                // `#[..]`, or `#![..]`: the attribute starts at `#`.
                let start = match i.checked_sub(1).map(|j| &tokens[j]) {
                    Some(t) if is_punct(t, '#') => Some(i - 1),
                    Some(t) if is_punct(t, '!') && i >= 2 && is_punct(&tokens[i - 2], '#') => {
                        Some(i - 2)
                    }
                    _ => None,
                };
                let attribute = start.filter(|_| group.delimiter() == Delimiter::Bracket);
                if let Some(start) = attribute {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    let paren_follows = matches!(inner.get(1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
                    if paren_follows && is_ident(&inner[0], "expect") {
                        found.push((EXPECT_ATTRIBUTE, snippet(&tokens[start..=i])));
                    }
                    if paren_follows && is_ident(&inner[0], "unsafe") {
                        found.push((UNSAFE_ATTRIBUTES, snippet(&tokens[start..=i])));
                    }
                }
                scan(group.stream(), found);
            }
            TokenTree::Ident(ident) => match ident.to_string().as_str() {
                "if" | "while" => {
                    // The condition runs to the block's `{` (struct literals are not allowed
                    // there, and a closure's braces would only end it early).
                    let end = rest
                        .iter()
                        .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
                        .unwrap_or(rest.len());
                    let condition = &rest[..end];
                    let has_let = condition.iter().any(|t| is_ident(t, "let"));
                    let has_and = (1..condition.len().saturating_sub(1)).any(|j| {
                        is_joint(&condition[j], '&')
                            && is_punct(&condition[j + 1], '&')
                            && ends_operand(&condition[j - 1])
                    });
                    if has_let && has_and {
                        found.push((LET_CHAINS, snippet(&tokens[i..=i + end.min(8)])));
                    }
                }
                "async" => {
                    let after_move = match rest.first() {
                        Some(t) if is_ident(t, "move") => &rest[1..],
                        _ => rest,
                    };
                    if after_move.first().is_some_and(|t| is_punct(t, '|')) {
                        found.push((
                            ASYNC_CLOSURES,
                            snippet(&tokens[i..(i + 4).min(tokens.len())]),
                        ));
                    }
                }
                "use" if rest.first().is_some_and(|t| is_punct(t, '<')) => {
                    found.push((PRECISE_CAPTURING, snippet(&tokens[i..=i + 1])));
                }
                "const" if matches!(rest.first(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace) =>
                {
                    found.push((INLINE_CONST, "const { .. }".into()));
                }
                "unsafe" if rest.first().is_some_and(|t| is_ident(t, "extern")) => {
                    let body = match rest.get(1) {
                        Some(TokenTree::Literal(_)) => rest.get(2),
                        other => other,
                    };
                    if matches!(body, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                    {
                        found.push((UNSAFE_EXTERN, "unsafe extern .. { .. }".into()));
                    }
                }
                "cfg" => {
                    let parens = rest.first().and_then(|t| match t {
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => Some(g),
                        _ => None,
                    });
                    if let Some(g) = parens {
                        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                        if inner.len() == 1
                            && (is_ident(&inner[0], "true") || is_ident(&inner[0], "false"))
                        {
                            found.push((CFG_BOOLEAN, snippet(&tokens[i..=i + 1])));
                        }
                    }
                }
                _ => {}
            },
            TokenTree::Punct(p) if p.as_char() == '&' => {
                if rest.first().is_some_and(|t| is_ident(t, "raw"))
                    && rest
                        .get(1)
                        .is_some_and(|t| is_ident(t, "const") || is_ident(t, "mut"))
                {
                    found.push((RAW_REFS, snippet(&tokens[i..=i + 2])));
                }
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if text.starts_with("c\"") || text.starts_with("cr\"") || text.starts_with("cr#") {
                    found.push((C_STRINGS, text.chars().take(24).collect()));
                }
            }
            TokenTree::Punct(_) => {}
        }
    }
}

fn is_ident(token: &TokenTree, name: &str) -> bool {
    matches!(token, TokenTree::Ident(i) if i == name)
}

fn is_punct(token: &TokenTree, c: char) -> bool {
    matches!(token, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_joint(token: &TokenTree, c: char) -> bool {
    matches!(token, TokenTree::Punct(p) if p.as_char() == c && p.spacing() == Spacing::Joint)
}

/// Whether `token` can end the left operand of a binary `&&` (and so is not followed by a
/// double borrow such as `f(&&x)` or `= &&x`).
fn ends_operand(token: &TokenTree) -> bool {
    match token {
        TokenTree::Ident(i) => !matches!(
            i.to_string().as_str(),
            "let" | "if" | "while" | "match" | "return" | "in" | "mut" | "move"
        ),
        TokenTree::Literal(_) | TokenTree::Group(_) => true,
        TokenTree::Punct(p) => p.as_char() == '?',
    }
}

fn snippet(tokens: &[TokenTree]) -> String {
    let mut text = String::new();
    for token in tokens {
        match token {
            TokenTree::Group(g) => text.push_str(&match g.delimiter() {
                Delimiter::Parenthesis => "(..)".to_owned(),
                Delimiter::Bracket => format!("[{}]", g.stream()),
                Delimiter::Brace => "{ .. }".to_owned(),
                Delimiter::None => "..".to_owned(),
            }),
            other => text.push_str(&other.to_string()),
        }
        if !matches!(token, TokenTree::Punct(p) if p.spacing() == Spacing::Joint) {
            text.push(' ');
        }
    }
    text.trim_end().chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(source: &str) -> Vec<&'static str> {
        language_features(source)
            .unwrap()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn finds_let_chains_but_not_double_borrows() {
        assert_eq!(
            features("fn f() { if let Some(x) = a && x > 1 { } }"),
            [LET_CHAINS]
        );
        assert_eq!(
            features("fn f() { while a.is_some() && let Some(x) = b() { } }"),
            [LET_CHAINS]
        );
        assert!(features("fn f() { if let Some(x) = g(&&y) { } if a && b { } }").is_empty());
        assert!(features("fn f() { if let Some(x) = a { if x && y {} } }").is_empty());
    }

    #[test]
    fn finds_the_other_markers() {
        let source = r#"
            #![expect(dead_code)]
            #[unsafe(no_mangle)]
            fn f() -> impl Sized + use<> {
                let p = &raw const X;
                let c = async |x| x;
                let k = const { 1 + 2 };
                let s = c"hello";
            }
            unsafe extern "C" { fn g(); }
            #[cfg(true)]
            fn h() {}
        "#;
        let mut found = features(source);
        found.sort();
        let mut expected = vec![
            EXPECT_ATTRIBUTE,
            UNSAFE_ATTRIBUTES,
            PRECISE_CAPTURING,
            RAW_REFS,
            ASYNC_CLOSURES,
            INLINE_CONST,
            C_STRINGS,
            UNSAFE_EXTERN,
            CFG_BOOLEAN,
        ];
        expected.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn old_syntax_is_not_flagged() {
        let source = r#"
            #[allow(dead_code)]
            pub unsafe extern "C" fn f() {}
            const N: usize = 1;
            use std::fmt;
            fn g() { let r = &x; let s = "c\"x"; let c = |x| async move { x }; }
        "#;
        assert!(features(source).is_empty());
    }

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(RustVersion::parse("1.88"), Some(RustVersion(1, 88, 0)));
        assert_eq!(RustVersion::parse("1.71.1"), Some(RustVersion(1, 71, 1)));
        assert!(RustVersion::parse("1.88").unwrap() > RustVersion::parse("1.85.1").unwrap());
        assert_eq!(RustVersion(1, 88, 0).to_string(), "1.88");
    }
}
