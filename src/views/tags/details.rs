//! The drawer of one tag (`?tag=NAME`, a deep link): what it points to, pull commands, the
//! manifest's layers and labels, and the tag's actions (move, expiration, add a tag, delete).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::bulk::Change;
use super::dialogs::{AddTagDialog, ExpirationDialog};
use super::labels::Labels;
use super::{error_text, now_secs};
use crate::api;
use crate::components::{use_toasts, ConfirmDialog, CopyButton, EmptyState, ErrorView, Loading};
use crate::i18n::{t, tf};
use crate::model::tags::{
    format_utc, human_size, platforms, pull_commands, registry_host, Manifest, Tag, TagQuery,
};
use crate::model::url::build_query;
use crate::reactive::{effect, resource};
use crate::routes;
use crate::views::use_client;

/// The drawer, as `crate::lazy_pages::tag_details` shows it.
pub fn build(args: super::DetailsArgs) -> AnyView {
    let super::DetailsArgs {
        ns,
        repo,
        name,
        on_close,
        on_change,
    } = args;
    view! { <TagDetails ns=ns repo=repo name=name on_close=on_close on_change=on_change/> }
        .into_any()
}

#[component]
pub fn TagDetails(
    ns: String,
    repo: String,
    name: String,
    on_close: Callback<()>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let client = use_client();
    let reload = RwSignal::new(0_u32);
    let found = {
        let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), name.clone());
        resource(move || {
            reload.track();
            let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), name.clone());
            async move {
                let query = TagQuery {
                    page: 1,
                    limit: 1,
                    active_only: true,
                    like: None,
                    specific: Some(name),
                };
                api::tags::list(&client, &ns, &repo, &query)
                    .await
                    .map(|p| p.tags.into_iter().next())
            }
        })
    };
    // Escape closes the drawer wherever the focus is, unless a dialog on top of it takes it.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let dialog_open = document()
            .query_selector("dialog[open]")
            .ok()
            .flatten()
            .is_some();
        if ev.key() == "Escape" && !dialog_open {
            on_close.run(());
        }
    });
    on_cleanup(move || keys.remove());
    let heading = NodeRef::<html::H2>::new();
    effect(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let history = format!(
        "{}{}",
        routes::repo_tag_history(&ns, &repo),
        build_query(&[("filter", name.as_str())])
    );
    let body = move || {
        let (ns, repo, history) = (ns.clone(), repo.clone(), history.clone());
        found.get().map(move |r| match r {
            Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |()| found.refetch())/> }.into_any(),
            Ok(None) => view! {
                <EmptyState message=t("tags.gone")>
                    <A href=history attr:class="btn">{t("tags.open_history")}</A>
                </EmptyState>
            }
            .into_any(),
            Ok(Some(tag)) => view! { <TagBody ns=ns repo=repo tag=tag history=history on_close=on_close on_change=Callback::new(move |c| { reload.update(|n| *n += 1); on_change.run(c); })/> }.into_any(),
        })
    };
    view! {
        <aside class="drawer tag-drawer" role="dialog" aria-labelledby="tag-drawer-title" data-testid="tag-details">
            <header class="dialog-header">
                <h2 id="tag-drawer-title" tabindex="-1" node_ref=heading class="mono">{name.clone()}</h2>
                <button type="button" class="btn-icon" aria-label=t("common.close") data-testid="tag-details-close" on:click=move |_| on_close.run(())>"×"</button>
            </header>
            {move || body().unwrap_or_else(|| view! { <Loading/> }.into_any())}
        </aside>
    }
}

