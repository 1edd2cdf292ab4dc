//! Creating groups, and who is in them: joining, requests, invitations by
//! mail, leaving, removing, roles; and the ideas and plans a group works on.

use chrono::{DateTime, Utc};
use plein_domain::groups::{GroupRole, GroupVisibility, JoinPolicy, MAX_GROUP_TEXT, parse_name};
use plein_domain::{Email, FollowKind, Locale, Markdown, SubjectKind};
use plein_storage::entities::{
    group_invitations, group_join_requests, group_members, working_groups as rows,
};
use plein_storage::{areas, follows, groups, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Access, Group, access};
use crate::jobs::BackgroundJob;
use crate::notifications::{Event, enqueue_event};
use crate::search::SearchKind;
use crate::secrets::{new_token, token_hash};
use crate::{Actor, App, AppError, AppResult};

/// How long an invitation link stays good.
const INVITATION_DAYS: i64 = 14;
/// The longest message with a request to join.
const MAX_REQUEST_MESSAGE: usize = 500;

/// The outbox job that mails an invitation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvitationMailJob {
    pub invitation_id: Uuid,
}

impl BackgroundJob for InvitationMailJob {
    const KIND: &'static str = "mail.group_invitation";
}

/// Everything the mail worker needs to send one invitation.
#[derive(Debug, Clone)]
pub struct InvitationMail {
    pub to_address: String,
    pub locale: Locale,
    pub group_name: String,
    /// The raw token, for the link; only its hash is stored.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

pub struct NewGroupInput {
    pub name: String,
    pub purpose: String,
    pub area_id: Uuid,
    pub visibility: GroupVisibility,
    pub join_policy: JoinPolicy,
}

/// Absent fields stay as they are.
#[derive(Default)]
pub struct UpdateGroupInput {
    pub id: Uuid,
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub area_id: Option<Uuid>,
    pub visibility: Option<GroupVisibility>,
    pub join_policy: Option<JoinPolicy>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub group_id: Uuid,
    pub user_id: Uuid,
    pub role: GroupRole,
    pub joined_at: DateTime<Utc>,
}

impl From<group_members::Model> for Member {
    fn from(row: group_members::Model) -> Self {
        Self {
            group_id: row.group_id,
            user_id: row.user_id,
            role: row.role,
            joined_at: row.joined_at,
        }
    }
}

#[derive(Debug, Clone)]
pub struct JoinRequest {
    pub id: Uuid,
    pub group_id: Uuid,
    pub user_id: Uuid,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<group_join_requests::Model> for JoinRequest {
    fn from(row: group_join_requests::Model) -> Self {
        Self {
            id: row.id,
            group_id: row.group_id,
            user_id: row.user_id,
            message: row.message,
            created_at: row.created_at,
        }
    }
}

/// An open invitation, as coordinators see it.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: Uuid,
    pub group_id: Uuid,
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<group_invitations::Model> for Invitation {
    fn from(row: group_invitations::Model) -> Self {
        Self {
            id: row.id,
            group_id: row.group_id,
            email: row.email,
            created_at: row.created_at,
            expires_at: row.expires_at,
        }
    }
}

fn parse_purpose(raw: &str) -> AppResult<String> {
    Ok(Markdown::parse("purpose", raw, MAX_GROUP_TEXT)?.into_inner())
}

/// Adds a member and has them follow the group, so its thread and news
/// reach them. Answers false, changing nothing, when they already were one:
/// a parallel request can add them between the caller's check and this.
async fn enrol(
    db: &impl sea_orm::ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
    role: GroupRole,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    if !groups::add_member(db, group_id, user_id, role, now).await? {
        return Ok(false);
    }
    follows::follow(db, user_id, FollowKind::Group, group_id, now).await?;
    // The member count is part of the search document.
    index_group(db, group_id, now).await?;
    Ok(true)
}

async fn index_group(
    db: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    crate::search::enqueue_index(db, SearchKind::Group, id, now).await
}

impl App {
    /// Creates a group; its creator becomes its first coordinator.
    pub async fn create_group(&self, actor: &Actor, input: NewGroupInput) -> AppResult<Group> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let name = parse_name(&input.name)?;
        let purpose = parse_purpose(&input.purpose)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if areas::find(&txn, input.area_id).await?.is_none() {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let id = Uuid::now_v7();
        groups::insert_group(
            &txn,
            rows::Model {
                id,
                name,
                purpose,
                area_id: input.area_id,
                visibility: input.visibility,
                join_policy: input.join_policy,
                calendar_token: new_token()?,
                member_count: 0,
                created_by: Some(user.id),
                created_at: now,
                updated_at: now,
                hidden_at: None,
            },
        )
        .await?;
        enrol(&txn, id, user.id, GroupRole::Coordinator, now).await?;
        index_group(&txn, id, now).await?;
        txn.commit().await?;
        self.group(actor, id)
            .await?
            .ok_or_else(|| AppError::internal("a new group went missing"))
    }

