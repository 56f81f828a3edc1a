//! `cargo xtask bench`: the performance figures of issue 6, measured and printed as one table.
//!
//! 1. regen of the Okta spec in release, phase by phase (in-process medians) and as a whole
//!    process (`xtask regen --check`, wall clock);
//! 2. non-incremental debug builds (`CARGO_INCREMENTAL=0`, after touching `lib.rs`): the
//!    generated okta-sdk crate with all features and with `users` alone, the okta-sdk-runtime
//!    crate alone, and both crates together (an application's first build of the SDK); with
//!    `--against REV`, also the okta-sdk crate of that commit (all features), built in turn with
//!    this tree's, so that both see the same machine (issue 12 compares with 2.8.1's `324e651`);
//! 3. the runtime bench (`tests/benches/runtime.rs`): CPU time of the SDK's stream against
//!    reqwest + serde derive, listing 100,000 users as whole processes, and the SDK's peak RSS.
//!
//! Timings are medians of several runs on whatever else the machine is doing; they are shown,
//! never asserted.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use okta_sdk_generator::output;

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Regen runs (in-process, and again as whole processes).
    #[arg(long, default_value_t = 10)]
    regen_iterations: usize,
    /// Builds per feature set.
    #[arg(long, default_value_t = 3)]
    build_iterations: usize,
    /// Paired runs of each loop of the runtime bench (whole processes).
    #[arg(long, default_value_t = 7)]
    runtime_runs: usize,
    /// Only these parts: regen, build, runtime (all by default).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Also build the okta-sdk crate of this commit (all features), alternating with this
    /// tree's, and show the ratio (e.g. `324e651`, the last commit generated from spec 2.8.1).
    #[arg(long, value_name = "REV")]
    against: Option<String>,
}

/// One row of the result table.
struct Row {
    what: String,
    result: String,
    target: String,
}

/// Runs the benchmarks and prints the table; an error says which step failed.
pub fn run(root: &Path, args: &BenchArgs) -> Result<(), String> {
    let wanted = |part: &str| args.only.is_empty() || args.only.iter().any(|p| p == part);
    let mut rows = Vec::new();
    if wanted("regen") {
        rows.extend(regen(root, args.regen_iterations.max(1))?);
    }
    if wanted("build") {
        rows.extend(builds(root, args.build_iterations.max(1))?);
        if let Some(rev) = &args.against {
            rows.push(build_against(root, rev, args.build_iterations.max(1))?);
        }
    }
    if wanted("runtime") {
        rows.extend(runtime(root, args.runtime_runs.max(1))?);
    }
    println!("\n| benchmark | result | target |\n|---|---|---|");
    for row in rows {
        println!("| {} | {} | {} |", row.what, row.result, row.target);
    }
    Ok(())
}

/// Runs `command` to completion and returns its standard output, failing with its output when
/// it fails.
fn run_quietly(command: &mut Command, what: &str) -> Result<String, String> {
    run_captured(command, what).map(|(stdout, _)| stdout)
}

/// Runs `command` to completion and returns its standard output and error.
fn run_captured(command: &mut Command, what: &str) -> Result<(String, String), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{stdout}{stderr}",
            output.status
        ));
    }
    Ok((stdout, stderr))
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn secs(samples: &[Duration]) -> String {
    let min = samples.iter().min().copied().unwrap_or_default();
    let max = samples.iter().max().copied().unwrap_or_default();
    format!(
        "{:.1} s (median of {}; {:.1}–{:.1} s)",
        median(samples.to_vec()).as_secs_f64(),
        samples.len(),
        min.as_secs_f64(),
        max.as_secs_f64()
    )
}

// ---------------------------------------------------------------------------------------------
// 1. regen
// ---------------------------------------------------------------------------------------------

/// Builds the release xtask and has it time regen in-process (`bench-regen`), then times whole
/// `xtask regen --check` processes.
fn regen(root: &Path, iterations: usize) -> Result<Vec<Row>, String> {
    eprintln!("bench: building the release xtask");
    run_quietly(
        cargo(root).args(["build", "--release", "-p", "xtask"]),
        "cargo build --release -p xtask",
    )?;
    let exe = target_dir(root).join("release").join("xtask");
    eprintln!("bench: regen x{iterations} in-process");
    let phases = run_quietly(
        Command::new(&exe).current_dir(root).args([
            "bench-regen",
            "--iterations",
            &iterations.to_string(),
        ]),
        "xtask bench-regen",
    )?;
    let mut rows = vec![Row {
        what: "regen phases (release, in-process, medians)".into(),
        result: phases.trim().to_string(),
        target: String::new(),
    }];
    eprintln!("bench: `xtask regen --check` x{iterations}");
    let mut walls = Vec::new();
    for _ in 0..iterations {
        let started = Instant::now();
        run_quietly(
            Command::new(&exe)
                .current_dir(root)
                .args(["regen", "--check"]),
            "xtask regen --check",
        )?;
        walls.push(started.elapsed());
    }
    let min = walls.iter().min().copied().unwrap_or_default();
    rows.push(Row {
        what: "regen of the full spec (release `xtask regen --check`, wall)".into(),
        result: format!(
            "{} median of {iterations}, {} min",
            ms(median(walls)),
            ms(min)
        ),
        target: "< 300 ms".into(),
    });
    Ok(rows)
}

