//! Add or move a tag (`PUT .../tag/{tag}` with `manifest_digest`), and set or clear expirations
//! (`PUT` with `expiration`). Inputs are checked with Quay's rules first and kept when Quay refuses.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::bulk::Change;
use super::{error_text, name_problem, now_secs};
use crate::api;
use crate::components::{use_toasts, Dialog};
use crate::i18n::{t, tf};
use crate::model::tags::{check_tag_name, valid_digest};
use crate::reactive::{effect, memo};
use crate::views::drafts::Draft;
use crate::views::use_client;

/// The list's "Add tag" dialog, as `crate::lazy_pages::add_tag` shows it.
pub fn build_add(args: super::AddTagArgs) -> AnyView {
    let super::AddTagArgs {
        ns,
        repo,
        open,
        on_change,
    } = args;
    view! { <AddTagDialog ns=ns repo=repo open=open fixed_name=None digest=None on_change=on_change/> }.into_any()
}

/// Creates a tag (or, with `fixed_name`, moves that tag) to a manifest digest.
#[component]
pub fn AddTagDialog(
    ns: String,
    repo: String,
    open: RwSignal<bool>,
    /// Move this tag instead of naming a new one.
    fixed_name: Option<String>,
    /// Start with this digest (adding a tag to the manifest on screen).
    digest: Option<String>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let moving = fixed_name.is_some();
    // What was typed, kept for the tab (the form opens again with it after a new sign-in).
    let draft = Draft::new(
        "tag-form",
        &match (&fixed_name, &digest) {
            (Some(n), _) => format!("move:{ns}/{repo}:{n}"),
            (None, Some(d)) => format!("add:{ns}/{repo}@{d}"),
            (None, None) => format!("create:{ns}/{repo}"),
        },
    );
    let kept = draft.restore::<(String, String)>();
    let name = RwSignal::new(match (&fixed_name, &kept) {
        (Some(n), _) => n.clone(),
        (None, Some((n, _))) => n.clone(),
        (None, None) => String::new(),
    });
    let target = RwSignal::new(
        kept.as_ref()
            .map_or_else(|| digest.clone().unwrap_or_default(), |(_, d)| d.clone()),
    );
    if kept.is_some() {
        open.set(true);
    }
    let close = Callback::new(move |()| {
        draft.drop();
        open.set(false);
    });
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    effect(move || {
        if open.get() {
            tried.set(false);
            error.set(None);
        }
    });
    let name_error = memo(move || {
        name.with(|n| check_tag_name(n.trim()).err())
            .map(|p| name_problem(&p))
    });
    let digest_error = memo(move || {
        (!target.with(|d| valid_digest(d.trim()))).then(|| t("tags.digest_invalid").to_owned())
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if name_error.with_untracked(Option::is_some)
            || digest_error.with_untracked(Option::is_some)
            || busy.get_untracked()
        {
            return;
        }
        let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
        let (tag, digest) = (
            name.get_untracked().trim().to_owned(),
            target.get_untracked().trim().to_owned(),
        );
        if !crate::views::flight::claim(busy) {
            return;
        }
        error.set(None);
        spawn_local(async move {
            let result = api::tags::set_target(&client, &ns, &repo, &tag, &digest).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(()) => {
                    draft.drop();
                    let key = if moving { "tags.moved" } else { "tags.created" };
                    toasts.success(tf(key, &[("tag", &tag)]));
                    on_change.run(Change::Updated);
                    open.try_set(false);
                    if !moving {
                        name.try_set(String::new());
                    }
                }
                Err(e) if e.status == 404 => {
                    error.try_set(Some(t("tags.digest_not_found").to_owned()));
                }
                Err(e) => {
                    error.try_set(Some(error_text(&e)));
                }
            }
        });
    };
    let title = match &fixed_name {
        Some(n) => tf("tags.move_title", &[("tag", n)]),
        None => t("tags.add_title").to_owned(),
    };
    view! {
        <Dialog open=open title=title on_close=close testid="tag-form">
            <form on:submit=submit.clone() novalidate=true
                on:input=move |_| if !draft.gone() { draft.save(&(name.get_untracked(), target.get_untracked())) }>
                {(!moving).then(|| view! {
                    <label class="field">
                        <span>{t("tags.field_name")}</span>
                        <input type="text" data-testid="tag-form-name" autocomplete="off" required=true
                            aria-invalid=move || (tried.get() && name_error.with(Option::is_some)).then_some("true")
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        <span class="hint">{t("tags.name_rule")}</span>
                        {move || tried.get().then(|| name_error.get()).flatten().map(|e| view! { <span class="invalid" data-testid="tag-form-name-error">{e}</span> })}
                    </label>
                })}
                <label class="field">
                    <span>{t("tags.field_digest")}</span>
                    <input type="text" class="mono" data-testid="tag-form-digest" autocomplete="off" required=true placeholder="sha256:…"
                        aria-invalid=move || (tried.get() && digest_error.with(Option::is_some)).then_some("true")
                        prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/>
                    {move || tried.get().then(|| digest_error.get()).flatten().map(|e| view! { <span class="invalid">{e}</span> })}
                </label>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="tag-form-error">{e}</p> })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="tag-form-submit" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else if moving { t("tags.move") } else { t("common.create") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// `YYYY-MM-DDTHH:MM` of unix seconds in the browser's time zone (a `datetime-local` value).
fn local_input(ts: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let d = js_sys::Date::new(&JsValue::from_f64(ts as f64 * 1000.0));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Unix seconds of a `datetime-local` value (read in the browser's time zone).
fn parse_local(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&JsValue::from_str(value.trim())).get_time();
    #[allow(clippy::cast_possible_truncation)]
    (!value.trim().is_empty() && ms.is_finite()).then(|| (ms / 1000.0).floor() as i64)
}

/// Sets or clears the expiration of one tag (sent here), or of a selection (`on_bulk` runs it).
#[component]
pub fn ExpirationDialog(
    ns: String,
    repo: String,
    open: RwSignal<bool>,
    #[prop(into)] tags: Signal<Vec<String>>,
    /// The tag's current expiration, to start from.
    current: Option<i64>,
    on_bulk: Option<Callback<Option<i64>>>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let never = RwSignal::new(false);
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // One tag's dialog keeps a draft (a selection's is not a deep link: nothing to come back to).
    let draft = Draft::new(
        "tag-expiration",
        &format!(
            "{ns}/{repo}:{}",
            tags.with_untracked(|t| t.first().cloned().unwrap_or_default())
        ),
    );
    if on_bulk.is_none() && draft.restore::<(bool, String)>().is_some() {
        open.set(true);
    }
    effect(move || {
        if open.get() {
            error.set(None);
            let kept = on_bulk
                .is_none()
                .then(|| draft.load::<(bool, String)>())
                .flatten();
            let (n, v) = kept.unwrap_or_else(|| {
                let at = current.unwrap_or_else(|| now_secs() + 7 * 86_400);
                (false, local_input(at))
            });
            never.set(n);
            value.set(v);
        }
    });
    let save_draft = move || {
        if draft.gone() {
            return;
        }
        if on_bulk.is_none() {
            draft.save(&(never.get_untracked(), value.get_untracked()));
        }
    };
    let close = Callback::new(move |()| {
        draft.drop();
        open.set(false);
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let at = if never.get_untracked() {
            None
        } else {
            match parse_local(&value.get_untracked()) {
                Some(at) if at > now_secs() => Some(at),
                Some(_) => return error.set(Some(t("tags.expiration_past").to_owned())),
                None => return error.set(Some(t("tags.expiration_invalid").to_owned())),
            }
        };
        if let Some(bulk) = on_bulk {
            // Single flight: the first submit closed the dialog; a second one runs nothing.
            if !open.get_untracked() {
                return;
            }
            open.set(false);
            bulk.run(at);
            return;
        }
        let Some(tag) = tags.get_untracked().into_iter().next() else {
            return;
        };
        let (client, ns, repo) = (client.clone(), ns.clone(), repo.clone());
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let result = api::tags::set_expiration(&client, &ns, &repo, &tag, at).await;
            if crate::views::flight::signed_out(&result) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(()) => {
                    draft.drop();
                    toasts.success(tf(
                        if at.is_some() {
                            "tags.expiration_set"
                        } else {
                            "tags.expiration_cleared"
                        },
                        &[("tag", &tag)],
                    ));
                    on_change.run(Change::Updated);
                    open.try_set(false);
                }
                Err(e) => {
                    error.try_set(Some(error_text(&e)));
                }
            }
        });
    };
    let title = Signal::derive(move || {
        tags.with(|t| match t.as_slice() {
            [one] => tf("tags.expiration_title_one", &[("tag", one)]),
            many => tf(
                "tags.expiration_title_many",
                &[("count", &many.len().to_string())],
            ),
        })
    });
    view! {
        <Dialog open=open title=title on_close=close testid="expiration-form">
            <form on:submit=submit.clone() novalidate=true on:input=move |_| save_draft() on:change=move |_| save_draft()>
                <fieldset class="field">
                    <legend>{t("tags.expiration_when")}</legend>
                    <label class="check">
                        <input type="radio" name="expiry" data-testid="expiration-at" prop:checked=move || !never.get() on:change=move |_| never.set(false)/>
                        {t("tags.expiration_at")}
                    </label>
                    <input type="datetime-local" data-testid="expiration-value" aria-label=t("tags.expiration_at")
                        prop:disabled=move || never.get() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    <label class="check">
                        <input type="radio" name="expiry" data-testid="expiration-never" prop:checked=move || never.get() on:change=move |_| never.set(true)/>
                        {t("tags.expiration_never")}
                    </label>
                    <span class="hint">{t("tags.expiration_hint")}</span>
                </fieldset>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="expiration-error">{e}</p> })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| close.run(())>{t("common.cancel")}</button>
                    <button type="submit" class="btn btn-primary" data-testid="expiration-submit" prop:disabled=move || busy.get()>{t("common.save")}</button>
                </div>
            </form>
        </Dialog>
    }
}
