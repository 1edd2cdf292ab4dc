//! Who may see what: one rule per subject.
//!
//! Each subject has one function here that decides for one item, and one SQL
//! condition in `plein_storage::visibility` that lists exactly the same items.
//! Every read path (lookups, lists, nested edges, loaders, search, notifications,
//! calendar feeds, subscriptions) goes through those two, and the `visibility`
//! integration tests hold them to the same answer for every kind of viewer.
//!
//! - Ideas and plans: what a moderator hid, only moderators and admins see;
//!   otherwise a status that is not public (an idea's draft or withdrawn, a
//!   plan's draft) only its author and admins.
//! - Working groups: a hidden group, only moderators and admins; a
//!   members-only group, only its members and admins. Everything that hangs
//!   under a group (members, tasks, meetings, its thread, its calendar) follows
//!   the group.
//! - Budget projects: public, like their rounds; what a moderator hid, only
//!   moderators, admins and its author see.
//! - Comments follow their subject. A hidden or deleted comment keeps its place
//!   in the thread, without its text.

use uuid::Uuid;

use crate::groups::GroupVisibility;
use crate::{IdeaStatus, PlanStatus, Role};

/// Who is looking: nobody signed in, or a person with a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewer {
    pub id: Option<Uuid>,
    pub role: Option<Role>,
}

impl Viewer {
    /// Nobody signed in; also what the search index and open feeds show.
    pub const ANONYMOUS: Viewer = Viewer {
        id: None,
        role: None,
    };

    pub fn user(id: Uuid, role: Role) -> Self {
        Self {
            id: Some(id),
            role: Some(role),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Some(Role::Admin)
    }

    /// Moderators and admins: they see what was hidden.
    pub fn is_moderator(&self) -> bool {
        matches!(self.role, Some(Role::Moderator | Role::Admin))
    }

    /// Whether the viewer is this person.
    pub fn is(&self, user: Uuid) -> bool {
        self.id == Some(user)
    }
}

/// What the rule reads of an idea or a plan, which share it.
#[derive(Debug, Clone, Copy)]
pub struct Authored {
    /// Its status is seen by everyone, not only by its author.
    pub public: bool,
    pub author_id: Uuid,
    /// A moderator hid it.
    pub hidden: bool,
}

/// Ideas and plans alike: hidden ones only moderators and admins see;
/// otherwise one in a status that is not public only its author and admins.
pub fn authored(viewer: &Viewer, item: Authored) -> bool {
    if item.hidden {
        return viewer.is_moderator();
    }
    item.public || viewer.is(item.author_id) || viewer.is_admin()
}

/// Whether `viewer` may see an idea.
pub fn idea(viewer: &Viewer, status: IdeaStatus, author_id: Uuid, hidden: bool) -> bool {
    authored(
        viewer,
        Authored {
            public: status.is_public(),
            author_id,
            hidden,
        },
    )
}

/// Whether `viewer` may see a plan.
pub fn plan(viewer: &Viewer, status: PlanStatus, author_id: Uuid, hidden: bool) -> bool {
    authored(
        viewer,
        Authored {
            public: status.is_public(),
            author_id,
            hidden,
        },
    )
}

/// Whether `viewer` may see a working group and what hangs under it.
/// `member`: the viewer belongs to the group.
pub fn group(viewer: &Viewer, visibility: GroupVisibility, hidden: bool, member: bool) -> bool {
    if hidden {
        return viewer.is_moderator();
    }
    visibility == GroupVisibility::Public || member || viewer.is_admin()
}

/// Whether `viewer` may see a project in a budget round (on the round's
/// page, on the ballot, in its thread). `author_id`: the resident it is for.
pub fn budget_project(viewer: &Viewer, author_id: Option<Uuid>, hidden: bool) -> bool {
    !hidden || viewer.is_moderator() || author_id.is_some_and(|a| viewer.is(a))
}

/// Whether `viewer` may see a comment: whoever sees its subject (an idea,
/// plan, group or budget project, by the rules above).
pub fn comment(subject_visible: bool) -> bool {
    subject_visible
}

/// Whether a comment shows its text and author: not once deleted or hidden
/// by a moderator (it keeps its place in the thread).
pub fn comment_text_shown(deleted: bool, hidden: bool) -> bool {
    !deleted && !hidden
}

/// The idea statuses only authors (and admins) see, as stored.
pub fn idea_statuses_not_public() -> impl Iterator<Item = &'static str> {
    IdeaStatus::ALL
        .into_iter()
        .filter(|s| !s.is_public())
        .map(IdeaStatus::as_str)
}

/// The plan statuses only authors (and admins) see, as stored.
pub fn plan_statuses_not_public() -> impl Iterator<Item = &'static str> {
    PlanStatus::ALL
        .into_iter()
        .filter(|s| !s.is_public())
        .map(PlanStatus::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_not_public_come_from_the_enums() {
        assert_eq!(
            idea_statuses_not_public().collect::<Vec<_>>(),
            ["draft", "withdrawn"]
        );
        assert_eq!(plan_statuses_not_public().collect::<Vec<_>>(), ["draft"]);
    }

    #[test]
    fn hidden_items_only_moderators_and_admins_see() {
        let author = Uuid::now_v7();
        let resident = Viewer::user(author, Role::Resident);
        let moderator = Viewer::user(Uuid::now_v7(), Role::Moderator);
        assert!(!idea(&resident, IdeaStatus::Published, author, true));
        assert!(idea(&moderator, IdeaStatus::Published, author, true));
        assert!(idea(&resident, IdeaStatus::Draft, author, false));
        assert!(!idea(&moderator, IdeaStatus::Draft, author, false));
        assert!(!group(
            &Viewer::ANONYMOUS,
            GroupVisibility::Members,
            false,
            false
        ));
        assert!(group(&resident, GroupVisibility::Members, false, true));
        assert!(budget_project(&resident, Some(author), true));
        assert!(budget_project(&moderator, Some(author), true));
        assert!(!budget_project(&Viewer::ANONYMOUS, Some(author), true));
        assert!(budget_project(&Viewer::ANONYMOUS, None, false));
    }
}
