//! The tag table: sortable column headers and one row (a tag, a loading placeholder, or a failed page).

use std::collections::HashSet;

use leptos::prelude::*;

use crate::components::CopyButton;
use crate::i18n::{t, tf};
use crate::model::tags::{format_utc, human_size, short_digest, Sort, SortKey, Tag};

/// What one row of the list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowData {
    Tag(Tag),
    Loading,
    /// The page failed: `(page, message)`.
    Failed(usize, String),
}

/// Height of a row in pixels (matches `--row-height`).
pub const ROW_HEIGHT: f64 = 36.0;

fn column_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Name => t("tags.col_name"),
        SortKey::Digest => t("tags.col_digest"),
        SortKey::Size => t("tags.col_size"),
        SortKey::Modified => t("tags.col_modified"),
        SortKey::Expiration => t("tags.col_expiration"),
        SortKey::Kind => t("tags.col_kind"),
    }
}

/// The header: a select-all box and one sort button per column (`aria-sort` on the sorted one).
#[component]
pub fn TagHeader(
    #[prop(into)] sort: Signal<Option<Sort>>,
    on_sort: Callback<SortKey>,
    /// `Some(all_selected)` when rows can be selected.
    #[prop(into)]
    all_selected: Signal<bool>,
    on_select_all: Callback<bool>,
    #[prop(into)] select_label: Signal<String>,
) -> impl IntoView {
    let cells = SortKey::ALL
        .into_iter()
        .map(|key| {
            let aria = move || match sort.get() {
                Some(s) if s.key == key && s.descending => "descending",
                Some(s) if s.key == key => "ascending",
                _ => "none",
            };
            let arrow = move || match sort.get() {
                Some(s) if s.key == key && s.descending => " ↓",
                Some(s) if s.key == key => " ↑",
                _ => "",
            };
            view! {
                <span role="columnheader" aria-sort=aria class=format!("col-{}", key.slug())>
                    <button type="button" data-testid=format!("sort-{}", key.slug())
                        title=t("tags.sort_hint")
                        on:click=move |_| on_sort.run(key)>
                        {column_label(key)}{arrow}
                    </button>
                </span>
            }
        })
        .collect_view();
    view! {
        <div class="grid-row grid-head tag-grid" role="row">
            <span role="columnheader" class="col-select">
                <input type="checkbox" data-testid="select-all" aria-label=move || select_label.get()
                    prop:checked=move || all_selected.get()
                    on:change=move |ev| on_select_all.run(event_target_checked(&ev))/>
            </span>
            {cells}
            <super::security_cell::ScanHeader/>
        </div>
    }
}

/// One row. Reads only its own memo, so a page arriving repaints just the rows that changed.
#[component]
pub fn TagRowView(
    data: Memo<RowData>,
    selected: RwSignal<HashSet<String>>,
    /// Opens the tag's details (`?tag=`).
    on_open: Callback<String>,
    on_retry: Callback<usize>,
    /// The link of a tag's details without the name (`.../tags?tag=`), for middle-click.
    base_href: String,
    now: i64,
) -> impl IntoView {
    move || {
        match data.get() {
        RowData::Loading => view! {
            <div class="grid-row tag-grid tag-row-loading" role="row" data-testid="tag-row-loading">
                <span role="cell" class="col-select"></span>
                <span role="cell" class="muted">{t("tags.loading_row")}</span>
            </div>
        }
        .into_any(),
        RowData::Failed(page, message) => view! {
            <div class="grid-row tag-grid tag-row-failed" role="row" data-testid="tag-row-failed">
                <span role="cell" class="col-select"></span>
                <span role="cell" class="field-error">{message}</span>
                <span role="cell">
                    <button type="button" class="btn btn-small" on:click=move |_| on_retry.run(page)>{t("error.retry")}</button>
                </span>
            </div>
        }
        .into_any(),
        RowData::Tag(tag) => tag_row(tag, selected, on_open, base_href.clone(), now).into_any(),
    }
    }
}

fn tag_row(
    tag: Tag,
    selected: RwSignal<HashSet<String>>,
    on_open: Callback<String>,
    base_href: String,
    now: i64,
) -> impl IntoView {
    let name = tag.name.clone();
    let is_selected = {
        let name = name.clone();
        move || selected.with(|s| s.contains(&name))
    };
    let toggle = {
        let name = name.clone();
        move |ev: web_sys::Event| {
            let on = event_target_checked(&ev);
            selected.update(|s| {
                if on {
                    s.insert(name.clone());
                } else {
                    s.remove(&name);
                }
            });
        }
    };
    let open = {
        let name = name.clone();
        move |ev: web_sys::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0) {
                ev.prevent_default();
                on_open.run(name.clone());
            }
        }
    };
    let href = format!("{base_href}{}", crate::model::url::encode(&name));
    let digest = tag.manifest_digest.clone();
    let size = tag.size.map_or_else(|| "—".to_owned(), human_size);
    let modified = tag.start_ts.map(format_utc).unwrap_or_default();
    let expiration = tag.end_ts.map(|end| {
        let class = if end <= now {
            "badge badge-danger"
        } else if end - now < 7 * 86_400 {
            "badge badge-warn"
        } else {
            "badge"
        };
        view! { <span class=class title=t("tags.utc")>{format_utc(end)}</span> }
    });
    let select_label = tf("tags.select_one", &[("tag", &name)]);
    let is_selected_row = is_selected.clone();
    let digest_title = digest.clone();
    let digest_copy = digest.clone();
    view! {
        <div class="grid-row tag-grid tag-row" role="row" data-testid="tag-row" data-tag=name.clone() class:selected=is_selected_row>
            <span role="cell" class="col-select">
                <input type="checkbox" data-testid="tag-select" aria-label=select_label
                    prop:checked=is_selected on:change=toggle/>
            </span>
            <span role="cell" class="tag-name">
                <a href=href data-testid="tag-name" on:click=open>{name.clone()}</a>
                {super::immutable::lock_marker(&tag)}
            </span>
            <span role="cell" class="mono digest" title=digest_title>
                {short_digest(&digest)}
                <CopyButton text=digest_copy label=t("tags.copy_digest")/>
            </span>
            <span role="cell" class="num">{size}</span>
            <span role="cell" title=t("tags.utc")>{modified}</span>
            <span role="cell">{expiration}</span>
            <span role="cell">
                {tag.is_manifest_list.then(|| view! { <span class="badge" title=t("tags.list_hint")>{t("tags.list_badge")}</span> })}
            </span>
            <super::security_cell::ScanCell name=name.clone() digest=tag.manifest_digest.clone() is_list=tag.is_manifest_list/>
        </div>
    }
}
