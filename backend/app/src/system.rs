//! Operator commands run from the `plein` binary, not through the API: they
//! act as the system, without a signed-in actor.

use plein_domain::{AreaKind, AreaName, DisplayName, Email, Organisation, Password, Role, Slug};
use plein_storage::{areas, audit, users};
use serde_json::json;
use uuid::Uuid;

use crate::accounts::password;
use crate::areas::Area;
use crate::{App, AppResult};

/// What `ensure_user` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ensured {
    Created,
    Updated,
    Unchanged,
}

pub struct SystemUser<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation: Option<&'a str>,
    /// Whether the address counts as verified (operator-made accounts are).
    pub verified: bool,
}

impl App {
    /// Makes sure an account exists with this role. An existing account keeps
    /// its password and name; only its role (and organisation) is set.
    pub async fn ensure_user(&self, spec: SystemUser<'_>) -> AppResult<(Uuid, Ensured)> {
        let email = Email::parse(spec.email)?;
        let display_name = DisplayName::parse(spec.display_name)?;
        let organisation = spec
            .organisation
            .map(Organisation::parse)
            .transpose()?
            .map(Organisation::into_inner);
        let now = self.now();
        if let Some(existing) = users::find_by_email(&self.db.conn, email.as_str()).await? {
            if existing.role == spec.role && existing.organisation == organisation {
                return Ok((existing.id, Ensured::Unchanged));
            }
            let txn = self.db.begin_write().await?;
            users::set_role(&txn, existing.id, spec.role, organisation, now).await?;
            audit::record(
                &txn,
                audit::Entry {
                    actor_id: None,
                    action: "user.set_role",
                    subject_kind: "user",
                    subject_id: existing.id,
                    detail: json!({ "from": existing.role.as_str(), "to": spec.role.as_str(), "by": "operator" }),
                    now,
                },
            )
            .await?;
            txn.commit().await?;
            return Ok((existing.id, Ensured::Updated));
        }
        let password_hash = password::hash(Password::parse(spec.password)?).await?;
        let txn = self.db.begin_write().await?;
        let row = users::insert(
            &txn,
            users::NewUser {
                id: Uuid::now_v7(),
                email: email.as_str().to_owned(),
                password_hash,
                display_name: display_name.into_inner(),
                role: spec.role,
                organisation,
                locale: plein_domain::Locale::Nl,
                now,
            },
        )
        .await?;
        if spec.verified {
            users::mark_email_verified(&txn, row.id, now).await?;
        }
        txn.commit().await?;
        Ok((row.id, Ensured::Created))
    }

    /// Makes sure an area with this slug exists under `parent`; an existing
    /// one is left as it is.
    pub async fn ensure_area(
        &self,
        name: &str,
        slug: &str,
        kind: AreaKind,
        parent: Option<&Area>,
    ) -> AppResult<(Area, Ensured)> {
        let name = AreaName::parse(name)?;
        let slug = Slug::parse(slug)?;
        if let Some(existing) = areas::find_by_slug(&self.db.conn, slug.as_str()).await? {
            return Ok((existing.into(), Ensured::Unchanged));
        }
        let txn = self.db.begin_write().await?;
        let parent_row = match parent {
            Some(p) => areas::find(&txn, p.id).await?,
            None => None,
        };
        let row = areas::insert(
            &txn,
            areas::NewArea {
                id: Uuid::now_v7(),
                parent: parent_row,
                name: name.into_inner(),
                slug: slug.into_inner(),
                kind,
                now: self.now(),
            },
        )
        .await?;
        txn.commit().await?;
        Ok((row.into(), Ensured::Created))
    }
}
