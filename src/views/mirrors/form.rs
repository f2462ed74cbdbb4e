//! The mirror form, for a new mirror (`POST`) or an existing one (`PUT` of what changed). Checked
//! with Quay's rules before sending; Quay's own refusal (400, 409) is shown on the form, whose input
//! stays as typed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::fields::{ArchitectureField, CheckField, IntervalField, TagList, TextField};
use super::robot::RobotPicker;
use super::time::{from_local_input, now, to_local_input, zone};
use super::words;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ToastKind};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::mirrors::draft::{proxy_followup, Field, MirrorDraft};
use crate::model::mirrors::MirrorConfig;
use crate::reactive::{effect, memo};
use crate::views::drafts::Draft;
use crate::views::{use_client, use_user};

/// Focuses the first invalid input once the problems are on screen.
fn focus_first_invalid() {
    request_animation_frame(|| {
        let first = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector("form.mirror-form [aria-invalid='true']")
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = first {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn MirrorForm(
    ns: String,
    repo: String,
    /// The config being edited; `None` to create one.
    base: Option<MirrorConfig>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let is_user = use_user().with_untracked(|u| u.as_ref().is_some_and(|u| u.username == ns));
    let editing = base.is_some();
    let had_credentials = base
        .as_ref()
        .is_some_and(|b| b.external_registry_username.is_some());
    let initial = base
        .as_ref()
        .map_or_else(|| MirrorDraft::new(now()), MirrorDraft::from_config);
    // What was typed (never the password), kept for the tab: back after a new sign-in.
    let kept = Draft::new(
        if editing {
            "mirror-edit"
        } else {
            "mirror-create"
        },
        &format!("{ns}/{repo}"),
    );
    let draft = RwSignal::new(kept.restore().unwrap_or_else(|| initial.clone()));
    effect(move || {
        draft.with(|d| {
            if *d == initial {
                kept.drop();
            } else {
                kept.save(d);
            }
        });
    });
    let known = RwSignal::new(None::<Vec<String>>);
    let attempted = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(base);
    let target = StoredValue::new((ns.clone(), repo.clone()));

    let problems = memo(move || {
        if !attempted.get() {
            return Vec::new();
        }
        let ns = target.with_value(|(ns, _)| ns.clone());
        draft.with(|d| known.with(|k| d.validate(&ns, k.as_deref())))
    });
    let err = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| {
                p.iter()
                    .find(|i| i.field == field)
                    .map(|i| words::problem(&i.problem))
            })
        })
    };
    let text = move |get: fn(&MirrorDraft) -> String| Signal::derive(move || draft.with(get));
    let set = move |put: fn(&mut MirrorDraft, String)| {
        Callback::new(move |v: String| draft.update(|d| put(d, v)))
    };
    let flag = move |get: fn(&MirrorDraft) -> bool| Signal::derive(move || draft.with(get));
    let set_flag = move |put: fn(&mut MirrorDraft, bool)| {
        Callback::new(move |v: bool| draft.update(|d| put(d, v)))
    };

    let finish = move |result: Result<(), ApiError>| {
        busy.try_set(false);
        match result {
            Ok(()) => {
                kept.drop();
                let (ns, repo) = target.get_value();
                let key = if editing {
                    "mirrors.saved"
                } else {
                    "mirrors.created"
                };
                toasts.success(tf(key, &[("repo", &format!("{ns}/{repo}"))]));
                on_saved.run(());
            }
            Err(e) => {
                server_error.try_set(Some(e));
            }
        }
    };

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        attempted.set(true);
        server_error.set(None);
        let (ns, repo) = target.get_value();
        let d = draft.get_untracked();
        let robots = known.get_untracked();
        let client = client.clone();
        match base.get_value() {
            None => match d.create_body(&ns, robots.as_deref()) {
                Err(_) => focus_first_invalid(),
                Ok(body) => {
                    busy.set(true);
                    spawn_local(async move {
                        let r = api::mirrors::create(&client, &ns, &repo, &body).await;
                        if crate::views::flight::signed_out(&r) {
                            return;
                        }
                        finish(r.map(|_| ()));
                    });
                }
            },
            Some(old) => match d.update_body(&old, &ns, robots.as_deref()) {
                Err(_) => focus_first_invalid(),
                Ok(changes) if changes.is_empty() => {
                    toasts.push(ToastKind::Info, t("mirrors.nothing_changed"));
                }
                Ok(changes) => {
                    let followup = proxy_followup(&old, &changes);
                    let body = Value::Object(changes);
                    busy.set(true);
                    spawn_local(async move {
                        let mut r = api::mirrors::update(&client, &ns, &repo, &body).await;
                        if crate::views::flight::signed_out(&r) {
                            return;
                        }
                        if let (Ok(_), Some(second)) = (&r, followup) {
                            r = api::mirrors::update(&client, &ns, &repo, &second).await;
                        }
                        finish(r.map(|_| ()));
                    });
                }
            },
        }
    };

    let discard = move |_| {
        if let Some(old) = base.get_value() {
            draft.set(MirrorDraft::from_config(&old));
            attempted.set(false);
            server_error.set(None);
        }
    };
    let start_hint = tf("mirrors.form.start_hint", &[("zone", &zone())]);
    let password_hint = if had_credentials {
        t("mirrors.form.password_keep")
    } else {
        t("mirrors.form.password_hint")
    };
    let submit_label = if editing {
        t("mirrors.form.save")
    } else {
        t("mirrors.form.create")
    };
    view! {
        <form class="mirror-form" data-testid="mirror-form" novalidate=true on:submit=submit>
            <fieldset>
                <legend>{t("mirrors.form.source")}</legend>
                <TextField label=t("mirrors.form.reference") testid="mirror-reference"
                    value=text(|d| d.external_reference.clone()) on_input=set(|d, v| d.external_reference = v)
                    error=err(Field::ExternalReference) placeholder="quay.io/namespace/repository"
                    hint=t("mirrors.form.reference_hint") />
                <TagList tags=Signal::derive(move || draft.with(|d| d.tags.clone()))
                    pending=text(|d| d.tag_input.clone())
                    on_pending=set(|d, v| d.tag_input = v)
                    on_change=Callback::new(move |tags| draft.update(|d| d.tags = tags))
                    error=err(Field::Tags) />
                <ArchitectureField chosen=Signal::derive(move || draft.with(|d| d.architectures.clone()))
                    on_change=Callback::new(move |a| draft.update(|d| d.architectures = a)) />
            </fieldset>
            <fieldset>
                <legend>{t("mirrors.form.schedule")}</legend>
                <IntervalField value=text(|d| d.interval_value.clone())
                    unit=Signal::derive(move || draft.with(|d| d.interval_unit))
                    on_value=set(|d, v| d.interval_value = v)
                    on_unit=Callback::new(move |u| draft.update(|d| d.interval_unit = u))
                    error=err(Field::Interval) />
                <TextField label=if editing { t("mirrors.form.next_sync") } else { t("mirrors.form.start") }
                    testid="mirror-start" kind="datetime-local"
                    value=Signal::derive(move || draft.with(|d| d.start.map(to_local_input).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.start = from_local_input(&v)))
                    error=err(Field::Start) hint=start_hint />
                {(!editing).then(|| view! {
                    <CheckField label=t("mirrors.form.enabled") testid="mirror-enabled"
                        checked=flag(|d| d.is_enabled) on_change=set_flag(|d, v| d.is_enabled = v)
                        hint=t("mirrors.form.enabled_hint") />
                })}
            </fieldset>
            <fieldset>
                <legend>{t("mirrors.form.access")}</legend>
                <RobotPicker ns=ns.clone() is_user=is_user value=text(|d| d.robot.clone())
                    on_input=set(|d, v| d.robot = v) error=err(Field::Robot) known=known />
                <TextField label=t("mirrors.form.username") testid="mirror-username" autocomplete="off"
                    value=text(|d| d.username.clone()) on_input=set(|d, v| d.username = v)
                    error=err(Field::Username) />
                <TextField label=t("mirrors.form.password") testid="mirror-password" kind="password"
                    autocomplete="new-password" value=text(|d| d.password.clone())
                    on_input=set(|d, v| d.password = v) error=err(Field::Password) hint=password_hint />
                {had_credentials.then(|| view! {
                    <CheckField label=t("mirrors.form.clear_credentials") testid="mirror-clear-credentials"
                        checked=flag(|d| d.clear_credentials) on_change=set_flag(|d, v| d.clear_credentials = v) />
                })}
            </fieldset>
            <fieldset>
                <legend>{t("mirrors.form.advanced")}</legend>
                <TextField label=t("mirrors.form.timeout") testid="mirror-timeout" kind="number"
                    value=text(|d| d.skopeo_timeout.clone()) on_input=set(|d, v| d.skopeo_timeout = v)
                    error=err(Field::SkopeoTimeout) hint=t("mirrors.form.timeout_hint") />
                <CheckField label=t("mirrors.form.verify_tls") testid="mirror-verify-tls"
                    checked=flag(|d| d.verify_tls) on_change=set_flag(|d, v| d.verify_tls = v) />
                <CheckField label=t("mirrors.form.unsigned") testid="mirror-unsigned"
                    checked=flag(|d| d.unsigned_images) on_change=set_flag(|d, v| d.unsigned_images = v) />
                <TextField label=t("mirrors.form.http_proxy") testid="mirror-http-proxy"
                    value=text(|d| d.http_proxy.clone()) on_input=set(|d, v| d.http_proxy = v)
                    error=err(Field::Proxy) placeholder="http://proxy.example.com:3128" />
                <TextField label=t("mirrors.form.https_proxy") testid="mirror-https-proxy"
                    value=text(|d| d.https_proxy.clone()) on_input=set(|d, v| d.https_proxy = v)
                    placeholder="http://proxy.example.com:3128" />
                <TextField label=t("mirrors.form.no_proxy") testid="mirror-no-proxy"
                    value=text(|d| d.no_proxy.clone()) on_input=set(|d, v| d.no_proxy = v)
                    placeholder=".example.com,10.0.0.0/8" />
            </fieldset>
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <p class="field-error" role="alert" data-testid="mirror-form-problems">
                    {tf("mirrors.form.problems", &[("count", &problems.with(Vec::len).to_string())])}
                </p>
            })}
            {move || server_error.get().map(|e| view! {
                <div class="notice notice-error" role="alert" data-testid="mirror-form-error">
                    <strong>{if editing { t("mirrors.form.save_failed") } else { t("mirrors.form.create_failed") }}</strong>
                    " "
                    <span>{describe(&e)}</span>
                </div>
            })}
            <div class="actions">
                {editing.then(|| view! {
                    <button type="button" class="btn" data-testid="mirror-discard" on:click=discard
                        prop:disabled=move || busy.get()>{t("mirrors.form.discard")}</button>
                })}
                <button type="submit" class="btn btn-primary" data-testid="mirror-submit" prop:disabled=move || busy.get()>
                    {move || if busy.get() { t("common.working") } else { submit_label }}
                </button>
            </div>
        </form>
    }
}
