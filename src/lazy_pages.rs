//! The area pages, kept out of the first load.
//!
//! Each area (tags, robots, applications, quotas, mirrors, logs, access, review, org_mirror, lifecycle) is a `#[wasm_split]` point when
//! the console is built with `--cfg quay_split` (`cargo xtask build` does): its code sits in a
//! wasm chunk of its own that the browser fetches the first time one of its pages opens. A failed
//! fetch is an error panel with a retry, never a panic (`fallible`). Without the cfg (tests,
//! `trunk serve`) the same functions are plain calls, so both builds run the same page code.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::Loading;
use crate::i18n::t;

/// An area's chunk could not be fetched (network down, or a new deployment replaced it).
#[derive(Debug, Clone, Copy)]
pub struct ChunkError;

#[cfg(quay_split)]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

type Page = Result<AnyView, ChunkError>;
type LoadPage = fn() -> Pin<Box<dyn Future<Output = Page>>>;

/// Shows the page `load` gives once its chunk is in; a panel with a retry when it cannot be had.
/// `quiet`: nothing is shown while the chunk loads (for parts that are not pages).
#[component]
fn LazyPage(load: LoadPage, #[prop(optional)] quiet: bool) -> impl IntoView {
    let attempt = RwSignal::new(0_u32);
    move || {
        attempt.track();
        view! {
            <Suspense fallback=move || (!quiet).then(|| view! { <Loading/> })>
                {Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(page) => page,
                        Err(ChunkError) => view! {
                            <div class="error-view" role="alert" data-testid="chunk-error">
                                <h2>{t("error.title")}</h2>
                                <p>{t("lazy.failed")}</p>
                                <div class="actions">
                                    <button type="button" class="btn"
                                        on:click=move |_| attempt.update(|n| *n += 1)>{t("error.retry")}</button>
                                </div>
                            </div>
                        }.into_any(),
                    }
                }))}
            </Suspense>
        }
    }
}

/// Awaits a split function; calls a plain one.
#[cfg(quay_split)]
macro_rules! call {
    ($load:ident) => {
        $load().await
    };
}
#[cfg(not(quay_split))]
macro_rules! call {
    ($load:ident) => {
        $load()
    };
}

/// `Page => load = path;` in an area makes the split function `load` and the component `Page`
/// that shows it; `Page [quiet] => ...` shows nothing while the chunk loads (parts that are not pages).
macro_rules! lazy_pages {
    (@quiet) => { false };
    (@quiet quiet) => { true };
    (@texts $area:ident ()) => { stringify!($area) };
    (@texts $area:ident ($texts:ident)) => { stringify!($texts) };
    ($($area:ident $(($texts:ident))? { $($body:tt)* })*) => {$(
        lazy_pages!(@area $area ($($texts)?) { $($body)* });
    )*};
    (@area $area:ident $texts:tt { $($page:ident $([$quiet:ident])? => $load:ident = $path:path;)* }) => {$(
        #[cfg_attr(quay_split, ::leptos::wasm_split::wasm_split(
            $area, wasm_split_path = ::leptos::wasm_split, fallible
        ))]
        fn $load() -> Page {
            // The area's messages are data of this chunk, not of the main module. `area(texts)`:
            // the area shows the messages of `locales/*/texts.txt`.
            #[cfg(quay_split)]
            crate::i18n::add_area(lazy_pages!(@texts $area $texts), &[
                ("en", include_str!(concat!("../locales/en/", lazy_pages!(@texts $area $texts), ".txt"))),
                ("zh", include_str!(concat!("../locales/zh/", lazy_pages!(@texts $area $texts), ".txt"))),
                ("ja", include_str!(concat!("../locales/ja/", lazy_pages!(@texts $area $texts), ".txt"))),
            ]);
            Ok(untrack(|| $path().into_any()))
        }

        #[component]
        pub fn $page() -> impl IntoView {
            view! { <LazyPage load=|| Box::pin(async { call!($load) }) quiet=lazy_pages!(@quiet $($quiet)?)/> }
        }
    )*};
}

