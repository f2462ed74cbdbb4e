//! `cargo xtask robustness [fuzz-seconds] [--no-fuzz] [--readme]`: one table of what the robustness
//! work proves (issue 17), from real runs:
//!
//! - **hostile data**: runs `tests/e2e/specs/hostile.spec.mjs` (through `cargo xtask e2e`, reusing
//!   `dist/` when it is there) and reads the figure it prints ("N payloads × M screens: inert", the
//!   screens checked and found inert; also in `target/robustness/hostile.json`);
//! - **fuzzing**: `cargo xtask fuzz <seconds>` (default 10) when the nightly toolchain is installed,
//!   its executions and crashes per target; otherwise the row says so;
//! - **faults**: runs the fault specs (`faults*.spec.mjs`) when present: their tests exercised and
//!   survived (passed), from node's test summary;
//! - **double clicks**: runs `doubleclick.spec.mjs` and reads its figure ("N submit buttons: one
//!   request each");
//! - **inputs lost**: the failed fault tests about drafts (titles with "draft" or "typed"): 0 when
//!   they pass, out of the forms `faults-drafts.spec.mjs` says it covers ("N forms: drafts back
//!   after a 401"), and "not measured" without them.
//!
//! `--readme` also writes the table into README.md between `<!-- robustness:start -->` and
//! `<!-- robustness:end -->`. The command fails when a run failed, so the table is never a guess.

use std::fmt::Write as _;

use crate::util::{command, exists, root, step};

/// node's test summary: `ℹ tests 6`, `ℹ pass 5`, `ℹ fail 1`, and the failed titles.
#[derive(Debug, Default, PartialEq)]
struct Summary {
    tests: u32,
    pass: u32,
    fail: u32,
    failed: Vec<String>,
}

fn summary(log: &str) -> Summary {
    let mut s = Summary::default();
    let mut in_failures = false;
    for line in log.lines() {
        let line = line.trim_start();
        let count = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<u32>().ok())
        };
        if let Some(n) = count("ℹ tests ") {
            s.tests += n;
        } else if let Some(n) = count("ℹ pass ") {
            s.pass += n;
        } else if let Some(n) = count("ℹ fail ") {
            s.fail += n;
        } else if line.starts_with("✖ failing tests") {
            in_failures = true;
        } else if let Some(title) = line.strip_prefix("✖ ").filter(|_| in_failures) {
            let title = title.rsplit_once(" (").map_or(title, |(t, _)| t).to_owned();
            if !s.failed.contains(&title) {
                s.failed.push(title);
            }
        }
    }
    s
}

/// The spec's figure: `22 payloads × 61 screens: inert` (screens checked and found inert).
fn hostile_line(log: &str) -> Option<(u64, u64)> {
    log.lines().rev().find_map(|line| {
        let (payloads, rest) = line.trim().split_once(" payloads × ")?;
        let (screens, _) = rest.split_once(" screens")?;
        Some((payloads.parse().ok()?, screens.parse().ok()?))
    })
}

/// A spec's figure: the number before `suffix` on the last line that has it
/// (`46 submit buttons: one request each`, `14 forms: drafts back after a 401`).
fn figure(log: &str, suffix: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| {
        let (n, _) = line.trim().split_once(suffix)?;
        n.trim().rsplit(' ').next()?.parse().ok()
    })
}

/// One line per fuzz target: `name  123 executions  0 crash`.
fn fuzz_rows(log: &str) -> Vec<(String, u64, u32)> {
    log.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?.to_owned();
            let executions = words.next()?.parse().ok()?;
            (words.next()? == "executions").then_some(())?;
            let crashes = words.next()?.parse().ok()?;
            Some((name, executions, crashes))
        })
        .collect()
}

/// Runs `cargo xtask <args>` and returns (succeeded, stdout + stderr), echoing the output.
fn xtask(args: &[&str]) -> Result<(bool, String), String> {
    let mut full = vec!["run", "--quiet", "--package", "xtask", "--"];
    full.extend(args);
    let out = command("cargo", &full)
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot start cargo xtask: {e}"))?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{log}");
    Ok((out.status.success(), log))
}

fn e2e(filter: &str) -> Result<(bool, String), String> {
    if exists(&root().join("dist/index.html").to_string_lossy()) {
        xtask(&["e2e", "--no-build", filter])
    } else {
        xtask(&["e2e", filter])
    }
}

