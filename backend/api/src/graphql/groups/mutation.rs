use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use plein_app::groups::{
    MeetingInput, NewDecisionInput, NewGroupInput, TaskInput, UpdateGroupInput,
};
use plein_domain::SubjectKind;

use crate::graphql::accounts::mail::DonePayload;
use crate::graphql::types::{
    DecisionNode, GroupMemberNode, GroupNode, GroupRoleValue, GroupVisibilityValue, InvitationNode,
    JoinPolicyValue, MeetingNode, RsvpValue, SubjectKindValue, TaskNode, TaskStatusValue,
    VoteAnswerValue, VoteNode, parse_id, parse_on_behalf_of,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct GroupMutations;

/// A new working group; you become its first coordinator.
#[derive(InputObject)]
pub struct CreateGroupInput {
    /// Plain text, 3 to 80 characters.
    pub name: String,
    /// Markdown, 1 to 20000 characters.
    pub purpose: String,
    pub area_id: ID,
    pub visibility: GroupVisibilityValue,
    pub join_policy: JoinPolicyValue,
}

/// Coordinators; fields left out stay as they are.
#[derive(InputObject)]
#[graphql(name = "UpdateGroupInput")]
pub struct UpdateGroupInputObject {
    pub id: ID,
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub area_id: Option<ID>,
    pub visibility: Option<GroupVisibilityValue>,
    pub join_policy: Option<JoinPolicyValue>,
}

/// Joins an open group, or asks to join one that takes requests.
#[derive(InputObject)]
pub struct JoinGroupInput {
    pub group_id: ID,
    /// With a request: plain text, at most 500 characters.
    pub message: Option<String>,
}

#[derive(InputObject)]
pub struct AnswerJoinRequestInput {
    pub request_id: ID,
    pub approve: bool,
}

/// Mails an invitation link; it works for someone without an account too.
#[derive(InputObject)]
pub struct InviteToGroupInput {
    pub group_id: ID,
    pub email: String,
}

/// Withdraws an invitation that was not accepted yet.
#[derive(InputObject)]
pub struct RevokeGroupInvitationInput {
    /// The invitation's id.
    pub id: ID,
}

#[derive(InputObject)]
pub struct AcceptGroupInvitationInput {
    /// The token from the invitation link.
    pub token: String,
}

/// Leaves a group you are a member of.
#[derive(InputObject)]
pub struct LeaveGroupInput {
    pub group_id: ID,
}

/// Coordinators remove a member; not the last coordinator.
#[derive(InputObject)]
pub struct RemoveGroupMemberInput {
    pub group_id: ID,
    pub user_id: ID,
}

/// The member who becomes coordinator in your place.
#[derive(InputObject)]
pub struct HandOverGroupInput {
    pub group_id: ID,
    pub user_id: ID,
}

#[derive(InputObject)]
pub struct SetGroupMemberRoleInput {
    pub group_id: ID,
    pub user_id: ID,
    pub role: GroupRoleValue,
}

/// Links a group to an idea or plan it works on, or unlinks it.
#[derive(InputObject)]
pub struct SetGroupLinkInput {
    pub group_id: ID,
    pub subject_kind: SubjectKindValue,
    pub subject_id: ID,
    pub linked: bool,
}

/// A new task (no `id`, with `groupId`) or a change to one (with `id`;
/// fields left out stay, `null` clears the assignee or due date). Members only.
#[derive(InputObject)]
pub struct SaveTaskInput {
    pub id: Option<ID>,
    pub group_id: Option<ID>,
    /// Plain text, 1 to 120 characters; required for a new task.
    pub title: Option<String>,
    /// Markdown, at most 20000 characters.
    pub description: Option<String>,
    /// A member of the group.
    pub assignee_id: MaybeUndefined<ID>,
    /// Not in the past (in the Netherlands) when set.
    pub due_on: MaybeUndefined<NaiveDate>,
    pub status: Option<TaskStatusValue>,
}

/// Deletes a task of a group.
#[derive(InputObject)]
pub struct DeleteTaskInput {
    /// The task's id.
    pub id: ID,
}

/// Cancels a meeting; it stays listed as cancelled.
#[derive(InputObject)]
pub struct CancelMeetingInput {
    /// The meeting's id.
    pub id: ID,
}

/// A new meeting (no `id`, with `groupId`; coordinators) or a change to one
/// (with `id`; fields left out stay). Members may add only the minutes.
#[derive(InputObject)]
pub struct SaveMeetingInput {
    pub id: Option<ID>,
    pub group_id: Option<ID>,
    /// Plain text, 1 to 120 characters; required for a new meeting.
    pub title: Option<String>,
    /// Not in the past for a new or moved meeting.
    pub starts_at: Option<DateTime<Utc>>,
    /// After `startsAt`, at most a week later.
    pub ends_at: Option<DateTime<Utc>>,
    /// Plain text, at most 200 characters; empty clears it.
    pub place: Option<String>,
    /// An http(s) link; empty clears it.
    pub online_url: Option<String>,
    /// Markdown, at most 20000 characters.
    pub agenda: Option<String>,
    /// Markdown, once the meeting has started.
    pub minutes: Option<String>,
}

#[derive(InputObject)]
pub struct RsvpInput {
    pub meeting_id: ID,
    pub answer: RsvpValue,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

/// A coordinator's proposal; members answer until `closesAt`.
#[derive(InputObject)]
pub struct OpenDecisionInput {
    pub group_id: ID,
    /// Plain text, 1 to 120 characters.
    pub title: String,
    /// Markdown, 1 to 20000 characters.
    pub proposal: String,
    /// In the future, within 90 days.
    pub closes_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct VoteInput {
    pub decision_id: ID,
    pub answer: VoteAnswerValue,
    /// Plain text, at most 1000 characters.
    pub reason: Option<String>,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
}

#[derive(InputObject)]
pub struct RecordDecisionOutcomeInput {
    pub decision_id: ID,
    /// Markdown, 1 to 20000 characters.
    pub outcome: String,
}

#[derive(SimpleObject)]
pub struct GroupPayload {
    pub group: GroupNode,
}

#[derive(SimpleObject)]
pub struct GroupMemberPayload {
    pub member: GroupMemberNode,
}

#[derive(SimpleObject)]
pub struct InvitationPayload {
    pub invitation: InvitationNode,
}

#[derive(SimpleObject)]
pub struct TaskPayload {
    pub task: TaskNode,
}

#[derive(SimpleObject)]
pub struct MeetingPayload {
    pub meeting: MeetingNode,
}

#[derive(SimpleObject)]
pub struct DecisionPayload {
    pub decision: DecisionNode,
}

#[derive(SimpleObject)]
pub struct VotePayload {
    pub vote: VoteNode,
}

fn group(g: plein_app::groups::Group) -> GroupPayload {
    GroupPayload {
        group: GroupNode(g),
    }
}

fn optional_id(field: &'static str, id: &Option<ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.as_ref().map(|id| parse_id(field, id)).transpose().gql()
}

#[Object]
impl GroupMutations {
    async fn create_group(
        &self,
        ctx: &Context<'_>,
        input: CreateGroupInput,
    ) -> async_graphql::Result<GroupPayload> {
        let area_id = parse_id("areaId", &input.area_id).gql()?;
        let created = ctx
            .app()
            .create_group(
                ctx.actor(),
                NewGroupInput {
                    name: input.name,
                    purpose: input.purpose,
                    area_id,
                    visibility: input.visibility.into(),
                    join_policy: input.join_policy.into(),
                },
            )
            .await
            .gql()?;
        Ok(group(created))
    }

    async fn update_group(
        &self,
        ctx: &Context<'_>,
        input: UpdateGroupInputObject,
    ) -> async_graphql::Result<GroupPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let area_id = optional_id("areaId", &input.area_id)?;
        let updated = ctx
            .app()
            .update_group(
                ctx.actor(),
                UpdateGroupInput {
                    id,
                    name: input.name,
                    purpose: input.purpose,
                    area_id,
                    visibility: input.visibility.map(Into::into),
                    join_policy: input.join_policy.map(Into::into),
                },
            )
            .await
            .gql()?;
        Ok(group(updated))
    }

    async fn join_group(
        &self,
        ctx: &Context<'_>,
        input: JoinGroupInput,
    ) -> async_graphql::Result<GroupPayload> {
        let id = parse_id("groupId", &input.group_id).gql()?;
        let joined = ctx
            .app()
            .join_group(ctx.actor(), id, input.message)
            .await
            .gql()?;
        Ok(group(joined))
    }

    /// Coordinators approve (the person becomes a member) or decline.
    async fn answer_join_request(
        &self,
        ctx: &Context<'_>,
        input: AnswerJoinRequestInput,
    ) -> async_graphql::Result<GroupPayload> {
        let id = parse_id("requestId", &input.request_id).gql()?;
        let answered = ctx
            .app()
            .answer_join_request(ctx.actor(), id, input.approve)
            .await
            .gql()?;
        Ok(group(answered))
    }

    /// Coordinators. A second invitation to the same address while the first
    /// is open answers CONFLICT on `email`.
    async fn invite_to_group(
        &self,
        ctx: &Context<'_>,
        input: InviteToGroupInput,
    ) -> async_graphql::Result<InvitationPayload> {
        let id = parse_id("groupId", &input.group_id).gql()?;
        let invitation = ctx
            .app()
            .invite_to_group(ctx.actor(), id, &input.email)
            .await
            .gql()?;
        Ok(InvitationPayload {
            invitation: InvitationNode(invitation),
        })
    }

    /// Coordinators withdraw an open invitation.
    async fn revoke_group_invitation(
        &self,
        ctx: &Context<'_>,
        input: RevokeGroupInvitationInput,
    ) -> async_graphql::Result<DonePayload> {
        let id = parse_id("id", &input.id).gql()?;
        ctx.app().revoke_invitation(ctx.actor(), id).await.gql()?;
        Ok(DonePayload { done: true })
    }

    /// Signed in with a confirmed address: become a member with the token
    /// from an invitation mail.
    async fn accept_group_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptGroupInvitationInput,
    ) -> async_graphql::Result<GroupPayload> {
        let accepted = ctx
            .app()
            .accept_invitation(ctx.actor(), &input.token)
            .await
            .gql()?;
        Ok(group(accepted))
    }

    /// The last coordinator cannot leave (CONFLICT): hand over first.
    async fn leave_group(
        &self,
        ctx: &Context<'_>,
        input: LeaveGroupInput,
    ) -> async_graphql::Result<DonePayload> {
        let id = parse_id("groupId", &input.group_id).gql()?;
        ctx.app().leave_group(ctx.actor(), id).await.gql()?;
        Ok(DonePayload { done: true })
    }

    /// Coordinators remove a member; not the last coordinator.
    async fn remove_group_member(
        &self,
        ctx: &Context<'_>,
        input: RemoveGroupMemberInput,
    ) -> async_graphql::Result<DonePayload> {
        let group_id = parse_id("groupId", &input.group_id).gql()?;
        let user_id = parse_id("userId", &input.user_id).gql()?;
        ctx.app()
            .remove_member(ctx.actor(), group_id, user_id)
            .await
            .gql()?;
        Ok(DonePayload { done: true })
    }

    /// Coordinators make a member coordinator, or a coordinator member again
    /// (never the last one).
    async fn set_group_member_role(
        &self,
        ctx: &Context<'_>,
        input: SetGroupMemberRoleInput,
    ) -> async_graphql::Result<GroupMemberPayload> {
        let group_id = parse_id("groupId", &input.group_id).gql()?;
        let user_id = parse_id("userId", &input.user_id).gql()?;
        let member = ctx
            .app()
            .set_member_role(ctx.actor(), group_id, user_id, input.role.into())
            .await
            .gql()?;
        Ok(GroupMemberPayload {
            member: GroupMemberNode(member),
        })
    }

    /// A coordinator hands coordination to another member and becomes a member.
    async fn hand_over_group(
        &self,
        ctx: &Context<'_>,
        input: HandOverGroupInput,
    ) -> async_graphql::Result<GroupPayload> {
        let group_id = parse_id("groupId", &input.group_id).gql()?;
        let user_id = parse_id("userId", &input.user_id).gql()?;
        let handed = ctx
            .app()
            .hand_over_group(ctx.actor(), group_id, user_id)
            .await
            .gql()?;
        Ok(group(handed))
    }

    async fn set_group_link(
        &self,
        ctx: &Context<'_>,
        input: SetGroupLinkInput,
    ) -> async_graphql::Result<GroupPayload> {
        let group_id = parse_id("groupId", &input.group_id).gql()?;
        let subject_id = parse_id("subjectId", &input.subject_id).gql()?;
        let kind: SubjectKind = input.subject_kind.into();
        let linked = ctx
            .app()
            .set_group_link(ctx.actor(), group_id, kind, subject_id, input.linked)
            .await
            .gql()?;
        Ok(group(linked))
    }

    async fn save_task(
        &self,
        ctx: &Context<'_>,
        input: SaveTaskInput,
    ) -> async_graphql::Result<TaskPayload> {
        let assignee_id = match &input.assignee_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(id) => Some(Some(parse_id("assigneeId", id).gql()?)),
        };
        let due_on = match input.due_on {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(date) => Some(Some(date)),
        };
        let task = ctx
            .app()
            .save_task(
                ctx.actor(),
                TaskInput {
                    id: optional_id("id", &input.id)?,
                    group_id: optional_id("groupId", &input.group_id)?,
                    title: input.title,
                    description: input.description,
                    assignee_id,
                    due_on,
                    status: input.status.map(Into::into),
                },
            )
            .await
            .gql()?;
        Ok(TaskPayload {
            task: TaskNode(task),
        })
    }

    async fn delete_task(
        &self,
        ctx: &Context<'_>,
        input: DeleteTaskInput,
    ) -> async_graphql::Result<DonePayload> {
        let id = parse_id("id", &input.id).gql()?;
        ctx.app().delete_task(ctx.actor(), id).await.gql()?;
        Ok(DonePayload { done: true })
    }

    async fn save_meeting(
        &self,
        ctx: &Context<'_>,
        input: SaveMeetingInput,
    ) -> async_graphql::Result<MeetingPayload> {
        let meeting = ctx
            .app()
            .save_meeting(
                ctx.actor(),
                MeetingInput {
                    id: optional_id("id", &input.id)?,
                    group_id: optional_id("groupId", &input.group_id)?,
                    title: input.title,
                    starts_at: input.starts_at,
                    ends_at: input.ends_at,
                    place: input.place,
                    online_url: input.online_url,
                    agenda: input.agenda,
                    minutes: input.minutes,
                },
            )
            .await
            .gql()?;
        Ok(MeetingPayload {
            meeting: MeetingNode(meeting),
        })
    }

    /// Coordinators; the meeting stays listed as cancelled.
    async fn cancel_meeting(
        &self,
        ctx: &Context<'_>,
        input: CancelMeetingInput,
    ) -> async_graphql::Result<MeetingPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let meeting = ctx.app().cancel_meeting(ctx.actor(), id).await.gql()?;
        Ok(MeetingPayload {
            meeting: MeetingNode(meeting),
        })
    }

    /// Members, until the meeting starts; answering again replaces the answer.
    async fn rsvp(
        &self,
        ctx: &Context<'_>,
        input: RsvpInput,
    ) -> async_graphql::Result<MeetingPayload> {
        let id = parse_id("meetingId", &input.meeting_id).gql()?;
        let meeting = ctx
            .app()
            .rsvp(
                ctx.actor(),
                id,
                input.answer.into(),
                parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
            )
            .await
            .gql()?;
        Ok(MeetingPayload {
            meeting: MeetingNode(meeting),
        })
    }

    async fn open_decision(
        &self,
        ctx: &Context<'_>,
        input: OpenDecisionInput,
    ) -> async_graphql::Result<DecisionPayload> {
        let group_id = parse_id("groupId", &input.group_id).gql()?;
        let decision = ctx
            .app()
            .open_decision(
                ctx.actor(),
                NewDecisionInput {
                    group_id,
                    title: input.title,
                    proposal: input.proposal,
                    closes_at: input.closes_at,
                },
            )
            .await
            .gql()?;
        Ok(DecisionPayload {
            decision: DecisionNode(decision),
        })
    }

    /// Members, until the proposal closes; answering again replaces the answer.
    async fn vote(
        &self,
        ctx: &Context<'_>,
        input: VoteInput,
    ) -> async_graphql::Result<VotePayload> {
        let id = parse_id("decisionId", &input.decision_id).gql()?;
        let vote = ctx
            .app()
            .vote(
                ctx.actor(),
                id,
                input.answer.into(),
                input.reason,
                parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
            )
            .await
            .gql()?;
        Ok(VotePayload {
            vote: VoteNode(vote),
        })
    }

    /// Coordinators, once the proposal has closed.
    async fn record_decision_outcome(
        &self,
        ctx: &Context<'_>,
        input: RecordDecisionOutcomeInput,
    ) -> async_graphql::Result<DecisionPayload> {
        let id = parse_id("decisionId", &input.decision_id).gql()?;
        let decision = ctx
            .app()
            .record_outcome(ctx.actor(), id, &input.outcome)
            .await
            .gql()?;
        Ok(DecisionPayload {
            decision: DecisionNode(decision),
        })
    }
}
