//! Two [`Surface`]s -> a change report: what a new spec changes in the SDK's public API, each
//! change classified for semver, and the version bump that follows.
//!
//! Classification (the generated structs and enums are `#[non_exhaustive]`, which is why adding
//! a field or an enum value does not break callers):
//!
//! | change                                                        | class      |
//! |---------------------------------------------------------------|------------|
//! | method, model, field, enum value, setter, module **removed**   | breaking   |
//! | method renamed, builder moved to another module               | breaking   |
//! | positional parameter added, removed, retyped or reordered     | breaking   |
//! | setter, field, alias or return **type** changed, model kind changed | breaking |
//! | method, model, field, enum value, setter, module **added**     | addition   |
//! | a model field or setter newly required by the API, a required setter added | breaking |
//! | endpoint (method/path), operationId, wire name or value, read-only flag changed, field or setter no longer required, positional parameter renamed in place | other (compatible) |
//!
//! A reordering of positional parameters where every position keeps its type is *loud*: old
//! calls still compile and silently send one id in another's place.
//!
//! Bump rules. Cargo's semver treats the first non-zero number as the compatibility boundary,
//! so for a 0.x crate (`okta-sdk` is 0.x): breaking -> **minor** (0.1.3 -> 0.2.0); additions or
//! other compatible changes only -> **patch** (0.1.3 -> 0.1.4); no change -> none. From 1.0 on:
//! breaking -> major, additions -> minor, other compatible changes -> patch.

use crate::surface::{Kind, Method, Model, ModelMethod, Param, Polymorphic, Surface};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a change affects callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Existing code may stop compiling or silently change meaning.
    Breaking,
    /// New API; existing code is unaffected.
    Addition,
    /// Compatible, but worth a reviewer's look (endpoint, wire names, read-only flags).
    Other,
}

/// One change to the public surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaking, addition or other.
    pub class: Class,
    /// What changed, e.g. `fn get_user`, `User.status`, `UserStatus::Active`, `apis::user`.
    pub subject: String,
    /// What happened to it.
    pub message: String,
    /// Old calls still compile but mean something else: shown before everything else.
    pub loud: bool,
}

/// Everything that changed between two surfaces, sorted by class then subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The spec of the old surface.
    pub old_spec: String,
    /// The spec of the new surface.
    pub new_spec: String,
    /// The changes.
    pub changes: Vec<Change>,
}

