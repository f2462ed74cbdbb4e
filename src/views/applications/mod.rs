//! The applications view: an organization's OAuth applications (`?q=` filters the list, `?app=ID`
//! opens one) and the signed-in user's app-specific tokens (`?expiring=true`).

mod detail;
mod form;
mod generate;
mod issued;
mod list;
mod redirect;
mod token_create;
mod tokens;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::use_namespace;
use crate::auth;
use crate::components::Loading;
use crate::i18n::format;
use crate::model::applications::parse_date;
use crate::model::config::Config;
use crate::model::url::build_query;
use crate::reactive::memo;
use crate::routes::{self, NamespaceArea};

pub use tokens::AppTokensPage;

/// The href of `/organization/{org}/applications[?app=ID]` (with the console's base).
fn app_route(org: &str, client_id: Option<&str>) -> String {
    format!(
        "{}{}",
        routes::namespace_area(org, false, NamespaceArea::Applications),
        build_query(&[("app", client_id.unwrap_or_default())])
    )
}

/// A Quay date in the current language (through `Intl`), or the text itself when unreadable.
fn local_date(text: &str) -> String {
    #[allow(clippy::cast_precision_loss)]
    parse_date(text).map_or_else(|| text.to_owned(), |s| format::date_time(s as f64))
}

/// The console's configuration (provided by the app before any view exists).
fn use_config() -> Arc<Config> {
    use_context::<Arc<Config>>().unwrap_or_else(|| {
        Arc::new(Config {
            quay_url: String::new(),
            client_id: String::new(),
            scopes: Vec::new(),
            redirect_path: String::new(),
            organization: None,
        })
    })
}

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let namespace = use_namespace();
    let query = use_query_map();
    let org = memo(move || namespace.get().map(|n| n.name));
    let app = memo(move || query.with(|q| q.get("app")).filter(|a| !a.is_empty()));
    // The answer to "generate a token", if the browser just came back from Quay: shown once.
    let outcome = RwSignal::new(auth::take_app_token());
    view! {
        <section class="page applications" data-testid="applications-page">
            {move || outcome.get().map(|o| view! {
                <generate::TokenOnce outcome=o on_close=Callback::new(move |()| outcome.set(None))/>
            })}
            {move || match (org.get(), app.get()) {
                (None, _) => view! { <Loading/> }.into_any(),
                (Some(org), None) => view! { <list::ApplicationList org=org/> }.into_any(),
                (Some(org), Some(id)) => view! { <detail::ApplicationDetail org=org client_id=id/> }.into_any(),
            }}
        </section>
    }
}
