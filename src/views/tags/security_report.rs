//! The security report of a tag, in a drawer (`?tag=NAME&security=1`, a deep link): the counts by
//! severity, then every package × vulnerability with its fixed-in version and links, filtered by
//! `?sev=critical,high` and `?fixable=1`. A manifest list is not scanned itself: its platforms are
//! listed and `?platform=DIGEST` shows one platform's report. Every state Quay answers is explained:
//! scanner off (no call made), queued, failed, unsupported, layer too large, no vulnerabilities.
//!
//! Bearer calls: none for a tag whose row was on screen and already counted (the report is kept for
//! the tab); else one for the report, plus one for the tag when the drawer is a cold deep link, plus
//! one for a manifest list's platforms.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::security::{add_texts, remember, remembered, ScanCounts};
use super::security_cell::{severity_name, summary_text};
use super::use_set_params;
use crate::api;
use crate::components::{EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::security::{
    findings, link_parts, Filter, LinkPart, ScanStatus, SecurityReport, Severity, Summary,
};
use crate::model::tags::{platforms, short_digest, TagQuery};
use crate::reactive::{effect, memo, resource};
use crate::views::{use_client, use_features};

/// Shows the drawer while the query asks for it.
#[component]
pub fn SecurityDrawerSlot(ns: String, repo: String) -> impl IntoView {
    let query = use_query_map();
    let set_params = use_set_params();
    let open = memo(move || {
        query.with(|q| {
            (q.get("security").as_deref() == Some("1"))
                .then(|| q.get("tag"))
                .flatten()
                .filter(|t| !t.is_empty())
        })
    });
    let on_close = Callback::new(move |()| {
        let clear = ["tag", "security", "sev", "fixable", "platform"];
        set_params.run((clear.iter().map(|k| (*k, String::new())).collect(), false));
    });
    move || {
        open.get().map(|name| {
            crate::lazy_pages::security_drawer(super::SecurityArgs {
                ns: ns.clone(),
                repo: repo.clone(),
                name,
                on_close,
            })
        })
    }
}

/// The drawer, as `crate::lazy_pages::security_drawer` shows it.
pub fn build(args: super::SecurityArgs) -> AnyView {
    let super::SecurityArgs {
        ns,
        repo,
        name,
        on_close,
    } = args;
    view! { <SecurityDrawer ns=ns repo=repo name=name on_close=on_close/> }.into_any()
}

#[component]
fn SecurityDrawer(ns: String, repo: String, name: String, on_close: Callback<()>) -> impl IntoView {
    add_texts();
    let client = use_client();
    let counts = use_context::<ScanCounts>();
    let target = {
        let (ns, repo, name) = (ns.clone(), repo.clone(), name.clone());
        resource(move || {
            let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), name.clone());
            async move {
                if let Some(found) = counts.and_then(|c| c.digest_of(&name)) {
                    return Ok(Some(found));
                }
                let query = TagQuery {
                    page: 1,
                    limit: 1,
                    active_only: true,
                    like: None,
                    specific: Some(name),
                };
                api::tags::list(&client, &ns, &repo, &query).await.map(|p| {
                    p.tags
                        .into_iter()
                        .next()
                        .map(|t| (t.manifest_digest, t.is_manifest_list))
                })
            }
        })
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    });
    on_cleanup(move || keys.remove());
    let heading = NodeRef::<html::H2>::new();
    effect(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let details = {
        let set_params = use_set_params();
        let name = name.clone();
        move |_| {
            set_params.run((
                vec![("tag", name.clone()), ("security", String::new())],
                false,
            ))
        }
    };
    let body = move || {
        let (ns, repo) = (ns.clone(), repo.clone());
        target.get().map(move |r| match r {
            Err(e) => {
                view! { <ErrorView error=e on_retry=Callback::new(move |()| target.refetch())/> }
                    .into_any()
            }
            Ok(None) => view! { <EmptyState message=t("tags.gone")/> }.into_any(),
            Ok(Some((digest, is_list))) => {
                view! { <Report ns=ns repo=repo digest=digest is_list=is_list/> }.into_any()
            }
        })
    };
    view! {
        <aside class="drawer tag-drawer security-drawer" role="dialog" aria-labelledby="security-title" data-testid="security-report">
            <header class="dialog-header">
                <h2 id="security-title" tabindex="-1" node_ref=heading>{tf("security.title", &[("tag", &name)])}</h2>
                <button type="button" class="btn-icon" aria-label=t("common.close") data-testid="security-close" on:click=move |_| on_close.run(())>"×"</button>
            </header>
            <div class="actions"><button type="button" class="btn btn-small" data-testid="security-details" on:click=details>{t("security.tag_details")}</button></div>
            {move || body().unwrap_or_else(|| view! { <Loading/> }.into_any())}
        </aside>
    }
}

