//! Sending the wizard, and what the person sees after: the robot first
//! (`PUT .../robots/{short}`), then each repository permission
//! (`PUT /repository/{ns}/{repo}/permissions/user/{ns+short}`), then the default permission
//! (`POST /organization/{org}/prototypes`), one after another.
//!
//! A refused robot sends nothing more: the review shows Quay's message and keeps every input. Once
//! the robot exists, the first failure stops the run and the outcome lists each part: done ✓,
//! failed ✗ with Quay's message, not attempted. The person then decides, knowing all of it: retry
//! (only the failed and not-attempted parts), delete the robot (after a confirmation), or keep it
//! as it is. Nothing is rolled back behind their back (see ARCHITECTURE.md, "Robot wizard").
//!
//! The robot's create keeps the old form's guarantees: no second send while one is in flight, and
//! a create whose answer was lost is checked with a GET before it is sent again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::credentials::CredentialsTab;
use super::super::Ctx;
use super::steps::role_label;
use super::{close, use_form, Form, DRAFT};
use crate::api::{self, Client};
use crate::components::error_view::describe;
use crate::components::{use_toasts, Toasts};
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, ErrorKind};
use crate::model::prototypes::{CreatePrototype, DelegateRef};
use crate::model::robots::wizard::{Part, Run, State};
use crate::model::robots::{is_missing_robot, CreateRobot};
use crate::views::robots::use_ctx;
use crate::views::{drafts, use_client};

/// Starts (or resumes after a failure) the run. Returns at once while one is in flight.
pub(super) fn send(ctx: &Ctx, form: Form, client: Client, toasts: Toasts) {
    if form.busy.get_untracked() {
        return;
    }
    if form.run.with_untracked(Option::is_none) {
        let default_role = if ctx.owner.is_user {
            None
        } else {
            form.default_role.get_untracked()
        };
        form.run
            .set(Some(Run::plan(&form.grants.get_untracked(), default_role)));
    }
    form.server_error.set(None);
    form.busy.set(true);
    let ctx = ctx.clone();
    spawn_local(async move {
        // After a 401 nothing is written: the shell (and these signals) is going away, and a
        // signal written now would wake views that are disposed before they run.
        if drive(&ctx, form, &client, toasts).await {
            form.busy.try_set(false);
        }
    });
}

/// How one part went.
enum Sent {
    Done,
    Failed(ApiError),
    /// A 401: the shell is going away (the draft keeps the run); touch nothing more.
    SignedOut,
}

fn sent(result: Result<(), ApiError>) -> Sent {
    match result {
        Ok(()) => Sent::Done,
        Err(e) if e.kind == ErrorKind::Unauthorized => Sent::SignedOut,
        Err(e) => Sent::Failed(e),
    }
}

/// Sends what is left of the run; `false` when Quay answered 401 (signed out).
async fn drive(ctx: &Ctx, form: Form, client: &Client, toasts: Toasts) -> bool {
    let owner = &ctx.owner;
    let short = form.name.get_untracked().trim().to_owned();
    let full = owner.full_name(&short);
    let next = move || {
        form.run.with_untracked(|r| {
            r.as_ref().and_then(|r| {
                r.next_to_send()
                    .and_then(|i| r.part(i).cloned().map(|p| (i, p)))
            })
        })
    };
    while let Some((index, part)) = next() {
        form.run
            .try_update(|r| r.iter_mut().for_each(|r| r.set(index, State::Sending)));
        let outcome = match &part {
            Part::Robot => create_robot(ctx, form, client, toasts, &short).await,
            Part::Permission(grant) => sent(
                api::robots::set_repo_permission(
                    client,
                    &owner.namespace,
                    &grant.repo,
                    &full,
                    grant.role,
                )
                .await
                .map(|_| ()),
            ),
            Part::Default(role) => {
                let body = CreatePrototype {
                    delegate: DelegateRef {
                        kind: "user",
                        name: full.clone(),
                    },
                    role: role.as_str(),
                    activating_user: None,
                };
                sent(
                    api::prototypes::create(client, &owner.namespace, &body)
                        .await
                        .map(|_| ()),
                )
            }
        };
        match outcome {
            Sent::SignedOut => return false,
            Sent::Done => {
                form.run
                    .try_update(|r| r.iter_mut().for_each(|r| r.set(index, State::Done)));
            }
            Sent::Failed(e) if part == Part::Robot => {
                // Nothing exists: back to the review, with Quay's message and every input kept.
                form.run.try_set(None);
                form.server_error.try_set(Some(describe(&e)));
                return true;
            }
            Sent::Failed(e) => {
                let message = describe(&e);
                form.run.try_update(|r| {
                    r.iter_mut()
                        .for_each(|r| r.set(index, State::Failed(message.clone())));
                });
                return true;
            }
        }
    }
    if form
        .run
        .with_untracked(|r| r.as_ref().is_some_and(Run::complete))
    {
        drafts::drop(DRAFT, &owner.full_name(""));
    }
    true
}

