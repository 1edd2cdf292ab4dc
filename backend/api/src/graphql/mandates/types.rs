use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::mandates::{Mandate, MandateRecord, RecordKind};
use plein_domain::{IntakeProvenance, MandateAction};

use crate::graphql::types::UserNode;
use crate::graphql::types::mirror_enum;
use crate::graphql::{ContextExt, ResultExt};

/// What a delegate may do for the person who gave the mandate.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "MandateAction")]
pub enum MandateActionValue {
    /// Create, publish and withdraw ideas.
    PostIdeas,
    /// Support ideas, and take the support back.
    Support,
    /// Post comments and replies.
    Comment,
    /// Answer whether they come to a working group's meeting.
    Rsvp,
    /// Answer a working group's decisions.
    Vote,
    /// Vote in budget rounds.
    BudgetVote,
}

mirror_enum!(
    MandateActionValue,
    MandateAction,
    [PostIdeas, Support, Comment, Rsvp, Vote, BudgetVote]
);

/// A permission to act for someone ("machtiging"): which actions, until
/// when. Only the grantor and the delegate see it.
pub struct MandateNode(pub Mandate);

#[Object(name = "Mandate")]
impl MandateNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Who gave it: the delegate acts for this person.
    async fn grantor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx
            .loaders()
            .users
            .load_one(self.0.grantor_id)
            .await
            .gql()?;
        Ok(user.map(UserNode))
    }

    /// Who may act under it.
    async fn delegate(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx
            .loaders()
            .users
            .load_one(self.0.delegate_id)
            .await
            .gql()?;
        Ok(user.map(UserNode))
    }

    async fn actions(&self) -> Vec<MandateActionValue> {
        self.0.actions.iter().map(Into::into).collect()
    }

    /// It stops working at this moment.
    async fn valid_until(&self) -> DateTime<Utc> {
        self.0.valid_until
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the grantor (or the delegate) ended it; it stopped working then.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

    /// Neither revoked nor expired.
    async fn active(&self, ctx: &Context<'_>) -> bool {
        self.0.is_active(ctx.app().clock.now())
    }

    /// Everything done under this mandate, oldest first.
    async fn records(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MandateRecordNode>> {
        let loaded = ctx
            .loaders()
            .content
            .mandate_records
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(MandateRecordNode)
            .collect())
    }
}

/// The kind of record made under a mandate.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "MandateRecordKind")]
pub enum RecordKindValue {
    Idea,
    Comment,
    Support,
    Rsvp,
    Vote,
}

mirror_enum!(
    RecordKindValue,
    RecordKind,
    [Idea, Comment, Support, Rsvp, Vote]
);

/// One thing a delegate did under a mandate.
pub struct MandateRecordNode(pub MandateRecord);

#[Object(name = "MandateRecord")]
impl MandateRecordNode {
    async fn kind(&self) -> RecordKindValue {
        self.0.kind.into()
    }

    /// When it was made (for answers: last changed).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// The id of the idea (for ideas and supports), comment, meeting or decision.
    async fn subject_id(&self) -> ID {
        ID(self.0.subject_id.to_string())
    }

    /// The idea it concerns, for ideas, supports and comments on an idea.
    async fn idea_id(&self) -> Option<ID> {
        self.0.idea_id.map(|id| ID(id.to_string()))
    }

    /// The idea's, meeting's or decision's title, or the start of the
    /// comment; empty when it is no longer visible to you.
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// The answer, for RSVPs (`yes`, `no`, `maybe`) and votes.
    async fn answer(&self) -> Option<&str> {
        self.0.answer.as_deref()
    }
}

/// Assisted intake: a professional takes down the idea or comment of a
/// resident without an account.
#[derive(InputObject)]
pub struct IntakeInput {
    /// The resident's given name as they want it shown; plain text, 1 to 60 characters.
    pub resident_name: String,
    /// Where it was taken down, such as "Buurthuis De Ster"; 1 to 120 characters.
    pub place: String,
}

/// Taken down by the author (a professional) at `place` for `residentName`,
/// who has no account.
#[derive(SimpleObject)]
#[graphql(name = "Intake")]
pub struct IntakeNode {
    pub resident_name: String,
    pub place: String,
}

impl From<&IntakeProvenance> for IntakeNode {
    fn from(intake: &IntakeProvenance) -> Self {
        Self {
            resident_name: intake.resident_name.clone(),
            place: intake.place.clone(),
        }
    }
}