lazy_pages! {
    tags {
        TagsPage => load_tags = crate::views::tags::TagsPage;
    }
    // The time machine: a page of its own, with the tags' messages.
    tag_history(tags) {
        TagHistoryPage => load_tag_history = crate::views::tags::TagHistoryPage;
    }
    robots {
        RobotsPage => load_robots = crate::views::robots::RobotsPage;
    }
    applications {
        ApplicationsPage => load_applications = crate::views::applications::ApplicationsPage;
        AppTokensPage => load_app_tokens = crate::views::applications::AppTokensPage;
    }
    quotas {
        QuotasPage => load_quotas = crate::views::quotas::QuotasPage;
        SuperuserQuotasPage => load_superuser_quotas = crate::views::quotas::SuperuserQuotasPage;
        RegistrySizePage => load_registry_size = crate::views::quotas::RegistrySizePage;
    }
    mirrors {
        MirrorPage => load_mirror = crate::views::mirrors::MirrorPage;
        MirrorHealthPage => load_mirror_health = crate::views::mirrors::MirrorHealthPage;
    }
    logs {
        LogsPage => load_logs = crate::views::logs::LogsPage;
    }
    // Who can do what: an organization's default permissions, the user's authorized applications.
    access {
        DefaultPermissionsPage => load_default_permissions = crate::views::access::DefaultPermissionsPage;
        ProxyCachePage => load_proxy_cache = crate::views::access::ProxyCachePage;
        AuthorizationsPage => load_authorizations = crate::views::access::AuthorizationsPage;
    }
    // Organization mirroring: a whole Quay organization or Harbor project mirrored into one.
    org_mirror {
        OrgMirrorPage => load_org_mirror = crate::views::org_mirror::OrgMirrorPage;
    }
    // The access review of an organization or the user.
    review {
        ReviewPage => load_review = crate::views::review::ReviewPage;
    }
    // Tag lifecycle policies: immutability and auto-prune, of a namespace or a repository.
    lifecycle {
        ImmutabilityPage => load_immutability = crate::views::lifecycle::ImmutabilityPage;
        AutoprunePage => load_autoprune = crate::views::lifecycle::AutoprunePage;
    }
    // The command palette, mounted the first time it opens (`PaletteOpen` in context).
    palette {
        LazyPalette [quiet] => load_palette = crate::views::palette::PalettePage;
    }
    // "Sign out everywhere": its confirmation and the revoking, mounted on first use.
    account {
        LazySignOut [quiet] => load_sign_out = crate::views::sign_out::SignOutDialog;
    }
}

/// Chinese and Japanese core messages: a chunk per language.
macro_rules! lang_chunk {
    ($load:ident, $chunk:ident, $code:literal) => {
        #[cfg_attr(quay_split, ::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible))]
        fn $load() -> Result<(), ChunkError> {
            #[cfg(quay_split)]
            crate::i18n::add_area(
                concat!("core_", $code),
                &[(
                    $code,
                    include_str!(concat!("../locales/", $code, "/core.txt")),
                )],
            );
            Ok(())
        }
    };
}

lang_chunk!(load_lang_zh, lang_zh, "zh");
lang_chunk!(load_lang_ja, lang_ja, "ja");

/// Makes the core messages of language `code` available (English always is). When its chunk
/// cannot be had the console stays usable: a missing message falls back to English.
pub async fn load_lang(code: &str) -> Result<(), ChunkError> {
    match code {
        "zh" => call!(load_lang_zh),
        "ja" => call!(load_lang_ja),
        _ => Ok(()),
    }
}

type Build<A> = fn(A) -> AnyView;
type LoadPart<A> = fn() -> Pin<Box<dyn Future<Output = Result<Build<A>, ChunkError>>>>;

/// Shows a part of an area (a drawer, a dialog): at once when its chunk is in (`built`), else once
/// it has been fetched, with a retry when it cannot be had. Nothing is shown while it loads: the
/// area's own page is on screen around it.
fn lazy_part<A: Clone + Send + Sync + 'static>(
    built: &'static std::sync::OnceLock<Build<A>>,
    load: LoadPart<A>,
    args: A,
) -> AnyView {
    if let Some(build) = built.get() {
        return untrack(|| build(args));
    }
    let attempt = RwSignal::new(0_u32);
    (move || {
        attempt.track();
        let args = args.clone();
        view! {
            <Suspense fallback=|| ()>
                {Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(build) => {
                            let _ = built.set(build);
                            untrack(|| build(args))
                        }
                        Err(ChunkError) => view! {
                            <div class="notice notice-warn" role="alert" data-testid="chunk-error">
                                <span>{t("lazy.failed")}</span>
                                <button type="button" class="btn btn-small"
                                    on:click=move |_| attempt.update(|n| *n += 1)>{t("error.retry")}</button>
                            </div>
                        }.into_any(),
                    }
                }))}
            </Suspense>
        }
    })
    .into_any()
}

/// `show = load: Args => build;` makes the split function `load` (in chunk `area`, which an area's
/// page fetches only when it first shows one of these parts) and `show(args)`, the view.
macro_rules! lazy_parts {
    ($($area:ident { $($show:ident = $load:ident: $args:ty => $build:path;)* })*) => {$($(
        #[cfg_attr(quay_split, ::leptos::wasm_split::wasm_split(
            $area, wasm_split_path = ::leptos::wasm_split, fallible
        ))]
        fn $load() -> Result<Build<$args>, ChunkError> {
            Ok($build)
        }

        pub fn $show(args: $args) -> AnyView {
            static BUILT: std::sync::OnceLock<Build<$args>> = std::sync::OnceLock::new();
            lazy_part(&BUILT, || Box::pin(async { call!($load) }), args)
        }
    )*)*};
}

lazy_parts! {
    // What the tags view shows only on demand: a tag's drawer, the dialogs, the bulk bar and the
    // security report. A deep link into the tags view does not fetch them.
    tag_tools {
        tag_details = load_tag_details: crate::views::tags::DetailsArgs => crate::views::tags::details::build;
        add_tag = load_add_tag: crate::views::tags::AddTagArgs => crate::views::tags::dialogs::build_add;
        bulk_bar = load_bulk_bar: crate::views::tags::BulkArgs => crate::views::tags::bulk::build;
        security_drawer = load_security_drawer: crate::views::tags::SecurityArgs => crate::views::tags::security_report::build;
    }
}
