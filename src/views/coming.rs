use leptos::prelude::*;

use crate::i18n::{t, tf};

/// The page of an area whose view is not built yet: the route and navigation exist already.
#[component]
pub fn Coming(area: &'static str) -> impl IntoView {
    view! {
        <section class="page" data-testid="coming">
            <h1>{tf("coming.title", &[("area", t(area))])}</h1>
            <p>{t("coming.text")}</p>
        </section>
    }
}
