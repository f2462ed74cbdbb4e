//! `cargo xtask <command>`: everything a fresh machine needs, in one place.
//!
//! - `setup`: install what is missing (wasm32 target, trunk, wasm-bindgen-cli, Chromium, nginx,
//!   npm packages). Idempotent, no prompts; a second run only checks.
//! - `build`: release build of the console into `dist/` (+ CSP-friendly loader, gzip copies), prints sizes.
//! - `demo [sandbox options]`: setup, build, and run the sandbox serving the console with demo data.
//! - `test`: setup, fmt, clippy, host tests, build, browser tests (incl. behind real nginx).
//! - `e2e [spec filter]`: build and run only the browser tests (optionally matching a file name).
//! - `bench`: build and print the speed and size figures.
//! - `fuzz [seconds]`: nightly + cargo-fuzz if missing, each fuzz target for `seconds` (default 60).
//! - `robustness [fuzz-seconds] [--no-fuzz] [--readme]`: hostile data, fuzzing, faults, inputs lost:
//!   one table (see `robustness.rs`).

mod build;
mod chunks;
mod e2e;
mod fuzz;
mod nginx;
mod robustness;
mod setup;
mod split;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = args
        .split_first()
        .map_or(("help", &[][..]), |(c, r)| (c.as_str(), r));
    let result = match command {
        "setup" => setup::run(),
        "build" => setup::run().and_then(|()| build::run()),
        "demo" => setup::run()
            .and_then(|()| build::run())
            .and_then(|()| e2e::demo(rest)),
        "test" => test(),
        // `cargo xtask e2e [--no-build] [filter]`: --no-build reuses dist/ as it is.
        "e2e" => {
            let (built, rest) = built_first(rest);
            built.and_then(|()| e2e::run(rest.first().map(String::as_str)))
        }
        "fuzz" => fuzz::run(rest),
        "robustness" => robustness::run(rest),
        // `--no-build`: measure the dist/ that is there (e.g. to compare two builds).
        "bench" => {
            let (built, rest) = built_first(rest);
            built.and_then(|()| e2e::bench(rest))
        }
        _ => {
            println!("usage: cargo xtask <setup|build|demo|test|e2e [--no-build] [filter]|bench [--no-build]|fuzz [seconds]|robustness [fuzz-seconds] [--no-fuzz] [--readme]>");
            return if command == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {command}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn test() -> Result<(), String> {
    setup::run()?;
    // Incremental caches double the target directory and buy nothing on a
    // one-shot run (CI starts from a clean clone on a small disk).
    std::env::set_var("CARGO_INCREMENTAL", "0");
    util::step("cargo fmt --check");
    util::run("cargo", &["fmt", "--all", "--check"])?;
    util::step("cargo clippy");
    util::run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    util::run(
        "cargo",
        &[
            "clippy",
            "-p",
            "quay-console",
            "--target",
            "wasm32-unknown-unknown",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    util::step("host tests");
    util::run("cargo", &["test", "--workspace", "--quiet"])?;
    build::run()?;
    e2e::run(None)
}

/// Set-up, then the build unless `rest` starts with `--no-build`; the arguments after that flag.
fn built_first(rest: &[String]) -> (Result<(), String>, &[String]) {
    let no_build = rest.first().is_some_and(|a| a == "--no-build");
    let rest = if no_build {
        rest.get(1..).unwrap_or_default()
    } else {
        rest
    };
    let built = setup::run().and_then(|()| if no_build { Ok(()) } else { build::run() });
    (built, rest)
}
