//! The usage-log explorer, for the signed-in user (`/user/logs`), an organization
//! (`/organization/:org/logs`), a repository (`/repository/:ns/:repo/logs`) and, for superusers,
//! the registry (`/superuser/logs`).
//!
//! The filter lives in the URL (`?from=YYYY-MM-DD&to=...&performer=...&kinds=a,b&q=...`). Dates and
//! the performer (where Quay supports it) go to Quay; kinds and free text filter the loaded entries.
//! The window defaults to the last 7 days, today included (Quay's own default is one day).

mod chart;
mod download;

pub use download::save_text;
mod drawer;
mod export;
mod filters;
mod loader;
mod table;

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use self::chart::LogChart;
use self::drawer::EntryDrawer;
use self::export::ExportDialog;
use self::filters::FilterBar;
use self::loader::{Loader, LogRequest};
use self::table::LogTable;
use super::{use_client, use_route_path, use_user};
use crate::api;
use crate::components::error_view::describe;
use crate::i18n::{t, tf};
use crate::model::error::ErrorKind;
use crate::model::logs::date::Day;
use crate::model::logs::filter::{LocalFilter, LogFilter, Row};
use crate::model::logs::LogScope;
use crate::reactive::{effect, memo, resource};
use crate::routes;

/// Which logs a route shows.
fn scope_of(path: &str, params: &ParamsMap) -> LogScope {
    if path.starts_with("/superuser/") {
        return LogScope::Superuser;
    }
    match (params.get("ns"), params.get("repo"), params.get("org")) {
        (Some(namespace), Some(repo), _) => LogScope::Repo { namespace, repo },
        (_, _, Some(org)) => LogScope::Org(org),
        _ => LogScope::User,
    }
}

fn today() -> Day {
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (js_sys::Date::now() / 1000.0) as i64;
    Day::of_seconds(seconds)
}

