//! The remedies, each behind a confirmation: delete a robot, revoke an app token or an
//! authorization (a confirmation dialog), narrow a robot's permissions (a dialog: which
//! repositories, set to read or remove). Done remedies update the review in place; a refusal is
//! shown with Quay's message and the dialog stays open with what was chosen.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::loader::Review;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, Dialog};
use crate::i18n::{t, tf};
use crate::model::review::{Finding, Remedy};
use crate::model::robots::{Owner, Role};
use crate::views::use_client;

#[component]
pub fn Remedies(review: Review, pending: RwSignal<Option<Finding>>) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let is_narrow = move || {
        pending.with(|p| {
            p.as_ref()
                .is_some_and(|f| matches!(f.remedy, Remedy::Narrow { .. }))
        })
    };
    let confirm_open = Signal::derive(move || pending.with(Option::is_some) && !is_narrow());
    let (title, message) = (
        Signal::derive(move || {
            pending.with(|p| match p.as_ref().map(|f| &f.remedy) {
                Some(Remedy::DeleteRobot { .. }) => t("review.delete_title").to_owned(),
                Some(Remedy::RevokeAppToken { .. }) => t("review.revoke_token_title").to_owned(),
                _ => t("review.revoke_grant_title").to_owned(),
            })
        }),
        Signal::derive(move || {
            pending.with(|p| {
                p.as_ref().map_or_else(String::new, |f| {
                    let key = match f.remedy {
                        Remedy::DeleteRobot { .. } => "review.delete_text",
                        Remedy::RevokeAppToken { .. } => "review.revoke_token_text",
                        _ => "review.revoke_grant_text",
                    };
                    tf(key, &[("name", &f.subject)])
                })
            })
        }),
    );
    let confirm = {
        let client = client.clone();
        move |()| {
            let Some(finding) = pending.get_untracked() else {
                return;
            };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let client = client.clone();
            spawn_local(async move {
                let (ns, is_user) = review.namespace();
                let result = match &finding.remedy {
                    Remedy::DeleteRobot { name } => {
                        let short = name.split_once('+').map_or(name.as_str(), |(_, s)| s);
                        let owner = Owner {
                            namespace: ns,
                            is_user,
                        };
                        api::robots::delete(&client, &owner, short).await
                    }
                    Remedy::RevokeAppToken { uuid } => {
                        api::applications::revoke_app_token(&client, uuid).await
                    }
                    Remedy::RevokeGrant { uuid } => {
                        api::authorizations::revoke(&client, uuid).await
                    }
                    _ => Ok(()),
                };
                busy.try_set(false);
                match result {
                    Err(e) if e.status == 401 => client.session().sign_out(),
                    Err(e) => toasts.error(tf("review.failed", &[("error", &describe(&e))])),
                    Ok(()) => {
                        pending.try_set(None);
                        apply(review, &finding);
                        let key = match finding.remedy {
                            Remedy::DeleteRobot { .. } => "review.done_delete",
                            _ => "review.done_revoke",
                        };
                        toasts.success(tf(key, &[("name", &finding.subject)]));
                    }
                }
            });
        }
    };
    view! {
        <ConfirmDialog open=confirm_open title=title message=message
            confirm_label=Signal::derive(move || pending.with(|p| match p.as_ref().map(|f| &f.remedy) {
                Some(Remedy::DeleteRobot { .. }) => t("review.remedy_delete").to_owned(),
                _ => t("review.remedy_revoke").to_owned(),
            }))
            busy=busy on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |()| pending.set(None))/>
        <Narrow review=review pending=pending/>
    }
}

/// The finding's remedy is done: the review forgets what it removed.
fn apply(review: Review, finding: &Finding) {
    match &finding.remedy {
        Remedy::DeleteRobot { name } => review.forget_robot(name),
        Remedy::RevokeAppToken { uuid } => review.tokens.update(|r| {
            if let Some(Ok(list)) = r {
                list.retain(|x| &x.uuid != uuid);
            }
        }),
        Remedy::RevokeGrant { uuid } => review.grants.update(|r| {
            if let Some(Ok(list)) = r {
                list.retain(|x| &x.uuid != uuid);
            }
        }),
        _ => {}
    }
}

