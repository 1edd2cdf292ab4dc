use async_graphql::{Context, Enum, ID, Object, SimpleObject, Union};
use chrono::{DateTime, Utc};
use plein_app::notifications::{Notification, Preference};
use plein_domain::{Cadence, FollowKind, NotificationKind};

use crate::graphql::types::mirror_enum;
use crate::graphql::types::{AreaNode, BudgetProjectNode, GroupNode, IdeaNode, PlanNode};
use crate::graphql::{ContextExt, ResultExt};

/// What can be followed. Following an area covers everything beneath it.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "FollowKind")]
pub enum FollowKindValue {
    Idea,
    Plan,
    /// A working group.
    Group,
    Area,
    /// A project in a budget round.
    BudgetProject,
    /// A budget round.
    BudgetRound,
}

mirror_enum!(
    FollowKindValue,
    FollowKind,
    [Idea, Plan, Group, Area, BudgetProject, BudgetRound]
);

/// Why you were notified. Each kind has its own mail preference.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "NotificationKind")]
pub enum NotificationKindValue {
    /// A new comment in a thread you follow.
    Comment,
    /// A reply to your comment.
    Reply,
    /// An official reply in a thread you follow.
    OfficialReply,
    /// An idea you follow changed status; `detail` is the new status, `text` the reason.
    IdeaStatus,
    /// A new idea was published in an area you follow (or one beneath it).
    IdeaPublished,
    /// A plan's feedback window opened; `detail` is when it closes.
    PlanOpened,
    /// A plan's feedback window closes within 48 hours; `detail` is when.
    PlanClosing,
    /// A plan's window closed and the official response is out; `text` begins it.
    PlanResponded,
    /// An idea in your area reached its support threshold; `detail` is the threshold.
    ThresholdReached,
    /// You were invited to a working group (the invitation link came by mail).
    GroupInvitation,
    /// Someone asks to join a group you coordinate.
    JoinRequest,
    /// Your request to join was answered; `detail` is `approved` or `declined`.
    JoinAnswered,
    /// A task was assigned to you; `text` is its title, `detail` its due date.
    TaskAssigned,
    /// A meeting of your group was scheduled, changed or cancelled; `text` is
    /// its title, `detail` is `scheduled`, `changed` or `cancelled`, a space,
    /// and its start time.
    MeetingScheduled,
    /// A proposal was opened in your group; `text` is its title, `detail` when it closes.
    DecisionOpened,
    /// A proposal you have not answered closes within 24 hours; `detail` is when.
    DecisionClosing,
    /// A budget round in an area you follow moved to a new phase; `detail` is
    /// the phase (`submitting`, `assessment`, `voting`, `result`,
    /// `realisation`), and, until voting closes, a space and when it ends.
    BudgetPhase,
}

mirror_enum!(
    NotificationKindValue,
    NotificationKind,
    [
        Comment,
        Reply,
        OfficialReply,
        IdeaStatus,
        IdeaPublished,
        PlanOpened,
        PlanClosing,
        PlanResponded,
        ThresholdReached,
        GroupInvitation,
        JoinRequest,
        JoinAnswered,
        TaskAssigned,
        MeetingScheduled,
        DecisionOpened,
        DecisionClosing,
        BudgetPhase
    ]
);

/// How often a kind of notification is mailed to you.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "NotificationCadence")]
pub enum CadenceValue {
    Immediately,
    /// In the daily digest (06:00 UTC).
    Daily,
    /// In the weekly digest (Mondays, 06:00 UTC).
    Weekly,
    /// Only in the app.
    Never,
}

mirror_enum!(CadenceValue, Cadence, [Immediately, Daily, Weekly, Never]);

/// What a notification is about.
#[derive(Union)]
pub enum NotificationSubject {
    Idea(IdeaNode),
    Plan(PlanNode),
    Area(AreaNode),
    Group(GroupNode),
    BudgetProject(BudgetProjectNode),
    BudgetRound(crate::graphql::budget::types::BudgetRoundNode),
}

/// Something that happened to what you follow (or to you).
pub struct NotificationNode(pub Notification);

#[Object(name = "Notification")]
impl NotificationNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn kind(&self) -> NotificationKindValue {
        self.0.kind.into()
    }

    async fn subject_kind(&self) -> FollowKindValue {
        self.0.subject_kind.into()
    }

    async fn subject_id(&self) -> ID {
        ID(self.0.subject_id.to_string())
    }

    /// The subject's title when it happened.
    async fn subject_title(&self) -> &str {
        &self.0.subject_title
    }

    /// The idea, plan, group or area; null when you may no longer see it.
    async fn subject(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<NotificationSubject>> {
        let loaders = ctx.loaders();
        let id = self.0.subject_id;
        Ok(match self.0.subject_kind {
            FollowKind::Idea => loaders
                .content
                .ideas
                .load_one(id)
                .await
                .gql()?
                .map(|i| NotificationSubject::Idea(IdeaNode(i))),
            FollowKind::Plan => loaders
                .content
                .plans
                .load_one(id)
                .await
                .gql()?
                .map(|p| NotificationSubject::Plan(PlanNode(p))),
            FollowKind::Area => loaders
                .areas
                .load_one(id)
                .await
                .gql()?
                .map(|a| NotificationSubject::Area(AreaNode(a))),
            FollowKind::Group => loaders
                .groups
                .groups
                .load_one(id)
                .await
                .gql()?
                .map(|g| NotificationSubject::Group(GroupNode(g))),
            FollowKind::BudgetProject => loaders
                .budget
                .by_id
                .load_one(id)
                .await
                .gql()?
                .map(|p| NotificationSubject::BudgetProject(BudgetProjectNode(p))),
            FollowKind::BudgetRound => {
                ctx.app()
                    .budget_round(ctx.actor(), id)
                    .await
                    .gql()?
                    .map(|r| {
                        NotificationSubject::BudgetRound(
                            crate::graphql::budget::types::BudgetRoundNode(r),
                        )
                    })
            }
        })
    }

    /// Who did it; null when Plein did (a deadline, a threshold).
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }

    /// A short excerpt or reason, plain text.
    async fn text(&self) -> Option<&str> {
        self.0.text.as_deref()
    }

    /// Machine-readable detail; see the kind.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

/// How often one kind of notification is mailed to you.
#[derive(SimpleObject)]
#[graphql(name = "NotificationPreference")]
pub struct PreferenceNode {
    pub kind: NotificationKindValue,
    pub cadence: CadenceValue,
}

impl From<Preference> for PreferenceNode {
    fn from(p: Preference) -> Self {
        Self {
            kind: p.kind.into(),
            cadence: p.cadence.into(),
        }
    }
}
