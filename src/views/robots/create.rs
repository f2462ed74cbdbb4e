//! Create a robot account: short name (checked with Quay's rule before sending), description and
//! optional unstructured metadata (key/value rows). Quay's refusals are shown on the form, which
//! keeps everything that was typed.
//!
//! What is typed is kept as a draft for the tab ([`crate::views::drafts`]): after a 401 and a new
//! sign-in the dialog opens again with it. A create whose answer never came (time-out, network,
//! cancel) or could not be read is not blindly resent: the next submit first asks Quay whether the
//! robot exists; an unreadable answer also re-reads the list.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::use_ctx;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, Dialog};
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::robots::{
    build_metadata, description_too_long, is_missing_robot, validate_short_name, CreateRobot,
    MetadataProblem, NameProblem, DESCRIPTION_MAX,
};
use crate::reactive::effect;
use crate::views::{drafts, use_client};

const DRAFT: &str = "robot-create";

#[derive(Default, Serialize, Deserialize)]
struct Draft {
    name: String,
    description: String,
    metadata: Vec<(String, String)>,
}

fn name_problem(problem: NameProblem) -> String {
    match problem {
        NameProblem::Empty => t("robots.name_empty").to_owned(),
        NameProblem::TooShort => t("robots.name_short").to_owned(),
        NameProblem::TooLong => t("robots.name_long").to_owned(),
        NameProblem::BadStart => t("robots.name_start").to_owned(),
        NameProblem::BadChar(c) => tf("robots.name_char", &[("char", &c.to_string())]),
    }
}

fn metadata_problem(problem: &MetadataProblem) -> String {
    match problem {
        MetadataProblem::EmptyKey(i) => {
            tf("robots.meta_empty_key", &[("row", &(i + 1).to_string())])
        }
        MetadataProblem::Duplicate(key) => tf("robots.meta_duplicate", &[("key", key)]),
    }
}

