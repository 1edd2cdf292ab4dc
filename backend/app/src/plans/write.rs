use chrono::{DateTime, Utc};
use plein_domain::{FeedbackWindow, Markdown, PlanStatus, Title};
use plein_storage::entities::plans as rows;
use plein_storage::{areas, ideas, plans};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{Answer, Plan};
use crate::listing::require_official;
use crate::{Actor, App, AppError, AppResult, CurrentUser};

/// The longest description and official response, in characters of Markdown.
pub const MAX_DESCRIPTION: usize = 50_000;
/// The most questions a plan asks, and the longest question and answer.
pub const MAX_QUESTIONS: usize = 10;
pub const MAX_PROMPT: usize = 500;
pub const MAX_ANSWER: usize = 5_000;

pub struct NewPlanInput {
    pub title: String,
    pub description: String,
    pub area_id: Uuid,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub questions: Vec<String>,
    /// Where; with area boundaries it may move the plan to a deeper area.
    pub location: Option<crate::places::LocationInput>,
}

/// Absent fields stay as they are.
#[derive(Default)]
pub struct UpdatePlanInput {
    pub id: Uuid,
    pub title: Option<String>,
    pub description: Option<String>,
    pub area_id: Option<Uuid>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// Replaces the questions; refused once someone has answered.
    pub questions: Option<Vec<String>>,
}

fn parse_questions(raw: &[String]) -> AppResult<Vec<String>> {
    if raw.len() > MAX_QUESTIONS {
        return Err(AppError::bad_input(
            "questions",
            format!("at most {MAX_QUESTIONS} questions"),
        ));
    }
    raw.iter()
        .map(|q| {
            let q = q.trim();
            if q.is_empty() || q.chars().count() > MAX_PROMPT || q.chars().any(char::is_control) {
                Err(AppError::bad_input(
                    "questions",
                    format!("each question must be 1 to {MAX_PROMPT} characters of plain text"),
                ))
            } else {
                Ok(q.to_owned())
            }
        })
        .collect()
}

/// The plan, if `actor` may see it and is its author or an admin.
async fn plan_to_manage(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user: &CurrentUser,
    id: Uuid,
) -> AppResult<rows::Model> {
    let row = plans::find(db, id)
        .await?
        .filter(|row| plein_storage::visibility::plan_row(&actor.viewer(), row))
        .ok_or(AppError::NotFound("plan"))?;
    if row.author_id != user.id && !user.role.is_admin() {
        return Err(AppError::Forbidden(
            "only the plan's author and admins may change it",
        ));
    }
    Ok(row)
}

