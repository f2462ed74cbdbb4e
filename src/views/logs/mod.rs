//! The logs view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn LogsPage() -> impl IntoView {
    view! { <Coming area="nav.logs"/> }
}
