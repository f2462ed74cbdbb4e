//! The findings table (kind, subject, why, remedy) and the effective permissions table
//! (subject × repository × role). API text only in text nodes.

use leptos::prelude::*;

use super::loader::{Review, RunState};
use crate::components::EmptyState;
use crate::i18n::{t, tf};
use crate::model::review::{Finding, Kind, Remedy, Why};
use crate::model::robots::format_date;
use crate::routes::{self, NamespaceArea};

pub fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Unused => "review.kind_unused",
        Kind::Broad => "review.kind_broad",
        Kind::AppToken => "review.kind_apptoken",
        Kind::Redirect => "review.kind_redirect",
        Kind::Scope => "review.kind_scope",
        Kind::Permission => "review.kind_permission",
    }
}

fn why_text(why: &Why) -> String {
    match why {
        Why::NeverUsed => t("review.why_never").to_owned(),
        Why::NotTracked => t("review.why_not_tracked").to_owned(),
        Why::UnusedFor { days } => tf("review.why_unused", &[("days", &days.to_string())]),
        Why::Broad { write, admin } => tf(
            "review.why_broad",
            &[("write", &write.to_string()), ("admin", &admin.to_string())],
        ),
        Why::TokenExpired { at } => tf("review.why_expired", &[("date", &format_date(*at))]),
        Why::TokenExpiring { at } => tf("review.why_expiring", &[("date", &format_date(*at))]),
        Why::BareRedirect { uri } => tf("review.why_redirect", &[("uri", uri)]),
        Why::Dangerous { scopes } => tf("review.why_dangerous", &[("scopes", &scopes.join(", "))]),
        Why::Role { repository, role } => tf(
            "review.why_role",
            &[("role", role), ("repository", repository)],
        ),
    }
}

#[component]
pub fn Findings(
    shown: Memo<Vec<Finding>>,
    kind: Memo<Option<Kind>>,
    review: Review,
    pending: RwSignal<Option<Finding>>,
) -> impl IntoView {
    let (ns, _) = review.namespace();
    let not_tracked =
        move || {
            shown.with(|f| f.iter().any(|x| x.why == Why::NotTracked)).then(|| view! {
            <p class="notice" data-testid="review-not-tracked">{t("review.not_tracked")}</p>
        })
        };
    let issues = move || {
        shown.with(|f| {
            f.iter()
                .filter(|x| x.kind != Kind::Permission)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let rows = move || {
        shown.with(|f| {
            f.iter()
                .filter(|x| x.kind == Kind::Permission)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let show_perms = move || kind.get().is_none_or(|k| k == Kind::Permission);
    view! {
        {not_tracked}
        {move || {
            let list = issues();
            if kind.get() == Some(Kind::Permission) {
                return ().into_any();
            }
            if list.is_empty() {
                return view! { <EmptyState message=t("review.none")/> }.into_any();
            }
            let ns = ns.clone();
            view! {
                <div class="table-scroll">
                    <table class="data review-table" data-testid="review-findings">
                        <caption class="visually-hidden">{t("review.findings")}</caption>
                        <thead><tr>
                            <th scope="col">{t("review.col_kind")}</th>
                            <th scope="col">{t("review.col_subject")}</th>
                            <th scope="col">{t("review.col_why")}</th>
                            <th scope="col">{t("review.col_remedy")}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|f| view! { <FindingRow finding=f ns=ns.clone() pending=pending/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {move || show_perms().then(|| view! { <Permissions rows=Signal::derive(rows) review=review/> })}
    }
}

#[component]
fn FindingRow(finding: Finding, ns: String, pending: RwSignal<Option<Finding>>) -> impl IntoView {
    let remedy = match &finding.remedy {
        Remedy::EditApplication { client_id } => {
            let href = format!(
                "{}?app={}",
                routes::namespace_area(&ns, false, NamespaceArea::Applications),
                crate::model::url::encode(client_id)
            );
            view! {
                <a class="btn btn-small" href=href data-testid="review-remedy"
                    aria-label=tf("review.remedy_edit_of", &[("name", &finding.subject)])>{t("review.remedy_edit")}</a>
            }
            .into_any()
        }
        Remedy::None => ().into_any(),
        other => {
            let label = match other {
                Remedy::DeleteRobot { .. } => t("review.remedy_delete"),
                Remedy::Narrow { .. } => t("review.remedy_narrow"),
                _ => t("review.remedy_revoke"),
            };
            let aria = tf(
                "review.remedy_of",
                &[("action", label), ("name", &finding.subject)],
            );
            let f = finding.clone();
            view! {
                <button type="button" class="btn btn-small btn-danger" data-testid="review-remedy"
                    aria-label=aria on:click=move |_| pending.set(Some(f.clone()))>{label}</button>
            }
            .into_any()
        }
    };
    view! {
        <tr data-testid="review-row" data-kind=finding.kind.slug() data-key=finding.key()>
            <td data-testid="review-kind">{t(kind_key(finding.kind))}</td>
            <td data-testid="review-subject">{finding.subject.clone()}</td>
            <td data-testid="review-why">{why_text(&finding.why)}</td>
            <td class="actions">{remedy}</td>
        </tr>
    }
}

/// Who holds which role on which repository (users and robots, direct roles).
#[component]
fn Permissions(rows: Signal<Vec<Finding>>, review: Review) -> impl IntoView {
    let pending_note = move || {
        (review.state.get() == RunState::Running)
            .then(|| view! { <p class="muted small">{t("review.perm_reading")}</p> })
    };
    view! {
        <h2>{t("review.perm_title")}</h2>
        {pending_note}
        {move || {
            let list = rows.get();
            if list.is_empty() {
                return view! { <EmptyState message=t("review.perm_none")/> }.into_any();
            }
            view! {
                <div class="table-scroll">
                    <table class="data review-perms" data-testid="review-permissions">
                        <caption class="visually-hidden">{t("review.perm_title")}</caption>
                        <thead><tr>
                            <th scope="col">{t("review.col_subject")}</th>
                            <th scope="col">{t("review.col_repository")}</th>
                            <th scope="col">{t("review.col_role")}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|f| {
                                let (repo, role) = match &f.why {
                                    Why::Role { repository, role } => (repository.clone(), role.clone()),
                                    _ => (String::new(), String::new()),
                                };
                                view! {
                                    <tr data-testid="perm-row">
                                        <td data-testid="perm-subject">{f.subject.clone()}</td>
                                        <td data-testid="perm-repo">{repo}</td>
                                        <td data-testid="perm-role">{role}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
