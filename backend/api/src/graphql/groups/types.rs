use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use plein_app::groups::{
    Decision, DecisionTally, Group, Invitation, JoinRequest, Meeting, Member, RsvpCounts, Task,
    Vote,
};
use plein_app::page::PageArgs;
use plein_domain::SubjectKind;
use plein_domain::groups::{GroupRole, GroupVisibility, JoinPolicy, Rsvp, TaskStatus, VoteAnswer};

use crate::graphql::types::mirror_enum;
use crate::graphql::types::{
    AreaNode, CommentNode, Conn, IdeaNode, MandateActionValue, PlanNode, UserNode, connection,
};
use crate::graphql::{ContextExt, ResultExt};

/// Who sees a group's content.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "GroupVisibility")]
pub enum GroupVisibilityValue {
    /// Everyone sees the group, its members, tasks, meetings and thread.
    Public,
    /// Only members see anything; to everyone else the group does not exist.
    Members,
}

mirror_enum!(GroupVisibilityValue, GroupVisibility, [Public, Members]);

/// How someone becomes a member.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "JoinPolicy")]
pub enum JoinPolicyValue {
    /// Anyone signed in joins at once.
    Open,
    /// Anyone may ask; a coordinator approves or declines.
    Request,
    /// Only by a coordinator's invitation.
    Invite,
}

mirror_enum!(JoinPolicyValue, JoinPolicy, [Open, Request, Invite]);

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "GroupRole")]
pub enum GroupRoleValue {
    /// Runs the group: members, invitations, links, meetings and decisions.
    Coordinator,
    Member,
}

mirror_enum!(GroupRoleValue, GroupRole, [Coordinator, Member]);

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "TaskStatus")]
pub enum TaskStatusValue {
    Open,
    Doing,
    Done,
}

mirror_enum!(TaskStatusValue, TaskStatus, [Open, Doing, Done]);

/// Whether a member comes to a meeting.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "RsvpAnswer")]
pub enum RsvpValue {
    Yes,
    No,
    Maybe,
}

mirror_enum!(RsvpValue, Rsvp, [Yes, No, Maybe]);

/// A member's answer to a proposal.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "VoteAnswer")]
pub enum VoteAnswerValue {
    Agree,
    Abstain,
    Disagree,
    /// A serious objection: the proposal should not go ahead as it is.
    Block,
}

mirror_enum!(
    VoteAnswerValue,
    VoteAnswer,
    [Agree, Abstain, Disagree, Block]
);

/// A working group: residents and professionals organised around a goal.
/// A members-only group is invisible (null, or absent from lists) to
/// anyone but its members and admins.
pub struct GroupNode(pub Group);

impl GroupNode {
    /// The ids of the items of one kind the group links to, in link order.
    async fn linked(
        &self,
        ctx: &Context<'_>,
        kind: SubjectKind,
    ) -> async_graphql::Result<Vec<uuid::Uuid>> {
        let links = ctx
            .loaders()
            .groups
            .links
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(links
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id)
            .collect())
    }
}

