//! Maintainer commands: `cargo xtask regen [--check]`.

use clap::{Parser, Subcommand};
use okta_sdk_generator::output;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The spec the SDK is generated from, relative to the workspace root.
const SPEC: &str = "spec/okta-management-2.8.1.yaml";
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
    /// Regenerate the okta-sdk crate from the spec.
    Regen {
        /// Write nothing; fail listing the files that are not what regen would produce.
        #[arg(long)]
        check: bool,
        /// Print every warning about spec defects the generator worked around.
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { check, verbose } => match regen(&workspace_root(), check, verbose) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn regen(root: &Path, check: bool, verbose: bool) -> Result<ExitCode, okta_sdk_generator::Error> {
    let started = Instant::now();
    let generated = okta_sdk_generator::generate_from_file(&root.join(SPEC), SPEC)?;
    let write_started = Instant::now();
    let outcome = output::ensure_files(&root.join(SDK), &generated.files, check)?;
    let write_time = write_started.elapsed();

    if verbose {
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
    if check {
        let stale = outcome.stale();
        if stale.is_empty() {
            println!(
                "okta-sdk is current: {} files match {SPEC}",
                outcome.unchanged.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("okta-sdk is stale; these files differ from what regen produces:");
        for path in stale {
            eprintln!("  {}", relative(path));
        }
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
    Ok(ExitCode::SUCCESS)
}
