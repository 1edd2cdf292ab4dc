//! What comment threads hang on, and how deep they nest.

use std::fmt;
use std::str::FromStr;

/// The kind of thing a thread belongs to. Threads are keyed by (kind, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Idea,
    Plan,
    /// A working group's own discussion.
    Group,
    /// A project in a budget round.
    BudgetProject,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Idea => "idea",
            SubjectKind::Plan => "plan",
            SubjectKind::Group => "group",
            SubjectKind::BudgetProject => "budget_project",
        }
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubjectKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "idea" => Ok(SubjectKind::Idea),
            "plan" => Ok(SubjectKind::Plan),
            "group" => Ok(SubjectKind::Group),
            "budget_project" => Ok(SubjectKind::BudgetProject),
            _ => Err(format!("unknown subject kind {s:?}")),
        }
    }
}

/// Replies nest this deep at most (a top-level comment has depth 0); a reply
/// to a comment at this depth becomes its sibling.
pub const MAX_COMMENT_DEPTH: i32 = 4;

/// The longest comment, in characters.
pub const MAX_COMMENT_LEN: usize = 5_000;
