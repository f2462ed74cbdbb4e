//! The code-splitting step of `cargo xtask build`.
//!
//! Trunk builds the wasm with `--cfg quay_split` and `--emit-relocs`, so every area page is a
//! `#[wasm_split]` point (see `src/lazy_pages.rs`). Trunk's own wasm-bindgen output would import
//! a loader module that does not exist yet; this step replaces it:
//!
//! 1. `wasm_split_cli_support` cuts cargo's wasm into the main module, one `split_<area>` chunk
//!    per area and shared `chunk_<n>` pieces, plus the JS loader (`split-<hash>.js`) that fetches
//!    them next to itself, the first time their page is opened.
//! 2. Every chunk is optimised with wasm-opt and renamed with a hash of its content (so nginx may
//!    cache it for a year); the loader is rewritten to the new names and itself hashed; the main
//!    module's import of the loader is patched to that name (same length as the placeholder).
//! 3. wasm-bindgen runs on the main module under the name trunk chose, so index.html and the
//!    boot script need no change, and wasm-opt shrinks it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{root, run as sh};

/// The loader's name while the hash is not known; `split-<16 hex>.js` replaces it byte for byte.
const PLACEHOLDER: &str = "./split-XXXXXXXXXXXXXXXX.js";

/// The features the release wasm is built with; wasm-opt must know them to read it.
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// FNV-1a, enough for a cache-busting file name.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn wasm_opt(path: &Path) -> Result<(), String> {
    let file = path.to_string_lossy().into_owned();
    let mut args = vec![
        "-Oz",
        "--strip-debug",
        "--strip-producers",
        // 148 bytes a module that no browser reads; the tags view alone fetches 40 modules.
        "--strip-target-features",
    ];
    args.extend_from_slice(WASM_OPT_FEATURES);
    args.extend_from_slice(&[&file, "-o", &file]);
    // wasm-opt warns about every name subsection it does not know (wasm-split writes them);
    // its output is shown only when it fails.
    let out = crate::util::command("wasm-opt", &args)
        .output()
        .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wasm-opt {file} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The stem trunk gave the console's JS and wasm (`quay-console-<hash>`).
fn trunk_stem(dist: &Path) -> Result<String, String> {
    std::fs::read_dir(dist)
        .map_err(|e| format!("dist/: {e}"))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find_map(|name| name.strip_suffix("_bg.wasm").map(str::to_owned))
        .ok_or_else(|| "dist/ has no *_bg.wasm: did trunk build?".to_owned())
}

/// Replaces every occurrence of `from` with `to` (same length) in `bytes`; how many there were.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if bytes.get(i..i + from.len()) == Some(from) {
            if let Some(slot) = bytes.get_mut(i..i + from.len()) {
                slot.copy_from_slice(to);
            }
            count += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    count
}

