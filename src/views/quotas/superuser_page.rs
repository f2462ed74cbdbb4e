//! `/superuser/quotas`: every organization and user with its quota and consumption, filtered and
//! sorted through the URL (`?q=`, `?show=org|user`, `?quota=1`, `?sort=name|quota|used|percent`,
//! `?desc=1`); `?ns=NAME&kind=org|user` opens that namespace's quota for editing through the
//! superuser endpoints.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::panel::QuotaPanel;
use super::usage_bar::{level_class, percent_text, UsageBar};
use super::{use_query_setter, Loader, QuotasOn, SuperuserOnly};
use crate::api::{self, ApiError, Client};
use crate::components::{EmptyState, ErrorView, Loading, VirtualList};
use crate::i18n::{t, tf};
use crate::model::quotas::{
    format_bytes, namespace_rows, select_rows, Access, NamespaceRow, NsKind, QuotaTarget, RowSort,
};
use crate::model::url::build_query;
use crate::reactive::memo;
use crate::routes;
use crate::views::use_client;

const MAX_PAGES: usize = 1000;
const ROW_HEIGHT: f64 = 44.0;

async fn load_namespaces(client: &Client) -> Result<Vec<NamespaceRow>, ApiError> {
    let (mut orgs, mut users) = (Vec::new(), Vec::new());
    let mut next: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = api::quotas::superuser_orgs(client, next.as_deref()).await?;
        orgs.extend(page.organizations);
        next = page.next_page.filter(|n| !n.is_empty());
        if next.is_none() {
            break;
        }
    }
    for _ in 0..MAX_PAGES {
        let page = api::quotas::superuser_users(client, next.as_deref()).await?;
        users.extend(page.users);
        next = page.next_page.filter(|n| !n.is_empty());
        if next.is_none() {
            break;
        }
    }
    Ok(namespace_rows(&orgs, &users))
}

#[component]
pub fn SuperuserQuotasPage() -> impl IntoView {
    view! {
        <section class="page quotas-page" data-testid="su-quotas-page">
            <h1>{t("quotas.su_title")}</h1>
            <QuotasOn>
                <SuperuserOnly>
                    <AllNamespaces/>
                </SuperuserOnly>
            </QuotasOn>
        </section>
    }
}

