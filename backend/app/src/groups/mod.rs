//! Working groups: cooperatives of residents and professionals with members,
//! tasks, meetings and decisions.
//!
//! Who may see a group is the rule in `plein_domain::visibility::group` (and
//! its SQL twin in `plein_storage::visibility::groups`): a public group shows
//! everything to everyone; a members-only group shows nothing at all (not
//! even that it exists) to anyone but its members and admins.

mod calendar;
mod decisions;
mod meetings;
mod membership;
mod tasks;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use plein_domain::SubjectKind;
use plein_domain::groups::{GroupRole, GroupVisibility, JoinPolicy};
use plein_storage::entities::{group_members, working_groups as rows};
use plein_storage::groups::{self, GroupFilter};
use plein_storage::{ConnectionTrait, areas};
use uuid::Uuid;

pub use calendar::CalendarFile;
pub use decisions::{Decision, DecisionTally, NewDecisionInput, Vote};
pub use meetings::{Meeting, MeetingInput, RsvpCounts};
pub use membership::{
    Invitation, InvitationMail, InvitationMailJob, JoinRequest, Member, NewGroupInput,
    UpdateGroupInput,
};
pub use tasks::{Task, TaskInput};

use crate::page::{Cursor, Page, PageArgs, offset_page};
use crate::{Actor, App, AppError, AppResult, CurrentUser};

/// A group as its viewer may see it.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: Uuid,
    pub name: String,
    /// Markdown as written.
    pub purpose: String,
    pub area_id: Uuid,
    pub visibility: GroupVisibility,
    pub join_policy: JoinPolicy,
    pub member_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The viewer's role, when the viewer is a member.
    pub viewer_role: Option<GroupRole>,
    /// The secret of the calendar feed; only members and admins get it.
    pub calendar_token: Option<String>,
}

impl Group {
    fn new(row: rows::Model, viewer_role: Option<GroupRole>, admin: bool) -> Self {
        Self {
            id: row.id,
            name: row.name,
            purpose: row.purpose,
            area_id: row.area_id,
            visibility: row.visibility,
            join_policy: row.join_policy,
            member_count: row.member_count,
            created_at: row.created_at,
            updated_at: row.updated_at,
            calendar_token: (viewer_role.is_some() || admin).then_some(row.calendar_token),
            viewer_role,
        }
    }

    pub fn purpose_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.purpose)
    }
}

/// Whether someone with `role` in a group (or none) may see it: the rule in
/// `plein_domain::visibility::group`.
pub(crate) fn can_see(actor: &Actor, row: &rows::Model, role: Option<GroupRole>) -> bool {
    plein_storage::visibility::group_row(&actor.viewer(), row, role.is_some())
}

/// A group the actor may see, with the actor's part in it.
pub(crate) struct Access {
    pub row: rows::Model,
    pub role: Option<GroupRole>,
}

impl Access {
    /// A member (or an admin, who may act in any group).
    pub fn require_member<'a>(&self, actor: &'a Actor) -> AppResult<&'a CurrentUser> {
        let user = actor.require_verified()?;
        if self.role.is_some() || user.role.is_admin() {
            Ok(user)
        } else {
            Err(AppError::Forbidden("only members of the group may do this"))
        }
    }

    /// A coordinator (or an admin).
    pub fn require_coordinator<'a>(&self, actor: &'a Actor) -> AppResult<&'a CurrentUser> {
        let user = actor.require_verified()?;
        if self.role == Some(GroupRole::Coordinator) || user.role.is_admin() {
            Ok(user)
        } else {
            Err(AppError::Forbidden(
                "only coordinators of the group may do this",
            ))
        }
    }
}

/// The group `group_id` if `actor` may see it; `NOT_FOUND` otherwise.
pub(crate) async fn access(
    db: &impl ConnectionTrait,
    actor: &Actor,
    group_id: Uuid,
) -> AppResult<Access> {
    let row = groups::find_group(db, group_id)
        .await?
        .ok_or(AppError::NotFound("group"))?;
    let role = match actor.user_id() {
        Some(user) => groups::membership(db, group_id, user)
            .await?
            .map(|m| m.role),
        None => None,
    };
    if !can_see(actor, &row, role) {
        return Err(AppError::NotFound("group"));
    }
    Ok(Access { row, role })
}

/// Which of `ids` `actor` may see, with the actor's role in each.
pub(crate) async fn visible_groups(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> AppResult<Vec<(rows::Model, Option<GroupRole>)>> {
    let rows = groups::find_groups(db, ids).await?;
    let roles: HashMap<Uuid, GroupRole> = match actor.user_id() {
        Some(user) => groups::memberships_of(db, user, Some(ids))
            .await?
            .into_iter()
            .map(|m| (m.group_id, m.role))
            .collect(),
        None => HashMap::new(),
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let role = roles.get(&row.id).copied();
            (row, role)
        })
        .filter(|(row, role)| can_see(actor, row, *role))
        .collect())
}

