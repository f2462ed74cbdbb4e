use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// PATH with `~/.cargo/bin` and the npm tools (`node_modules/.bin`: wasm-opt) in front.
pub fn path_env() -> String {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let old = std::env::var("PATH").unwrap_or_default();
    format!(
        "{}/node_modules/.bin:{home}/.cargo/bin:{old}",
        root().display()
    )
}

pub fn command(program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(root()).env("PATH", path_env());
    cmd
}

/// Runs a command, inheriting output; an error when it fails.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let status = command(program, args)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// The trimmed stdout of a command, or `None` when it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program, args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub fn exists(path: &str) -> bool {
    Path::new(path).exists()
}
