//! The mirrors view: a repository's mirror (`/repository/:ns/:repo/mirror`: create, status and
//! controls, edit, sync history) and fleet health (`/mirrors/health`, `/superuser/mirrors`).

mod fields;
mod form;
mod health;
mod health_table;
mod history;
mod robot;
mod status;
mod time;
mod words;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use self::form::MirrorForm;
use self::history::SyncHistory;
use self::status::{poll_while, StatusPanel};
use super::{use_client, use_features, use_repository};
use crate::api;
use crate::components::{ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::error::{ApiError, ErrorKind};
use crate::model::mirrors::MirrorConfig;
use crate::model::url::build_query;
use crate::reactive::{effect, memo};
use crate::routes;

pub use health::MirrorHealthPage;

/// Where the page is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    /// The repository has no mirror (Quay's 404).
    Missing,
    /// This Quay has repository mirroring turned off (its `/config`, or the mirror path is not
    /// routed: Flask's HTML 404 instead of Quay's JSON one).
    Off,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn MirrorPage() -> impl IntoView {
    let client = use_client();
    let route = use_repository();
    let features = use_features();
    let mirror_on = memo(move || features.with(|f| f.repo_mirror));
    let phase = RwSignal::new(Phase::Loading);
    let config = RwSignal::new(None::<MirrorConfig>);
    let repo_state = RwSignal::new(None::<String>);
    let form_version = RwSignal::new(0_u32);
    let history_tick = RwSignal::new(0_u32);
    let generation = StoredValue::new(0_u32);
    // After a save, the form is rebuilt from what Quay stored, once it has been read.
    let remount = StoredValue::new(false);

    // Reads the mirror (and the repository's state). `quiet`: a poll or a refresh after an
    // action, which keeps what is on screen until the answer comes.
    let fetch = Callback::new(move |quiet: bool| {
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        if !quiet {
            phase.set(Phase::Loading);
        }
        let client = client.clone();
        let (ns, repo) = route.get_untracked();
        if !mirror_on.get_untracked() {
            phase.set(Phase::Off);
            return;
        }
        spawn_local(async move {
            // The mirror first: it is what the page shows. The repository's state (for the
            // "not in mirror state" warning) follows, so the first screen waits for one call.
            let mirror = api::mirrors::get(&client, &ns, &repo).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            let found = mirror.is_ok();
            let next = match mirror {
                Ok(c) => {
                    config.set(Some(c));
                    if remount.get_value() {
                        remount.set_value(false);
                        form_version.update(|n| *n = n.wrapping_add(1));
                    }
                    Phase::Ready
                }
                Err(e) if e.kind == ErrorKind::NotFound => {
                    config.set(None);
                    if e.error_type.is_none() {
                        Phase::Off
                    } else {
                        Phase::Missing
                    }
                }
                Err(e) if quiet && phase.get_untracked() == Phase::Ready => {
                    // A failed poll keeps the last known state; the next poll retries.
                    leptos::logging::warn!("mirror refresh failed: {e}");
                    return;
                }
                Err(e) => Phase::Failed(e),
            };
            if phase.get_untracked() != next {
                phase.set(next);
            }
            if found || !quiet {
                let details = api::repositories::get(&client, &ns, &repo).await;
                if generation.try_get_value() == Some(this) {
                    repo_state.set(details.ok().and_then(|r| r.state));
                }
            }
        });
    });
    effect(move || {
        route.track();
        fetch.run(false);
    });
    on_cleanup(move || {
        generation.try_set_value(u32::MAX);
    });

    let pending = Signal::derive(move || {
        config.with(|c| c.as_ref().is_some_and(|c| c.sync_status.is_pending()))
    });
    poll_while(pending, Callback::new(move |()| fetch.run(true)));
    // When a sync ends, its log entries are there: read the history again.
    Effect::new(move |was: Option<bool>| {
        let now = pending.get();
        if was == Some(true) && !now {
            history_tick.update(|n| *n = n.wrapping_add(1));
        }
        now
    });

    let after_save = Callback::new(move |()| {
        remount.set_value(true);
        history_tick.update(|n| *n = n.wrapping_add(1));
        fetch.run(true);
    });
    let after_action = Callback::new(move |()| {
        history_tick.update(|n| *n = n.wrapping_add(1));
        fetch.run(true);
    });

    let title = move || {
        let (ns, repo) = route.get();
        tf("mirrors.title", &[("repo", &format!("{ns}/{repo}"))])
    };
    let health_link = move || {
        let (ns, _) = route.get();
        format!("{}{}", routes::mirrors_health(), build_query(&[("ns", ns)]))
    };
    view! {
        <section class="page mirror-page" data-testid="mirror-page">
            <div class="toolbar">
                <h1 class="grow">{title}</h1>
                <A href=health_link attr:class="chip" attr:data-testid="mirror-health-link">{t("mirrors.health.link")}</A>
            </div>
            {move || {
                let (ns, repo) = route.get();
                let off = !mirror_on.get();
                match phase.get() {
                    Phase::Off => view! { <MirroringOff/> }.into_any(),
                    Phase::Missing if off => view! { <MirroringOff/> }.into_any(),
                    Phase::Loading => view! { <Loading/> }.into_any(),
                    Phase::Failed(e) => view! {
                        <ErrorView error=e on_retry=Callback::new(move |()| fetch.run(false))/>
                    }.into_any(),
                    Phase::Missing => view! {
                        <section class="card" data-testid="mirror-create">
                            <h2>{t("mirrors.create.title")}</h2>
                            <p>{t("mirrors.create.intro")}</p>
                            <div class="notice notice-warn" data-testid="mirror-state-notice">
                                {
                                    let full = format!("{ns}/{repo}");
                                    move || {
                                        let state = repo_state.get().unwrap_or_else(|| "NORMAL".into());
                                        tf("mirrors.create.state_notice", &[("repo", &full), ("state", &state)])
                                    }
                                }
                            </div>
                            <MirrorForm ns=ns.clone() repo=repo.clone() base=None on_saved=Callback::new(move |()| fetch.run(false))/>
                        </section>
                    }.into_any(),
                    Phase::Ready => view! {
                        <StatusPanel ns=ns.clone() repo=repo.clone() config=config repo_state=repo_state on_changed=after_action/>
                        <section class="card" data-testid="mirror-edit" aria-labelledby="mirror-edit-title">
                            <h2 id="mirror-edit-title">{t("mirrors.edit.title")}</h2>
                            {
                                let (ns, repo) = (ns.clone(), repo.clone());
                                move || {
                                    form_version.track();
                                    view! { <MirrorForm ns=ns.clone() repo=repo.clone() base=config.get_untracked() on_saved=after_save/> }
                                }
                            }
                        </section>
                        <section class="card" aria-labelledby="mirror-history-title">
                            <h2 id="mirror-history-title">{t("mirrors.history.title")}</h2>
                            <SyncHistory ns=ns.clone() repo=repo.clone() refresh=history_tick/>
                        </section>
                    }.into_any(),
                }
            }}
        </section>
    }
}

/// Where this Quay has repository mirroring turned off: what that means, instead of a form whose
/// every request Quay would refuse.
#[component]
pub fn MirroringOff() -> impl IntoView {
    view! {
        <section class="card" data-testid="mirroring-off" role="status">
            <h2>{t("mirrors.off.title")}</h2>
            <p>{t("mirrors.off.text")}</p>
        </section>
    }
}
