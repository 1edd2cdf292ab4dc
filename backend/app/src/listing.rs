//! What the idea and plan lists share.

use crate::{Actor, AppError, AppResult};

/// A professional or an admin: they speak for the municipality.
pub(crate) fn require_official(actor: &Actor) -> AppResult<&crate::CurrentUser> {
    let user = actor.require_user()?;
    if user.role.is_official() {
        Ok(user)
    } else {
        Err(AppError::Forbidden(
            "only professionals and admins may do this",
        ))
    }
}
