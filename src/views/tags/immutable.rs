//! Immutable tags (`FEATURE_IMMUTABLE_TAGS`): the lock marker of a row, the drawer's state and
//! toggle, and the reason shown where Quay would refuse a change (delete, move, expiration).
//! Where the feature is off Quay sends no `immutable` field and none of this shows.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bulk::Change;
use super::error_text;
use crate::api;
use crate::components::use_toasts;
use crate::i18n::{t, tf};
use crate::model::tags::Tag;
use crate::views::{use_client, use_features};

/// The lock in a row: an icon and the word, for an immutable tag only.
pub fn lock_marker(tag: &Tag) -> Option<impl IntoView> {
    tag.is_immutable().then(|| {
        view! {
            <span class="badge badge-lock" data-testid="tag-immutable" title=t("tags.immutable_hint")>
                <span aria-hidden="true">"🔒 "</span>{t("tags.immutable")}
            </span>
        }
    })
}

/// Whether an expiration may be set on `tag` here (Quay refuses it on an immutable tag unless
/// `IMMUTABLE_TAGS_CAN_EXPIRE`).
pub fn can_expire(tag: &Tag, features_can_expire: bool) -> bool {
    !tag.is_immutable() || features_can_expire
}

/// The drawer's line: the state, why actions are off, and the toggle.
#[component]
pub fn ImmutableState(
    ns: String,
    repo: String,
    tag: Tag,
    can_write: bool,
    on_change: Callback<Change>,
) -> impl IntoView {
    let features = use_features();
    let Some(current) = tag.immutable else {
        // The feature is off (Quay sends no flag): say so only where the switch says off.
        return (move || {
            features
                .with(|f| f.known && !f.immutable_tags)
                .then(|| view! { <p class="muted" data-testid="immutable-off">{t("tags.immutable_off")}</p> })
        })
        .into_any();
    };
    let client = use_client();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let name = tag.name.clone();
    let toggle = move |_| {
        let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), name.clone());
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::lifecycle::set_immutable(&client, &ns, &repo, &name, !current).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(()) => {
                    let key = if current {
                        "tags.unlocked"
                    } else {
                        "tags.locked"
                    };
                    toasts.success(tf(key, &[("tag", &name)]));
                    on_change.run(Change::Updated);
                }
                Err(e) => toasts.error(error_text(&e)),
            }
        });
    };
    view! {
        <div class="immutable-state" data-testid="immutable-state" data-immutable=current.to_string()>
            {if current {
                view! { <p><strong><span aria-hidden="true">"🔒 "</span>{t("tags.is_immutable")}</strong>" "{t("tags.immutable_reason")}</p> }.into_any()
            } else {
                view! { <p class="muted">{t("tags.is_mutable")}</p> }.into_any()
            }}
            {can_write.then(|| view! {
                <button type="button" class="btn" data-testid="tag-immutable-toggle" prop:disabled=move || busy.get()
                    on:click=toggle>
                    {move || if busy.get() { t("common.working") } else if current { t("tags.make_mutable") } else { t("tags.make_immutable") }}
                </button>
            })}
        </div>
    }
    .into_any()
}
