//! The quotas view (placeholder pages until its issue lands).

use leptos::prelude::*;

use super::coming::Coming;

#[component]
pub fn QuotasPage() -> impl IntoView {
    view! { <Coming area="nav.quotas"/> }
}

#[component]
pub fn SuperuserQuotasPage() -> impl IntoView {
    view! { <Coming area="nav.su_quotas"/> }
}

#[component]
pub fn RegistrySizePage() -> impl IntoView {
    view! { <Coming area="nav.su_registry_size"/> }
}
