//! Errors and warnings, each saying what went wrong and where.
//!
//! Spec problems carry a JSON pointer into the spec (`#/paths/~1api~1v1~1users/get`) or a schema
//! name, so a maintainer can find them. Problems are collected and reported together, sorted,
//! rather than stopping at the first.

use std::fmt;
use std::path::PathBuf;

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec is not YAML/JSON, or not an OpenAPI document `openapiv3` understands.
    #[error("{path}: not a valid OpenAPI 3.0 document: {message}")]
    Parse {
        /// The spec file (or `<memory>`).
        path: String,
        /// What the parser said, with line and column where it knows them.
        message: String,
    },
    /// The document is Swagger 2.0, OpenAPI 3.1, or has no version field.
    #[error(
        "{path}: unsupported spec version {found}: this generator reads OpenAPI 3.0.x \
         (convert Swagger 2.0 with `npx swagger2openapi`)"
    )]
    UnsupportedVersion {
        /// The spec file (or `<memory>`).
        path: String,
        /// What the document declares, e.g. `swagger: 2.0`.
        found: String,
    },
    /// One or more problems in the spec's content.
    #[error("{} problem(s) in the spec:\n{}", .0.len(), list(.0))]
    Spec(Vec<SpecProblem>),
    /// A template failed to render: a generator bug.
    #[error("template {template} failed while rendering {subject}: {message}")]
    Template {
        /// The template's file name.
        template: String,
        /// What was being rendered (a file, an operation or a model).
        subject: String,
        /// Tera's message, with its causes.
        message: String,
    },
    /// Rendered text is not valid Rust: a generator bug.
    #[error("generated {file} is not valid Rust (template {template}): {message}\n{excerpt}")]
    InvalidRust {
        /// The output file.
        file: String,
        /// The template that produced it.
        template: String,
        /// syn's message with line and column.
        message: String,
        /// The lines around the error.
        excerpt: String,
    },
    /// Writing or checking an output file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn list(problems: &[SpecProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A problem at one place in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecProblem {
    /// A JSON pointer, e.g. `#/components/schemas/User/properties/profile`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Something the generator worked around; reported, never fatal.
pub type Warning = SpecProblem;

/// Escapes one JSON pointer segment (RFC 6901): `/api/v1/users` -> `~1api~1v1~1users`.
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
