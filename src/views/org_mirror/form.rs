//! The organization mirror form: a new mirror (`POST`, everything) or the stored one (`PUT`, only
//! what changed; the source type cannot change). Checked with Quay's rules before sending
//! (`model::org_mirror::form`); Quay's refusal is shown on the form, which keeps what was typed.
//!
//! The robots of the organization are read when the form opens (1 bearer call), to pick from.
//! What is typed is kept for the tab (`views::drafts`, without the user name and password), so a
//! 401 mid-form and a new sign-in open it again. The submit button cannot send twice (`busy` is
//! checked before anything is sent).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{unplaced, CheckField, TextField};
use super::DRAFT;
use crate::api;
use crate::components::error_view::describe;
use crate::components::use_toasts;
use crate::i18n::t;
use crate::model::error::ErrorKind;
use crate::model::mirrors::time::format_iso;
use crate::model::org_mirror::form::{Form, FormProblem};
use crate::model::org_mirror::OrgMirrorConfig;
use crate::model::robots::Owner;
use crate::reactive::{effect, resource};
use crate::views::{drafts, use_client};

use FormProblem as P;

/// Unix seconds now, from the browser's clock.
#[allow(clippy::cast_possible_truncation)]
fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Moves the focus to the first field marked invalid, once the marks are painted.
fn focus_first_invalid() {
    request_animation_frame(|| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(".orgmirror-form [aria-invalid=\"true\"]")
                    .ok()
                    .flatten()
            })
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
}

/// The form to open: the kept draft (credentials from the stored mirror), else the stored mirror,
/// else a new one starting in an hour (whole minutes).
fn initial(org: &str, base: Option<&OrgMirrorConfig>) -> (Form, bool) {
    let stored = base.map(Form::from_config);
    let fresh = || Form::new(&format_iso((now() / 60 + 60) * 60));
    match drafts::load::<Form>(DRAFT, org) {
        Some(mut draft) => {
            if let Some(s) = &stored {
                draft.username.clone_from(&s.username);
                draft.registry_type.clone_from(&s.registry_type);
            }
            (draft, true)
        }
        None => (stored.unwrap_or_else(fresh), false),
    }
}

