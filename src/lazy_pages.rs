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
    ($($area:ident { $($page:ident $([$quiet:ident])? => $load:ident = $path:path;)* })*) => {$($(
        #[cfg_attr(quay_split, ::leptos::wasm_split::wasm_split(
            $area, wasm_split_path = ::leptos::wasm_split, fallible
        ))]
        fn $load() -> Page {
            // The area's messages are data of this chunk, not of the main module.
            #[cfg(quay_split)]
            crate::i18n::add_area(stringify!($area), &[
                ("en", include_str!(concat!("../locales/en/", stringify!($area), ".txt"))),
                ("zh", include_str!(concat!("../locales/zh/", stringify!($area), ".txt"))),
                ("ja", include_str!(concat!("../locales/ja/", stringify!($area), ".txt"))),
            ]);
            Ok(untrack(|| $path().into_any()))
        }

        #[component]
        pub fn $page() -> impl IntoView {
            view! { <LazyPage load=|| Box::pin(async { call!($load) }) quiet=lazy_pages!(@quiet $($quiet)?)/> }
        }
    )*)*};
}

lazy_pages! {
    tags {
        TagsPage => load_tags = crate::views::tags::TagsPage;
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
