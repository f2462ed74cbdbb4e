//! `/repository/:ns/:repo/tags`: the tags as they are now, page by page in Quay's order (newest
//! first), in a windowed list. `?filter=` asks Quay (`filter_tag_name=like:`), `?regex=1` matches
//! the loaded tags with a JavaScript regular expression instead, `?sort=` sorts the loaded tags,
//! `?tag=` opens a tag's details. Loaded-only results say so and offer to load everything.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::{JsCast, JsValue};

use super::bulk::Change;
use super::loader::{ListQuery, Pager};
use super::table::{RowData, TagHeader, TagRowView, ROW_HEIGHT};
use super::{error_text, now_secs, use_set_params, AddTagArgs, BulkArgs, DetailsArgs};
use crate::components::{EmptyState, VirtualList};
use crate::i18n::{t, tf};
use crate::model::tags::paging::{Row, TagPages};
use crate::model::tags::{like_matcher, sort_tags, Sort, Tag};
use crate::reactive::{effect, latch, memo};
use crate::routes;
use crate::views::{use_client, use_repository};

#[component]
pub fn TagsPage() -> impl IntoView {
    let repo = use_repository();
    move || {
        let (ns, name) = repo.get();
        view! { <TagsList ns=ns repo=name/> }
    }
}

/// A case-insensitive JavaScript regular expression, or the browser's reason why not.
pub fn compile_regex(pattern: &str) -> Result<js_sys::RegExp, String> {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "RegExp is not available".to_owned())?;
    let args = js_sys::Array::of2(&JsValue::from_str(pattern), &JsValue::from_str("i"));
    js_sys::Reflect::construct(&ctor, &args)
        .map_err(|e| {
            e.dyn_into::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|_| "invalid regular expression".to_owned())
        })?
        .dyn_into::<js_sys::RegExp>()
        .map_err(|_| "invalid regular expression".to_owned())
}

fn count_text(pages: &TagPages) -> String {
    if pages.slot(1).is_none_or(|s| s.data.is_none()) && pages.loaded_count() == 0 {
        return t("common.loading").to_owned();
    }
    match pages.total() {
        Some(1) => t("tags.count_one").to_owned(),
        Some(n) => tf("tags.count", &[("count", &n.to_string())]),
        None => tf("tags.count_more", &[("count", &pages.lower().to_string())]),
    }
}

