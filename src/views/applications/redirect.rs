//! What an application's redirect URI means for this console: can it sign in to the console with
//! it, and can a token generated for it come back here? Quay redirects only to addresses that start
//! with the registered redirect URI (same scheme and host:port, path below the registered path).

use leptos::prelude::*;

use super::use_config;
use crate::auth;
use crate::i18n::{t, tf};
use crate::model::applications::{redirect_allowed, redirect_fit, redirect_too_broad, RedirectFit};
use crate::model::config::Config;
use crate::reactive::memo;

/// The verdict for one application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The redirect URI this console signs in with (`{origin}{base}{redirect_path}`).
    pub own: String,
    /// This console signs in with this application (its client id is in config.json).
    pub is_console_app: bool,
    /// Quay would send this console's sign-in back here.
    pub sign_in: bool,
    pub fit: RedirectFit,
    /// Where a token generated for the application can come back to, if anywhere.
    pub token_redirect: Option<String>,
}

#[must_use]
pub fn verdict(registered: &str, client_id: &str, config: &Config) -> Verdict {
    let own = auth::own_redirect_uri(config);
    let is_console_app = !client_id.is_empty() && client_id == config.client_id;
    let sign_in = redirect_allowed(registered, &own);
    let fit = redirect_fit(registered, &auth::console_root());
    let token_redirect = match &fit {
        RedirectFit::Fits { redirect_uri } => Some(redirect_uri.clone()),
        // Signed in through it already: this Quay accepts the console's own redirect URI.
        _ if is_console_app => Some(own.clone()),
        _ => None,
    };
    Verdict {
        own,
        is_console_app,
        sign_in,
        fit,
        token_redirect,
    }
}

/// Why the redirect URI does not reach this console, in words.
fn reason(fit: &RedirectFit, own: &str) -> String {
    match fit {
        RedirectFit::Missing => t("applications.redirect_missing").to_owned(),
        RedirectFit::Invalid => t("applications.redirect_invalid").to_owned(),
        RedirectFit::OtherOrigin {
            registered,
            console,
        } => tf(
            "applications.redirect_other_origin",
            &[("registered", registered), ("console", console)],
        ),
        RedirectFit::OtherPath {
            registered,
            console,
        } => tf(
            "applications.redirect_other_path",
            &[("registered", registered), ("console", console)],
        ),
        RedirectFit::Fits { .. } => tf("applications.redirect_signin_path", &[("own", own)]),
    }
}

/// A short badge for the list.
#[component]
pub fn FitBadge(registered: String, client_id: String) -> impl IntoView {
    let v = verdict(&registered, &client_id, &use_config());
    let broad = redirect_too_broad(&registered).then(|| {
        view! {
            " "<span class="badge badge-warn" title=t("applications.redirect_too_broad")
                data-testid="broad-badge">{t("applications.badge_broad")}</span>
        }
    });
    let badge = if v.is_console_app {
        view! { <span class="badge badge-admin" data-testid="fit-badge">{t("applications.badge_console")}</span> }
            .into_any()
    } else if v.sign_in || v.token_redirect.is_some() {
        view! { <span class="badge badge-ok" data-testid="fit-badge">{t("applications.badge_fits")}</span> }
            .into_any()
    } else {
        let why = reason(&v.fit, &v.own);
        view! { <span class="badge badge-warn" title=why data-testid="fit-badge">{t("applications.badge_misfit")}</span> }
            .into_any()
    };
    view! { {badge}{broad} }
}

/// The full explanation on an application's page.
#[component]
pub fn RedirectCheck(#[prop(into)] registered: Signal<String>, client_id: String) -> impl IntoView {
    let config = use_config();
    let v = memo(move || verdict(&registered.get(), &client_id, &config));
    let line = |ok: bool, label: &'static str, testid: &'static str| {
        view! {
            <li class=if ok { "check check-ok" } else { "check check-bad" } data-testid=testid
                data-ok=ok.to_string()>
                <span aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span>
                <strong>{t(label)}</strong>" "{if ok { t("applications.check_works") } else { t("applications.check_fails") }}
            </li>
        }
    };
    view! {
        <section class="card redirect-check" data-testid="redirect-check">
            <h2>{t("applications.redirect_title")}</h2>
            <p>
                {t("applications.redirect_needs")}" "
                <code data-testid="needed-redirect">{move || v.with(|v| v.own.clone())}</code>
            </p>
            {move || {
                let v = v.get();
                let sign_in_ok = v.sign_in || v.is_console_app;
                let tokens_ok = v.token_redirect.is_some();
                // What each line means, said once when both lines fail for the same reason.
                let mut notes = Vec::new();
                if v.sign_in {
                    notes.push(t("applications.signin_ok").to_owned());
                } else if v.is_console_app {
                    notes.push(tf("applications.signin_lenient", &[("own", &v.own)]));
                } else {
                    notes.push(reason(&v.fit, &v.own));
                }
                let token_note = match &v.token_redirect {
                    Some(to) => tf("applications.tokens_ok", &[("to", to)]),
                    None => reason(&v.fit, &v.own),
                };
                if !notes.contains(&token_note) {
                    notes.push(token_note);
                }
                view! {
                    <ul class="checks">
                        {line(sign_in_ok, "applications.check_signin", "check-signin")}
                        {line(tokens_ok, "applications.check_tokens", "check-tokens")}
                    </ul>
                    {notes.into_iter().map(|n| view! { <p class="check-note" data-testid="check-note">{n}</p> }).collect_view()}
                }
            }}
            {move || redirect_too_broad(&registered.get()).then(|| view! {
                <p class="notice notice-warn" data-testid="redirect-too-broad">{t("applications.redirect_too_broad")}</p>
            })}
            {move || v.with(|v| v.is_console_app).then(|| view! {
                <p class="muted">{t("applications.is_console_app")}</p>
            })}
        </section>
    }
}
