//! Who can do what: an organization's default permissions (`/organization/{org}/default-permissions`,
//! Quay's permission prototypes) and the signed-in user's authorized applications
//! (`/user/authorizations`, one row per OAuth grant), an organization's proxy cache
//! (`/organization/{org}/proxy-cache`). All are one lazily loaded chunk, `access`.

mod authorizations;
mod prototype_form;
mod prototypes;
mod proxy_cache;

use leptos::prelude::*;

use super::use_namespace;
use crate::components::Loading;
use crate::reactive::memo;

pub use authorizations::AuthorizationsPage;

/// `/organization/{org}/default-permissions`.
#[component]
pub fn DefaultPermissionsPage() -> impl IntoView {
    let namespace = use_namespace();
    let org = memo(move || namespace.get().map(|n| n.name));
    view! {
        <section class="page access" data-testid="default-permissions-page">
            {move || match org.get() {
                None => view! { <Loading/> }.into_any(),
                Some(org) => view! { <prototypes::PrototypeList org=org/> }.into_any(),
            }}
        </section>
    }
}

/// `/organization/{org}/proxy-cache`.
#[component]
pub fn ProxyCachePage() -> impl IntoView {
    let namespace = use_namespace();
    let org = memo(move || namespace.get().map(|n| n.name));
    view! {
        <section class="page access" data-testid="proxy-cache-page">
            {move || match org.get() {
                None => view! { <Loading/> }.into_any(),
                Some(org) => view! { <proxy_cache::ProxyCacheView org=org/> }.into_any(),
            }}
        </section>
    }
}

/// A user's, robot's, team's or application's avatar: its colour as a small square, then the name.
#[component]
fn Named(name: String, color: String) -> impl IntoView {
    view! {
        <span class="named">
            <span class="avatar" style:background-color=color aria-hidden="true"></span>
            <span class="name">{name}</span>
        </span>
    }
}
