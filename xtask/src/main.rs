//! Maintainer commands: `cargo xtask regen [--check] [--verbose] [--spec PATH] [--out DIR]
//! [--report FILE]`, `cargo xtask bench` (see `bench.rs`) and `cargo xtask msrv` (see `msrv.rs`).

mod bench;
mod msrv;

use clap::{Parser, Subcommand};
use okta_sdk_generator::changes::{self, Version};
use okta_sdk_generator::{output, surface};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The spec the SDK is generated from, relative to the workspace root.
const SPEC: &str = "spec/okta-management-2026.06.3.yaml";
/// The documented surface pinned to requests (see `okta_sdk_generator::lower::documented`).
const DOCUMENTED: &str = "spec/documented-surface.tsv";
/// The generated crate, relative to the workspace root.
const SDK: &str = "generated-sdk";

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for okta-sdk-rust")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the okta-sdk crate from the spec, and report how its public API changed.
    Regen(RegenArgs),
    /// Measure regen, the generated crate's build time and the runtime; print a table.
    Bench(bench::BenchArgs),
    /// Check that each crate's `rust-version` covers its dependencies' `rust-version`s, its
    /// edition and the language features its code uses (std APIs: clippy's `incompatible_msrv`).
    Msrv,
    /// Time regen's phases in this process (what `bench` runs in a release build).
    #[command(hide = true)]
    BenchRegen {
        #[arg(long, default_value_t = 10)]
        iterations: usize,
    },
}

#[derive(clap::Args)]
struct RegenArgs {
    /// Write nothing; fail listing the files that are not what regen would produce.
    #[arg(long)]
    check: bool,
    /// Print every warning about spec defects the generator worked around.
    #[arg(long)]
    verbose: bool,
    /// Generate from this spec file instead of the one in `spec/` (which is left alone).
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Write (or check) the SDK's generated files in this directory instead of `generated-sdk/`,
    /// e.g. to preview a spec update. The API change report compares with the surface file
    /// there, or with the committed `generated-sdk/api-surface.txt` if there is none yet.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write the API change report as Markdown to this file (for the pull request).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Name every method after the spec's operationId, without `spec/documented-surface.tsv`
    /// (for Okta's 2.x specs, whose operationIds are the documented names).
    #[arg(long)]
    without_documented_surface: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen(args) => match regen(&workspace_root(), &args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Bench(args) => report(bench::run(&workspace_root(), &args)),
        Command::Msrv => report(msrv::run(&workspace_root())),
        Command::BenchRegen { iterations } => {
            let root = workspace_root();
            report(bench::regen_phases(
                &root,
                &root.join(SPEC),
                SPEC,
                iterations,
            ))
        }
    }
}