#[component]
fn TagBody(
    ns: String,
    repo: String,
    tag: Tag,
    history: String,
    on_close: Callback<()>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let can_write = client.session().has_scope(api::scope::REPO_WRITE);
    let page_host = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default();
    let host = registry_host(client.base(), &page_host);
    let commands = pull_commands(&host, &ns, &repo, &tag.name, &tag.manifest_digest);
    let manifest = {
        let (client, ns, repo, digest) = (
            client.clone(),
            ns.clone(),
            repo.clone(),
            tag.manifest_digest.clone(),
        );
        resource(move || {
            let (client, ns, repo, digest) =
                (client.clone(), ns.clone(), repo.clone(), digest.clone());
            async move { api::tags::manifest(&client, &ns, &repo, &digest).await }
        })
    };
    let (move_open, expire_open, add_open, delete_open) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let busy = RwSignal::new(false);
    let delete = {
        let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), tag.name.clone());
        Callback::new(move |()| {
            let (client, ns, repo, name) = (client.clone(), ns.clone(), repo.clone(), name.clone());
            if !crate::views::flight::claim(busy) {
                return;
            }
            spawn_local(async move {
                let result = api::tags::delete(&client, &ns, &repo, &name).await;
                if crate::views::flight::signed_out(&result) {
                    return;
                }
                busy.try_set(false);
                delete_open.try_set(false);
                match result {
                    Ok(()) => {
                        toasts.success(tf("tags.deleted", &[("tag", &name)]));
                        on_change.run(Change::Deleted(vec![name]));
                        on_close.run(());
                    }
                    Err(e) => toasts.error(error_text(&e)),
                }
            });
        })
    };
    let now = now_secs();
    // Quay refuses these on an immutable tag: off, with the reason beside them.
    let locked = tag.is_immutable();
    let expire_locked = !super::immutable::can_expire(
        &tag,
        crate::views::use_features().with_untracked(|f| f.immutable_can_expire),
    );
    let lock_title = locked.then(|| t("tags.immutable_reason"));
    // The security report (`?security=1`), unless Quay said its scanner is off.
    let security_href = crate::views::use_features()
        .with_untracked(|f| !f.known || f.security_scanner)
        .then(|| {
            format!(
                "{}{}",
                routes::repo_tags(&ns, &repo),
                build_query(&[("security", "1"), ("tag", tag.name.as_str())])
            )
        });
    let digest = tag.manifest_digest.clone();
    let expiration = tag.end_ts;
    let name = tag.name.clone();
    view! {
        <div class="tag-body">
            <dl class="kv">
                <dt>{t("tags.col_digest")}</dt>
                <dd class="mono digest-full" data-testid="tag-digest">{digest.clone()} <CopyButton text=digest.clone() label=t("tags.copy_digest")/></dd>
                <dt>{t("tags.col_size")}</dt>
                <dd>{tag.size.map_or_else(|| t("tags.size_list").to_owned(), human_size)}</dd>
                <dt>{t("tags.col_modified")}</dt>
                <dd>{tag.start_ts.map(format_utc).unwrap_or_default()} " UTC"</dd>
                <dt>{t("tags.col_expiration")}</dt>
                <dd data-testid="tag-expiration">{match tag.end_ts {
                    Some(end) if end > now => tf("tags.expires_at", &[("at", &format_utc(end))]),
                    Some(end) => tf("tags.expired_at", &[("at", &format_utc(end))]),
                    None => t("tags.never").to_owned(),
                }}</dd>
            </dl>
            <h3>{t("tags.pull")}</h3>
            <ul class="pull-commands">
                {commands.into_iter().map(|(_, cmd)| view! {
                    <li data-testid="pull-command"><code>{cmd.clone()}</code><CopyButton text=cmd label=t("tags.copy_pull")/></li>
                }).collect_view()}
            </ul>
            <super::immutable::ImmutableState ns=ns.clone() repo=repo.clone() tag=tag.clone() can_write=can_write on_change=on_change/>
            <div class="actions tag-actions">
                <A href=history.clone() attr:class="btn">{t("tags.open_history")}</A>
                {security_href.map(|href| view! { <A href=href attr:class="btn" attr:data-testid="tag-security">{t("security.open_report")}</A> })}
                {can_write.then(|| view! {
                    <button type="button" class="btn" data-testid="tag-move" prop:disabled=locked title=lock_title on:click=move |_| move_open.set(true)>{t("tags.move")}</button>
                    <button type="button" class="btn" data-testid="tag-expire" prop:disabled=expire_locked title=expire_locked.then(|| t("tags.immutable_reason")) on:click=move |_| expire_open.set(true)>{t("tags.set_expiration")}</button>
                    <button type="button" class="btn" data-testid="tag-add-here" on:click=move |_| add_open.set(true)>{t("tags.add_here")}</button>
                    <button type="button" class="btn btn-danger" data-testid="tag-delete" prop:disabled=locked title=lock_title on:click=move |_| delete_open.set(true)>{t("common.delete")}</button>
                })}
            </div>
            {move || match manifest.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{error_text(&e)}</p> }.into_any(),
                Some(Ok(m)) => manifest_view(m).into_any(),
            }}
            <Labels ns=ns.clone() repo=repo.clone() digest=digest.clone() can_write=can_write/>
            <AddTagDialog ns=ns.clone() repo=repo.clone() open=move_open fixed_name=Some(name.clone()) digest=None on_change=on_change/>
            <AddTagDialog ns=ns.clone() repo=repo.clone() open=add_open fixed_name=None digest=Some(digest.clone()) on_change=on_change/>
            <ExpirationDialog ns=ns.clone() repo=repo.clone() open=expire_open tags=vec![name.clone()] current=expiration on_bulk=None on_change=on_change/>
            <ConfirmDialog open=delete_open title=Signal::derive(|| t("tags.delete_title").to_owned())
                message=Signal::derive({ let m = tf("tags.delete_one", &[("tag", &name), ("repo", &format!("{ns}/{repo}"))]); move || m.clone() })
                confirm_label=Signal::derive(|| t("common.delete").to_owned()) busy=busy
                on_confirm=delete on_cancel=Callback::new(move |()| delete_open.set(false))/>
        </div>
    }
}

/// Layers of an image, or the platforms of a manifest list; the raw manifest on demand.
fn manifest_view(m: Manifest) -> impl IntoView {
    let platforms = m
        .manifest_data
        .as_deref()
        .map(platforms)
        .unwrap_or_default();
    let layers = m.layers.unwrap_or_default();
    view! {
        <section class="tag-manifest" data-testid="manifest">
            <h3>{if m.is_manifest_list { t("tags.platforms") } else { t("tags.layers") }}</h3>
            {(!platforms.is_empty()).then(|| view! {
                <table class="data"><thead><tr><th scope="col">{t("tags.platform")}</th><th scope="col">{t("tags.col_digest")}</th></tr></thead>
                <tbody>{platforms.into_iter().map(|(p, d)| view! { <tr><td>{p}</td><td class="mono">{d}</td></tr> }).collect_view()}</tbody></table>
            })}
            {(!layers.is_empty()).then(|| view! {
                <table class="data" data-testid="layers"><thead><tr><th scope="col">"#"</th><th scope="col">{t("tags.col_size")}</th><th scope="col">{t("tags.command")}</th></tr></thead>
                <tbody>{layers.into_iter().map(|l| view! {
                    <tr data-testid="layer"><td>{l.index.unwrap_or_default()}</td><td class="num">{l.compressed_size.map(human_size).unwrap_or_default()}</td><td class="mono layer-command">{l.command_text()}</td></tr>
                }).collect_view()}</tbody></table>
            })}
            {m.config_media_type.map(|c| view! { <p class="muted">{tf("tags.config_type", &[("type", &c)])}</p> })}
            {m.manifest_data.map(|d| view! { <details><summary>{t("tags.raw_manifest")}</summary><pre class="code">{d}</pre></details> })}
        </section>
    }
}