/// The robot's create, checked first when the last try got no readable answer.
async fn create_robot(ctx: &Ctx, form: Form, client: &Client, toasts: Toasts, short: &str) -> Sent {
    let owner = &ctx.owner;
    let created = move |robot: crate::model::robots::Robot, after_all: bool| {
        let key = if after_all {
            "robots.created_after_all"
        } else {
            "robots.created"
        };
        toasts.success(tf(key, &[("name", &robot.name)]));
        form.created.try_set(Some(robot));
        form.unsure.try_update_value(|v| *v = None);
        ctx.refresh();
        Sent::Done
    };
    if form.unsure.try_get_value().flatten().as_deref() == Some(short) {
        form.checking.try_set(true);
        let found = api::robots::get(client, owner, short).await;
        if found
            .as_ref()
            .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
        {
            return Sent::SignedOut;
        }
        form.checking.try_set(false);
        match found {
            Ok(robot) => return created(robot, true),
            Err(e) if is_missing_robot(&e) || e.kind == ErrorKind::NotFound => {}
            Err(e) => return Sent::Failed(e),
        }
    }
    let Ok(unstructured_metadata) = form.metadata() else {
        // Checked before the review sends; a draft edited by hand could still get here.
        return Sent::Failed(ApiError::new(
            ErrorKind::Refused,
            0,
            t("robots.wiz_fix_metadata"),
        ));
    };
    let body = CreateRobot {
        description: form.description.get_untracked(),
        unstructured_metadata,
    };
    match api::robots::create(client, owner, short, &body).await {
        Ok(robot) => created(robot, false),
        Err(e) if e.kind == ErrorKind::Unauthorized => Sent::SignedOut,
        Err(e) if e.write_may_have_happened() => {
            form.unsure
                .try_update_value(|v| *v = Some(short.to_owned()));
            if e.kind == ErrorKind::Decode {
                ctx.refresh();
            }
            Sent::Failed(e.for_write())
        }
        Err(e) => Sent::Failed(e),
    }
}

/// Deletes the half-created robot (after the confirmation), then closes the wizard.
pub(super) fn delete_robot(ctx: &Ctx, form: Form, scope: &str, client: Client, toasts: Toasts) {
    if form.busy.get_untracked() {
        return;
    }
    let (ctx, scope) = (ctx.clone(), scope.to_owned());
    let short = form.name.get_untracked().trim().to_owned();
    let full = ctx.owner.full_name(&short);
    form.busy.set(true);
    spawn_local(async move {
        let result = api::robots::delete(&client, &ctx.owner, &short).await;
        if result
            .as_ref()
            .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
        {
            return;
        }
        form.busy.try_set(false);
        form.deleting.try_set(false);
        match result {
            Ok(()) => toasts.success(tf("robots.deleted_one", &[("name", &full)])),
            Err(e) if is_missing_robot(&e) => {
                toasts.success(tf("robots.gone_text", &[("name", &full)]));
            }
            Err(e) => {
                toasts.error(tf(
                    "robots.delete_failed",
                    &[("name", &full), ("error", &describe(&e))],
                ));
                return;
            }
        }
        ctx.refresh();
        close(&ctx, form, &scope);
    });
}

fn part_text(part: &Part, full: &str, org: &str) -> String {
    match part {
        Part::Robot => tf("robots.wiz_part_robot", &[("name", full)]),
        Part::Permission(g) => tf(
            "robots.wiz_grant",
            &[("repo", &g.repo), ("role", role_label(Some(g.role)))],
        ),
        Part::Default(role) => tf(
            "robots.wiz_part_default",
            &[("role", role_label(Some(*role))), ("org", org)],
        ),
    }
}

fn part_id(part: &Part) -> String {
    match part {
        Part::Robot => "robot".to_owned(),
        Part::Permission(g) => format!("repo:{}", g.repo),
        Part::Default(_) => "default".to_owned(),
    }
}