#[Object(name = "WorkingGroup")]
impl GroupNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Plain text, 3 to 80 characters.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Markdown as written.
    async fn purpose(&self) -> &str {
        &self.0.purpose
    }

    /// The purpose as sanitised HTML.
    async fn purpose_html(&self) -> String {
        self.0.purpose_html()
    }

    async fn visibility(&self) -> GroupVisibilityValue {
        self.0.visibility.into()
    }

    async fn join_policy(&self) -> JoinPolicyValue {
        self.0.join_policy.into()
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn member_count(&self) -> i32 {
        self.0.member_count
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// The viewer's role; null when the viewer is not a member.
    async fn viewer_role(&self) -> Option<GroupRoleValue> {
        self.0.viewer_role.map(Into::into)
    }

    /// Whether the viewer has asked to join and awaits an answer.
    async fn viewer_requested(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        if self.0.viewer_role.is_some() {
            return Ok(false);
        }
        let loaded = ctx
            .loaders()
            .groups
            .requested
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    /// Whether the viewer follows this group (members do from joining).
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .groups
            .followed
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    /// The path of the group's calendar feed (iCalendar), relative to the
    /// server. For a members-only group it holds a secret and is given to
    /// members only; null for others.
    async fn calendar_path(&self) -> Option<String> {
        match (&self.0.calendar_token, self.0.visibility) {
            (Some(token), GroupVisibility::Members) => {
                Some(format!("/calendar/groups/{}.ics?token={token}", self.0.id))
            }
            (_, GroupVisibility::Public) => Some(format!("/calendar/groups/{}.ics", self.0.id)),
            (None, GroupVisibility::Members) => None,
        }
    }

    /// Members, coordinators first.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<GroupMemberNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .group_members(ctx.actor(), self.0.id, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), GroupMemberNode))
    }

    /// Open requests to join: for coordinators (FORBIDDEN for others).
    async fn join_requests(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<JoinRequestNode>> {
        let requests = ctx
            .app()
            .join_requests(ctx.actor(), self.0.id)
            .await
            .gql()?;
        Ok(requests.into_iter().map(JoinRequestNode).collect())
    }

    /// Open invitations: for coordinators (FORBIDDEN for others).
    async fn invitations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InvitationNode>> {
        let invitations = ctx
            .app()
            .group_invitations(ctx.actor(), self.0.id)
            .await
            .gql()?;
        Ok(invitations.into_iter().map(InvitationNode).collect())
    }

    /// The ideas the group works on that the viewer may see.
    async fn ideas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdeaNode>> {
        let ids = self.linked(ctx, SubjectKind::Idea).await?;
        let ideas = ctx
            .loaders()
            .content
            .ideas
            .load_many(ids.clone())
            .await
            .gql()?;
        Ok(ids
            .iter()
            .filter_map(|id| ideas.get(id).cloned().map(IdeaNode))
            .collect())
    }

    /// The plans the group works on that the viewer may see.
    async fn plans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanNode>> {
        let ids = self.linked(ctx, SubjectKind::Plan).await?;
        let plans = ctx
            .loaders()
            .content
            .plans
            .load_many(ids.clone())
            .await
            .gql()?;
        Ok(ids
            .iter()
            .filter_map(|id| plans.get(id).cloned().map(PlanNode))
            .collect())
    }

    /// Tasks: open and doing first, by due date.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        status: Option<TaskStatusValue>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<TaskNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .group_tasks(ctx.actor(), self.0.id, status.map(Into::into), &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), TaskNode))
    }

    /// Upcoming meetings soonest first, or past ones (`past: true`) latest first.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] past: bool,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<MeetingNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .group_meetings(ctx.actor(), self.0.id, !past, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), MeetingNode))
    }

    /// Members of this group who gave the viewer an active mandate covering
    /// `action`: whom the viewer may answer its meetings (`RSVP`) or
    /// proposals (`VOTE`) for, newest mandate first. Empty when signed out or
    /// when there are none.
    async fn viewer_acts_for(
        &self,
        ctx: &Context<'_>,
        action: MandateActionValue,
    ) -> async_graphql::Result<Vec<UserNode>> {
        let ids = ctx
            .app()
            .group_grantors(ctx.actor(), self.0.id, action.into())
            .await
            .gql()?;
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(user) = ctx.loaders().user(id).await.gql()? {
                users.push(UserNode(user));
            }
        }
        Ok(users)
    }

    /// Proposals, newest first: for members, admins and whoever holds a
    /// member's active mandate to vote (`viewerActsFor(action: VOTE)`);
    /// empty for others.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn decisions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<DecisionNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .group_decisions(ctx.actor(), self.0.id, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), DecisionNode))
    }

    /// The group's own discussion, oldest first. Members write in it.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CommentNode>> {
        crate::graphql::comments::thread_page(ctx, SubjectKind::Group, self.0.id, first, after)
            .await
    }
}

pub struct GroupMemberNode(pub Member);

#[Object(name = "GroupMember")]
impl GroupMemberNode {
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.user_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn role(&self) -> GroupRoleValue {
        self.0.role.into()
    }

    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.joined_at
    }
}

/// Someone asking to join, as the group's coordinators see it.
pub struct JoinRequestNode(pub JoinRequest);

#[Object(name = "JoinRequest")]
impl JoinRequestNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.user_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// Plain text, at most 500 characters.
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An open invitation, as the group's coordinators see it.
pub struct InvitationNode(pub Invitation);

#[Object(name = "GroupInvitation")]
impl InvitationNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// After this the link no longer works; inviting again sends a new one.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
}

pub struct TaskNode(pub Task);

