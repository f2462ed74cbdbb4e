//! A repository's overview: what it is, and links to its areas.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{use_client, use_repository};
use crate::api;
use crate::components::{ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::reactive::resource;
use crate::routes;

#[component]
pub fn RepositoryPage() -> impl IntoView {
    let client = use_client();
    let repo = use_repository();
    let details = resource(move || {
        let client = client.clone();
        let (ns, name) = repo.get();
        async move { api::repositories::get(&client, &ns, &name).await }
    });
    view! {
        <section class="page" data-testid="repository-page">
            <h1>{move || { let (ns, name) = repo.get(); tf("repo.title", &[("repo", &format!("{ns}/{name}"))]) }}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || details.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| details.refetch())/> }.into_any(),
                    Ok(r) => view! {
                        <div class="card">
                            {r.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p>{d}</p> })}
                            <p>
                                <span class="badge">{if r.is_public { t("home.public") } else { t("home.private") }}</span>" "
                                {r.state.clone().map(|s| view! { <span class="badge badge-state">{tf("home.state", &[("state", &s)])}</span> })}
                            </p>
                            <nav class="chips">
                                <A href=routes::repo_tags(&r.namespace, &r.name) attr:class="chip">{t("nav.tags")}</A>
                                <A href=routes::repo_tag_history(&r.namespace, &r.name) attr:class="chip">{t("nav.history")}</A>
                                <A href=routes::repo_mirror(&r.namespace, &r.name) attr:class="chip">{t("nav.mirror")}</A>
                                <A href=routes::repo_logs(&r.namespace, &r.name) attr:class="chip">{t("nav.logs")}</A>
                            </nav>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
