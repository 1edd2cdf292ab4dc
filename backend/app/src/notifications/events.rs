//! Events and their fan-out. A write commits an event job with its change;
//! the handler works out who hears of it, drops the actor and everyone who
//! may not see the subject, stores one notification per person and queues the
//! mail of those who want it at once, all in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use plein_domain::groups::GroupRole;
use plein_domain::{Cadence, FollowKind, IdeaStatus, NotificationKind, PlanStatus};
use plein_storage::entities::notifications as rows;
use plein_storage::{
    areas, comments, follows, groups, ideas, notifications, plans, users, visibility,
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::mail::NotificationMailJob;
use crate::ideas::ThresholdReachedJob;
use crate::jobs::{BackgroundJob, Claimed, Handler, JobError};
use crate::{App, AppResult};

/// The longest excerpt a notification keeps.
const EXCERPT: usize = 200;

/// Something people may want to hear of: the outbox job that fans it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A comment or reply was posted (official or not).
    CommentPosted { comment_id: Uuid },
    /// An idea moved to another status; `actor_id` is `None` when Plein moved it.
    IdeaStatusChanged {
        idea_id: Uuid,
        actor_id: Option<Uuid>,
        to: String,
        reason: Option<String>,
    },
    /// A plan's feedback window opens; runs at `opens_at` and checks the plan
    /// still opens then.
    PlanOpened {
        plan_id: Uuid,
        actor_id: Option<Uuid>,
        opens_at: DateTime<Utc>,
    },
    /// A plan's feedback window closes within 48 hours; runs 48 hours before
    /// `closes_at` and checks the plan still closes then.
    PlanClosing {
        plan_id: Uuid,
        closes_at: DateTime<Utc>,
    },
    /// The official response to a closed plan was published.
    PlanResponded { plan_id: Uuid, actor_id: Uuid },
    /// An idea reached its area's support threshold: its professionals hear.
    ThresholdReached {
        idea_id: Uuid,
        professional_ids: Vec<Uuid>,
        threshold: i32,
    },
    /// A coordinator invited someone who has an account.
    GroupInvited {
        group_id: Uuid,
        user_id: Uuid,
        actor_id: Uuid,
    },
    /// Someone asked to join: the coordinators hear.
    JoinRequested {
        group_id: Uuid,
        request_id: Uuid,
        user_id: Uuid,
    },
    /// A coordinator approved or declined a request to join.
    JoinAnswered {
        group_id: Uuid,
        user_id: Uuid,
        actor_id: Uuid,
        approved: bool,
    },
    /// A task was assigned to someone other than the one assigning it.
    TaskAssigned { task_id: Uuid, actor_id: Uuid },
    /// A meeting was scheduled, changed or cancelled (`change`).
    MeetingScheduled {
        meeting_id: Uuid,
        actor_id: Uuid,
        change: String,
    },
    /// A proposal was opened.
    DecisionOpened { decision_id: Uuid, actor_id: Uuid },
    /// A proposal closes within a day; runs a day before `closes_at` and
    /// reaches the members who have not answered yet.
    DecisionClosing {
        decision_id: Uuid,
        closes_at: DateTime<Utc>,
    },
    /// A budget round moved to `phase`, on its date (`actor_id` is `None`)
    /// or by hand.
    BudgetPhaseChanged {
        round_id: Uuid,
        phase: String,
        actor_id: Option<Uuid>,
    },
}

impl BackgroundJob for Event {
    const KIND: &'static str = "notify.event";
}

/// Commits `event` with the caller's transaction, to fan out right away.
pub async fn enqueue_event(
    db: &impl ConnectionTrait,
    event: &Event,
    now: DateTime<Utc>,
) -> AppResult<Uuid> {
    enqueue_event_at(db, event, now, now).await
}

