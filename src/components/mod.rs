//! Owned UI primitives. Invariant: components never call `api`; they get data and callbacks.
//!
//! Under the console's Content-Security-Policy, never write a `style="..."` attribute: use
//! `style:prop=...` (set through CSSOM, which CSP allows) or a class.

pub mod conflict;
pub mod copy_button;
pub mod dialog;
pub mod empty_state;
pub mod error_view;
pub mod loading;
pub mod toast;
pub mod virtual_list;

pub use conflict::{ConflictPanel, FieldDiff};
pub use copy_button::CopyButton;
pub use dialog::{ConfirmDialog, Dialog};
pub use empty_state::EmptyState;
pub use error_view::ErrorView;
pub use loading::Loading;
pub use toast::{use_toasts, ToastKind, ToastRegion, Toasts};
pub use virtual_list::VirtualList;