#[Object(name = "Task")]
impl TaskNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        let group = ctx
            .loaders()
            .groups
            .groups
            .load_one(self.0.group_id)
            .await
            .gql()?;
        Ok(group.map(GroupNode))
    }

    /// Plain text, 1 to 120 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written; may be empty.
    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn description_html(&self) -> String {
        self.0.description_html()
    }

    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.assignee_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// A date in the Netherlands' calendar.
    async fn due_on(&self) -> Option<NaiveDate> {
        self.0.due_on
    }

    async fn status(&self) -> TaskStatusValue {
        self.0.status.into()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// How many members answered what.
#[derive(SimpleObject)]
#[graphql(name = "RsvpCounts")]
pub struct RsvpCountsNode {
    pub yes: i64,
    pub no: i64,
    pub maybe: i64,
}

impl From<RsvpCounts> for RsvpCountsNode {
    fn from(c: RsvpCounts) -> Self {
        Self {
            yes: c.yes,
            no: c.no,
            maybe: c.maybe,
        }
    }
}

pub struct MeetingNode(pub Meeting);

#[Object(name = "Meeting")]
impl MeetingNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        let group = ctx
            .loaders()
            .groups
            .groups
            .load_one(self.0.group_id)
            .await
            .gql()?;
        Ok(group.map(GroupNode))
    }

    /// Plain text, 1 to 120 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// An instant; show it in Europe/Amsterdam.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }

    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }

    /// Where, in plain text.
    async fn place(&self) -> Option<&str> {
        self.0.place.as_deref()
    }

    /// The link of an online meeting.
    async fn online_url(&self) -> Option<&str> {
        self.0.online_url.as_deref()
    }

    /// Markdown as written; may be empty.
    async fn agenda(&self) -> &str {
        &self.0.agenda
    }

    async fn agenda_html(&self) -> String {
        self.0.agenda_html()
    }

    /// Markdown, added once the meeting has started.
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }

    async fn minutes_html(&self) -> Option<String> {
        self.0.minutes_html()
    }

    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.0.cancelled_at
    }

    /// The path of this meeting's iCalendar file, relative to the server.
    async fn calendar_path(&self) -> String {
        format!("/calendar/meetings/{}.ics", self.0.id)
    }

    async fn rsvp_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<RsvpCountsNode> {
        let loaded = ctx
            .loaders()
            .groups
            .rsvp_counts
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or_default().into())
    }

    /// The viewer's own answer.
    async fn viewer_rsvp(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<RsvpValue>> {
        let loaded = ctx
            .loaders()
            .groups
            .viewer_rsvps
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.map(Into::into))
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// How many members answered what.
#[derive(SimpleObject)]
#[graphql(name = "DecisionTally")]
pub struct DecisionTallyNode {
    pub agree: i64,
    pub abstain: i64,
    pub disagree: i64,
    pub block: i64,
}

impl From<DecisionTally> for DecisionTallyNode {
    fn from(t: DecisionTally) -> Self {
        Self {
            agree: t.agree,
            abstain: t.abstain,
            disagree: t.disagree,
            block: t.block,
        }
    }
}

/// A proposal in a group, visible to its members.
pub struct DecisionNode(pub Decision);

#[Object(name = "Decision")]
impl DecisionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Plain text, 1 to 120 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written.
    async fn proposal(&self) -> &str {
        &self.0.proposal
    }

    async fn proposal_html(&self) -> String {
        self.0.proposal_html()
    }

    /// Answers are taken until then.
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at
    }

    async fn open(&self, ctx: &Context<'_>) -> bool {
        self.0.is_open(ctx.app().clock.now())
    }

    async fn proposed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.created_by else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn tally(&self, ctx: &Context<'_>) -> async_graphql::Result<DecisionTallyNode> {
        let loaded = ctx
            .loaders()
            .groups
            .tallies
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or_default().into())
    }

    /// Every member's answer, with reasons.
    async fn votes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<VoteNode>> {
        let loaded = ctx.loaders().groups.votes.load_one(self.0.id).await.gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(VoteNode)
            .collect())
    }

    /// The viewer's own answer.
    async fn viewer_vote(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<VoteNode>> {
        let Some(viewer) = ctx.actor().user_id() else {
            return Ok(None);
        };
        let loaded = ctx.loaders().groups.votes.load_one(self.0.id).await.gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .find(|v| v.user_id == viewer)
            .map(VoteNode))
    }

    /// What was decided, Markdown; recorded by a coordinator after closing.
    async fn outcome(&self) -> Option<&str> {
        self.0.outcome.as_deref()
    }

    async fn outcome_html(&self) -> Option<String> {
        self.0.outcome_html()
    }

    async fn outcome_at(&self) -> Option<DateTime<Utc>> {
        self.0.outcome_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub struct VoteNode(pub Vote);

#[Object(name = "Vote")]
impl VoteNode {
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.user_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// Who answered for the member under a mandate; null when they answered themself.
    async fn acted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.acted_by else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn answer(&self) -> VoteAnswerValue {
        self.0.answer.into()
    }

    /// Plain text, at most 1000 characters.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