/// Commits `event` with the caller's transaction, to fan out at `run_after`.
pub async fn enqueue_event_at(
    db: &impl ConnectionTrait,
    event: &Event,
    run_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<Uuid> {
    event.enqueue_at(db, run_after.max(now), now).await
}

/// What an event is about, as far as who may see it.
struct Subject {
    kind: FollowKind,
    id: Uuid,
    title: String,
    /// The areas whose followers hear of it: its own and every one above.
    area_ids: Vec<Uuid>,
    /// The row the visibility rule reads.
    seen: Seen,
}

/// The stored subject, for the rules in `plein_domain::visibility`.
enum Seen {
    Idea(Box<plein_storage::entities::ideas::Model>),
    Plan(Box<plein_storage::entities::plans::Model>),
    /// A group with who counts as its member here: its members, and the
    /// person an invitation or an answer is for.
    Group(
        Box<plein_storage::entities::working_groups::Model>,
        HashSet<Uuid>,
    ),
    BudgetProject(Box<plein_storage::entities::budget_projects::Model>),
    /// Something everyone may see (a budget round).
    Public,
}

impl Subject {
    /// Whether `user` may see the subject, so may hear of it.
    fn visible_to(&self, user: &users_row::Model) -> bool {
        let viewer = visibility::viewer_of(user);
        match &self.seen {
            Seen::Idea(row) => visibility::idea_row(&viewer, row),
            Seen::Plan(row) => visibility::plan_row(&viewer, row),
            Seen::Group(row, members) => {
                visibility::group_row(&viewer, row, members.contains(&user.id))
            }
            Seen::BudgetProject(row) => visibility::budget_project_row(&viewer, row),
            Seen::Public => true,
        }
    }
}

use plein_storage::entities::users as users_row;

/// Who hears of one event, and what they read.
struct Fanout {
    subject: Subject,
    actor_id: Option<Uuid>,
    text: Option<String>,
    detail: Option<String>,
    /// Candidates in order of precedence: someone listed twice gets the
    /// first kind (a reply to you beats a new comment in a thread you follow).
    audience: Vec<(Uuid, NotificationKind)>,
}

pub(super) fn excerpt(markdown: &str) -> String {
    let plain: String = markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() <= EXCERPT {
        plain
    } else {
        let cut: String = plain.chars().take(EXCERPT - 1).collect();
        format!("{cut}…")
    }
}

async fn area_chain(db: &impl ConnectionTrait, area_id: Uuid) -> AppResult<Vec<Uuid>> {
    Ok(areas::find(db, area_id)
        .await?
        .map(|a| areas::path_ids(&a.path))
        .unwrap_or_else(|| vec![area_id]))
}

async fn idea_subject(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<Subject>> {
    let Some(row) = ideas::find(db, id).await? else {
        return Ok(None);
    };
    Ok(Some(Subject {
        kind: FollowKind::Idea,
        id,
        area_ids: area_chain(db, row.area_id).await?,
        title: row.title.clone(),
        seen: Seen::Idea(Box::new(row)),
    }))
}

async fn plan_subject(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<(Subject, plein_storage::entities::plans::Model)>> {
    let Some(row) = plans::find(db, id).await? else {
        return Ok(None);
    };
    Ok(Some((
        Subject {
            kind: FollowKind::Plan,
            id,
            area_ids: area_chain(db, row.area_id).await?,
            title: row.title.clone(),
            seen: Seen::Plan(Box::new(row.clone())),
        },
        row,
    )))
}

async fn budget_project_subject(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<Subject>> {
    let Some(row) = plein_storage::budget::find_project(db, id).await? else {
        return Ok(None);
    };
    Ok(Some(Subject {
        kind: FollowKind::BudgetProject,
        id,
        area_ids: area_chain(db, row.area_id).await?,
        title: row.title.clone(),
        seen: Seen::BudgetProject(Box::new(row)),
    }))
}

/// A group as the subject of an event, with the ids of its members.
async fn group_subject(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<Option<(Subject, Vec<Uuid>)>> {
    let Some(row) = groups::find_group(db, id).await? else {
        return Ok(None);
    };
    let members = groups::member_ids(db, id, None).await?;
    Ok(Some((
        Subject {
            kind: FollowKind::Group,
            id,
            area_ids: area_chain(db, row.area_id).await?,
            title: row.name.clone(),
            seen: Seen::Group(Box::new(row), members.iter().copied().collect()),
        },
        members,
    )))
}

impl Subject {
    /// Lets `user` hear of a members-only group's event meant for them.
    fn allow(mut self, user: Uuid) -> Self {
        if let Seen::Group(_, members) = &mut self.seen {
            members.insert(user);
        }
        self
    }
}

fn to_all(people: &[Uuid], kind: NotificationKind) -> Vec<(Uuid, NotificationKind)> {
    people.iter().map(|p| (*p, kind)).collect()
}

async fn followers_of(
    db: &impl ConnectionTrait,
    subject: &Subject,
    kind: NotificationKind,
) -> AppResult<Vec<(Uuid, NotificationKind)>> {
    Ok(
        follows::followers(db, subject.kind.as_str(), subject.id, &subject.area_ids)
            .await?
            .into_iter()
            .map(|user| (user, kind))
            .collect(),
    )
}

/// Works out who hears of `event`; `None` when nothing is left to say (the
/// comment was deleted, the plan no longer opens or closes then).
async fn resolve(
    db: &impl ConnectionTrait,
    event: &Event,
    now: DateTime<Utc>,
) -> AppResult<Option<Fanout>> {
    match event {
        Event::CommentPosted { comment_id } => {
            let Some(comment) = comments::find(db, *comment_id).await? else {
                return Ok(None);
            };
            if comment.deleted_at.is_some() || comment.hidden_at.is_some() {
                return Ok(None);
            }
            let subject = match comment.subject_kind.as_str() {
                "idea" => idea_subject(db, comment.subject_id).await?,
                "plan" => plan_subject(db, comment.subject_id).await?.map(|(s, _)| s),
                "group" => group_subject(db, comment.subject_id).await?.map(|(s, _)| s),
                "budget_project" => budget_project_subject(db, comment.subject_id).await?,
                _ => None,
            };
            let Some(subject) = subject else {
                return Ok(None);
            };
            let mut audience = Vec::new();
            if let Some(parent_id) = comment.parent_id
                && let Some(parent) = comments::find(db, parent_id).await?
                && parent.deleted_at.is_none()
            {
                audience.push((parent.author_id, NotificationKind::Reply));
            }
            let kind = if comment.official {
                NotificationKind::OfficialReply
            } else {
                NotificationKind::Comment
            };
            audience.extend(followers_of(db, &subject, kind).await?);
            // A budget project's author hears of its thread without following
            // it, so nothing in their own data names the projects they chose.
            if let Seen::BudgetProject(row) = &subject.seen
                && let Some(author) = row.author_id
            {
                audience.push((author, kind));
            }
            Ok(Some(Fanout {
                subject,
                actor_id: Some(comment.author_id),
                text: Some(excerpt(&comment.body)),
                detail: None,
                audience,
            }))
        }
        Event::IdeaStatusChanged {
            idea_id,
            actor_id,
            to,
            reason,
        } => {
            let Some(subject) = idea_subject(db, *idea_id).await? else {
                return Ok(None);
            };
            // Published for the first time (or again): news for the area's
            // followers, a kind of its own rather than a status change.
            if to == IdeaStatus::Published.as_str() {
                let audience = followers_of(db, &subject, NotificationKind::IdeaPublished).await?;
                return Ok(Some(Fanout {
                    subject,
                    actor_id: *actor_id,
                    text: None,
                    detail: None,
                    audience,
                }));
            }
            let audience = followers_of(db, &subject, NotificationKind::IdeaStatus).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: *actor_id,
                text: reason.as_deref().map(excerpt),
                detail: Some(to.clone()),
                audience,
            }))
        }
        Event::PlanOpened {
            plan_id,
            actor_id,
            opens_at,
        } => {
            let Some((subject, plan)) = plan_subject(db, *plan_id).await? else {
                return Ok(None);
            };
            let status = plan.status;
            // Moved, cancelled or back in draft since: another event covers it.
            if plan.opens_at != *opens_at
                || matches!(status, PlanStatus::Draft | PlanStatus::Cancelled)
                || plan.closes_at <= now
            {
                return Ok(None);
            }
            let audience = followers_of(db, &subject, NotificationKind::PlanOpened).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: *actor_id,
                text: None,
                detail: Some(plan.closes_at.to_rfc3339()),
                audience,
            }))
        }
        Event::PlanClosing { plan_id, closes_at } => {
            let Some((subject, plan)) = plan_subject(db, *plan_id).await? else {
                return Ok(None);
            };
            let status = plan.status;
            if plan.closes_at != *closes_at
                || matches!(status, PlanStatus::Draft | PlanStatus::Cancelled)
                || plan.closes_at <= now
            {
                return Ok(None);
            }
            let audience = followers_of(db, &subject, NotificationKind::PlanClosing).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: None,
                text: None,
                detail: Some(plan.closes_at.to_rfc3339()),
                audience,
            }))
        }
        Event::PlanResponded { plan_id, actor_id } => {
            let Some((subject, plan)) = plan_subject(db, *plan_id).await? else {
                return Ok(None);
            };
            let audience = followers_of(db, &subject, NotificationKind::PlanResponded).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: Some(*actor_id),
                text: plan.official_response.as_deref().map(excerpt),
                detail: None,
                audience,
            }))
        }
        Event::ThresholdReached {
            idea_id,
            professional_ids,
            threshold,
        } => {
            let Some(subject) = idea_subject(db, *idea_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject,
                actor_id: None,
                text: None,
                detail: Some(threshold.to_string()),
                audience: professional_ids
                    .iter()
                    .map(|id| (*id, NotificationKind::ThresholdReached))
                    .collect(),
            }))
        }
        Event::GroupInvited {
            group_id,
            user_id,
            actor_id,
        } => {
            let Some((subject, _)) = group_subject(db, *group_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject: subject.allow(*user_id),
                actor_id: Some(*actor_id),
                text: None,
                detail: None,
                audience: vec![(*user_id, NotificationKind::GroupInvitation)],
            }))
        }
        Event::JoinRequested {
            group_id,
            request_id,
            user_id,
        } => {
            if groups::find_join_request(db, *request_id).await?.is_none() {
                return Ok(None);
            }
            let Some((subject, _)) = group_subject(db, *group_id).await? else {
                return Ok(None);
            };
            let coordinators =
                groups::member_ids(db, *group_id, Some(GroupRole::Coordinator.as_str())).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: Some(*user_id),
                text: None,
                detail: None,
                audience: to_all(&coordinators, NotificationKind::JoinRequest),
            }))
        }
        Event::JoinAnswered {
            group_id,
            user_id,
            actor_id,
            approved,
        } => {
            let Some((subject, _)) = group_subject(db, *group_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject: subject.allow(*user_id),
                actor_id: Some(*actor_id),
                text: None,
                detail: Some(if *approved { "approved" } else { "declined" }.to_owned()),
                audience: vec![(*user_id, NotificationKind::JoinAnswered)],
            }))
        }
        Event::TaskAssigned { task_id, actor_id } => {
            let Some(task) = groups::find_task(db, *task_id).await? else {
                return Ok(None);
            };
            let Some(assignee) = task.assignee_id else {
                return Ok(None);
            };
            let Some((subject, _)) = group_subject(db, task.group_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject,
                actor_id: Some(*actor_id),
                text: Some(task.title),
                detail: task.due_on.map(|d| d.to_string()),
                audience: vec![(assignee, NotificationKind::TaskAssigned)],
            }))
        }
        Event::MeetingScheduled {
            meeting_id,
            actor_id,
            change,
        } => {
            let Some(meeting) = groups::find_meeting(db, *meeting_id).await? else {
                return Ok(None);
            };
            let Some((subject, members)) = group_subject(db, meeting.group_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject,
                actor_id: Some(*actor_id),
                text: Some(meeting.title),
                detail: Some(format!("{change} {}", meeting.starts_at.to_rfc3339())),
                audience: to_all(&members, NotificationKind::MeetingScheduled),
            }))
        }
        Event::DecisionOpened {
            decision_id,
            actor_id,
        } => {
            let Some(decision) = groups::find_decision(db, *decision_id).await? else {
                return Ok(None);
            };
            let Some((subject, members)) = group_subject(db, decision.group_id).await? else {
                return Ok(None);
            };
            Ok(Some(Fanout {
                subject,
                actor_id: Some(*actor_id),
                text: Some(decision.title),
                detail: Some(decision.closes_at.to_rfc3339()),
                audience: to_all(&members, NotificationKind::DecisionOpened),
            }))
        }
        Event::BudgetPhaseChanged {
            round_id,
            phase,
            actor_id,
        } => {
            let Some(round) = plein_storage::budget::find_round(db, *round_id).await? else {
                return Ok(None);
            };
            let Ok(phase) = phase.parse::<plein_domain::rounds::Phase>() else {
                return Ok(None);
            };
            let dates = crate::budget::Round::from(round.clone()).dates;
            // What the sentence needs: the phase, and, until voting has
            // closed, when it ends.
            let detail = match phase.next() {
                Some(next) if !phase.voting_closed() => {
                    // To the second, so it fits the column (40 characters).
                    let ends = dates
                        .start_of(next)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    format!("{phase} {ends}")
                }
                _ => phase.to_string(),
            };
            let subject = Subject {
                kind: FollowKind::BudgetRound,
                id: round.id,
                area_ids: area_chain(db, round.area_id).await?,
                title: round.title.clone(),
                seen: Seen::Public,
            };
            let audience = followers_of(db, &subject, NotificationKind::BudgetPhase).await?;
            Ok(Some(Fanout {
                subject,
                actor_id: *actor_id,
                text: None,
                detail: Some(detail),
                audience,
            }))
        }
        Event::DecisionClosing {
            decision_id,
            closes_at,
        } => {
            let Some(decision) = groups::find_decision(db, *decision_id).await? else {
                return Ok(None);
            };
            if decision.closes_at.trunc_subsecs(6) != closes_at.trunc_subsecs(6)
                || decision.closes_at <= now
            {
                return Ok(None);
            }
            let Some((subject, members)) = group_subject(db, decision.group_id).await? else {
                return Ok(None);
            };
            let answered: HashSet<Uuid> = groups::votes_of(db, &[*decision_id])
                .await?
                .into_iter()
                .map(|v| v.user_id)
                .collect();
            let waiting: Vec<Uuid> = members
                .into_iter()
                .filter(|m| !answered.contains(m))
                .collect();
            Ok(Some(Fanout {
                subject,
                actor_id: None,
                text: Some(decision.title),
                detail: Some(decision.closes_at.to_rfc3339()),
                audience: to_all(&waiting, NotificationKind::DecisionClosing),
            }))
        }
    }
}

