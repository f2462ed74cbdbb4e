//! Organization mirroring: `/organization/{org}/mirror` (a chunk of its own, `org_mirror`).
//!
//! One bearer call before the first screen (`GET …/mirror`: the configuration with its status
//! counts; a JSON 404 is "not mirrored", Flask's HTML 404 "turned off"); none while `/config`
//! says `ORG_MIRROR` is off. Then, only where there is a mirror, the page of mirrored
//! repositories (1 call). Query parameters (the URL is the state):
//!
//! * `edit=1`: the configuration form is open (a new mirror's, or the stored one's);
//! * `status`: only the mirrored repositories in this status (Quay's name, any case);
//! * `page`: the page of mirrored repositories (from 1, [`repositories::LIMIT`] a page).
//!
//! Not mirrored: Quay's rules come first (an empty organization only, no proxy cache; what a
//! mirror then blocks), then the form. Mirrored: the configuration, its actions
//! ([`actions`]) and the repositories ([`repositories`]).

mod actions;
mod config;
mod fields;
mod form;
mod repositories;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use super::{drafts, use_client, use_features, use_namespace};
use crate::api;
use crate::components::{ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, ErrorKind};
use crate::model::org_mirror::form::Form;
use crate::model::org_mirror::{OrgMirrorConfig, Status};
use crate::reactive::{effect, memo};
use crate::views::quotas::use_query_setter;

/// The draft of the open form (`views::drafts`), per organization.
const DRAFT: &str = "org-mirror";

/// Where the page is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    /// This Quay has organization mirroring turned off.
    Off,
    /// The organization is not mirrored (Quay's 404).
    Unconfigured,
    /// Mirrored: the configuration is in [`Stored`].
    Ready,
    Failed(ApiError),
}

/// Re-reads the configuration; `true`: quietly (what is shown stays until the answer).
type Refresh = Callback<bool>;

/// The configuration as last read (kept apart from the phase, so a re-read after an action
/// updates what is shown without remounting the panels).
type Stored = RwSignal<Option<OrgMirrorConfig>>;

/// The badge class of a status.
fn status_class(s: &Status) -> &'static str {
    match s {
        Status::Success => "badge badge-ok",
        Status::Fail => "badge badge-danger",
        Status::SyncNow | Status::Syncing => "badge badge-admin",
        Status::Cancel | Status::NeverRun => "badge badge-warn",
        Status::Skip | Status::Other(_) => "badge",
    }
}

/// A status in words (an unknown one as Quay sent it).
fn status_words(s: &Status) -> String {
    match s {
        Status::Other(raw) => format!("{} ({raw})", t(s.key())),
        known => t(known.key()).to_owned(),
    }
}

