use plein_domain::{IdeaStatus, MandateAction, Markdown, Tag, Title};
use plein_storage::{areas, ideas};
use uuid::Uuid;

use super::Idea;
use crate::places::LocationInput;
use crate::{Actor, App, AppError, AppResult};

/// The longest idea body, in characters of Markdown.
pub const MAX_BODY: usize = 20_000;

pub struct NewIdeaInput {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub area_id: Uuid,
    /// Where; with area boundaries it may move the idea to a deeper area
    /// (see `crate::places`).
    pub location: Option<LocationInput>,
    /// Posts it for the grantor of a mandate the actor holds.
    pub on_behalf_of: Option<Uuid>,
    /// Assisted intake: (resident's given name, place); professionals and admins only.
    pub intake: Option<(String, String)>,
}

/// Changes to an idea's text; absent fields stay as they are.
#[derive(Default)]
pub struct EditIdeaInput {
    pub id: Uuid,
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    pub area_id: Option<Uuid>,
    /// `Some(None)` removes the location.
    pub location: Option<Option<LocationInput>>,
}

fn into_strings(tags: Vec<Tag>) -> Vec<String> {
    tags.into_iter().map(Tag::into_inner).collect()
}

impl App {
    /// Creates an idea as a draft; only its author sees it until it is published.
    pub async fn create_idea(&self, actor: &Actor, input: NewIdeaInput) -> AppResult<Idea> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let title = Title::parse(&input.title)?.into_inner();
        let body = Markdown::parse("body", &input.body, MAX_BODY)?.into_inner();
        let tags = into_strings(Tag::parse_list(&input.tags)?);
        let location = input.location.map(|l| self.parse_location(l)).transpose()?;
        if input.intake.is_some() && input.on_behalf_of.is_some() {
            return Err(AppError::bad_input(
                "intake",
                "take an idea down for someone or act under a mandate, not both",
            ));
        }
        let intake = crate::mandates::parse_intake(actor, input.intake)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                input.on_behalf_of,
                MandateAction::PostIdeas,
                now,
            )
            .await?;
        let user = who.current();
        if areas::find(&txn, input.area_id).await?.is_none() {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let area_id = match &location {
            Some(place) => crate::places::area_for(&txn, place, input.area_id).await?,
            None => input.area_id,
        };
        let row = ideas::insert(
            &txn,
            ideas::NewIdea {
                id: Uuid::now_v7(),
                author_id: user.id,
                area_id,
                title: title.clone(),
                body: body.clone(),
                tags: tags.clone(),
                location,
                status: IdeaStatus::Draft,
                acting: who.acting,
                intake,
                now,
            },
        )
        .await?;
        ideas::insert_revision(
            &txn,
            ideas::NewRevision {
                idea_id: row.id,
                editor_id: user.id,
                title,
                body,
                tags,
                now,
            },
        )
        .await?;
        ideas::insert_status_change(
            &txn,
            ideas::NewStatusChange {
                idea_id: row.id,
                actor_id: Some(user.id),
                from: None,
                to: IdeaStatus::Draft,
                reason: None,
                now,
            },
        )
        .await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Idea, row.id, now).await?;
        crate::notifications::auto_follow(
            &txn,
            user.id,
            plein_domain::FollowKind::Idea,
            row.id,
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Changes an idea's text. Only its author may, and only until it is
    /// decided on; every version stays in the public edit history.
    pub async fn edit_idea(&self, actor: &Actor, input: EditIdeaInput) -> AppResult<Idea> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let title = input.title.as_deref().map(Title::parse).transpose()?;
        let body = input
            .body
            .as_deref()
            .map(|b| Markdown::parse("body", b, MAX_BODY))
            .transpose()?;
        let tags = input.tags.as_deref().map(Tag::parse_list).transpose()?;
        let location = input
            .location
            .map(|l| l.map(|l| self.parse_location(l)).transpose())
            .transpose()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let before = ideas::find_for_update(&txn, input.id)
            .await?
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .ok_or(AppError::NotFound("idea"))?;
        if before.author_id != user.id {
            return Err(AppError::Forbidden("only the author may edit an idea"));
        }
        let status = before.status;
        if !status.editable() {
            return Err(AppError::conflict(
                "id",
                format!("an idea that is {status} can no longer be edited"),
            ));
        }
        if let Some(area_id) = input.area_id
            && areas::find(&txn, area_id).await?.is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let place_again = location.is_some() || input.area_id.is_some();
        let mut change = ideas::ContentChange {
            title: title.map_or(before.title.clone(), Title::into_inner),
            body: body.map_or(before.body.clone(), Markdown::into_inner),
            tags: tags.map_or_else(|| before.tags.0.clone(), into_strings),
            location: location.unwrap_or_else(|| {
                before
                    .latitude
                    .zip(before.longitude)
                    .map(|(latitude, longitude)| plein_storage::places::Place {
                        latitude,
                        longitude,
                        address: before.address.clone(),
                    })
            }),
            area_id: input.area_id.unwrap_or(before.area_id),
        };
        if let Some(place) = change.location.as_ref().filter(|_| place_again) {
            change.area_id = crate::places::area_for(&txn, place, change.area_id).await?;
        }
        ideas::insert_revision(
            &txn,
            ideas::NewRevision {
                idea_id: before.id,
                editor_id: user.id,
                title: change.title.clone(),
                body: change.body.clone(),
                tags: change.tags.clone(),
                now,
            },
        )
        .await?;
        let row = ideas::update_content(&txn, before.id, change, now).await?;
        crate::search::enqueue_index(&txn, crate::search::SearchKind::Idea, row.id, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }
}
