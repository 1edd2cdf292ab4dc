use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use crate::graphql::types::{
    CadenceValue, FollowKindValue, NotificationKindValue, NotificationNode, PreferenceNode,
    parse_id,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct NotificationMutations;

/// An idea, plan, working group or area to follow or stop following.
#[derive(InputObject)]
pub struct FollowInput {
    pub subject_kind: FollowKindValue,
    pub subject_id: ID,
}

/// What to stop following.
#[derive(InputObject)]
pub struct UnfollowInput {
    pub subject_kind: FollowKindValue,
    pub subject_id: ID,
}

#[derive(SimpleObject)]
pub struct FollowPayload {
    pub subject_kind: FollowKindValue,
    pub subject_id: ID,
    /// Whether you follow it now.
    pub following: bool,
}

/// Give `ids` (at most 50), or `all: true`.
#[derive(InputObject)]
pub struct MarkNotificationsReadInput {
    pub ids: Option<Vec<ID>>,
    #[graphql(default)]
    pub all: bool,
}

#[derive(SimpleObject)]
pub struct MarkNotificationsReadPayload {
    /// The notifications named in `ids`, as they are now.
    pub notifications: Vec<NotificationNode>,
    pub unread_count: u64,
}

#[derive(InputObject)]
pub struct SetNotificationPreferenceInput {
    pub kind: NotificationKindValue,
    pub cadence: CadenceValue,
}

#[derive(SimpleObject)]
pub struct NotificationPreferencePayload {
    pub preference: PreferenceNode,
}

impl NotificationMutations {
    async fn set_follow(
        ctx: &Context<'_>,
        input: FollowInput,
        follow: bool,
    ) -> async_graphql::Result<FollowPayload> {
        let id = parse_id("subjectId", &input.subject_id).gql()?;
        let following = ctx
            .app()
            .set_follow(ctx.actor(), input.subject_kind.into(), id, follow)
            .await
            .gql()?;
        Ok(FollowPayload {
            subject_kind: input.subject_kind,
            subject_id: input.subject_id,
            following,
        })
    }
}

#[Object]
impl NotificationMutations {
    /// Follows an idea, plan or area: you hear of what happens to it (for an
    /// area, to everything beneath it). Following twice changes nothing.
    async fn follow(
        &self,
        ctx: &Context<'_>,
        input: FollowInput,
    ) -> async_graphql::Result<FollowPayload> {
        Self::set_follow(ctx, input, true).await
    }

    /// Stops following; doing it again changes nothing.
    async fn unfollow(
        &self,
        ctx: &Context<'_>,
        input: UnfollowInput,
    ) -> async_graphql::Result<FollowPayload> {
        let input = FollowInput {
            subject_kind: input.subject_kind,
            subject_id: input.subject_id,
        };
        Self::set_follow(ctx, input, false).await
    }

    /// Marks some or all of your notifications read. Ids that are not yours
    /// change nothing.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        input: MarkNotificationsReadInput,
    ) -> async_graphql::Result<MarkNotificationsReadPayload> {
        let ids = match (input.ids, input.all) {
            (Some(ids), false) => Some(
                ids.iter()
                    .map(|id| parse_id("ids", id))
                    .collect::<Result<Vec<_>, _>>()
                    .gql()?,
            ),
            (None, true) => None,
            _ => {
                return Err(plein_app::AppError::bad_input(
                    "ids",
                    "give either ids or all: true",
                ))
                .gql();
            }
        };
        let app = ctx.app();
        let notifications = app.mark_notifications_read(ctx.actor(), ids).await.gql()?;
        let unread_count = app.unread_notification_count(ctx.actor()).await.gql()?;
        Ok(MarkNotificationsReadPayload {
            notifications: notifications.into_iter().map(NotificationNode).collect(),
            unread_count,
        })
    }

    /// Sets how often one kind of notification is mailed to you.
    async fn set_notification_preference(
        &self,
        ctx: &Context<'_>,
        input: SetNotificationPreferenceInput,
    ) -> async_graphql::Result<NotificationPreferencePayload> {
        let preference = ctx
            .app()
            .set_notification_preference(ctx.actor(), input.kind.into(), input.cadence.into())
            .await
            .gql()?;
        Ok(NotificationPreferencePayload {
            preference: preference.into(),
        })
    }
}
