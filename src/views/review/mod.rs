//! The access review: `/organization/{org}/review` and `/user/review` (a lazily loaded chunk,
//! `review`). Query: `days` (a robot unused for more than this many days, default 90), `repos`
//! (a robot with write or admin on at least this many repositories, default 5), `kind` (one kind
//! of finding shown: `unused`, `broad`, `apptoken`, `redirect`, `scope`, `permission`; empty: all).
//!
//! The first findings come from the first lists (robots with their repositories in one call, the
//! organization's applications or the user's app tokens and grants); the repositories'
//! permissions are read in the background (`loader.rs`: at most 2 calls in flight, progress,
//! cancel). Each finding has its remedy behind a confirmation (`remedy.rs`); the shown findings
//! can be exported as CSV or JSON.

mod findings;
mod loader;
mod remedy;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::{use_toasts, Loading};
use crate::i18n::{t, tf};
use crate::model::review::{self, Finding, Kind, Thresholds};
use crate::reactive::{effect, memo};
use crate::views::quotas::use_query_setter;
use crate::views::{use_client, use_namespace};

use loader::{Review, RunState};

fn now_secs() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = (js_sys::Date::now() / 1000.0) as i64;
    now
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let namespace = use_namespace();
    let query = use_query_map();
    let set_query = use_query_setter();
    let review = Review::new(use_client());
    let ns = memo(move || namespace.get().map(|n| (n.name, n.is_user)));
    // A new namespace: a new review. The thresholds and the filter need no call.
    effect(move || {
        if let Some((name, is_user)) = ns.get() {
            if untrack(|| review.namespace()) != (name.clone(), is_user) {
                review.start(&name, is_user);
            }
        }
    });
    on_cleanup(move || review.cancel());
    let th =
        memo(move || query.with(|q| Thresholds::from_query(q.get_str("days"), q.get_str("repos"))));
    let kind = memo(move || query.with(|q| q.get_str("kind").and_then(Kind::parse)));
    let all = memo(move || all_findings(review, th.get()));
    let shown = memo(move || {
        let k = kind.get();
        all.with(|f| {
            f.iter()
                .filter(|x| k.is_none_or(|k| x.kind == k))
                .cloned()
                .collect::<Vec<Finding>>()
        })
    });
    let pending = RwSignal::new(None::<Finding>);
    let title = move || match ns.get() {
        Some((_, true)) => t("review.title_user").to_owned(),
        Some((name, false)) => tf("review.title_org", &[("org", &name)]),
        None => String::new(),
    };
    let is_user = memo(move || ns.get().is_some_and(|(_, u)| u));
    view! {
        <section class="page review" data-testid="review-page">
            <h1>{title}</h1>
            <p class="muted">{t("review.intro")}</p>
            <p class="muted small" data-testid="review-budget">{move || budget_text(is_user.get(), review.total.get())}</p>
            <Thresholds th=th set_query=set_query.clone()/>
            <Progress review=review/>
            <Parts review=review/>
            <Summary all=all kind=kind is_user=is_user set_query=set_query/>
            <Export shown=shown ns=ns/>
            {move || {
                if review.robots.with(Option::is_none) {
                    return view! { <Loading/> }.into_any();
                }
                view! { <findings::Findings shown=shown kind=kind review=review pending=pending/> }.into_any()
            }}
            <remedy::Remedies review=review pending=pending/>
        </section>
    }
}

/// Every finding the review has so far, in the summary's order.
fn all_findings(review: Review, th: Thresholds) -> Vec<Finding> {
    let now = now_secs();
    let mut out = Vec::new();
    review.robots.with(|r| {
        if let Some(Ok(list)) = r {
            out.extend(review::unused_robots(list, now, th));
        }
    });
    review.access.with(|a| {
        out.extend(review::broad_robots(a, th));
        out.extend(review::permissions(a));
    });
    review.tokens.with(|r| {
        if let Some(Ok(list)) = r {
            out.extend(review::app_tokens(list, now));
        }
    });
    review.apps.with(|r| {
        if let Some(Ok(list)) = r {
            out.extend(review::bare_redirects(list));
        }
    });
    review.grants.with(|r| {
        if let Some(Ok(list)) = r {
            out.extend(review::dangerous_grants(list));
        }
    });
    review::sort(&mut out);
    out
}

fn budget_text(is_user: bool, total: usize) -> String {
    tf(
        "review.budget",
        &[
            ("first", &review::first_calls(is_user).to_string()),
            ("calls", &total.to_string()),
            ("example", &review::review_calls(false, 100).to_string()),
        ],
    )
}

/// The two thresholds, in the URL (`replace`: one history entry per page, not per keystroke).
#[component]
fn Thresholds(
    th: Memo<Thresholds>,
    set_query: impl Fn(&[(&str, &str)], bool) + Clone + 'static,
) -> impl IntoView {
    let set = StoredValue::new_local(set_query);
    view! {
        <form class="review-thresholds filters" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span>{t("review.days")}</span>
                <input type="number" min="1" max="3650" data-testid="review-days"
                    prop:value=move || th.get().days.to_string()
                    on:change=move |ev| set.with_value(|f| f(&[("days", &event_target_value(&ev))], true))/>
            </label>
            <label class="field">
                <span>{t("review.repos")}</span>
                <input type="number" min="1" max="1000" data-testid="review-repos"
                    prop:value=move || th.get().repos.to_string()
                    on:change=move |ev| set.with_value(|f| f(&[("repos", &event_target_value(&ev))], true))/>
            </label>
        </form>
    }
}

