//! `/repository/:ns/:repo/tags/history`: the time machine. Every history row of the repository
//! (`onlyActiveTags=false`, all pages, four at a time), shown as a timeline per tag, newest activity
//! first; restore a tag to an earlier manifest after confirmation. Where Quay has
//! `PERMANENTLY_DELETE_TAGS`, a deleted tag still in the time machine can be deleted permanently
//! (typed confirmation; it then shows as purged); elsewhere a note says the action is off. `?filter=` asks Quay for matching
//! names, `?from=` / `?to=` (days, UTC) narrow the events shown.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::loader::{ListQuery, Pager};
use super::table::ROW_HEIGHT;
use super::{error_text, now_secs, use_set_params};
use crate::api;
use crate::components::{use_toasts, ConfirmDialog, EmptyState, VirtualList};
use crate::i18n::{t, tf};
use crate::model::tags::history::{lines, timelines, within, Event, EventKind, Line, Timeline};
use crate::model::tags::{
    format_utc, like_matcher, parse_day, short_digest, Tag, TagQuery, MAX_LIMIT,
};
use crate::model::text::FoldCase;
use crate::reactive::memo;
use crate::routes;
use crate::views::{use_client, use_features, use_repository};

#[component]
pub fn TagHistoryPage() -> impl IntoView {
    let repo = use_repository();
    move || {
        let (ns, name) = repo.get();
        view! { <History ns=ns repo=name/> }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum LineData {
    Header(String, Option<String>, usize),
    /// Tag name, event, restorable, purgeable.
    Event(String, Event, bool, bool),
}

fn kind_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Created => t("tags.ev_created"),
        EventKind::Moved => t("tags.ev_moved"),
        EventKind::Reverted => t("tags.ev_reverted"),
        EventKind::Removed => t("tags.ev_removed"),
        EventKind::Expires => t("tags.ev_expires"),
        EventKind::Purged => t("tags.ev_purged"),
    }
}

/// All history rows of one tag (every page).
async fn tag_history(
    client: &api::Client,
    ns: &str,
    repo: &str,
    name: &str,
) -> Result<Vec<Tag>, api::ApiError> {
    let mut rows = Vec::new();
    for page in 1..=200 {
        let query = TagQuery {
            page,
            limit: MAX_LIMIT,
            active_only: false,
            like: None,
            specific: Some(name.to_owned()),
        };
        let answer = api::tags::list(client, ns, repo, &query).await?;
        rows.extend(answer.tags);
        if !answer.has_additional {
            break;
        }
    }
    Ok(rows)
}

