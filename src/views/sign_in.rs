//! The page shown when nobody is signed in, or when Quay stopped accepting the token.
//!
//! "Sign in" first asks Quay, without the token, whether this browser has a Quay session
//! (`GET /api/v1/user/` with Quay's cookie) and which organization owns the console's OAuth
//! application (`GET /api/v1/app/{client_id}`), both cheap for Quay. Then:
//! * signed in, and an administrator of that organization (or it is unknown): Quay's authorize
//!   page;
//! * not signed in: Quay's sign-in page (Quay's own authorize page answers a bare 401 without a
//!   session), which comes back here (same origin) to check again and go on at once, or goes on
//!   to the authorize page (another origin);
//! * signed in but not an administrator of that organization: why Quay would refuse (a bare 403)
//!   and what an administrator must do, instead of sending the person there;
//! * cannot tell (another origin whose CORS allows no cookies): what Quay will ask, and what to
//!   do if it shows an error, then on to Quay.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::user::{application_info, quay_session, QuaySession};
use crate::auth::{quay_origin, remember_user, send_to_quay_signin, start_sign_in, CallbackResult};
use crate::i18n::{t, tf};
use crate::model::config::Config;

#[derive(Clone, Copy)]
enum OutcomeKind {
    BackFromSignIn,
    Other,
}

/// Where the sign-in stands on this page.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    Idle,
    Checking,
    /// Signed in to Quay as `user`, who does not administer `org`.
    NotAdmin {
        user: String,
        org: String,
    },
    /// The console cannot see Quay's session; `org` owns the application when known.
    CannotTell {
        org: Option<String>,
    },
}

