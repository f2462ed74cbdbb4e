//! The wizard's steps other than the repositories: the step list, name and description (1), the
//! default permission (3), the review (4), and the Back / Skip / Next bar they share.

use leptos::prelude::*;

use super::{go_step, metadata_problem, run, use_form, Form};
use crate::components::use_toasts;
use crate::i18n::{t, tf};
use crate::model::robots::wizard::Step;
use crate::model::robots::{Role, DESCRIPTION_MAX};
use crate::views::robots::use_ctx;
use crate::views::use_client;

fn step_label(step: Step) -> &'static str {
    match step {
        Step::Name => t("robots.wiz_step_name"),
        Step::Permissions => t("robots.wiz_step_repos"),
        Step::Default => t("robots.wiz_step_default"),
        Step::Review => t("robots.wiz_step_review"),
    }
}

pub(super) fn role_label(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Read) => t("robots.role_read"),
        Some(Role::Write) => t("robots.role_write"),
        Some(Role::Admin) => t("robots.role_admin"),
        None => t("robots.role_none"),
    }
}

/// Leaving the first step forward needs a valid name; any other move is free.
fn may_go(form: Form, from: Step, to: Step) -> bool {
    from != Step::Name || to == Step::Name || form.first_step_ok()
}

/// The steps, each a button to jump there; the current one is marked.
#[component]
pub(super) fn StepList(step: Memo<Step>) -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let is_user = ctx.owner.is_user;
    let items = Step::all(is_user)
        .iter()
        .map(|&s| {
            let ctx = ctx.clone();
            view! {
                <li>
                    <button type="button" class="wizard-step" data-testid=format!("wiz-step-{}", s.number())
                        aria-current=move || (step.get() == s).then_some("step")
                        on:click=move |_| {
                            let at = step.get_untracked();
                            if at != s && may_go(form, at, s) { go_step(&ctx, s) }
                        }>
                        <span class="wizard-step-n" aria-hidden="true">{s.position(is_user)}</span>
                        {step_label(s)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-label=t("robots.wiz_steps")>
            <ol class="wizard-steps" data-testid="wizard-steps">{items}</ol>
        </nav>
    }
    .into_any()
}

/// Back / Skip / Next under a step. `skip` clears what the step picked before moving on.
#[component]
pub(super) fn StepBar(
    step: Step,
    #[prop(optional, into)] skip: Option<Callback<()>>,
) -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let is_user = ctx.owner.is_user;
    let (back_ctx, skip_ctx) = (ctx.clone(), ctx.clone());
    let back = step.prev(is_user).map(|prev| {
        view! {
            <button type="button" class="btn" data-testid="wiz-back"
                on:click=move |_| go_step(&back_ctx, prev)>{t("robots.wiz_back")}</button>
        }
    });
    let next = step.next(is_user);
    let skip_button = skip.zip(next).map(|(skip, next)| {
        view! {
            <button type="button" class="btn" data-testid="wiz-skip"
                on:click=move |_| { skip.run(()); go_step(&skip_ctx, next); }>{t("robots.wiz_skip")}</button>
        }
    });
    let next_button = next.map(|next| {
        view! {
            <button type="button" class="btn btn-primary" data-testid="wiz-next"
                on:click=move |_| if may_go(form, step, next) { go_step(&ctx, next) }>{t("robots.wiz_next")}</button>
        }
    });
    view! {
        <div class="actions wizard-bar">{back}<span class="grow"></span>{skip_button}{next_button}</div>
    }
    .into_any()
}

/// Step 1: the name (Quay's rule, live), the description and optional metadata.
#[component]
pub(super) fn NameStep(on_close: Callback<()>) -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let prefix = format!("{}+", ctx.owner.namespace);
    let name_error = move || form.name_error();
    let description_error = move || form.description_error();
    let rows = form.rows;
    let next_ctx = ctx.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.first_step_ok() {
            go_step(&next_ctx, Step::Permissions);
        }
    };
    view! {
        <form class="robot-form" on:submit=submit novalidate=true data-testid="create-form">
            <div class="field">
                <label for="robot-create-name">{t("robots.name")}</label>
                <div class="prefixed">
                    <span class="prefix muted" aria-hidden="true">{prefix}</span>
                    <input id="robot-create-name" type="text" autocomplete="off" spellcheck="false" data-testid="robot-name"
                        aria-describedby="robot-create-name-hint robot-create-name-error"
                        aria-invalid=move || name_error().is_some().to_string()
                        prop:value=move || form.name.get()
                        on:input=move |ev| form.name.set(event_target_value(&ev))
                        on:blur=move |_| form.touched.set(true) />
                </div>
                <span class="hint" id="robot-create-name-hint">{t("robots.name_hint")}</span>
                <span class="invalid" id="robot-create-name-error" data-testid="name-error">{name_error}</span>
            </div>
            <div class="field">
                <label for="robot-create-description">{t("robots.description")}</label>
                <input id="robot-create-description" type="text" data-testid="robot-description"
                    aria-describedby="robot-create-description-hint robot-create-description-error"
                    aria-invalid=move || description_error().is_some().to_string()
                    prop:value=move || form.description.get()
                    on:input=move |ev| form.description.set(event_target_value(&ev)) />
                <span class="hint" id="robot-create-description-hint">{move || tf("robots.description_count", &[("n", &form.description.with(|d| d.chars().count()).to_string()), ("max", &DESCRIPTION_MAX.to_string())])}</span>
                <span class="invalid" id="robot-create-description-error">{description_error}</span>
            </div>
            <fieldset class="metadata">
                <legend>{t("robots.metadata")}</legend>
                <p class="hint muted">{t("robots.metadata_hint")}</p>
                <For each=move || rows.get() key=|(id, _, _)| *id let:row>
                    {
                        let id = row.0;
                        let field = move |is_key: bool| {
                            rows.with(|r| {
                                r.iter()
                                    .find(|(i, _, _)| *i == id)
                                    .map(|(_, k, v)| if is_key { k.clone() } else { v.clone() })
                                    .unwrap_or_default()
                            })
                        };
                        view! {
                            <div class="meta-row" data-testid="meta-row">
                                <input type="text" aria-label=t("robots.meta_key") placeholder=t("robots.meta_key")
                                    data-testid="meta-key" prop:value=move || field(true)
                                    on:input=move |ev| form.set_row(id, true, event_target_value(&ev)) />
                                <input type="text" aria-label=t("robots.meta_value") placeholder=t("robots.meta_value")
                                    data-testid="meta-value" prop:value=move || field(false)
                                    on:input=move |ev| form.set_row(id, false, event_target_value(&ev)) />
                                <button type="button" class="btn btn-small" aria-label=t("robots.meta_remove")
                                    on:click=move |_| rows.update(|r| r.retain(|(i, _, _)| *i != id))>"×"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="btn btn-small" data-testid="meta-add"
                    on:click=move |_| form.add_row(String::new(), String::new())>
                    {t("robots.meta_add")}
                </button>
                <p class="field-error" data-testid="meta-error" hidden=move || form.metadata().is_ok()>
                    {move || form.metadata().err().map(|p| metadata_problem(&p)).unwrap_or_default()}
                </p>
            </fieldset>
            <div class="actions wizard-bar">
                <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                <span class="grow"></span>
                <button type="submit" class="btn btn-primary" data-testid="wiz-next">{t("robots.wiz_next")}</button>
            </div>
        </form>
    }
    .into_any()
}

/// Step 3 (organizations): an optional default permission, so repositories created later give
/// the robot a role too.
#[component]
pub(super) fn DefaultStep() -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let org = ctx.owner.namespace.clone();
    let full = move || format!("{org}+{}", form.name.get().trim());
    let choices = [None, Some(Role::Read), Some(Role::Write), Some(Role::Admin)]
        .into_iter()
        .map(|role| {
            let value = role.map_or("none", Role::as_str);
            view! {
                <label class="radio">
                    <input type="radio" name="robot-default-role" value=value data-testid=format!("default-{value}")
                        prop:checked=move || form.default_role.get() == role
                        on:change=move |_| form.default_role.set(role) />
                    {role_label(role)}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="robot-form" novalidate=true data-testid="default-step" on:submit=|ev| ev.prevent_default()>
            <fieldset class="metadata">
                <legend>{t("robots.wiz_default_legend")}</legend>
                <p class="hint muted">{move || tf("robots.wiz_default_intro", &[("name", &full()), ("org", &ctx.owner.namespace)])}</p>
                {choices}
            </fieldset>
            <StepBar step=Step::Default skip=Callback::new(move |()| form.default_role.set(None))/>
        </form>
    }
    .into_any()
}

/// Step 4: what will be sent, each part with a way back to its step, and the one button that
/// sends.
#[component]
pub(super) fn ReviewStep() -> impl IntoView {
    let (Some(ctx), Some(form)) = (use_ctx(), use_form()) else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let is_user = ctx.owner.is_user;
    let full = {
        let ns = ctx.owner.namespace.clone();
        move || format!("{ns}+{}", form.name.get().trim())
    };
    let submit = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.first_step_ok() {
                go_step(&ctx, Step::Name);
                return;
            }
            run::send(&ctx, form, client.clone(), toasts);
        }
    };
    let edit = move |step: Step| {
        let ctx = ctx.clone();
        view! {
            <button type="button" class="btn btn-small" data-testid=format!("wiz-edit-{}", step.number())
                aria-label=tf("robots.wiz_edit", &[("step", step_label(step))])
                on:click=move |_| go_step(&ctx, step)>{t("robots.wiz_change")}</button>
        }
    };
    let grants = move || {
        let list = form.grants.get();
        if list.is_empty() {
            return view! { <span class="muted">{t("robots.wiz_none_skipped")}</span> }.into_any();
        }
        view! {
            <ul class="plain" data-testid="review-grants">
                {list.into_iter().map(|g| view! {
                    <li data-repo=g.repo.clone()>{tf("robots.wiz_grant", &[("repo", &g.repo), ("role", role_label(Some(g.role)))])}</li>
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let description = move || {
        let d = form.description.get();
        if d.trim().is_empty() {
            t("robots.no_description").to_owned()
        } else {
            d
        }
    };
    let metadata_count = move || form.rows.with(Vec::len);
    view! {
        <form class="robot-form" on:submit=submit novalidate=true data-testid="review-step">
            <dl class="kv wizard-review">
                <dt>{t("robots.name")}</dt>
                <dd data-testid="review-name">{full}" "{edit(Step::Name)}</dd>
                <dt>{t("robots.description")}</dt>
                <dd data-testid="review-description">{description}</dd>
                <dt>{t("robots.metadata")}</dt>
                <dd>{move || tf("robots.wiz_metadata_count", &[("n", &metadata_count().to_string())])}</dd>
                <dt>{t("robots.wiz_step_repos")}</dt>
                <dd>{grants}" "{edit(Step::Permissions)}</dd>
                {(!is_user).then(|| view! {
                    <dt>{t("robots.wiz_step_default")}</dt>
                    <dd data-testid="review-default">
                        {move || match form.default_role.get() {
                            Some(role) => tf("robots.wiz_default_is", &[("role", role_label(Some(role)))]),
                            None => t("robots.wiz_none_skipped").to_owned(),
                        }}
                        " "{edit(Step::Default)}
                    </dd>
                })}
            </dl>
            <p class="hint muted">{t("robots.wiz_nothing_sent")}</p>
            <p class="muted" role="status" data-testid="create-checking" hidden=move || !form.checking.get()>
                {t("write.checking")}
            </p>
            <p class="field-error" role="alert" data-testid="create-error" hidden=move || form.server_error.with(Option::is_none)>
                {move || form.server_error.get().unwrap_or_default()}
            </p>
            <div class="actions wizard-bar">
                <button type="button" class="btn" data-testid="wiz-back"
                    on:click={ let ctx = use_ctx(); move |_| if let Some(ctx) = &ctx {
                        if let Some(prev) = Step::Review.prev(is_user) { go_step(ctx, prev) }
                    }}>{t("robots.wiz_back")}</button>
                <span class="grow"></span>
                <button type="submit" class="btn btn-primary" data-testid="create-submit" prop:disabled=move || form.busy.get()>
                    {move || if form.busy.get() { t("common.working") } else { t("common.create") }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
