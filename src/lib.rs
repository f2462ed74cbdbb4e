//! Quay Console: a browser admin console for Red Hat Quay. See ARCHITECTURE.md for the map.

pub mod api;
pub mod app;
pub mod auth;
pub mod components;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod lazy_pages;
pub mod model;
pub mod prefs;
pub mod reactive;
pub mod routes;
pub mod views;

/// Mounts the console on `<body>`.
pub fn run() {
    console_error_panic_hook::set_once();
    // Before anything else (before config.json is fetched): an OAuth callback's token leaves the
    // address bar now, whatever happens next.
    auth::capture_callback();
    // A boot script that has not run yet must not run now.
    api::boot::mark_started();
    // A deep link's first request is sent by the boot script as soon as config.json is in; the
    // console starts once it has left (starting holds the main thread for a while).
    match api::boot::ready() {
        Some(ready) => wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(ready).await;
            leptos::mount::mount_to_body(app::App);
        }),
        None => leptos::mount::mount_to_body(app::App),
    }
}