fn report(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A path given on the command line, relative to where the command was run.
fn from_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn regen(root: &Path, args: &RegenArgs) -> Result<ExitCode, okta_sdk_generator::Error> {
    let started = Instant::now();
    let (spec_path, spec_name) = match &args.spec {
        Some(path) => {
            let path = from_cwd(path);
            // Generated headers name the spec; keep them free of this machine's absolute paths.
            let name = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| path.to_string_lossy().into_owned());
            (path, name)
        }
        None => (root.join(SPEC), SPEC.to_string()),
    };
    let out_dir = match &args.out {
        Some(dir) => from_cwd(dir),
        None => root.join(SDK),
    };
    // Read the previous surface before anything is written over it, on a thread of its own
    // while the generator runs (its own parse is a few milliseconds of the serial part).
    let (generated, (surface_path, previous)) = std::thread::scope(|scope| {
        let previous = scope.spawn(|| previous_surface(root, &out_dir, args.out.is_some()));
        // With the documented surface, documented methods keep their names and requests
        // whatever the release calls its operations.
        let generated = if args.without_documented_surface {
            okta_sdk_generator::generate_from_file(&spec_path, &spec_name)
        } else {
            okta_sdk_generator::generate_from_files(
                (&spec_path, &spec_name),
                (&root.join(DOCUMENTED), DOCUMENTED),
            )
        };
        let previous = previous.join().unwrap_or_else(|_| {
            let why = "reading it panicked".to_string();
            (out_dir.join(surface::FILE), Previous::Unreadable(why))
        });
        (generated, previous)
    });
    let generated = generated?;

    let write_started = Instant::now();
    let outcome = output::ensure_files(&out_dir, &generated.files, args.check)?;
    let write_time = write_started.elapsed();

    if args.verbose {
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
    } else if !generated.warnings.is_empty() {
        eprintln!(
            "{} spec defect(s) worked around (run with --verbose to list them)",
            generated.warnings.len()
        );
    }

    let relative = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    if let Previous::Surface(_) = previous {
        println!("comparing the API with {}", relative(&surface_path));
    }
    let version = crate_version(root);
    let (text_report, markdown_report) = match &previous {
        Previous::Surface(old) => {
            let report = changes::compare(old, &generated.surface);
            (report.render_text(version), report.render_markdown(version))
        }
        Previous::Missing => {
            let note = format!(
                "no previous {} to compare with: every method and model is new",
                relative(&surface_path)
            );
            (
                format!("{note}\n"),
                format!("## okta-sdk API changes\n\n{note}.\n"),
            )
        }
        Previous::Unreadable(why) => {
            let note = format!("could not compare the API with the previous surface: {why}");
            (
                format!("{note}\n"),
                format!("## okta-sdk API changes\n\n{note}.\n"),
            )
        }
    };
    if let Some(path) = &args.report {
        let path = from_cwd(path);
        std::fs::write(&path, &markdown_report).map_err(|source| {
            okta_sdk_generator::Error::Write {
                path: path.clone(),
                source,
            }
        })?;
    }

    if args.check {
        let stale = outcome.stale();
        if stale.is_empty() {
            println!(
                "okta-sdk is current: {} files match {spec_name}",
                outcome.unchanged.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("okta-sdk is stale; these files differ from what regen produces:");
        for path in stale {
            eprintln!("  {}", relative(path));
        }
        eprintln!("\n{text_report}");
        eprintln!("run `cargo xtask regen` and commit");
        return Ok(ExitCode::FAILURE);
    }

    for path in &outcome.written {
        println!("wrote   {}", relative(path));
    }
    for path in &outcome.removed {
        println!("removed {}", relative(path));
    }
    let phases: Vec<String> = generated
        .timings
        .iter()
        .map(|(phase, t)| format!("{phase} {:.1} ms", t.as_secs_f64() * 1000.0))
        .chain([format!("write {:.1} ms", write_time.as_secs_f64() * 1000.0)])
        .collect();
    println!(
        "{} operations, {} models; {} files written, {} unchanged, {} removed in {:.0} ms ({})",
        generated.api.operations.len(),
        generated.api.models.len(),
        outcome.written.len(),
        outcome.unchanged.len(),
        outcome.removed.len(),
        started.elapsed().as_secs_f64() * 1000.0,
        phases.join(", ")
    );
    println!("\n{text_report}");
    if let Some(path) = &args.report {
        println!("report written to {}", relative(&from_cwd(path)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The surface file as it was before this regen.
enum Previous {
    Surface(surface::Surface),
    /// No file yet (first regen, or a fresh `--out` directory).
    Missing,
    /// Unreadable or malformed: regen goes on, the report says why it could not compare.
    Unreadable(String),
}

/// The surface file regen compares with, and what it holds. A fresh preview directory
/// (`--out`) has none: compare with the committed SDK's, which is what a preview is for.
fn previous_surface(root: &Path, out_dir: &Path, preview: bool) -> (PathBuf, Previous) {
    let path = out_dir.join(surface::FILE);
    match read_previous_surface(&path) {
        Previous::Missing if preview => {
            let committed = root.join(SDK).join(surface::FILE);
            let previous = read_previous_surface(&committed);
            (committed, previous)
        }
        previous => (path, previous),
    }
}

fn read_previous_surface(path: &Path) -> Previous {
    match std::fs::read_to_string(path) {
        Ok(text) => match surface::parse(&text) {
            Ok(surface) => Previous::Surface(surface),
            Err(e) => Previous::Unreadable(format!("{}:{}: {}", path.display(), e.line, e.message)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Previous::Missing,
        Err(e) => Previous::Unreadable(format!("cannot read {}: {e}", path.display())),
    }
}

/// The `okta-sdk` version from `generated-sdk/Cargo.toml`, which the suggested bump starts from.
/// If it cannot be read, 0.0.0 stands in: the crate is 0.x, and the report says so.
fn crate_version(root: &Path) -> Version {
    let path = root.join(SDK).join("Cargo.toml");
    let found = std::fs::read_to_string(&path).ok().and_then(|text| {
        // The first `version = "..."` of the [package] table.
        text.lines()
            .skip_while(|line| line.trim() != "[package]")
            .skip(1)
            .take_while(|line| !line.trim_start().starts_with('['))
            .find_map(|line| {
                let value = line.trim().strip_prefix("version")?.trim_start();
                let value = value.strip_prefix('=')?.trim();
                Version::parse(value.trim_matches('"'))
            })
    });
    found.unwrap_or_else(|| {
        eprintln!(
            "warning: no package version in {}; the suggested bump assumes 0.0.0",
            path.display()
        );
        Version {
            major: 0,
            minor: 0,
            patch: 0,
        }
    })
}