impl App {
    /// Fans one event out: stores the notifications and queues the mail of
    /// those who want it at once. Running it again adds nothing: there is one
    /// notification per person per event. Answers how many were stored.
    pub async fn fan_out(&self, event_id: Uuid, event: &Event) -> AppResult<usize> {
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let Some(fanout) = resolve(&txn, event, now).await? else {
            txn.commit().await?;
            return Ok(0);
        };
        // One notification per person, of the kind that matters most to them.
        let mut seen = HashSet::new();
        let mut audience: Vec<(Uuid, NotificationKind)> = fanout
            .audience
            .into_iter()
            .filter(|(user, _)| Some(*user) != fanout.actor_id && seen.insert(*user))
            .collect();
        let ids: Vec<Uuid> = audience.iter().map(|(u, _)| *u).collect();
        let mut people: HashMap<Uuid, users_row::Model> = HashMap::new();
        for chunk in ids.chunks(500) {
            for user in users::find_many(&txn, chunk).await? {
                people.insert(user.id, user);
            }
        }
        audience.retain(|(user, _)| {
            people
                .get(user)
                .is_some_and(|u| fanout.subject.visible_to(u))
        });
        if audience.is_empty() {
            txn.commit().await?;
            return Ok(0);
        }
        let actor_name = match fanout.actor_id {
            Some(id) => users::find(&txn, id).await?.map(|u| u.display_name),
            None => None,
        };
        let subject = &fanout.subject;
        let new_rows: Vec<rows::Model> = audience
            .iter()
            .map(|(user, kind)| rows::Model {
                id: Uuid::now_v7(),
                user_id: *user,
                event_id,
                kind: *kind,
                subject_kind: subject.kind,
                subject_id: subject.id,
                subject_title: subject.title.clone(),
                actor_id: fanout.actor_id,
                actor_name: actor_name.clone(),
                text: fanout.text.clone(),
                detail: fanout.detail.clone(),
                created_at: now,
                read_at: None,
                mailed_at: None,
            })
            .collect();
        notifications::insert_many(&txn, new_rows).await?;
        // What is stored now (on a retry, the rows of the first attempt).
        let stored = notifications::of_event(&txn, event_id).await?;
        let recipients: Vec<Uuid> = stored.iter().map(|n| n.user_id).collect();
        let prefs = notifications::preferences_of(&txn, &recipients).await?;
        let cadence_of = |user: Uuid, kind: NotificationKind| -> Cadence {
            prefs
                .iter()
                .find(|p| p.user_id == user && p.kind == kind)
                .map_or_else(|| kind.default_cadence(), |p| p.cadence)
        };
        let mut mailed = Vec::new();
        let mut mail_jobs = Vec::new();
        for row in stored.iter().filter(|n| n.mailed_at.is_none()) {
            if cadence_of(row.user_id, row.kind) == Cadence::Immediately {
                mail_jobs.push(NotificationMailJob {
                    user_id: row.user_id,
                    notification_ids: vec![row.id],
                    digest: None,
                });
                mailed.push(row.id);
            }
        }
        NotificationMailJob::enqueue_many(&mail_jobs, &txn, now).await?;
        notifications::mark_mailed(&txn, &mailed, now).await?;
        txn.commit().await?;
        tracing::info!(%event_id, notified = stored.len(), mailed = mailed.len(), "event fanned out");
        Ok(stored.len())
    }
}

