//! Supports of budget projects: a resident backs a project while the round
//! takes submissions or is being assessed. A support is not a vote: it
//! counts nothing in the result, and voting stays secret and apart.

use plein_domain::MandateAction;
use plein_domain::rounds::Phase;
use plein_storage::budget;
use plein_storage::entities::budget_projects as rows;
use plein_storage::visibility::budget_project_row;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::Project;
use crate::{Actor, App, AppError, AppResult};

/// The project under a row lock, if both the person it is for and the one
/// asking may see it, in a round that takes supports now.
async fn supportable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    viewer: &Actor,
    id: Uuid,
) -> AppResult<rows::Model> {
    let row = budget::find_project_for_update(db, id)
        .await?
        .filter(|row| {
            budget_project_row(&actor.viewer(), row) && budget_project_row(&viewer.viewer(), row)
        })
        .ok_or(AppError::NotFound("budget project"))?;
    let round = budget::find_round(db, row.round_id)
        .await?
        .ok_or(AppError::NotFound("budget round"))?;
    if !matches!(round.phase, Phase::Submitting | Phase::Assessment) {
        return Err(AppError::conflict(
            "projectId",
            "projects can be supported only while the round takes submissions or is being assessed; a support is not a vote",
        ));
    }
    Ok(row)
}

impl App {
    /// Backs a project. Supporting twice is the same as once: the primary
    /// key keeps one support per person, and the count moves only when a
    /// support was added.
    pub async fn support_budget_project(
        &self,
        actor: &Actor,
        id: Uuid,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Project> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(&txn, actor, on_behalf_of, MandateAction::Support, now)
            .await?;
        let (person, user) = (&who.actor, who.current());
        supportable(&txn, person, actor, id).await?;
        budget::add_support(&txn, id, user.id, who.acting, now).await?;
        let row = budget::find_project(&txn, id)
            .await?
            .ok_or(AppError::NotFound("budget project"))?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Takes one's support back; doing so twice is the same as once.
    pub async fn unsupport_budget_project(
        &self,
        actor: &Actor,
        id: Uuid,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Project> {
        actor.require_user()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = match on_behalf_of {
            // Taking one's own support back needs no confirmed address.
            None => crate::mandates::ActingAs::itself(actor)?,
            Some(_) => {
                self.act_as(&txn, actor, on_behalf_of, MandateAction::Support, now)
                    .await?
            }
        };
        let (person, user) = (&who.actor, who.current());
        supportable(&txn, person, actor, id).await?;
        budget::remove_support(&txn, id, user.id).await?;
        let row = budget::find_project(&txn, id)
            .await?
            .ok_or(AppError::NotFound("budget project"))?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Which of the projects the signed-in viewer supports (for DataLoaders).
    pub async fn budget_projects_supported_by_viewer(
        &self,
        actor: &Actor,
        ids: &[Uuid],
    ) -> AppResult<Vec<Uuid>> {
        match actor.user_id() {
            Some(user) => Ok(budget::supported_by(&self.db.conn, user, ids).await?),
            None => Ok(Vec::new()),
        }
    }
}