fn nightly() -> bool {
    crate::util::output("rustup", &["toolchain", "list"])
        .is_some_and(|l| l.lines().any(|t| t.starts_with("nightly")))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u64 = match args.iter().find(|a| !a.starts_with("--")) {
        Some(s) => s.parse().map_err(|_| {
            format!(
                "usage: cargo xtask robustness [fuzz-seconds] [--no-fuzz] [--readme], not {s:?}"
            )
        })?,
        None => 10,
    };
    let flag = |f: &str| args.iter().any(|a| a == f);
    let mut table = String::from("| what | figure |\n|---|---|\n");
    let mut ok = true;

    step("robustness: hostile data");
    let (passed, log) = e2e("hostile")?;
    let hostile = summary(&log);
    let (payloads, screens) = hostile_line(&log).unwrap_or((0, 0));
    ok &= passed;
    let verdict = if passed { "inert" } else { "NOT inert" };
    let _ = writeln!(
        table,
        "| hostile data (`hostile.spec.mjs`) | **{payloads} payloads × {screens} screens: {verdict}** ({}/{} tests passed{}) |",
        hostile.pass,
        hostile.tests,
        failed_list(&hostile.failed)
    );

    step("robustness: fuzzing");
    if flag("--no-fuzz") {
        table.push_str("| fuzzing | not run (`--no-fuzz`) |\n");
    } else if !nightly() {
        table.push_str("| fuzzing | not run: the nightly toolchain is not installed (`cargo xtask fuzz` installs it) |\n");
    } else {
        let (passed, log) = xtask(&["fuzz", &seconds.to_string()])?;
        ok &= passed;
        let rows = fuzz_rows(&log);
        if rows.is_empty() {
            table.push_str("| fuzzing | the fuzz run printed no figures (see its output) |\n");
        }
        for (name, executions, crashes) in rows {
            let _ = writeln!(
                table,
                "| fuzz `{name}` ({seconds} s) | {executions} executions, {crashes} crashes |"
            );
        }
    }

    step("robustness: faults");
    let faults_spec = root().join("tests/e2e/specs/faults.spec.mjs");
    if faults_spec.exists() {
        let (passed, log) = e2e("faults")?;
        ok &= passed;
        let faults = summary(&log);
        let _ = writeln!(
            table,
            "| faults (`faults*.spec.mjs`) | {} exercised, {} survived{} |",
            faults.tests,
            faults.pass,
            failed_list(&faults.failed)
        );
        let drafts = std::fs::read_to_string(&faults_spec)
            .unwrap_or_default()
            .to_lowercase();
        if drafts.contains("draft") || drafts.contains("typed") {
            let lost = faults
                .failed
                .iter()
                .filter(|t| {
                    let t = t.to_lowercase();
                    t.contains("draft") || t.contains("typed")
                })
                .count();
            let forms = figure(&log, " forms: drafts back after a 401")
                .map_or_else(String::new, |n| format!(" of {n} forms"));
            let _ = writeln!(
                table,
                "| inputs lost | **{lost}**{forms} (401 mid-form, then signed in again: the drafts tests of `faults*.spec.mjs`) |"
            );
        } else {
            table
                .push_str("| inputs lost | not measured (no drafts test in `faults.spec.mjs`) |\n");
        }
    } else {
        table.push_str(
            "| faults | not measured: `tests/e2e/specs/faults.spec.mjs` is not there |\n",
        );
        table.push_str("| inputs lost | not measured (no drafts test) |\n");
    }

    step("robustness: double clicks");
    if root().join("tests/e2e/specs/doubleclick.spec.mjs").exists() {
        let (passed, log) = e2e("doubleclick")?;
        ok &= passed;
        let clicks = summary(&log);
        let buttons = figure(&log, " submit buttons: one request each").unwrap_or(0);
        let verdict = if passed {
            "one request each"
        } else {
            "NOT one request each"
        };
        let _ = writeln!(
            table,
            "| double clicks (`doubleclick.spec.mjs`) | **{buttons} submit buttons: {verdict}** ({}/{} tests passed{}) |",
            clicks.pass,
            clicks.tests,
            failed_list(&clicks.failed)
        );
    } else {
        table.push_str("| double clicks | not measured (no `doubleclick.spec.mjs`) |\n");
    }

    step("robustness");
    println!("{table}");
    if flag("--readme") {
        readme(&table)?;
        println!("README.md: the Robustness table is updated");
    }
    if ok {
        Ok(())
    } else {
        Err("a run failed (the table above says which)".into())
    }
}

fn failed_list(failed: &[String]) -> String {
    if failed.is_empty() {
        String::new()
    } else {
        format!("; failed: {}", failed.join("; "))
    }
}

/// Replaces what is between the robustness markers of README.md.
fn readme(table: &str) -> Result<(), String> {
    const START: &str = "<!-- robustness:start -->";
    const END: &str = "<!-- robustness:end -->";
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        return Err(format!("README.md has no {START} … {END} markers"));
    };
    let date = crate::util::output("date", &["-u", "+%Y-%m-%d"]).unwrap_or_default();
    let body = format!(
        "{START}\nMeasured on {} with `cargo xtask robustness --readme` on this project's 2-core machine.\n\n{table}{END}",
        date.trim()
    );
    let new = format!(
        "{}{body}{}",
        text.get(..a).unwrap_or_default(),
        text.get(b + END.len()..).unwrap_or_default()
    );
    std::fs::write(&path, new).map_err(|e| format!("README.md: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_node_summaries_and_fuzz_lines() {
        let log = "✔ a (1ms)\n✖ b (2ms)\nℹ tests 2\nℹ pass 1\nℹ fail 1\n\n✖ failing tests:\n\ntest at x:1:1\n✖ b keeps what was typed (2.5ms)\n  Error\n";
        let s = summary(log);
        assert_eq!((s.tests, s.pass, s.fail), (2, 1, 1));
        assert_eq!(s.failed, ["b keeps what was typed"]);
        assert_eq!(
            hostile_line("x\n22 payloads × 61 screens: inert\n"),
            Some((22, 61))
        );
        assert_eq!(
            figure(
                "a\n46 submit buttons: one request each\n",
                " submit buttons: one request each"
            ),
            Some(46)
        );
        assert_eq!(
            figure(
                "x 14 forms: drafts back after a 401, 0 inputs lost here",
                " forms: drafts back after a 401"
            ),
            Some(14)
        );
        let rows = fuzz_rows("oauth_callback        1234 executions  0 crash\nnoise\nroutes 9 executions  1 crash  fuzz/x\n");
        assert_eq!(
            rows,
            [
                ("oauth_callback".to_owned(), 1234, 0),
                ("routes".to_owned(), 9, 1)
            ]
        );
    }
}