/// What the group lists filter on.
#[derive(Debug, Clone, Default)]
pub struct GroupQuery {
    /// Groups in this area or beneath it.
    pub area_id: Option<Uuid>,
    /// Only the viewer's own groups.
    pub mine: bool,
}

impl App {
    pub async fn group(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Group>> {
        Ok(self.groups_by_ids(actor, &[id]).await?.pop())
    }

    /// Groups by id that `actor` may see (for DataLoaders).
    pub async fn groups_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<Group>> {
        let admin = actor.is_admin();
        Ok(visible_groups(&self.db.conn, actor, ids)
            .await?
            .into_iter()
            .map(|(row, role)| Group::new(row, role, admin))
            .collect())
    }

    /// A page of the groups `actor` may see, newest first.
    pub async fn groups(
        &self,
        actor: &Actor,
        query: &GroupQuery,
        args: &PageArgs,
    ) -> AppResult<Page<Group>> {
        let db = &self.db.conn;
        let viewer = actor.user_id();
        if query.mine && viewer.is_none() {
            return Err(AppError::Unauthenticated);
        }
        let area_path = match query.area_id {
            Some(id) => Some(
                areas::find(db, id)
                    .await?
                    .ok_or_else(|| AppError::bad_input("areaId", "no area has this id"))?
                    .path,
            ),
            None => None,
        };
        let filter = GroupFilter {
            area_path: area_path.as_deref(),
            viewer: actor.viewer(),
            only_member: query.mine,
        };
        let after = args.after_at()?;
        let rows = groups::groups_page(db, &filter, after, args.fetch_limit()).await?;
        let total = groups::count_groups(db, &filter).await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let roles = self.roles_of_viewer(actor, &ids).await?;
        let admin = actor.is_admin();
        let page = Page::from_rows(args, rows, total, |row| Cursor::At(row.created_at, row.id));
        Ok(page.map(|row| {
            let role = roles.get(&row.id).copied();
            Group::new(row, role, admin)
        }))
    }

    async fn roles_of_viewer(
        &self,
        actor: &Actor,
        ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, GroupRole>> {
        Ok(match actor.user_id() {
            Some(user) => groups::memberships_of(&self.db.conn, user, Some(ids))
                .await?
                .into_iter()
                .map(|m| (m.group_id, m.role))
                .collect(),
            None => HashMap::new(),
        })
    }

    /// A page of a group's members: coordinators first, then by when they joined.
    pub async fn group_members(
        &self,
        actor: &Actor,
        group_id: Uuid,
        args: &PageArgs,
    ) -> AppResult<Page<Member>> {
        let db = &self.db.conn;
        let group = access(db, actor, group_id).await?;
        let start = args.start()?;
        let rows = groups::members_page(db, group_id, start, args.fetch_limit()).await?;
        Ok(offset_page(args, start, rows, group.row.member_count.max(0) as u64).map(Member::from))
    }

    /// The groups each of `user_ids` belongs to that `actor` may see (for
    /// a person's memberships).
    pub async fn memberships_of_users(
        &self,
        actor: &Actor,
        user_ids: &[Uuid],
    ) -> AppResult<Vec<(Uuid, Group)>> {
        let db = &self.db.conn;
        let pairs: Vec<group_members::Model> = groups::memberships_of_many(db, user_ids).await?;
        let ids: Vec<Uuid> = pairs
            .iter()
            .map(|m| m.group_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let visible: HashMap<Uuid, Group> = self
            .groups_by_ids(actor, &ids)
            .await?
            .into_iter()
            .map(|g| (g.id, g))
            .collect();
        Ok(pairs
            .into_iter()
            .filter_map(|m| Some((m.user_id, visible.get(&m.group_id)?.clone())))
            .collect())
    }

    /// The groups that work on each of these ideas or plans, as `actor` may see them.
    pub async fn groups_of_subjects(
        &self,
        actor: &Actor,
        kind: SubjectKind,
        subject_ids: &[Uuid],
    ) -> AppResult<Vec<(Uuid, Group)>> {
        let links = groups::links_of_subjects(&self.db.conn, kind.as_str(), subject_ids).await?;
        let ids: Vec<Uuid> = links
            .iter()
            .map(|l| l.group_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let visible: HashMap<Uuid, Group> = self
            .groups_by_ids(actor, &ids)
            .await?
            .into_iter()
            .map(|g| (g.id, g))
            .collect();
        Ok(links
            .into_iter()
            .filter_map(|l| Some((l.subject_id, visible.get(&l.group_id)?.clone())))
            .collect())
    }

    /// The ideas and plans each group works on, as (group, kind, id); the
    /// caller loads the items through their own visibility rules.
    pub async fn links_of_groups(
        &self,
        group_ids: &[Uuid],
    ) -> AppResult<Vec<(Uuid, SubjectKind, Uuid)>> {
        Ok(groups::links_of_groups(&self.db.conn, group_ids)
            .await?
            .into_iter()
            .map(|l| (l.group_id, l.subject_kind, l.subject_id))
            .collect())
    }
}
