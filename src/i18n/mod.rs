//! Every user-facing string goes through here: `t("key")`, or `tf("key", &[("name", value)])`
//! for messages with `{name}` placeholders.
//!
//! Messages live in `locales/<lang>/<area>.txt` as `key = value` lines (`#` starts a comment), one
//! file per area so that views grow their own file. They are compiled in with `include_str!` and
//! parsed once. A missing key falls back to English, then to the key itself: never a panic.
//! The tidy test (`tests/i18n.rs`) checks that every language has every key and that every key is used.

pub mod format;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

/// A language of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang {
    pub code: &'static str,
    /// The language's own name, for the switcher.
    pub name: &'static str,
    files: &'static [&'static str],
}

/// With `--cfg quay_split` only the English `core.txt` is in the main module; an area's texts travel in its
/// wasm chunk and are added when the area first opens (`add_area`, from `src/lazy_pages.rs`).
/// Chinese and Japanese core messages travel in a chunk of their own too (`lazy_pages::load_lang`),
/// fetched before the console renders in that language.
#[cfg(quay_split)]
macro_rules! locale_files {
    ("en") => {
        &[include_str!("../../locales/en/core.txt")]
    };
    ($lang:literal) => {
        &[]
    };
}

#[cfg(not(quay_split))]
macro_rules! locale_files {
    ($lang:literal) => {
        &[
            include_str!(concat!("../../locales/", $lang, "/core.txt")),
            include_str!(concat!("../../locales/", $lang, "/palette.txt")),
            include_str!(concat!("../../locales/", $lang, "/tags.txt")),
            include_str!(concat!("../../locales/", $lang, "/security.txt")),
            include_str!(concat!("../../locales/", $lang, "/robots.txt")),
            include_str!(concat!("../../locales/", $lang, "/applications.txt")),
            include_str!(concat!("../../locales/", $lang, "/quotas.txt")),
            include_str!(concat!("../../locales/", $lang, "/mirrors.txt")),
            include_str!(concat!("../../locales/", $lang, "/logs.txt")),
            include_str!(concat!("../../locales/", $lang, "/account.txt")),
            include_str!(concat!("../../locales/", $lang, "/lifecycle.txt")),
            include_str!(concat!("../../locales/", $lang, "/org_mirror.txt")),
            include_str!(concat!("../../locales/", $lang, "/access.txt")),
            include_str!(concat!("../../locales/", $lang, "/review.txt")),
        ]
    };
}

/// Every language, English first (the fallback).
pub const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        name: "English",
        files: locale_files!("en"),
    },
    Lang {
        code: "zh",
        name: "简体中文",
        files: locale_files!("zh"),
    },
    Lang {
        code: "ja",
        name: "日本語",
        files: locale_files!("ja"),
    },
];

type Table = HashMap<&'static str, &'static str>;

fn tables() -> &'static Vec<Table> {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| LANGS.iter().map(|l| parse_files(l.files)).collect())
}

/// Parses `key = value` lines. Later duplicates win; `\n` in a value becomes a newline at display.
#[must_use]
pub fn parse_files(files: &[&'static str]) -> Table {
    let mut table = HashMap::new();
    for file in files {
        for line in file.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                table.insert(key.trim(), value.trim());
            }
        }
    }
    table
}

/// Areas added after start: the area's name and a table per language (in `LANGS` order).
static AREAS: RwLock<Vec<(&'static str, Vec<Table>)>> = RwLock::new(Vec::new());

/// Adds an area's messages, given as `(language code, file text)`; adding an area twice is a no-op.
pub fn add_area(area: &'static str, files: &[(&str, &'static str)]) {
    let mut areas = AREAS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if areas.iter().any(|(name, _)| *name == area) {
        return;
    }
    let tables = LANGS
        .iter()
        .map(|lang| {
            let texts: Vec<&'static str> = files
                .iter()
                .filter(|(code, _)| *code == lang.code)
                .map(|(_, text)| *text)
                .collect();
            parse_files(&texts)
        })
        .collect();
    areas.push((area, tables));
}

fn lookup(lang: usize, key: &str) -> Option<&'static str> {
    if let Some(text) = tables().get(lang).and_then(|t| t.get(key)) {
        return Some(text);
    }
    let areas = AREAS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    areas
        .iter()
        .find_map(|(_, tables)| tables.get(lang).and_then(|t| t.get(key)).copied())
}

static CURRENT: AtomicUsize = AtomicUsize::new(0);

/// Switches the language (the shell re-renders the page after a switch).
pub fn set_lang(code: &str) {
    let index = LANGS.iter().position(|l| l.code == code).unwrap_or(0);
    CURRENT.store(index, Ordering::Relaxed);
}

/// The current language.
#[must_use]
pub fn lang() -> Lang {
    LANGS
        .get(CURRENT.load(Ordering::Relaxed))
        .or_else(|| LANGS.first())
        .copied()
        .unwrap_or(Lang {
            code: "en",
            name: "English",
            files: &[],
        })
}

/// Picks the best language for the browser's preferences (`navigator.languages`).
#[must_use]
pub fn best_match<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static str {
    for pref in preferred {
        let pref = pref.to_ascii_lowercase();
        let primary = pref.split(['-', '_']).next().unwrap_or_default();
        if let Some(lang) = LANGS.iter().find(|l| l.code == pref || l.code == primary) {
            return lang.code;
        }
    }
    "en"
}

/// The message for `key` in the current language.
#[must_use]
pub fn t(key: &'static str) -> &'static str {
    lookup(CURRENT.load(Ordering::Relaxed), key)
        .or_else(|| lookup(0, key))
        .unwrap_or(key)
}

/// The message for `key` with `{name}` placeholders filled in.
#[must_use]
pub fn tf(key: &'static str, args: &[(&str, &str)]) -> String {
    let mut text = t(key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_area_answers_in_every_language_and_falls_back_to_english() {
        add_area(
            "test_area",
            &[
                (
                    "en",
                    "test_area.hello = Hello\ntest_area.only_en = Only English",
                ),
                ("ja", "test_area.hello = こんにちは"),
            ],
        );
        add_area("test_area", &[("en", "test_area.hello = Replaced")]);
        assert_eq!(lookup(0, "test_area.hello"), Some("Hello"));
        let ja = LANGS.iter().position(|l| l.code == "ja").unwrap_or(0);
        assert_eq!(lookup(ja, "test_area.hello"), Some("こんにちは"));
        assert_eq!(lookup(ja, "test_area.only_en"), None);
        // (Keys held in variables: tidy checks literal `t("…")` keys against the locale files.)
        let (only_en, missing) = ("test_area.only_en", "test_area.missing");
        assert_eq!(t(only_en), "Only English");
        assert_eq!(t(missing), missing);
    }
}
