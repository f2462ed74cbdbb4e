//! The "add a default permission" dialog: delegate kind (user, robot or team) and name, role, and
//! optionally the activating user. Checked before sending (`model::prototypes::validate`); when
//! Quay refuses, its message shows on the form and what was typed stays.

use leptos::prelude::*;

use super::prototypes::{kind_key, role_key};
use crate::api::ApiError;
use crate::components::error_view::describe;
use crate::components::Dialog;
use crate::i18n::{t, tf};
use crate::model::prototypes::{validate, DelegateKind, PrototypeForm};
use crate::model::robots::Role;
use crate::reactive::{effect, memo};
use crate::views::drafts::Draft;

/// The dialog's draft (kind, name, role, activating user), per organization; dropped by the page
/// once Quay has the new default permission.
#[must_use]
pub fn draft(org: &str) -> Draft {
    Draft::new("proto-form", org)
}

#[component]
pub fn PrototypeFormDialog(
    org: String,
    open: RwSignal<bool>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    on_submit: Callback<PrototypeForm>,
    on_close: Callback<()>,
) -> impl IntoView {
    let kind = RwSignal::new(DelegateKind::User.as_str().to_owned());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Read.as_str().to_owned());
    let activating = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    // What was typed, kept for the tab: the dialog opens again with it after a new sign-in.
    let kept = draft(&org);
    if kept.restore::<(String, String, String, String)>().is_some() {
        open.set(true);
    }
    // A new dialog starts empty (or from its draft); a refused one keeps its input (it stays open).
    effect(move || {
        if open.get() {
            let (k, n, r, a) = kept.load().unwrap_or_else(|| {
                let (user, read) = (DelegateKind::User.as_str(), Role::Read.as_str());
                (
                    user.to_owned(),
                    String::new(),
                    read.to_owned(),
                    String::new(),
                )
            });
            kind.set(k);
            name.set(n);
            role.set(r);
            activating.set(a);
            tried.set(false);
            error.set(None);
        }
    });
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        let fields = (
            kind.get_untracked(),
            name.get_untracked(),
            role.get_untracked(),
            activating.get_untracked(),
        );
        kept.save(&fields);
    };
    let on_close = Callback::new(move |()| {
        kept.drop();
        on_close.run(());
    });
    let form = move || PrototypeForm {
        kind: kind.get(),
        name: name.get(),
        role: role.get(),
        activating_user: activating.get(),
    };
    let org = StoredValue::new(org);
    let problem = memo(move || {
        if tried.get() {
            validate(&org.get_value(), &form()).err().map(|p| p.key())
        } else {
            None
        }
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let current = form();
        if validate(&org.get_value(), &current).is_ok() && !busy.get_untracked() {
            on_submit.run(current);
        }
    };
    let name_hint = move || {
        if kind.get() == DelegateKind::Robot.as_str() {
            tf("proto.robot_hint", &[("org", &org.get_value())])
        } else {
            String::new()
        }
    };
    view! {
        <Dialog open=open title=Signal::derive(|| t("proto.create_title").to_owned()) on_close=on_close
            testid="proto-create-dialog">
            <form class="proto-form" novalidate=true on:submit=submit
                on:input=move |_| save_draft() on:change=move |_| save_draft()>
                <fieldset class="field">
                    <legend>{t("proto.field_kind")}</legend>
                    {DelegateKind::ALL.into_iter().map(|k| view! {
                        <label class="choice">
                            <input type="radio" name="proto-kind" value=k.as_str()
                                data-testid=format!("proto-kind-{}", k.as_str())
                                prop:checked=move || kind.get() == k.as_str()
                                on:change=move |_| kind.set(k.as_str().to_owned())/>
                            " "{t(kind_key(k))}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="field">
                    <span>{t("proto.field_name")}" *"</span>
                    <input type="text" data-testid="proto-name" autocomplete="off" required=true
                        aria-invalid=move || problem.get().is_some().then_some("true")
                        aria-describedby="proto-problem"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                    <span class="hint">{name_hint}</span>
                </label>
                <label class="field">
                    <span>{t("proto.field_role")}</span>
                    <select data-testid="proto-new-role" prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str()>{t(role_key(r))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("proto.field_activating")}</span>
                    <input type="text" data-testid="proto-activating-user" autocomplete="off"
                        placeholder=t("proto.anyone")
                        prop:value=move || activating.get()
                        on:input=move |ev| activating.set(event_target_value(&ev))/>
                    <span class="hint">{t("proto.activating_hint")}</span>
                </label>
                <p class="invalid" id="proto-problem" data-testid="proto-problem">{move || problem.get().map(t)}</p>
                {move || error.get().map(|e| view! {
                    <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p>
                })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="proto-save" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else { t("common.create") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
