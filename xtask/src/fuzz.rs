//! `cargo xtask fuzz [seconds]`: installs nightly and cargo-fuzz when missing, builds the targets of
//! `fuzz/` once, runs each for `seconds` (default 60) and prints one line per target: executions,
//! crashes and the crash file. Fails when a target crashed.
//!
//! libFuzzer writes what it learns to `fuzz/target/corpus/<target>/` (ignored by git) and reads the
//! committed seeds of `fuzz/corpus/<target>/` beside it; `tests/fuzz_corpus.rs` replays those seeds.

use crate::util::run as sh;
use crate::util::{command, output, root, step};

/// The cargo-fuzz release known to build here.
pub const CARGO_FUZZ: &str = "0.13.2";

/// Build flags shared by `build` and `run`, so that `run` finds the build up to date. No address
/// sanitizer: the console forbids `unsafe`, and it doubles the run time; overflow checks and
/// debug assertions stay on (cargo-fuzz's default).
const FLAGS: [&str; 4] = ["--sanitizer", "none", "--codegen-units", "16"];

fn setup() -> Result<(), String> {
    step("fuzz: checking nightly and cargo-fuzz");
    let toolchains = output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        sh(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    if !output("cargo", &["fuzz", "--version"]).is_some_and(|v| v.contains(CARGO_FUZZ)) {
        println!("installing cargo-fuzz {CARGO_FUZZ}");
        sh(
            "cargo",
            &["install", "cargo-fuzz", "--version", CARGO_FUZZ, "--locked"],
        )?;
    }
    Ok(())
}

/// The targets: `fuzz/fuzz_targets/*.rs`, by name.
fn targets() -> Result<Vec<String>, String> {
    let dir = root().join("fuzz/fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(ToOwned::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// What one run printed: executions, and the crash file when it stopped on one.
struct Outcome {
    executions: u64,
    crash: Option<String>,
    failed: bool,
}

fn run_target(name: &str, seconds: u64) -> Result<Outcome, String> {
    let scratch = root().join("fuzz/target/corpus").join(name);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let scratch = scratch.to_string_lossy().into_owned();
    let seeds = root().join("fuzz/corpus").join(name);
    let seeds = seeds.to_string_lossy().into_owned();
    let time = format!("-max_total_time={seconds}");
    let mut args = vec!["+nightly", "fuzz", "run"];
    args.extend(FLAGS);
    args.extend([name, &scratch, &seeds, "--", &time, "-print_final_stats=1"]);
    let out = command("cargo", &args)
        .current_dir(root().join("fuzz"))
        .output()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    let executions = log
        .lines()
        .filter_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .filter_map(|n| n.trim().parse().ok())
        .next_back()
        .unwrap_or(0);
    let crash = log
        .lines()
        .filter_map(|l| l.split_once("Test unit written to "))
        .map(|(_, file)| file.trim().to_owned())
        .next_back();
    if !out.status.success() {
        // The panic message and how to reproduce, for the one who reads the table.
        let lines: Vec<&str> = log.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.contains("panicked at") || line.contains("cargo fuzz run") {
                for shown in lines.iter().skip(i).take(3) {
                    eprintln!("  {name}| {shown}");
                }
            }
        }
    }
    Ok(Outcome {
        executions,
        crash,
        failed: !out.status.success(),
    })
}

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds = match args.first() {
        Some(s) => s
            .parse::<u64>()
            .map_err(|_| format!("usage: cargo xtask fuzz [seconds], not {s:?}"))?,
        None => 60,
    };
    setup()?;
    let names = targets()?;
    step("fuzz: building the targets");
    let mut build = vec!["+nightly", "fuzz", "build"];
    build.extend(FLAGS);
    let status = command("cargo", &build)
        .current_dir(root().join("fuzz"))
        .status()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    if !status.success() {
        return Err("cargo fuzz build failed".into());
    }
    step(&format!("fuzz: {} targets, {seconds} s each", names.len()));
    let mut rows = Vec::new();
    for name in &names {
        let outcome = run_target(name, seconds)?;
        println!(
            "{name:<16} {:>12} executions  {} crash{}",
            outcome.executions,
            u8::from(outcome.failed),
            outcome
                .crash
                .as_deref()
                .map_or_else(String::new, |f| format!("  {f}")),
        );
        rows.push((name.clone(), outcome));
    }
    let crashed: Vec<&str> = rows
        .iter()
        .filter(|(_, o)| o.failed)
        .map(|(n, _)| n.as_str())
        .collect();
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "crashed: {} (fix src/, then keep the input in fuzz/corpus/<target>/)",
            crashed.join(", ")
        ))
    }
}
