//! Robot accounts of an organization (`/organization/{org}/robots`) or of the signed-in user
//! (`/user/robots`). The URL holds the filter (`?q=`), the order (`?sort=`), the robot whose
//! details are open (`?robot=SHORT`) and its section (`?tab=`), and the creation wizard's step
//! (`?create=1&step=N`, see [`wizard`]), so every screen is a deep link.

mod bulk;
mod credentials;
mod detail;
mod federation;
mod list;
mod permissions;
mod wizard;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{use_client, use_namespace};
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::robots::{filter_sort, Owner, Robot, Sort};
use crate::model::url::build_query;
use crate::reactive::{effect, memo, resource};
use crate::routes::{self, NamespaceArea};

/// The query keys of the page, in the order they are written.
const KEYS: [&str; 6] = ["q", "sort", "robot", "tab", "create", "step"];

/// What every part of the page shares.
#[derive(Clone)]
pub(super) struct Ctx {
    pub owner: Owner,
    /// Bump to load the list again.
    pub reload: RwSignal<u32>,
    query: Memo<leptos_router::params::ParamsMap>,
    /// `(href, replace)`: the router's navigation, captured where the context exists.
    navigate: Callback<(String, bool)>,
}

impl Ctx {
    /// The page's href (with the console's base) and the current query changed by `changes`
    /// (`None` removes a key).
    pub fn href(&self, changes: &[(&str, Option<&str>)]) -> String {
        let path = routes::namespace_area(
            &self.owner.namespace,
            self.owner.is_user,
            NamespaceArea::Robots,
        );
        let current = self.query.get_untracked();
        let pairs: Vec<(&str, String)> = KEYS
            .iter()
            .map(|key| {
                let value = match changes.iter().find(|(k, _)| k == key) {
                    Some((_, v)) => v.map(ToOwned::to_owned).unwrap_or_default(),
                    None => current.get(key).unwrap_or_default(),
                };
                (*key, value)
            })
            .collect();
        format!("{path}{}", build_query(&pairs))
    }

    /// The current value of a query key (tracked), empty when absent.
    pub fn current(&self, key: &str) -> String {
        // `try_`: the router's query may be disposed first when the shell goes away (a 401).
        self.query
            .try_with(|q| q.get(key))
            .flatten()
            .unwrap_or_default()
    }

    /// [`Ctx::href`] for a link, following query changes when read in a reactive context.
    pub fn link(&self, changes: &[(&str, Option<&str>)]) -> String {
        self.query.track();
        self.href(changes)
    }

    /// Navigates to [`Ctx::href`]; `replace` for keystrokes and refinements, push for new screens.
    pub fn go(&self, changes: &[(&str, Option<&str>)], replace: bool) {
        self.navigate.run((self.href(changes), replace));
    }

    pub fn refresh(&self) {
        self.reload.update(|n| *n = n.wrapping_add(1));
    }
}

pub(super) fn use_ctx() -> Option<Ctx> {
    use_context::<Ctx>()
}

#[component]
pub fn RobotsPage() -> impl IntoView {
    let namespace = use_namespace();
    view! {
        {move || namespace.get().map(|ns| {
            let owner = Owner { namespace: ns.name, is_user: ns.is_user };
            view! { <Robots owner=owner/> }
        })}
    }
}

