//! Dates and numbers in the current language's format (the browser's `Intl`), so views never
//! hand-format them.

use wasm_bindgen::JsValue;

use super::lang;

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// A moment (Unix seconds) as a local date and time, e.g. "Nov 23, 2026, 3:13 PM" / "2026年11月23日 15:13".
#[must_use]
pub fn date_time(unix_seconds: f64) -> String {
    if !unix_seconds.is_finite() {
        return String::new();
    }
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds * 1000.0));
    date.to_locale_string(
        lang().code,
        &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
    )
    .as_string()
    .unwrap_or_default()
}

/// A day (Unix seconds) as a local date without time.
#[must_use]
pub fn date(unix_seconds: f64) -> String {
    if !unix_seconds.is_finite() {
        return String::new();
    }
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds * 1000.0));
    date.to_locale_date_string(lang().code, &options(&[("dateStyle", "medium")]))
        .as_string()
        .unwrap_or_default()
}

/// A count with the language's digit grouping (10,000 / 10,000 / 10,000).
#[must_use]
pub fn number(value: f64) -> String {
    let format = js_sys::Intl::NumberFormat::new(
        &js_sys::Array::of1(&JsValue::from_str(lang().code)),
        &js_sys::Object::new(),
    );
    format
        .format()
        .call1(&JsValue::NULL, &JsValue::from_f64(value))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_string())
}