#[component]
fn Progress(review: Review) -> impl IntoView {
    let text = move || {
        tf(
            "review.progress",
            &[
                ("done", &review.done.get().to_string()),
                ("total", &review.total.get().to_string()),
            ],
        )
    };
    let state = move || match review.state.get() {
        RunState::Running => t("review.running"),
        RunState::Cancelled => t("review.cancelled"),
        RunState::Done => t("review.done"),
    };
    view! {
        <div class="review-progress" data-testid="review-progress">
            <progress max=move || review.total.get().max(1).to_string() value=move || review.done.get().to_string()
                aria-label=t("review.progress_label")></progress>
            <span role="status" data-testid="review-progress-text">{text}" · "{state}</span>
            {move || match review.state.get() {
                RunState::Running => view! {
                    <button type="button" class="btn btn-small" data-testid="review-cancel"
                        on:click=move |_| review.cancel()>{t("review.cancel")}</button>
                }.into_any(),
                _ => view! {
                    <button type="button" class="btn btn-small" data-testid="review-again"
                        on:click=move |_| { let (n, u) = review.namespace(); review.start(&n, u); }>{t("review.again")}</button>
                }.into_any(),
            }}
        </div>
    }
}

/// Lists that could not be read, and repositories whose permissions could not be.
#[component]
fn Parts(review: Review) -> impl IntoView {
    let failed = move || {
        let mut out: Vec<String> = Vec::new();
        let mut note = |key: &'static str, part: Option<String>| {
            if let Some(e) = part {
                out.push(tf("review.error_part", &[("what", t(key)), ("error", &e)]));
            }
        };
        note(
            "review.part_robots",
            review
                .robots
                .with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())),
        );
        note(
            "review.part_apps",
            review
                .apps
                .with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())),
        );
        note(
            "review.part_tokens",
            review
                .tokens
                .with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())),
        );
        note(
            "review.part_grants",
            review
                .grants
                .with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())),
        );
        review.unread.with(|u| {
            if let Some((repo, e)) = u.first() {
                out.push(tf(
                    "review.unread",
                    &[
                        ("count", &u.len().to_string()),
                        ("repo", repo),
                        ("error", e),
                    ],
                ));
            }
        });
        out
    };
    view! {
        {move || failed().into_iter().map(|m| view! {
            <p class="notice notice-error" role="alert" data-testid="review-part-error">{m}</p>
        }).collect_view()}
    }
}

/// The count of each kind, each a filter (`?kind=`); pressed again, all kinds.
#[component]
fn Summary(
    all: Memo<Vec<Finding>>,
    kind: Memo<Option<Kind>>,
    is_user: Memo<bool>,
    set_query: impl Fn(&[(&str, &str)], bool) + Clone + 'static,
) -> impl IntoView {
    let set = StoredValue::new_local(set_query);
    view! {
        <nav class="review-summary" aria-label=t("review.summary") data-testid="review-summary">
            <button type="button" class="chip" data-testid="summary-all"
                aria-pressed=move || kind.get().is_none().to_string()
                on:click=move |_| set.with_value(|f| f(&[("kind", "")], false))>
                {t("review.all")}" "<strong data-testid="summary-count">{move || all.with(Vec::len)}</strong>
            </button>
            {move || Kind::ALL.into_iter().filter(|k| k.applies(is_user.get())).map(|k| {
                let count = move || all.with(|f| f.iter().filter(|x| x.kind == k).count());
                view! {
                    <button type="button" class="chip" data-testid=format!("summary-{}", k.slug())
                        aria-pressed=move || (kind.get() == Some(k)).to_string()
                        on:click=move |_| {
                            let next = if kind.get_untracked() == Some(k) { "" } else { k.slug() };
                            set.with_value(|f| f(&[("kind", next)], false));
                        }>
                        {t(findings::kind_key(k))}" "<strong data-testid="summary-count">{count}</strong>
                    </button>
                }
            }).collect_view()}
        </nav>
    }
}

/// CSV and JSON of the findings shown.
#[component]
fn Export(shown: Memo<Vec<Finding>>, ns: Memo<Option<(String, bool)>>) -> impl IntoView {
    let toasts = use_toasts();
    let save = move |json: bool| {
        let name = ns.get_untracked().map(|(n, _)| n).unwrap_or_default();
        let stamp = crate::model::robots::format_date(now_secs());
        let (file, mime, text) = shown.with_untracked(|f| {
            if json {
                (
                    format!("access-review-{name}.json"),
                    "application/json",
                    review::to_json(&name, &stamp, f),
                )
            } else {
                (
                    format!("access-review-{name}.csv"),
                    "text/csv",
                    review::to_csv(f),
                )
            }
        });
        if let Err(e) = crate::views::logs::save_text(&file, mime, &text) {
            toasts.error(e);
        }
    };
    view! {
        <div class="actions review-export">
            <button type="button" class="btn btn-small" data-testid="review-export-csv"
                on:click=move |_| save(false)>{t("review.export_csv")}</button>
            <button type="button" class="btn btn-small" data-testid="review-export-json"
                on:click=move |_| save(true)>{t("review.export_json")}</button>
        </div>
    }
}