#[component]
pub fn OrgMirrorPage() -> impl IntoView {
    let namespace = use_namespace();
    let org = memo(move || namespace.get().map(|n| n.name));
    view! {
        <section class="page org-mirror" data-testid="org-mirror-page">
            {move || match org.get() {
                None => view! { <Loading/> }.into_any(),
                Some(org) => view! { <OrgMirrorView org=org/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OrgMirrorView(org: String) -> impl IntoView {
    let client = use_client();
    let features = use_features();
    let on = memo(move || features.with(|f| f.org_mirror));
    let phase = RwSignal::new(Phase::Loading);
    let stored: Stored = RwSignal::new(None);
    let generation = StoredValue::new(0_u32);
    let query = use_query_map();
    let set_query = use_query_setter();
    // A kept draft (a 401 unmounted the shell mid-form) opens the form again.
    let restored = RwSignal::new(drafts::load::<Form>(DRAFT, &org).is_some());
    let editing =
        memo(move || query.with(|q| q.get("edit").is_some_and(|v| v == "1")) || restored.get());

    let refresh: Refresh = Callback::new({
        let org = org.clone();
        move |quiet: bool| {
            let this = generation.get_value().wrapping_add(1);
            generation.set_value(this);
            if !on.get_untracked() {
                phase.set(Phase::Off);
                return;
            }
            if !quiet {
                phase.set(Phase::Loading);
            }
            let (client, org) = (client.clone(), org.clone());
            spawn_local(async move {
                let answer = api::org_mirror::get(&client, &org).await;
                if generation.try_get_value() != Some(this) {
                    return;
                }
                let next = match answer {
                    Ok(config) => {
                        stored.try_set(Some(config));
                        Phase::Ready
                    }
                    Err(e) if e.kind == ErrorKind::NotFound && e.error_type.is_none() => Phase::Off,
                    Err(e) if e.kind == ErrorKind::NotFound => Phase::Unconfigured,
                    // A failed quiet re-read keeps what is shown; Refresh asks again.
                    Err(e) if quiet && phase.get_untracked() == Phase::Ready => {
                        leptos::logging::warn!("organization mirror refresh failed: {e}");
                        return;
                    }
                    Err(e) => Phase::Failed(e),
                };
                if phase.try_get_untracked().is_some_and(|p| p != next) {
                    phase.try_set(next);
                }
            });
        }
    });
    effect(move || {
        on.track();
        refresh.run(false);
    });

    let open_form = {
        let set_query = set_query.clone();
        Callback::new(move |()| set_query(&[("edit", "1")], false))
    };
    let close_form = {
        let org = org.clone();
        Callback::new(move |()| {
            drafts::drop(DRAFT, &org);
            restored.set(false);
            set_query(&[("edit", "")], false);
        })
    };
    let saved = Callback::new(move |()| {
        close_form.run(());
        refresh.run(true);
    });

    let title = tf("orgmirror.title", &[("org", &org)]);
    let org = StoredValue::new(org);
    view! {
        <h1>{title}</h1>
        <p class="muted">{t("orgmirror.intro")}</p>
        {move || match phase.get() {
            Phase::Loading => view! { <Loading/> }.into_any(),
            Phase::Off => view! {
                <section class="card" role="status" data-testid="orgmirror-off">
                    <h2>{t("orgmirror.off_title")}</h2>
                    <p>{t("orgmirror.off_text")}</p>
                </section>
            }.into_any(),
            Phase::Failed(e) => view! {
                <ErrorView error=e on_retry=Callback::new(move |()| refresh.run(false))/>
            }.into_any(),
            Phase::Unconfigured => view! {
                <Rules/>
                {move || if editing.get() {
                    view! { <form::MirrorForm org=org.get_value() base=None on_saved=saved on_cancel=close_form/> }.into_any()
                } else {
                    view! {
                        <p data-testid="orgmirror-none">{t("orgmirror.none")}</p>
                        <div class="toolbar">
                            <button type="button" class="btn btn-primary" data-testid="orgmirror-setup"
                                on:click=move |_| open_form.run(())>{t("orgmirror.setup")}</button>
                        </div>
                    }.into_any()
                }}
            }.into_any(),
            Phase::Ready => view! { <Mirrored org=org.get_value() stored=stored editing=editing
                refresh=refresh saved=saved close_form=close_form open_form=open_form/> }.into_any(),
        }}
    }
}

/// A stored mirror: its configuration, actions and repositories, or the form editing it.
#[component]
fn Mirrored(
    org: String,
    stored: Stored,
    editing: Memo<bool>,
    refresh: Refresh,
    saved: Callback<()>,
    close_form: Callback<()>,
    open_form: Callback<()>,
) -> impl IntoView {
    let config = memo(move || stored.get().unwrap_or_default());
    let counts = memo(move || config.with(|c| c.repo_sync_status_counts.clone()));
    let org = StoredValue::new(org);
    move || {
        if editing.get() {
            let base = stored.get_untracked();
            view! { <form::MirrorForm org=org.get_value() base=base on_saved=saved on_cancel=close_form/> }.into_any()
        } else {
            view! {
                <config::ConfigPanel config=config/>
                <actions::Actions org=org.get_value() config=config refresh=refresh on_edit=open_form/>
                <repositories::Repositories org=org.get_value() counts=counts/>
            }
            .into_any()
        }
    }
}

/// Quay's rules, said before the user runs into them.
#[component]
fn Rules() -> impl IntoView {
    view! {
        <section class="card" data-testid="orgmirror-rules">
            <h2>{t("orgmirror.rules_title")}</h2>
            <ul class="notes">
                <li>{t("orgmirror.rule_empty")}</li>
                <li>{t("orgmirror.rule_no_proxy")}</li>
                <li>{t("orgmirror.rule_blocks")}</li>
                <li>{t("orgmirror.rule_robot")}</li>
            </ul>
        </section>
    }
}
