//! Repository hygiene, checked by plain `cargo test`: the promises the code base makes about itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part of a file before its `#[cfg(test)]` module.
fn non_test_part(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

#[test]
fn no_file_is_too_long() {
    let mut files = Vec::new();
    for dir in ["src", "sandbox/src", "xtask/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(f).unwrap().lines().count();
            (lines > 600).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by responsibility: {long:?}");
}

#[test]
fn no_unwrap_or_expect_outside_tests_in_src() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for (i, line) in non_test_part(&text).lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if code.contains(".unwrap()")
                || code.contains(".expect(")
                || code.contains("inner_html")
            {
                found.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(found.is_empty(), "panics or raw HTML in src/: {found:?}");
}

/// The files of src/ (but `except`) whose code outside tests contains one of `needles`.
fn src_files_using(needles: &[&str], except: &str) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files
        .iter()
        .filter(|f| !f.ends_with(except))
        .filter(|f| {
            let text = fs::read_to_string(f).unwrap();
            needles.iter().any(|n| non_test_part(&text).contains(n))
        })
        .map(|f| f.display().to_string())
        .collect()
}

/// `str::to_lowercase` would bring Rust's Unicode case tables back into the wasm (ARCHITECTURE.md, "Size").
#[test]
fn case_folding_goes_through_model_text() {
    let found = src_files_using(&["to_lowercase", "to_uppercase"], "model/text.rs");
    assert!(found.is_empty(), "use model::text::FoldCase: {found:?}");
}

/// A slice sort is compiled anew for every element type and closure (ARCHITECTURE.md, "Size").
#[test]
fn sorting_goes_through_model_order() {
    let needles = [".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable"];
    let found = src_files_using(&needles, "model/order.rs");
    assert!(found.is_empty(), "use model::order: {found:?}");
}

#[test]
fn no_inline_style_attributes() {
    // The CSP forbids inline styles: use `style:prop=` (CSSOM) or classes.
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let found: Vec<String> = files
        .into_iter()
        .filter(|f| fs::read_to_string(f).unwrap().contains(" style=\""))
        .map(|f| f.display().to_string())
        .collect();
    assert!(found.is_empty(), "style=\"...\" attributes: {found:?}");
}

#[test]
fn wasm_bindgen_pins_agree() {
    let cargo = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let pin = cargo
        .lines()
        .find(|l| l.starts_with("wasm-bindgen ="))
        .and_then(|l| l.split("\"=").nth(1))
        .and_then(|v| v.split('"').next())
        .expect("Cargo.toml pins wasm-bindgen with =");
    let trunk = fs::read_to_string(root().join("Trunk.toml")).unwrap();
    assert!(
        trunk.contains(&format!("wasm_bindgen = \"{pin}\"")),
        "Trunk.toml must pin {pin}"
    );
    let setup = fs::read_to_string(root().join("xtask/src/setup.rs")).unwrap();
    assert!(
        setup.contains(&format!("WASM_BINDGEN: &str = \"{pin}\"")),
        "xtask must install {pin}"
    );
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    assert!(
        lock.contains(&format!("name = \"wasm-bindgen\"\nversion = \"{pin}\"")),
        "Cargo.lock must resolve wasm-bindgen {pin}"
    );
}

fn locale_keys(lang: &str) -> BTreeSet<String> {
    let dir = root().join("locales").join(lang);
    let mut keys = BTreeSet::new();
    for entry in fs::read_dir(&dir).unwrap().flatten() {
        for line in fs::read_to_string(entry.path()).unwrap().lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, _) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: bad line {line:?}", entry.path().display()));
            assert!(
                keys.insert(key.trim().to_owned()),
                "{lang}: duplicate key {}",
                key.trim()
            );
        }
    }
    keys
}

/// Every string key the code asks for: `t("x")`, `tf("x", ...)`, and `"x.y"`-shaped literals
/// handed to helpers that translate later (e.g. nav keys).
fn used_keys(all: &BTreeSet<String>) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut called = BTreeSet::new();
    let mut mentioned = BTreeSet::new();
    for f in files {
        let text: String = fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for needle in ["t(\"", "tf(\""] {
            let mut from = 0;
            while let Some(i) = text[from..].find(needle) {
                let at = from + i;
                from = at + needle.len();
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue; // get("x"), .t("x"), ...: not the i18n call
                }
                if let Some(key) = text[from..].split('"').next() {
                    called.insert(key.to_owned());
                }
            }
        }
        for key in all {
            if text.contains(&format!("\"{key}\"")) {
                mentioned.insert(key.clone());
            }
        }
    }
    (called, mentioned)
}

#[test]
fn every_language_has_every_key_and_every_key_is_used() {
    let english = locale_keys("en");
    let langs: Vec<String> = fs::read_dir(root().join("locales"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for lang in &langs {
        let keys = locale_keys(lang);
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{lang} has keys English does not: {extra:?}"
        );
    }
    let (called, mentioned) = used_keys(&english);
    let undefined: Vec<_> = called.difference(&english).collect();
    assert!(
        undefined.is_empty(),
        "t()/tf() keys with no message: {undefined:?}"
    );
    // `common.*` is the shared vocabulary of dialogs and forms, used by whichever views need it.
    let unused: Vec<_> = english
        .difference(&mentioned)
        .filter(|k| !k.starts_with("common."))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let ci = fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(readme.contains("cargo xtask test") && ci.contains("cargo xtask test"));
    assert!(readme.contains("cargo xtask demo"));
}

/// A build without `--cfg quay_split` (e.g. `trunk serve`) compiles every area's texts into the one
/// module: each `locales/en/<area>.txt` must be in `src/i18n/mod.rs`'s list, or that area shows keys.
#[test]
fn the_unsplit_build_carries_every_locale_file() {
    let list = std::fs::read_to_string(root().join("src/i18n/mod.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("locales/en")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") && !list.contains(&format!("$lang, \"/{name}\")")) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "not in src/i18n/mod.rs's locale_files!: {missing:?}"
    );
}
