//! Robot creation as a short wizard, open while the URL says `?create=1&step=N`:
//! 1. name (Quay's rule, checked as typed), description and metadata;
//! 2. repository permissions: the namespace's repositories (Quay's list, 100 a page, fetched when
//!    the step first opens), searched over what is loaded, a role each;
//! 3. a default permission for future repositories (organizations only: Quay has none for users);
//! 4. review, and the one button that sends.
//!
//! Steps 2 and 3 can be skipped; every step is a history entry, so back/forward move between them.
//! What was typed in all steps is a draft for the tab ([`crate::views::drafts`]), with how far a
//! run got (never the token). Sending and what follows a failure: [`run`].

mod repos;
mod run;
mod steps;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{use_ctx, Ctx};
use crate::components::{use_toasts, ConfirmDialog, Dialog};
use crate::i18n::{t, tf};
use crate::model::error::ApiError;
use crate::model::repository::Repository;
use crate::model::robots::wizard::{Grant, Run, Step};
use crate::model::robots::{
    build_metadata, description_too_long, validate_short_name, MetadataProblem, NameProblem, Robot,
    Role, DESCRIPTION_MAX,
};
use crate::reactive::{effect, memo};
use crate::views::{drafts, use_client};

const DRAFT: &str = "robot-create";

/// What is kept for the tab: everything typed or picked, and how far a run got.
#[derive(Default, Serialize, Deserialize)]
struct Draft {
    name: String,
    description: String,
    metadata: Vec<(String, String)>,
    #[serde(default)]
    grants: Vec<Grant>,
    #[serde(default)]
    default_role: Option<Role>,
    #[serde(default)]
    run: Option<Run>,
}

/// A metadata row: (id, key, value); ids keep the rows stable while others are removed. Plain
/// text, not signals: a row outlives the step that shows it.
pub(super) type MetaRow = (u32, String, String);

/// The namespace's repositories loaded so far for step 2.
#[derive(Clone, Copy)]
pub(super) struct Repos {
    pub loaded: RwSignal<Vec<Repository>>,
    /// Quay's `next_page` token while there are more.
    pub next: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// At least one page was asked for.
    pub started: RwSignal<bool>,
}

/// Everything the steps share (all `Copy`).
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub rows: RwSignal<Vec<MetaRow>>,
    next_row: StoredValue<u32>,
    pub touched: RwSignal<bool>,
    pub grants: RwSignal<Vec<Grant>>,
    pub default_role: RwSignal<Option<Role>>,
    /// `Some` from the confirmation on: the parts sent and their states.
    pub run: RwSignal<Option<Run>>,
    /// The created robot as Quay answered (with its token): shown at the end, never kept.
    pub created: RwSignal<Option<Robot>>,
    pub busy: RwSignal<bool>,
    pub checking: RwSignal<bool>,
    /// Quay's refusal of the robot itself (the run did not start).
    pub server_error: RwSignal<Option<String>>,
    /// The short name of a create that may have happened (no readable answer).
    pub unsure: StoredValue<Option<String>>,
    pub repos: Repos,
    pub deleting: RwSignal<bool>,
}

fn name_problem(problem: NameProblem) -> String {
    match problem {
        NameProblem::Empty => t("robots.name_empty").to_owned(),
        NameProblem::TooShort => t("robots.name_short").to_owned(),
        NameProblem::TooLong => t("robots.name_long").to_owned(),
        NameProblem::BadStart => t("robots.name_start").to_owned(),
        NameProblem::BadChar(c) => tf("robots.name_char", &[("char", &c.to_string())]),
    }
}

pub(super) fn metadata_problem(problem: &MetadataProblem) -> String {
    match problem {
        MetadataProblem::EmptyKey(i) => {
            tf("robots.meta_empty_key", &[("row", &(i + 1).to_string())])
        }
        MetadataProblem::Duplicate(key) => tf("robots.meta_duplicate", &[("key", key)]),
    }
}

fn pairs(rows: &[MetaRow]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(_, k, v)| (k.clone(), v.clone()))
        .collect()
}

