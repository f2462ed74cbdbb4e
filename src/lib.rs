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
    leptos::mount::mount_to_body(app::App);
}