/// A semver version `MAJOR.MINOR.PATCH` (pre-release and build suffixes are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Version {
    /// Parses `0.1.0` (a `-pre` or `+build` suffix is dropped); `None` if it is not a version.
    pub fn parse(text: &str) -> Option<Version> {
        let core = text.trim().split(['-', '+']).next()?;
        let mut numbers = core.split('.').map(|n| n.parse::<u64>().ok());
        let version = Version {
            major: numbers.next()??,
            minor: numbers.next()??,
            patch: numbers.next()??,
        };
        numbers.next().is_none().then_some(version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which number of the crate version to increase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// The API did not change.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// The version after this bump.
    pub fn apply(self, v: Version) -> Version {
        match self {
            Bump::None => v,
            Bump::Patch => Version {
                patch: v.patch + 1,
                ..v
            },
            Bump::Minor => Version {
                minor: v.minor + 1,
                patch: 0,
                ..v
            },
            Bump::Major => Version {
                major: v.major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }

    fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    fn loud(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.loud)
    }

    /// The bump these changes call for, given the crate's current version (see the module docs).
    pub fn bump(&self, current: Version) -> Bump {
        let breaking = self.count(Class::Breaking) > 0;
        let any = !self.changes.is_empty();
        match (current.major, breaking, any) {
            (_, _, false) => Bump::None,
            (0, true, _) => Bump::Minor,
            (0, false, _) => Bump::Patch,
            (_, true, _) => Bump::Major,
            (_, false, _) if self.count(Class::Addition) > 0 => Bump::Minor,
            (_, false, _) => Bump::Patch,
        }
    }

    /// The suggested bump (`minor, 0.1.0 -> 0.2.0`) and why [`Report::bump`] chose it.
    fn bump_line(&self, current: Version) -> (String, &'static str) {
        let bump = self.bump(current);
        let why = match (bump, current.major) {
            (Bump::None, _) => "the public API is unchanged",
            (Bump::Minor, 0) => {
                "breaking changes; for a 0.x crate the minor number is the compatibility \
                 boundary, so Cargo will not upgrade users on its own"
            }
            (Bump::Patch, 0) => {
                "compatible changes only; for a 0.x crate that is a patch release, which Cargo \
                 upgrades users to on its own"
            }
            (Bump::Major, _) => "breaking changes",
            (Bump::Minor, _) => "additions, nothing breaking",
            (Bump::Patch, _) => "compatible changes, no additions",
        };
        let head = match bump {
            Bump::None => "none".to_string(),
            _ => format!("{}, {current} -> {}", bump.name(), bump.apply(current)),
        };
        (head, why)
    }

    fn counts(&self) -> String {
        format!(
            "breaking: {}, additions: {}, other: {}",
            self.count(Class::Breaking),
            self.count(Class::Addition),
            self.count(Class::Other)
        )
    }

    fn title(&self) -> String {
        if self.old_spec == self.new_spec {
            format!("okta-sdk API changes ({})", self.new_spec)
        } else {
            format!(
                "okta-sdk API changes: {} -> {}",
                self.old_spec, self.new_spec
            )
        }
    }

    /// The report for a terminal. One line when nothing changed.
    pub fn render_text(&self, current: Version) -> String {
        if self.is_empty() {
            return format!(
                "API surface unchanged ({}): no version bump needed\n",
                self.new_spec
            );
        }
        let (bump, why) = self.bump_line(current);
        let mut out = format!(
            "{}\n{}\nSuggested version bump: {bump}: {why}\n",
            self.title(),
            self.counts(),
        );
        for change in self.loud() {
            out.push_str(&format!(
                "\n!!! SILENT ARGUMENT SWAP in {}: {}\n",
                change.subject, change.message
            ));
        }
        for (class, heading, mark) in SECTIONS {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{heading} ({}):\n", changes.len()));
            for change in changes {
                let mark = if change.loud { "!!!" } else { mark };
                out.push_str(&format!(
                    "  {mark} {}: {}\n",
                    change.subject, change.message
                ));
            }
        }
        out
    }

    /// The report as Markdown, for a pull request description.
    pub fn render_markdown(&self, current: Version) -> String {
        let mut out = format!("## {}\n\n", self.title().replace(" -> ", " → "));
        if self.is_empty() {
            out.push_str("The public API surface is unchanged: no version bump needed.\n");
            return out;
        }
        let (bump, why) = self.bump_line(current);
        out.push_str(&format!(
            "**Suggested version bump: {}**: {why}.\n\n{}.\n",
            bump.replace(" -> ", " → "),
            self.counts(),
        ));
        for change in self.loud() {
            out.push_str(&format!(
                "\n> [!CAUTION]\n> **Silent argument swap in `{}`**: {}\n",
                change.subject,
                markdown_text(&change.message)
            ));
        }
        for (class, heading, _) in SECTIONS {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            out.push_str(&format!("\n### {heading} ({})\n\n", changes.len()));
            for change in changes {
                let mark = if change.loud { "**silent swap** " } else { "" };
                out.push_str(&format!(
                    "- {mark}`{}`: {}\n",
                    change.subject,
                    markdown_text(&change.message)
                ));
            }
        }
        out
    }
}

/// Escapes `<` outside code spans: GitHub would take `Page<User>` for an HTML tag.
fn markdown_text(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                part.to_string()
            } else {
                part.replace('<', "&lt;")
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Report sections in order, with their heading and the mark of their lines in the terminal.
const SECTIONS: [(Class, &str, &str); 3] = [
    (Class::Breaking, "Breaking", "-"),
    (Class::Addition, "Additions", "+"),
    (Class::Other, "Other changes", "~"),
];

/// Compares two surfaces.
pub fn compare(old: &Surface, new: &Surface) -> Report {
    let mut changes = Changes::default();
    compare_modules(&mut changes, old, new);
    compare_methods(&mut changes, old, new);
    compare_models(&mut changes, old, new);
    let mut changes = changes.0;
    changes.sort();
    changes.dedup();
    Report {
        old_spec: old.spec.clone(),
        new_spec: new.spec.clone(),
        changes,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, class: Class, subject: impl Into<String>, message: impl Into<String>) {
        self.0.push(Change {
            class,
            subject: subject.into(),
            message: message.into(),
            loud: false,
        });
    }
}

fn modules(surface: &Surface) -> BTreeSet<&str> {
    surface
        .methods
        .values()
        .map(|m| m.module.as_str())
        .collect()
}

/// A new tag in the spec becomes a new `apis` module; one that disappears takes its module along.
fn compare_modules(changes: &mut Changes, old: &Surface, new: &Surface) {
    let (old, new) = (modules(old), modules(new));
    for module in old.difference(&new) {
        changes.push(
            Class::Breaking,
            format!("apis::{module}"),
            "module removed (its spec tag is gone)",
        );
    }
    for module in new.difference(&old) {
        changes.push(
            Class::Addition,
            format!("apis::{module}"),
            "module added (a new resource family in the spec)",
        );
    }
}

fn endpoint(m: &Method) -> String {
    format!("{} {} {}", m.operation_id, m.http_method, m.path)
}

fn signature(params: &[Param]) -> String {
    let list: Vec<String> = params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty))
        .collect();
    format!("({})", list.join(", "))
}

fn compare_methods(changes: &mut Changes, old: &Surface, new: &Surface) {
    // A method whose operationId survives under another Rust name was renamed, not replaced.
    let added_by_operation: BTreeMap<&str, &str> = new
        .methods
        .iter()
        .filter(|(name, _)| !old.methods.contains_key(*name))
        .map(|(name, m)| (m.operation_id.as_str(), name.as_str()))
        .collect();
    let mut renamed_to = BTreeSet::new();
    for (name, m) in &old.methods {
        let subject = format!("fn {name}");
        match new.methods.get(name) {
            Some(n) => compare_method(changes, &subject, m, n),
            None => match added_by_operation.get(m.operation_id.as_str()) {
                Some(new_name) => {
                    renamed_to.insert(*new_name);
                    changes.push(
                        Class::Breaking,
                        subject,
                        format!("renamed to `{new_name}` ({})", m.operation_id),
                    );
                    compare_method(
                        changes,
                        &format!("fn {new_name}"),
                        m,
                        &new.methods[*new_name],
                    );
                }
                None => changes.push(
                    Class::Breaking,
                    subject,
                    format!("removed (was {})", endpoint(m)),
                ),
            },
        }
    }
    for (name, m) in &new.methods {
        if !old.methods.contains_key(name) && !renamed_to.contains(name.as_str()) {
            changes.push(
                Class::Addition,
                format!("fn {name}"),
                format!(
                    "added: {}{} -> {} ({}, apis::{})",
                    name,
                    signature(&m.positional),
                    m.returns,
                    endpoint(m),
                    m.module
                ),
            );
        }
    }
}

fn compare_method(changes: &mut Changes, subject: &str, old: &Method, new: &Method) {
    if old.module != new.module {
        changes.push(
            Class::Breaking,
            subject,
            format!(
                "request builder moved from apis::{} to apis::{}",
                old.module, new.module
            ),
        );
    }
    compare_positional(changes, subject, &old.positional, &new.positional);
    compare_setters(changes, subject, &old.setters, &new.setters);
    if old.returns != new.returns {
        changes.push(
            Class::Breaking,
            subject,
            format!("return type changed: {} -> {}", old.returns, new.returns),
        );
    }
    if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
        changes.push(
            Class::Other,
            subject,
            format!(
                "endpoint changed: {} {} -> {} {}",
                old.http_method, old.path, new.http_method, new.path
            ),
        );
    }
    if old.operation_id != new.operation_id {
        changes.push(
            Class::Other,
            subject,
            format!(
                "operationId changed: {} -> {}",
                old.operation_id, new.operation_id
            ),
        );
    }
}