impl Form {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            next_row: StoredValue::new(0),
            touched: RwSignal::new(false),
            grants: RwSignal::new(Vec::new()),
            default_role: RwSignal::new(None),
            run: RwSignal::new(None),
            created: RwSignal::new(None),
            busy: RwSignal::new(false),
            checking: RwSignal::new(false),
            server_error: RwSignal::new(None),
            unsure: StoredValue::new(None),
            repos: Repos {
                loaded: RwSignal::new(Vec::new()),
                next: RwSignal::new(None),
                loading: RwSignal::new(false),
                error: RwSignal::new(None),
                started: RwSignal::new(false),
            },
            deleting: RwSignal::new(false),
        }
    }

    pub fn add_row(self, key: String, value: String) {
        let id = self.next_row.get_value();
        self.next_row.set_value(id + 1);
        self.rows.update(|r| r.push((id, key, value)));
    }

    /// The name's problem (tracked), once touched or typed.
    pub fn name_error(self) -> Option<String> {
        let n = self.name.get();
        (self.touched.get() || !n.is_empty())
            .then(|| validate_short_name(n.trim()).err().map(name_problem))
            .flatten()
    }

    pub fn description_error(self) -> Option<String> {
        description_too_long(&self.description.get()).then(|| {
            tf(
                "robots.description_long",
                &[("max", &DESCRIPTION_MAX.to_string())],
            )
        })
    }

    pub fn metadata(self) -> Result<Option<Map<String, Value>>, MetadataProblem> {
        self.rows.with(|r| build_metadata(&pairs(r)))
    }

    /// Sets the key (`is_key`) or the value of row `id`.
    pub fn set_row(self, id: u32, is_key: bool, text: String) {
        self.rows.update(|r| {
            if let Some(row) = r.iter_mut().find(|(i, _, _)| *i == id) {
                if is_key {
                    row.1 = text;
                } else {
                    row.2 = text;
                }
            }
        });
    }

    /// Step 1 is fine to leave forward (untracked; marks the name touched).
    pub fn first_step_ok(self) -> bool {
        self.touched.set(true);
        validate_short_name(self.name.get_untracked().trim()).is_ok()
            && !description_too_long(&self.description.get_untracked())
            && self
                .rows
                .with_untracked(|r| build_metadata(&pairs(r)).is_ok())
    }

    /// `try_*`: the wizard may be going away with the shell (a 401).
    fn draft(self) -> Draft {
        Draft {
            name: self.name.try_get().unwrap_or_default(),
            description: self.description.try_get().unwrap_or_default(),
            metadata: self.rows.try_with(|r| pairs(r)).unwrap_or_default(),
            grants: self.grants.try_get().unwrap_or_default(),
            default_role: self.default_role.try_get().flatten(),
            run: self.run.try_get().flatten(),
        }
    }

    fn restore(self, draft: Draft) {
        self.name.set(draft.name.clone());
        self.description.set(draft.description);
        for (k, v) in draft.metadata {
            self.add_row(k, v);
        }
        self.grants.set(draft.grants);
        self.default_role.set(draft.default_role);
        if let Some(mut run) = draft.run {
            run.interrupted();
            if run.robot_created() {
                self.run.set(Some(run));
            } else {
                // The robot's create may have left without its answer: ask before resending.
                self.unsure.set_value(Some(draft.name.trim().to_owned()));
            }
        }
    }

    /// Back to an empty wizard (the loaded repositories stay: they are the namespace's).
    pub fn reset(self) {
        self.name.try_set(String::new());
        self.description.try_set(String::new());
        self.rows.try_set(Vec::new());
        self.touched.try_set(false);
        self.grants.try_set(Vec::new());
        self.default_role.try_set(None);
        self.run.try_set(None);
        self.created.try_set(None);
        self.server_error.try_set(None);
        self.unsure.try_update_value(|v| *v = None);
    }
}