#[component]
pub fn MirrorForm(
    org: String,
    base: Option<OrgMirrorConfig>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let (start, restored) = initial(&org, base.as_ref());
    if restored {
        toasts.success(t("draft.restored"));
    }
    let form = RwSignal::new(start);
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    provide_context(problems);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    // A create whose answer was lost may have happened: the next submit asks Quay first.
    let unsure = StoredValue::new(false);
    let editing = base.is_some();
    let robot_placeholder = format!("{org}+robot");
    let has_password = base
        .as_ref()
        .is_some_and(|b| b.has_external_registry_password);
    {
        // Kept only once something was typed (an untouched form leaves no draft behind).
        let (org, opened) = (org.clone(), form.get_untracked());
        effect(move || {
            // `try_*`: the form may be going away with the shell (a 401).
            match form.try_get() {
                Some(f) if f != opened || restored => drafts::save(DRAFT, &org, &f),
                _ => {}
            }
        });
    }
    let robots = resource({
        let (client, org) = (client.clone(), org.clone());
        move || {
            let (client, owner) = (
                client.clone(),
                Owner {
                    namespace: org.clone(),
                    is_user: false,
                },
            );
            async move { api::robots::list(&client, &owner).await }
        }
    });

    let submit = {
        let org = org.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            server_error.set(None);
            let current = form.get_untracked();
            let found = current.problems(&org);
            problems.set(found.clone());
            if !found.is_empty() {
                focus_first_invalid();
                return;
            }
            let (client, org, base) = (client.clone(), org.clone(), base.clone());
            busy.set(true);
            spawn_local(async move {
                if base.is_none() && unsure.try_get_value().unwrap_or(false) {
                    match api::org_mirror::get(&client, &org).await {
                        Ok(_) => {
                            busy.try_set(false);
                            unsure.try_set_value(false);
                            toasts.success(t("orgmirror.created_after_all"));
                            drafts::drop(DRAFT, &org);
                            on_saved.run(());
                            return;
                        }
                        Err(e) if e.kind == ErrorKind::NotFound => {}
                        Err(e) if e.kind == ErrorKind::Unauthorized => return,
                        Err(e) => {
                            busy.try_set(false);
                            server_error.try_set(Some(describe(&e)));
                            return;
                        }
                    }
                }
                let result = match &base {
                    None => match current.create_request(&org) {
                        Ok(body) => api::org_mirror::create(&client, &org, &body).await,
                        Err(p) => {
                            problems.try_set(p);
                            busy.try_set(false);
                            return;
                        }
                    },
                    Some(stored) => match current.update_body(&org, stored) {
                        Ok(body) if body.is_empty() => Ok(()),
                        Ok(body) => api::org_mirror::update(&client, &org, &body).await,
                        Err(p) => {
                            problems.try_set(p);
                            busy.try_set(false);
                            return;
                        }
                    },
                };
                // A 401 signs out: the shell and this form are going away (the draft stays).
                if result
                    .as_ref()
                    .is_err_and(|e| e.kind == ErrorKind::Unauthorized)
                {
                    return;
                }
                busy.try_set(false);
                match result {
                    Ok(()) => {
                        toasts.success(t(if base.is_some() {
                            "orgmirror.saved"
                        } else {
                            "orgmirror.created"
                        }));
                        drafts::drop(DRAFT, &org);
                        on_saved.run(());
                    }
                    Err(e) if e.write_may_have_happened() => {
                        unsure.try_set_value(base.is_none());
                        server_error.try_set(Some(describe(&e.for_write())));
                    }
                    Err(e) => {
                        server_error.try_set(Some(describe(&e)));
                    }
                }
            });
        }
    };

    let robot_bad = move || {
        problems
            .with(|l| {
                l.iter()
                    .any(|p| matches!(p, P::RobotMissing | P::RobotForeign))
            })
            .to_string()
    };
    let robot_choice = move || {
        match robots.get() {
        None => view! {
            <select id="orgmirror-robot" data-testid="orgmirror-robot" disabled=true>
                <option>{t("common.loading")}</option>
            </select>
        }.into_any(),
        Some(Ok(list)) if !list.is_empty() => {
            let current = form.with_untracked(|f| f.robot.clone());
            let mut names: Vec<String> = list.into_iter().map(|r| r.name).collect();
            if !current.is_empty() && !names.contains(&current) {
                names.push(current);
            }
            view! {
                <select id="orgmirror-robot" data-testid="orgmirror-robot" aria-describedby="orgmirror-robot-error" aria-invalid=robot_bad
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.robot = v); }>
                    <option value="" selected=move || form.with(|f| f.robot.is_empty())>{t("orgmirror.robot_choose")}</option>
                    {names.into_iter().map(|n| {
                        let (value, label) = (n.clone(), n.clone());
                        view! { <option value=n selected=move || form.with(|f| f.robot == value)>{label}</option> }
                    }).collect_view()}
                </select>
            }.into_any()
        }
        // No robots, or the list failed: the name can still be typed.
        other => view! {
            <input id="orgmirror-robot" type="text" data-testid="orgmirror-robot" autocomplete="off"
                spellcheck="false" placeholder=robot_placeholder.clone()
                aria-describedby="orgmirror-robot-error" aria-invalid=robot_bad
                prop:value=move || form.with(|f| f.robot.clone())
                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.robot = v); }/>
            <span class="hint" data-testid="orgmirror-robots-note">{match other {
                Some(Err(e)) => describe(&e),
                _ => t("orgmirror.robot_none").to_owned(),
            }}</span>
        }.into_any(),
    }
    };
    let robot_error = move || {
        problems.with(|l| {
            l.iter()
                .find(|p| matches!(p, P::RobotMissing | P::RobotForeign))
                .map(|p| t(p.key()))
        })
    };
    let type_error = move || {
        problems
            .with(|l| l.contains(&P::RegistryType))
            .then(|| t(P::RegistryType.key()))
    };
    let visibility_error = move || {
        problems
            .with(|l| l.contains(&P::Visibility))
            .then(|| t(P::Visibility.key()))
    };
    let filter_error = move || {
        problems
            .with(|l| l.contains(&P::Filter))
            .then(|| t(P::Filter.key()))
    };
    let other_problems = move || {
        problems.with(|l| {
            unplaced(l)
                .into_iter()
                .map(|p| t(p.key()))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let title = t(if editing {
        "orgmirror.edit_title"
    } else {
        "orgmirror.create_title"
    });
    let radio = move |value: &'static str, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="orgmirror-type" value=value data-testid=format!("orgmirror-type-{value}")
                    prop:checked=move || form.with(|f| f.registry_type == value) disabled=editing
                    on:change=move |_| form.update(|f| f.registry_type = value.to_owned())/>
                " " {t(label)}
            </label>
        }
    };
    view! {
        <form class="orgmirror-form card" novalidate=true on:submit=submit data-testid="orgmirror-form">
            <h2>{title}</h2>
            <fieldset>
                <legend>{t("orgmirror.field_type")}</legend>
                {radio("quay", "orgmirror.type_quay")}
                {radio("harbor", "orgmirror.type_harbor")}
                <span class="invalid">{type_error}</span>
            </fieldset>
            <TextField form id="orgmirror-url" label="orgmirror.field_url" required=true
                placeholder="https://quay.example.com" hint="orgmirror.url_hint"
                get=|f| f.url.clone() set=|f, v| f.url = v of=&[P::UrlMissing, P::UrlScheme, P::UrlInvalid]/>
            <TextField form id="orgmirror-namespace" label="orgmirror.field_namespace" required=true
                hint="orgmirror.namespace_hint"
                get=|f| f.namespace.clone() set=|f, v| f.namespace = v of=&[P::NamespaceMissing, P::NamespaceTooLong]/>
            <div class="field">
                <label for="orgmirror-robot">{t("orgmirror.field_robot")}" *"</label>
                {robot_choice}
                <span class="invalid" id="orgmirror-robot-error" data-testid="orgmirror-robot-problem">{robot_error}</span>
            </div>
            <div class="field">
                <label for="orgmirror-visibility">{t("orgmirror.field_visibility")}</label>
                <select id="orgmirror-visibility" data-testid="orgmirror-visibility"
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.visibility = v); }>
                    <option value="private" selected=move || form.with(|f| f.visibility == "private")>{t("orgmirror.private")}</option>
                    <option value="public" selected=move || form.with(|f| f.visibility == "public")>{t("orgmirror.public")}</option>
                </select>
                <span class="invalid">{visibility_error}</span>
            </div>
            <TextField form id="orgmirror-interval" label="orgmirror.field_interval" kind="number" required=true
                hint="orgmirror.interval_hint" get=|f| f.interval.clone() set=|f, v| f.interval = v of=&[P::Interval]/>
            <TextField form id="orgmirror-start" label="orgmirror.field_start" required=true
                placeholder="2030-01-01T00:00:00Z" hint="orgmirror.start_hint"
                get=|f| f.start_date.clone() set=|f, v| f.start_date = v of=&[P::StartDate]/>
            <div class="field">
                <label for="orgmirror-filters">{t("orgmirror.field_filters")}</label>
                <textarea id="orgmirror-filters" data-testid="orgmirror-filters" rows="3" spellcheck="false"
                    aria-describedby="orgmirror-filters-hint" aria-invalid=move || filter_error().is_some().to_string() prop:value=move || form.with(|f| f.filters.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.filters = v); }></textarea>
                <span class="hint" id="orgmirror-filters-hint">{t("orgmirror.filters_hint")}</span>
                <span class="invalid" data-testid="orgmirror-filters-problem">{filter_error}</span>
            </div>
            <CheckField form id="orgmirror-enabled" label="orgmirror.field_enabled" get=|f| f.enabled set=|f, v| f.enabled = v/>
            <fieldset>
                <legend>{t("orgmirror.credentials")}</legend>
                <TextField form id="orgmirror-username" label="orgmirror.field_username"
                    get=|f| f.username.clone() set=|f, v| f.username = v/>
                <div class="field">
                    <label for="orgmirror-password">{t("orgmirror.field_password")}</label>
                    <input id="orgmirror-password" type="password" data-testid="orgmirror-password" autocomplete="new-password"
                        prop:value=move || form.with(|f| f.password.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.password = v); }/>
                    {has_password.then(|| view! { <span class="hint">{t("orgmirror.password_kept")}</span> })}
                </div>
                {editing.then(|| view! {
                    <CheckField form id="orgmirror-clear-credentials" label="orgmirror.field_clear_credentials"
                        get=|f| f.clear_credentials set=|f, v| f.clear_credentials = v/>
                })}
            </fieldset>
            <fieldset>
                <legend>{t("orgmirror.connection")}</legend>
                <CheckField form id="orgmirror-verify-tls" label="orgmirror.field_verify_tls" get=|f| f.verify_tls set=|f, v| f.verify_tls = v/>
                <TextField form id="orgmirror-http-proxy" label="orgmirror.field_http_proxy"
                    get=|f| f.http_proxy.clone() set=|f, v| f.http_proxy = v/>
                <TextField form id="orgmirror-https-proxy" label="orgmirror.field_https_proxy"
                    get=|f| f.https_proxy.clone() set=|f, v| f.https_proxy = v/>
                <TextField form id="orgmirror-no-proxy" label="orgmirror.field_no_proxy"
                    get=|f| f.no_proxy.clone() set=|f, v| f.no_proxy = v/>
                <TextField form id="orgmirror-timeout" label="orgmirror.field_timeout" kind="number"
                    hint="orgmirror.timeout_hint" get=|f| f.timeout.clone() set=|f, v| f.timeout = v of=&[P::Timeout]/>
            </fieldset>
            <p class="field-error" data-testid="orgmirror-problems" hidden=move || problems.with(Vec::is_empty)>
                {t("orgmirror.fix_problems")}" "{other_problems}
            </p>
            <p class="field-error" role="alert" data-testid="orgmirror-form-error" hidden=move || server_error.with(Option::is_none)>
                {move || server_error.get().unwrap_or_default()}
            </p>
            <div class="actions">
                <button type="button" class="btn" data-testid="orgmirror-form-cancel"
                    on:click=move |_| on_cancel.run(())>{t("common.cancel")}</button>
                <button type="submit" class="btn btn-primary" data-testid="orgmirror-save" prop:disabled=move || busy.get()>
                    {move || if busy.get() { t("common.working") } else if editing { t("common.save") } else { t("orgmirror.create") }}
                </button>
            </div>
        </form>
    }
}
