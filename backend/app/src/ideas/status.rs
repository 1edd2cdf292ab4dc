use plein_domain::{IdeaStatus, MandateAction, Mover, Reason};
use plein_storage::ideas;
use uuid::Uuid;

use super::Idea;
use crate::{Actor, App, AppError, AppResult};

impl App {
    /// Moves an idea to another status and records the change in its public
    /// history. Authors publish and withdraw their own ideas; only
    /// professionals and admins move an idea past published. Declining needs
    /// a reason.
    pub async fn change_idea_status(
        &self,
        actor: &Actor,
        id: Uuid,
        to: IdeaStatus,
        reason: Option<String>,
    ) -> AppResult<Idea> {
        self.change_idea_status_for(actor, id, to, reason, None)
            .await
    }

    /// Like [`App::change_idea_status`]; with `on_behalf_of`, a delegate
    /// publishes or withdraws the grantor's idea under a mandate to post ideas.
    pub async fn change_idea_status_for(
        &self,
        actor: &Actor,
        id: Uuid,
        to: IdeaStatus,
        reason: Option<String>,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Idea> {
        actor.require_user()?;
        self.count_write(actor).await?;
        let reason = reason
            .filter(|r| !r.trim().is_empty())
            .as_deref()
            .map(Reason::parse)
            .transpose()?
            .map(Reason::into_inner);
        if to.needs_reason() && reason.is_none() {
            return Err(AppError::bad_input("reason", "a reason is required"));
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = match on_behalf_of {
            None => crate::mandates::ActingAs::itself(actor)?,
            Some(_) => {
                self.act_as(&txn, actor, on_behalf_of, MandateAction::PostIdeas, now)
                    .await?
            }
        };
        let (actor, user) = (&who.actor, who.current());
        let before = ideas::find_for_update(&txn, id)
            .await?
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .ok_or(AppError::NotFound("idea"))?;
        let is_author = before.author_id == user.id;
        let is_official = user.role.is_official();
        if !is_author && !is_official {
            return Err(AppError::Forbidden(
                "only the author, professionals and admins may change an idea's status",
            ));
        }
        let from = before.status;
        let allowed = match from.mover_to(to) {
            None => {
                return Err(AppError::conflict(
                    "status",
                    format!("an idea cannot move from {from} to {to}"),
                ));
            }
            Some(Mover::Author) => is_author,
            Some(Mover::Official) => is_official,
        };
        if !allowed {
            return Err(AppError::Forbidden(match to {
                IdeaStatus::Published | IdeaStatus::Withdrawn => {
                    "only the author may publish or withdraw an idea"
                }
                _ => "only professionals and admins move an idea past published",
            }));
        }
        let row_reason = reason;
        let published_at = (to == IdeaStatus::Published).then_some(now);
        let row = ideas::set_status(&txn, id, to, published_at, now).await?;
        ideas::insert_status_change(
            &txn,
            ideas::NewStatusChange {
                idea_id: id,
                actor_id: Some(user.id),
                from: Some(from),
                to,
                reason: row_reason.clone(),
                now,
            },
        )
        .await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Idea, id, now).await?;
        if from != to {
            let event = crate::notifications::Event::IdeaStatusChanged {
                idea_id: id,
                actor_id: Some(user.id),
                to: to.as_str().to_owned(),
                reason: row_reason.clone(),
            };
            crate::notifications::enqueue_event(&txn, &event, now).await?;
        }
        txn.commit().await?;
        tracing::info!(idea_id = %id, %from, %to, "idea status changed");
        Ok(row.into())
    }
}
