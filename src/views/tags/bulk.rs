//! Deleting or expiring a selection: confirm first (typing the repository name for ten tags or
//! more), then at most four requests at a time with a progress bar and a result per tag. Tags that
//! failed stay selected, with Quay's reason, and can be retried. Where Quay has immutable tags a
//! selection can be made immutable or mutable; delete and expiration skip the immutable tags the
//! list has loaded (each with the reason), without asking Quay.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialogs::ExpirationDialog;
use super::error_text;
use crate::api;
use crate::components::{use_toasts, ConfirmDialog, Dialog, VirtualList};
use crate::i18n::{t, tf};
use crate::model::order::sort;
use crate::reactive::memo;
use crate::views::use_client;

/// Requests in flight at most during a bulk change.
const CONCURRENCY: usize = 4;
/// From this many tags on, deleting asks to type the repository name.
const TYPE_TO_CONFIRM: usize = 10;

/// What changed, for the lists to update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Deleted(Vec<String>),
    Updated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Delete,
    Expire(Option<i64>),
    /// `PUT tag/{t} {"immutable"}`.
    Immutable(bool),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Run {
    op: Option<Op>,
    total: usize,
    results: Vec<(String, Result<(), String>)>,
}

impl Run {
    fn done(&self) -> bool {
        self.results.len() >= self.total
    }

    fn failed(&self) -> Vec<String> {
        self.results
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(n, _)| n.clone())
            .collect()
    }
}

/// The bar, as `crate::lazy_pages::bulk_bar` shows it.
pub fn build(args: super::BulkArgs) -> AnyView {
    let super::BulkArgs {
        ns,
        repo,
        selected,
        on_change,
        locked,
    } = args;
    view! { <BulkBar ns=ns repo=repo selected=selected on_change=on_change locked=locked/> }
        .into_any()
}

