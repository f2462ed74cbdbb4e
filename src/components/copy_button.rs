use leptos::prelude::*;

use crate::i18n::t;

/// Copies `text` to the clipboard and says so for a moment.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// What is copied, for screen readers ("Copy pull command").
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let aria = label.unwrap_or_else(|| t("common.copy").to_owned());
    let on_click = move |_| {
        let value = text.get_untracked();
        if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
            let _ = clipboard.write_text(&value);
        }
        copied.set(true);
        set_timeout(
            move || copied.set(false),
            std::time::Duration::from_millis(1500),
        );
    };
    view! {
        <button type="button" class="btn btn-small copy" aria-label=aria on:click=on_click data-testid="copy">
            {move || if copied.get() { t("common.copied") } else { t("common.copy") }}
        </button>
    }
}