#[component]
fn TagsList(ns: String, repo: String) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let set_params = use_set_params();
    super::security::provide_scan_counts(&ns, &repo);
    let param = move |key: &'static str| query.with(|q| q.get(key)).unwrap_or_default();
    let filter = memo(move || param("filter"));
    let regex_on = memo(move || param("regex") == "1");
    let sort = memo(move || Sort::parse(&param("sort")));
    let open_tag =
        memo(move || Some(param("tag")).filter(|t| !t.is_empty() && param("security") != "1"));

    let base = ListQuery {
        ns: ns.clone(),
        repo: repo.clone(),
        active_only: true,
        like: None,
    };
    let all = Pager::new(client.clone(), base.clone());
    let like_pager = Pager::new(client, base.clone());
    let server_filter = memo(move || {
        let f = filter.get();
        (!regex_on.get() && !f.trim().is_empty()).then(|| f.trim().to_owned())
    });
    let current = Signal::derive(move || {
        if server_filter.with(Option::is_some) {
            like_pager
        } else {
            all
        }
    });
    let range = StoredValue::new((0_usize, 40_usize));
    // A filter asks Quay at once (no fixed debounce): the previous question, if still in flight,
    // is cancelled by the new query, and the loaded matches are on screen meanwhile.
    effect(move || {
        let wanted = server_filter.get();
        let (s, e) = range.get_value();
        match wanted {
            Some(text) => {
                like_pager.set_query(ListQuery {
                    like: Some(text),
                    ..base.clone()
                });
                like_pager.set_range(s, e);
            }
            None => all.set_range(s, e),
        }
    });

    // Quay has not answered the current filter yet (its query changes after a debounce, so the
    // pages are read, and tracked, before the query is compared).
    let searching = memo(move || {
        let answered = like_pager
            .pages
            .with(|p| p.slot(1).is_some_and(|s| s.data.is_some()) || p.first_failure().is_some());
        server_filter.with(Option::is_some)
            && (!answered || like_pager.query().like != server_filter.get())
    });
    let regex_error = memo(move || {
        let f = filter.get();
        (regex_on.get() && !f.is_empty())
            .then(|| compile_regex(&f).err())
            .flatten()
    });
    // Rows computed here instead of paged: regex or sort over loaded tags, or the loaded matches
    // shown while Quay answers a new filter.
    let local = memo(move || -> Option<Vec<Tag>> {
        let sort = sort.get();
        let text = filter.get();
        let mut rows: Vec<Tag> = if regex_on.get() && !text.is_empty() {
            let re = compile_regex(&text).ok()?;
            all.pages
                .with(|p| p.loaded().filter(|t| re.test(&t.name)).cloned().collect())
        } else if searching.get() {
            let matches = like_matcher(text.trim());
            all.pages
                .with(|p| p.loaded().filter(|t| matches(&t.name)).cloned().collect())
        } else if sort.is_some() {
            current.get().pages.with(|p| p.loaded().cloned().collect())
        } else {
            return None;
        };
        if let Some(s) = sort {
            sort_tags(&mut rows, s);
        }
        Some(rows)
    });
    let len = Signal::derive(move || {
        let pager = current.get();
        local.with(|l| l.as_ref().map(Vec::len)).unwrap_or_else(|| {
            if pager.error.with(Option::is_some) {
                0
            } else {
                pager.pages.with(TagPages::virtual_len)
            }
        })
    });
    let row_at = move |i: usize| -> RowData {
        if let Some(found) = local.with(|l| l.as_ref().map(|rows| rows.get(i).cloned())) {
            return found.map_or(RowData::Loading, RowData::Tag);
        }
        current.get().pages.with(|p| match p.row(i) {
            Row::Tag(tag) => RowData::Tag(tag.clone()),
            Row::Loading => RowData::Loading,
            Row::Failed(page, message) => RowData::Failed(page, message.to_owned()),
        })
    };

    let selected = RwSignal::new(HashSet::<String>::new());
    let open = Callback::new(move |name: String| set_params.run((vec![("tag", name)], false)));
    let retry = Callback::new(move |page: usize| current.get_untracked().retry(page));
    let base_href = format!(
        "{}{}?tag=",
        crate::auth::base_path().trim_end_matches('/'),
        routes::repo_tags(&ns, &repo)
    );
    let now = now_secs();
    let row: Arc<dyn Fn(usize) -> AnyView + Send + Sync> = Arc::new(move |i| {
        let data = memo(move || row_at(i));
        view! { <TagRowView data=data selected=selected on_open=open on_retry=retry base_href=base_href.clone() now=now/> }.into_any()
    });
    let on_range = Callback::new(move |(s, e): (usize, usize)| {
        range.set_value((s, e));
        if local.with_untracked(Option::is_none) {
            current.get_untracked().set_range(s, e);
        }
    });

    let scroll_to = RwSignal::new(None::<usize>);
    let follow_end = RwSignal::new(false);
    effect(move || {
        if follow_end.get() {
            let n = len.get();
            scroll_to.set(Some(n));
            if current.get().pages.with(|p| p.total().is_some()) {
                follow_end.set(false);
            }
        }
    });
    Effect::new(move |prev: Option<(String, bool, Option<Sort>)>| {
        let key = (filter.get(), regex_on.get(), sort.get());
        if prev.is_some_and(|p| p != key) {
            scroll_to.set(Some(0));
        }
        key
    });

    let on_sort = Callback::new(move |key| {
        let next = Sort::cycle(sort.get_untracked(), key)
            .map(Sort::to_param)
            .unwrap_or_default();
        set_params.run((vec![("sort", next)], true));
    });
    let visible_loaded = move || -> Vec<String> {
        local.with(|l| match l {
            Some(rows) => rows.iter().map(|t| t.name.clone()).collect(),
            None => current
                .get()
                .pages
                .with(|p| p.loaded().map(|t| t.name.clone()).collect()),
        })
    };
    let all_selected = Signal::derive(move || {
        let names = visible_loaded();
        !names.is_empty() && selected.with(|s| names.iter().all(|n| s.contains(n)))
    });
    let on_select_all = Callback::new(move |on: bool| {
        let names = visible_loaded();
        selected.update(|s| {
            if on {
                s.extend(names);
            } else {
                names.iter().for_each(|n| {
                    s.remove(n);
                });
            }
        });
    });
    let select_label = Signal::derive(move || {
        tf(
            "tags.select_all",
            &[("count", &visible_loaded().len().to_string())],
        )
    });
    let on_change = Callback::new(move |change: Change| {
        for pager in [all, like_pager] {
            if let Change::Deleted(names) = &change {
                pager
                    .pages
                    .update(|p| p.remove(&|t: &Tag| names.contains(&t.name)));
            }
            pager.invalidate();
        }
    });

    let add_open = RwSignal::new(false);
    // The dialog and the bulk bar come from the `tag_tools` chunk, fetched when first needed and
    // kept mounted from then on (the bar holds a running bulk operation).
    // A draft of the dialog (kept across a new sign-in) mounts it at once: it opens itself with it.
    let add_drafted =
        crate::views::drafts::load::<(String, String)>("tag-form", &format!("create:{ns}/{repo}"))
            .is_some();
    let add_used = latch(move || add_drafted || add_open.get());
    let bulk_used = latch(move || selected.with(|s| !s.is_empty()));
    let can_write = use_client()
        .session()
        .has_scope(crate::api::scope::REPO_WRITE);
    let (ns_h, repo_h) = (ns.clone(), repo.clone());
    let regex_mode = move || regex_on.get() && !filter.with(String::is_empty);
    // The list that local results come from: all tags for a regex, else the shown one.
    let scope = move || if regex_mode() { all } else { current.get() };
    let partial = move || {
        (regex_mode() || sort.with(Option::is_some)) && !scope().pages.with(TagPages::complete)
    };
    view! {
        <section class="page tags-page" data-testid="tags-page">
            <header class="tags-title">
                <h1>{tf("tags.title", &[("repo", &format!("{ns}/{repo}"))])}</h1>
                <A href=routes::repo_tag_history(&ns_h, &repo_h) attr:class="btn" attr:data-testid="history-link">{t("tags.history_link")}</A>
            </header>
            <div class="toolbar" role="search">
                <label class="field filter">
                    <span class="visually-hidden">{t("tags.filter_label")}</span>
                    <input type="search" data-testid="tag-filter" data-filter="true" placeholder=t("tags.filter_placeholder")
                        aria-invalid=move || regex_error.with(Option::is_some).then_some("true")
                        prop:value=move || filter.get()
                        on:input=move |ev| set_params.run((vec![("filter", event_target_value(&ev))], true))/>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="tag-regex" prop:checked=move || regex_on.get()
                        on:change=move |ev| set_params.run((vec![("regex", if event_target_checked(&ev) { "1".into() } else { String::new() })], true))/>
                    {t("tags.regex")}
                </label>
                <span class="grow"></span>
                <button type="button" class="btn" data-testid="jump-end" on:click=move |_| { current.get_untracked().follow_end(); follow_end.set(true); }>{t("tags.jump_end")}</button>
                <button type="button" class="btn btn-primary" data-testid="add-tag" prop:disabled=!can_write
                    title=(!can_write).then(|| t("tags.read_only")) on:click=move |_| add_open.set(true)>{t("tags.add")}</button>
            </div>
            {move || regex_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="regex-error">{tf("tags.regex_invalid", &[("error", &e)])}</p> })}
            <p class="muted tags-status" aria-live="polite" data-testid="tag-count">
                {move || match local.with(|l| l.as_ref().map(Vec::len)) {
                    Some(n) if regex_on.get() => tf("tags.regex_count", &[("count", &n.to_string()), ("loaded", &all.pages.with(TagPages::loaded_count).to_string()), ("of", &count_text(&all.pages.read()))]),
                    Some(n) if server_filter.with(Option::is_some) && sort.with(Option::is_none) => tf("tags.preview_count", &[("count", &n.to_string())]),
                    Some(n) => tf("tags.sorted_count", &[("count", &n.to_string()), ("of", &count_text(&current.get().pages.read()))]),
                    None => count_text(&current.get().pages.read()),
                }}
                {move || current.get().pages.with(TagPages::refreshing).then(|| view! {
                    <span class="refreshing" data-testid="refreshing">{t("tags.refreshing")}</span>
                })}
            </p>
            {move || partial().then(|| view! {
                <div class="notice notice-warn" data-testid="partial-notice">
                    <span>{t("tags.partial")}</span>
                    {move || if scope().loading_all() {
                        view! { <span class="muted">{t("tags.loading_all")}</span> }.into_any()
                    } else {
                        view! { <button type="button" class="btn btn-small" data-testid="load-all" on:click=move |_| scope().load_all(true)>{t("tags.load_all")}</button> }.into_any()
                    }}
                </div>
            })}
            {
                let args = BulkArgs {
                    ns: ns.clone(),
                    repo: repo.clone(),
                    selected,
                    on_change,
                    locked: Signal::derive(move || all.pages.with(|p| p.loaded().filter(|t| t.is_immutable()).map(|t| t.name.clone()).collect())),
                };
                move || bulk_used.get().then(|| crate::lazy_pages::bulk_bar(args.clone()))
            }
            {move || current.get().error.get().map(|e| view! {
                <div class="error-view" role="alert" data-testid="error-view" data-status=e.status.to_string()>
                    <p>{error_text(&e)}</p>
                    <button type="button" class="btn" on:click=move |_| current.get_untracked().restart()>{t("error.retry")}</button>
                </div>
            })}
            <div class="tag-table" class:empty=move || len.get() == 0 role="table" aria-label=t("tags.table_label") aria-rowcount=move || len.get().to_string()>
                <TagHeader sort=sort on_sort=on_sort all_selected=all_selected on_select_all=on_select_all select_label=select_label/>
                <VirtualList len=len row_height=ROW_HEIGHT row=row on_range=on_range scroll_to=scroll_to testid="tag-list" label=t("tags.table_label")/>
            </div>
            {move || (len.get() == 0 && !searching.get() && current.get().error.with(Option::is_none)
                && (local.with(Option::is_some) || current.get().pages.with(|p| p.total().is_some()))).then(|| {
                let text = filter.get();
                let message = if text.is_empty() { t("tags.none").to_owned() } else { tf("tags.no_match", &[("filter", &text)]) };
                view! { <EmptyState message=message/> }
            })}
            {
                let args = AddTagArgs { ns: ns.clone(), repo: repo.clone(), open: add_open, on_change };
                move || add_used.get().then(|| crate::lazy_pages::add_tag(args.clone()))
            }
            <super::security_report::SecurityDrawerSlot ns=ns.clone() repo=repo.clone()/>
            {move || open_tag.get().map(|name| crate::lazy_pages::tag_details(DetailsArgs {
                ns: ns.clone(),
                repo: repo.clone(),
                name,
                on_close: Callback::new(move |()| set_params.run((vec![("tag", String::new())], false))),
                on_change,
            }))}
        </section>
    }
}
