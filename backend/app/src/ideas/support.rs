use chrono::{DateTime, Utc};
use plein_domain::{IdeaStatus, MandateAction};
use plein_storage::entities::ideas as rows;
use plein_storage::{areas, ideas};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::Idea;
use crate::jobs::BackgroundJob;
use crate::{Actor, App, AppError, AppResult};

/// The outbox job that tells an area's professionals an idea reached its
/// support threshold (the notifications fan it out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdReachedJob {
    pub idea_id: Uuid,
    /// The idea's area.
    #[serde(default)]
    pub area_id: Uuid,
    /// The area and those above it: their professionals hear of it.
    #[serde(default)]
    pub area_ids: Vec<Uuid>,
    /// The professionals who call one of those areas home.
    #[serde(default)]
    pub professional_ids: Vec<Uuid>,
    #[serde(default)]
    pub support_count: i32,
    pub threshold: i32,
}

impl BackgroundJob for ThresholdReachedJob {
    const KIND: &'static str = "idea.threshold_reached";
}

impl App {
    /// Backs an idea. Supporting twice is the same as once: a unique
    /// constraint keeps one support per person, and the count moves only when
    /// a support was added. Reaching the area's threshold puts a published
    /// idea under review.
    pub async fn support_idea(
        &self,
        actor: &Actor,
        id: Uuid,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Idea> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(&txn, actor, on_behalf_of, MandateAction::Support, now)
            .await?;
        let viewer = actor;
        let (actor, user) = (&who.actor, who.current());
        // The row lock serialises supports of one idea on PostgreSQL, so the
        // threshold is crossed exactly once. Both people must see the idea:
        // a delegate does not see the grantor's drafts.
        let before = ideas::find_for_update(&txn, id)
            .await?
            .filter(|row| {
                plein_storage::visibility::idea_row(&actor.viewer(), row)
                    && plein_storage::visibility::idea_row(&viewer.viewer(), row)
            })
            .ok_or(AppError::NotFound("idea"))?;
        let status = before.status;
        if !status.accepts_support() {
            return Err(AppError::conflict(
                "ideaId",
                format!("an idea that is {status} cannot be supported"),
            ));
        }
        let (added, after) = ideas::add_support(&txn, id, user.id, who.acting, now).await?;
        let row = match after {
            Some(after) if added => self.check_threshold(&txn, after, now).await?,
            _ => before,
        };
        if added {
            crate::search::enqueue_index(&txn, crate::search::SearchKind::Idea, id, now).await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Takes one's support back; doing so twice is the same as once.
    pub async fn unsupport_idea(
        &self,
        actor: &Actor,
        id: Uuid,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Idea> {
        actor.require_user()?;
        self.count_write(actor).await?;
        let txn = self.db.begin_write().await?;
        let who = match on_behalf_of {
            // Taking one's own support back needs no confirmed address.
            None => crate::mandates::ActingAs::itself(actor)?,
            Some(_) => {
                self.act_as(
                    &txn,
                    actor,
                    on_behalf_of,
                    MandateAction::Support,
                    self.now(),
                )
                .await?
            }
        };
        let viewer = actor;
        let (actor, user) = (&who.actor, who.current());
        // Both people must see the idea: a delegate does not see the
        // grantor's drafts or withdrawn ideas.
        ideas::find_for_update(&txn, id)
            .await?
            .filter(|row| {
                plein_storage::visibility::idea_row(&actor.viewer(), row)
                    && plein_storage::visibility::idea_row(&viewer.viewer(), row)
            })
            .ok_or(AppError::NotFound("idea"))?;
        if ideas::remove_support(&txn, id, user.id).await? {
            let now = self.now();
            crate::search::enqueue_index(&txn, crate::search::SearchKind::Idea, id, now).await?;
        }
        let row = ideas::find(&txn, id)
            .await?
            .ok_or(AppError::NotFound("idea"))?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Puts a published idea under review when its supports reach the
    /// threshold of its area (or of the nearest area above that has one), and
    /// leaves an event for the area's professionals in the outbox.
    async fn check_threshold(
        &self,
        db: &impl ConnectionTrait,
        idea: rows::Model,
        now: DateTime<Utc>,
    ) -> AppResult<rows::Model> {
        if idea.status != IdeaStatus::Published {
            return Ok(idea);
        }
        let chain = areas::with_ancestors(db, idea.area_id).await?;
        let area_ids: Vec<Uuid> = chain.iter().map(|area| area.id).collect();
        // Deepest first: the nearest threshold wins.
        let threshold = chain
            .iter()
            .rev()
            .find_map(|a| a.support_threshold.filter(|t| *t > 0));
        let Some(threshold) = threshold else {
            return Ok(idea);
        };
        if idea.support_count < threshold {
            return Ok(idea);
        }
        let to = IdeaStatus::UnderReview;
        let row = ideas::set_status(db, idea.id, to, None, now).await?;
        ideas::insert_status_change(
            db,
            ideas::NewStatusChange {
                idea_id: idea.id,
                actor_id: None,
                from: Some(IdeaStatus::Published),
                to,
                reason: Some(format!("{threshold} supports reached")),
                now,
            },
        )
        .await?;
        // No reason in words: the mail and the app say it in the reader's
        // language from the status itself.
        let event = crate::notifications::Event::IdeaStatusChanged {
            idea_id: idea.id,
            actor_id: None,
            to: to.as_str().to_owned(),
            reason: None,
        };
        crate::notifications::enqueue_event(db, &event, now).await?;
        // The professionals who call this area (or one above it) home.
        let professionals = ideas::users_with_role_in_areas(
            db,
            plein_domain::Role::Professional.as_str(),
            &area_ids,
        )
        .await?;
        ThresholdReachedJob {
            idea_id: idea.id,
            area_id: idea.area_id,
            area_ids,
            professional_ids: professionals,
            support_count: idea.support_count,
            threshold,
        }
        .enqueue(db, now)
        .await?;
        tracing::info!(idea_id = %idea.id, threshold, "idea reached its support threshold");
        Ok(row)
    }

    /// Sets the support threshold of an area (admins only); `None` inherits
    /// the threshold of the area above.
    pub async fn set_support_threshold(
        &self,
        actor: &Actor,
        area_id: Uuid,
        threshold: Option<i32>,
    ) -> AppResult<crate::areas::Area> {
        let admin = actor.require_admin()?;
        if let Some(t) = threshold
            && !(1..=1_000_000).contains(&t)
        {
            return Err(AppError::bad_input(
                "threshold",
                "must be between 1 and 1000000",
            ));
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if areas::find(&txn, area_id).await?.is_none() {
            return Err(AppError::NotFound("area"));
        }
        let row = areas::set_support_threshold(&txn, area_id, threshold, now).await?;
        plein_storage::audit::record(
            &txn,
            plein_storage::audit::Entry {
                actor_id: Some(admin.id),
                action: "area.set_support_threshold",
                subject_kind: "area",
                subject_id: area_id,
                detail: json!({ "threshold": threshold }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }
}
