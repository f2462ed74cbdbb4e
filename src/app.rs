//! The app: config → session → router and shell. Context provided here: `Arc<Config>`, `Session`,
//! `Client`, `Toasts`, `CurrentUser`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Router, A};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::params::ParamsMap;

use crate::api::{self, Client};
use crate::auth::{self, CallbackResult, Session};
use crate::components::toast::ToastRegion;
use crate::components::{ErrorView, Loading, Toasts};
use crate::i18n::{t, tf};
use crate::lazy_pages::{
    AppTokensPage, ApplicationsPage, AuthorizationsPage, AutoprunePage, DefaultPermissionsPage,
    ImmutabilityPage, LazyPalette, LogsPage, MirrorHealthPage, MirrorPage, OrgMirrorPage,
    ProxyCachePage, QuotasPage, RegistrySizePage, ReviewPage, RobotsPage, SuperuserQuotasPage,
    TagHistoryPage, TagsPage,
};
use crate::model::config::Config;
use crate::prefs::{self, Theme};
use crate::reactive::{effect, memo, resource};
use crate::routes::{self, NamespaceArea};
use crate::views::home::HomePage;
use crate::views::not_found::NotFound;
use crate::views::palette::PaletteOpen;
use crate::views::repository::RepositoryPage;
use crate::views::setup::SetupPage;
use crate::views::sign_in::SignInPage;
use crate::views::sign_out::SignOutEverywhere;
use crate::views::{
    use_features, use_route_path, use_user, CurrentUser, RouteParams, ServerFeatures,
};

