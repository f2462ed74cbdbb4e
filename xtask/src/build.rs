//! `cargo xtask build`: the release build of the console into `dist/`.
//!
//! After trunk: the inline module script trunk writes into index.html is moved to a hashed file
//! (`boot-<hash>.js`), so the console runs under a Content-Security-Policy without
//! `'unsafe-inline'`; gzip copies are written beside the assets (nginx `gzip_static`); sizes printed.

use std::io::Write;
use std::path::Path;

use crate::util::run as sh;
use crate::util::{root, step};

pub fn run() -> Result<(), String> {
    step("build the console (trunk build --release)");
    sh("trunk", &["build", "--release"])?;
    externalise_loader(&root().join("dist"))?;
    gzip_assets(&root().join("dist"))?;
    print_sizes()
}

/// FNV-1a, enough for a cache-busting file name.
fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn externalise_loader(dist: &Path) -> Result<(), String> {
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path).map_err(|e| format!("dist/index.html: {e}"))?;
    let open = "<script type=\"module\">";
    let Some(start) = html.find(open) else {
        return Ok(()); // already external
    };
    let body_start = start + open.len();
    let end = html[body_start..]
        .find("</script>")
        .map(|i| body_start + i)
        .ok_or("unterminated inline script in dist/index.html")?;
    let script = html[body_start..end].trim();
    let name = format!("boot-{}.js", hash(script));
    std::fs::write(dist.join(&name), format!("{script}\n")).map_err(|e| e.to_string())?;
    let base = html
        .split("<base href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("/");
    let tag = format!("<script type=\"module\" src=\"{base}{name}\"></script>");
    let new_html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[end + "</script>".len()..]
    );
    std::fs::write(&index_path, new_html).map_err(|e| e.to_string())
}

fn gzip_assets(dist: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if matches!(ext, "wasm" | "js" | "css" | "html") {
            let status = std::process::Command::new("gzip")
                .args(["-9", "-k", "-f", "-n"])
                .arg(&path)
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("gzip {} failed", path.display()));
            }
        }
    }
    Ok(())
}

/// Prints the first-load size of dist/ (everything index.html loads), raw and gzip.
pub fn print_sizes() -> Result<(), String> {
    let dist = root().join("dist");
    let mut raw = 0_u64;
    let mut gz = 0_u64;
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(&dist)
        .map_err(|e| format!("dist/: {e} (run cargo xtask build)"))?
        .flatten()
    {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.ends_with(".gz") || !path.is_file() {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let gz_size = std::fs::metadata(dist.join(format!("{name}.gz"))).map_or(size, |m| m.len());
        raw += size;
        gz += gz_size;
        rows.push((name, size, gz_size));
    }
    rows.sort();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "dist/ (first load):");
    for (name, size, gz_size) in rows {
        let _ = writeln!(out, "  {name:<48} {size:>9} B  {gz_size:>8} B gzip");
    }
    let _ = writeln!(
        out,
        "  total {raw} B raw, {gz} B gzip ({:.1} KiB gzip; target <= 250 KiB)",
        gz as f64 / 1024.0
    );
    Ok(())
}
