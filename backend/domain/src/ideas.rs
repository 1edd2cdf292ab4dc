//! An idea's lifecycle: who may move it from one status to the next.

use std::fmt;
use std::str::FromStr;

/// Where an idea stands. Drafts and withdrawn ideas are seen only by their
/// authors (and admins); every other status is public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdeaStatus {
    Draft,
    Published,
    UnderReview,
    Accepted,
    InProgress,
    Realised,
    Declined,
    Withdrawn,
}

/// Who may make a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// The idea's author.
    Author,
    /// A professional or an admin.
    Official,
}

impl IdeaStatus {
    pub const ALL: [IdeaStatus; 8] = [
        IdeaStatus::Draft,
        IdeaStatus::Published,
        IdeaStatus::UnderReview,
        IdeaStatus::Accepted,
        IdeaStatus::InProgress,
        IdeaStatus::Realised,
        IdeaStatus::Declined,
        IdeaStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaStatus::Draft => "draft",
            IdeaStatus::Published => "published",
            IdeaStatus::UnderReview => "under_review",
            IdeaStatus::Accepted => "accepted",
            IdeaStatus::InProgress => "in_progress",
            IdeaStatus::Realised => "realised",
            IdeaStatus::Declined => "declined",
            IdeaStatus::Withdrawn => "withdrawn",
        }
    }

    /// Seen by everyone, not only by the author.
    pub fn is_public(self) -> bool {
        !matches!(self, IdeaStatus::Draft | IdeaStatus::Withdrawn)
    }

    /// People can back it.
    pub fn accepts_support(self) -> bool {
        matches!(
            self,
            IdeaStatus::Published
                | IdeaStatus::UnderReview
                | IdeaStatus::Accepted
                | IdeaStatus::InProgress
        )
    }

    /// The author may still change the text.
    pub fn editable(self) -> bool {
        matches!(
            self,
            IdeaStatus::Draft | IdeaStatus::Published | IdeaStatus::UnderReview
        )
    }

    /// Who may move an idea from `self` to `to`; `None` when no one may.
    pub fn mover_to(self, to: IdeaStatus) -> Option<Mover> {
        use IdeaStatus::*;
        match (self, to) {
            (Draft, Published) => Some(Mover::Author),
            (Draft | Published | UnderReview, Withdrawn) => Some(Mover::Author),
            (Published, UnderReview)
            | (Published | UnderReview, Accepted)
            | (Accepted, InProgress)
            | (InProgress, Realised)
            | (Published | UnderReview | Accepted | InProgress, Declined) => Some(Mover::Official),
            _ => None,
        }
    }

    /// Moving here needs a reason.
    pub fn needs_reason(self) -> bool {
        self == IdeaStatus::Declined
    }
}

impl fmt::Display for IdeaStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IdeaStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdeaStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown idea status {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::IdeaStatus::*;
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in IdeaStatus::ALL {
            assert_eq!(status.as_str().parse::<IdeaStatus>(), Ok(status));
        }
    }

    #[test]
    fn only_officials_move_past_published() {
        assert_eq!(Draft.mover_to(Published), Some(Mover::Author));
        assert_eq!(Published.mover_to(UnderReview), Some(Mover::Official));
        assert_eq!(UnderReview.mover_to(Accepted), Some(Mover::Official));
        assert_eq!(Accepted.mover_to(Withdrawn), None);
        assert_eq!(Draft.mover_to(Accepted), None);
        assert_eq!(Realised.mover_to(Declined), None);
        assert_eq!(Withdrawn.mover_to(Published), None);
    }
}
