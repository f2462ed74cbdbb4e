//! `cargo xtask build`: the release build of the console into `dist/`.
//!
//! After trunk: the inline module script trunk writes into index.html is moved to a hashed file
//! (`boot-<hash>.js`), so the console runs under a Content-Security-Policy without
//! `'unsafe-inline'`; gzip copies are written beside the assets (nginx `gzip_static`); sizes printed.

use std::io::Write;
use std::path::Path;

use crate::split;
use crate::util::{command, root, step};

pub fn run() -> Result<(), String> {
    step("build the console (trunk build --release, with split points)");
    // `quay_split` turns the area pages into split points; wasm-split needs the relocations
    // and the symbol names that the release profile would otherwise strip. `erase_components`
    // (Leptos) type-erases component views: measured, area chunks -21%, the shell -5%.
    let rustflags = format!(
        "{} -Clink-args=--emit-relocs --cfg quay_split --cfg erase_components",
        std::env::var("RUSTFLAGS").unwrap_or_default()
    );
    let status = command("trunk", &["build", "--release"])
        .env("RUSTFLAGS", rustflags.trim())
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        .status()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    if !status.success() {
        return Err(format!("trunk build --release failed ({status})"));
    }
    step("split the wasm into the main module and lazily loaded chunks");
    split::run(&root().join("dist"))?;
    externalise_loader(&root().join("dist"))?;
    gzip_assets(&root().join("dist"))?;
    print_sizes()
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
    let name = format!("boot-{}.js", split::hash(script.as_bytes()));
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

/// Lazily fetched wasm chunks (an area's code, or code several areas share).
pub fn is_chunk(name: &str) -> bool {
    name.ends_with(".wasm") && (name.starts_with("split_") || name.starts_with("chunk_"))
}

/// Prints the size of dist/, raw and gzip: what every first visit loads (index.html, CSS, the
/// boot script, the main JS and wasm, the split loader), then each lazily loaded chunk.
pub fn print_sizes() -> Result<(), String> {
    let dist = root().join("dist");
    let mut first = (0_u64, 0_u64);
    let mut lazy = (0_u64, 0_u64);
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
        let sum = if is_chunk(&name) {
            &mut lazy
        } else {
            &mut first
        };
        sum.0 += size;
        sum.1 += gz_size;
        rows.push((is_chunk(&name), name, size, gz_size));
    }
    rows.sort();
    let mut out = std::io::stdout().lock();
    let mut heading = None;
    for (chunk, name, size, gz_size) in rows {
        if heading != Some(chunk) {
            let title = if chunk {
                "lazily loaded chunks:"
            } else {
                "dist/ (first load):"
            };
            let _ = writeln!(out, "{title}");
            heading = Some(chunk);
        }
        let _ = writeln!(out, "  {name:<48} {size:>9} B  {gz_size:>8} B gzip");
    }
    let _ = writeln!(
        out,
        "first load: {} B raw, {} B gzip ({:.1} KiB gzip; target <= 250 KiB; an area page adds its chunks, see `cargo xtask bench`)",
        first.0,
        first.1,
        first.1 as f64 / 1024.0
    );
    let _ = writeln!(
        out,
        "chunks, fetched when their view opens: {} B raw, {} B gzip ({:.1} KiB gzip)",
        lazy.0,
        lazy.1,
        lazy.1 as f64 / 1024.0
    );
    Ok(())
}