#[component]
pub fn SignInPage(
    config: Arc<Config>,
    /// What the last callback said, if it did not sign in.
    outcome: Option<CallbackResult>,
    /// The session ended (401): say so.
    expired: bool,
    /// The route to come back to (router-relative, with its query).
    #[prop(into)]
    return_to: Signal<String>,
) -> impl IntoView {
    let quay = quay_origin(&config);
    let outcome_kind = outcome.as_ref().map(|o| match o {
        CallbackResult::BackFromSignIn => OutcomeKind::BackFromSignIn,
        _ => OutcomeKind::Other,
    });
    let notice = match outcome {
        Some(CallbackResult::Denied { error }) => Some((
            t("auth.denied_title"),
            tf("auth.denied_text", &[("error", &error)]),
        )),
        Some(CallbackResult::Rejected { reason }) => {
            Some((t("auth.rejected_title"), t(reason.key()).to_owned()))
        }
        // Said below only once the check on return finds the person still signed out.
        Some(CallbackResult::BackFromSignIn) => None,
        _ if expired => Some((t("auth.expired_title"), t("auth.expired_text").to_owned())),
        _ => None,
    };
    let has_notice = notice.is_some() || matches!(outcome_kind, Some(OutcomeKind::BackFromSignIn));
    // Back from Quay's sign-in page: check again and go on without another click (unless the
    // person came back still signed out: then the notice says what to do).
    let back_from_signin = matches!(outcome_kind, Some(OutcomeKind::BackFromSignIn));
    let stage = RwSignal::new(Stage::Idle);
    let check = {
        let config = config.clone();
        move |automatic: bool| {
            let config = config.clone();
            stage.set(Stage::Checking);
            spawn_local(async move {
                let base = config.quay_url.clone();
                let (session, app) = futures_join(
                    quay_session(&base),
                    application_info(&base, &config.client_id),
                )
                .await;
                let org = config
                    .organization
                    .clone()
                    .or_else(|| app.map(|a| a.organization.name).filter(|o| !o.is_empty()));
                let back = return_to.get_untracked();
                match session {
                    QuaySession::SignedIn(user) => {
                        remember_user(&quay_origin(&config), &user);
                        match org {
                            Some(org) if !user.is_admin_of(&org) => stage.set(Stage::NotAdmin {
                                user: user.username.clone(),
                                org,
                            }),
                            _ => start_sign_in(&config, &back),
                        }
                    }
                    // Came back from Quay's sign-in page still signed out: do not loop.
                    QuaySession::SignedOut if automatic => stage.set(Stage::Idle),
                    QuaySession::SignedOut => send_to_quay_signin(&config, &back),
                    QuaySession::Unknown => stage.set(Stage::CannotTell { org }),
                }
            });
        }
    };
    let go_on = {
        let config = config.clone();
        move |_| start_sign_in(&config, &return_to.get_untracked())
    };
    if back_from_signin {
        check(true);
    }
    let signin_href = format!("{quay}/signin");
    view! {
        <main class="sign-in" data-testid="sign-in-page">
            <h1>{t("auth.welcome_title")}</h1>
            {notice.map(|(title, text)| view! {
                <div class="notice notice-warn" role="alert" data-testid="sign-in-notice">
                    <h2>{title}</h2>
                    <p>{text}</p>
                </div>
            })}
            {move || (back_from_signin && stage.get() == Stage::Idle).then(|| view! {
                <div class="notice notice-warn" role="alert" data-testid="sign-in-notice">
                    <h2>{t("auth.back_title")}</h2>
                    <p>{t("auth.back_text")}</p>
                </div>
            })}
            <p>{t("auth.welcome_text")}</p>
            <p class="muted">{tf("auth.quay_at", &[("url", &quay)])}</p>
            {move || match stage.get() {
                Stage::NotAdmin { user, org } => view! {
                    <div class="notice notice-warn" role="alert" data-testid="not-org-admin">
                        <h2>{tf("auth.not_admin_title", &[("org", &org)])}</h2>
                        <p>{tf("auth.not_admin_text", &[("user", &user), ("org", &org)])}</p>
                        <p>{tf("auth.not_admin_fix", &[("org", &org)])}</p>
                    </div>
                }.into_any(),
                Stage::CannotTell { org } => {
                    let org = org.unwrap_or_else(|| t("auth.app_org_unknown").to_owned());
                    view! {
                        <div class="notice" data-testid="cannot-tell">
                            <h2>{t("auth.cannot_tell_title")}</h2>
                            <p>{t("auth.cannot_tell_text")}</p>
                            <ul>
                                <li>{t("auth.cannot_tell_401")}" "<a href=signin_href.clone() data-testid="quay-signin-link">{signin_href.clone()}</a></li>
                                <li>{tf("auth.cannot_tell_403", &[("org", &org)])}</li>
                            </ul>
                            <button type="button" class="btn btn-primary" data-testid="continue-to-quay" on:click=go_on.clone()>
                                {t("auth.continue_to_quay")}
                            </button>
                        </div>
                    }.into_any()
                }
                _ => ().into_any(),
            }}
            <button type="button" class="btn btn-primary btn-large" data-testid="sign-in"
                prop:disabled=move || stage.get() == Stage::Checking
                on:click={
                    let check = check.clone();
                    move |_| check(false)
                }>
                {move || if stage.get() == Stage::Checking {
                    t("auth.checking")
                } else if has_notice || !matches!(stage.get(), Stage::Idle) {
                    t("auth.retry")
                } else {
                    t("auth.sign_in")
                }}
            </button>
        </main>
    }
}

/// Runs two futures at once and waits for both (no executor crate in the console).
async fn futures_join<A, B>(
    a: impl std::future::Future<Output = A>,
    b: impl std::future::Future<Output = B>,
) -> (A, B) {
    let a = std::pin::pin!(a);
    let b = std::pin::pin!(b);
    let mut a_out = None;
    let mut b_out = None;
    let (mut a, mut b) = (a, b);
    std::future::poll_fn(move |cx| {
        if a_out.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                a_out = Some(v);
            }
        }
        if b_out.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                b_out = Some(v);
            }
        }
        match (a_out.take(), b_out.take()) {
            (Some(x), Some(y)) => std::task::Poll::Ready((x, y)),
            (x, y) => {
                a_out = x;
                b_out = y;
                std::task::Poll::Pending
            }
        }
    })
    .await
}