#[component]
pub fn LogsPage() -> impl IntoView {
    let client = use_client();
    let user = use_user();
    let path = use_route_path();
    let params = super::use_params();
    let query = use_query_map();
    let navigate = use_navigate();

    let scope = memo(move || params.with(|p| scope_of(&path.get(), p)));
    let filter = memo(move || query.with(|q| LogFilter::from_query(|k| q.get(k))));
    let today = today();
    let window = memo(move || filter.with(|f| f.window(today)));
    let request = memo(move || {
        let scope = scope.get();
        let window = window.get().ok()?;
        let performer = filter
            .with(|f| f.performer_name().map(str::to_owned))
            .filter(|_| scope.server_performer());
        let namespace = match &scope {
            LogScope::User => user.with(|u| u.as_ref().map(|u| u.username.clone())),
            other => other.namespace().map(str::to_owned),
        };
        Some(LogRequest {
            scope,
            window,
            performer,
            namespace,
        })
    });

    let loader = Loader::new(client.clone());
    effect(move || {
        let next = request.get();
        untrack(|| loader.reset(next));
    });
    let local =
        memo(move || filter.with(|f| LocalFilter::new(f, scope.with(LogScope::server_performer))));
    let shown = memo(move || local.with(|l| loader.rows.with(|rows| l.apply(rows))));
    // The chart's counts wait for the first entries, so the first screen makes one
    // bearer call before its first row (each call holds one of Quay's workers for ~210 ms).
    // (Quay may answer short or empty pages: the first entries can take a few pages.)
    // Once in for a request, it stays in (the loader goes on fetching pages as the table asks).
    let latch = StoredValue::new((None::<LogRequest>, false));
    let first_in = memo(move || {
        let current = request.get();
        let settled = (shown.with(|r| !r.is_empty()) && !loader.loading.get())
            || (loader.pages.get() > 0 && loader.next.with(Option::is_none))
            || loader.error.with(Option::is_some);
        let (seen, was_in) = latch.get_value();
        let now_in = (seen == current && was_in) || settled;
        latch.set_value((current, now_in));
        now_in
    });
    // ...and a moment more, so that the first rows are painted before the chart's call leaves.
    let chart_ready = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    effect(move || {
        let go = first_in.get();
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        if go {
            let handle = set_timeout_with_handle(
                move || chart_ready.set(true),
                std::time::Duration::from_millis(200),
            );
            timer.set_value(handle.ok());
        } else {
            chart_ready.set(false);
        }
    });
    let aggregate = resource(move || {
        let (client, request) = (client.clone(), request.get());
        let ready = chart_ready.get();
        async move {
            let r = request.filter(|_| ready)?;
            Some(api::logs::aggregate(&client, &r.scope, r.window, r.performer.as_deref()).await)
        }
    });
    let aggregated = Signal::derive(move || aggregate.get().flatten());

    let refusal = Signal::derive(move || {
        loader.refusal().map(|e| describe(&e)).or_else(|| {
            aggregated
                .get()
                .and_then(Result::err)
                .filter(|e| e.kind == ErrorKind::Refused)
                .map(|e| describe(&e))
        })
    });
    let kinds = Signal::derive(move || {
        let mut all: BTreeSet<String> = filter.with(|f| f.kinds.iter().cloned().collect());
        if let Some(Ok(data)) = aggregated.get() {
            all.extend(data.aggregated.into_iter().map(|c| c.kind));
        }
        loader
            .rows
            .with(|rows| all.extend(rows.iter().map(|r| r.entry.kind.clone())));
        all.into_iter().collect::<Vec<_>>()
    });
    let expected = Signal::derive(move || {
        aggregated
            .get()
            .and_then(Result::ok)
            .map(|d| d.aggregated.iter().map(|c| c.count).sum::<u64>())
    });

    let set_filter = Callback::new(move |(next, replace): (LogFilter, bool)| {
        let target = routes::href(&format!("{}{}", path.get_untracked(), next.to_query()));
        navigate(
            &target,
            NavigateOptions {
                resolve: false,
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });
    let toggle_kind = Callback::new(move |kind: String| {
        set_filter.run((filter.get_untracked().toggled_kind(&kind), false));
    });
    let opened = RwSignal::new(None::<Arc<Row>>);
    // Open again with its draft after a new sign-in (the server export form was being filled).
    let export_open = RwSignal::new(
        export::draft(&scope.get_untracked())
            .load::<(bool, String)>()
            .is_some(),
    );
    let title = move || match scope.get() {
        LogScope::User => t("logs.title.user").to_owned(),
        LogScope::Org(org) => tf("logs.title.org", &[("org", &org)]),
        LogScope::Repo { namespace, repo } => tf(
            "logs.title.repo",
            &[("repo", &format!("{namespace}/{repo}"))],
        ),
        LogScope::Superuser => t("logs.title.superuser").to_owned(),
    };
    let window_ok = Signal::derive(move || window.get().ok());
    view! {
        <section class="page logs" data-testid="logs-page">
            <header class="logs-head">
                <h1>{title}</h1>
                <button type="button" class="btn" data-testid="logs-export-open"
                    on:click=move |_| export_open.set(true)>{t("logs.export.open")}</button>
            </header>
            <FilterBar filter=filter window=window refusal=refusal kinds=kinds
                server_performer=Signal::derive(move || scope.with(LogScope::server_performer))
                on_change=set_filter/>
            <LogChart aggregate=aggregated window=window_ok
                selected=Signal::derive(move || filter.with(|f| f.kinds.clone()))
                on_toggle=toggle_kind on_retry=Callback::new(move |()| aggregate.refetch())/>
            <LogTable loader=loader shown=shown
                show_namespace=Signal::derive(move || scope.with(LogScope::shows_namespace))
                filtered=Signal::derive(move || !local.with(LocalFilter::is_empty))
                refused=Signal::derive(move || refusal.with(Option::is_some) || window.with(Result::is_err))
                on_open=Callback::new(move |row| opened.set(Some(row)))/>
            <EntryDrawer row=opened/>
            <ExportDialog open=export_open scope=scope window=window_ok loader=loader shown=shown expected=expected/>
        </section>
    }
}