/// `xtask bench-regen`: the pipeline `iterations` times in this process; prints each phase's
/// median on one line. Files are written to a fresh scratch copy of the crate each time.
pub fn regen_phases(
    root: &Path,
    spec: &Path,
    spec_name: &str,
    iterations: usize,
) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("okta-sdk-bench-{}", std::process::id()));
    let mut phases: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    let mut add =
        |name: &'static str, d: Duration| match phases.iter_mut().find(|(n, _)| *n == name) {
            Some((_, samples)) => samples.push(d),
            None => phases.push((name, vec![d])),
        };
    for _ in 0..iterations.max(1) {
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        std::fs::copy(
            root.join("generated-sdk/Cargo.toml"),
            scratch.join("Cargo.toml"),
        )
        .map_err(|e| format!("copying Cargo.toml to {}: {e}", scratch.display()))?;

        let started = Instant::now();
        let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        add("read", started.elapsed());
        let table_path = root.join("spec/documented-surface.tsv");
        let table_text = std::fs::read_to_string(&table_path)
            .map_err(|e| format!("{}: {e}", table_path.display()))?;
        let table = okta_sdk_generator::lower::documented::Table::parse(
            &table_text,
            "spec/documented-surface.tsv",
        )
        .map_err(|e| e.to_string())?;
        let generated = okta_sdk_generator::generate_with(&text, spec_name, Some(&table))
            .map_err(|e| e.to_string())?;
        for (phase, d) in &generated.timings {
            add(phase, *d);
        }
        let write_started = Instant::now();
        output::ensure_files(&scratch, &generated.files, false).map_err(|e| e.to_string())?;
        add("write", write_started.elapsed());
        add("total", started.elapsed());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let line: Vec<String> = phases
        .into_iter()
        .map(|(name, samples)| format!("{name} {:.1}", median(samples).as_secs_f64() * 1000.0))
        .collect();
    println!("{} ms", line.join(", "));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. build of the generated crate
// ---------------------------------------------------------------------------------------------

/// One build to time: which package, with which features, after touching which crates' `lib.rs`.
struct BuildCase {
    what: &'static str,
    package: &'static str,
    features: &'static [&'static str],
    touched: &'static [&'static str],
    target: &'static str,
}

const SDK_LIB: &str = "generated-sdk/src/lib.rs";
const RUNTIME_LIB: &str = "generated-sdk/runtime/src/lib.rs";
const USER_ALONE: &[&str] = &["--no-default-features", "--features", "rustls,users"];

const BUILD_CASES: [BuildCase; 5] = [
    BuildCase {
        what: "okta-sdk debug build, all features",
        package: "okta-sdk",
        features: &[],
        touched: &[SDK_LIB],
        target: "≤ 2x the 2.8.1 crate (`--against 324e651`)",
    },
    BuildCase {
        what: "okta-sdk debug build, `users` alone (`--no-default-features --features rustls,users`)",
        package: "okta-sdk",
        features: USER_ALONE,
        touched: &[SDK_LIB],
        target: "≤ 3 s",
    },
    BuildCase {
        what: "okta-sdk-runtime debug build (its own crate: not rebuilt by a regen)",
        package: "okta-sdk-runtime",
        features: &[],
        touched: &[RUNTIME_LIB],
        target: "(shown)",
    },
    BuildCase {
        what: "okta-sdk-runtime + okta-sdk, all features (both `lib.rs` touched: an application's first build)",
        package: "okta-sdk",
        features: &[],
        touched: &[SDK_LIB, RUNTIME_LIB],
        target: "(shown)",
    },
    BuildCase {
        what: "okta-sdk-runtime + okta-sdk, `users` alone (both `lib.rs` touched)",
        package: "okta-sdk",
        features: USER_ALONE,
        touched: &[SDK_LIB, RUNTIME_LIB],
        target: "(shown)",
    },
];

fn builds(root: &Path, iterations: usize) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for case in &BUILD_CASES {
        let what = case.what;
        eprintln!("bench: {what}: dependencies");
        run_quietly(
            cargo(root)
                .args(["build", "-p", case.package])
                .args(case.features),
            "cargo build",
        )?;
        let mut samples = Vec::new();
        for i in 0..iterations {
            eprintln!("bench: {what}: {}/{iterations}", i + 1);
            samples.push(timed_build(
                root,
                None,
                case.package,
                case.features,
                case.touched,
            )?);
        }
        rows.push(Row {
            what: what.into(),
            result: secs(&samples),
            target: case.target.into(),
        });
    }
    Ok(rows)
}

