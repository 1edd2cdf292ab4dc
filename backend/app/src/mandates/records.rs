//! What was done under mandates: the grantor (and the delegate) see every
//! record made under one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use plein_storage::mandates;
use uuid::Uuid;

use crate::{Actor, App, AppResult};

/// The kind of record made under a mandate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Idea,
    Comment,
    Support,
    Rsvp,
    Vote,
}

/// One thing done under a mandate.
#[derive(Debug, Clone)]
pub struct MandateRecord {
    pub mandate_id: Uuid,
    pub kind: RecordKind,
    pub at: DateTime<Utc>,
    /// The idea (for ideas and supports), comment, meeting or decision.
    pub subject_id: Uuid,
    /// The idea a comment or support belongs to, when it is one.
    pub idea_id: Option<Uuid>,
    /// The idea's, meeting's or decision's title, or the comment's text;
    /// empty when the viewer may no longer see it.
    pub label: String,
    /// The answer given, for RSVPs and votes.
    pub answer: Option<String>,
}

/// The first characters of a comment, for a list.
fn excerpt(body: &str) -> String {
    const MAX: usize = 120;
    let mut text: String = body.chars().take(MAX).collect();
    if body.chars().count() > MAX {
        text.push('…');
    }
    text
}

impl App {
    /// The records made under the mandates among `mandate_ids` that the
    /// viewer gave or holds, oldest first per mandate (for DataLoaders).
    pub async fn mandate_records(
        &self,
        actor: &Actor,
        mandate_ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Vec<MandateRecord>>> {
        let Some(viewer) = actor.user_id() else {
            return Ok(HashMap::new());
        };
        let db = &self.db.conn;
        let own = mandates::ids_involving(db, mandate_ids, viewer).await?;
        let found = mandates::records(db, &own).await?;
        let see_idea = |row: &plein_storage::entities::ideas::Model| {
            plein_storage::visibility::idea_row(&actor.viewer(), row)
        };
        let mut out: Vec<MandateRecord> = Vec::new();
        for row in found.ideas {
            out.push(MandateRecord {
                mandate_id: row.mandate_id.unwrap_or_default(),
                kind: RecordKind::Idea,
                at: row.created_at,
                subject_id: row.id,
                idea_id: Some(row.id),
                label: if see_idea(&row) {
                    row.title.clone()
                } else {
                    String::new()
                },
                answer: None,
            });
        }
        for row in found.comments {
            let gone = !plein_domain::visibility::comment_text_shown(
                row.deleted_at.is_some(),
                row.hidden_at.is_some(),
            );
            out.push(MandateRecord {
                mandate_id: row.mandate_id.unwrap_or_default(),
                kind: RecordKind::Comment,
                at: row.created_at,
                subject_id: row.id,
                idea_id: (row.subject_kind == plein_domain::SubjectKind::Idea)
                    .then_some(row.subject_id),
                label: if gone {
                    String::new()
                } else {
                    excerpt(&row.body)
                },
                answer: None,
            });
        }
        let ideas: HashMap<Uuid, _> = found.supported.into_iter().map(|i| (i.id, i)).collect();
        for row in found.supports {
            out.push(MandateRecord {
                mandate_id: row.mandate_id.unwrap_or_default(),
                kind: RecordKind::Support,
                at: row.created_at,
                subject_id: row.idea_id,
                idea_id: Some(row.idea_id),
                label: ideas
                    .get(&row.idea_id)
                    .filter(|i| see_idea(i))
                    .map(|i| i.title.clone())
                    .unwrap_or_default(),
                answer: None,
            });
        }
        // A meeting's title only for a viewer who sees its group, a
        // decision's only for one who reads the group's decisions: the
        // other person of a mandate need not be a member.
        let group_ids: Vec<Uuid> = found.meetings.iter().map(|m| m.group_id).collect();
        let visible: HashSet<Uuid> = crate::groups::visible_groups(db, actor, &group_ids)
            .await?
            .into_iter()
            .map(|(group, _)| group.id)
            .collect();
        let meetings: HashMap<Uuid, String> = found
            .meetings
            .into_iter()
            .filter(|m| visible.contains(&m.group_id))
            .map(|m| (m.id, m.title))
            .collect();
        let mut readers = HashSet::new();
        let decision_groups: HashSet<Uuid> = found.decisions.iter().map(|d| d.group_id).collect();
        for group_id in decision_groups {
            match self.require_decision_reader(actor, group_id).await {
                Ok(true) => {
                    readers.insert(group_id);
                }
                Ok(false) | Err(crate::AppError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        for row in found.rsvps {
            out.push(MandateRecord {
                mandate_id: row.mandate_id.unwrap_or_default(),
                kind: RecordKind::Rsvp,
                at: row.updated_at,
                subject_id: row.meeting_id,
                idea_id: None,
                label: meetings.get(&row.meeting_id).cloned().unwrap_or_default(),
                answer: Some(row.answer.as_str().to_owned()),
            });
        }
        let decisions: HashMap<Uuid, String> = found
            .decisions
            .into_iter()
            .filter(|d| readers.contains(&d.group_id))
            .map(|d| (d.id, d.title))
            .collect();
        for row in found.votes {
            out.push(MandateRecord {
                mandate_id: row.mandate_id.unwrap_or_default(),
                kind: RecordKind::Vote,
                at: row.updated_at,
                subject_id: row.decision_id,
                idea_id: None,
                label: decisions.get(&row.decision_id).cloned().unwrap_or_default(),
                answer: Some(row.answer.as_str().to_owned()),
            });
        }
        out.sort_by_key(|r| r.at);
        let mut grouped: HashMap<Uuid, Vec<MandateRecord>> =
            mandate_ids.iter().map(|id| (*id, Vec::new())).collect();
        for record in out {
            grouped.entry(record.mandate_id).or_default().push(record);
        }
        Ok(grouped)
    }
}
