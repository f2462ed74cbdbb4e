//! The quotas view: a namespace's quota, limits, consumption and repositories by size
//! (`/organization/{org}/quotas`, `/user/quotas`); every namespace's quota for superusers
//! (`/superuser/quotas`, `?ns=&kind=` to edit one); the registry size (`/superuser/registry-size`).

mod limit_form;
mod limits;
mod namespace_page;
mod panel;
mod quota_form;
mod registry_size;
mod repo_sizes;
mod superuser_page;
mod texts;
mod usage_bar;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

pub use namespace_page::QuotasPage;
pub use registry_size::RegistrySizePage;
pub use superuser_page::SuperuserQuotasPage;

use crate::api::{scope, ApiError};
use crate::auth::Session;
use crate::components::EmptyState;
use crate::i18n::t;
use crate::model::url::build_query;
use crate::reactive::memo;
use crate::views::{use_features, use_go, use_route_path, use_user};

type Fetch<T> = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<T, ApiError>>>>>;

/// A read that can be repeated: `state` is `None` until the first answer and keeps the last answer
/// while a reload runs. Lighter than a `LocalResource` per type (the fetch is type-erased); a late
/// answer of an older load, or one arriving after the view went away, is dropped.
pub struct Loader<T: Send + Sync + 'static> {
    pub state: RwSignal<Option<Result<T, ApiError>>>,
    generation: StoredValue<u64>,
    fetch: StoredValue<Fetch<T>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    /// Starts loading with `fetch`, which is called again on every [`Loader::reload`].
    pub fn new<F: Future<Output = Result<T, ApiError>> + 'static>(
        fetch: impl Fn() -> F + 'static,
    ) -> Self {
        let fetch: Fetch<T> = Arc::new(move || Box::pin(fetch()));
        let loader = Self {
            state: RwSignal::new(None),
            generation: StoredValue::new(0),
            fetch: StoredValue::new_local(fetch),
        };
        loader.reload();
        loader
    }

    pub fn reload(&self) {
        let Some(this) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let Some(fetch) = self.fetch.try_get_value() else {
            return;
        };
        let (state, generation) = (self.state, self.generation);
        spawn_local(async move {
            let answer = fetch().await;
            if generation.try_get_value() == Some(this) {
                state.try_set(Some(answer));
            }
        });
    }
}

/// Sets query parameters of the current page (an empty value removes one), keeping the others:
/// `set(&[("q", "lib")], true)`. `replace` for keystrokes, so history holds one entry per search.
pub fn use_query_setter() -> impl Fn(&[(&str, &str)], bool) + Clone + 'static {
    let query = use_query_map();
    let go = use_go();
    let path = use_route_path();
    move |updates: &[(&str, &str)], replace: bool| {
        let mut pairs: Vec<(String, String)> = query.with_untracked(|q| {
            q.latest_values()
                .map(|(k, v)| (k.to_string(), v.to_owned()))
                .collect()
        });
        for (key, value) in updates {
            match pairs.iter_mut().find(|(k, _)| k == key) {
                Some(pair) => pair.1 = (*value).to_owned(),
                None => pairs.push(((*key).to_owned(), (*value).to_owned())),
            }
        }
        go(
            &crate::routes::href(&format!("{}{}", path.get_untracked(), build_query(&pairs))),
            replace,
        );
    }
}

/// Shows `children` where this Quay has quota management; elsewhere says it is turned off
/// (with the page's heading when `heading`).
#[component]
fn QuotasOn(children: ChildrenFn, #[prop(optional)] heading: bool) -> impl IntoView {
    let features = use_features();
    let on = memo(move || features.with(|f| f.quota_management));
    move || {
        if on.get() {
            children().into_any()
        } else {
            view! {
                {heading.then(|| view! { <h1>{t("nav.quotas")}</h1> })}
                <section class="card" data-testid="quotas-off" role="status">
                    <h2>{t("quotas.off.title")}</h2>
                    <p>{t("quotas.off.text")}</p>
                </section>
            }
            .into_any()
        }
    }
}

/// Shows `children` to superusers signed in with `super:user`; others get the reason.
#[component]
fn SuperuserOnly(children: ChildrenFn) -> impl IntoView {
    let user = use_user();
    let session = use_context::<Session>();
    move || {
        let is_super = user.with(|u| u.as_ref().is_some_and(|u| u.super_user));
        let has_scope = session.is_some_and(|s| s.has_scope(scope::SUPER_USER));
        if is_super && has_scope {
            children().into_any()
        } else {
            let key = if has_scope {
                "quotas.superusers_only"
            } else {
                "quotas.superusers_only_scope"
            };
            view! { <div data-testid="superusers-only"><EmptyState message=t(key).to_owned()/></div> }.into_any()
        }
    }
}
