//! The mirrors view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn MirrorPage() -> impl IntoView {
    view! { <Coming area="nav.mirror"/> }
}

#[component]
pub fn MirrorHealthPage() -> impl IntoView {
    view! { <Coming area="nav.mirrors_health"/> }
}