impl App {
    /// Creates a plan as a draft. Professionals and admins only.
    pub async fn create_plan(&self, actor: &Actor, input: NewPlanInput) -> AppResult<Plan> {
        let user = require_official(actor)?;
        self.count_write(actor).await?;
        let title = Title::parse(&input.title)?.into_inner();
        let description =
            Markdown::parse("description", &input.description, MAX_DESCRIPTION)?.into_inner();
        let window = FeedbackWindow::parse(input.opens_at, input.closes_at)?;
        let questions = parse_questions(&input.questions)?;
        let place = input.location.map(|l| self.parse_location(l)).transpose()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if areas::find(&txn, input.area_id).await?.is_none() {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let area_id = match &place {
            Some(place) => crate::places::area_for(&txn, place, input.area_id).await?,
            None => input.area_id,
        };
        let row = plans::insert(
            &txn,
            plans::NewPlan {
                id: Uuid::now_v7(),
                author_id: user.id,
                area_id,
                title,
                description,
                status: PlanStatus::Draft,
                opens_at: window.opens_at,
                closes_at: window.closes_at,
                place,
                now,
            },
        )
        .await?;
        plans::replace_questions(&txn, row.id, questions).await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Plan, row.id, now).await?;
        crate::notifications::auto_follow(
            &txn,
            user.id,
            plein_domain::FollowKind::Plan,
            row.id,
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn update_plan(&self, actor: &Actor, input: UpdatePlanInput) -> AppResult<Plan> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let title = input.title.as_deref().map(Title::parse).transpose()?;
        let description = input
            .description
            .as_deref()
            .map(|d| Markdown::parse("description", d, MAX_DESCRIPTION))
            .transpose()?;
        let questions = input
            .questions
            .as_deref()
            .map(parse_questions)
            .transpose()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let before = plan_to_manage(&txn, actor, user, input.id).await?;
        let window = match (input.opens_at, input.closes_at) {
            (None, None) => None,
            (opens, closes) => {
                let w = FeedbackWindow::parse(
                    opens.unwrap_or(before.opens_at),
                    closes.unwrap_or(before.closes_at),
                )?;
                Some((w.opens_at, w.closes_at))
            }
        };
        if let Some(area_id) = input.area_id
            && areas::find(&txn, area_id).await?.is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        if let Some(questions) = questions {
            if plans::has_answers(&txn, before.id).await? {
                return Err(AppError::conflict(
                    "questions",
                    "residents have answered already; the questions can no longer change",
                ));
            }
            plans::replace_questions(&txn, before.id, questions).await?;
        }
        let change = plans::PlanChange {
            title: title.map(Title::into_inner),
            description: description.map(Markdown::into_inner),
            area_id: input.area_id,
            window,
            ..Default::default()
        };
        let row = plans::update(&txn, before.id, change, now).await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Plan, row.id, now).await?;
        if window.is_some() {
            schedule_window_events(&txn, &row, Some(&before), Some(user.id), now).await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Moves a plan forward (draft → consulting → … → done) or cancels it.
    pub async fn set_plan_status(
        &self,
        actor: &Actor,
        id: Uuid,
        to: PlanStatus,
    ) -> AppResult<Plan> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let before = plan_to_manage(&txn, actor, user, id).await?;
        let from = before.status;
        if !from.can_move_to(to) {
            return Err(AppError::conflict(
                "status",
                format!("a plan cannot move from {from} to {to}"),
            ));
        }
        let change = plans::PlanChange {
            status: Some(to),
            ..Default::default()
        };
        let row = plans::update(&txn, id, change, now).await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Plan, id, now).await?;
        if from == PlanStatus::Draft {
            schedule_window_events(&txn, &row, None, Some(user.id), now).await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Publishes "what we did with your input", once the feedback window has
    /// closed. Publishing again replaces it.
    pub async fn respond_to_plan(
        &self,
        actor: &Actor,
        id: Uuid,
        response: String,
    ) -> AppResult<Plan> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let response = Markdown::parse("response", &response, MAX_DESCRIPTION)?.into_inner();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let before = plan_to_manage(&txn, actor, user, id).await?;
        if now < before.closes_at {
            return Err(AppError::conflict(
                "response",
                "the feedback window is still open; respond once it has closed",
            ));
        }
        let first_response = before.official_response.is_none();
        let change = plans::PlanChange {
            official_response: Some(response),
            ..Default::default()
        };
        let row = plans::update(&txn, id, change, now).await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Plan, id, now).await?;
        if first_response {
            let event = crate::notifications::Event::PlanResponded {
                plan_id: id,
                actor_id: user.id,
            };
            crate::notifications::enqueue_event(&txn, &event, now).await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Takes an idea up in a plan (or, with `link: false`, lets it go). Both
    /// are idempotent.
    pub async fn link_idea(
        &self,
        actor: &Actor,
        plan_id: Uuid,
        idea_id: Uuid,
        link: bool,
    ) -> AppResult<Plan> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        plan_to_manage(&txn, actor, user, plan_id).await?;
        let idea = ideas::find(&txn, idea_id)
            .await?
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .ok_or_else(|| AppError::bad_input("ideaId", "no idea has this id"))?;
        if link {
            if !idea.status.is_public() {
                return Err(AppError::conflict(
                    "ideaId",
                    format!("an idea that is {} cannot be taken up", idea.status),
                ));
            }
            plans::link_idea(&txn, plan_id, idea_id, user.id, now).await?;
        } else {
            plans::unlink_idea(&txn, plan_id, idea_id).await?;
        }
        let row = plans::find(&txn, plan_id)
            .await?
            .ok_or(AppError::NotFound("plan"))?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Answers one of a plan's questions while its feedback window is open;
    /// answering again replaces the earlier answer.
    pub async fn answer_question(
        &self,
        actor: &Actor,
        question_id: Uuid,
        body: String,
    ) -> AppResult<Answer> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let body = Markdown::parse("body", &body, MAX_ANSWER)?.into_inner();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let question = plans::find_question(&txn, question_id)
            .await?
            .ok_or(AppError::NotFound("question"))?;
        let plan = plans::find(&txn, question.plan_id)
            .await?
            .filter(|row| plein_storage::visibility::plan_row(&actor.viewer(), row))
            .ok_or(AppError::NotFound("question"))?;
        if !Plan::from(plan).accepts_feedback(now) {
            return Err(AppError::conflict(
                "questionId",
                "the feedback window of this plan is closed",
            ));
        }
        let row = plans::upsert_answer(&txn, question_id, user.id, body, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }
}

/// Schedules the "window opened" and "closes within 48 hours" events of a
/// plan that is out of draft, for its current window. `before` is the plan
/// as it was, when only the window changed: an unchanged moment keeps the
/// event already scheduled for it. Each event checks, when it runs, that the
/// plan still opens or closes at the moment it was scheduled for.
async fn schedule_window_events(
    db: &impl ConnectionTrait,
    plan: &rows::Model,
    before: Option<&rows::Model>,
    actor_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::notifications::{Event, enqueue_event_at};
    let status = plan.status;
    if matches!(status, PlanStatus::Draft | PlanStatus::Cancelled) || plan.closes_at <= now {
        return Ok(());
    }
    let opens_moved = before.is_none_or(|b| b.opens_at != plan.opens_at);
    if opens_moved && (before.is_none() || plan.opens_at > now) {
        let event = Event::PlanOpened {
            plan_id: plan.id,
            actor_id,
            opens_at: plan.opens_at,
        };
        enqueue_event_at(db, &event, plan.opens_at, now).await?;
    }
    if before.is_none_or(|b| b.closes_at != plan.closes_at) {
        let event = Event::PlanClosing {
            plan_id: plan.id,
            closes_at: plan.closes_at,
        };
        let at = plan.closes_at - chrono::Duration::hours(48);
        enqueue_event_at(db, &event, at, now).await?;
    }
    Ok(())
}

impl Plan {
    /// Residents can react: the plan is out of draft, not cancelled, and its
    /// feedback window is open.
    pub fn accepts_feedback(&self, now: DateTime<Utc>) -> bool {
        !matches!(self.status, PlanStatus::Draft | PlanStatus::Cancelled)
            && self.window.is_open(now)
    }
}
