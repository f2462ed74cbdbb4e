//! Runs the sandbox (and nginx in front of it) and the browser tests against them.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::util::run as sh;
use crate::util::{command, root, step};

/// A child process killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn build_sandbox(release: bool) -> Result<String, String> {
    let mut args = vec!["build", "--quiet", "-p", "quay-sandbox"];
    if release {
        args.push("--release");
    }
    sh("cargo", &args)?;
    let profile = if release { "release" } else { "debug" };
    let target =
        std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root().join("target"), Into::into);
    Ok(target
        .join(profile)
        .join("quay-sandbox")
        .display()
        .to_string())
}

/// Starts the sandbox on a free port; returns it with its base URL (`http://127.0.0.1:PORT`).
fn start_sandbox(binary: &str, extra: &[String]) -> Result<(Guard, String), String> {
    let (guard, url, _) = start_sandbox_with_console(binary, extra)?;
    Ok((guard, url))
}

/// As [`start_sandbox`], plus the cross-origin console's base URL when `extra` has `--console-port`.
fn start_sandbox_with_console(
    binary: &str,
    extra: &[String],
) -> Result<(Guard, String, Option<String>), String> {
    let mut cmd = Command::new(binary);
    cmd.args(["--port", "0", "--dist"])
        .arg(root().join("dist"))
        .args(extra)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    let stdout = child.stdout.take().ok_or("no sandbox stdout")?;
    let guard = Guard(child);
    let mut lines = BufReader::new(stdout).lines();
    let base = |rest: &str| {
        rest.trim()
            .trim_end_matches('/')
            .trim_end_matches("/console")
            .to_owned()
    };
    let mut url = None;
    let wants_console = extra.iter().any(|a| a.starts_with("--console-port"));
    let mut console = None;
    while url.is_none() || (wants_console && console.is_none()) {
        let Some(Ok(line)) = lines.next() else {
            return Err("the sandbox stopped before printing its URL".into());
        };
        println!("{line}");
        if let Some(rest) = line.strip_prefix("Quay sandbox listening on ") {
            url = Some(base(rest));
        } else if let Some(rest) = line.strip_prefix("Console (cross-origin) on ") {
            console = Some(base(rest));
        }
    }
    // Keep draining stdout so the sandbox never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok((guard, url.unwrap_or_default(), console))
}

fn specs(dir: &str, filter: Option<&str>) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".spec.mjs"))
                .filter(|p| {
                    filter.is_none_or(|f| {
                        p.file_name()
                            .is_some_and(|n| n.to_string_lossy().contains(f))
                    })
                })
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn node_test(files: &[String], env: &[(&str, &str)]) -> Result<(), String> {
    if files.is_empty() {
        return Ok(());
    }
    let mut args = vec!["--test", "--test-concurrency=1", "--test-reporter=spec"];
    args.extend(files.iter().map(String::as_str));
    let mut cmd = command("node", &args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("browser tests failed (screenshots and console logs: tests/e2e/artifacts/)".into())
    }
}