/// Returns, for each area (split point), the wasm files its first page fetches.
pub fn run(dist: &Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    let cargo_wasm = root().join("target/wasm32-unknown-unknown/release/quay-console.wasm");
    let work = root().join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("bindgen")).map_err(|e| e.to_string())?;
    let stem = trunk_stem(dist)?;
    let main_module = format!("./{stem}.js");

    let input = read(&cargo_wasm)?;
    let main_wasm = work.join("main.wasm");
    // A first cut tells which areas share which code, and how much; the second groups the shared
    // chunks so that an area fetches few of them (`chunks.rs`).
    let probe = work.join("probe");
    let first = cut(&input, &probe, &probe.join("main.wasm"), &main_module, None)?;
    let groups = crate::chunks::group(&shared_chunks(&first, &probe), crate::chunks::MAX_SHARED);
    let _ = std::fs::remove_dir_all(&probe);
    let joined = |users: &std::collections::BTreeSet<String>| {
        groups.get(users).cloned().unwrap_or_else(|| users.clone())
    };
    let split = cut(&input, &work, &main_wasm, &main_module, Some(&joined))?;
    if split.split_modules.is_empty() {
        return Err("wasm-split found no split points: was the wasm built with --cfg quay_split and --emit-relocs?".into());
    }

    // Chunks: optimise, name by content, copy; the loader learns the new names.
    let loader_path = work.join(PLACEHOLDER.trim_start_matches("./"));
    let mut loader = String::from_utf8(read(&loader_path)?).map_err(|e| e.to_string())?;
    for chunk in &split.split_modules {
        wasm_opt(chunk)?;
        let bytes = read(chunk)?;
        let old = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("chunk without a name")?;
        let new = format!("{old}-{}", hash(&bytes));
        let quoted = format!("\"./{old}.wasm\"");
        if !loader.contains(&quoted) {
            return Err(format!("the split loader does not fetch {old}.wasm"));
        }
        loader = loader.replace(&quoted, &format!("\"./{new}.wasm\""));
        write(&dist.join(format!("{new}.wasm")), &bytes)?;
    }
    let areas = area_modules(&loader);
    let loader = crate::util::minify_js(&loader, true)?;
    let link_name = format!("./split-{}.js", hash(loader.as_bytes()));
    write(
        &dist.join(link_name.trim_start_matches("./")),
        loader.as_bytes(),
    )?;

    // Main module: point its loader import at the hashed name, bind, optimise, replace trunk's.
    let mut main = read(&main_wasm)?;
    if patch(&mut main, PLACEHOLDER.as_bytes(), link_name.as_bytes()) == 0 {
        return Err("the main module does not import the split loader".into());
    }
    write(&main_wasm, &main)?;
    let out_dir = work.join("bindgen");
    let out = out_dir.to_string_lossy().into_owned();
    let main_arg = main_wasm.to_string_lossy().into_owned();
    sh(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-typescript",
            "--out-name",
            &stem,
            "--out-dir",
            &out,
            &main_arg,
        ],
    )?;
    let bound: PathBuf = out_dir.join(format!("{stem}_bg.wasm"));
    wasm_opt(&bound)?;
    write(&dist.join(format!("{stem}_bg.wasm")), &read(&bound)?)?;
    // wasm-bindgen's glue, minified: every first load fetches it (67 KB as written, 31 minified).
    let glue =
        String::from_utf8(read(&out_dir.join(format!("{stem}.js")))?).map_err(|e| e.to_string())?;
    write(
        &dist.join(format!("{stem}.js")),
        crate::util::minify_js(&glue, true)?.as_bytes(),
    )?;
    let loader_name = link_name.trim_start_matches("./");
    fix_index(dist, &stem, loader_name)?;
    println!(
        "split: main module + {} chunks, loader {}",
        split.split_modules.len(),
        link_name.trim_start_matches("./")
    );
    Ok(areas)
}

/// Cuts `input` at its split points into `dir` (main module at `main_wasm`).
fn cut(
    input: &[u8],
    dir: &Path,
    main_wasm: &Path,
    main_module: &str,
    chunk_group: Option<&wasm_split_cli_support::ChunkGroup<'_>>,
) -> Result<wasm_split_cli_support::SplitWasm, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(input);
        opts.output_dir = dir;
        opts.main_out_path = main_wasm;
        opts.main_module = main_module;
        opts.link_name = PLACEHOLDER;
        opts.chunk_group = chunk_group;
        opts
    })
    .map_err(|e| format!("wasm-split: {e:#}"))
}

/// Each shared chunk of a cut: the areas that fetch it and its size in bytes.
fn shared_chunks(
    split: &wasm_split_cli_support::SplitWasm,
    dir: &Path,
) -> Vec<(std::collections::BTreeSet<String>, u64)> {
    let mut users: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (area, files) in &split.prefetch_map {
        for file in files.iter().filter(|f| f.starts_with("chunk_")) {
            users.entry(file).or_default().insert(area.clone());
        }
    }
    users
        .into_iter()
        .map(|(file, areas)| {
            // The file's size, names section included. Measured: grouping by the sections
            // alone (the optimised modules keep no names) made the tags view's deep link
            // 13 KiB larger and the weighted sum over all deep links larger too.
            let bytes = std::fs::metadata(dir.join(format!("{file}.wasm"))).map_or(0, |m| m.len());
            (areas, bytes)
        })
        .collect()
}