/// What was done, what was not, and the ways on: retry, delete, keep; or the credentials.
#[component]
pub(super) fn Outcome(on_close: Callback<()>) -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let org = ctx.owner.namespace.clone();
    let full = move || format!("{org}+{}", form.name.get().trim());
    let run = move || form.run.get().unwrap_or_default();
    let complete = move || form.run.with(|r| r.as_ref().is_some_and(Run::complete));
    // Stopped short: a part failed, or the run was interrupted (a reload or a 401 mid-run).
    let stopped = move || !complete() && !form.busy.get();
    let parts = {
        let org = ctx.owner.namespace.clone();
        move || {
            let full = full();
            run().parts.into_iter().map(|(part, state)| {
                let (mark, class, text) = match &state {
                    State::Done => ("✓", "done", t("robots.wiz_state_done").to_owned()),
                    State::Sending => ("…", "sending", t("robots.wiz_state_sending").to_owned()),
                    State::NotAttempted => ("–", "not-attempted", t("robots.wiz_state_not_attempted").to_owned()),
                    State::Failed(m) => ("✗", "failed", tf("robots.wiz_state_failed", &[("error", m)])),
                };
                view! {
                    <li class=format!("run-part {class}") data-testid="run-part" data-part=part_id(&part) data-state=class>
                        <span class="mark" aria-hidden="true">{mark}</span>
                        <span>{part_text(&part, &full, &org)}</span>
                        <span class="state">{text}</span>
                    </li>
                }
            }).collect_view()
        }
    };
    let summary = move || {
        let (done, failed_n, rest) = run().counts();
        tf(
            "robots.wiz_summary",
            &[
                ("done", &done.to_string()),
                ("failed", &failed_n.to_string()),
                ("rest", &rest.to_string()),
            ],
        )
    };
    let retry = {
        let ctx = ctx.clone();
        move |_| send(&ctx, form, client.clone(), toasts)
    };
    let done_ctx = ctx.clone();
    let done = move |_| {
        let short = form.name.get_untracked().trim().to_owned();
        form.reset();
        drafts::drop(DRAFT, &done_ctx.owner.full_name(""));
        done_ctx.go(
            &[
                ("create", None),
                ("step", None),
                ("robot", Some(&short)),
                ("tab", None),
            ],
            false,
        );
    };
    view! {
        <section class="wizard-outcome" data-testid="wizard-outcome">
            <h3>{move || if complete() { t("robots.wiz_done_title") } else if stopped() { t("robots.wiz_failed_title") } else { t("robots.wiz_sending_title") }}</h3>
            <ol class="plain run-parts" data-testid="run-parts" aria-live="polite">{parts}</ol>
            <p class="muted" data-testid="run-summary">{summary}</p>
            {move || stopped().then(|| view! {
                <p class="notice notice-warn" role="alert" data-testid="run-failed">{t("robots.wiz_failed_text")}</p>
                <div class="actions wizard-bar">
                    <button type="button" class="btn" data-testid="run-keep" on:click=move |_| on_close.run(())>{t("robots.wiz_keep")}</button>
                    <button type="button" class="btn btn-danger" data-testid="run-delete" prop:disabled=move || form.busy.get()
                        on:click=move |_| form.deleting.set(true)>{t("robots.wiz_delete")}</button>
                    <span class="grow"></span>
                    <button type="button" class="btn btn-primary" data-testid="run-retry" prop:disabled=move || form.busy.get()
                        on:click=retry.clone()>
                        {move || if form.busy.get() { t("common.working") } else { t("robots.wiz_retry") }}
                    </button>
                </div>
            })}
            {move || (complete() && form.created.with(Option::is_some)).then(|| {
                let robot = form.created.get().unwrap_or_default();
                let token = RwSignal::new(robot.token.clone().unwrap_or_default());
                view! {
                    <p class="hint muted">{t("robots.wiz_credentials_hint")}</p>
                    <div data-testid="wizard-credentials"><CredentialsTab robot=robot token=token once=true/></div>
                }
            })}
            {move || (complete() && form.created.with(Option::is_none)).then(|| view! {
                <p class="hint muted" data-testid="wizard-credentials-elsewhere">{t("robots.wiz_credentials_elsewhere")}</p>
            })}
            {move || complete().then(|| view! {
                <div class="actions wizard-bar">
                    <span class="grow"></span>
                    <button type="button" class="btn btn-primary" data-testid="wizard-done" on:click=done.clone()>{t("robots.wiz_finish")}</button>
                </div>
            })}
        </section>
    }
    .into_any()
}
