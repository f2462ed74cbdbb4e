//! The command palette (Ctrl+K): jump to any namespace, repository or page by typing.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{use_client, use_features, use_go, use_user};
use crate::api;
use crate::components::Dialog;
use crate::i18n::t;
use crate::model::features::Features;
use crate::model::text::FoldCase;
use crate::reactive::{effect, memo};
use crate::routes::{self, NamespaceArea};

/// Results shown at most.
const SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    label: String,
    kind: &'static str,
    href: String,
}

/// A repository's pages: label key, route, and the switch that turns the page's feature off.
type RepoPage = (
    &'static str,
    fn(&str, &str) -> String,
    Option<fn(&Features) -> bool>,
);

const REPO_PAGES: [RepoPage; 6] = [
    ("nav.tags", routes::repo_tags, None),
    ("nav.history", routes::repo_tag_history, None),
    ("nav.mirror", routes::repo_mirror, Some(|f| f.repo_mirror)),
    ("nav.logs", routes::repo_logs, None),
    (
        "nav.immutability",
        routes::repo_immutability,
        Some(|f| f.immutable_tags),
    ),
    (
        "nav.autoprune",
        routes::repo_autoprune,
        Some(|f| f.auto_prune),
    ),
];

/// `ns/repo · Page`, marked "(off)" as in the side navigation when this Quay has the feature off.
fn page_label(repo: &str, key: &'static str, on: bool) -> String {
    if on {
        format!("{repo} · {}", t(key))
    } else {
        format!("{repo} · {} {}", t(key), t("nav.off"))
    }
}

/// Whether every word of `query` occurs in `label` (case-insensitive).
fn matches(label: &str, query: &str) -> bool {
    let label = label.folded();
    query
        .folded()
        .split_whitespace()
        .all(|word| label.contains(word))
}

/// Whether the palette is open; the shell provides it (Ctrl+K and the header button set it).
#[derive(Clone, Copy)]
pub struct PaletteOpen(pub RwSignal<bool>);

/// The palette as the lazily loaded chunk shows it: its open state comes from [`PaletteOpen`].
#[component]
pub fn PalettePage() -> impl IntoView {
    let open = use_context::<PaletteOpen>().map_or_else(|| RwSignal::new(false), |p| p.0);
    view! { <CommandPalette open=open/> }
}

