//! Ideas: residents' proposals for an area, with supports, an edit history and
//! a public status history.

mod status;
mod support;
mod write;

use chrono::{DateTime, Utc};
use plein_domain::{IdeaStatus, Location};
use plein_storage::entities::{idea_revisions, idea_status_changes, ideas as rows};
use plein_storage::ideas;
use plein_storage::listing::{Filter, Sort, Visibility};
use uuid::Uuid;

pub use support::ThresholdReachedJob;
pub use write::{EditIdeaInput, NewIdeaInput};

use crate::feed::Listing;
use crate::page::{Cursor, PageArgs};
use crate::{Actor, App, AppError, AppResult};

/// An idea as the viewer may see it.
#[derive(Debug, Clone)]
pub struct Idea {
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    /// Markdown as written.
    pub body: String,
    pub tags: Vec<String>,
    pub location: Option<Location>,
    /// The address or description of the place, when given.
    pub address: Option<String>,
    pub status: IdeaStatus,
    pub support_count: i32,
    pub comment_count: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who wrote it for the author under a mandate.
    pub acted_by: Option<Uuid>,
    /// Assisted intake: for whom and where the author took it down.
    pub intake: Option<plein_domain::IntakeProvenance>,
}

/// A page of ideas with the authors and areas of its items.
pub type IdeaPage = Listing<Idea>;

impl From<rows::Model> for Idea {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            author_id: row.author_id,
            area_id: row.area_id,
            tags: row.tags.0,
            location: row
                .latitude
                .zip(row.longitude)
                .map(|(latitude, longitude)| Location {
                    latitude,
                    longitude,
                }),
            address: row.address,
            status: row.status,
            support_count: row.support_count,
            comment_count: row.comment_count,
            published_at: row.published_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            acted_by: row.acted_by,
            intake: crate::mandates::intake_of(row.intake_resident, row.intake_place),
            title: row.title,
            body: row.body,
        }
    }
}

impl Idea {
    pub fn body_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.body)
    }
}

/// One version of an idea's text.
#[derive(Debug, Clone)]
pub struct IdeaRevision {
    pub idea_id: Uuid,
    pub editor_id: Uuid,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl From<idea_revisions::Model> for IdeaRevision {
    fn from(row: idea_revisions::Model) -> Self {
        Self {
            idea_id: row.idea_id,
            editor_id: row.editor_id,
            tags: row.tags.0,
            title: row.title,
            body: row.body,
            created_at: row.created_at,
        }
    }
}

/// One entry of an idea's public status history.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub idea_id: Uuid,
    /// `None` when the system moved it (a support threshold was reached).
    pub actor_id: Option<Uuid>,
    pub from: Option<IdeaStatus>,
    pub to: IdeaStatus,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<idea_status_changes::Model> for StatusChange {
    fn from(row: idea_status_changes::Model) -> Self {
        Self {
            idea_id: row.idea_id,
            actor_id: row.actor_id,
            from: row.from_status,
            to: row.to_status,
            reason: row.reason,
            created_at: row.created_at,
        }
    }
}

/// What a list of ideas is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct IdeaQuery {
    /// This area and everything beneath it.
    pub area_id: Option<Uuid>,
    pub status: Option<IdeaStatus>,
    pub tag: Option<String>,
    pub author_id: Option<Uuid>,
}

impl App {
    /// One idea, if it exists and `actor` may see it.
    pub async fn idea(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Idea>> {
        Ok(ideas::find(&self.db.conn, id)
            .await?
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .map(Idea::from))
    }

    /// The ideas among `ids` that `actor` may see, in one query (for DataLoaders).
    pub async fn ideas_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<Idea>> {
        let rows = ideas::find_many(&self.db.conn, ids).await?;
        Ok(rows
            .into_iter()
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .map(Idea::from)
            .collect())
    }

    /// A page of the ideas `actor` may see.
    pub async fn ideas(
        &self,
        actor: &Actor,
        query: &IdeaQuery,
        sort: Sort,
        args: &PageArgs,
    ) -> AppResult<IdeaPage> {
        let db = &self.db.conn;
        let tag = query
            .tag
            .as_deref()
            .map(plein_domain::Tag::parse)
            .transpose()
            .map_err(|e| AppError::bad_input("tag", e.message))?;
        let filter = Filter {
            area_path: None,
            area_id: query.area_id,
            status: query.status.map(IdeaStatus::as_str),
            author_id: query.author_id,
        };
        let after = args.after_sorted(sort)?;
        let tag = tag.as_ref().map(plein_domain::Tag::as_str);
        let visibility = Visibility::To(actor.viewer());
        let rows = ideas::page(
            db,
            &filter,
            tag,
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
            async || Ok(ideas::count(db, &filter, tag, visibility).await?),
            |row| {
                let count = match sort {
                    Sort::MostDiscussed => row.comment_count,
                    _ => row.support_count,
                };
                Cursor::sorted(sort, row.created_at, count, row.id)
            },
            Idea::from,
        )
        .await
    }

    /// Every version of the ideas' texts, oldest first (for DataLoaders; the
    /// caller already holds ideas the viewer may see).
    pub async fn idea_revisions(&self, idea_ids: &[Uuid]) -> AppResult<Vec<IdeaRevision>> {
        let rows = ideas::revisions_of(&self.db.conn, idea_ids).await?;
        Ok(rows.into_iter().map(IdeaRevision::from).collect())
    }

    /// The public status histories of the ideas, oldest first.
    pub async fn idea_status_histories(&self, idea_ids: &[Uuid]) -> AppResult<Vec<StatusChange>> {
        let rows = ideas::status_changes_of(&self.db.conn, idea_ids).await?;
        Ok(rows.into_iter().map(StatusChange::from).collect())
    }

    /// Which of the ideas the signed-in viewer supports (none when anonymous).
    pub async fn supported_by_viewer(
        &self,
        actor: &Actor,
        idea_ids: &[Uuid],
    ) -> AppResult<Vec<Uuid>> {
        match actor.user_id() {
            Some(user) => Ok(ideas::supported_by(&self.db.conn, user, idea_ids).await?),
            None => Ok(Vec::new()),
        }
    }
}
