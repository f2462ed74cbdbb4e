//! Someone else's changes to an application between the edit form's opening and its save.

use super::ApplicationForm;

impl ApplicationForm {
    /// The fields, as `(locale key of the label, value)`, in the form's order.
    #[must_use]
    pub fn fields(&self) -> [(&'static str, &str); 5] {
        [
            ("applications.field_name", &self.name),
            ("applications.field_description", &self.description),
            ("applications.field_application_uri", &self.application_uri),
            ("applications.field_redirect_uri", &self.redirect_uri),
            ("applications.field_avatar_email", &self.avatar_email),
        ]
    }

    /// The fields where `theirs` (Quay's now) or `yours` (the form) differ from `base` (what the
    /// form was opened with) and from each other: `(label key, theirs, yours)`. Empty when nobody
    /// else changed anything, or when both made the same change.
    #[must_use]
    pub fn conflicts(
        base: &Self,
        theirs: &Self,
        yours: &Self,
    ) -> Vec<(&'static str, String, String)> {
        if base == theirs {
            return Vec::new();
        }
        theirs
            .fields()
            .into_iter()
            .zip(yours.fields())
            .zip(base.fields())
            .filter(|(((_, t), (_, y)), (_, b))| t != y && (t != b || y != b))
            .map(|(((key, t), (_, y)), _)| (key, t.to_owned(), y.to_owned()))
            .collect()
    }
}
