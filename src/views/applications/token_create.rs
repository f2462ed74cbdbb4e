//! "Create app token": a title, then the token code shown once with copy and the
//! `docker login` / `podman login` lines that use it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::use_config;
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::components::{CopyButton, Dialog};
use crate::i18n::t;
use crate::model::applications::{login_command, registry_host, validate_title, AppToken};
use crate::model::robots::login_stdin_command;
use crate::reactive::effect;
use crate::views::drafts::Draft;
use crate::views::{use_client, use_user};

#[component]
pub fn TokenCreateDialog(
    open: RwSignal<bool>,
    on_close: Callback<()>,
    /// Told when a token was created (to reload the list).
    on_created: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let title = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<AppToken>);
    // The title typed (never the token), kept for the tab: the dialog opens again with it after a
    // new sign-in.
    let kept = Draft::new("apptoken-form", "user");
    if kept.restore::<String>().is_some() {
        open.set(true);
    }
    effect(move || {
        if open.get() {
            title.set(kept.load().unwrap_or_default());
            problem.set(None);
            error.set(None);
            created.set(None);
        }
    });
    // Closing forgets the code.
    let close = Callback::new(move |()| {
        kept.drop();
        created.set(None);
        on_close.run(());
    });
    let submit = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let body = match validate_title(&title.get_untracked()) {
            Ok(body) => body,
            Err(key) => {
                problem.set(Some(key));
                return;
            }
        };
        problem.set(None);
        error.set(None);
        if !crate::views::flight::claim(busy) {
            return;
        }
        let client = client.clone();
        spawn_local(async move {
            let result = api::applications::create_app_token(&client, &body).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(envelope) => {
                    kept.drop();
                    created.try_set(Some(envelope.token));
                    on_created.run(());
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    });
    let dialog_title = Signal::derive(move || {
        if created.with(Option::is_some) {
            t("applications.apptoken_created")
        } else {
            t("applications.apptoken_create")
        }
        .to_owned()
    });
    view! {
        <Dialog open=open title=dialog_title on_close=close testid="apptoken-create-dialog">
            {move || match created.get() {
                Some(token) => view! { <CreatedToken token=token on_done=close/> }.into_any(),
                None => view! {
                    <form novalidate=true on:submit=move |ev: web_sys::SubmitEvent| { ev.prevent_default(); submit.run(()); }
                        on:input=move |_| if !kept.gone() { kept.save(&title.get_untracked()) }>
                        <label class="field">
                            <span>{t("applications.col_title")}" *"</span>
                            <input type="text" data-testid="apptoken-title" autocomplete="off" required=true
                                aria-invalid=move || problem.get().is_some().then_some("true")
                                prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                            <span class="hint">{t("applications.apptoken_title_hint")}</span>
                            <span class="invalid" data-testid="apptoken-title-problem">{move || problem.get().map(t)}</span>
                        </label>
                        {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="form-error">{describe(&e)}</p> })}
                        <div class="actions">
                            <button type="button" class="btn" on:click=move |_| close.run(())>{t("common.cancel")}</button>
                            <button type="submit" class="btn btn-primary" data-testid="apptoken-save" prop:disabled=move || busy.get()>
                                {move || if busy.get() { t("common.working") } else { t("common.create") }}
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </Dialog>
    }
}

#[component]
fn CreatedToken(token: AppToken, on_done: Callback<()>) -> impl IntoView {
    let code = token.token_code.clone().unwrap_or_default();
    let config = use_config();
    let location_host = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default();
    let host = registry_host(&config.quay_url, &location_host);
    let user = use_user()
        .get_untracked()
        .map(|u| u.username)
        .unwrap_or_default();
    let lines: Vec<(&'static str, String)> = vec![
        ("docker", login_command("docker", &user, &code, &host)),
        ("podman", login_command("podman", &user, &code, &host)),
        // Keeps the token out of shell history: pasted at a silent prompt instead.
        ("docker-stdin", login_stdin_command("docker", &user, &host)),
        ("podman-stdin", login_stdin_command("podman", &user, &host)),
    ];
    view! {
        <p class="notice notice-warn">{t("applications.apptoken_once")}</p>
        <p><code class="secret" data-testid="apptoken-code">{code.clone()}</code></p>
        <p><CopyButton text=code label=t("applications.copy_token")/></p>
        {lines.into_iter().map(|(tool, line)| view! {
            <div class="login-line">
                <pre class="code" data-testid=format!("login-{tool}")>{line.clone()}</pre>
                <CopyButton text=line label=format!("{} ({tool})", t("applications.copy_login"))/>
            </div>
        }).collect_view()}
        <div class="actions">
            <button type="button" class="btn btn-primary" data-testid="apptoken-done"
                on:click=move |_| on_done.run(())>{t("applications.done")}</button>
        </div>
    }
}
