//! One robot's details in a side panel (`?robot=SHORT`): who it is, its sections (`?tab=`
//! credentials, permissions, federation) and deletion. A robot that no longer exists (Quay answers
//! 400 "Could not find robot ...") is explained, with a way back to the list.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::credentials::CredentialsTab;
use super::federation::FederationTab;
use super::permissions::PermissionsTab;
use super::{use_ctx, Ctx};
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, ConfirmDialog, ErrorView, Loading};
use crate::i18n::{format, t, tf};
use crate::model::robots::{is_missing_robot, Robot};
use crate::reactive::{effect, memo, resource};
use crate::views::use_client;

#[allow(clippy::cast_precision_loss)]
fn local_date(ts: i64) -> String {
    format::date_time(ts as f64)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Credentials,
    Permissions,
    Federation,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Credentials, Tab::Permissions, Tab::Federation];

    fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| t.slug() == text)
            .unwrap_or(Tab::Credentials)
    }

    fn slug(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::Permissions => "permissions",
            Self::Federation => "federation",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Credentials => t("robots.tab_credentials"),
            Self::Permissions => t("robots.tab_permissions"),
            Self::Federation => t("robots.tab_federation"),
        }
    }
}

/// The notice for a robot that is gone, with the way back.
#[component]
pub(super) fn RobotGone(name: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    view! {
        <div class="notice notice-warn" role="alert" data-testid="robot-gone">
            <h2>{t("robots.gone_title")}</h2>
            <p>{tf("robots.gone_text", &[("name", &name)])}</p>
            <button type="button" class="btn btn-primary" data-testid="back-to-list"
                on:click=move |_| { ctx.refresh(); ctx.go(&[("robot", None), ("tab", None)], false); }>
                {t("robots.back_to_list")}
            </button>
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn RobotDrawer(short: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let full = ctx.owner.full_name(&short);
    let loaded = {
        let (owner, short) = (ctx.owner.clone(), short.clone());
        resource(move || {
            let (client, owner, short) = (client.clone(), owner.clone(), short.clone());
            async move { api::robots::get(&client, &owner, &short).await }
        })
    };
    let close_ctx = ctx.clone();
    let close = move |_| close_ctx.go(&[("robot", None), ("tab", None)], false);
    // Move focus into the panel when it opens, so keyboard and screen-reader users land in it.
    let node = NodeRef::<leptos::html::Aside>::new();
    effect(move || {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    let body_full = full.clone();
    view! {
        <aside class="drawer robot-drawer" node_ref=node tabindex="-1" aria-label=tf("robots.details_of", &[("name", &full)]) data-testid="robot-drawer"
            on:keydown={ let ctx = ctx.clone(); move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" {
                ctx.go(&[("robot", None), ("tab", None)], false);
            }}>
            <header class="drawer-header">
                <h2 data-testid="robot-title">{full.clone()}</h2>
                <button type="button" class="btn-icon" aria-label=t("common.close") data-testid="drawer-close" on:click=close>"×"</button>
            </header>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if is_missing_robot(&e) => view! { <RobotGone name=body_full.clone()/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| loaded.refetch())/> }.into_any(),
                Some(Ok(robot)) => view! { <RobotBody robot=robot short=short.clone()/> }.into_any(),
            }}
        </aside>
    }
    .into_any()
}

#[component]
fn RobotBody(robot: Robot, short: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let query = ctx.clone();
    let tab = memo(move || Tab::parse(&query.current("tab")));
    let created = robot
        .created_at()
        .map(local_date)
        .or_else(|| robot.created.clone())
        .unwrap_or_default();
    let accessed = robot
        .last_accessed_at()
        .map(local_date)
        .unwrap_or_else(|| t("robots.never_used").to_owned());
    let teams = robot.team_names();
    let metadata = robot.metadata_pairs();
    let description = robot.description.clone().filter(|d| !d.is_empty());
    let tabs = Tab::ALL.into_iter().map(|tb| {
        let ctx = ctx.clone();
        view! {
            <button type="button" role="tab" id=format!("robot-tab-{}", tb.slug()) data-testid=format!("tab-{}", tb.slug())
                aria-selected=move || (tab.get() == tb).to_string()
                on:click=move |_| ctx.go(&[("tab", Some(tb.slug()))], false)>{tb.label()}</button>
        }
    }).collect_view();
    let (panel_robot, panel_short) = (robot.clone(), short.clone());
    let token = RwSignal::new(robot.token.clone().unwrap_or_default());
    view! {
        <dl class="kv robot-facts">
            <dt>{t("robots.description")}</dt>
            <dd data-testid="robot-description-text">{description.unwrap_or_else(|| t("robots.no_description").to_owned())}</dd>
            <dt>{t("robots.col_created")}</dt><dd>{created}</dd>
            <dt>{t("robots.col_last_accessed")}</dt><dd>{accessed}</dd>
            {(!teams.is_empty()).then(|| view! { <dt>{t("robots.col_teams")}</dt><dd>{teams.join(", ")}</dd> })}
            {(!metadata.is_empty()).then(|| view! {
                <dt>{t("robots.metadata")}</dt>
                <dd data-testid="robot-metadata">
                    {metadata.into_iter().map(|(k, v)| view! { <div><code>{k}</code>": "{v}</div> }).collect_view()}
                </dd>
            })}
        </dl>
        <div role="tablist" class="tabs" aria-label=t("robots.sections")>{tabs}</div>
        <div role="tabpanel" class="tab-panel" aria-labelledby=move || format!("robot-tab-{}", tab.get().slug())>
            {move || match tab.get() {
                Tab::Credentials => view! { <CredentialsTab robot=panel_robot.clone() token=token/> }.into_any(),
                Tab::Permissions => view! { <PermissionsTab short=panel_short.clone()/> }.into_any(),
                Tab::Federation => view! { <FederationTab short=panel_short.clone()/> }.into_any(),
            }}
        </div>
        <DeleteRobot short=short/>
    }
    .into_any()
}

/// Deletes the open robot after a confirmation, then goes back to the list.
#[component]
fn DeleteRobot(short: String) -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let full = ctx.owner.full_name(&short);
    let confirm = {
        let (full, ctx): (String, Ctx) = (full.clone(), ctx.clone());
        Callback::new(move |()| {
            let (client, ctx, short, full) =
                (client.clone(), ctx.clone(), short.clone(), full.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::robots::delete(&client, &ctx.owner, &short).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                open.try_set(false);
                match result {
                    Ok(()) => {
                        toasts.success(tf("robots.deleted_one", &[("name", &full)]));
                        ctx.refresh();
                        ctx.go(&[("robot", None), ("tab", None)], false);
                    }
                    Err(e) if is_missing_robot(&e) => {
                        toasts.error(tf("robots.gone_text", &[("name", &full)]));
                        ctx.refresh();
                        ctx.go(&[("robot", None), ("tab", None)], false);
                    }
                    Err(e) => toasts.error(tf(
                        "robots.delete_failed",
                        &[("name", &full), ("error", &describe(&e))],
                    )),
                }
            });
        })
    };
    view! {
        <section class="danger-zone">
            <h3>{t("robots.danger")}</h3>
            <button type="button" class="btn btn-danger" data-testid="delete-robot" on:click=move |_| open.set(true)>
                {t("robots.delete")}
            </button>
        </section>
        <ConfirmDialog open=open title=t("robots.delete_title").to_owned()
            message=tf("robots.delete_message", &[("name", &full)]) confirm_label=t("common.delete").to_owned()
            busy=busy on_confirm=confirm on_cancel=Callback::new(move |()| open.set(false))/>
    }
    .into_any()
}
