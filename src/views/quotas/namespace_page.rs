//! `/organization/{org}/quotas` and `/user/quotas`: the namespace's quota, its consumption and its
//! repositories by size. Superusers edit; everyone else reads, with the reason.

use leptos::prelude::*;

use super::panel::QuotaPanel;
use super::repo_sizes::RepoSizes;
use super::texts::read_only_reason;
use super::{Loader, QuotasOn};
use crate::api::{self, scope, ApiError, Client};
use crate::auth::Session;
use crate::i18n::{t, tf};
use crate::model::quotas::{access, format_bytes, Access, NsKind, QuotaTarget, Relation};
use crate::model::user::User;
use crate::views::{use_client, use_features, use_namespace, use_user, NamespaceRoute};

/// Superuser organization pages read at most when looking for one organization's consumption.
const MAX_PAGES: usize = 100;

#[component]
pub fn QuotasPage() -> impl IntoView {
    let route = use_namespace();
    let user = use_user();
    let session = use_context::<Session>();
    view! {
        <section class="page quotas-page" data-testid="quotas-page">
            <QuotasOn heading=true>
                {move || {
                    let (route, user) = (route.get()?, user.get()?);
                    let has_super_scope = session.is_some_and(|s| s.has_scope(scope::SUPER_USER));
                    Some(view! { <NamespaceQuotas route=route user=user has_super_scope=has_super_scope/> })
                }}
            </QuotasOn>
        </section>
    }
}

/// How the user stands to the namespace.
fn relation(route: &NamespaceRoute, user: &User) -> Relation {
    if route.is_user {
        return Relation::Own;
    }
    match user.organizations.iter().find(|o| o.name == route.name) {
        Some(org) if org.is_org_admin => Relation::OrgAdmin,
        Some(_) => Relation::OrgMember,
        None => Relation::Outsider,
    }
}

/// What Quay tells this user about the namespace's consumption.
#[derive(Clone, Debug, PartialEq)]
enum Consumption {
    Reported {
        bytes: u64,
        backfill: Option<String>,
    },
    /// Quay shows an organization's consumption to its administrators (and superusers) only.
    Hidden,
}

async fn consumption(
    client: &Client,
    route: &NamespaceRoute,
    superuser: bool,
) -> Result<Consumption, ApiError> {
    let report = if route.is_user {
        api::quotas::user_usage(client).await?.quota_report
    } else {
        let mut report = api::quotas::org_usage(client, &route.name)
            .await?
            .quota_report;
        if report.is_none() && superuser {
            let mut next: Option<String> = None;
            for _ in 0..MAX_PAGES {
                let page = api::quotas::superuser_orgs(client, next.as_deref()).await?;
                if let Some(org) = page
                    .organizations
                    .into_iter()
                    .find(|o| o.name == route.name)
                {
                    report = org.quota_report;
                    break;
                }
                next = page.next_page.filter(|n| !n.is_empty());
                if next.is_none() {
                    break;
                }
            }
        }
        report
    };
    Ok(
        match report.and_then(|r| r.quota_bytes.map(|b| (b, r.backfill_status))) {
            Some((bytes, backfill)) => Consumption::Reported { bytes, backfill },
            None => Consumption::Hidden,
        },
    )
}

#[component]
fn NamespaceQuotas(route: NamespaceRoute, user: User, has_super_scope: bool) -> impl IntoView {
    let client = use_client();
    let features = use_features();
    let access = access(user.super_user, has_super_scope, relation(&route, &user));
    let target = QuotaTarget {
        namespace: route.name.clone(),
        kind: if route.is_user {
            NsKind::User
        } else {
            NsKind::Org
        },
        superuser: access == Access::Edit,
    };
    let usage = Loader::new({
        let (client, route) = (client.clone(), route.clone());
        let superuser = user.super_user && has_super_scope;
        move || {
            let (client, route) = (client.clone(), route.clone());
            async move { consumption(&client, &route, superuser).await }
        }
    });
    let used = Signal::derive(move || match usage.state.get() {
        Some(Ok(Consumption::Reported { bytes, .. })) => Some(bytes),
        _ => None,
    });
    let repo_total = RwSignal::new(None::<u64>);
    let sizes_wanted = crate::reactive::latch(move || usage.state.with(Option::is_some));
    let ns = route.name.clone();
    let title = if route.is_user {
        t("quotas.title_user").to_owned()
    } else {
        tf("quotas.title_org", &[("ns", &ns)])
    };
    let reason = read_only_reason(access, &ns);
    let hidden_ns = ns.clone();
    let note = move || {
        match usage.state.get() {
        Some(Ok(Consumption::Hidden)) => {
            let lower = repo_total.get().map(format_bytes);
            let text = match lower {
                Some(size) => tf("quotas.usage_hidden_lower", &[("ns", &hidden_ns), ("size", &size)]),
                None => tf("quotas.usage_hidden", &[("ns", &hidden_ns)]),
            };
            Some(view! { <p class="notice" data-testid="usage-hidden">{text}</p> }.into_any())
        }
        Some(Ok(Consumption::Reported { backfill: Some(status), .. })) if status != "complete" => Some(
            view! { <p class="notice notice-warn" data-testid="usage-backfill">{tf("quotas.backfill", &[("status", &status)])}</p> }.into_any(),
        ),
        Some(Err(e)) => Some(view! {
            <p class="notice notice-warn" data-testid="usage-error">
                {tf("quotas.usage_failed", &[("error", &crate::components::error_view::describe(&e))])}
            </p>
        }.into_any()),
        _ => None,
    }
    };
    view! {
        <h1>{title}</h1>
        {reason.map(|r| view! {
            <p class="notice quota-readonly" role="note" data-testid="quota-readonly">
                <span class="badge">{t("quotas.read_only")}</span>" "{r}
            </p>
        })}
        {note}
        {move || (!features.with(|f| f.edit_quota)).then(|| view! {
            <p class="notice" role="note" data-testid="quota-edit-off">{t("quotas.edit_off")}</p>
        })}
        <QuotaPanel target=target access=access used=used/>
        // The repositories by size are not on the first screen's critical path: they are asked once
        // the consumption has answered (the quota list beside it), so that the first screen's two
        // calls have Quay's two workers to themselves. Once asked, they stay.
        {move || sizes_wanted.get().then(|| view! { <RepoSizes namespace=ns.clone() total=repo_total/> })}
    }
}
