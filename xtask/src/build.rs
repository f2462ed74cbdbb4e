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
        "{} -Clink-args=--emit-relocs --cfg quay_split --cfg erase_components{}",
        std::env::var("RUSTFLAGS").unwrap_or_default(),
        short_paths()
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
    let areas = split::run(&root().join("dist"))?;
    externalise_loader(&root().join("dist"), &boot_script(&areas))?;
    bundle_css(&root().join("dist"))?;
    gzip_assets(&root().join("dist"))?;
    print_sizes()
}

/// Panic locations carry the source path of the crate they are in; a crate from the registry's
/// `~/.cargo/registry/src/index.crates.io-<hash>/` keeps only `<crate>-<version>/...` (about 70
/// such paths are in the main module alone).
fn short_paths() -> String {
    let cargo_home = std::env::var("CARGO_HOME").unwrap_or_else(|_| {
        format!(
            "{}/.cargo",
            std::env::var("HOME").unwrap_or_else(|_| "/root".into())
        )
    });
    let Ok(dirs) = std::fs::read_dir(Path::new(&cargo_home).join("registry/src")) else {
        return String::new();
    };
    dirs.flatten()
        .map(|d| d.path())
        .filter(|p| p.is_dir() && !p.to_string_lossy().contains(char::is_whitespace))
        .map(|p| format!(" --remap-path-prefix={}/=", p.display()))
        .collect()
}

/// The style sheets (one file per area in `style/`, linked in order by trunk) become one file,
/// `console-<hash>.css`: one request, and one gzip stream compresses them by a third more than ten.
fn bundle_css(dist: &Path) -> Result<(), String> {
    let index_path = dist.join("index.html");
    let mut html =
        std::fs::read_to_string(&index_path).map_err(|e| format!("dist/index.html: {e}"))?;
    let mut bundle = String::new();
    let mut base = None;
    let mut first_at = None;
    while let Some((start, end, href)) = next_stylesheet(&html) {
        let (dir, file) = href.rsplit_once('/').unwrap_or(("", href.as_str()));
        let path = dist.join(file);
        let css = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        bundle.push_str(&strip_css(&css));
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        base.get_or_insert_with(|| format!("{dir}/"));
        first_at.get_or_insert(start);
        html.replace_range(start..end, "");
    }
    let (Some(base), Some(at)) = (base, first_at) else {
        return Err("index.html links no style sheet".into());
    };
    let name = format!("console-{}.css", crate::split::hash(bundle.as_bytes()));
    std::fs::write(dist.join(&name), &bundle).map_err(|e| format!("dist/{name}: {e}"))?;
    let link = format!(
        "<link rel=\"stylesheet\" href=\"{base}{name}\" integrity=\"{}\"/>",
        crate::split::sri(bundle.as_bytes())
    );
    html.insert_str(at, &link);
    std::fs::write(&index_path, html).map_err(|e| format!("dist/index.html: {e}"))
}

/// CSS without comments, indentation and blank lines (the style sheets have no strings that
/// contain `/*`, and line breaks are whitespace like any other).
fn strip_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find("/*") {
        out.push_str(rest.get(..open).unwrap_or_default());
        rest = rest
            .get(open + 2..)
            .and_then(|r| r.find("*/").and_then(|close| r.get(close + 2..)))
            .unwrap_or_default();
    }
    out.push_str(rest);
    out.lines().map(str::trim).filter(|l| !l.is_empty()).fold(
        String::with_capacity(out.len()),
        |mut acc, line| {
            acc.push_str(line);
            acc.push('\n');
            acc
        },
    )
}

/// The first `<link rel="stylesheet" ...>` in `html`: its byte range and href.
fn next_stylesheet(html: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(i) = html.get(from..)?.find("<link") {
        let start = from + i;
        let end = start + html.get(start..)?.find('>')? + 1;
        let tag = html.get(start..end)?;
        if tag.contains("rel=\"stylesheet\"") {
            let href = tag.split("href=\"").nth(1)?.split('"').next()?.to_owned();
            return Some((start, end, href));
        }
        from = end;
    }
    None
}

