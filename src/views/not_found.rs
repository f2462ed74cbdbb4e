use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::{t, tf};

#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    view! {
        <section class="page" data-testid="not-found">
            <h1>{t("notfound.title")}</h1>
            <p>{move || tf("notfound.text", &[("path", &location.pathname.get())])}</p>
            <A href=crate::routes::home()>{t("notfound.home")}</A>
        </section>
    }
}