#[component]
fn History(ns: String, repo: String) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let query = use_query_map();
    let set_params = use_set_params();
    let param = move |key: &'static str| query.with(|q| q.get(key)).unwrap_or_default();
    let filter = memo(move || param("filter").trim().to_owned());
    let from = memo(move || param("from"));
    let to = memo(move || param("to"));
    let base = ListQuery {
        ns: ns.clone(),
        repo: repo.clone(),
        active_only: false,
        like: None,
    };
    let pager = Pager::new(client.clone(), base.clone());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        let text = filter.get();
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let base = base.clone();
        let apply = move || {
            pager.set_query(ListQuery {
                like: Some(text).filter(|t| !t.is_empty()),
                ..base
            });
            pager.load_all(true);
        };
        if first.is_none() {
            apply();
        } else {
            timer.set_value(set_timeout_with_handle(apply, Duration::from_millis(200)).ok());
        }
    });
    // Tags refetched after a restore replace their rows from the pages.
    let refreshed = RwSignal::new(BTreeMap::<String, Vec<Tag>>::new());
    let now = now_secs();
    let all = memo(move || {
        let matches = like_matcher(&filter.get());
        refreshed.with(|fresh| {
            pager.pages.with(|p| {
                let rows = p
                    .loaded()
                    .filter(|t| !fresh.contains_key(&t.name))
                    .chain(fresh.values().flatten().filter(|t| matches(&t.name)));
                timelines(rows, now)
            })
        })
    });
    let shown = memo(move || {
        let start = parse_day(&from.get());
        let end = parse_day(&to.get()).map(|d| d + 86_400);
        all.with(|tl| {
            if start.is_none() && end.is_none() {
                tl.clone()
            } else {
                within(tl, start, end)
            }
        })
    });
    let flat = memo(move || shown.with(|s| lines(s)));
    let line_at = move |i: usize| -> Option<LineData> {
        let line = flat.with(|l| l.get(i).copied())?;
        shown.with(|s: &Vec<Timeline>| match line {
            Line::Header(t) => s
                .get(t)
                .map(|tl| LineData::Header(tl.name.clone(), tl.current.clone(), tl.events.len())),
            Line::Event(t, e) => s.get(t).and_then(|tl| {
                tl.events.get(e).map(|ev| {
                    LineData::Event(
                        tl.name.clone(),
                        ev.clone(),
                        tl.can_restore(ev),
                        tl.can_purge(ev),
                    )
                })
            }),
        })
    };
    let can_write = client.session().has_scope(api::scope::REPO_WRITE);
    let restoring = RwSignal::new(None::<(String, String)>);
    let purging = RwSignal::new(None::<(String, String)>);
    let busy = RwSignal::new(false);
    let features = use_features();
    // Off where Quay's `/config` says so, or once Quay answered the purge with 405.
    let refused = RwSignal::new(false);
    let purge_on = memo(move || features.with(|f| f.permanent_delete) && !refused.get());
    let row: Arc<dyn Fn(usize) -> AnyView + Send + Sync> = Arc::new(move |i| {
        let data = memo(move || line_at(i));
        (move || match data.get() {
            None => view! { <div class="grid-row"></div> }.into_any(),
            Some(LineData::Header(name, current, count)) => view! {
                <div class="grid-row history-head" role="row" data-testid="history-tag" data-tag=name.clone()>
                    <strong class="mono" role="cell">{name.clone()}</strong>
                    <span role="cell" class="muted">{match current {
                        Some(d) => tf("tags.points_to", &[("digest", &short_digest(&d))]),
                        None => t("tags.not_present").to_owned(),
                    }}</span>
                    <span role="cell" class="muted">{if count == 1 { t("tags.event_count_one").to_owned() } else { tf("tags.event_count", &[("count", &count.to_string())]) }}</span>
                </div>
            }.into_any(),
            Some(LineData::Event(name, event, restorable, purgeable)) => {
                let target = (name.clone(), event.digest.clone());
                let purge_target = target.clone();
                let purge_label = tf("tags.purge_label", &[("tag", &name), ("digest", &short_digest(&event.digest))]);
                let change = match &event.previous {
                    Some(p) => format!("{} → {}", short_digest(p), short_digest(&event.digest)),
                    None => short_digest(&event.digest),
                };
                view! {
                    <div class=format!("grid-row history-event ev-{:?}", event.kind).folded() role="row" data-testid="history-event" data-kind=format!("{:?}", event.kind).folded()>
                        <span role="cell" class="ev-kind">{kind_label(event.kind)}</span>
                        <span role="cell" title=t("tags.utc")>{format_utc(event.at)}</span>
                        <span role="cell" class="mono" title=event.digest.clone()>{change}</span>
                        <span role="cell" class="ev-actions">{(restorable && can_write).then(|| view! {
                            <button type="button" class="btn btn-small" data-testid="history-restore"
                                aria-label=tf("tags.restore_label", &[("tag", &name), ("digest", &short_digest(&event.digest))])
                                on:click=move |_| restoring.set(Some(target.clone()))>{t("tags.restore")}</button>
                        })}{move || (purgeable && can_write && purge_on.get()).then(|| {
                            let purge_target = purge_target.clone();
                            view! {
                                <button type="button" class="btn btn-small btn-danger" data-testid="history-purge"
                                    aria-label=purge_label.clone()
                                    on:click=move |_| purging.set(Some(purge_target.clone()))>{t("tags.purge")}</button>
                            }
                        })}</span>
                    </div>
                }.into_any()
            }
        }).into_any()
    });
    let restore = {
        let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
        Callback::new(move |()| {
            let Some((tag, digest)) = restoring.get_untracked() else {
                return;
            };
            let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::tags::restore(&client, &ns, &repo, &tag, &digest).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                match result {
                    Ok(()) => {
                        toasts.success(tf(
                            "tags.restored",
                            &[("tag", &tag), ("digest", &short_digest(&digest))],
                        ));
                        match tag_history(&client, &ns, &repo, &tag).await {
                            Ok(rows) => refreshed.update(|r| {
                                r.insert(tag.clone(), rows);
                            }),
                            Err(_) => pager.restart(),
                        }
                    }
                    Err(e) => toasts.error(error_text(&e)),
                }
                busy.try_set(false);
                restoring.try_set(None);
            });
        })
    };
    let purge = {
        let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
        Callback::new(move |()| {
            let Some((tag, digest)) = purging.get_untracked() else {
                return;
            };
            let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::tags::purge(&client, &ns, &repo, &tag, &digest).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                match result {
                    Ok(()) => {
                        toasts.success(tf("tags.purged", &[("tag", &tag)]));
                        match tag_history(&client, &ns, &repo, &tag).await {
                            Ok(rows) => refreshed.update(|r| {
                                r.insert(tag.clone(), rows);
                            }),
                            Err(_) => pager.restart(),
                        }
                    }
                    Err(e) if e.status == 405 => {
                        refused.try_set(true);
                        toasts.error(t("tags.purge_off").to_owned());
                    }
                    Err(e) if e.status == 404 => {
                        toasts.error(tf("tags.purge_none", &[("tag", &tag)]));
                    }
                    Err(e) => toasts.error(error_text(&e)),
                }
                busy.try_set(false);
                purging.try_set(None);
            });
        })
    };
    let loading = move || {
        !pager.pages.with(|p| p.complete())
            && pager.error.with(Option::is_none)
            && pager.pages.with(|p| p.first_failure().is_none())
    };
    view! {
        <section class="page tags-history" data-testid="history-page">
            <header class="tags-title">
                <h1>{tf("tags.history_title", &[("repo", &format!("{ns}/{repo}"))])}</h1>
                <A href=routes::repo_tags(&ns, &repo) attr:class="btn">{t("tags.back_to_tags")}</A>
            </header>
            <p class="muted">{t("tags.history_intro")}</p>
            {move || (!purge_on.get()).then(|| view! {
                <p class="notice" role="note" data-testid="purge-off">{t("tags.purge_off")}</p>
            })}
            <div class="toolbar" role="search">
                <label class="field filter">
                    <span class="visually-hidden">{t("tags.filter_label")}</span>
                    <input type="search" data-testid="history-filter" data-filter="true" placeholder=t("tags.filter_placeholder")
                        prop:value=move || param("filter") on:input=move |ev| set_params.run((vec![("filter", event_target_value(&ev))], true))/>
                </label>
                <label class="field">
                    <span>{t("tags.from")}</span>
                    <input type="date" data-testid="history-from" prop:value=move || from.get()
                        on:change=move |ev| set_params.run((vec![("from", event_target_value(&ev))], true))/>
                </label>
                <label class="field">
                    <span>{t("tags.to")}</span>
                    <input type="date" data-testid="history-to" prop:value=move || to.get()
                        on:change=move |ev| set_params.run((vec![("to", event_target_value(&ev))], true))/>
                </label>
            </div>
            <p class="muted" aria-live="polite" data-testid="history-count">
                {move || {
                    let events: usize = shown.with(|s| s.iter().map(|t| t.events.len()).sum());
                    let text = tf("tags.history_count", &[("events", &events.to_string()), ("tags", &shown.with(Vec::len).to_string())]);
                    if loading() {
                        format!("{text} {}", tf("tags.history_loading", &[("rows", &pager.pages.with(|p| p.loaded_count()).to_string())]))
                    } else {
                        text
                    }
                }}
            </p>
            {move || pager.error.get().map(|e| view! {
                <div class="error-view" role="alert" data-testid="error-view" data-status=e.status.to_string()>
                    <p>{error_text(&e)}</p>
                    <button type="button" class="btn" on:click=move |_| { pager.restart(); pager.load_all(true); }>{t("error.retry")}</button>
                </div>
            })}
            {move || pager.pages.with(|p| p.first_failure().map(|(page, m)| (page, m.to_owned()))).filter(|_| pager.error.with(Option::is_none)).map(|(page, m)| view! {
                <p class="field-error" role="alert">{m}" "<button type="button" class="btn btn-small" on:click=move |_| pager.retry(page)>{t("error.retry")}</button></p>
            })}
            <div role="table" aria-label=t("tags.history_label") class="history-table" class:empty=move || flat.with(Vec::is_empty)>
                <VirtualList len=Signal::derive(move || flat.with(Vec::len)) row_height=ROW_HEIGHT row=row testid="history-list" label=t("tags.history_label")/>
            </div>
            {move || (!loading() && flat.with(Vec::is_empty) && pager.error.with(Option::is_none)).then(|| view! { <EmptyState message=t("tags.history_none")/> })}
            <ConfirmDialog open=Signal::derive(move || restoring.with(Option::is_some))
                title=Signal::derive(|| t("tags.restore_title").to_owned())
                message=Signal::derive(move || restoring.with(|r| r.as_ref().map(|(tag, d)| tf("tags.restore_confirm", &[("tag", tag), ("digest", &short_digest(d))])).unwrap_or_default()))
                confirm_label=Signal::derive(|| t("tags.restore").to_owned()) busy=busy
                on_confirm=restore on_cancel=Callback::new(move |()| restoring.set(None))/>
            <ConfirmDialog open=Signal::derive(move || purging.with(Option::is_some))
                title=Signal::derive(|| t("tags.purge_title").to_owned())
                message=Signal::derive(move || purging.with(|p| p.as_ref().map(|(tag, d)| tf("tags.purge_confirm", &[("tag", tag), ("digest", &short_digest(d))])).unwrap_or_default()))
                type_to_confirm=Signal::derive(move || purging.with(|p| p.as_ref().map(|(tag, _)| tag.clone())))
                confirm_label=Signal::derive(|| t("tags.purge").to_owned()) busy=busy
                on_confirm=purge on_cancel=Callback::new(move |()| purging.set(None))/>
        </section>
    }
}