/// Reads the loader: each shared chunk is preceded by a comment naming the areas that use it
/// (`/* logs, tags */`), each area's own module is `__wasm_split_load_<area>`; both fetch
/// `"./<file>.wasm"` on their next line.
pub fn area_modules(loader: &str) -> BTreeMap<String, Vec<String>> {
    let mut areas: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut users: Vec<String> = Vec::new();
    for line in loader.lines() {
        let line = line.trim();
        if let Some(list) = line.strip_prefix("/* ").and_then(|l| l.strip_suffix(" */")) {
            users = list.split(',').map(|a| a.trim().to_owned()).collect();
        } else if let Some(rest) = line.strip_prefix("export const __wasm_split_load_") {
            users = rest
                .split([' ', '='])
                .next()
                .map(|a| vec![a.to_owned()])
                .unwrap_or_default();
        } else if let Some(file) = line
            .split("new URL(\"./")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            for area in users.drain(..) {
                areas.entry(area).or_default().push(file.to_owned());
            }
        }
    }
    areas
}

/// `sha384-<base64>`, as in an `integrity` attribute.
pub fn sri(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha384::digest(bytes);
    use base64::Engine;
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Trunk's preload links carry the integrity of the files it wrote; they now hold other bytes.
/// The split loader gets a preload link too, so it is fetched alongside the main JS.
fn fix_index(dist: &Path, stem: &str, loader: &str) -> Result<(), String> {
    let index_path = dist.join("index.html");
    let mut html = String::from_utf8(read(&index_path)?).map_err(|e| e.to_string())?;
    for name in [format!("{stem}.js"), format!("{stem}_bg.wasm")] {
        let start = html
            .find(&format!("/{name}\""))
            .ok_or_else(|| format!("index.html does not link {name}"))?;
        let attr = "integrity=\"";
        let value_start = html
            .get(start..)
            .and_then(|rest| rest.find(attr))
            .map(|i| start + i + attr.len())
            .ok_or_else(|| format!("index.html has no integrity for {name}"))?;
        let value_end = html
            .get(value_start..)
            .and_then(|rest| rest.find('"'))
            .map(|i| value_start + i)
            .ok_or("unterminated integrity attribute")?;
        html.replace_range(value_start..value_end, &sri(&read(&dist.join(&name))?));
    }
    let js_href = format!("/{stem}.js\"");
    let link_start = html
        .find(&js_href)
        .and_then(|i| html.get(..i)?.rfind("<link"))
        .ok_or("index.html has no modulepreload link")?;
    let href_base = html
        .get(link_start..)
        .and_then(|l| l.split("href=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.strip_suffix(&format!("{stem}.js")).map(str::to_owned))
        .ok_or("cannot read the modulepreload link's href")?;
    let preload = format!(
        "<link rel=\"modulepreload\" href=\"{href_base}{loader}\" crossorigin=\"anonymous\" integrity=\"{}\">",
        sri(&read(&dist.join(loader))?)
    );
    html.insert_str(link_start, &preload);
    write(&index_path, html.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_which_areas_fetch_which_modules() {
        let loader = "/* account, tags */\nconst __chunk_1 = makeLoad(() => {\n    const src = fetch(new URL(\"./chunk_1-aa.wasm\", import.meta.url));\n}, []);\nexport const __wasm_split_load_tags = wrapAsyncCb(makeLoad(() => {\n    const src = fetch(new URL(\"./split_tags-bb.wasm\", import.meta.url));\n}, [__chunk_1]));\n";
        let areas = super::area_modules(loader);
        assert_eq!(areas["tags"], ["chunk_1-aa.wasm", "split_tags-bb.wasm"]);
        assert_eq!(areas["account"], ["chunk_1-aa.wasm"]);
    }

    use super::*;

    #[test]
    fn patch_replaces_every_occurrence_in_place() {
        let mut bytes = b"aa./split-XXXXXXXXXXXXXXXX.jsbb./split-XXXXXXXXXXXXXXXX.js".to_vec();
        let to = b"./split-0123456789abcdef.js";
        assert_eq!(patch(&mut bytes, PLACEHOLDER.as_bytes(), to), 2);
        assert_eq!(
            bytes,
            b"aa./split-0123456789abcdef.jsbb./split-0123456789abcdef.js".to_vec()
        );
        assert_eq!(PLACEHOLDER.len(), to.len());
    }

    #[test]
    fn sri_of_empty_input_matches_openssl() {
        // openssl dgst -sha384 -binary /dev/null | base64
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }
}