#[component]
pub(super) fn CreateDialog(
    open: RwSignal<bool>,
    #[prop(into)] on_created: Callback<String>,
) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    // (row id, key, value); ids keep the rows stable while others are removed.
    let rows = RwSignal::new(Vec::<(u32, RwSignal<String>, RwSignal<String>)>::new());
    let next_row = StoredValue::new(0_u32);
    let touched = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);

    let name_error = move || {
        let n = name.get();
        (touched.get() || !n.is_empty())
            .then(|| validate_short_name(&n).err().map(name_problem))
            .flatten()
    };
    let description_error = move || {
        description_too_long(&description.get()).then(|| {
            tf(
                "robots.description_long",
                &[("max", &DESCRIPTION_MAX.to_string())],
            )
        })
    };
    let metadata = move || {
        let pairs: Vec<(String, String)> =
            rows.with(|r| r.iter().map(|(_, k, v)| (k.get(), v.get())).collect());
        build_metadata(&pairs)
    };
    let add_row = move || {
        let id = next_row.get_value();
        next_row.set_value(id + 1);
        rows.update(|r| {
            r.push((
                id,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            ))
        });
    };
    // Unsure: the short name of a create that may have happened (see the module docs).
    let unsure = StoredValue::new(None::<String>);
    let scope = ctx.owner.full_name("");
    if let Some(draft) = drafts::load::<Draft>(DRAFT, &scope) {
        name.set(draft.name);
        description.set(draft.description);
        for (k, v) in draft.metadata {
            add_row();
            rows.update(|r| {
                if let Some((_, key, value)) = r.last() {
                    key.set(k);
                    value.set(v);
                }
            });
        }
        open.set(true);
        toasts.success(t("draft.restored"));
    }
    {
        let scope = scope.clone();
        effect(move || {
            // `try_*`: the dialog may be going away with the shell (a 401).
            let draft = Draft {
                name: name.try_get().unwrap_or_default(),
                description: description.try_get().unwrap_or_default(),
                metadata: rows
                    .try_with(|r| {
                        r.iter()
                            .map(|(_, k, v)| {
                                (
                                    k.try_get().unwrap_or_default(),
                                    v.try_get().unwrap_or_default(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            let empty =
                draft.name.is_empty() && draft.description.is_empty() && draft.metadata.is_empty();
            if open.try_get().unwrap_or(false) && !empty {
                drafts::save(DRAFT, &scope, &draft);
            }
        });
    }
    let close = {
        let scope = scope.clone();
        Callback::new(move |()| {
            open.set(false);
            server_error.set(None);
            drafts::drop(DRAFT, &scope);
        })
    };
    let owner = ctx.owner.clone();
    let refresh_ctx = ctx.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        server_error.set(None);
        let short = name.get_untracked().trim().to_owned();
        if validate_short_name(&short).is_err()
            || description_error().is_some()
            || busy.get_untracked()
        {
            return;
        }
        let Ok(unstructured_metadata) = metadata() else {
            return;
        };
        let body = CreateRobot {
            description: description.get_untracked(),
            unstructured_metadata,
        };
        let (client, owner, scope, ctx) = (
            client.clone(),
            owner.clone(),
            scope.clone(),
            refresh_ctx.clone(),
        );
        busy.set(true);
        spawn_local(async move {
            let done = move |created: String, after_all: bool| {
                let key = if after_all {
                    "robots.created_after_all"
                } else {
                    "robots.created"
                };
                toasts.success(tf(key, &[("name", &created)]));
                name.try_set(String::new());
                description.try_set(String::new());
                rows.try_set(Vec::new());
                touched.try_set(false);
                drafts::drop(DRAFT, &scope);
                unsure.try_update_value(|v| *v = None);
            };
            // The last try of this name got no readable answer: did it happen?
            if unsure.get_value().as_deref() == Some(short.as_str()) {
                checking.try_set(true);
                let found = api::robots::get(&client, &owner, &short).await;
                if found
                    .as_ref()
                    .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
                {
                    return;
                }
                checking.try_set(false);
                match found {
                    Ok(robot) => {
                        busy.try_set(false);
                        done(robot.name, true);
                        on_created.run(short);
                        return;
                    }
                    Err(e) if is_missing_robot(&e) || e.kind == ErrorKind::NotFound => {}
                    Err(e) => {
                        busy.try_set(false);
                        server_error.try_set(Some(describe(&e)));
                        return;
                    }
                }
            }
            let result = api::robots::create(&client, &owner, &short, &body).await;
            // A 401 signs out: the shell (and this form's signals) is going away, and a
            // signal written now would wake views that are disposed before they run.
            if result
                .as_ref()
                .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
            {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(robot) => {
                    done(robot.name, false);
                    on_created.run(short);
                }
                Err(e) if e.write_may_have_happened() => {
                    unsure.try_update_value(|v| *v = Some(short));
                    if e.kind == ErrorKind::Decode {
                        ctx.refresh();
                    }
                    server_error.try_set(Some(describe(&e.for_write())));
                }
                Err(e) => {
                    server_error.try_set(Some(describe(&e)));
                }
            }
        });
    };
    let prefix = format!("{}+", ctx.owner.namespace);
    view! {
        <Dialog open=open title=t("robots.create_title").to_owned() on_close=close testid="create-dialog">
            <form class="robot-form" on:submit=submit.clone() novalidate=true data-testid="create-form">
                <div class="field">
                    <label for="robot-create-name">{t("robots.name")}</label>
                    <div class="prefixed">
                        <span class="prefix muted" aria-hidden="true">{prefix.clone()}</span>
                        <input id="robot-create-name" type="text" autocomplete="off" spellcheck="false" data-testid="robot-name"
                            aria-describedby="robot-create-name-hint robot-create-name-error"
                            aria-invalid=move || name_error().is_some().to_string()
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                            on:blur=move |_| touched.set(true) />
                    </div>
                    <span class="hint" id="robot-create-name-hint">{t("robots.name_hint")}</span>
                    <span class="invalid" id="robot-create-name-error" data-testid="name-error">{name_error}</span>
                </div>
                <div class="field">
                    <label for="robot-create-description">{t("robots.description")}</label>
                    <input id="robot-create-description" type="text" data-testid="robot-description"
                        aria-describedby="robot-create-description-hint robot-create-description-error"
                        aria-invalid=move || description_error().is_some().to_string()
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev)) />
                    <span class="hint" id="robot-create-description-hint">{move || tf("robots.description_count", &[("n", &description.with(|d| d.chars().count()).to_string()), ("max", &DESCRIPTION_MAX.to_string())])}</span>
                    <span class="invalid" id="robot-create-description-error">{description_error}</span>
                </div>
                <fieldset class="metadata">
                    <legend>{t("robots.metadata")}</legend>
                    <p class="hint muted">{t("robots.metadata_hint")}</p>
                    <For each=move || rows.get() key=|(id, _, _)| *id let:row>
                        {
                            let (id, key, value) = row;
                            view! {
                                <div class="meta-row" data-testid="meta-row">
                                    <input type="text" aria-label=t("robots.meta_key") placeholder=t("robots.meta_key")
                                        data-testid="meta-key" prop:value=move || key.get()
                                        on:input=move |ev| key.set(event_target_value(&ev)) />
                                    <input type="text" aria-label=t("robots.meta_value") placeholder=t("robots.meta_value")
                                        data-testid="meta-value" prop:value=move || value.get()
                                        on:input=move |ev| value.set(event_target_value(&ev)) />
                                    <button type="button" class="btn btn-small" aria-label=t("robots.meta_remove")
                                        on:click=move |_| rows.update(|r| r.retain(|(i, _, _)| *i != id))>"×"</button>
                                </div>
                            }
                        }
                    </For>
                    <button type="button" class="btn btn-small" data-testid="meta-add" on:click=move |_| add_row()>
                        {t("robots.meta_add")}
                    </button>
                    <p class="field-error" data-testid="meta-error" hidden=move || metadata().is_ok()>
                        {move || metadata().err().map(|p| metadata_problem(&p)).unwrap_or_default()}
                    </p>
                </fieldset>
                <p class="muted" role="status" data-testid="create-checking" hidden=move || !checking.get()>
                    {t("write.checking")}
                </p>
                <p class="field-error" role="alert" data-testid="create-error" hidden=move || server_error.with(Option::is_none)>
                    {move || server_error.get().unwrap_or_default()}
                </p>
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="create-submit" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else { t("common.create") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
    .into_any()
}
