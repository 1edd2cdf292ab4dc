//! Ideas: residents' proposals for an area, with supports, an edit history and
//! a public status history.

mod status;
mod support;
mod write;

use chrono::{DateTime, Utc};
use plein_domain::{IdeaStatus, Location};
use plein_storage::entities::{idea_revisions, idea_status_changes, ideas as rows};
use plein_storage::listing::{Filter, Sort, Visibility};
use plein_storage::{areas, ideas};
use uuid::Uuid;

pub use support::THRESHOLD_REACHED_JOB;
pub use write::{EditIdeaInput, NewIdeaInput};

use crate::accounts::User;
use crate::areas::Area;
use crate::listing::{cursor_key, parse_key};
use crate::page::{Page, PageArgs};
use crate::{Actor, App, AppError, AppResult};

/// The statuses only the author (and admins) see.
pub(crate) const HIDDEN: [&str; 2] = ["draft", "withdrawn"];

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

/// A page of ideas with the authors and areas of its items, read in the
/// page's own statement.
#[derive(Debug, Clone)]
pub struct IdeaPage {
    pub page: Page<Idea>,
    pub authors: Vec<User>,
    pub areas: Vec<Area>,
}

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

/// Whether `actor` may see an idea with this status and author.
/// What a moderator hid, only moderators and admins see; otherwise drafts
/// (and withdrawn ideas) only their author and admins.
pub(crate) fn can_see(actor: &Actor, status: &str, author_id: Uuid, hidden: bool) -> bool {
    if hidden {
        return actor.is_moderator();
    }
    !HIDDEN.contains(&status) || actor.user_id() == Some(author_id) || actor.is_admin()
}

pub(crate) fn visibility(actor: &Actor) -> Visibility<'static> {
    if actor.is_admin() {
        Visibility::All
    } else {
        Visibility::Public {
            hidden: &HIDDEN,
            author: actor.user_id(),
        }
    }
}

impl App {
    /// One idea, if it exists and `actor` may see it.
    pub async fn idea(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Idea>> {
        Ok(ideas::find(&self.db.conn, id)
            .await?
            .filter(|row| {
                can_see(
                    actor,
                    row.status.as_str(),
                    row.author_id,
                    row.hidden_at.is_some(),
                )
            })
            .map(Idea::from))
    }

    /// The ideas among `ids` that `actor` may see, in one query (for DataLoaders).
    pub async fn ideas_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<Idea>> {
        let rows = ideas::find_many(&self.db.conn, ids).await?;
        Ok(rows
            .into_iter()
            .filter(|row| {
                can_see(
                    actor,
                    row.status.as_str(),
                    row.author_id,
                    row.hidden_at.is_some(),
                )
            })
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
        let after = args
            .after
            .as_deref()
            .map(|k| parse_key(sort, k))
            .transpose()?;
        let tag = tag.as_ref().map(plein_domain::Tag::as_str);
        let visibility = visibility(actor);
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
        let mut authors = Vec::with_capacity(rows.len());
        let mut page_areas = Vec::with_capacity(rows.len());
        let rows: Vec<rows::Model> = rows
            .into_iter()
            .map(|(idea, author, area)| {
                authors.push(author);
                page_areas.push(area);
                idea
            })
            .collect();
        authors.sort_unstable_by_key(|author| author.id);
        authors.dedup_by_key(|author| author.id);
        page_areas.sort_unstable_by_key(|area| area.id);
        page_areas.dedup_by_key(|area| area.id);
        // The area is read in the page's own statement; only an empty page
        // asks whether it exists.
        if rows.is_empty()
            && let Some(id) = query.area_id
            && areas::find(db, id).await?.is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let total = if args.with_total {
            ideas::count(db, &filter, tag, visibility).await?
        } else {
            0
        };
        let page = Page::from_rows(args, rows, total, |row| {
            let count = match sort {
                Sort::MostDiscussed => row.comment_count,
                _ => row.support_count,
            };
            cursor_key(sort, row.created_at, count, row.id)
        });
        Ok(IdeaPage {
            page: page.map(Idea::from),
            authors: authors
                .into_iter()
                .map(|row| User::view(row, actor))
                .collect(),
            areas: page_areas.into_iter().map(Area::from).collect(),
        })
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
