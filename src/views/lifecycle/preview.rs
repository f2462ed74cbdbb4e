//! The tags the previews check. A repository page reads its repository's first 100 alive tags
//! once the policy list has answered; a namespace page reads a repository the user names. One
//! bearer call each time, never on the first screen's critical path.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::lifecycle::Owner;
use crate::api::{self, ApiError};
use crate::components::error_view::describe;
use crate::i18n::{t, tf};
use crate::model::lifecycle::PreviewTag;
use crate::model::tags::TagQuery;
use crate::reactive::effect;
use crate::views::{use_client, use_user};

/// How many names a preview lists before "and N more".
const SHOWN: usize = 12;

type Tags = Option<Result<Vec<PreviewTag>, ApiError>>;

/// The repository the previews read, and its tags once loaded.
#[derive(Clone, Copy)]
pub struct Source {
    pub repo: RwSignal<Option<(String, String)>>,
    pub tags: RwSignal<Tags>,
    /// A namespace page: the user picks the repository.
    pub pick: bool,
}

impl Source {
    /// Marks `names` immutable in the loaded tags (a policy just locked them).
    pub fn lock(&self, names: &[String]) {
        self.tags.update(|t| {
            if let Some(Ok(tags)) = t {
                for tag in tags.iter_mut().filter(|t| names.contains(&t.name)) {
                    tag.immutable = true;
                }
            }
        });
    }
}

/// The preview source of `owner`; `ready` says the page's own first answer is in.
pub fn use_source(owner: &Owner, ready: Signal<bool>) -> Source {
    let client = use_client();
    let source = Source {
        repo: RwSignal::new(match owner {
            Owner::Repo(ns, repo) => Some((ns.clone(), repo.clone())),
            _ => None,
        }),
        tags: RwSignal::new(None),
        pick: !matches!(owner, Owner::Repo(..)),
    };
    effect(move || {
        let Some((ns, repo)) = source.repo.get() else {
            return;
        };
        if !ready.get() {
            return;
        }
        let client = client.clone();
        source.tags.set(None);
        spawn_local(async move {
            let query = TagQuery::first_page(true, None);
            let result = api::tags::list(&client, &ns, &repo, &query).await.map(|p| {
                p.tags
                    .into_iter()
                    .map(|t| PreviewTag {
                        immutable: t.is_immutable(),
                        name: t.name,
                        start_ts: t.start_ts,
                    })
                    .collect()
            });
            source.tags.try_set(Some(result));
        });
    });
    source
}

/// For a namespace page: "preview with the tags of repository [ ] (Load)".
#[component]
pub fn Picker(owner: Owner, source: Source) -> impl IntoView {
    let user = use_user();
    let typed = RwSignal::new(String::new());
    let namespace = move || match &owner {
        Owner::Org(org) => org.clone(),
        Owner::Repo(ns, _) => ns.clone(),
        Owner::User => user
            .with(|u| u.as_ref().map(|u| u.username.clone()))
            .unwrap_or_default(),
    };
    let load = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let name = typed.get_untracked().trim().to_owned();
        if !name.is_empty() {
            source.repo.set(Some((namespace(), name)));
        }
    };
    view! {
        <form class="toolbar lc-picker" on:submit=load>
            <label class="field">
                <span>{t("lc.preview_repo")}</span>
                <input type="text" data-testid="lc-preview-repo" autocomplete="off"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="btn" data-testid="lc-preview-load">{t("lc.preview_load")}</button>
        </form>
    }
}

/// The outcome of a preview: `names` the policy would touch among `of` loaded tags.
#[component]
pub fn Outcome(
    source: Source,
    /// `(names, already)`: the tags it would change, and those it covers that already are so.
    #[prop(into)]
    result: Signal<Option<(Vec<String>, usize)>>,
    /// Message key with `{count}` and `{of}`.
    key: &'static str,
) -> impl IntoView {
    move || {
        match source.tags.get() {
        None if source.repo.with(Option::is_none) => {
            view! { <p class="muted" data-testid="lc-preview">{t("lc.preview_pick")}</p> }.into_any()
        }
        None => view! { <p class="muted" data-testid="lc-preview">{t("lc.preview_loading")}</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="field-error" data-testid="lc-preview">{tf("lc.preview_failed", &[("error", &describe(&e))])}</p>
        }.into_any(),
        Some(Ok(tags)) => {
            let of = tags.len().to_string();
            let repo = source.repo.get().map(|(n, r)| format!("{n}/{r}")).unwrap_or_default();
            match result.get() {
                None => view! { <p class="muted" data-testid="lc-preview">{t("lc.preview_fix")}</p> }.into_any(),
                Some((names, already)) => {
                    let more = names.len().saturating_sub(SHOWN);
                    view! {
                        <div class="lc-preview" data-testid="lc-preview" aria-live="polite">
                            <p data-testid="lc-preview-count">{tf(key, &[("count", &names.len().to_string()), ("of", &of), ("repo", &repo)])}
                                {(already > 0).then(|| tf("lc.preview_already", &[("count", &already.to_string())]))}</p>
                            <ul class="chips">
                                {names.into_iter().take(SHOWN).map(|n| view! { <li class="chip mono" data-testid="lc-preview-tag">{n}</li> }).collect_view()}
                            </ul>
                            {(more > 0).then(|| view! { <p class="muted">{tf("lc.preview_more", &[("count", &more.to_string())])}</p> })}
                        </div>
                    }.into_any()
                }
            }
        }
    }
    }
}