#[component]
pub fn BulkBar(
    ns: String,
    repo: String,
    selected: RwSignal<HashSet<String>>,
    on_change: Callback<Change>,
    /// The immutable tags among those loaded.
    #[prop(optional, into)]
    locked: Signal<HashSet<String>>,
) -> impl IntoView {
    let client = use_client();
    let features = crate::views::use_features();
    let immutable_on = memo(move || features.with(|f| f.immutable_tags));
    let can_expire = memo(move || features.with(|f| f.immutable_can_expire));
    let locked_count = memo(move || selected.with(|s| locked.with(|l| s.intersection(l).count())));
    let can_write = client.session().has_scope(api::scope::REPO_WRITE);
    let toasts = use_toasts();
    let confirm_delete = RwSignal::new(false);
    let expire_open = RwSignal::new(false);
    let run = RwSignal::new(Run::default());
    let run_open = RwSignal::new(false);
    let count = memo(move || selected.with(HashSet::len));
    let names = move || {
        let mut v: Vec<String> = selected.with(|s| s.iter().cloned().collect());
        sort(&mut v);
        v
    };

    let start = {
        let (ns, repo) = (ns.clone(), repo.clone());
        Callback::new(move |(op, names): (Op, Vec<String>)| {
            if names.is_empty() || (run.with_untracked(|r| !r.done())) {
                return;
            }
            // Quay refuses these on an immutable tag: not asked, the reason shown per tag.
            let refused = match op {
                Op::Delete => true,
                Op::Expire(_) => !can_expire.get_untracked(),
                Op::Immutable(_) => false,
            };
            let (skipped, names): (Vec<String>, Vec<String>) = names
                .into_iter()
                .partition(|n| refused && locked.with_untracked(|l| l.contains(n)));
            let total = names.len() + skipped.len();
            run.set(Run {
                op: Some(op),
                total,
                results: skipped
                    .into_iter()
                    .map(|n| (n, Err(t("tags.immutable_reason").to_owned())))
                    .collect(),
            });
            if names.is_empty() {
                finish(run, selected, on_change, toasts);
            }
            run_open.set(true);
            let queue = Arc::new(std::sync::Mutex::new(
                names.into_iter().collect::<VecDeque<_>>(),
            ));
            for _ in 0..CONCURRENCY {
                let (queue, client, ns, repo) =
                    (queue.clone(), client.clone(), ns.clone(), repo.clone());
                spawn_local(async move {
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.pop_front());
                        let Some(name) = next else { break };
                        let result = match op {
                            Op::Delete => api::tags::delete(&client, &ns, &repo, &name).await,
                            Op::Expire(at) => {
                                api::tags::set_expiration(&client, &ns, &repo, &name, at).await
                            }
                            Op::Immutable(on) => {
                                api::lifecycle::set_immutable(&client, &ns, &repo, &name, on).await
                            }
                        };
                        if crate::views::flight::signed_out(&result) {
                            return;
                        }
                        let finished = run.try_update(|r| {
                            r.results.push((name, result.map_err(|e| error_text(&e))));
                            r.done()
                        });
                        if finished == Some(true) {
                            finish(run, selected, on_change, toasts);
                        }
                    }
                });
            }
        })
    };

    let delete_message = {
        let full = format!("{ns}/{repo}");
        Signal::derive(move || {
            tf(
                "tags.delete_confirm",
                &[("count", &count.get().to_string()), ("repo", &full)],
            )
        })
    };
    let typed = {
        let repo = repo.clone();
        Signal::derive(move || (count.get() >= TYPE_TO_CONFIRM).then(|| repo.clone()))
    };
    let expire_names = Signal::derive(names);
    view! {
        {move || (count.get() != 0).then(|| view! {
            <div class="toolbar bulk-bar" role="region" aria-label=t("tags.selection") data-testid="bulk-bar">
                <strong data-testid="selected-count">{move || tf("tags.selected", &[("count", &count.get().to_string())])}</strong>
                <button type="button" class="btn" data-testid="bulk-expire" prop:disabled=!can_write on:click=move |_| expire_open.set(true)>{t("tags.set_expiration")}</button>
                <button type="button" class="btn btn-danger" data-testid="bulk-delete" prop:disabled=!can_write on:click=move |_| confirm_delete.set(true)>{t("tags.delete_selected")}</button>
                {move || immutable_on.get().then(|| view! {
                    <button type="button" class="btn" data-testid="bulk-lock" prop:disabled=!can_write on:click=move |_| start.run((Op::Immutable(true), names()))>{t("tags.make_immutable")}</button>
                    <button type="button" class="btn" data-testid="bulk-unlock" prop:disabled=!can_write on:click=move |_| start.run((Op::Immutable(false), names()))>{t("tags.make_mutable")}</button>
                })}
                {move || (locked_count.get() > 0).then(|| view! {
                    <span class="muted" data-testid="bulk-locked-note">{tf("tags.bulk_locked", &[("count", &locked_count.get().to_string())])}</span>
                })}
                {(!can_write).then(|| view! { <span class="muted" data-testid="read-only">{t("tags.read_only")}</span> })}
                <button type="button" class="btn" data-testid="clear-selection" on:click=move |_| selected.set(HashSet::new())>{t("tags.clear_selection")}</button>
            </div>
        })}
        <ConfirmDialog open=confirm_delete title=Signal::derive(|| t("tags.delete_title").to_owned()) message=delete_message
            confirm_label=Signal::derive(move || tf("tags.delete_n", &[("count", &count.get().to_string())]))
            type_to_confirm=typed
            on_confirm=Callback::new(move |()| { confirm_delete.set(false); start.run((Op::Delete, names())); })
            on_cancel=Callback::new(move |()| confirm_delete.set(false))/>
        <ExpirationDialog ns=ns.clone() repo=repo.clone() open=expire_open tags=expire_names current=None
            on_bulk=Some(Callback::new(move |at| start.run((Op::Expire(at), names()))))
            on_change=on_change/>
        <Dialog open=run_open title=Signal::derive(move || match run.with(|r| r.op) {
                Some(Op::Delete) => t("tags.deleting").to_owned(),
                Some(Op::Immutable(true)) => t("tags.locking").to_owned(),
                Some(Op::Immutable(false)) => t("tags.unlocking").to_owned(),
                _ => t("tags.expiring").to_owned(),
            }) on_close=Callback::new(move |()| run_open.set(false)) testid="bulk-run">
            <RunView run=run/>
            <div class="actions">
                <button type="button" class="btn" data-testid="bulk-retry"
                    prop:disabled=move || run.with(|r| !r.done() || r.failed().is_empty())
                    on:click=move |_| {
                        let (op, failed) = run.with_untracked(|r| (r.op, r.failed()));
                        if let Some(op) = op { start.run((op, failed)); }
                    }>{t("tags.retry_failed")}</button>
                <button type="button" class="btn btn-primary" data-testid="bulk-close" on:click=move |_| run_open.set(false)>{t("common.close")}</button>
            </div>
        </Dialog>
    }
}

