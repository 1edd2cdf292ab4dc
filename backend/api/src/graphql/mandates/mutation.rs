use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::AppError;
use plein_app::mandates::{DelegateRef, GrantInput};

use crate::graphql::types::{MandateActionValue, MandateNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct MandateMutations;

/// Lets someone act for you. Give the delegate by id or by the email address
/// of their account (exactly one). A mandate is always your own: there is no
/// way to grant one for someone else, so it cannot be passed on.
#[derive(InputObject)]
pub struct GrantMandateInput {
    pub delegate_id: Option<ID>,
    pub delegate_email: Option<String>,
    /// At least one.
    pub actions: Vec<MandateActionValue>,
    /// In the future, and at most 366 days from now.
    pub valid_until: DateTime<Utc>,
}

/// Ends a mandate at once; the grantor may, and the delegate may give it back.
#[derive(InputObject)]
pub struct RevokeMandateInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct MandatePayload {
    pub mandate: MandateNode,
}

#[Object]
impl MandateMutations {
    async fn grant_mandate(
        &self,
        ctx: &Context<'_>,
        input: GrantMandateInput,
    ) -> async_graphql::Result<MandatePayload> {
        let delegate = match (input.delegate_id, input.delegate_email) {
            (Some(id), None) => DelegateRef::Id(parse_id("delegateId", &id).gql()?),
            (None, Some(email)) => DelegateRef::Email(email),
            _ => {
                return Err(AppError::bad_input(
                    "delegateId",
                    "give either delegateId or delegateEmail",
                ))
                .gql();
            }
        };
        let mandate = ctx
            .app()
            .grant_mandate(
                ctx.actor(),
                GrantInput {
                    delegate,
                    actions: input.actions.into_iter().map(Into::into).collect(),
                    valid_until: input.valid_until,
                },
            )
            .await
            .gql()?;
        Ok(MandatePayload {
            mandate: MandateNode(mandate),
        })
    }

    async fn revoke_mandate(
        &self,
        ctx: &Context<'_>,
        input: RevokeMandateInput,
    ) -> async_graphql::Result<MandatePayload> {
        let id = parse_id("id", &input.id).gql()?;
        let mandate = ctx.app().revoke_mandate(ctx.actor(), id).await.gql()?;
        Ok(MandatePayload {
            mandate: MandateNode(mandate),
        })
    }
}