/// The browser tests: every spec against the sandbox, then the hosting specs through real nginx.
pub fn run(filter: Option<&str>) -> Result<(), String> {
    step("browser tests");
    let _ = std::fs::remove_dir_all(root().join("tests/e2e/artifacts"));
    let binary = build_sandbox(false)?;
    // buynlarge/big with 10,000 tags: the tags specs scroll, filter and bulk-delete at that size.
    // E2E_SANDBOX_ARGS adds sandbox options (e.g. `--friendly-signin`, `--cors-origin http://x:1`).
    let mut args: Vec<String> = vec!["--tags".into(), "10000".into()];
    args.extend(
        std::env::var("E2E_SANDBOX_ARGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned),
    );
    let (sandbox, url) = start_sandbox(&binary, &args)?;
    let result = node_test(&specs("tests/e2e/specs", filter), &[("SANDBOX_URL", &url)]);
    let nginx_specs = specs("tests/e2e/nginx", filter);
    let nginx_result = if nginx_specs.is_empty() {
        Ok(())
    } else {
        crate::nginx::with_nginx(&url, |console_url| {
            node_test(
                &nginx_specs,
                &[("SANDBOX_URL", &url), ("CONSOLE_URL", console_url)],
            )
        })
    };
    drop(sandbox);
    result.and(nginx_result)
}

/// `cargo xtask demo [sandbox options]`: the console with demo data, for a person.
pub fn demo(extra: &[String]) -> Result<(), String> {
    step("demo");
    // `cargo xtask demo -- --tags 10000`: the `--` separates our options from cargo's.
    let extra: Vec<String> = extra.iter().filter(|a| *a != "--").cloned().collect();
    let extra = extra.as_slice();
    let binary = build_sandbox(true)?;
    let mut args: Vec<String> = vec!["--dist".into(), root().join("dist").display().to_string()];
    if !extra.iter().any(|a| a == "--port") {
        args.extend(["--port".into(), "8080".into()]);
    }
    args.extend(extra.iter().cloned());
    println!("Starting the sandbox: open the URL below, sign in with the demo user shown. Ctrl+C stops it.");
    let status = Command::new(&binary)
        .args(&args)
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("sandbox exited: {status}"))
    }
}

/// The sandbox options of `cargo xtask bench [-- options]`: 10,000 tags and Quay's latency model by
/// default; `--model none|quay` picks the model, `--cross-origin` serves the console on another port;
/// anything else goes to the sandbox as is.
fn bench_args(extra: &[String]) -> Vec<String> {
    let mut model = "quay".to_owned();
    let mut args: Vec<String> = vec!["--tags".into(), "10000".into()];
    let mut rest = extra.iter().filter(|a| *a != "--");
    while let Some(arg) = rest.next() {
        if arg == "--cross-origin" {
            args.extend(["--console-port".into(), "0".into()]);
        } else if let Some(m) = arg.strip_prefix("--model=") {
            m.clone_into(&mut model);
        } else if arg == "--model" {
            if let Some(m) = rest.next() {
                model.clone_from(m);
            }
        } else {
            args.push(arg.clone());
        }
    }
    if !args.iter().any(|a| a.starts_with("--latency-model")) {
        args.extend(["--latency-model".into(), model]);
    }
    if !args.iter().any(|a| a.starts_with("--workers")) {
        args.extend(["--workers".into(), "2".into()]);
    }
    args
}

/// `cargo xtask bench [-- --model none] [--cross-origin]`: speed and size figures (see tests/bench/).
pub fn bench(extra: &[String]) -> Result<(), String> {
    step("benchmark");
    crate::build::print_sizes()?;
    let binary = build_sandbox(true)?;
    let args = bench_args(extra);
    println!("sandbox options: {}", args.join(" "));
    let (sandbox, url, console) = start_sandbox_with_console(&binary, &args)?;
    let script = root().join("tests/bench/bench.mjs");
    let result = if Path::new(&script).exists() {
        let mut cmd = command("node", &[&script.display().to_string()]);
        cmd.env("SANDBOX_URL", &url);
        if let Some(console) = &console {
            cmd.env("CONSOLE_URL", format!("{console}/console/"));
        }
        let status = cmd.status().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err("benchmark failed".into())
        }
    } else {
        Err("tests/bench/bench.mjs is missing".into())
    };
    drop(sandbox);
    result
}

#[cfg(test)]
mod tests {
    use super::bench_args;

    fn args(extra: &[&str]) -> String {
        bench_args(&extra.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()).join(" ")
    }

    #[test]
    fn bench_defaults_to_quays_latency() {
        assert_eq!(args(&[]), "--tags 10000 --latency-model quay --workers 2");
        assert_eq!(
            args(&["--", "--model", "none", "--cross-origin"]),
            "--tags 10000 --console-port 0 --latency-model none --workers 2"
        );
        assert_eq!(
            args(&["--model=quay", "--workers", "4", "--latency", "20"]),
            "--tags 10000 --workers 4 --latency 20 --latency-model quay"
        );
    }
}
