//! Fleet health (no Quay UI shows it): how many mirrors fail, are stale or never ran, Quay's
//! issues, and every mirrored repository with its last sync.
//!
//! * `/mirrors/health?ns=`: one namespace the user belongs to (superusers may pick every one);
//! * `/superuser/mirrors`: the registry, with Quay's superuser summary.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::health_table::{use_set_param, HealthTable};
use super::time::{local_and_relative, now};
use crate::api;
use crate::components::{ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::mirrors::health::{
    counts, HealthDetail, Issue, MirrorHealth, RowFilter, MAX_PAGES, PAGE_LIMIT,
};
use crate::model::mirrors::time::parse_iso;
use crate::reactive::{effect, memo};
use crate::routes;
use crate::views::{use_client, use_features, use_route_path, use_user};

/// The health page, or where this Quay has repository mirroring turned off, why there is none.
#[component]
pub fn MirrorHealthPage() -> impl IntoView {
    let features = use_features();
    let on = memo(move || features.with(|f| f.repo_mirror));
    move || {
        if on.get() {
            view! { <HealthPage/> }.into_any()
        } else {
            view! {
                <section class="page mirror-health" data-testid="mirror-health-page">
                    <h1>{t("nav.mirrors_health")}</h1>
                    <super::MirroringOff/>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn HealthPage() -> impl IntoView {
    let client = use_client();
    let path = use_route_path();
    let user = use_user();
    let query = use_query_map();
    let set_param = use_set_param();
    let registry_page = memo(move || path.get().starts_with("/superuser"));
    let superuser = memo(move || user.with(|u| u.as_ref().is_some_and(|u| u.super_user)));
    // `None`: every namespace (superusers only).
    let scope = memo(move || {
        if registry_page.get() {
            return None;
        }
        match query.with(|q| q.get("ns")).filter(|ns| !ns.is_empty()) {
            Some(ns) => Some(ns),
            None if superuser.get() => None,
            None => user.with(|u| u.as_ref().map(|u| u.username.clone())),
        }
    });

    let summary = RwSignal::new(None::<Result<MirrorHealth, ApiError>>);
    let issues = RwSignal::new(Vec::<Issue>::new());
    let details = RwSignal::new(Vec::<HealthDetail>::new());
    let loading = RwSignal::new(false);
    let table_error = RwSignal::new(None::<ApiError>);
    let generation = StoredValue::new(0_u32);

    let load = Callback::new(move |()| {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        summary.set(None);
        issues.set(Vec::new());
        details.set(Vec::new());
        table_error.set(None);
        loading.set(true);
        let client = client.clone();
        let (scope, registry) = (scope.get_untracked(), registry_page.get_untracked());
        spawn_local(async move {
            let current = move || generation.try_get_value() == Some(this);
            if registry {
                let s = api::mirrors::superuser_health(&client).await;
                if !current() {
                    return;
                }
                if let Ok(h) = &s {
                    issues.set(h.issues.clone());
                }
                summary.set(Some(s));
            }
            let mut offset = 0_u64;
            for page_number in 0..MAX_PAGES {
                let page =
                    api::mirrors::health(&client, scope.as_deref(), offset, PAGE_LIMIT).await;
                if !current() {
                    return;
                }
                match page {
                    Ok(mut page) => {
                        let rows = std::mem::take(&mut page.repositories.details);
                        let (more, n) = (page.has_more(), rows.len());
                        details.update(|d| d.extend(rows));
                        if page_number == 0 {
                            // The detailed report names the repositories behind each issue.
                            issues.set(page.issues.clone());
                            if !registry {
                                summary.set(Some(Ok(page)));
                            }
                        }
                        if !more || n == 0 {
                            break;
                        }
                        offset += u64::try_from(n).unwrap_or(PAGE_LIMIT);
                    }
                    Err(e) => {
                        if page_number == 0 && !registry {
                            summary.set(Some(Err(e.clone())));
                        }
                        table_error.set(Some(e));
                        break;
                    }
                }
            }
            loading.set(false);
        });
    });
    effect(move || {
        scope.track();
        registry_page.track();
        load.run(());
    });
    on_cleanup(move || {
        generation.try_set_value(u32::MAX);
    });

    // The user's namespaces, plus the one in the URL when it is another (a deep link).
    let namespaces = move || {
        let mut names: Vec<String> = user
            .with(|u| u.as_ref().map(|u| u.namespaces()).unwrap_or_default())
            .into_iter()
            .map(|n| n.name)
            .collect();
        if let Some(ns) = scope.get().filter(|ns| !names.contains(ns)) {
            names.push(ns);
        }
        names
    };
    let chosen = move || scope.get().unwrap_or_default();
    view! {
        <section class="page mirror-health" data-testid="mirror-health">
            <div class="toolbar">
                <h1 class="grow">{move || if registry_page.get() { t("mirrors.health.registry_title") } else { t("nav.mirrors_health") }}</h1>
                {move || (!registry_page.get()).then(|| view! {
                    <label class="mirror-inline">
                        <span>{t("mirrors.health.namespace")}</span>
                        <select data-testid="mirror-health-namespace"
                            on:change=move |ev| set_param.run(("ns", event_target_value(&ev), false))>
                            {superuser.get().then(|| view! {
                                <option value="" prop:selected=move || scope.get().is_none()>{t("mirrors.health.all_namespaces")}</option>
                            })}
                            {move || namespaces().into_iter().map(|ns| {
                                let (value, selected, label) = (ns.clone(), ns.clone(), ns);
                                view! { <option value=value prop:selected=move || chosen() == selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <button type="button" class="btn" data-testid="mirror-health-refresh"
                    prop:disabled=move || loading.get() on:click=move |_| load.run(())>{t("mirrors.health.refresh")}</button>
            </div>
            <p class="hint">{t("mirrors.health.intro")}</p>
            {move || match summary.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=load/> }.into_any(),
                Some(Ok(h)) => view! { <Summary health=h details=details set_status=Callback::new(move |f: RowFilter| set_param.run(("status", f.as_str().to_owned(), false)))/> }.into_any(),
            }}
            <IssueList issues=issues/>
            <section class="card" aria-labelledby="mirror-health-repos">
                <h2 id="mirror-health-repos">{t("mirrors.health.repositories")}</h2>
                <HealthTable details=details loading=loading error=table_error on_retry=load/>
            </section>
        </section>
    }
}

#[component]
fn Summary(
    health: MirrorHealth,
    details: RwSignal<Vec<HealthDetail>>,
    set_status: Callback<RowFilter>,
) -> impl IntoView {
    let health = StoredValue::new(health);
    let counted = memo(move || health.with_value(|h| details.with(|d| counts(h, d, now()))));
    let (healthy, workers, tags_pending, last_check) = health.with_value(|h| {
        (
            h.healthy,
            h.workers.clone(),
            h.tags_pending,
            h.last_check.as_deref().and_then(parse_iso),
        )
    });
    let card = move |key: &'static str,
                     testid: &'static str,
                     value: Signal<u64>,
                     filter: RowFilter,
                     alarm: bool| {
        let alarming = move || alarm && value.get() > 0;
        view! {
            <button type="button" class="mirror-count" class:mirror-count-alarm=alarming
                data-testid=testid on:click=move |_| set_status.run(filter)>
                <span class="mirror-count-value">{move || value.get().to_string()}</span>
                <span class="mirror-count-label">{t(key)}</span>
            </button>
        }
    };
    view! {
        <div class=if healthy { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="mirror-health-verdict"
            data-healthy=healthy.to_string()>
            <strong>{if healthy { t("mirrors.health.healthy") } else { t("mirrors.health.unhealthy") }}</strong>
            " "
            <span>{tf("mirrors.health.workers", &[("active", &workers.active.to_string()), ("configured", &workers.configured.to_string()), ("status", &workers.status)])}</span>
            " · "
            <span>{tf("mirrors.health.tags_pending", &[("count", &tags_pending.to_string())])}</span>
            {last_check.map(|at| view! { " · " <span>{tf("mirrors.health.checked", &[("when", &local_and_relative(at))])}</span> })}
        </div>
        <div class="mirror-counts" data-testid="mirror-counts">
            {card("mirrors.health.total", "mirror-count-total", Signal::derive(move || counted.get().total), RowFilter::All, false)}
            {card("mirrors.health.failing", "mirror-count-failing", Signal::derive(move || counted.get().failing), RowFilter::Failing, true)}
            {card("mirrors.health.stale", "mirror-count-stale", Signal::derive(move || counted.get().stale), RowFilter::Stale, true)}
            {card("mirrors.health.never_run", "mirror-count-never-run", Signal::derive(move || counted.get().never_run), RowFilter::NeverRun, true)}
            {card("mirrors.health.syncing", "mirror-count-syncing", Signal::derive(move || counted.get().syncing), RowFilter::Syncing, false)}
            {card("mirrors.health.completed", "mirror-count-completed", Signal::derive(move || counted.get().completed), RowFilter::Healthy, false)}
        </div>
    }
}

#[component]
fn IssueList(issues: RwSignal<Vec<Issue>>) -> impl IntoView {
    view! {
        {move || (!issues.with(Vec::is_empty)).then(|| view! {
            <section class="card" aria-labelledby="mirror-health-issues">
                <h2 id="mirror-health-issues">{t("mirrors.health.issues")}</h2>
                <ul class="mirror-issues" data-testid="mirror-health-issues">
                    {issues.get().into_iter().map(|issue| {
                        let badge = match issue.severity.as_str() {
                            "critical" | "error" => "badge badge-danger",
                            _ => "badge badge-warn",
                        };
                        let link = issue.repository().map(|(ns, repo)| view! {
                            " " <A href=routes::repo_mirror(&ns, &repo)>{t("mirrors.health.open")}</A>
                        });
                        view! {
                            <li data-testid="mirror-health-issue">
                                <span class=badge>{issue.severity.clone()}</span>
                                " "
                                <span>{issue.message.clone()}</span>
                                {link}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
