//! Modal dialogs on the native `<dialog>`: the browser traps focus and Escape closes it.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::t;
use crate::reactive::effect;

/// A modal dialog shown while `open` is true; Escape or the close button call `on_close`.
#[component]
pub fn Dialog(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(optional, into)] testid: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    effect(move || {
        let Some(dialog) = node.get() else { return };
        // `try_get`: the page that owns `open` may be gone already (a 401 unmounts the shell).
        if open.try_get().unwrap_or(false) {
            show_when_connected(dialog, open, 0);
        } else if dialog.open() {
            dialog.close();
        }
    });
    let title_id = format!("dlg-{}", js_sys::Math::random().to_bits());
    let heading_id = title_id.clone();
    view! {
        <dialog node_ref=node class="dialog" aria-labelledby=title_id
            data-testid=testid.unwrap_or_else(|| "dialog".into())
            on:cancel=move |ev: web_sys::Event| { ev.prevent_default(); on_close.run(()); }>
            <Show when=move || open.try_get().unwrap_or(false)>
                <header class="dialog-header">
                    <h2 id=heading_id.clone()>{move || title.get()}</h2>
                    <button type="button" class="btn-icon" aria-label=t("common.close")
                        on:click=move |_| on_close.run(())>"×"</button>
                </header>
                <div class="dialog-body">{children()}</div>
            </Show>
        </dialog>
    }
}

/// `showModal()` refuses a dialog that is not in the document yet (a page that is still being
/// mounted, as a lazily loaded one is at first): try again on the next frames.
fn show_when_connected(dialog: web_sys::HtmlDialogElement, open: Signal<bool>, attempt: u32) {
    if dialog.open() || !open.get_untracked() {
        return;
    }
    if dialog.is_connected() {
        let _ = dialog.show_modal();
    } else if attempt < 60 {
        request_animation_frame(move || show_when_connected(dialog, open, attempt + 1));
    }
}

/// "Are you sure?" before anything destructive. With `type_to_confirm`, the confirm button stays
/// disabled until that exact text is typed (for large or irreversible changes).
#[component]
pub fn ConfirmDialog(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(optional, into)] type_to_confirm: Signal<Option<String>>,
    #[prop(optional, into)] busy: Signal<bool>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    effect(move || {
        if open.get() {
            typed.set(String::new());
        }
    });
    let ready = move || {
        !busy.get()
            && type_to_confirm
                .get()
                .is_none_or(|expected| typed.get().trim() == expected)
    };
    view! {
        <Dialog open=open title=title on_close=on_cancel testid="confirm-dialog">
            <p class="confirm-message">{move || message.get()}</p>
            {move || type_to_confirm.get().map(|expected| view! {
                <label class="field">
                    <span>{crate::i18n::tf("common.type_to_confirm", &[("phrase", &expected)])}</span>
                    <input type="text" autocomplete="off" data-testid="confirm-typed"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
            })}
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>{t("common.cancel")}</button>
                <button type="button" class="btn btn-danger" data-testid="confirm-ok"
                    prop:disabled=move || !ready()
                    on:click=move |_| if ready() { on_confirm.run(()) }>
                    {move || if busy.get() { t("common.working").to_owned() } else { confirm_label.get() }}
                </button>
            </div>
        </Dialog>
    }
}
