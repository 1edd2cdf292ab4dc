//! What can be followed, the kinds of notification and how often each is
//! mailed.

use std::fmt;
use std::str::FromStr;

/// What someone can follow. An area covers everything beneath it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FollowKind {
    Idea,
    Plan,
    /// A working group.
    Group,
    Area,
    /// A project in a budget round.
    BudgetProject,
    /// A budget round (stored as `budget`: the column takes ten characters).
    BudgetRound,
}

impl FollowKind {
    pub const ALL: [FollowKind; 6] = [
        FollowKind::Idea,
        FollowKind::Plan,
        FollowKind::Group,
        FollowKind::Area,
        FollowKind::BudgetProject,
        FollowKind::BudgetRound,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowKind::Idea => "idea",
            FollowKind::Plan => "plan",
            FollowKind::Group => "group",
            FollowKind::Area => "area",
            FollowKind::BudgetProject => "budget_project",
            FollowKind::BudgetRound => "budget",
        }
    }
}

impl fmt::Display for FollowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FollowKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FollowKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown follow kind {s:?}"))
    }
}

/// Why someone was notified. Each kind has its own mail preference; a new
/// kind (a working group's invitation, a task assigned) is one variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NotificationKind {
    /// A new comment in a thread you follow.
    Comment,
    /// A reply to your comment.
    Reply,
    /// An official reply in a thread you follow.
    OfficialReply,
    /// An idea you follow changed status.
    IdeaStatus,
    /// A new idea was published in an area you follow.
    IdeaPublished,
    /// A plan's feedback window opened.
    PlanOpened,
    /// A plan's feedback window closes within 48 hours.
    PlanClosing,
    /// A plan's feedback window closed and the official response is out.
    PlanResponded,
    /// An idea in your area reached its support threshold (professionals).
    ThresholdReached,
    /// A coordinator invited you to a working group.
    GroupInvitation,
    /// Someone asks to join a group you coordinate.
    JoinRequest,
    /// A coordinator answered your request to join.
    JoinAnswered,
    /// A task in one of your groups was assigned to you.
    TaskAssigned,
    /// A meeting of your group was scheduled, moved or cancelled.
    MeetingScheduled,
    /// A proposal was opened in your group.
    DecisionOpened,
    /// A proposal in your group closes within 24 hours.
    DecisionClosing,
    /// A budget round in an area you follow moved to its next phase.
    BudgetPhase,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 17] = [
        NotificationKind::Comment,
        NotificationKind::Reply,
        NotificationKind::OfficialReply,
        NotificationKind::IdeaStatus,
        NotificationKind::IdeaPublished,
        NotificationKind::PlanOpened,
        NotificationKind::PlanClosing,
        NotificationKind::PlanResponded,
        NotificationKind::ThresholdReached,
        NotificationKind::GroupInvitation,
        NotificationKind::JoinRequest,
        NotificationKind::JoinAnswered,
        NotificationKind::TaskAssigned,
        NotificationKind::MeetingScheduled,
        NotificationKind::DecisionOpened,
        NotificationKind::DecisionClosing,
        NotificationKind::BudgetPhase,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Comment => "comment",
            NotificationKind::Reply => "reply",
            NotificationKind::OfficialReply => "official_reply",
            NotificationKind::IdeaStatus => "idea_status",
            NotificationKind::IdeaPublished => "idea_published",
            NotificationKind::PlanOpened => "plan_opened",
            NotificationKind::PlanClosing => "plan_closing",
            NotificationKind::PlanResponded => "plan_responded",
            NotificationKind::ThresholdReached => "threshold_reached",
            NotificationKind::GroupInvitation => "group_invitation",
            NotificationKind::JoinRequest => "join_request",
            NotificationKind::JoinAnswered => "join_answered",
            NotificationKind::TaskAssigned => "task_assigned",
            NotificationKind::MeetingScheduled => "meeting_scheduled",
            NotificationKind::DecisionOpened => "decision_opened",
            NotificationKind::DecisionClosing => "decision_closing",
            NotificationKind::BudgetPhase => "budget_phase",
        }
    }

    /// How often it is mailed until someone chooses otherwise: what answers
    /// you at once, the rest in the daily digest.
    pub fn default_cadence(self) -> Cadence {
        match self {
            NotificationKind::Reply
            | NotificationKind::OfficialReply
            | NotificationKind::IdeaStatus
            | NotificationKind::JoinRequest
            | NotificationKind::JoinAnswered
            | NotificationKind::TaskAssigned
            | NotificationKind::MeetingScheduled
            | NotificationKind::DecisionOpened
            | NotificationKind::DecisionClosing => Cadence::Immediately,
            // The invitation itself always goes out by mail, with its link.
            NotificationKind::GroupInvitation => Cadence::Never,
            _ => Cadence::Daily,
        }
    }
}

impl fmt::Display for NotificationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NotificationKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NotificationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown notification kind {s:?}"))
    }
}

/// How often a kind of notification is mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    Immediately,
    Daily,
    Weekly,
    Never,
}

impl Cadence {
    pub const ALL: [Cadence; 4] = [
        Cadence::Immediately,
        Cadence::Daily,
        Cadence::Weekly,
        Cadence::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Immediately => "immediately",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Never => "never",
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Cadence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cadence::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown cadence {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in NotificationKind::ALL {
            assert_eq!(kind.as_str().parse::<NotificationKind>(), Ok(kind));
        }
        for kind in FollowKind::ALL {
            assert_eq!(kind.as_str().parse::<FollowKind>(), Ok(kind));
        }
        for cadence in Cadence::ALL {
            assert_eq!(cadence.as_str().parse::<Cadence>(), Ok(cadence));
        }
        assert!("all".parse::<NotificationKind>().is_err());
    }

    #[test]
    fn answers_come_at_once_and_the_rest_daily() {
        assert_eq!(
            NotificationKind::Reply.default_cadence(),
            Cadence::Immediately
        );
        assert_eq!(NotificationKind::Comment.default_cadence(), Cadence::Daily);
        assert_eq!(
            NotificationKind::PlanClosing.default_cadence(),
            Cadence::Daily
        );
    }
}