#[component]
fn AllNamespaces() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let set_query = use_query_setter();
    let namespaces = Loader::new(move || {
        let client = client.clone();
        async move { load_namespaces(&client).await }
    });
    let param =
        move |key: &'static str| memo(move || query.with(|q| q.get(key)).unwrap_or_default());
    let (needle, show, with_quota, sort_key, desc) = (
        param("q"),
        param("show"),
        param("quota"),
        param("sort"),
        param("desc"),
    );
    let selected = memo(move || {
        let ns = query.with(|q| q.get("ns")).filter(|n| !n.is_empty())?;
        let kind = query
            .with(|q| q.get("kind"))
            .and_then(|k| NsKind::parse(&k))
            .unwrap_or(NsKind::Org);
        Some((ns, kind))
    });
    let sort = memo(move || RowSort::parse(&sort_key.get()).unwrap_or(RowSort::Name));
    let all = memo(move || {
        namespaces
            .state
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let rows = memo(move || {
        let kind = NsKind::parse(&show.get());
        all.with(|a| {
            select_rows(
                a,
                &needle.get(),
                kind,
                with_quota.get() == "1",
                sort.get(),
                desc.get() == "1",
            )
        })
    });
    // Links keep the filters and change only the selection.
    let link = move |ns: &str, kind: NsKind| {
        let mut pairs: Vec<(String, String)> = query.with_untracked(|q| {
            q.latest_values()
                .map(|(k, v)| (k.to_string(), v.to_owned()))
                .filter(|(k, _)| k != "ns" && k != "kind")
                .collect()
        });
        pairs.push(("ns".into(), ns.to_owned()));
        pairs.push(("kind".into(), kind.as_str().into()));
        format!("{}{}", routes::superuser_quotas(), build_query(&pairs))
    };
    let row: Arc<dyn Fn(usize) -> AnyView + Send + Sync> = Arc::new(move |i| {
        view! {
            {move || rows.with(|r| r.get(i).cloned()).map(|r| {
                let current = selected.get().is_some_and(|(n, k)| n == r.name && k == r.kind);
                let href = link(&r.name, r.kind);
                let kind = if r.kind == NsKind::Org { t("quotas.kind_org") } else { t("quotas.kind_user") };
                let used = r.used.map_or_else(|| t("quotas.unknown").to_owned(), format_bytes);
                let quota = r.quota_bytes().map_or_else(|| t("quotas.no_quota").to_owned(), format_bytes);
                let percent = r.percent().map(percent_text).unwrap_or_default();
                let (name, label) = (r.name.clone(), r.name.clone());
                let bar = r.quota.clone().map(|q| view! { <UsageBar used=r.used.unwrap_or(0) quota=q compact=true/> });
                view! {
                    <div class="grid-row su-row" class:selected=current role="row" data-testid="su-row"
                        data-ns=name data-level=level_class(r.level())>
                        <span role="cell"><A href=href attr:aria-current=current.then_some("true")>{label}</A>
                            {(!r.enabled).then(|| view! { " "<span class="badge">{t("quotas.disabled")}</span> })}</span>
                        <span role="cell"><span class="badge">{kind}</span></span>
                        <span role="cell" class="num" data-testid="su-quota">{quota}</span>
                        <span role="cell" class="num" data-testid="su-used">{used}</span>
                        <span role="cell" class="num">{percent}</span>
                        <span role="cell">{bar}</span>
                    </div>
                }
            })}
        }
        .into_any()
    });
    let header = {
        let set_query = set_query.clone();
        move |which: RowSort, key: &'static str| {
            let set_query = set_query.clone();
            let on_click = move |_| {
                let flip = sort.get_untracked() == which && desc.get_untracked() != "1";
                set_query(
                    &[
                        ("sort", which.as_str()),
                        ("desc", if flip { "1" } else { "" }),
                    ],
                    false,
                );
            };
            let state = move || match (sort.get() == which, desc.get() == "1") {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            };
            view! { <span role="columnheader" aria-sort=state class:num=which != RowSort::Name>
            <button type="button" data-testid=format!("su-sort-{}", which.as_str()) on:click=on_click>{t(key)}</button></span> }
        }
    };
    let (set_filter, set_show, set_quota_only, close) = (
        set_query.clone(),
        set_query.clone(),
        set_query.clone(),
        set_query.clone(),
    );
    view! {
        {move || selected.get().map(|(ns, kind)| {
            let used = Signal::derive({
                let ns = ns.clone();
                move || all.with(|a| a.iter().find(|r| r.name == ns && r.kind == kind).and_then(|r| r.used))
            });
            let target = QuotaTarget { namespace: ns.clone(), kind, superuser: true };
            let close = close.clone();
            let heading = tf(if kind == NsKind::Org { "quotas.su_editor_org" } else { "quotas.su_editor_user" }, &[("ns", &ns)]);
            let label = heading.clone();
            view! {
                <section class="su-editor" data-testid="su-editor" aria-label=label>
                    <div class="toolbar">
                        <h2>{heading}</h2>
                        <span class="grow"></span>
                        <button type="button" class="btn" data-testid="su-editor-close"
                            on:click=move |_| close(&[("ns", ""), ("kind", "")], false)>{t("common.close")}</button>
                    </div>
                    <QuotaPanel target=target access=Access::Edit used=used on_changed=Callback::new(move |()| namespaces.reload())/>
                </section>
            }
        })}
        <div class="toolbar">
            <label class="field filter">
                <span class="visually-hidden">{t("quotas.su_filter")}</span>
                <input type="search" placeholder=t("quotas.su_filter") data-testid="su-filter"
                    prop:value=move || needle.get()
                    on:input=move |ev| set_filter(&[("q", &event_target_value(&ev))], true) />
            </label>
            <label class="field">
                <span class="visually-hidden">{t("quotas.su_show")}</span>
                <select data-testid="su-kind" on:change=move |ev| set_show(&[("show", &event_target_value(&ev))], false)>
                    <option value="" prop:selected=move || show.get().is_empty()>{t("quotas.su_show_all")}</option>
                    <option value="org" prop:selected=move || show.get() == "org">{t("quotas.su_show_orgs")}</option>
                    <option value="user" prop:selected=move || show.get() == "user">{t("quotas.su_show_users")}</option>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="su-with-quota" prop:checked=move || with_quota.get() == "1"
                    on:change=move |ev| set_quota_only(&[("quota", if event_target_checked(&ev) { "1" } else { "" })], false) />
                {t("quotas.su_with_quota")}
            </label>
        </div>
        {move || match namespaces.state.get() {
            None => view! { <Loading label=t("quotas.su_loading")/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| namespaces.reload())/> }.into_any(),
            Some(Ok(_)) => view! {
                <p class="muted" aria-live="polite" data-testid="su-count">
                    {move || tf("quotas.su_count", &[("shown", &rows.with(Vec::len).to_string()), ("total", &all.with(Vec::len).to_string())])}
                </p>
                <div role="table" aria-label=t("quotas.su_table") class="su-table" data-testid="su-namespaces">
                    <div class="grid-row grid-head su-row" role="row">
                        {header(RowSort::Name, "quotas.namespace")}
                        <span role="columnheader">{t("quotas.kind")}</span>
                        {header(RowSort::Quota, "quotas.quota")}
                        {header(RowSort::Used, "quotas.used")}
                        {header(RowSort::Percent, "quotas.percent")}
                        <span role="columnheader">{t("quotas.usage")}</span>
                    </div>
                    <VirtualList len=Signal::derive(move || rows.with(Vec::len)) row_height=ROW_HEIGHT
                        height=560.0 row=row.clone() label=t("quotas.su_table") testid="su-list"/>
                </div>
                {move || rows.with(Vec::is_empty).then(|| view! { <EmptyState message=t("quotas.su_no_match")/> })}
            }.into_any(),
        }}
    }
}
