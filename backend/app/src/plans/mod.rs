//! Plans: a professional's plan for an area, with a feedback window,
//! questions for residents, the ideas it takes up and an official response.

mod write;

use chrono::{DateTime, Utc};
use plein_domain::{FeedbackWindow, PlanStatus};
use plein_storage::entities::{plan_answers, plan_questions, plans as rows};
use plein_storage::listing::{Filter, Sort, Visibility};
use plein_storage::plans;
use uuid::Uuid;

pub use write::{NewPlanInput, UpdatePlanInput};

use crate::feed::Listing;
use crate::ideas::Idea;
use crate::page::{Cursor, Page, PageArgs};
use crate::{Actor, App, AppResult};

/// A page of plans with the authors and areas of its items.
pub type PlanPage = Listing<Plan>;

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    /// Markdown as written.
    pub description: String,
    pub status: PlanStatus,
    pub window: FeedbackWindow,
    /// "What we did with your input", Markdown.
    pub official_response: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
    pub comment_count: i32,
    pub idea_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where, when it is about one place.
    pub location: Option<plein_storage::places::Place>,
}

impl From<rows::Model> for Plan {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            author_id: row.author_id,
            area_id: row.area_id,
            status: row.status,
            window: FeedbackWindow {
                opens_at: row.opens_at,
                closes_at: row.closes_at,
            },
            official_response: row.official_response,
            responded_at: row.responded_at,
            comment_count: row.comment_count,
            idea_count: row.idea_count,
            created_at: row.created_at,
            updated_at: row.updated_at,
            location: row
                .latitude
                .zip(row.longitude)
                .map(|(latitude, longitude)| plein_storage::places::Place {
                    latitude,
                    longitude,
                    address: row.address,
                }),
            title: row.title,
            description: row.description,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub position: i32,
    pub prompt: String,
}

impl From<plan_questions::Model> for Question {
    fn from(row: plan_questions::Model) -> Self {
        Self {
            id: row.id,
            plan_id: row.plan_id,
            position: row.position,
            prompt: row.prompt,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub id: Uuid,
    pub question_id: Uuid,
    pub user_id: Uuid,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<plan_answers::Model> for Answer {
    fn from(row: plan_answers::Model) -> Self {
        Self {
            id: row.id,
            question_id: row.question_id,
            user_id: row.user_id,
            body: row.body,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PlanQuery {
    pub area_id: Option<Uuid>,
    pub status: Option<PlanStatus>,
    pub author_id: Option<Uuid>,
}

impl App {
    pub async fn plan(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Plan>> {
        Ok(plans::find(&self.db.conn, id)
            .await?
            .filter(|row| plein_storage::visibility::plan_row(&actor.viewer(), row))
            .map(Plan::from))
    }

    pub async fn plans_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<Plan>> {
        let rows = plans::find_many(&self.db.conn, ids).await?;
        Ok(rows
            .into_iter()
            .filter(|row| plein_storage::visibility::plan_row(&actor.viewer(), row))
            .map(Plan::from)
            .collect())
    }

    /// A page of the plans `actor` may see. `MostSupported` orders by the
    /// number of ideas a plan takes up.
    pub async fn plans(
        &self,
        actor: &Actor,
        query: &PlanQuery,
        sort: Sort,
        args: &PageArgs,
    ) -> AppResult<PlanPage> {
        let db = &self.db.conn;
        let filter = Filter {
            area_path: None,
            area_id: query.area_id,
            status: query.status.map(PlanStatus::as_str),
            author_id: query.author_id,
        };
        let visibility = Visibility::To(actor.viewer());
        let after = args.after_sorted(sort)?;
        let rows = plans::page(
            db,
            &filter,
            visibility,
            sort,
            after.as_ref(),
            args.fetch_limit(),
        )
        .await?;
        Listing::from_rows(
            db,
            actor,
            query.area_id,
            args,
            rows,
            async || Ok(plans::count(db, &filter, visibility).await?),
            |row| {
                let count = match sort {
                    Sort::MostDiscussed => row.comment_count,
                    _ => row.idea_count,
                };
                Cursor::sorted(sort, row.created_at, count, row.id)
            },
            Plan::from,
        )
        .await
    }

    /// The questions of the plans, in order (the caller holds visible plans).
    pub async fn plan_questions(&self, plan_ids: &[Uuid]) -> AppResult<Vec<Question>> {
        let rows = plans::questions_of(&self.db.conn, plan_ids).await?;
        Ok(rows.into_iter().map(Question::from).collect())
    }

    /// How many answers each question has.
    pub async fn answer_counts(&self, question_ids: &[Uuid]) -> AppResult<Vec<(Uuid, i64)>> {
        let rows = plans::answer_counts(&self.db.conn, question_ids).await?;
        Ok(rows.into_iter().map(|r| (r.question_id, r.count)).collect())
    }

    /// The viewer's own answers to the questions.
    pub async fn viewer_answers(
        &self,
        actor: &Actor,
        question_ids: &[Uuid],
    ) -> AppResult<Vec<Answer>> {
        let Some(user) = actor.user_id() else {
            return Ok(Vec::new());
        };
        let rows = plans::answers_by(&self.db.conn, user, question_ids).await?;
        Ok(rows.into_iter().map(Answer::from).collect())
    }

    /// Everyone's answers to a question: for the plan's author, professionals
    /// and admins, who weigh them.
    pub async fn answers(
        &self,
        actor: &Actor,
        question: &Question,
        args: &PageArgs,
    ) -> AppResult<Page<Answer>> {
        crate::listing::require_official(actor)?;
        let after = args.after_id()?;
        let db = &self.db.conn;
        let rows = plans::answers_page(db, question.id, after, args.fetch_limit()).await?;
        let total = plans::answer_counts(db, &[question.id])
            .await?
            .first()
            .map_or(0, |c| c.count as u64);
        Ok(Page::from_rows(args, rows, total, |row| Cursor::Id(row.id)).map(Answer::from))
    }

    /// The ideas each plan takes up, as `actor` may see them, in two queries.
    pub async fn ideas_of_plans(
        &self,
        actor: &Actor,
        plan_ids: &[Uuid],
    ) -> AppResult<Vec<(Uuid, Idea)>> {
        let links = plans::links_of_plans(&self.db.conn, plan_ids).await?;
        let idea_ids: Vec<Uuid> = links.iter().map(|l| l.idea_id).collect();
        let ideas = self.ideas_by_ids(actor, &idea_ids).await?;
        Ok(links
            .iter()
            .filter_map(|l| {
                let idea = ideas.iter().find(|i| i.id == l.idea_id)?;
                Some((l.plan_id, idea.clone()))
            })
            .collect())
    }

    /// The plans that take up each idea, as `actor` may see them.
    pub async fn plans_of_ideas(
        &self,
        actor: &Actor,
        idea_ids: &[Uuid],
    ) -> AppResult<Vec<(Uuid, Plan)>> {
        let links = plans::links_of_ideas(&self.db.conn, idea_ids).await?;
        let plan_ids: Vec<Uuid> = links.iter().map(|l| l.plan_id).collect();
        let plans = self.plans_by_ids(actor, &plan_ids).await?;
        Ok(links
            .iter()
            .filter_map(|l| {
                let plan = plans.iter().find(|p| p.id == l.plan_id)?;
                Some((l.idea_id, plan.clone()))
            })
            .collect())
    }
}

impl Plan {
    pub fn description_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.description)
    }

    pub fn official_response_html(&self) -> Option<String> {
        self.official_response
            .as_deref()
            .map(plein_domain::markdown::to_safe_html)
    }
}
