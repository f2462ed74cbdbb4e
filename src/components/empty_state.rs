use leptos::prelude::*;

/// What a list shows when it has nothing: a sentence, and optionally an action.
#[component]
pub fn EmptyState(
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty-state">
            <p>{message}</p>
            {children.map(|c| c())}
        </div>
    }
}