/// Builds the okta-sdk crate of commit `rev` (all features) and this tree's in turn,
/// `iterations` times each, and compares their medians. The commit is exported with
/// `git archive` under the target directory (kept for the next run) and built in a target
/// directory of its own, so neither build evicts the other's dependencies.
fn build_against(root: &Path, rev: &str, iterations: usize) -> Result<Row, String> {
    let commit = run_quietly(
        Command::new("git").current_dir(root).args([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ]),
        &format!("`--against {rev}`: no such commit; git rev-parse"),
    )?;
    let commit = commit.trim();
    let short = &commit[..commit.len().min(12)];
    let bench_dir = target_dir(root).join("bench-against");
    let tree = bench_dir.join(short);
    let other_target = bench_dir.join("target");
    export_commit(root, commit, &tree)?;
    let build =
        |dir: &Path, target: Option<&Path>| timed_build(dir, target, "okta-sdk", &[], &[SDK_LIB]);
    eprintln!("bench: okta-sdk of {short}: dependencies");
    build(&tree, Some(&other_target))?;
    build(root, None)?;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for i in 0..iterations {
        eprintln!(
            "bench: okta-sdk, this tree and {short} in turn: {}/{iterations}",
            i + 1
        );
        theirs.push(build(&tree, Some(&other_target))?);
        ours.push(build(root, None)?);
    }
    let ratio = median(ours.clone()).as_secs_f64() / median(theirs.clone()).as_secs_f64();
    Ok(Row {
        what: format!(
            "okta-sdk debug build, all features: this tree against {short}, built in turn"
        ),
        result: format!("{ratio:.2}x: {} against {}", secs(&ours), secs(&theirs)),
        target: "≤ 2x against 324e651 (2.8.1)".into(),
    })
}

/// One non-incremental debug build of `package` in the workspace at `dir` (into `target`, or
/// the usual target directory), after touching the `touched` files; its wall time.
fn timed_build(
    dir: &Path,
    target: Option<&Path>,
    package: &str,
    features: &[&str],
    touched: &[&str],
) -> Result<Duration, String> {
    for file in touched {
        touch(&dir.join(file))?;
    }
    let mut command = cargo(dir);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let started = Instant::now();
    run_quietly(
        command
            .env("CARGO_INCREMENTAL", "0")
            .args(["build", "-p", package])
            .args(features),
        &format!("cargo build -p {package} in {}", dir.display()),
    )?;
    Ok(started.elapsed())
}

/// Writes the files of `commit` to `dir` with `git archive`, unless an earlier run did.
fn export_commit(root: &Path, commit: &str, dir: &Path) -> Result<(), String> {
    let done = dir.join(".bench-export-complete");
    if done.exists() {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let archive = format!("{}/commit.tar", dir.display());
    run_quietly(
        Command::new("git").current_dir(root).args([
            "archive",
            "--format=tar",
            "-o",
            &archive,
            commit,
        ]),
        &format!("git archive {commit}"),
    )?;
    run_quietly(
        Command::new("tar").args(["-xf", &archive, "-C"]).arg(dir),
        "tar -x",
    )?;
    std::fs::remove_file(&archive).map_err(|e| format!("removing {archive}: {e}"))?;
    std::fs::write(&done, commit).map_err(|e| format!("writing {}: {e}", done.display()))
}

/// Sets the file's modification time to now, so cargo rebuilds the crate.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// 3. the runtime
// ---------------------------------------------------------------------------------------------

const RUNTIME_BENCH: [&str; 5] = [
    "bench",
    "-p",
    "okta-sdk-workspace-tests",
    "--bench",
    "runtime",
];

fn runtime(root: &Path, runs: usize) -> Result<Vec<Row>, String> {
    eprintln!("bench: runtime (builds the bench in release first)");
    let out = run_quietly(
        cargo(root)
            .args(RUNTIME_BENCH)
            .args(["--", "--runs", &runs.to_string()]),
        "cargo bench --bench runtime",
    )?;
    print!("{out}");
    // One `ratio sdk/derive, <framing>: ...` and one `peak RSS, sdk, <framing>: ...` line per
    // framing of the pages.
    let lines = |prefix: &str| -> Vec<String> {
        out.lines()
            .filter_map(|line| line.strip_prefix(prefix))
            .map(str::to_string)
            .collect()
    };
    let ratios = lines("ratio sdk/derive, ");
    let peaks = lines("peak RSS, sdk, ");
    if ratios.is_empty() || peaks.is_empty() {
        return Err("the runtime bench printed no `ratio sdk/derive` or `peak RSS` line".into());
    }
    let mut rows: Vec<Row> = ratios
        .into_iter()
        .map(|ratio| Row {
            what: "runtime: 100,000 users (500 pages of 200) from loopback, `list_users().stream()` vs reqwest + serde derive, CPU time of whole processes".into(),
            result: format!("SDK/baseline {ratio}"),
            target: "≤ 1.10x".into(),
        })
        .collect();
    rows.extend(peaks.into_iter().map(|peak| Row {
        what: "peak RSS, SDK streaming 100,000 users (VmHWM)".into(),
        result: peak,
        target: "≤ 16 MB".into(),
    }));
    Ok(rows)
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}
