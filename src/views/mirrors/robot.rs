//! The robot picker: a text box suggesting the namespace's robots. Listing robots needs a
//! namespace admin (`org:admin` / `user:admin`); a repository admin who is not one can still type
//! the robot's full name. A link opens the robots page (in a new tab, so the form keeps its input).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::fields::TextField;
use crate::api;
use crate::components::error_view::describe;
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::routes::{self, NamespaceArea};
use crate::views::use_client;

#[derive(Clone, Debug, PartialEq)]
enum Listing {
    Loading,
    Loaded(Vec<String>),
    Failed(ApiError),
}

#[component]
pub fn RobotPicker(
    ns: String,
    is_user: bool,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The names, when they could be listed (for the form's check).
    known: RwSignal<Option<Vec<String>>>,
) -> impl IntoView {
    let client = use_client();
    let listing = RwSignal::new(Listing::Loading);
    let load = {
        let ns = ns.clone();
        move || {
            let (client, ns) = (client.clone(), ns.clone());
            listing.set(Listing::Loading);
            spawn_local(async move {
                let result = api::mirrors::robots(&client, &ns, is_user).await;
                match result {
                    Ok(list) => {
                        let names = list.names();
                        known.try_set(Some(names.clone()));
                        listing.try_set(Listing::Loaded(names));
                    }
                    Err(e) => {
                        known.try_set(None);
                        listing.try_set(Listing::Failed(e));
                    }
                }
            });
        }
    };
    load();
    let status = {
        let ns = ns.clone();
        move || match listing.get() {
            Listing::Loading => tf("mirrors.robot.loading", &[("ns", &ns)]),
            Listing::Loaded(names) if names.is_empty() => tf("mirrors.robot.none", &[("ns", &ns)]),
            Listing::Loaded(names) => tf(
                "mirrors.robot.count",
                &[("ns", &ns), ("count", &names.len().to_string())],
            ),
            Listing::Failed(e) => tf(
                "mirrors.robot.unlisted",
                &[("ns", &ns), ("reason", &describe(&e))],
            ),
        }
    };
    let robots_page = routes::namespace_area(&ns, is_user, NamespaceArea::Robots);
    let placeholder = format!("{ns}+mirrorbot");
    view! {
        <TextField label=t("mirrors.form.robot") testid="mirror-robot" value=value on_input=on_input
            error=error placeholder=placeholder list="mirror-robot-list" />
        <datalist id="mirror-robot-list">
            {move || match listing.get() {
                Listing::Loaded(names) => names.into_iter().map(|n| view! { <option value=n></option> }).collect_view().into_any(),
                _ => ().into_any(),
            }}
        </datalist>
        <p class="hint mirror-robot-status" data-testid="mirror-robot-status" aria-live="polite">
            <span>{status}</span>
            " "
            <A href=robots_page target="_blank" attr:data-testid="mirror-robot-create">{t("mirrors.robot.create")}</A>
            " "
            <button type="button" class="btn btn-small" data-testid="mirror-robot-reload"
                on:click=move |_| load()>{t("mirrors.robot.reload")}</button>
        </p>
    }
}