/// Narrow a robot's write and admin roles: the chosen repositories set to read, or the permission
/// removed. One call per repository, one at a time; a refusal stops there and says what was done.
#[component]
fn Narrow(review: Review, pending: RwSignal<Option<Finding>>) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    let remove = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let target = memo_target(pending);
    crate::reactive::effect(move || {
        let repos = target.get().map(|(_, r)| r).unwrap_or_default();
        chosen.set(repos.into_iter().map(|(r, _)| r).collect());
        remove.set(false);
        error.set(None);
    });
    let apply = Callback::new(move |()| {
        let Some((robot, _)) = target.get_untracked() else {
            return;
        };
        let repos: Vec<String> = chosen.get_untracked().into_iter().collect();
        if repos.is_empty() {
            error.set(Some(t("review.narrow_none").to_owned()));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (client, removing) = (client.clone(), remove.get_untracked());
        spawn_local(async move {
            let (ns, _) = review.namespace();
            let mut done = 0;
            for repo in &repos {
                let result = if removing {
                    api::robots::delete_repo_permission(&client, &ns, repo, &robot).await
                } else {
                    api::robots::set_repo_permission(&client, &ns, repo, &robot, Role::Read)
                        .await
                        .map(|_| ())
                };
                if let Err(e) = result {
                    if e.status == 401 {
                        client.session().sign_out();
                        return;
                    }
                    busy.try_set(false);
                    error.try_set(Some(tf(
                        "review.narrow_partial",
                        &[
                            ("done", &done.to_string()),
                            ("count", &repos.len().to_string()),
                            ("repo", repo),
                            ("error", &describe(&e)),
                        ],
                    )));
                    return;
                }
                review.set_role(&robot, repo, (!removing).then_some("read"));
                chosen.try_update(|c| c.remove(repo));
                done += 1;
            }
            busy.try_set(false);
            pending.try_set(None);
            toasts.success(tf(
                "review.done_narrow",
                &[("name", &robot), ("count", &done.to_string())],
            ));
        });
    });
    view! {
        <Dialog open=Signal::derive(move || target.with(Option::is_some))
            title=Signal::derive(move || tf("review.narrow_title", &[("name", &target.get().map(|(r, _)| r).unwrap_or_default())]))
            on_close=Callback::new(move |()| pending.set(None)) testid="narrow-dialog">
            <p>{t("review.narrow_intro")}</p>
            <fieldset class="field">
                <legend>{t("review.narrow_repos")}</legend>
                {move || target.get().map(|(_, repos)| repos.into_iter().map(|(repo, role)| {
                    let r = repo.clone();
                    let r2 = repo.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid="narrow-repo" value=repo.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&r))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { if on { c.insert(r2.clone()); } else { c.remove(&r2); } });
                                }/>
                            " "{repo.clone()}" ("{role}")"
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            <fieldset class="field">
                <legend>{t("review.narrow_how")}</legend>
                <label class="check"><input type="radio" name="narrow-how" data-testid="narrow-read"
                    prop:checked=move || !remove.get() on:change=move |_| remove.set(false)/>" "{t("review.narrow_read")}</label>
                <label class="check"><input type="radio" name="narrow-how" data-testid="narrow-remove"
                    prop:checked=move || remove.get() on:change=move |_| remove.set(true)/>" "{t("review.narrow_remove")}</label>
            </fieldset>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="narrow-error">{e}</p> })}
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| pending.set(None)>{t("common.cancel")}</button>
                <button type="button" class="btn btn-danger" data-testid="narrow-apply"
                    prop:disabled=move || busy.get() on:click=move |_| apply.run(())>
                    {move || if busy.get() { t("common.working") } else { t("review.narrow_apply") }}
                </button>
            </div>
        </Dialog>
    }
}

/// A robot and its `(repository, role)` pairs.
type Target = (String, Vec<(String, String)>);

/// The robot and its `(repository, role)` pairs while a narrow is pending.
fn memo_target(pending: RwSignal<Option<Finding>>) -> Memo<Option<Target>> {
    crate::reactive::memo(move || {
        pending.with(|p| match p.as_ref().map(|f| &f.remedy) {
            Some(Remedy::Narrow { robot, repos }) => Some((robot.clone(), repos.clone())),
            _ => None,
        })
    })
}