/// Fans out [`Event`] jobs.
pub struct NotificationEventHandler {
    pub app: App,
}

#[async_trait::async_trait]
impl Handler for NotificationEventHandler {
    type Job = Event;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<Event>) -> Result<(), JobError> {
        self.app
            .fan_out(job.id, &job.job)
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(format!("fan-out failed: {e:?}")))
    }
}

/// Fans out the [`ThresholdReachedJob`]s support leaves in the outbox.
pub struct ThresholdReachedHandler {
    pub app: App,
}

#[async_trait::async_trait]
impl Handler for ThresholdReachedHandler {
    type Job = ThresholdReachedJob;

    async fn run(&self, job: Claimed<ThresholdReachedJob>) -> Result<(), JobError> {
        let event = Event::ThresholdReached {
            idea_id: job.job.idea_id,
            professional_ids: job.job.professional_ids,
            threshold: job.job.threshold,
        };
        self.app
            .fan_out(job.id, &event)
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(format!("fan-out failed: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_keep_their_shape_in_the_outbox() {
        let id = Uuid::nil();
        let json = serde_json::to_value(Event::CommentPosted { comment_id: id }).expect("json");
        assert_eq!(json["event"], "comment_posted");
        let back: Event = serde_json::from_value(json).expect("parse");
        assert_eq!(back, Event::CommentPosted { comment_id: id });
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("a\n\nb  c"), "a b c");
        let long = "x ".repeat(300);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT);
    }
}
