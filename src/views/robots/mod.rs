//! The robots view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn RobotsPage() -> impl IntoView {
    view! { <Coming area="nav.robots"/> }
}
