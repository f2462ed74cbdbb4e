//! The tags view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn TagsPage() -> impl IntoView {
    view! { <Coming area="nav.tags"/> }
}

#[component]
pub fn TagHistoryPage() -> impl IntoView {
    view! { <Coming area="nav.history"/> }
}