/// Which area a console path opens (router-relative paths as in `src/routes.rs`, the area names of
/// `src/lazy_pages.rs`); a path that opens none has no entry. Keep it in step with both files: a
/// missing entry only costs the page its head start.
const AREA_ROUTES: &[(&str, &str)] = &[
    (r"/repository/[^/]+/[^/]+/tags/?$", "tags"),
    (r"/repository/[^/]+/[^/]+/tags/history/?$", "tag_history"),
    (r"/repository/[^/]+/[^/]+/mirror/?$", "mirrors"),
    (r"/(mirrors/health|superuser/mirrors)/?$", "mirrors"),
    (r"/logs/?$", "logs"),
    (r"/robots/?$", "robots"),
    (r"/(applications|user/apptokens)/?$", "applications"),
    (r"/(quotas|superuser/registry-size)/?$", "quotas"),
    (
        r"/(default-permissions|proxy-cache|user/authorizations)/?$",
        "access",
    ),
    (r"/organization/[^/]+/mirror/?$", "org_mirror"),
    (r"/review/?$", "review"),
];

/// Parts of an area (`lazy_parts!` in `src/lazy_pages.rs`) that a query parameter of the area's
/// page opens: (area, parameter, part). A deep link with the parameter preloads the part too.
const QUERY_PARTS: &[(&str, &str, &str)] = &[("tags", "tag", "tag_tools")];

/// The start of the boot script (`boot.js`): the wasm modules of the page in the address bar
/// are preloaded at once, and `config.json` and a tags deep link's first page requested, beside the
/// main module instead of after the console has started. Comment lines and indentation go.
fn boot_script(areas: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    let modules: Vec<String> = areas
        .iter()
        .filter(|(area, _)| {
            AREA_ROUTES.iter().any(|(_, a)| a == area)
                || QUERY_PARTS.iter().any(|(_, _, a)| a == area)
        })
        .map(|(area, files)| {
            let files: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
            format!("\"{area}\":[{}]", files.join(","))
        })
        .collect();
    let routes: Vec<String> = AREA_ROUTES
        .iter()
        .map(|(re, area)| format!("[/{}/,\"{area}\"]", re.replace('/', "\\/")))
        .collect();
    let parts: Vec<String> = QUERY_PARTS
        .iter()
        .map(|(area, key, part)| format!("[\"{area}\",\"{key}\",\"{part}\"]"))
        .collect();
    include_str!("boot.js")
        .replace("MODULES", &format!("{{{}}}", modules.join(",")))
        .replace("PARTS", &format!("[{}]", parts.join(",")))
        .replace("ROUTES", &format!("[{}]", routes.join(",")))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .fold(String::new(), |mut acc, line| {
            acc.push_str(line);
            acc.push('\n');
            acc
        })
}

/// Moves trunk's inline loader into `boot-<hash>.js` (no inline script under the CSP), and puts
/// the early script (`boot.js`, as `early-<hash>.js`, classic and async) first in the head, where
/// the browser finds it before anything else.
fn externalise_loader(dist: &Path, early: &str) -> Result<(), String> {
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
    let script = html[body_start..end].trim().to_owned();
    let script = crate::util::minify_js(&script, true)?;
    let name = format!("boot-{}.js", split::hash(script.as_bytes()));
    std::fs::write(dist.join(&name), &script).map_err(|e| e.to_string())?;
    // A classic script (it runs before the modules): its top-level names stay as written.
    let early = crate::util::minify_js(early, false)?;
    let early_name = format!("early-{}.js", split::hash(early.as_bytes()));
    std::fs::write(dist.join(&early_name), &early).map_err(|e| e.to_string())?;
    let base = html
        .split("<base href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("/");
    let tag = format!("<script type=\"module\" src=\"{base}{name}\"></script>");
    let mut new_html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[end + "</script>".len()..]
    );
    let after_base = new_html
        .find("<base href=")
        .and_then(|i| new_html[i..].find('>').map(|j| i + j + 1))
        .ok_or("dist/index.html has no <base href>")?;
    new_html.insert_str(
        after_base,
        &format!("\n    <script async src=\"{base}{early_name}\"></script>"),
    );
    std::fs::write(&index_path, new_html).map_err(|e| e.to_string())
}