/// Loads `config.json`, then runs the console or shows the set-up page.
/// The current language code; changing it re-renders the console in that language.
#[derive(Clone, Copy)]
pub struct LangSignal(pub RwSignal<&'static str>);

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(prefs::initial_lang());
    prefs::apply_lang(lang.get_untracked());
    prefs::apply_theme(prefs::initial_theme(), false);
    provide_context(LangSignal(lang));
    let base = auth::base_path();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let config_url = format!("{origin}{base}");
    let config = resource(move || {
        let url = config_url.clone();
        async move {
            // Chinese and Japanese messages are a chunk, fetched first: a second resource to fetch
            // it beside config.json was measured at +1.8 KiB gzip in every first load.
            let _ = crate::lazy_pages::load_lang(lang.get_untracked()).await;
            api::config::load(&url).await
        }
    });
    view! {
        <Suspense fallback=|| view! { <main class="splash"><Loading/></main> }>
            {move || config.get().map(|loaded| match loaded {
                Ok(config) => view! { <Console config=Arc::new(config)/> }.into_any(),
                Err(error) => {
                    let redirect = format!("{}{}", web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default(), auth::base_path());
                    view! { <SetupPage error=error redirect_uri=redirect/> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Console(config: Arc<Config>) -> impl IntoView {
    let session = Session::restore();
    let outcome = auth::complete_from_location(&session);
    let client = Client::new(&config.quay_url, session);
    if session.is_signed_in() {
        crate::views::early::start(&client);
    }
    provide_context(session);
    provide_context(client);
    provide_context(config.clone());
    provide_context(Toasts::new());
    let base = auth::base_path().trim_end_matches('/').to_owned();
    routes::set_base(&base);
    let outcome =
        StoredValue::new(outcome.filter(|o| !matches!(o, CallbackResult::SignedIn { .. })));
    view! {
        <Router base=base>
            {move || {
                let config = config.clone();
                // A language switch re-renders everything below in the new language.
                if let Some(LangSignal(lang)) = use_context::<LangSignal>() {
                    lang.track();
                }
                if session.is_signed_in() {
                    view! { <Shell/> }.into_any()
                } else {
                    view! { <SignedOut config=config outcome=outcome.get_value() expired=session.is_expired()/> }.into_any()
                }
            }}
            <ToastRegion/>
        </Router>
    }
}

#[component]
fn SignedOut(config: Arc<Config>, outcome: Option<CallbackResult>, expired: bool) -> impl IntoView {
    let location = use_location();
    let path = use_route_path();
    // The router's `search` has no leading `?`.
    let return_to = Signal::derive(move || {
        let search = location.search.get();
        let sep = if search.is_empty() || search.starts_with('?') {
            ""
        } else {
            "?"
        };
        format!("{}{sep}{search}", path.get())
    });
    view! { <SignInPage config=config outcome=outcome expired=expired return_to=return_to/> }
}

/// The signed-in frame: header, navigation, breadcrumbs and the routed page.
///
/// The routed page renders at once: its own request is the first screen's only bearer call on
/// its critical path. The signed-in user comes from what this tab last saw (kept beside the
/// token) and is refreshed with `GET /user/` once the page's first answer is in (or at once when
/// the page cannot do without the user, or the tab has not seen it yet and nothing else runs).
#[component]
fn Shell() -> impl IntoView {
    let client = use_context::<Client>();
    let registry = use_context::<Arc<Config>>()
        .map(|c| auth::quay_origin(&c))
        .unwrap_or_default();
    let cached = auth::cached_user(&registry);
    let user = RwSignal::new(cached.clone());
    provide_context(CurrentUser(user));
    let failed = RwSignal::new(None::<api::ApiError>);
    let refresh = {
        let registry = registry.clone();
        move || load_user(client.clone(), registry.clone(), user, failed)
    };
    // Without a user, a page that cannot do without it (home, the user's own namespace, the
    // superuser pages) asks at once. Otherwise the refresh waits until the page's first screen is
    // in, so the two never queue for the same Quay worker on the first screen.
    let path = use_route_path();
    if cached.is_none() && routes::needs_user(&path.get_untracked()) {
        refresh();
    } else {
        let pending = StoredValue::new(Some(refresh.clone()));
        let fire = move || {
            if let Some(go) = pending.try_update_value(Option::take).flatten() {
                go();
            }
        };
        // A second after the page's first answer (its rows are on screen by then), or after
        // three seconds for a page that asks nothing.
        let activity = use_context::<Client>().map(|c| c.activity());
        let armed = StoredValue::new(false);
        effect(move || {
            if activity.is_none_or(|a| a.get().idle_after_first()) && !armed.get_value() {
                armed.set_value(true);
                let _ = set_timeout_with_handle(fire, std::time::Duration::from_secs(1));
            }
        });
        let _ = set_timeout_with_handle(fire, std::time::Duration::from_secs(3));
    }
    let palette = RwSignal::new(false);
    provide_context(PaletteOpen(palette));
    // The palette's chunk is fetched the first time it opens; it stays mounted after that.
    let palette_wanted =
        Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || palette.get());
    let keys = window_event_listener(leptos::ev::keydown, move |ev| on_global_key(&ev, palette));
    on_cleanup(move || keys.remove());
    let retry_user = Callback::new(move |()| refresh());
    let features = RwSignal::new(api::features::cached(&registry).unwrap_or_default());
    provide_context(ServerFeatures(features));
    let shell = view! {
        <a class="skip-link" href="#main">{t("nav.skip")}</a>
        <Header palette=palette/>
        {move || palette_wanted.get().then(|| view! { <LazyPalette/> })}
        <div class="layout">
            <SideNav/>
            <main id="main" class="main" tabindex="-1">
                <Breadcrumbs/>
                <crate::views::request_status::RequestStatus/>
                {move || (user.with(Option::is_none)).then(|| failed.get()).flatten().map(|e| view! {
                    <ErrorView error=e on_retry=retry_user/>
                })}
                <AppRoutes/>
            </main>
        </div>
    };
    // Quay's features, once per tab: a token-less `GET /config` (no bcrypt), started after the
    // page's own first request (this effect is created after the page's), and never waited for.
    if !features.with_untracked(|f| f.known) {
        let quay_url = use_context::<Arc<Config>>()
            .map(|c| c.quay_url.clone())
            .unwrap_or_default();
        let started = StoredValue::new(false);
        effect(move || {
            if started.get_value() {
                return;
            }
            started.set_value(true);
            let (quay_url, registry) = (quay_url.clone(), registry.clone());
            leptos::task::spawn_local(async move {
                if let Some(found) = api::features::load(&quay_url, &registry).await {
                    features.try_set(found);
                }
            });
        });
    }
    shell
}

/// `GET /user/`: remembered for the tab, or the failure kept for the shell to show.
fn load_user(
    client: Option<Client>,
    registry: String,
    user: RwSignal<Option<crate::model::user::User>>,
    failed: RwSignal<Option<api::ApiError>>,
) {
    leptos::task::spawn_local(async move {
        let Some(client) = client else { return };
        match api::user::current(&client).await {
            Ok(u) => {
                auth::remember_user(&registry, &u);
                failed.set(None);
                user.set(Some(u));
            }
            Err(e) => failed.set(Some(e)),
        }
    });
}

/// The routed page. The console matches its own routes ([`routes::match_route`]) instead of
/// leptos_router's `<Routes>`: a flat match is a fraction of the code a tuple of nested routes
/// compiles to, and that code is in every first load. The page's parameters are a context
/// ([`crate::views::use_params`]).
#[component]
fn AppRoutes() -> impl IntoView {
    use routes::Route;
    let path = use_route_path();
    let matched = memo(move || {
        let path = path.get();
        let (route, params) = routes::match_route(&path);
        (route, params.into_iter().collect::<ParamsMap>())
    });
    let route = memo(move || matched.with(|m| m.0));
    // The router changes the address bar (pushState) only once the routed view says the new page
    // is in place, which `<Routes>` would do; here that is after every change of path.
    let pathname = use_location().pathname;
    let browser = use_context::<BrowserUrl>();
    effect(move || {
        pathname.track();
        if let Some(browser) = &browser {
            browser.ready_to_complete();
        }
    });
    provide_context(RouteParams(memo(move || matched.with(|m| m.1.clone()))));
    move || match route.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Repository => view! { <RepositoryPage/> }.into_any(),
        Route::Tags => view! { <TagsPage/> }.into_any(),
        Route::TagHistory => view! { <TagHistoryPage/> }.into_any(),
        Route::Mirror => view! { <MirrorPage/> }.into_any(),
        Route::RepositoryLogs | Route::OrgLogs | Route::UserLogs | Route::SuperuserLogs => {
            view! { <LogsPage/> }.into_any()
        }
        Route::OrgRobots | Route::UserRobots => view! { <RobotsPage/> }.into_any(),
        Route::OrgApplications => view! { <ApplicationsPage/> }.into_any(),
        Route::UserAppTokens => view! { <AppTokensPage/> }.into_any(),
        Route::OrgDefaultPermissions => view! { <DefaultPermissionsPage/> }.into_any(),
        Route::OrgProxyCache => view! { <ProxyCachePage/> }.into_any(),
        Route::OrgMirror => view! { <OrgMirrorPage/> }.into_any(),
        Route::UserAuthorizations => view! { <AuthorizationsPage/> }.into_any(),
        Route::OrgReview | Route::UserReview => view! { <ReviewPage/> }.into_any(),
        Route::OrgImmutability | Route::RepoImmutability => {
            view! { <ImmutabilityPage/> }.into_any()
        }
        Route::OrgAutoprune | Route::UserAutoprune | Route::RepoAutoprune => {
            view! { <AutoprunePage/> }.into_any()
        }
        Route::OrgQuotas | Route::UserQuotas => view! { <QuotasPage/> }.into_any(),
        Route::SuperuserQuotas => view! { <SuperuserQuotasPage/> }.into_any(),
        Route::RegistrySize => view! { <RegistrySizePage/> }.into_any(),
        Route::SuperuserMirrors | Route::MirrorHealth => view! { <MirrorHealthPage/> }.into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    }
}

/// Ctrl+K (or Cmd+K) opens the palette; `/` focuses the page's filter (an element with `data-filter`).
fn on_global_key(ev: &web_sys::KeyboardEvent, palette: RwSignal<bool>) {
    let typing = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
        ev.prevent_default();
        palette.set(true);
    } else if ev.key() == "/" && !typing && !palette.get_untracked() {
        let filter = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-filter]").ok().flatten())
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(filter) = filter {
            ev.prevent_default();
            let _ = filter.focus();
        }
    }
}

#[component]
fn Preferences() -> impl IntoView {
    let lang = use_context::<LangSignal>();
    let theme = RwSignal::new(prefs::initial_theme());
    let langs = crate::i18n::LANGS;
    view! {
        <div class="prefs">
            {(langs.len() > 1).then(|| view! {
                <label>
                    <span class="visually-hidden">{t("prefs.lang")}</span>
                    <select data-testid="lang-select" aria-label=t("prefs.lang")
                        on:change=move |ev| {
                            let code = crate::i18n::best_match([event_target_value(&ev).as_str()]);
                            leptos::task::spawn_local(async move {
                                let _ = crate::lazy_pages::load_lang(code).await;
                                prefs::save_lang(code);
                                if let Some(LangSignal(l)) = lang { l.set(code); }
                            });
                        }>
                        {langs.iter().map(|l| view! {
                            <option value=l.code selected=crate::i18n::lang().code == l.code>{l.name}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <label>
                <span class="visually-hidden">{t("prefs.theme")}</span>
                <select data-testid="theme-select" aria-label=t("prefs.theme")
                    on:change=move |ev| {
                        let chosen = Theme::from_code(&event_target_value(&ev));
                        theme.set(chosen);
                        prefs::apply_theme(chosen, true);
                    }>
                    {Theme::ALL.into_iter().map(|th| {
                        let key = match th { Theme::Auto => "prefs.theme_auto", Theme::Light => "prefs.theme_light", Theme::Dark => "prefs.theme_dark" };
                        view! { <option value=th.code() selected=move || theme.get() == th>{t(key)}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn Header(palette: RwSignal<bool>) -> impl IntoView {
    let session = use_context::<Session>();
    let user = use_user();
    let scopes = move || session.map(|s| s.scopes().join(" ")).unwrap_or_default();
    view! {
        <header class="topbar">
            <A href=routes::home() attr:class="brand">{t("app.name")}</A>
            <button type="button" class="btn btn-small" data-testid="palette-open" aria-keyshortcuts="Control+K"
                on:click=move |_| palette.set(true)>{t("palette.open")}</button>
            <div class="spacer"></div>
            <Preferences/>
            <div class="who" data-testid="whoami">
                {move || user.get().map(|u| view! {
                    <span class="avatar" style:background-color=u.avatar.color.clone() aria-hidden="true"></span>
                    <span data-testid="username">{tf("auth.signed_in_as", &[("user", &u.username)])}</span>
                    {u.super_user.then(|| view! { <span class="badge badge-admin">{t("auth.superuser")}</span> })}
                })}
                // Quay's callback names the granted scopes; without them there is nothing to say.
                {move || Some(scopes()).filter(|s| !s.is_empty()).map(|s| view! {
                    <span class="scopes muted" data-testid="scopes" title=s.clone()>{tf("auth.scopes", &[("scopes", &s)])}</span>
                })}
            </div>
            <button type="button" class="btn" data-testid="sign-out"
                on:click=move |_| { if let Some(s) = session { s.sign_out(); } }>{t("auth.sign_out")}</button>
            <SignOutEverywhere/>
        </header>
    }
}

/// Navigation for where the user is: the repository's areas, the namespace's areas, superuser pages.
#[component]
fn SideNav() -> impl IntoView {
    let path = use_route_path();
    let user = use_user();
    let features = use_features();
    let mirror_on = memo(move || features.with(|f| f.repo_mirror));
    let quota_on = memo(move || features.with(|f| f.quota_management));
    let immutable_on = memo(move || features.with(|f| f.immutable_tags));
    let prune_on = memo(move || features.with(|f| f.auto_prune));
    let proxy_on = memo(move || features.with(|f| f.proxy_cache));
    let org_mirror_on = memo(move || features.with(|f| f.org_mirror));
    // A feature this Quay has turned off keeps its link (the page explains), marked "off".
    let off_mark = move |on: bool| {
        (!on).then(
            || view! { <span class="nav-off muted" data-testid="nav-off">" "{t("nav.off")}</span> },
        )
    };
    let place = memo(move || routes::place(&path.get()));
    view! {
        <nav class="sidenav" aria-label=t("nav.main") data-testid="sidenav">
            <A href=routes::home() exact=true>{t("nav.home")}</A>
            {move || {
                let place = place.get();
                let username = user.with(|u| u.as_ref().map(|u| u.username.clone())).unwrap_or_default();
                let repo_links = match (&place.namespace, &place.repository) {
                    (Some(ns), Some(repo)) => Some(view! {
                        <h3>{format!("{ns}/{repo}")}</h3>
                        <A href=routes::repo_tags(ns, repo) exact=true>{t("nav.tags")}</A>
                        <A href=routes::repo_tag_history(ns, repo)>{t("nav.history")}</A>
                        <A href=routes::repo_mirror(ns, repo) attr:data-testid="nav-mirror">{t("nav.mirror")}{off_mark(mirror_on.get())}</A>
                        <A href=routes::repo_logs(ns, repo)>{t("nav.logs")}</A>
                        <A href=routes::repo_immutability(ns, repo) attr:data-testid="nav-immutability">{t("nav.immutability")}{off_mark(immutable_on.get())}</A>
                        <A href=routes::repo_autoprune(ns, repo) attr:data-testid="nav-autoprune">{t("nav.autoprune")}{off_mark(prune_on.get())}</A>
                    }),
                    _ => None,
                };
                let ns_name = if place.is_user { Some(username.clone()) } else { place.namespace.clone() };
                let ns_links = ns_name.map(|ns| {
                    let is_user = place.is_user || ns == username;
                    let links = NamespaceArea::ALL.into_iter().filter(|a| a.applies(is_user)).map(|area| {
                        let on = match area {
                            NamespaceArea::Quotas => quota_on.get(),
                            NamespaceArea::ImmutabilityPolicies => immutable_on.get(),
                            NamespaceArea::AutoprunePolicies => prune_on.get(),
                            NamespaceArea::ProxyCache => proxy_on.get(),
                            NamespaceArea::OrgMirror => org_mirror_on.get(),
                            _ => true,
                        };
                        view! { <A href=routes::namespace_area(&ns, is_user, area)>{t(area.nav_key())}{off_mark(on)}</A> }
                    }).collect_view();
                    view! { <h3>{ns.clone()}</h3>{links} }
                });
                view! { {repo_links} {ns_links} }
            }}
            // Everyone may see the health of the mirrors they can read (`/repository/mirror/health`);
            // superusers get the registry-wide page under "Superuser" instead.
            {move || user.with(|u| u.as_ref().is_some_and(|u| !u.super_user)).then(|| view! {
                <A href=routes::mirrors_health()>{t("nav.su_mirrors")}{off_mark(mirror_on.get())}</A>
            })}
            {move || user.with(|u| u.as_ref().is_some_and(|u| u.super_user)).then(|| view! {
                <h3>{t("nav.superuser")}</h3>
                <A href=routes::superuser_logs()>{t("nav.su_logs")}</A>
                <A href=routes::superuser_quotas()>{t("nav.su_quotas")}{off_mark(quota_on.get())}</A>
                <A href=routes::superuser_registry_size()>{t("nav.su_registry_size")}{off_mark(quota_on.get())}</A>
                <A href=routes::superuser_mirrors()>{t("nav.su_mirrors")}{off_mark(mirror_on.get())}</A>
            })}
        </nav>
    }
}

#[component]
fn Breadcrumbs() -> impl IntoView {
    let path = use_route_path();
    let user = use_user();
    view! {
        <nav class="breadcrumbs" aria-label=t("nav.breadcrumbs") data-testid="breadcrumbs">
            {move || {
                let place = routes::place(&path.get());
                let mut crumbs: Vec<(String, String)> = vec![(routes::home(), t("nav.home").to_owned())];
                let ns = if place.is_user { user.with(|u| u.as_ref().map(|u| u.username.clone())) } else { place.namespace.clone() };
                if let Some(ns) = &ns {
                    crumbs.push((routes::namespace(ns), ns.clone()));
                }
                if let (Some(ns), Some(repo)) = (&place.namespace, &place.repository) {
                    crumbs.push((routes::repository(ns, repo), repo.clone()));
                }
                if let Some(area) = &place.area {
                    crumbs.push((path.get(), area.clone()));
                }
                let last = crumbs.len().saturating_sub(1);
                crumbs.into_iter().enumerate().map(|(i, (href, label))| {
                    if i == last {
                        view! { <span aria-current="page">{label}</span> }.into_any()
                    } else {
                        view! { <A href=href>{label}</A><span class="sep" aria-hidden="true">"/"</span> }.into_any()
                    }
                }).collect_view()
            }}
        </nav>
    }
}
