use plein_domain::{DisplayName, Locale, Organisation, Role};
use plein_storage::{areas, audit, users};
use serde_json::json;
use uuid::Uuid;

use super::User;
use crate::page::{Cursor, Page, PageArgs};
use crate::search;
use crate::{Actor, App, AppError, AppResult};

/// Changes to one's own profile; absent fields stay as they are.
#[derive(Default)]
pub struct ProfileInput {
    pub display_name: Option<String>,
    pub locale: Option<String>,
    /// Only professionals have one; an empty string clears it.
    pub organisation: Option<String>,
    /// `Some(None)` clears the home area.
    pub home_area_id: Option<Option<Uuid>>,
}

pub struct RoleInput {
    pub user_id: Uuid,
    pub role: Role,
    pub organisation: Option<String>,
}

impl App {
    /// The signed-in person, as they see themselves.
    pub async fn me(&self, actor: &Actor) -> AppResult<Option<User>> {
        let Some(current) = &actor.user else {
            return Ok(None);
        };
        let row = users::find(&self.db.conn, current.id).await?;
        Ok(row.map(|row| User::view(row, actor)))
    }

    /// Users by id, as `actor` may see them, in one query (for DataLoaders).
    pub async fn users_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<User>> {
        let rows = users::find_many(&self.db.conn, ids).await?;
        Ok(rows.into_iter().map(|row| User::view(row, actor)).collect())
    }

    /// Every account, a page at a time: for admins managing roles.
    pub async fn users(
        &self,
        actor: &Actor,
        role: Option<Role>,
        args: &PageArgs,
    ) -> AppResult<Page<User>> {
        actor.require_admin()?;
        let role = role.map(Role::as_str);
        let after = args.after_id()?;
        let rows = users::page(&self.db.conn, role, after, args.fetch_limit()).await?;
        let total = users::count(&self.db.conn, role).await?;
        Ok(Page::from_rows(args, rows, total, |row| Cursor::Id(row.id))
            .map(|row| User::view(row, actor)))
    }

    pub async fn update_profile(&self, actor: &Actor, input: ProfileInput) -> AppResult<User> {
        let current = actor.require_user()?;
        let mut change = users::ProfileChange {
            display_name: input
                .display_name
                .as_deref()
                .map(DisplayName::parse)
                .transpose()?
                .map(DisplayName::into_inner),
            locale: input.locale.as_deref().map(Locale::parse).transpose()?,
            ..Default::default()
        };
        if let Some(organisation) = input.organisation {
            if !current.role.takes_organisation() {
                return Err(AppError::bad_input(
                    "organisation",
                    "only professionals have an organisation",
                ));
            }
            change.organisation = Some(if organisation.trim().is_empty() {
                None
            } else {
                Some(Organisation::parse(&organisation)?.into_inner())
            });
        }
        if let Some(home_area_id) = input.home_area_id {
            if let Some(id) = home_area_id
                && areas::find(&self.db.conn, id).await?.is_none()
            {
                return Err(AppError::bad_input("homeAreaId", "no area has this id"));
            }
            change.home_area_id = Some(home_area_id);
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let before = users::find(&txn, current.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let row = users::update_profile(&txn, current.id, change, now).await?;
        // The author's name shows in every search document they wrote.
        if row.display_name != before.display_name {
            search::enqueue_scope(&txn, search::Scope::Author(current.id), now).await?;
        }
        txn.commit().await?;
        Ok(User::view(row, actor))
    }

    /// Gives someone another role. Admins only; professionals need an
    /// organisation; the last admin cannot step down.
    pub async fn set_role(&self, actor: &Actor, input: RoleInput) -> AppResult<User> {
        let admin = actor.require_admin()?;
        let organisation = match (input.role.takes_organisation(), input.organisation) {
            (true, Some(org)) => Some(Organisation::parse(&org)?.into_inner()),
            (true, None) => {
                return Err(AppError::bad_input(
                    "organisation",
                    "a professional needs an organisation",
                ));
            }
            (false, Some(_)) => {
                return Err(AppError::bad_input(
                    "organisation",
                    "only professionals have an organisation",
                ));
            }
            (false, None) => None,
        };
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let Some(before) = users::find(&txn, input.user_id).await? else {
            return Err(AppError::bad_input("userId", "no user has this id"));
        };
        if before.role == Role::Admin
            && input.role != Role::Admin
            && users::count(&txn, Some(Role::Admin.as_str())).await? <= 1
        {
            return Err(AppError::conflict(
                "role",
                "this is the last admin; make someone else admin first",
            ));
        }
        let row = users::set_role(&txn, input.user_id, input.role, organisation, now).await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(admin.id),
                action: "user.set_role",
                subject_kind: "user",
                subject_id: row.id,
                detail: json!({ "from": before.role, "to": row.role }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.id, role = %row.role, "role changed");
        Ok(User::view(row, actor))
    }
}