#[component]
fn Robots(owner: Owner) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let ctx = Ctx {
        owner: owner.clone(),
        reload: RwSignal::new(0),
        query,
        navigate: Callback::new(move |(href, replace): (String, bool)| {
            navigate(
                &href,
                NavigateOptions {
                    resolve: false,
                    replace,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        }),
    };
    provide_context(ctx.clone());
    let needle = memo(move || query.with(|q| q.get("q")).unwrap_or_default());
    let sort = memo(move || Sort::parse(&query.with(|q| q.get("sort")).unwrap_or_default()));
    let open_robot = {
        let owner = owner.clone();
        memo(move || {
            query
                .with(|q| q.get("robot"))
                .map(|r| owner.short_name(&r).to_owned())
                .filter(|r| !r.is_empty())
        })
    };

    let reload = ctx.reload;
    let loaded = {
        let owner = owner.clone();
        resource(move || {
            reload.track();
            let (client, owner) = (client.clone(), owner.clone());
            async move { api::robots::list(&client, &owner).await }
        })
    };
    let robots = memo(move || match loaded.get() {
        Some(Ok(list)) => Some(list),
        _ => None,
    });
    let shown = memo(move || {
        robots.with(|r| {
            r.as_deref()
                .map(|all| filter_sort(all, &needle.get(), sort.get()))
                .unwrap_or_default()
        })
    });
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // Forget selected robots that are gone after a reload.
    effect(move || {
        if let Some(all) = robots.get() {
            let names: BTreeSet<String> = all.iter().map(|r| r.short_name().to_owned()).collect();
            selected.update(|s| s.retain(|n| names.contains(n)));
        }
    });

    let bulk_open = RwSignal::new(false);
    let filter_ctx = ctx.clone();
    let create_ctx = ctx.clone();
    let creating = Callback::new(move |()| wizard::open(&create_ctx));
    let title = if owner.is_user {
        t("robots.title_user").to_owned()
    } else {
        tf("robots.title_org", &[("ns", &owner.namespace)])
    };
    let ns_name = owner.namespace.clone();

    view! {
        <section class="page robots" data-testid="robots-page">
            <h1>{title}</h1>
            <p class="muted">{t("robots.intro")}</p>
            <div class="toolbar">
                <label class="field filter">
                    <span class="visually-hidden">{t("robots.filter")}</span>
                    <input type="search" placeholder=t("robots.filter") data-testid="robot-filter" data-filter="true"
                        prop:value=move || needle.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            filter_ctx.go(&[("q", Some(&value))], true);
                        } />
                </label>
                <span class="grow"></span>
                <span class="selection-tools" hidden=move || selected.with(BTreeSet::is_empty)>
                    <span class="muted" data-testid="selection-count">
                        {move || tf("robots.selected", &[("count", &selected.with(BTreeSet::len).to_string())])}
                    </span>
                    <button type="button" class="btn" on:click=move |_| selected.set(BTreeSet::new())>
                        {t("robots.clear_selection")}
                    </button>
                    <button type="button" class="btn btn-danger" data-testid="bulk-delete"
                        on:click=move |_| bulk_open.set(true)>{t("robots.delete_selected")}</button>
                </span>
                <button type="button" class="btn btn-primary" data-testid="create-robot"
                    on:click=move |_| creating.run(())>{t("robots.create")}</button>
            </div>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! {
                    <EmptyState message=tf("robots.none", &[("ns", &ns_name)])>
                        <button type="button" class="btn btn-primary" on:click=move |_| creating.run(())>{t("robots.create")}</button>
                    </EmptyState>
                }.into_any(),
                Some(Ok(all)) => {
                    let total = all.len();
                    view! {
                        <p class="muted" aria-live="polite" data-testid="robot-count">
                            {move || tf("robots.count", &[("shown", &shown.with(Vec::len).to_string()), ("total", &total.to_string())])}
                        </p>
                        {move || if shown.with(Vec::is_empty) {
                            view! { <EmptyState message=tf("robots.no_match", &[("filter", &needle.get())])/> }.into_any()
                        } else {
                            view! { <list::RobotTable shown=shown selected=selected sort=sort/> }.into_any()
                        }}
                    }.into_any()
                }
            }}
            <wizard::CreateWizard/>
            <bulk::BulkDelete open=bulk_open selected=selected all=Signal::derive(move || robots.get().unwrap_or_default())/>
            {move || open_robot.get().map(|short| view! { <detail::RobotDrawer short=short/> })}
        </section>
    }
}

/// `Robot` rows are cloned into views; a short alias for signatures.
pub(super) type Robots = Vec<Robot>;
