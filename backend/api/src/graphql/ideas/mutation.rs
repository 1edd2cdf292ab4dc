use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use plein_app::ideas::{EditIdeaInput, NewIdeaInput};
use plein_domain::IdeaStatus;

use crate::graphql::types::{
    AreaNode, IdeaNode, IdeaStatusValue, IntakeInput, parse_id, parse_on_behalf_of,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct IdeaMutations;

/// A point on the map, in WGS84 degrees, inside the platform's map bounds
/// (the Netherlands unless configured otherwise). When areas have
/// boundaries, the point decides the area: see `docs/places.md`.
#[derive(InputObject)]
pub struct LocationInput {
    /// -90 to 90.
    pub latitude: f64,
    /// -180 to 180.
    pub longitude: f64,
    /// An address or description of the place, at most 200 characters.
    pub address: Option<String>,
}

impl From<LocationInput> for plein_app::places::LocationInput {
    fn from(l: LocationInput) -> Self {
        Self {
            latitude: l.latitude,
            longitude: l.longitude,
            address: l.address,
        }
    }
}

/// A new idea, saved as a draft that only you see until you publish it.
#[derive(InputObject)]
pub struct CreateIdeaInput {
    /// Plain text, 1 to 120 characters.
    pub title: String,
    /// Markdown, 1 to 20000 characters; stored as written.
    pub body: String,
    /// At most 10 tags of 1 to 30 characters, no commas; lower-cased.
    #[graphql(default)]
    pub tags: Vec<String>,
    /// The area at any level: a street, a neighbourhood, the whole municipality.
    pub area_id: ID,
    pub location: Option<LocationInput>,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
    /// Assisted intake, for professionals and admins: the idea of a resident
    /// without an account, taken down by you. You stay its author.
    pub intake: Option<IntakeInput>,
}

/// Changes to your idea; fields left out stay as they are. Each edit is kept
/// in the public edit history.
#[derive(InputObject)]
pub struct UpdateIdeaInput {
    pub id: ID,
    /// Plain text, 1 to 120 characters.
    pub title: Option<String>,
    /// Markdown, 1 to 20000 characters.
    pub body: Option<String>,
    /// Replaces the tags: at most 10 of 1 to 30 characters.
    pub tags: Option<Vec<String>>,
    pub area_id: Option<ID>,
    /// Null removes the location.
    pub location: MaybeUndefined<LocationInput>,
}

#[derive(InputObject)]
pub struct PublishIdeaInput {
    pub id: ID,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

#[derive(InputObject)]
pub struct WithdrawIdeaInput {
    pub id: ID,
    /// Optional; plain text, at most 1000 characters.
    pub reason: Option<String>,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

/// Professionals and admins move an idea past published: under review,
/// accepted, in progress, realised, or declined (with a reason).
#[derive(InputObject)]
pub struct SetIdeaStatusInput {
    pub id: ID,
    pub status: IdeaStatusValue,
    /// Required when declining; plain text, at most 1000 characters.
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct SupportIdeaInput {
    pub idea_id: ID,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

#[derive(InputObject)]
pub struct UnsupportIdeaInput {
    pub idea_id: ID,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

/// Admins only.
#[derive(InputObject)]
pub struct SetAreaSupportThresholdInput {
    pub area_id: ID,
    /// Supports at which a published idea in this area (or beneath it) goes to
    /// review, 1 to 1000000; null inherits the threshold of the area above.
    pub threshold: Option<i32>,
}

#[derive(SimpleObject)]
pub struct IdeaPayload {
    pub idea: IdeaNode,
}

#[derive(SimpleObject)]
pub struct SupportThresholdPayload {
    pub area: AreaNode,
}

fn payload(idea: plein_app::ideas::Idea) -> IdeaPayload {
    IdeaPayload {
        idea: IdeaNode(idea),
    }
}

#[Object]
impl IdeaMutations {
    async fn create_idea(
        &self,
        ctx: &Context<'_>,
        input: CreateIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let area_id = parse_id("areaId", &input.area_id).gql()?;
        let idea = ctx
            .app()
            .create_idea(
                ctx.actor(),
                NewIdeaInput {
                    title: input.title,
                    body: input.body,
                    tags: input.tags,
                    area_id,
                    location: input.location.map(Into::into),
                    on_behalf_of: parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
                    intake: input.intake.map(|i| (i.resident_name, i.place)),
                },
            )
            .await
            .gql()?;
        Ok(payload(idea))
    }

    /// Only the author, and only until the idea is accepted, declined or withdrawn.
    async fn update_idea(
        &self,
        ctx: &Context<'_>,
        input: UpdateIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let area_id = input
            .area_id
            .as_ref()
            .map(|a| parse_id("areaId", a))
            .transpose()
            .gql()?;
        let location = match input.location {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(l) => Some(Some(l.into())),
        };
        let idea = ctx
            .app()
            .edit_idea(
                ctx.actor(),
                EditIdeaInput {
                    id,
                    title: input.title,
                    body: input.body,
                    tags: input.tags,
                    area_id,
                    location,
                },
            )
            .await
            .gql()?;
        Ok(payload(idea))
    }

    /// Makes your draft public.
    async fn publish_idea(
        &self,
        ctx: &Context<'_>,
        input: PublishIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let idea = ctx
            .app()
            .change_idea_status_for(
                ctx.actor(),
                id,
                IdeaStatus::Published,
                None,
                parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
            )
            .await
            .gql()?;
        Ok(payload(idea))
    }

    /// Takes your idea back (from draft, published or under review).
    async fn withdraw_idea(
        &self,
        ctx: &Context<'_>,
        input: WithdrawIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let idea = ctx
            .app()
            .change_idea_status_for(
                ctx.actor(),
                id,
                IdeaStatus::Withdrawn,
                input.reason,
                parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
            )
            .await
            .gql()?;
        Ok(payload(idea))
    }

    /// Moves an idea along its lifecycle; recorded in its public status history.
    async fn set_idea_status(
        &self,
        ctx: &Context<'_>,
        input: SetIdeaStatusInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let idea = ctx
            .app()
            .change_idea_status(ctx.actor(), id, input.status.into(), input.reason)
            .await
            .gql()?;
        Ok(payload(idea))
    }

    /// Backs an idea; once per person, so doing it again changes nothing.
    async fn support_idea(
        &self,
        ctx: &Context<'_>,
        input: SupportIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("ideaId", &input.idea_id).gql()?;
        let on_behalf_of = parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?;
        let idea = ctx
            .app()
            .support_idea(ctx.actor(), id, on_behalf_of)
            .await
            .gql()?;
        if on_behalf_of.is_none() {
            ctx.loaders().now_supported(id, true);
        }
        Ok(payload(idea))
    }

    /// Takes your support back; doing it again changes nothing.
    async fn unsupport_idea(
        &self,
        ctx: &Context<'_>,
        input: UnsupportIdeaInput,
    ) -> async_graphql::Result<IdeaPayload> {
        let id = parse_id("ideaId", &input.idea_id).gql()?;
        let on_behalf_of = parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?;
        let idea = ctx
            .app()
            .unsupport_idea(ctx.actor(), id, on_behalf_of)
            .await
            .gql()?;
        if on_behalf_of.is_none() {
            ctx.loaders().now_supported(id, false);
        }
        Ok(payload(idea))
    }

    async fn set_area_support_threshold(
        &self,
        ctx: &Context<'_>,
        input: SetAreaSupportThresholdInput,
    ) -> async_graphql::Result<SupportThresholdPayload> {
        let area_id = parse_id("areaId", &input.area_id).gql()?;
        let area = ctx
            .app()
            .set_support_threshold(ctx.actor(), area_id, input.threshold)
            .await
            .gql()?;
        Ok(SupportThresholdPayload {
            area: AreaNode(area),
        })
    }
}
