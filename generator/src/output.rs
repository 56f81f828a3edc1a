//! Writing generated files, or checking that the files on disk are current.
//!
//! One function serves both `cargo xtask regen` and `cargo xtask regen --check`, so the check can
//! never disagree with what regen would write. Regen owns whole directories (`src/apis`,
//! `src/models`): a file there that the generator no longer produces is deleted (or, in check
//! mode, reported as stale).

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Directories of the SDK crate that regen owns entirely (`contract`: the contract test's calls,
/// see [`crate::contract`]).
pub const OWNED_DIRS: &[&str] = &["src/apis", "src/models", "contract"];

/// Hand-written files with a generated section: for these paths, the content in the file map is
/// only the lines between the markers, and the rest of the file is left as it is.
pub const SECTIONS: &[(&str, &str, &str)] = &[(
    "Cargo.toml",
    "# BEGIN generated features",
    "# END generated features",
)];

/// What a write or a check found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files written (or, in check mode, that would be written).
    pub written: Vec<PathBuf>,
    /// Files already current.
    pub unchanged: Vec<PathBuf>,
    /// Owned files removed (or, in check mode, that would be removed).
    pub removed: Vec<PathBuf>,
}

impl Outcome {
    /// The files that differ from what regen produces.
    pub fn stale(&self) -> Vec<&Path> {
        self.written
            .iter()
            .chain(&self.removed)
            .map(PathBuf::as_path)
            .collect()
    }
}

/// Writes `files` (paths relative to `root`) when their content differs, and removes files under
/// [`OWNED_DIRS`] that are not in `files`. With `check`, writes and removes nothing and only
/// reports what it would do.
pub fn ensure_files(
    root: &Path,
    files: &BTreeMap<String, String>,
    check: bool,
) -> Result<Outcome, Error> {
    let mut outcome = Outcome::default();
    for (relative, contents) in files {
        let path = root.join(relative);
        let contents = match SECTIONS.iter().find(|(file, _, _)| file == relative) {
            Some((_, begin, end)) => splice_section(&path, begin, end, contents)?,
            None => contents.clone(),
        };
        if ensure_file_contents(&path, &contents, check)? {
            outcome.written.push(path);
        } else {
            outcome.unchanged.push(path);
        }
    }
    for dir in OWNED_DIRS {
        for path in rust_files_under(&root.join(dir))? {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if !files.contains_key(&relative) {
                if !check {
                    std::fs::remove_file(&path).map_err(|source| Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                }
                outcome.removed.push(path);
            }
        }
    }
    Ok(outcome)
}

/// The file at `path` with the lines between `begin` and `end` replaced by `section`; just the
/// marked section when the file does not exist (a preview into an empty directory).
fn splice_section(path: &Path, begin: &str, end: &str, section: &str) -> Result<String, Error> {
    let marked = format!("{begin}\n{section}{end}\n");
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(marked),
        Err(source) => {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let start = existing.find(begin);
    let stop = existing.find(end);
    match (start, stop) {
        (Some(start), Some(stop)) if start < stop => {
            let after = existing[stop..]
                .find('\n')
                .map_or(existing.len(), |n| stop + n + 1);
            Ok(format!(
                "{}{marked}{}",
                &existing[..start],
                &existing[after..]
            ))
        }
        _ => Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "needs the lines `{begin}` and `{end}` (in that order) where regen writes its section"
                ),
            ),
        }),
    }
}

/// Makes `path` contain `contents`; returns whether it differed. In check mode, only compares.
pub fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<bool, Error> {
    match std::fs::read_to_string(path) {
        Ok(existing) if existing == contents => return Ok(false),
        _ => {}
    }
    if !check {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(path, contents).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(true)
}

fn rust_files_under(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(source) => {
            return Err(Error::Write {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_files_under(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("okta-gen-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_then_reports_unchanged_and_removes_orphans() {
        let root = temp_root("cycle");
        let mut files = BTreeMap::new();
        files.insert("src/apis/mod.rs".to_string(), "//! a\n".to_string());
        let first = ensure_files(&root, &files, false).unwrap();
        assert_eq!(first.written.len(), 1);

        std::fs::write(root.join("src/apis/old.rs"), "//! gone\n").unwrap();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/lib.rs"), "//! hand-written\n").unwrap();

        let check = ensure_files(&root, &files, true).unwrap();
        assert_eq!(check.unchanged.len(), 1);
        assert_eq!(check.stale(), vec![root.join("src/apis/old.rs").as_path()]);
        assert!(
            root.join("src/apis/old.rs").exists(),
            "check mode must not delete"
        );

        let second = ensure_files(&root, &files, false).unwrap();
        assert_eq!(second.removed, vec![root.join("src/apis/old.rs")]);
        assert!(!root.join("src/apis/old.rs").exists());
        assert!(
            root.join("src/lib.rs").exists(),
            "hand-written files are never touched"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn sections_replace_only_the_marked_lines() {
        let root = temp_root("section");
        std::fs::write(
            root.join("Cargo.toml"),
            "[features]\na = []\n# BEGIN generated features\nold = []\n# END generated features\nz = []\n",
        )
        .unwrap();
        let mut files = BTreeMap::new();
        files.insert("Cargo.toml".to_string(), "new = []\n".to_string());
        assert_eq!(ensure_files(&root, &files, false).unwrap().written.len(), 1);
        assert_eq!(
            std::fs::read_to_string(root.join("Cargo.toml")).unwrap(),
            "[features]\na = []\n# BEGIN generated features\nnew = []\n# END generated features\nz = []\n"
        );
        assert_eq!(
            ensure_files(&root, &files, true).unwrap().unchanged.len(),
            1
        );

        std::fs::write(root.join("Cargo.toml"), "[features]\n").unwrap();
        let message = ensure_files(&root, &files, false).unwrap_err().to_string();
        assert!(message.contains("# BEGIN generated features"), "{message}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_mode_reports_changed_content_without_writing() {
        let root = temp_root("check");
        let path = root.join("x.rs");
        std::fs::write(&path, "old").unwrap();
        assert!(ensure_file_contents(&path, "new", true).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