/// A note explaining a state, with an optional "check again".
fn state_note(status: &'static str, text: String, on_retry: Option<Callback<()>>) -> AnyView {
    view! {
        <div class="notice scan-state" data-testid="scan-state" data-status=status>
            <p>{text}</p>
            {on_retry.map(|r| view! { <button type="button" class="btn btn-small" data-testid="scan-recheck" on:click=move |_| r.run(())>{t("security.recheck")}</button> })}
        </div>
    }
    .into_any()
}

#[component]
fn Report(ns: String, repo: String, digest: String, is_list: bool) -> impl IntoView {
    let features = use_features();
    if features.with_untracked(|f| f.known && !f.security_scanner) {
        return state_note("off", t("security.off").to_owned(), None);
    }
    if is_list {
        return view! { <Platforms ns=ns repo=repo digest=digest/> }.into_any();
    }
    view! { <DigestReport ns=ns repo=repo digest=digest/> }.into_any()
}

/// A manifest list: its platforms, each with a link to its own report.
#[component]
fn Platforms(ns: String, repo: String, digest: String) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let set_params = use_set_params();
    let chosen = memo(move || query.with(|q| q.get("platform")).filter(|p| !p.is_empty()));
    let manifest = {
        let (ns, repo) = (ns.clone(), repo.clone());
        resource(move || {
            let (client, ns, repo, digest) =
                (client.clone(), ns.clone(), repo.clone(), digest.clone());
            async move { api::tags::manifest(&client, &ns, &repo, &digest).await }
        })
    };
    move || {
        let (ns, repo) = (ns.clone(), repo.clone());
        manifest.get().map(move |r| match r {
            Err(e) => view! { <ErrorView error=e/> }.into_any(),
            Ok(m) => {
                let list = m.manifest_data.as_deref().map(platforms).unwrap_or_default();
                let current = chosen.get().filter(|c| list.iter().any(|(_, d)| d == c));
                view! {
                    {state_note("list", t("security.list_note").to_owned(), None)}
                    <ul class="platform-picks" data-testid="scan-platforms">
                        {list.into_iter().map(|(platform, d)| {
                            let pressed = current.as_deref() == Some(d.as_str());
                            let pick = d.clone();
                            view! { <li><button type="button" class="btn btn-small" aria-pressed=pressed.to_string() data-testid="scan-platform"
                                on:click=move |_| set_params.run((vec![("platform", pick.clone())], false))>
                                {platform}" "<span class="mono muted">{short_digest(&d)}</span></button></li> }
                        }).collect_view()}
                    </ul>
                    {current.map(|d| view! { <DigestReport ns=ns.clone() repo=repo.clone() digest=d/> })}
                }
                .into_any()
            }
        })
    }
}

/// The report of one (image) manifest.
#[component]
fn DigestReport(ns: String, repo: String, digest: String) -> impl IntoView {
    let client = use_client();
    let reload = RwSignal::new(0_u32);
    let report = resource(move || {
        let again = reload.get() > 0;
        let (client, ns, repo, digest) = (client.clone(), ns.clone(), repo.clone(), digest.clone());
        async move {
            if let Some(kept) = remembered(&ns, &repo, &digest).filter(|_| !again) {
                return Ok(kept);
            }
            let r = api::security::report(&client, &ns, &repo, &digest).await;
            if let Ok(found) = &r {
                remember(&ns, &repo, &digest, found);
            }
            r
        }
    });
    let recheck = Callback::new(move |()| reload.update(|n| *n += 1));
    move || {
        report
            .get()
            .map(|r| match r {
                Err(e) if e.kind == ErrorKind::NotFound => {
                    state_note("missing", t("security.not_found").to_owned(), Some(recheck))
                }
                Err(e) => view! { <ErrorView error=e on_retry=recheck/> }.into_any(),
                Ok(r) => report_view(r, recheck),
            })
            .unwrap_or_else(|| view! { <Loading/> }.into_any())
    }
}

fn report_view(report: SecurityReport, recheck: Callback<()>) -> AnyView {
    let summary = Summary::of(&report);
    match report.status {
        ScanStatus::Queued => state_note("queued", t("security.queued").to_owned(), Some(recheck)),
        ScanStatus::Failed => state_note("failed", t("security.failed").to_owned(), Some(recheck)),
        ScanStatus::Unsupported => {
            state_note("unsupported", t("security.unsupported").to_owned(), None)
        }
        ScanStatus::ManifestLayerTooLarge => {
            state_note("too_large", t("security.too_large").to_owned(), None)
        }
        ScanStatus::Other => state_note("other", t("security.other").to_owned(), Some(recheck)),
        ScanStatus::Scanned if summary.total() == 0 => state_note(
            "clean",
            tf(
                "security.clean",
                &[("packages", &summary.packages.to_string())],
            ),
            None,
        ),
        ScanStatus::Scanned => view! { <Findings report=report/> }.into_any(),
    }
}