/// Positional arguments are matched by name. Rust callers do not write the names, so what
/// matters is whether an old call still compiles and still means the same thing.
fn compare_positional(changes: &mut Changes, subject: &str, old: &[Param], new: &[Param]) {
    if old == new {
        return;
    }
    let same_types = old.len() == new.len() && old.iter().zip(new).all(|(o, n)| o.ty == n.ty);
    let index_in = |params: &[Param], name: &str| params.iter().position(|p| p.name == name);
    if same_types {
        // Old calls compile. If a parameter moved to another position, they now pass its value
        // somewhere else: the one change here that no compiler error will reveal.
        let moved = old
            .iter()
            .enumerate()
            .any(|(i, p)| index_in(new, &p.name).is_some_and(|j| j != i));
        if moved {
            changes.0.push(Change {
                class: Class::Breaking,
                subject: subject.to_string(),
                message: format!(
                    "positional parameters reordered with the same types: {} -> {}; existing \
                     calls still compile and silently pass each argument in another's place, \
                     so fix every call site by hand",
                    signature(old),
                    signature(new)
                ),
                loud: true,
            });
        } else {
            for (o, n) in old.iter().zip(new).filter(|(o, n)| o.name != n.name) {
                changes.push(
                    Class::Other,
                    subject,
                    format!(
                        "positional parameter `{}` renamed to `{}` in place (calls still \
                         compile; check it means the same)",
                        o.name, n.name
                    ),
                );
            }
        }
        return;
    }
    // The shape changed, so old calls stop compiling; say exactly how.
    for o in old.iter().filter(|o| index_in(new, &o.name).is_none()) {
        changes.push(
            Class::Breaking,
            subject,
            format!("positional parameter `{}: {}` removed", o.name, o.ty),
        );
    }
    for n in new.iter().filter(|n| index_in(old, &n.name).is_none()) {
        changes.push(
            Class::Breaking,
            subject,
            format!("positional parameter `{}: {}` added", n.name, n.ty),
        );
    }
    for o in old {
        if let Some(n) = new.iter().find(|n| n.name == o.name && n.ty != o.ty) {
            changes.push(
                Class::Breaking,
                subject,
                format!(
                    "positional parameter `{}` type changed: {} -> {}",
                    o.name, o.ty, n.ty
                ),
            );
        }
    }
    let common_old: Vec<&str> = old
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| index_in(new, name).is_some())
        .collect();
    let common_new: Vec<&str> = new
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| index_in(old, name).is_some())
        .collect();
    if common_old != common_new {
        changes.push(
            Class::Breaking,
            subject,
            format!(
                "positional parameters reordered: {} -> {}",
                signature(old),
                signature(new)
            ),
        );
    }
}