/// Writes `<file>.gz` beside every asset, for nginx's `gzip_static`. Zopfli writes ordinary gzip
/// (any browser inflates it) 4-6% smaller than `gzip -9`; it is slow, so the files are shared
/// out over the machine's cores, and only at build time: nginx serves the copies as they are.
fn gzip_assets(dist: &Path) -> Result<(), String> {
    let files: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            matches!(ext, "wasm" | "js" | "css" | "html")
        })
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = files.get(i) else {
                        return Ok(());
                    };
                    gzip_file(path)?;
                })
            })
            .collect();
        handles.into_iter().try_for_each(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err("a gzip worker panicked".to_owned()))
        })
    })
}

fn gzip_file(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gz = zopfli_gzip(&bytes).map_err(|e| format!("gzip {}: {e}", path.display()))?;
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    std::fs::write(&name, gz).map_err(|e| format!("{}.gz: {e}", path.display()))
}

/// Gzip format (RFC 1952, no file name, time 0) compressed by zopfli.
pub fn zopfli_gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::{boot_script, next_stylesheet, strip_css, zopfli_gzip};

    #[test]
    fn the_early_script_gets_its_tables_and_loses_its_comments() {
        let areas = std::collections::BTreeMap::from([(
            "tags".to_owned(),
            vec![
                "chunk_1-aa.wasm".to_owned(),
                "split_tags-bb.wasm".to_owned(),
            ],
        )]);
        let js = boot_script(&areas);
        assert!(
            js.contains(r#"const modules = {"tags":["chunk_1-aa.wasm","split_tags-bb.wasm"]};"#)
        );
        assert!(js.contains(r#"[/\/repository\/[^\/]+\/[^\/]+\/tags\/?$/,"tags"]"#));
        assert!(js.contains(r#"[/\/repository\/[^\/]+\/[^\/]+\/tags\/history\/?$/,"tag_history"]"#));
        assert!(js.contains(r#"[["tags","tag","tag_tools"]].filter"#));
        assert!(!js.contains("MODULES") && !js.contains("ROUTES") && !js.contains("PARTS"));
        assert!(js
            .lines()
            .all(|l| !l.trim_start().starts_with("//") && l == l.trim()));
        // It is valid JavaScript (when node is here, as it is wherever the browser tests run).
        let file = std::env::temp_dir().join(format!("early-{}.js", std::process::id()));
        std::fs::write(&file, &js).unwrap();
        if let Ok(out) = std::process::Command::new("node")
            .arg("--check")
            .arg(&file)
            .output()
        {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let _ = std::fs::remove_file(&file);
    }

    #[test]
    fn zopfli_output_is_gzip_that_gunzip_restores() {
        use std::io::Write;
        let text: Vec<u8> = (0..20_000_u32)
            .flat_map(|i| format!("tag-{} sha256:{:x}\n", i % 97, i * 7919).into_bytes())
            .collect();
        let gz = zopfli_gzip(&text).unwrap();
        assert_eq!(
            gz.get(..3),
            Some(&[0x1f, 0x8b, 8][..]),
            "gzip magic and deflate"
        );
        assert!(gz.len() < text.len() / 4);
        let mut gunzip = std::process::Command::new("gzip")
            .arg("-dc")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = gunzip.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(&gz));
        let out = gunzip.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, text);
    }

    #[test]
    fn css_loses_comments_and_indentation_only() {
        assert_eq!(
            strip_css("/* a */\n.x {\n  color: red; /* b */\n}\n\n  .y{}/* unterminated"),
            ".x {\ncolor: red;\n}\n.y{}\n"
        );
    }

    #[test]
    fn finds_stylesheet_links_in_order() {
        let html = r#"<link rel="modulepreload" href="/a.js"><link rel="stylesheet" href="/console/t-1.css" integrity="x"/>"#;
        let (start, end, href) = next_stylesheet(html).unwrap_or_default();
        assert_eq!(href, "/console/t-1.css");
        assert_eq!(
            html.get(start..end),
            Some(r#"<link rel="stylesheet" href="/console/t-1.css" integrity="x"/>"#)
        );
    }
}
