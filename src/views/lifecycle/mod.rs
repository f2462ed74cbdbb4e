//! Tag lifecycle policies (chunk `lifecycle`), only where `GET /config` has the feature on, else
//! a note saying so:
//!
//! * `/organization/{org}/immutability-policies`, `/repository/{ns}/{repo}/immutability-policies`
//!   ([`immutability`], `FEATURE_IMMUTABLE_TAGS`);
//! * `/organization/{org}/autoprune-policies`, `/user/autoprune-policies`,
//!   `/repository/{ns}/{repo}/autoprune-policies` ([`autoprune`], `FEATURE_AUTO_PRUNE`).
//!
//! One bearer call for the first screen (the list). The previews ([`preview`]) read a
//! repository's first 100 tags once the list has answered (a repository page), or when the
//! user names a repository (a namespace page): one more call, off the critical path.

mod autoprune;
mod autoprune_form;
mod immutability;
mod immutability_form;
mod pattern;
mod preview;

use leptos::prelude::*;

use crate::api::lifecycle::Owner;
use crate::i18n::{t, tf};
use crate::reactive::memo;
use crate::views::{use_features, use_params, use_route_path};

/// The owner of the policies on this route: a repository (`ns`, `repo`), an organization
/// (`org`), else the signed-in user (`/user/...`).
fn use_owner() -> Memo<Owner> {
    let params = use_params();
    let path = use_route_path();
    memo(move || {
        params.with(|p| match (p.get("ns"), p.get("repo"), p.get("org")) {
            (Some(ns), Some(repo), _) => Owner::Repo(ns, repo),
            (_, _, Some(org)) => Owner::Org(org),
            _ if path.with(|p| p.starts_with("/user")) => Owner::User,
            _ => Owner::User,
        })
    })
}

/// How the owner reads in a title: `buynlarge`, `devtable/simple`, or "your namespace".
fn owner_label(owner: &Owner) -> String {
    match owner {
        Owner::Org(org) => org.clone(),
        Owner::User => t("lc.your_namespace").to_owned(),
        Owner::Repo(ns, repo) => format!("{ns}/{repo}"),
    }
}

/// The explanation shown instead of a page whose feature this Quay has turned off.
#[component]
fn FeatureOff(title_key: &'static str, text_key: &'static str) -> impl IntoView {
    view! {
        <section class="card" data-testid="lifecycle-off" role="status">
            <h2>{t(title_key)}</h2>
            <p>{t(text_key)}</p>
        </section>
    }
}

/// `.../immutability-policies`.
#[component]
pub fn ImmutabilityPage() -> impl IntoView {
    let owner = use_owner();
    let features = use_features();
    let on = memo(move || features.with(|f| f.immutable_tags));
    view! {
        <section class="page lifecycle" data-testid="immutability-page">
            <h1>{move || tf("lc.imm_title", &[("owner", &owner_label(&owner.get()))])}</h1>
            {move || if on.get() {
                view! { <immutability::ImmutabilityList owner=owner.get()/> }.into_any()
            } else {
                view! { <FeatureOff title_key="lc.imm_off_title" text_key="lc.imm_off_text"/> }.into_any()
            }}
        </section>
    }
}

/// `.../autoprune-policies`.
#[component]
pub fn AutoprunePage() -> impl IntoView {
    let owner = use_owner();
    let features = use_features();
    let on = memo(move || features.with(|f| f.auto_prune));
    view! {
        <section class="page lifecycle" data-testid="autoprune-page">
            <h1>{move || tf("lc.prune_title", &[("owner", &owner_label(&owner.get()))])}</h1>
            {move || if on.get() {
                view! { <autoprune::AutopruneList owner=owner.get()/> }.into_any()
            } else {
                view! { <FeatureOff title_key="lc.prune_off_title" text_key="lc.prune_off_text"/> }.into_any()
            }}
        </section>
    }
}

/// A policy dialog's draft for `owner`: `(the policy's uuid, or none for a new one, the fields)`.
fn policy_draft(form: &str, owner: &Owner) -> crate::views::drafts::Draft {
    crate::views::drafts::Draft::new(form, &format!("{owner:?}"))
}

/// Opens a policy dialog again from its draft (a 401 mid-form, then a new sign-in), once the
/// list is in: a new policy's at once, an edit's when its policy is still listed.
fn restore_policy<P: Clone + Send + Sync + 'static>(
    kept: crate::views::drafts::Draft,
    items: RwSignal<Option<Result<Vec<P>, crate::api::ApiError>>>,
    editing: RwSignal<Option<Option<P>>>,
    uuid: fn(&P) -> &str,
) {
    let done = StoredValue::new(false);
    crate::reactive::effect(move || {
        let id = items.with(|i| match i {
            Some(Ok(_)) if !done.get_value() => {
                done.set_value(true);
                kept.restore::<(Option<String>, serde::de::IgnoredAny)>()
            }
            _ => None,
        });
        match id {
            Some((None, _)) => editing.set(Some(None)),
            Some((Some(id), _)) => {
                let found = items.with_untracked(|i| match i {
                    Some(Ok(list)) => list.iter().find(|p| uuid(p) == id).cloned(),
                    _ => None,
                });
                if found.is_some() {
                    editing.set(Some(found));
                }
            }
            None => {}
        }
    });
}
