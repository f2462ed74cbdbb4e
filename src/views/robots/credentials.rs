//! A robot's credentials: the token (masked until revealed), ready-to-paste `docker login` and
//! `podman login`, a Kubernetes pull secret and a docker `config.json` (copy or download), and
//! token regeneration after a warning.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use super::detail::RobotGone;
use super::use_ctx;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, CopyButton};
use crate::i18n::{t, tf};
use crate::model::config::Config;
use crate::model::robots::{
    docker_config, docker_config_with_auth, is_missing_robot, kube_secret, kube_secret_with_data,
    login_command, login_stdin_command, mask, registry_host, secret_name, Robot,
};
use crate::views::use_client;

/// Saves `text` as a file through a Blob and an object URL.
fn download(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    if let Some(body) = document.body() {
        body.append_child(&anchor)?;
        anchor.click();
        body.remove_child(&anchor)?;
    } else {
        anchor.click();
    }
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(2),
    );
    Ok(())
}

/// The registry host for the commands: Quay's address from config.json, else this page's host.
fn host() -> String {
    let quay_url = use_context::<Arc<Config>>()
        .map(|c| c.quay_url.clone())
        .unwrap_or_default();
    let page_host = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default();
    registry_host(&quay_url, &page_host)
}

/// One credential snippet: what is shown (masked unless revealed), what is copied, optional download.
#[component]
fn Snippet(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] shown: Signal<String>,
    #[prop(into)] real: Signal<String>,
    #[prop(optional)] file: Option<(String, &'static str)>,
) -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <section class="snippet" data-testid=testid>
            <div class="snippet-head">
                <h3>{title}</h3>
                <CopyButton text=real label=tf("robots.copy_what", &[("what", title)])/>
                {file.map(|(name, mime)| {
                    let label = tf("robots.download_what", &[("what", &name)]);
                    view! {
                        <button type="button" class="btn btn-small" aria-label=label data-testid="download"
                            on:click=move |_| if download(&name, mime, &real.get_untracked()).is_err() {
                                toasts.error(t("robots.download_failed"));
                            }>{t("common.download")}</button>
                    }
                })}
            </div>
            <pre class="secret" data-testid="snippet-text">{move || shown.get()}</pre>
        </section>
    }
}

#[component]
pub(super) fn CredentialsTab(
    robot: Robot,
    /// The robot's current token, shared with the details panel so a regenerated token survives
    /// switching sections.
    token: RwSignal<String>,
    /// Shown once at the end of the creation wizard: no regeneration there.
    #[prop(optional)]
    once: bool,
) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let host = host();
    let username = robot.name.clone();
    let short = robot.short_name().to_owned();
    let revealed = RwSignal::new(false);
    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let gone = RwSignal::new(false);

    let shown_token = move || {
        if revealed.get() {
            token.get()
        } else {
            mask(&token.get())
        }
    };
    let shown_or_real = move |real: bool| {
        if real || revealed.get() {
            token.get()
        } else {
            mask(&token.get())
        }
    };
    let snippet = {
        let (username, host) = (username.clone(), host.clone());
        move |kind: &'static str, real: bool| {
            let (username, host) = (username.clone(), host.clone());
            Signal::derive(move || {
                let tok = shown_or_real(real);
                let plain = real || revealed.get();
                match kind {
                    "docker" => login_command("docker", &username, &tok, &host),
                    "podman" => login_command("podman", &username, &tok, &host),
                    "docker-stdin" => login_stdin_command("docker", &username, &host),
                    "podman-stdin" => login_stdin_command("podman", &username, &host),
                    // Masked files hide the whole encoded credential, not the base64 of a mask.
                    "kube" if plain => kube_secret(&username, &tok, &host),
                    "kube" => kube_secret_with_data(&username, &tok),
                    _ if plain => docker_config(&username, &tok, &host),
                    _ => docker_config_with_auth(&host, &tok),
                }
            })
        }
    };
    let regenerate = {
        let (owner, short, name) = (ctx.owner.clone(), short.clone(), username.clone());
        Callback::new(move |()| {
            let (client, owner, short, name) =
                (client.clone(), owner.clone(), short.clone(), name.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::robots::regenerate(&client, &owner, &short).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                confirm_open.try_set(false);
                match result {
                    Ok(robot) => {
                        token.try_set(robot.token.unwrap_or_default());
                        revealed.try_set(true);
                        toasts.success(tf("robots.regenerated", &[("name", &name)]));
                    }
                    Err(e) if is_missing_robot(&e) => {
                        gone.try_set(true);
                    }
                    Err(e) => {
                        toasts.error(tf("robots.regenerate_failed", &[("error", &describe(&e))]))
                    }
                }
            });
        })
    };
    if robot.token.is_none() && token.with_untracked(String::is_empty) {
        return view! { <p class="notice" data-testid="no-token">{t("robots.no_token")}</p> }
            .into_any();
    }
    let secret_file = format!("{}.yml", secret_name(&username));
    let config_file = "config.json".to_owned();
    let gone_name = username.clone();
    view! {
        {move || gone.get().then(|| view! { <RobotGone name=gone_name.clone()/> })}
        <section class="snippet token" data-testid="robot-token">
            <div class="snippet-head">
                <h3>{t("robots.token")}</h3>
                <button type="button" class="btn btn-small" data-testid="reveal-token" aria-pressed=move || revealed.get().to_string()
                    on:click=move |_| revealed.update(|r| *r = !*r)>
                    {move || if revealed.get() { t("common.hide") } else { t("common.reveal") }}
                </button>
                <CopyButton text=Signal::derive(move || token.get()) label=t("robots.copy_token").to_owned()/>
            </div>
            <pre class="secret" data-testid="token-text">{shown_token}</pre>
            <p class="hint muted">{tf("robots.username_is", &[("name", &username)])}</p>
        </section>
        <Snippet title=t("robots.docker_login") testid="docker-login" shown=snippet("docker", false) real=snippet("docker", true)/>
        <Snippet title=t("robots.podman_login") testid="podman-login" shown=snippet("podman", false) real=snippet("podman", true)/>
        <Snippet title=t("robots.docker_login_stdin") testid="docker-login-stdin" shown=snippet("docker-stdin", false) real=snippet("docker-stdin", true)/>
        <Snippet title=t("robots.podman_login_stdin") testid="podman-login-stdin" shown=snippet("podman-stdin", false) real=snippet("podman-stdin", true)/>
        <Snippet title=t("robots.kube_secret") testid="kube-secret" shown=snippet("kube", false) real=snippet("kube", true)
            file=(secret_file, "application/yaml")/>
        <p class="hint muted">{tf("robots.kube_hint", &[("name", &secret_name(&username))])}</p>
        <Snippet title=t("robots.docker_config") testid="docker-config" shown=snippet("config", false) real=snippet("config", true)
            file=(config_file, "application/json")/>
        {(!once).then(|| view! {
            <section class="regenerate">
                <button type="button" class="btn btn-danger" data-testid="regenerate" prop:disabled=move || busy.get()
                    on:click=move |_| confirm_open.set(true)>{t("robots.regenerate")}</button>
            </section>
        })}
        <ConfirmDialog open=confirm_open title=t("robots.regenerate_title").to_owned()
            message=tf("robots.regenerate_message", &[("name", &robot.name)]) confirm_label=t("robots.regenerate").to_owned()
            busy=busy on_confirm=regenerate on_cancel=Callback::new(move |()| confirm_open.set(false))/>
    }
    .into_any()
}
