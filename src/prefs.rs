//! The person's display preferences: language and theme, remembered in `localStorage` (they are not
//! secrets; the token never goes there).

use crate::i18n;

const LANG_KEY: &str = "quay-console.lang";
const THEME_KEY: &str = "quay-console.theme";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The language to start with: the remembered one, else the browser's preference.
#[must_use]
pub fn initial_lang() -> &'static str {
    let remembered = local().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    if let Some(code) = remembered {
        return i18n::best_match([code.as_str()]);
    }
    let preferred: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    i18n::best_match(preferred.iter().map(String::as_str))
}

pub fn save_lang(code: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(LANG_KEY, code);
    }
    apply_lang(code);
}

/// Sets `<html lang>` so screen readers and fonts follow.
pub fn apply_lang(code: &str) {
    i18n::set_lang(code);
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", code);
    }
}

/// `auto` (follow the system), `light` or `dark`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Self; 3] = [Self::Auto, Self::Light, Self::Dark];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Self {
        match code {
            "light" => Self::Light,
            "dark" => Self::Dark,
            _ => Self::Auto,
        }
    }
}

#[must_use]
pub fn initial_theme() -> Theme {
    local()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map_or(Theme::Auto, |c| Theme::from_code(&c))
}

/// Applies the theme to `<html data-theme>` (absent = follow the system) and remembers it.
pub fn apply_theme(theme: Theme, remember: bool) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::Auto => html.remove_attribute("data-theme"),
            other => html.set_attribute("data-theme", other.code()),
        };
    }
    if remember {
        if let Some(s) = local() {
            let _ = s.set_item(THEME_KEY, theme.code());
        }
    }
}
