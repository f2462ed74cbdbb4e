//! The applications view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    view! { <Coming area="nav.applications"/> }
}

#[component]
pub fn AppTokensPage() -> impl IntoView {
    view! { <Coming area="nav.apptokens"/> }
}
