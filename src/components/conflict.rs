//! Someone else changed the thing being edited between its load and this save: both versions,
//! field by field, and the choice of which to keep.

use leptos::prelude::*;

use crate::i18n::t;

/// One field of the comparison: its label, Quay's current value and the person's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDiff {
    pub label: String,
    pub theirs: String,
    pub yours: String,
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        t("conflict.empty").to_owned()
    } else {
        value.to_owned()
    }
}

#[component]
pub fn ConflictPanel(
    #[prop(into)] fields: Signal<Vec<FieldDiff>>,
    on_keep_theirs: Callback<()>,
    on_save_mine: Callback<()>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <section class="notice notice-warn conflict" role="alert" data-testid="conflict">
            <h2>{t("conflict.title")}</h2>
            <p>{t("conflict.text")}</p>
            <table class="conflict-table">
                <thead><tr>
                    <th scope="col">{t("conflict.field")}</th>
                    <th scope="col">{t("conflict.theirs")}</th>
                    <th scope="col">{t("conflict.yours")}</th>
                </tr></thead>
                <tbody>
                    {move || fields.get().into_iter().map(|f| view! {
                        <tr data-testid="conflict-row" class:same=f.theirs == f.yours>
                            <th scope="row">{f.label.clone()}</th>
                            <td data-testid="conflict-theirs">{shown(&f.theirs)}</td>
                            <td data-testid="conflict-yours">{shown(&f.yours)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" class="btn" data-testid="conflict-keep-theirs"
                    prop:disabled=move || busy.get() on:click=move |_| on_keep_theirs.run(())>{t("conflict.keep_theirs")}</button>
                <button type="button" class="btn btn-primary" data-testid="conflict-save-mine"
                    prop:disabled=move || busy.get() on:click=move |_| on_save_mine.run(())>{t("conflict.save_mine")}</button>
            </div>
        </section>
    }
}