#[component]
pub fn CommandPalette(open: RwSignal<bool>) -> impl IntoView {
    let user = use_user();
    let features = use_features();
    let client = use_client();
    let go = use_go();
    let query = RwSignal::new(String::new());
    let selected = RwSignal::new(0_usize);
    let repos = RwSignal::new(Vec::<Item>::new());
    let loaded = StoredValue::new(false);

    // Repositories are fetched the first time the palette opens (first page of each namespace).
    effect(move || {
        if !open.get() || loaded.get_value() {
            return;
        }
        loaded.set_value(true);
        let namespaces = user
            .get_untracked()
            .map(|u| u.namespaces())
            .unwrap_or_default();
        for ns in namespaces {
            let client = client.clone();
            spawn_local(async move {
                if let Ok(page) = api::repositories::list(&client, &ns.name, None).await {
                    let features = features.get_untracked();
                    let on = REPO_PAGES.map(|(_, _, f)| f.is_none_or(|f| f(&features)));
                    let items = page.repositories.into_iter().flat_map(|r| {
                        let name = r.full_name();
                        let repo = Item {
                            label: name.clone(),
                            kind: "palette.repo",
                            href: routes::repository(&r.namespace, &r.name),
                        };
                        let pages =
                            REPO_PAGES
                                .into_iter()
                                .zip(on)
                                .map(move |((key, href, _), on)| Item {
                                    label: page_label(&name, key, on),
                                    kind: "palette.page",
                                    href: href(&r.namespace, &r.name),
                                });
                        std::iter::once(repo).chain(pages)
                    });
                    repos.try_update(|all| all.extend(items));
                }
            });
        }
    });

    let static_items = memo(move || {
        let Some(user) = user.get() else {
            return Vec::new();
        };
        let mut items = vec![Item {
            label: t("nav.home").to_owned(),
            kind: "palette.page",
            href: routes::home(),
        }];
        for ns in user.namespaces() {
            items.push(Item {
                label: ns.name.clone(),
                kind: "palette.ns",
                href: routes::namespace(&ns.name),
            });
            for area in NamespaceArea::ALL
                .into_iter()
                .filter(|a| a.applies(ns.is_user))
            {
                items.push(Item {
                    label: format!("{} · {}", ns.name, t(area.nav_key())),
                    kind: "palette.page",
                    href: routes::namespace_area(&ns.name, ns.is_user, area),
                });
            }
            // The robot creation wizard's first step (after the pages, so "ns robot" still
            // finds the list first).
            items.push(Item {
                label: format!("{} · {}", ns.name, t("palette.create_robot")),
                kind: "palette.page",
                href: format!(
                    "{}?create=1&step=1",
                    routes::namespace_area(&ns.name, ns.is_user, NamespaceArea::Robots)
                ),
            });
        }
        if !user.super_user {
            items.push(Item {
                label: t("nav.su_mirrors").to_owned(),
                kind: "palette.page",
                href: routes::mirrors_health(),
            });
        }
        if user.super_user {
            for (key, href) in [
                ("nav.su_logs", routes::superuser_logs()),
                ("nav.su_quotas", routes::superuser_quotas()),
                ("nav.su_registry_size", routes::superuser_registry_size()),
                ("nav.su_mirrors", routes::superuser_mirrors()),
            ] {
                items.push(Item {
                    label: format!("{} · {}", t("nav.superuser"), t(key)),
                    kind: "palette.page",
                    href,
                });
            }
        }
        items
    });

    let results = memo(move || {
        let q = query.get();
        let mut out: Vec<Item> = static_items.with(|s| {
            s.iter()
                .filter(|i| matches(&i.label, &q))
                .cloned()
                .collect()
        });
        repos.with(|r| out.extend(r.iter().filter(|i| matches(&i.label, &q)).cloned()));
        out.truncate(SHOWN);
        out
    });

    let choose = {
        let go = go.clone();
        move |item: Item| {
            open.set(false);
            query.set(String::new());
            go(&item.href, false);
        }
    };
    let on_key = {
        let choose = choose.clone();
        move |ev: web_sys::KeyboardEvent| {
            let n = results.with(Vec::len);
            match ev.key().as_str() {
                "ArrowDown" => {
                    ev.prevent_default();
                    selected.update(|s| *s = if n == 0 { 0 } else { (*s + 1) % n });
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    selected.update(|s| *s = if n == 0 { 0 } else { (*s + n - 1) % n });
                }
                "Enter" => {
                    ev.prevent_default();
                    if let Some(item) = results.with(|r| r.get(selected.get_untracked()).cloned()) {
                        choose(item);
                    }
                }
                _ => {}
            }
        }
    };

    view! {
        <Dialog open=open title=t("palette.title").to_owned() on_close=Callback::new(move |()| open.set(false)) testid="palette">
            <input type="text" class="palette-input" autofocus=true data-testid="palette-input"
                role="combobox" aria-expanded="true" aria-controls="palette-results"
                aria-label=t("palette.placeholder") placeholder=t("palette.placeholder")
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); selected.set(0); }
                on:keydown=on_key.clone() />
            <ul id="palette-results" class="palette-results" role="listbox" data-testid="palette-results">
                {let choose = choose.clone(); move || {
                    let choose = choose.clone();
                    let list = results.get();
                    if list.is_empty() {
                        return view! { <li class="muted">{t("palette.none")}</li> }.into_any();
                    }
                    list.into_iter().enumerate().map(|(i, item)| {
                        let choose = choose.clone();
                        let chosen = item.clone();
                        view! {
                            <li role="option" aria-selected=move || (selected.get() == i).to_string()
                                class:active=move || selected.get() == i
                                on:mousedown=move |ev| { ev.prevent_default(); choose(chosen.clone()); }>
                                <span>{item.label.clone()}</span>
                                <span class="badge">{t(item.kind)}</span>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <p class="muted">{t("palette.hint")}</p>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_word_matches() {
        assert!(super::matches("buynlarge · Robot accounts", "buy rob"));
        assert!(!super::matches("library/ubuntu", "debian"));
        assert!(super::matches("anything", ""));
    }
}