    /// Coordinators (and admins) change a group's name, purpose, area or policies.
    pub async fn update_group(&self, actor: &Actor, input: UpdateGroupInput) -> AppResult<Group> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let Access { mut row, .. } = {
            let access = access(&txn, actor, input.id).await?;
            access.require_coordinator(actor)?;
            access
        };
        if let Some(name) = input.name {
            row.name = parse_name(&name)?;
        }
        if let Some(purpose) = input.purpose {
            row.purpose = parse_purpose(&purpose)?;
        }
        if let Some(area_id) = input.area_id {
            if areas::find(&txn, area_id).await?.is_none() {
                return Err(AppError::bad_input("areaId", "no area has this id"));
            }
            row.area_id = area_id;
        }
        if let Some(visibility) = input.visibility {
            row.visibility = visibility;
        }
        if let Some(policy) = input.join_policy {
            row.join_policy = policy;
        }
        row.updated_at = now;
        let id = row.id;
        groups::save_group(&txn, row).await?;
        // A group that became members-only leaves the index; the job sees that.
        index_group(&txn, id, now).await?;
        txn.commit().await?;
        self.group(actor, id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    /// Joins an open group, or asks to join one that takes requests. Answers
    /// the group as the viewer now sees it (a member, or with a request open).
    pub async fn join_group(
        &self,
        actor: &Actor,
        group_id: Uuid,
        message: Option<String>,
    ) -> AppResult<Group> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let message = match message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => None,
            Some(m)
                if m.chars().count() > MAX_REQUEST_MESSAGE || m.chars().any(char::is_control) =>
            {
                return Err(AppError::bad_input(
                    "message",
                    format!("must be at most {MAX_REQUEST_MESSAGE} characters of plain text"),
                ));
            }
            Some(m) => Some(m.to_owned()),
        };
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        if group.role.is_some() {
            return Err(AppError::conflict("groupId", "you are already a member"));
        }
        match group.row.join_policy {
            JoinPolicy::Open => {
                if !enrol(&txn, group_id, user.id, GroupRole::Member, now).await? {
                    return Err(AppError::conflict("groupId", "you are already a member"));
                }
                groups::delete_join_request_of(&txn, group_id, user.id).await?;
            }
            JoinPolicy::Request => {
                if groups::join_request_of(&txn, group_id, user.id)
                    .await?
                    .is_some()
                {
                    return Err(AppError::conflict(
                        "groupId",
                        "you already asked to join this group",
                    ));
                }
                let id = Uuid::now_v7();
                groups::insert_join_request(
                    &txn,
                    group_join_requests::Model {
                        id,
                        group_id,
                        user_id: user.id,
                        message,
                        created_at: now,
                    },
                )
                .await?;
                enqueue_event(
                    &txn,
                    &Event::JoinRequested {
                        group_id,
                        request_id: id,
                        user_id: user.id,
                    },
                    now,
                )
                .await?;
            }
            JoinPolicy::Invite => {
                return Err(AppError::Forbidden(
                    "this group takes new members by invitation only",
                ));
            }
        }
        txn.commit().await?;
        self.group(actor, group_id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    /// Whether the viewer has asked to join these groups (for DataLoaders).
    pub async fn viewer_join_requests(
        &self,
        actor: &Actor,
        group_ids: &[Uuid],
    ) -> AppResult<Vec<Uuid>> {
        let Some(user) = actor.user_id() else {
            return Ok(Vec::new());
        };
        Ok(groups::requested_by(&self.db.conn, user, group_ids).await?)
    }

    /// The open requests to join a group: for its coordinators.
    pub async fn join_requests(
        &self,
        actor: &Actor,
        group_id: Uuid,
    ) -> AppResult<Vec<JoinRequest>> {
        let group = access(&self.db.conn, actor, group_id).await?;
        group.require_coordinator(actor)?;
        Ok(groups::join_requests_of(&self.db.conn, group_id)
            .await?
            .into_iter()
            .map(JoinRequest::from)
            .collect())
    }

    /// A coordinator approves (the person becomes a member) or declines a request.
    pub async fn answer_join_request(
        &self,
        actor: &Actor,
        request_id: Uuid,
        approve: bool,
    ) -> AppResult<Group> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let request = groups::find_join_request(&txn, request_id)
            .await?
            .ok_or(AppError::NotFound("join request"))?;
        let group = access(&txn, actor, request.group_id)
            .await
            .map_err(|_| AppError::NotFound("join request"))?;
        let coordinator = group.require_coordinator(actor)?;
        // Answered in parallel: only the first answer counts (and is heard).
        if !groups::delete_join_request(&txn, request_id).await? {
            return Err(AppError::NotFound("join request"));
        }
        if approve {
            enrol(
                &txn,
                request.group_id,
                request.user_id,
                GroupRole::Member,
                now,
            )
            .await?;
        }
        enqueue_event(
            &txn,
            &Event::JoinAnswered {
                group_id: request.group_id,
                user_id: request.user_id,
                actor_id: coordinator.id,
                approved: approve,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        self.group(actor, request.group_id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    /// A coordinator invites someone by mail address; the link in the mail
    /// works for people without an account too (they accept once registered).
    pub async fn invite_to_group(
        &self,
        actor: &Actor,
        group_id: Uuid,
        email: &str,
    ) -> AppResult<Invitation> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let email = Email::parse(email)?.as_str().to_owned();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        let coordinator = group.require_coordinator(actor)?;
        let invitee = users::find_by_email(&txn, &email).await?;
        if let Some(invitee) = &invitee
            && groups::membership(&txn, group_id, invitee.id)
                .await?
                .is_some()
        {
            return Err(AppError::conflict(
                "email",
                "someone with this address is already a member",
            ));
        }
        if let Some(open) = groups::invitation_for(&txn, group_id, &email).await? {
            if open.expires_at > now {
                return Err(AppError::conflict(
                    "email",
                    "this address is already invited to the group",
                ));
            }
            groups::delete_invitation(&txn, open.id).await?;
        }
        let row = group_invitations::Model {
            id: Uuid::now_v7(),
            group_id,
            email,
            // Replaced by the token the mail carries when it is sent.
            token_hash: token_hash(&new_token()?),
            invited_by: Some(coordinator.id),
            created_at: now,
            expires_at: now + chrono::Duration::days(INVITATION_DAYS),
        };
        groups::insert_invitation(&txn, row.clone()).await?;
        InvitationMailJob {
            invitation_id: row.id,
        }
        .enqueue(&txn, now)
        .await?;
        if let Some(invitee) = invitee {
            enqueue_event(
                &txn,
                &Event::GroupInvited {
                    group_id,
                    user_id: invitee.id,
                    actor_id: coordinator.id,
                },
                now,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// The open invitations of a group: for its coordinators.
    pub async fn group_invitations(
        &self,
        actor: &Actor,
        group_id: Uuid,
    ) -> AppResult<Vec<Invitation>> {
        let group = access(&self.db.conn, actor, group_id).await?;
        group.require_coordinator(actor)?;
        Ok(groups::invitations_of(&self.db.conn, group_id)
            .await?
            .into_iter()
            .map(Invitation::from)
            .collect())
    }

    /// A coordinator withdraws an open invitation; its link stops working.
    pub async fn revoke_invitation(&self, actor: &Actor, invitation_id: Uuid) -> AppResult<()> {
        actor.require_verified()?;
        let txn = self.db.begin_write().await?;
        let invitation = groups::find_invitation(&txn, invitation_id)
            .await?
            .ok_or(AppError::NotFound("invitation"))?;
        access(&txn, actor, invitation.group_id)
            .await
            .map_err(|_| AppError::NotFound("invitation"))?
            .require_coordinator(actor)?;
        groups::delete_invitation(&txn, invitation_id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Makes the token for an invitation mail and answers what to send, or
    /// `None` when the invitation is gone (accepted or withdrawn meanwhile).
    pub async fn issue_invitation_mail(
        &self,
        invitation_id: Uuid,
    ) -> AppResult<Option<InvitationMail>> {
        let txn = self.db.begin_write().await?;
        let Some(mut invitation) = groups::find_invitation(&txn, invitation_id).await? else {
            return Ok(None);
        };
        let Some(group) = groups::find_group(&txn, invitation.group_id).await? else {
            return Ok(None);
        };
        let locale = users::find_by_email(&txn, &invitation.email)
            .await?
            .map(|u| u.locale)
            .unwrap_or_default();
        let token = new_token()?;
        invitation.token_hash = token_hash(&token);
        let mail = InvitationMail {
            to_address: invitation.email.clone(),
            locale,
            group_name: group.name,
            token,
            expires_at: invitation.expires_at,
        };
        groups::save_invitation(&txn, invitation).await?;
        txn.commit().await?;
        Ok(Some(mail))
    }

    /// Accepts an invitation with the token from its mail: the signed-in
    /// person becomes a member, whatever address they signed up with.
    pub async fn accept_invitation(&self, actor: &Actor, token: &str) -> AppResult<Group> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let invitation = groups::invitation_by_token(&txn, &token_hash(token.trim()))
            .await?
            .filter(|i| i.expires_at > now)
            .ok_or_else(|| {
                AppError::bad_input("token", "this invitation link is not valid (any more)")
            })?;
        // A group the moderators hid takes no new members, invited or not.
        if groups::find_group(&txn, invitation.group_id)
            .await?
            .is_none_or(|group| group.hidden_at.is_some())
        {
            return Err(AppError::bad_input(
                "token",
                "this invitation link is not valid (any more)",
            ));
        }
        if groups::membership(&txn, invitation.group_id, user.id)
            .await?
            .is_some()
        {
            return Err(AppError::conflict("token", "you are already a member"));
        }
        if !enrol(&txn, invitation.group_id, user.id, GroupRole::Member, now).await? {
            return Err(AppError::conflict("token", "you are already a member"));
        }
        groups::delete_invitation(&txn, invitation.id).await?;
        groups::delete_join_request_of(&txn, invitation.group_id, user.id).await?;
        txn.commit().await?;
        self.group(actor, invitation.group_id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    /// Leaves a group. The last coordinator hands over first.
    pub async fn leave_group(&self, actor: &Actor, group_id: Uuid) -> AppResult<()> {
        let user = actor.require_user()?;
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        if group.role.is_none() {
            return Err(AppError::conflict("groupId", "you are not a member"));
        }
        self.remove_from_group(&txn, &group, user.id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A coordinator removes a member.
    pub async fn remove_member(
        &self,
        actor: &Actor,
        group_id: Uuid,
        user_id: Uuid,
    ) -> AppResult<()> {
        actor.require_verified()?;
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        group.require_coordinator(actor)?;
        if groups::membership(&txn, group_id, user_id).await?.is_none() {
            return Err(AppError::bad_input(
                "userId",
                "is not a member of the group",
            ));
        }
        self.remove_from_group(&txn, &group, user_id).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn remove_from_group(
        &self,
        txn: &impl sea_orm::ConnectionTrait,
        group: &Access,
        user_id: Uuid,
    ) -> AppResult<()> {
        let group_id = group.row.id;
        let coordinators =
            groups::member_ids(txn, group_id, Some(GroupRole::Coordinator.as_str())).await?;
        if coordinators == [user_id] {
            return Err(AppError::conflict(
                "userId",
                "a group keeps at least one coordinator: hand over coordination first",
            ));
        }
        groups::remove_member(txn, group_id, user_id).await?;
        // Whoever leaves keeps no way into the feed of a members-only group.
        groups::set_calendar_token(txn, group_id, &new_token()?).await?;
        groups::unassign_tasks_of(txn, group_id, user_id).await?;
        follows::unfollow(txn, user_id, FollowKind::Group.as_str(), group_id).await?;
        index_group(txn, group_id, self.now()).await
    }

    /// A coordinator makes a member coordinator or member again; a group
    /// keeps at least one coordinator. Handing over is making someone
    /// coordinator and then stepping down.
    pub async fn set_member_role(
        &self,
        actor: &Actor,
        group_id: Uuid,
        user_id: Uuid,
        role: GroupRole,
    ) -> AppResult<Member> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        group.require_coordinator(actor)?;
        let member = groups::membership(&txn, group_id, user_id)
            .await?
            .ok_or_else(|| AppError::bad_input("userId", "is not a member of the group"))?;
        if role == GroupRole::Member {
            let coordinators =
                groups::member_ids(&txn, group_id, Some(GroupRole::Coordinator.as_str())).await?;
            if coordinators == [user_id] {
                return Err(AppError::conflict(
                    "role",
                    "a group keeps at least one coordinator: make someone else coordinator first",
                ));
            }
        }
        groups::set_role(&txn, group_id, user_id, role).await?;
        txn.commit().await?;
        Ok(Member {
            role,
            ..Member::from(member)
        })
    }

    /// A coordinator hands coordination to another member and becomes a member.
    pub async fn hand_over_group(
        &self,
        actor: &Actor,
        group_id: Uuid,
        to_user: Uuid,
    ) -> AppResult<Group> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let txn = self.db.begin_write().await?;
        let group = access(&txn, actor, group_id).await?;
        if group.role != Some(GroupRole::Coordinator) {
            return Err(AppError::Forbidden(
                "only coordinators of the group may do this",
            ));
        }
        if to_user == user.id {
            return Err(AppError::bad_input("userId", "is you: pick another member"));
        }
        if groups::membership(&txn, group_id, to_user).await?.is_none() {
            return Err(AppError::bad_input(
                "userId",
                "is not a member of the group",
            ));
        }
        groups::set_role(&txn, group_id, to_user, GroupRole::Coordinator).await?;
        groups::set_role(&txn, group_id, user.id, GroupRole::Member).await?;
        txn.commit().await?;
        self.group(actor, group_id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    /// A coordinator links the group to an idea or plan it works on (or
    /// unlinks it). The item must be visible to the coordinator.
    pub async fn set_group_link(
        &self,
        actor: &Actor,
        group_id: Uuid,
        kind: SubjectKind,
        subject_id: Uuid,
        linked: bool,
    ) -> AppResult<Group> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        if kind == SubjectKind::Group {
            return Err(AppError::bad_input(
                "subjectKind",
                "a group links to ideas and plans",
            ));
        }
        if linked {
            self.require_subject(actor, kind, subject_id).await?;
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        access(&txn, actor, group_id)
            .await?
            .require_coordinator(actor)?;
        if linked {
            groups::link(&txn, group_id, kind, subject_id, now).await?;
        } else {
            groups::unlink(&txn, group_id, kind, subject_id).await?;
        }
        txn.commit().await?;
        self.group(actor, group_id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }
}