fn compare_setters(changes: &mut Changes, subject: &str, old: &[Param], new: &[Param]) {
    for o in old {
        match new.iter().find(|n| n.name == o.name) {
            None => changes.push(
                Class::Breaking,
                subject,
                format!("setter `.{}({})` removed", o.name, o.ty),
            ),
            Some(n) if n.ty != o.ty => changes.push(
                Class::Breaking,
                subject,
                format!("setter `.{}` type changed: {} -> {}", o.name, o.ty, n.ty),
            ),
            // Still a setter, so calls compile; but the API rejects requests without it.
            Some(n) if n.required && !o.required => changes.push(
                Class::Breaking,
                subject,
                format!(
                    "setter `.{}` now required by the API: calls that do not set it will be rejected",
                    o.name
                ),
            ),
            Some(n) if o.required && !n.required => changes.push(
                Class::Other,
                subject,
                format!("setter `.{}` no longer required", o.name),
            ),
            Some(_) => {}
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
        let class = if n.required {
            // A new parameter the API requires breaks every existing call.
            Class::Breaking
        } else {
            Class::Addition
        };
        changes.push(
            class,
            subject,
            format!("setter `.{}({})` added", n.name, n.ty),
        );
    }
}

fn compare_models(changes: &mut Changes, old: &Surface, new: &Surface) {
    for (name, o) in &old.models {
        match new.models.get(name) {
            None => changes.push(
                Class::Breaking,
                format!("{} {name}", o.kind.keyword()),
                "removed",
            ),
            Some(n) => compare_model(changes, name, o, n),
        }
    }
    for (name, n) in &new.models {
        if !old.models.contains_key(name) {
            changes.push(
                Class::Addition,
                format!("{} {name}", n.kind.keyword()),
                "added",
            );
        }
    }
}

fn compare_model(changes: &mut Changes, name: &str, old: &Model, new: &Model) {
    match (&old.kind, &new.kind) {
        (
            Kind::Struct {
                fields: old_fields,
                extensible: old_extensible,
            },
            Kind::Struct {
                fields: new_fields,
                extensible: new_extensible,
            },
        ) => {
            compare_fields(changes, name, old_fields, new_fields);
            match (old_extensible, new_extensible) {
                (true, false) => changes.push(
                    Class::Breaking,
                    format!("struct {name}"),
                    "no longer extensible: its custom attribute accessors are gone",
                ),
                (false, true) => changes.push(
                    Class::Addition,
                    format!("struct {name}"),
                    "now extensible: custom attribute accessors added",
                ),
                _ => {}
            }
        }
        (Kind::Enum(old), Kind::Enum(new)) => compare_variants(changes, name, old, new),
        (Kind::Polymorphic(old), Kind::Polymorphic(new)) => compare_poly(changes, name, old, new),
        (Kind::OneOf(old), Kind::OneOf(new)) => {
            for (variant, ty) in old {
                match new.get(variant) {
                    None => changes.push(
                        Class::Breaking,
                        format!("{name}::{variant}"),
                        format!("alternative removed ({ty})"),
                    ),
                    Some(n) if n != ty => changes.push(
                        Class::Breaking,
                        format!("{name}::{variant}"),
                        format!("alternative type changed: {ty} -> {n}"),
                    ),
                    Some(_) => {}
                }
            }
            for (variant, ty) in new.iter().filter(|(v, _)| !old.contains_key(*v)) {
                changes.push(
                    Class::Breaking,
                    format!("{name}::{variant}"),
                    format!("alternative added ({ty}): values that decoded as another variant may now decode as this one"),
                );
            }
        }
        (Kind::Alias(o), Kind::Alias(n)) => {
            if o != n {
                changes.push(
                    Class::Breaking,
                    format!("alias {name}"),
                    format!("aliased type changed: {o} -> {n}"),
                );
            }
        }
        (o, n) => changes.push(
            Class::Breaking,
            format!("{} {name}", o.keyword()),
            format!("changed from {} to {}", o.keyword(), n.keyword()),
        ),
    }
    compare_model_methods(changes, name, &old.methods, &new.methods);
}

fn compare_fields(
    changes: &mut Changes,
    name: &str,
    old: &BTreeMap<String, crate::surface::Field>,
    new: &BTreeMap<String, crate::surface::Field>,
) {
    for (field, o) in old {
        let subject = format!("{name}.{field}");
        let Some(n) = new.get(field) else {
            changes.push(
                Class::Breaking,
                subject,
                format!("field removed ({})", o.ty),
            );
            continue;
        };
        if o.ty != n.ty {
            changes.push(
                Class::Breaking,
                &subject,
                format!("field type changed: {} -> {}", o.ty, n.ty),
            );
        }
        if o.wire_name != n.wire_name {
            changes.push(
                Class::Other,
                &subject,
                format!("JSON name changed: {:?} -> {:?}", o.wire_name, n.wire_name),
            );
        }
        if o.read_only != n.read_only {
            let now = if n.read_only { "now" } else { "no longer" };
            changes.push(Class::Other, &subject, format!("{now} read-only"));
        }
        // The field stays an `Option` (replies still decode), so a newly required field compiles
        // everywhere; but request bodies without it are now rejected by the API.
        if !o.required && n.required {
            changes.push(
                Class::Breaking,
                &subject,
                "now required: request bodies without it will be rejected (it stays an Option, so this compiles)".to_string(),
            );
        } else if o.required && !n.required {
            changes.push(Class::Other, &subject, "no longer required".to_string());
        }
    }
    for (field, n) in new.iter().filter(|(f, _)| !old.contains_key(*f)) {
        changes.push(
            Class::Addition,
            format!("{name}.{field}"),
            format!("field added ({})", n.ty),
        );
    }
}

fn compare_variants(
    changes: &mut Changes,
    name: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) {
    for (variant, o) in old {
        let subject = format!("{name}::{variant}");
        match new.get(variant) {
            None => changes.push(
                Class::Breaking,
                subject,
                format!("enum value {o:?} removed (it now decodes as `Unknown({o:?})`)"),
            ),
            Some(n) if n != o => changes.push(
                Class::Other,
                subject,
                format!("wire value changed: {o:?} -> {n:?}"),
            ),
            Some(_) => {}
        }
    }
    for (variant, n) in new.iter().filter(|(v, _)| !old.contains_key(*v)) {
        changes.push(
            Class::Addition,
            format!("{name}::{variant}"),
            format!(
                "enum value {n:?} added (it used to decode as `Unknown({n:?})`; code matching \
                 that should match `{name}::{variant}`)"
            ),
        );
    }
}

fn compare_poly(changes: &mut Changes, name: &str, old: &Polymorphic, new: &Polymorphic) {
    let subject = format!("poly {name}");
    if old.discriminator != new.discriminator {
        changes.push(
            Class::Other,
            &subject,
            format!(
                "discriminator changed: {:?} -> {:?}",
                old.discriminator, new.discriminator
            ),
        );
    }
    if old.fallback != new.fallback {
        changes.push(
            Class::Breaking,
            &subject,
            format!(
                "`Other` variant type changed: {} -> {}",
                old.fallback, new.fallback
            ),
        );
    }
    for (variant, o) in &old.cases {
        let subject = format!("{name}::{variant}");
        match new.cases.get(variant) {
            None => changes.push(
                Class::Breaking,
                subject,
                format!(
                    "variant removed ({}); its values now decode as `{name}::Other`",
                    o.model
                ),
            ),
            Some(n) => {
                if n.model != o.model {
                    changes.push(
                        Class::Breaking,
                        &subject,
                        format!("variant type changed: {} -> {}", o.model, n.model),
                    );
                }
                if n.values != o.values {
                    changes.push(
                        Class::Other,
                        &subject,
                        format!(
                            "discriminator values changed: {:?} -> {:?}",
                            o.values, n.values
                        ),
                    );
                }
            }
        }
    }
    for (variant, n) in new
        .cases
        .iter()
        .filter(|(v, _)| !old.cases.contains_key(*v))
    {
        changes.push(
            Class::Addition,
            format!("{name}::{variant}"),
            format!(
                "variant added ({}, for {:?}; those values used to decode as `{name}::Other`)",
                n.model, n.values
            ),
        );
    }
    for (accessor, o) in &old.shared {
        let subject = format!("{name}.{accessor}()");
        match new.shared.get(accessor) {
            None => changes.push(Class::Breaking, subject, "shared accessor removed"),
            Some(n) if n != o => changes.push(
                Class::Breaking,
                subject,
                format!("shared accessor type changed: {o} -> {n}"),
            ),
            Some(_) => {}
        }
    }
    for (accessor, n) in new
        .shared
        .iter()
        .filter(|(a, _)| !old.shared.contains_key(*a))
    {
        changes.push(
            Class::Addition,
            format!("{name}.{accessor}()"),
            format!("shared accessor added ({n})"),
        );
    }
}

fn compare_model_methods(
    changes: &mut Changes,
    name: &str,
    old: &BTreeMap<String, ModelMethod>,
    new: &BTreeMap<String, ModelMethod>,
) {
    for (method, o) in old {
        let subject = format!("{name}.{method}()");
        let Some(n) = new.get(method) else {
            changes.push(
                Class::Breaking,
                subject,
                format!("method removed (called {})", o.calls),
            );
            continue;
        };
        compare_positional(changes, &subject, &o.params, &n.params);
        if o.returns != n.returns {
            changes.push(
                Class::Breaking,
                &subject,
                format!("return type changed: {} -> {}", o.returns, n.returns),
            );
        }
        if o.calls != n.calls {
            changes.push(
                Class::Other,
                &subject,
                format!("now calls {} instead of {}", n.calls, o.calls),
            );
        }
    }
    for (method, n) in new.iter().filter(|(m, _)| !old.contains_key(*m)) {
        changes.push(
            Class::Addition,
            format!("{name}.{method}()"),
            format!("method added (calls {})", n.calls),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface;

    const V010: Version = Version {
        major: 0,
        minor: 1,
        patch: 0,
    };

    fn report(old: &str, new: &str) -> Report {
        let header = "# spec: T 1\n";
        compare(
            &surface::parse(&format!("{header}{old}")).unwrap(),
            &surface::parse(&format!("{header}{new}")).unwrap(),
        )
    }

    fn lines(report: &Report) -> Vec<String> {
        report
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{:?}{} {}: {}",
                    c.class,
                    if c.loud { " LOUD" } else { "" },
                    c.subject,
                    c.message
                )
            })
            .collect()
    }

    const GET: &str = "fn get_factor(user_id: String, factor_id: String) -> UserFactor | setters() | getFactor GET /u/{userId}/f/{factorId} | apis::user_factor\n";

    #[test]
    fn same_type_reorder_is_loud_and_breaking() {
        let swapped = GET.replace(
            "(user_id: String, factor_id: String)",
            "(factor_id: String, user_id: String)",
        );
        let r = report(GET, &swapped);
        assert_eq!(
            lines(&r),
            [
                "Breaking LOUD fn get_factor: positional parameters reordered with the same types: \
              (user_id: String, factor_id: String) -> (factor_id: String, user_id: String); \
              existing calls still compile and silently pass each argument in another's place, \
              so fix every call site by hand"
            ]
        );
        assert_eq!(r.bump(V010), Bump::Minor);
        assert!(
            r.render_text(V010)
                .contains("!!! SILENT ARGUMENT SWAP in fn get_factor")
        );
    }

    #[test]
    fn reorder_with_different_types_is_breaking_but_not_loud() {
        let old = GET.replace("factor_id: String", "factor_id: i32");
        let new = GET.replace(
            "(user_id: String, factor_id: String)",
            "(factor_id: i32, user_id: String)",
        );
        let r = report(&old, &new);
        assert!(
            r.changes
                .iter()
                .all(|c| c.class == Class::Breaking && !c.loud)
        );
        assert_eq!(r.changes.len(), 1, "{:?}", lines(&r));
    }

    #[test]
    fn rename_in_place_is_only_a_note() {
        let r = report(GET, &GET.replace("(user_id: String,", "(id: String,"));
        assert_eq!(r.changes[0].class, Class::Other);
        assert_eq!(r.bump(V010), Bump::Patch);
    }

    #[test]
    fn renamed_method_is_found_by_operation_id() {
        let r = report(GET, &GET.replace("fn get_factor(", "fn get_user_factor("));
        assert_eq!(
            lines(&r),
            ["Breaking fn get_factor: renamed to `get_user_factor` (getFactor)"]
        );
    }

    #[test]
    fn setters_fields_variants_and_kinds() {
        let old = "fn a() -> () | setters(limit: i32, q: String) | a GET /a | apis::x\n\
                   struct S\nfield S.f: Option<i32> | \"f\"\nfield S.g: Option<i32> | \"g\"\n\
                   enum E\nvariant E::A | \"A\"\nvariant E::B | \"B\"\nalias T = String\n";
        let new = "fn a() -> () | setters(after: String, limit: i64) | a GET /a | apis::x\n\
                   struct S\nfield S.f: Option<i32> | \"f\" | read-only\nfield S.h: Option<bool> | \"h\"\n\
                   enum E\nvariant E::A | \"A\"\nvariant E::C | \"C\"\nenum T\n";
        assert_eq!(
            lines(&report(old, new)),
            [
                "Breaking E::B: enum value \"B\" removed (it now decodes as `Unknown(\"B\")`)",
                "Breaking S.g: field removed (Option<i32>)",
                "Breaking alias T: changed from alias to enum",
                "Breaking fn a: setter `.limit` type changed: i32 -> i64",
                "Breaking fn a: setter `.q(String)` removed",
                "Addition E::C: enum value \"C\" added (it used to decode as `Unknown(\"C\")`; code matching that should match `E::C`)",
                "Addition S.h: field added (Option<bool>)",
                "Addition fn a: setter `.after(String)` added",
                "Other S.f: now read-only",
            ]
        );
    }

    #[test]
    fn required_setters_and_fields() {
        let old = "fn a() -> () | setters(limit: i32, q!: String) | a GET /a | apis::x\n\
                   struct S\nfield S.f: Option<i32> | \"f\"\n";
        let new = "fn a() -> () | setters(after!: String, limit!: i32, q: String) | a GET /a | apis::x\n\
                   struct S\nfield S.f: Option<i32> | \"f\" | required\n";
        assert_eq!(
            lines(&report(old, new)),
            [
                "Breaking S.f: now required: request bodies without it will be rejected (it stays an Option, so this compiles)",
                "Breaking fn a: setter `.after(String)` added",
                "Breaking fn a: setter `.limit` now required by the API: calls that do not set it will be rejected",
                "Other fn a: setter `.q` no longer required",
            ]
        );
    }

    #[test]
    fn bump_rules() {
        let v = |s| Version::parse(s).unwrap();
        let breaking = report(GET, "");
        let addition = report("", GET);
        let other = report(GET, &GET.replace("GET /u", "POST /u"));
        let none = report(GET, GET);
        assert_eq!(breaking.bump(v("0.1.3")), Bump::Minor);
        assert_eq!(addition.bump(v("0.1.3")), Bump::Patch);
        assert_eq!(other.bump(v("0.1.3")), Bump::Patch);
        assert_eq!(none.bump(v("0.1.3")), Bump::None);
        assert_eq!(breaking.bump(v("1.2.3")), Bump::Major);
        assert_eq!(addition.bump(v("1.2.3")), Bump::Minor);
        assert_eq!(other.bump(v("1.2.3")), Bump::Patch);
        assert_eq!(Bump::Minor.apply(v("0.1.3")).to_string(), "0.2.0");
        assert_eq!(Bump::Patch.apply(v("0.1.3")).to_string(), "0.1.4");
        assert_eq!(Bump::Major.apply(v("1.2.3")).to_string(), "2.0.0");
        assert_eq!(Version::parse("0.1.0-alpha.1"), Some(v("0.1.0")));
        assert_eq!(Version::parse("0.1"), None);
        assert_eq!(
            markdown_text("type changed: Vec<A> -> `Option<B>`"),
            "type changed: Vec&lt;A> -> `Option<B>`"
        );
        assert_eq!(
            none.render_text(V010),
            "API surface unchanged (T 1): no version bump needed\n"
        );
    }
}
