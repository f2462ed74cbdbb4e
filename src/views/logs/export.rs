//! The export dialog: browser downloads of the loaded entries that match the filter (CSV and
//! NDJSON), "load everything" first with progress and cancel, and Quay's own server export to an
//! e-mail address or a callback URL.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::download::save_text;
use super::loader::Loader;
use crate::api;
use crate::components::error_view::describe;
use crate::components::{use_toasts, CopyButton, Dialog};
use crate::i18n::{t, tf};
use crate::model::logs::export::{self, validate, ExportError, ExportTarget};
use crate::model::logs::filter::Window;
use crate::model::logs::LogScope;
use crate::views::drafts::Draft;
use crate::views::use_client;

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Ndjson,
}

/// The server export form's draft (target and address) for `scope`: the logs page opens the dialog
/// again when one is kept (after a new sign-in); closing the dialog drops it.
#[must_use]
pub fn draft(scope: &LogScope) -> Draft {
    Draft::new("logs-export", &scope.slug())
}

#[component]
pub fn ExportDialog(
    open: RwSignal<bool>,
    scope: Memo<LogScope>,
    #[prop(into)] window: Signal<Option<Window>>,
    loader: Loader,
    shown: Memo<Vec<usize>>,
    /// The aggregate's total for the window, to show progress against.
    #[prop(into)]
    expected: Signal<Option<u64>>,
) -> impl IntoView {
    let toasts = use_toasts();
    let kept = draft(&scope.get_untracked());
    let file_base = move || {
        let w = window.get();
        let range = w
            .map(|w| format!("-{}-{}", w.start.iso(), w.end.iso()))
            .unwrap_or_default();
        format!("quay-logs-{}{range}", scope.with(LogScope::slug))
    };
    let download = move |format: Format| {
        let text = loader.rows.with_untracked(|rows| {
            shown.with_untracked(|indices| {
                let picked = indices
                    .iter()
                    .filter_map(|i| rows.get(*i))
                    .map(AsRef::as_ref);
                match format {
                    Format::Csv => export::csv(picked),
                    Format::Ndjson => export::ndjson(picked),
                }
            })
        });
        let (ext, mime) = match format {
            Format::Csv => ("csv", "text/csv;charset=utf-8"),
            Format::Ndjson => ("ndjson", "application/x-ndjson"),
        };
        let name = format!("{}.{ext}", untrack(file_base));
        match save_text(&name, mime, &text) {
            Ok(()) => toasts.success(tf(
                "logs.export.downloaded",
                &[
                    ("count", &shown.with_untracked(Vec::len).to_string()),
                    ("file", &name),
                ],
            )),
            Err(e) => toasts.error(e),
        }
    };
    let count = move || shown.with(Vec::len);
    let loaded = move || loader.rows.with(Vec::len);
    // Whole percent of the aggregate's count that is loaded (integers: no float formatting).
    let percent = move || {
        let total = expected.get().unwrap_or(0).max(1);
        let done = u64::try_from(loaded()).unwrap_or(0);
        (done.saturating_mul(100) / total).min(100)
    };
    let partial = move || loader.has_more() && !loader.loading_all.get();
    view! {
        <Dialog open=open title=t("logs.export.title") on_close=Callback::new(move |()| { kept.drop(); open.set(false); }) testid="logs-export">
            <section aria-labelledby="logs-download-title">
                <h3 id="logs-download-title">{t("logs.export.download_title")}</h3>
                <p data-testid="logs-export-count">{move || tf("logs.export.download_text", &[("count", &count().to_string()), ("loaded", &loaded().to_string())])}</p>
                <p class="notice notice-warn" hidden=move || !partial()>{t("logs.export.partial")}</p>
                <div class="toolbar">
                    <button type="button" class="btn" data-testid="download-csv" prop:disabled=move || count() == 0
                        on:click=move |_| download(Format::Csv)>{t("logs.export.csv")}</button>
                    <button type="button" class="btn" data-testid="download-ndjson" prop:disabled=move || count() == 0
                        on:click=move |_| download(Format::Ndjson)>{t("logs.export.ndjson")}</button>
                    <button type="button" class="btn" data-testid="logs-load-all" hidden=move || !partial()
                        on:click=move |_| loader.set_load_all(true)>{t("logs.export.load_all")}</button>
                </div>
                <div class="logs-progress" data-testid="logs-load-progress" role="status" hidden=move || !loader.loading_all.get()>
                    <p>{move || match expected.get() {
                        Some(total) => tf("logs.export.progress_of", &[("loaded", &loaded().to_string()), ("total", &total.to_string()), ("pages", &loader.pages.get().to_string())]),
                        None => tf("logs.export.progress", &[("loaded", &loaded().to_string()), ("pages", &loader.pages.get().to_string())]),
                    }}</p>
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" hidden=move || expected.get().is_none()
                        aria-valuenow=move || percent().to_string()><div style:width=move || format!("{}%", percent())></div></div>
                    <button type="button" class="btn" data-testid="logs-load-cancel"
                        on:click=move |_| loader.set_load_all(false)>{t("common.cancel")}</button>
                </div>
                <p class="muted" data-testid="logs-all-loaded" hidden=move || !(loader.finished() && loader.pages.get() > 1)>
                    {t("logs.export.complete")}
                </p>
            </section>
            {move || scope.with(LogScope::server_export).then(|| view! { <ServerExport scope=scope window=window kept=kept/> })}
        </Dialog>
    }
}

