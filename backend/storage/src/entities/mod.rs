//! Rows as they are stored. These are never handed to GraphQL directly: the
//! application layer turns them into views that carry only what may be shown.

pub mod areas;
pub mod audit_log;
pub mod comment_reactions;
pub mod comment_revisions;
pub mod comments;
pub mod decision_votes;
pub mod email_tokens;
pub mod follows;
pub mod group_decisions;
pub mod group_invitations;
pub mod group_join_requests;
pub mod group_links;
pub mod group_meetings;
pub mod group_members;
pub mod group_tasks;
pub mod idea_revisions;
pub mod idea_status_changes;
pub mod idea_tags;
pub mod ideas;
pub mod jobs;
pub mod mandates;
pub mod meeting_rsvps;
pub mod notification_preferences;
pub mod notifications;
pub mod plan_answers;
pub mod plan_ideas;
pub mod plan_questions;
pub mod plans;
pub mod rate_limits;
pub mod reports;
pub mod server_secrets;
pub mod sessions;
pub mod supports;
pub mod users;
pub mod working_groups;
