//! What the boot script started before the wasm ran (`xtask/src/boot.js`, `window.__quayBoot`):
//! `config.json` and the first request of a deep link into the tags or the logs. Each is taken at
//! most once, and only when it
//! is exactly the request the console would make itself (same URL, fresh), and its answer goes
//! through the client's own checks (a 401 signs out): otherwise the console asks again, so the
//! boot script can only save time, never change what is shown.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// An early answer asked for longer ago than this (ms) is not used.
const FRESH_MS: f64 = 15_000.0;

fn boot() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &JsValue::from_str("__quayBoot"))
        .ok()
        .filter(JsValue::is_object)
}

/// Takes `key` off the boot object (so it is used once) and returns it.
fn take(key: &str) -> Option<JsValue> {
    let boot = boot()?;
    let key = JsValue::from_str(key);
    let value = Reflect::get(&boot, &key).ok()?;
    let _ = Reflect::delete_property(boot.unchecked_ref::<js_sys::Object>(), &key);
    Some(value).filter(|v| !v.is_undefined())
}

/// `[status, body, url, retry-after]` of a settled boot request (`retry-after`: the header's text,
/// or null).
async fn settle(promise: JsValue) -> Option<(u16, String, String, Option<String>)> {
    let promise = promise.dyn_into::<Promise>().ok()?;
    let answer = JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into::<Array>()
        .ok()?;
    let status = answer
        .get(0)
        .as_f64()
        .filter(|s| (0.0..=999.0).contains(s))?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let status = status as u16;
    Some((
        status,
        answer.get(1).as_string()?,
        answer.get(2).as_string()?,
        answer.get(3).as_string(),
    ))
}

/// The boot script's answer to the page's first request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Early {
    /// Quay's status and body, and the seconds of a 429's `Retry-After`.
    Answer {
        status: u16,
        body: String,
        retry_after: Option<u32>,
    },
    /// No answer within the client's time limit (the script reads the same setting).
    TimedOut,
}

/// Marks the console as started. The boot script is `async`: under load it may run only after the
/// wasm has started, and the console has then asked for everything itself; finding this mark, it
/// sends nothing (else the first screen would cost two bearer calls).
pub fn mark_started() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__quayBoot");
    if Reflect::get(&window, &key)
        .ok()
        .is_some_and(|b| b.is_object())
    {
        return;
    }
    let late = js_sys::Object::new();
    let _ = Reflect::set(&late, &JsValue::from_str("late"), &JsValue::TRUE);
    let _ = Reflect::set(&window, &key, &late);
}

/// What the console waits for before it starts: the boot script's early request has left (it
/// resolves within a second in any case). `None`: nothing to wait for.
#[must_use]
pub fn ready() -> Option<Promise> {
    let boot = boot()?;
    Reflect::get(&boot, &JsValue::from_str("ready"))
        .ok()?
        .dyn_into::<Promise>()
        .ok()
}

/// The boot script ran less than [`FRESH_MS`] ago (`at`: its `Date.now()`).
fn fresh() -> bool {
    boot()
        .and_then(|b| Reflect::get(&b, &JsValue::from_str("at")).ok())
        .and_then(|at| at.as_f64())
        .is_some_and(|at| js_sys::Date::now() - at < FRESH_MS)
}

/// The boot script's `config.json` answer for `url`: `Ok(body)`, `Err(status)`, or `None` when it
/// has none (the console fetches the file itself).
pub async fn config(url: &str) -> Option<Result<String, u16>> {
    let (status, body, fetched, _) = settle(take("config")?).await?;
    (fetched == url).then_some(if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(status)
    })
}

/// Whether the boot script sent `GET {path}` (the console then does not send it again early).
pub fn has_early(path: &str) -> bool {
    boot()
        .and_then(|b| Reflect::get(&b, &JsValue::from_str("earlyPath")).ok())
        .and_then(|p| p.as_string())
        .is_some_and(|p| p == path)
}

/// The boot script's answer to `GET {url}` (`path` is the part after `/api/v1`), once: `None`
/// when there is none (another URL, too old, or no answer at all: a network error), and the
/// console asks itself.
pub async fn early(path: &str, url: &str) -> Option<Early> {
    if !has_early(path) || !fresh() {
        return None;
    }
    let _ = take("earlyPath");
    let (status, body, fetched, retry_after) = settle(take("early")?).await?;
    if fetched != url {
        return None;
    }
    match status {
        // `xtask/src/boot.js` writes status 0 and "timeout" when its time limit ended the request.
        0 => (body == "timeout").then_some(Early::TimedOut),
        status => Some(Early::Answer {
            status,
            body,
            retry_after: retry_after
                .as_deref()
                .and_then(crate::model::error::retry_after_seconds),
        }),
    }
}