#[component]
fn ServerExport(
    scope: Memo<LogScope>,
    window: Signal<Option<Window>>,
    kept: Draft,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    // (whether the target is a URL, the address), kept for the tab while the form is open.
    let (url, typed) = kept.restore::<(bool, String)>().unwrap_or_default();
    let target = RwSignal::new(if url {
        ExportTarget::Url
    } else {
        ExportTarget::Email
    });
    let value = RwSignal::new(typed);
    let save_draft = move || {
        if kept.gone() {
            return;
        }
        kept.save(&(
            target.get_untracked() == ExportTarget::Url,
            value.get_untracked(),
        ));
    };
    let invalid = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let body = match validate(target.get_untracked(), &value.get_untracked()) {
            Ok(body) => body,
            Err(e) => {
                invalid.set(Some(match e {
                    ExportError::Empty => t("logs.export.server_empty").to_owned(),
                    ExportError::BadEmail => t("logs.export.server_bad_email").to_owned(),
                    ExportError::BadUrl => t("logs.export.server_bad_url").to_owned(),
                }));
                return;
            }
        };
        invalid.set(None);
        let Some(w) = window.get_untracked() else {
            refused.set(Some(t("logs.export.server_no_window").to_owned()));
            return;
        };
        let (client, scope) = (client.clone(), scope.get_untracked());
        if !crate::views::flight::claim(busy) {
            return;
        }
        spawn_local(async move {
            let answer = api::logs::export(&client, &scope, w, &body).await;
            if crate::views::flight::signed_out(&answer) {
                return;
            }
            busy.try_set(false);
            match answer {
                Ok(r) => {
                    kept.drop();
                    toasts.success(tf("logs.export.server_done", &[("id", &r.export_id)]));
                    result.try_set(Some(r.export_id));
                }
                Err(e) => {
                    refused.try_set(Some(describe(&e)));
                }
            }
        });
    };
    let is_email = move || target.get() == ExportTarget::Email;
    view! {
        <section aria-labelledby="logs-server-export-title">
            <h3 id="logs-server-export-title">{t("logs.export.server_title")}</h3>
            <p class="muted">{move || window.get().map(|w| tf("logs.export.server_text", &[("from", &w.start.iso()), ("to", &w.end.iso())]))}</p>
            <form class="logs-server-export" data-testid="logs-server-export" on:submit=submit novalidate
                on:input=move |_| save_draft() on:change=move |_| save_draft()>
                <fieldset class="logs-export-target">
                    <legend>{t("logs.export.server_target")}</legend>
                    <label><input type="radio" name="logs-export-target" data-testid="export-target-email"
                        prop:checked=is_email on:change=move |_| { target.set(ExportTarget::Email); invalid.set(None); }/>
                        " "{t("logs.export.server_email")}</label>
                    <label><input type="radio" name="logs-export-target" data-testid="export-target-url"
                        prop:checked=move || !is_email() on:change=move |_| { target.set(ExportTarget::Url); invalid.set(None); }/>
                        " "{t("logs.export.server_url")}</label>
                </fieldset>
                <label class="field">
                    <span>{move || if is_email() { t("logs.export.server_email_label") } else { t("logs.export.server_url_label") }}</span>
                    <input type=move || if is_email() { "email" } else { "url" } data-testid="export-callback" autocomplete="off"
                        aria-invalid=move || invalid.with(Option::is_some).then_some("true") aria-describedby="logs-export-problem"
                        placeholder=move || if is_email() { t("logs.export.server_email_placeholder") } else { t("logs.export.server_url_placeholder") }
                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    <span id="logs-export-problem" class="field-error" role="alert" data-testid="export-problem">
                        {move || invalid.get().or_else(|| refused.get())}
                    </span>
                </label>
                <div class="actions">
                    <button type="submit" class="btn btn-primary" data-testid="export-submit" prop:disabled=move || busy.get()>
                        {move || if busy.get() { t("common.working") } else { t("logs.export.server_submit") }}
                    </button>
                </div>
            </form>
            <p class="notice notice-ok" data-testid="export-result" hidden=move || result.with(Option::is_none)>
                {t("logs.export.server_queued")}" "<code data-testid="export-id">{move || result.get()}</code>" "
                <CopyButton text=Signal::derive(move || result.get().unwrap_or_default()) label=t("logs.export.copy_id")/>
            </p>
        </section>
    }
}