/// The counts, the filters and the table of findings.
#[component]
fn Findings(report: SecurityReport) -> impl IntoView {
    let query = use_query_map();
    let set_params = use_set_params();
    let filter = memo(move || {
        query.with(|q| {
            Filter::from_query(
                &q.get("sev").unwrap_or_default(),
                &q.get("fixable").unwrap_or_default(),
            )
        })
    });
    let summary = Summary::of(&report);
    let rows = findings(&report);
    let total = rows.len();
    let chips = Severity::ALL
        .into_iter()
        .filter(|s| summary.count(*s) > 0)
        .map(|sev| {
            let pressed = move || filter.with(|f| f.severities.contains(&sev)).to_string();
            let toggle = move |_| {
                let next = filter.get_untracked().toggled(sev).sev_param();
                set_params.run((vec![("sev", next)], true));
            };
            view! {
                <button type="button" class=format!("sev-chip sev-{}", sev.slug()) aria-pressed=pressed
                    data-testid="sev-filter" data-severity=sev.slug() on:click=toggle>
                    <span class="sev-count">{summary.count(sev)}</span>" "{severity_name(sev)}
                </button>
            }
        })
        .collect_view();
    let shown = memo(move || {
        let f = filter.get();
        rows.iter()
            .filter(|r| f.matches(r))
            .cloned()
            .collect::<Vec<_>>()
    });
    view! {
        <section class="scan-findings" data-testid="scan-findings">
            <p class="scan-summary" data-testid="scan-summary">{tf("security.summary", &[("summary", &summary_text(&summary)), ("packages", &summary.packages.to_string()), ("fixable", &summary.fixable.to_string())])}</p>
            <div class="sev-chips" role="group" aria-label=t("security.filter_label")>{chips}</div>
            <label class="check">
                <input type="checkbox" data-testid="fixable-filter" prop:checked=move || filter.with(|f| f.fixable_only)
                    on:change=move |ev| set_params.run((vec![("fixable", if event_target_checked(&ev) { "1".into() } else { String::new() })], true))/>
                {t("security.fixable_only")}
            </label>
            <p class="muted" aria-live="polite" data-testid="scan-shown">{move || tf("security.shown", &[("count", &shown.with(Vec::len).to_string()), ("total", &total.to_string())])}</p>
            {move || shown.with(Vec::is_empty).then(|| view! { <EmptyState message=t("security.no_match")/> })}
            <table class="data scan-table" data-testid="scan-table" class:empty=move || shown.with(Vec::is_empty)>
                <thead><tr>
                    <th scope="col">{t("security.col_severity")}</th>
                    <th scope="col">{t("security.col_advisory")}</th>
                    <th scope="col">{t("security.col_package")}</th>
                    <th scope="col">{t("security.col_fixed")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || shown.get() key=|f| (f.package.clone(), f.vulnerability.name.clone()) let:f>
                        <tr data-testid="finding" data-severity=f.severity.slug() data-fixable=f.fixable().to_string()>
                            <td><span class=format!("sev sev-{}", f.severity.slug())>{severity_name(f.severity)}</span></td>
                            <td class="advisory">
                                <strong>{f.vulnerability.name.clone()}</strong>
                                {links(&f.vulnerability.link)}
                                {(!f.vulnerability.description.is_empty()).then(|| view! { <p class="muted">{f.vulnerability.description.clone()}</p> })}
                            </td>
                            <td><span class="mono">{f.package.clone()}</span>" "<span class="muted mono">{f.version.clone()}</span></td>
                            <td class="mono">{if f.fixable() { f.vulnerability.fixed_by.clone() } else { t("security.no_fix").to_owned() }}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// A vulnerability's links: `http(s)` URLs as links (new tab, no referrer), anything else as text.
fn links(link: &str) -> impl IntoView {
    let parts = link_parts(link);
    (!parts.is_empty()).then(|| {
        view! {
            <ul class="scan-links">
                {parts.into_iter().map(|p| match p {
                    LinkPart::Url(url) => {
                        let text = url.clone();
                        view! { <li><a href=url target="_blank" rel="noopener noreferrer" data-testid="finding-link">{text}</a></li> }.into_any()
                    }
                    LinkPart::Text(text) => view! { <li><span class="mono" data-testid="finding-link-text">{text}</span></li> }.into_any(),
                }).collect_view()}
            </ul>
        }
    })
}
