//! Installs whatever is missing on a fresh Debian machine; quick when everything is there.

use crate::util::run as sh;
use crate::util::{exists, output, root, step};

pub const TRUNK: &str = "0.21.14";
/// Must equal the `wasm-bindgen` pin in Cargo.toml (the tidy test checks it).
pub const WASM_BINDGEN: &str = "0.2.130";

pub fn run() -> Result<(), String> {
    step("setup: checking tools");
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        sh("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !output("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK)) {
        println!("installing trunk {TRUNK} (10-15 minutes on 2 cores, once)");
        sh(
            "cargo",
            &["install", "trunk", "--version", TRUNK, "--locked"],
        )?;
    }
    if !output("wasm-bindgen", &["--version"]).is_some_and(|v| v.contains(WASM_BINDGEN)) {
        println!("installing wasm-bindgen-cli {WASM_BINDGEN}");
        // `--locked` fails for this version (see ../shared/TOOLCHAIN.md).
        sh(
            "cargo",
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN,
                "--force",
            ],
        )?;
    }
    let mut packages = Vec::new();
    if !exists("/usr/bin/chromium") {
        packages.push("chromium");
    }
    if !exists("/usr/bin/chromedriver") {
        packages.push("chromium-driver");
    }
    if !exists("/usr/sbin/nginx") {
        packages.push("nginx-light");
    }
    if !packages.is_empty() {
        println!("installing Debian packages: {}", packages.join(" "));
        let sudo = output("id", &["-u"]).is_some_and(|uid| uid != "0");
        let (program, mut args) = if sudo {
            ("sudo", vec!["-n", "apt-get"])
        } else {
            ("apt-get", vec![])
        };
        let mut update = args.clone();
        update.extend(["update", "-q"]);
        sh(program, &update)?;
        args.extend(["install", "-y", "-q", "--no-install-recommends"]);
        args.extend(packages.iter().copied());
        let status = crate::util::command(program, &args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("apt-get install {} failed", packages.join(" ")));
        }
    }
    let lock = root().join("package-lock.json");
    let stamp = root().join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => matches!((l.modified(), s.modified()), (Ok(l), Ok(s)) if s >= l),
        _ => false,
    };
    let tools = ["wasm-opt", "esbuild"];
    if !fresh
        || tools
            .iter()
            .any(|t| !exists(&root().join("node_modules/.bin").join(t).to_string_lossy()))
    {
        println!("installing npm packages (playwright-core, binaryen, esbuild, axe-core)");
        sh(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        )?;
    }
    println!("setup: all tools present");
    Ok(())
}
