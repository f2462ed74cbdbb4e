//! The robot list: a windowed table (only visible rows in the DOM), sortable headers, row selection.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::use_ctx;
use crate::components::VirtualList;
use crate::i18n::{format, t};
use crate::model::robots::{Robot, Sort, SortKey};

/// Row height in pixels; matches `.grid-row` (`--row-height`).
const ROW_HEIGHT: f64 = 36.0;

fn date_text(ts: Option<i64>, raw: Option<&str>, none: &'static str) -> String {
    match (ts, raw) {
        #[allow(clippy::cast_precision_loss)]
        (Some(ts), _) => format::date_time(ts as f64),
        (None, Some(raw)) if !raw.is_empty() => raw.to_owned(),
        _ => none.to_owned(),
    }
}

#[component]
pub(super) fn RobotTable(
    shown: Memo<Vec<Robot>>,
    selected: RwSignal<BTreeSet<String>>,
    sort: Memo<Sort>,
) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let all_selected = move || {
        shown.with(|rows| {
            !rows.is_empty() && selected.with(|s| rows.iter().all(|r| s.contains(r.short_name())))
        })
    };
    let toggle_all = move |_| {
        let names: Vec<String> =
            shown.with(|rows| rows.iter().map(|r| r.short_name().to_owned()).collect());
        if all_selected() {
            selected.update(|s| {
                names.iter().for_each(|n| {
                    s.remove(n);
                })
            });
        } else {
            selected.update(|s| s.extend(names));
        }
    };
    let header = |key: SortKey, label: &'static str| {
        let ctx = ctx.clone();
        let aria = move || {
            let s = sort.get();
            if s.key == key {
                if s.desc {
                    "descending"
                } else {
                    "ascending"
                }
            } else {
                "none"
            }
        };
        view! {
            <span role="columnheader" aria-sort=aria>
                <button type="button" data-testid=format!("sort-{}", Sort { key, desc: false }.to_param())
                    on:click=move |_| {
                        let next = sort.get_untracked().toggled(key).to_param();
                        ctx.go(&[("sort", Some(&next))], true);
                    }>
                    {label}
                    {move || (sort.get().key == key).then(|| if sort.get().desc { " ▼" } else { " ▲" })}
                </button>
            </span>
        }
    };
    let row_ctx = ctx.clone();
    let row = Arc::new(move |i: usize| {
        let ctx = row_ctx.clone();
        view! {
            {move || shown.with(|rows| rows.get(i).cloned()).map(|robot| {
                let short = robot.short_name().to_owned();
                let link_short = short.clone();
                let check_short = short.clone();
                let ctx = ctx.clone();
                let href = move || ctx.link(&[("robot", Some(&link_short)), ("tab", None)]);
                let teams = robot.team_names().join(", ");
                let (name, repo_count) = (robot.name.clone(), robot.repo_count());
                let description = robot.description.clone().unwrap_or_default();
                let created = date_text(robot.created_at(), robot.created.as_deref(), "");
                let accessed = date_text(robot.last_accessed_at(), robot.last_accessed.as_deref(), t("robots.never_used"));
                view! {
                    <div class="grid-row robot-grid" role="row" data-testid="robot-row" data-robot=short.clone()
                        class:selected=move || selected.with(|s| s.contains(&check_short))>
                        <span role="cell">
                            <input type="checkbox" aria-label=format!("{} {}", t("robots.select"), robot.name)
                                data-testid="robot-select"
                                prop:checked={ let s = short.clone(); move || selected.with(|set| set.contains(&s)) }
                                on:change={ let s = short.clone(); move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|set| { if on { set.insert(s.clone()); } else { set.remove(&s); } });
                                }} />
                        </span>
                        <span role="cell" class="robot-name">
                            <A href=href attr:data-testid="robot-link">{name}</A>
                        </span>
                        <span role="cell" class="muted" title=description.clone()>{description.clone()}</span>
                        <span role="cell" title=teams.clone()>{teams.clone()}</span>
                        <span role="cell" class="num">{repo_count}</span>
                        <span role="cell">{created}</span>
                        <span role="cell" class:muted=robot.last_accessed.is_none()>{accessed}</span>
                    </div>
                }
            })}
        }
        .into_any()
    });
    view! {
        <div role="table" class="robot-table" aria-label=t("robots.table") aria-rowcount=move || shown.with(Vec::len) + 1>
            <div class="grid-row grid-head robot-grid" role="row">
                <span role="columnheader">
                    <input type="checkbox" aria-label=t("robots.select_all") data-testid="robot-select-all"
                        prop:checked=all_selected on:change=toggle_all />
                </span>
                {header(SortKey::Name, t("robots.col_name"))}
                <span role="columnheader">{t("robots.col_description")}</span>
                <span role="columnheader">{t("robots.col_teams")}</span>
                {header(SortKey::Repositories, t("robots.col_repos"))}
                {header(SortKey::Created, t("robots.col_created"))}
                {header(SortKey::LastAccessed, t("robots.col_last_accessed"))}
            </div>
            <VirtualList len=Signal::derive(move || shown.with(Vec::len)) row_height=ROW_HEIGHT height=540.0
                row=row label=t("robots.table") testid="robot-list"/>
        </div>
    }
    .into_any()
}