/// The URL changes that show `step` of an open wizard.
fn step_changes(step: Step) -> [(&'static str, Option<String>); 2] {
    [
        ("create", Some("1".to_owned())),
        ("step", Some(step.number().to_string())),
    ]
}

pub(super) fn go_step(ctx: &Ctx, step: Step) {
    let changes = step_changes(step);
    let refs: Vec<(&str, Option<&str>)> = changes.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    ctx.go(&refs, false);
}

/// The URL of the first step (for the page's "Create" buttons).
pub(super) fn open(ctx: &Ctx) {
    go_step(ctx, Step::Name);
}

/// Closes the wizard: drops what was typed and the draft.
pub(super) fn close(ctx: &Ctx, form: Form, scope: &str) {
    form.reset();
    drafts::drop(DRAFT, scope);
    ctx.go(&[("create", None), ("step", None)], false);
}

#[component]
pub(super) fn CreateWizard() -> impl IntoView {
    let Some(ctx) = use_ctx() else {
        return ().into_any();
    };
    let toasts = use_toasts();
    let form = Form::new();
    let is_user = ctx.owner.is_user;
    let scope = ctx.owner.full_name("");
    let open_ctx = ctx.clone();
    let is_open = memo(move || open_ctx.current("create") == "1");
    let step_ctx = ctx.clone();
    let step = memo(move || Step::parse(&step_ctx.current("step"), is_user));
    provide_context(form);

    if let Some(draft) = drafts::load::<Draft>(DRAFT, &scope) {
        form.restore(draft);
        toasts.success(t("draft.restored"));
        if !is_open.get_untracked() {
            let ctx = ctx.clone();
            let at = if form.run.with_untracked(Option::is_some) {
                Step::Review
            } else {
                Step::Name
            };
            request_animation_frame(move || go_step(&ctx, at));
        }
    }
    {
        let scope = scope.clone();
        effect(move || {
            let draft = form.draft();
            let empty = draft.name.is_empty()
                && draft.description.is_empty()
                && draft.metadata.is_empty()
                && draft.grants.is_empty();
            let done = draft.run.as_ref().is_some_and(Run::complete);
            if is_open.try_get().unwrap_or(false) && !empty && !done {
                drafts::save(DRAFT, &scope, &draft);
            }
        });
    }
    let close_cb = {
        let (ctx, scope) = (ctx.clone(), scope.clone());
        Callback::new(move |()| {
            // Nothing is closed under a run in flight: its answers are still coming.
            if !form.busy.get_untracked() {
                close(&ctx, form, &scope);
            }
        })
    };
    let delete_cb = {
        let (ctx, scope, client) = (ctx.clone(), scope.clone(), use_client());
        Callback::new(move |()| run::delete_robot(&ctx, form, &scope, client.clone(), toasts))
    };
    let title = move || {
        let s = step.try_get().unwrap_or(Step::Name);
        tf(
            "robots.wiz_title",
            &[
                ("title", t("robots.create_title")),
                ("n", &s.position(is_user).to_string()),
                ("total", &Step::all(is_user).len().to_string()),
            ],
        )
    };
    let full = ctx.owner.full_name("");
    view! {
        <Dialog open=is_open title=Signal::derive(title) on_close=close_cb testid="create-dialog">
            {move || if form.run.with(|r| r.as_ref().is_some_and(Run::robot_created)) {
                view! { <run::Outcome on_close=close_cb/> }.into_any()
            } else {
                view! {
                    <steps::StepList step=step/>
                    {move || match step.get() {
                        Step::Name => view! { <steps::NameStep on_close=close_cb/> }.into_any(),
                        Step::Permissions => view! { <repos::ReposStep/> }.into_any(),
                        Step::Default => view! { <steps::DefaultStep/> }.into_any(),
                        Step::Review => view! { <steps::ReviewStep/> }.into_any(),
                    }}
                }.into_any()
            }}
        </Dialog>
        <ConfirmDialog open=form.deleting title=t("robots.delete_title").to_owned()
            message=Signal::derive(move || tf("robots.wiz_delete_message", &[("name", &format!("{full}{}", form.name.get().trim()))]))
            confirm_label=t("common.delete").to_owned()
            busy=form.busy on_confirm=delete_cb on_cancel=Callback::new(move |()| form.deleting.set(false))/>
    }
    .into_any()
}

pub(super) fn use_form() -> Option<Form> {
    use_context::<Form>()
}