/// Successes leave the selection, failures stay; the lists learn what changed; a toast sums up.
fn finish(
    run: RwSignal<Run>,
    selected: RwSignal<HashSet<String>>,
    on_change: Callback<Change>,
    toasts: crate::components::Toasts,
) {
    let Some((op, ok, failed)) = run.try_with_untracked(|r| {
        let ok: Vec<String> = r
            .results
            .iter()
            .filter(|(_, res)| res.is_ok())
            .map(|(n, _)| n.clone())
            .collect();
        (r.op, ok, r.failed().len())
    }) else {
        return;
    };
    selected.try_update(|s| {
        ok.iter().for_each(|n| {
            s.remove(n);
        })
    });
    let done = ok.len().to_string();
    if failed == 0 {
        toasts.success(tf("tags.bulk_done", &[("ok", &done)]));
    } else {
        toasts.error(tf(
            "tags.bulk_summary",
            &[("ok", &done), ("failed", &failed.to_string())],
        ));
    }
    on_change.run(match op {
        Some(Op::Delete) => Change::Deleted(ok),
        _ => Change::Updated,
    });
}

#[component]
fn RunView(run: RwSignal<Run>) -> impl IntoView {
    let done = memo(move || run.with(|r| r.results.len()));
    let total = memo(move || run.with(|r| r.total));
    let percent = move || {
        let (d, n) = (done.get(), total.get().max(1));
        d * 100 / n
    };
    let row: Arc<dyn Fn(usize) -> AnyView + Send + Sync> = Arc::new(move |i| {
        let item = memo(move || run.with(|r| r.results.get(i).cloned()));
        (move || item.get().map(|(name, result)| match result {
            Ok(()) => view! { <div class="grid-row result-row" data-testid="bulk-ok"><span class="badge badge-ok">{t("tags.result_ok")}</span><span>{name}</span></div> }.into_any(),
            Err(why) => view! { <div class="grid-row result-row" data-testid="bulk-failed"><span class="badge badge-danger">{t("tags.result_failed")}</span><span>{name}</span><span class="field-error" title=why.clone()>{why.clone()}</span></div> }.into_any(),
        }))
        .into_any()
    });
    view! {
        <div class="bulk-progress">
            <div class="progress" role="progressbar" aria-label=t("tags.progress") aria-valuemin="0"
                aria-valuemax=move || total.get().to_string() aria-valuenow=move || done.get().to_string() data-testid="bulk-progress">
                <div style:width=move || format!("{}%", percent())></div>
            </div>
            <p aria-live="polite" data-testid="bulk-status">{move || {
                let failed = run.with(|r| r.failed().len());
                tf("tags.progress_text", &[("done", &done.get().to_string()), ("total", &total.get().to_string()), ("failed", &failed.to_string())])
            }}</p>
            <VirtualList len=Signal::derive(move || done.get()) row_height=32.0 height=220.0 row=row testid="bulk-results" label=t("tags.results")/>
        </div>
    }
}
