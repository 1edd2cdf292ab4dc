//! Signed links for reports: a party handles a report without an account, a
//! reporter without an account confirms their report, and a reporter answers
//! "is it solved?". Each link is an HMAC-SHA256 over what it allows (its
//! purpose, the report, for handling the party, and when it expires), keyed
//! with a secret every server of the installation shares.

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use crate::signed::Signer;
use crate::{AppError, AppResult};

// Separates these signatures from anything else the same secret might sign.
const CONTEXT: &[u8] = b"plein street report link v1\0";

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Confirm a report filed without an account.
    Confirm,
    /// Handle a report as the party it was routed to.
    Handle,
    /// Answer whether a resolved report is solved.
    Solved,
}

impl LinkPurpose {
    fn byte(self) -> u8 {
        match self {
            LinkPurpose::Confirm => 1,
            LinkPurpose::Handle => 2,
            LinkPurpose::Solved => 3,
        }
    }

    /// How long a link of this purpose works.
    pub fn valid_for(self) -> Duration {
        match self {
            LinkPurpose::Confirm => Duration::days(7),
            LinkPurpose::Handle => Duration::days(60),
            LinkPurpose::Solved => Duration::days(30),
        }
    }

    fn field(self) -> &'static str {
        "token"
    }
}

/// What a valid link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkClaim {
    pub report_id: Uuid,
    /// For handling links: the party the report was routed to.
    pub party_id: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
}

/// The key that signs report links. Never printed.
#[derive(Clone)]
pub struct ReportLinkKey(Signer);

impl std::fmt::Debug for ReportLinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportLinkKey(<redacted>)")
    }
}

impl ReportLinkKey {
    pub const MIN_LEN: usize = Signer::MIN_LEN;

    pub fn new(secret: &[u8]) -> AppResult<Self> {
        Signer::new(secret, CONTEXT, "report link").map(Self)
    }

    /// A URL-safe token for `purpose` on `report_id` (and `party_id` for
    /// handling) that works until `expires_at`.
    pub fn sign(
        &self,
        purpose: LinkPurpose,
        report_id: Uuid,
        party_id: Option<Uuid>,
        expires_at: DateTime<Utc>,
    ) -> String {
        let mut payload = vec![purpose.byte()];
        payload.extend_from_slice(report_id.as_bytes());
        payload.extend_from_slice(&expires_at.timestamp().to_be_bytes());
        if let Some(party) = party_id {
            payload.extend_from_slice(party.as_bytes());
        }
        self.0.sign(&payload)
    }

    /// What a token allows, if this key signed it for `purpose` and it has
    /// not expired at `now`. A forged or altered token is `BAD_USER_INPUT`
    /// ("is not a valid link"); an expired one says so.
    pub fn verify(
        &self,
        purpose: LinkPurpose,
        token: &str,
        now: DateTime<Utc>,
    ) -> AppResult<LinkClaim> {
        let invalid = || AppError::bad_input(purpose.field(), "is not a valid link");
        let payload = self.0.open(token).ok_or_else(invalid)?;
        let (head, rest) = payload.split_first().ok_or_else(invalid)?;
        if *head != purpose.byte() || (rest.len() != 24 && rest.len() != 40) {
            return Err(invalid());
        }
        let report_id = Uuid::from_slice(&rest[..16]).map_err(|_| invalid())?;
        let seconds = i64::from_be_bytes(rest[16..24].try_into().map_err(|_| invalid())?);
        let expires_at = Utc.timestamp_opt(seconds, 0).single().ok_or_else(invalid)?;
        let party_id = if rest.len() == 40 {
            Some(Uuid::from_slice(&rest[24..]).map_err(|_| invalid())?)
        } else {
            None
        };
        if expires_at <= now {
            return Err(AppError::bad_input(
                purpose.field(),
                "this link has expired",
            ));
        }
        Ok(LinkClaim {
            report_id,
            party_id,
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn key(byte: u8) -> ReportLinkKey {
        ReportLinkKey::new(&[byte; 32]).expect("long enough")
    }

    #[test]
    fn links_verify_for_their_purpose_only_and_expire() {
        let now = Utc::now();
        let report = Uuid::now_v7();
        let party = Uuid::now_v7();
        let until = now + Duration::days(1);
        let token = key(1).sign(LinkPurpose::Handle, report, Some(party), until);
        let claim = key(1)
            .verify(LinkPurpose::Handle, &token, now)
            .expect("valid");
        assert_eq!(claim.report_id, report);
        assert_eq!(claim.party_id, Some(party));
        assert!(key(1).verify(LinkPurpose::Solved, &token, now).is_err());
        assert!(key(2).verify(LinkPurpose::Handle, &token, now).is_err());
        assert!(
            key(1)
                .verify(LinkPurpose::Handle, &token, until + Duration::seconds(1))
                .is_err()
        );
        let (payload, tag) = token.split_once('.').expect("two parts");
        let mut bytes = URL_SAFE_NO_PAD.decode(payload).expect("b64");
        bytes[20] ^= 1;
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(bytes));
        assert!(key(1).verify(LinkPurpose::Handle, &forged, now).is_err());
        for junk in ["", ".", "abc", "a.b"] {
            assert!(key(1).verify(LinkPurpose::Handle, junk, now).is_err());
        }
    }
}
