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

/// `source` minified by esbuild (`node_modules/.bin/esbuild`, installed by setup). `module`: an ES
/// module (its exports keep their names); otherwise a classic script, whose top-level names are
/// kept too (other scripts may read them).
pub fn minify_js(source: &str, module: bool) -> Result<String, String> {
    use std::io::Write;
    let mut args = vec!["--minify", "--loader=js", "--log-level=warning"];
    if module {
        args.push("--format=esm");
    }
    let mut child = command("esbuild", &args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start esbuild: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(source.as_bytes())
            .map_err(|e| format!("esbuild: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("esbuild: {e}"))?;
    let text = String::from_utf8(out.stdout).map_err(|e| format!("esbuild: {e}"))?;
    if !out.status.success() || text.trim().is_empty() {
        return Err(format!(
            "esbuild failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::minify_js;

    /// The split loader and the chunks import the glue's exports by name, the boot script its
    /// default export, and the early script's globals are read by the console: minifying keeps
    /// all of them (esbuild comes with `cargo xtask setup`).
    #[test]
    fn minified_scripts_keep_what_others_read() {
        let module = "export function initSync(module, memory) {\n    const longLocalName = module;\n    return longLocalName;\n}\nexport const __wasm_split_load_tags = () => 1;\nexport default async function init() {}\n";
        let out = minify_js(module, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(out.len() < module.len(), "{out}");
        for name in ["initSync", "__wasm_split_load_tags", "default", "export"] {
            assert!(out.contains(name), "{name} lost: {out}");
        }
        assert!(!out.contains("longLocalName"), "{out}");
        let script = "var quayEarly = {\n    started: true\n};\nfunction quayBootHelper(argument) {\n    return argument;\n}\n";
        let out = minify_js(script, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.contains("quayEarly") && out.contains("quayBootHelper"),
            "{out}"
        );
        assert!(!out.contains("export"), "{out}");
        assert!(minify_js("this is not javascript (", true).is_err());
    }
}
