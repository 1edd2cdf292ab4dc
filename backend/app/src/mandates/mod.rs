//! Mandates ("machtigingen"): a resident lets another user act for them, for
//! some actions and until a date. Every write under a mandate checks it in
//! its own transaction, so a revoked or expired mandate stops working at once,
//! and the record keeps both people: it belongs to the grantor, and
//! `acted_by` names the delegate.

mod records;

use chrono::{DateTime, Utc};
use plein_domain::mandates::parse_valid_until;
use plein_domain::{Email, Locale, MandateAction, MandateActions, Role};
use plein_storage::entities::mandates as rows;
use plein_storage::{ConnectionTrait, mandates, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use plein_storage::mandates::{Acting, Intake};
pub use records::{MandateRecord, RecordKind};

use crate::jobs::BackgroundJob;
use crate::{Actor, App, AppError, AppResult, CurrentUser};

/// The most mandates a list shows; nobody needs more at once.
pub const MAX_LISTED: u64 = 200;

/// The outbox job that tells a delegate they were given a mandate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MandateMailJob {
    pub mandate_id: Uuid,
}

impl BackgroundJob for MandateMailJob {
    const KIND: &'static str = "mail.mandate_granted";
}

/// The mail to a new delegate: who gave them a mandate, for what, until when.
#[derive(Debug, Clone)]
pub struct MandateMail {
    pub to_address: String,
    pub to_name: String,
    pub locale: Locale,
    pub grantor_name: String,
    pub actions: MandateActions,
    pub valid_until: DateTime<Utc>,
}

/// A mandate as its grantor or delegate sees it.
#[derive(Debug, Clone)]
pub struct Mandate {
    pub id: Uuid,
    pub grantor_id: Uuid,
    pub delegate_id: Uuid,
    pub actions: MandateActions,
    pub valid_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<rows::Model> for Mandate {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            grantor_id: row.grantor_id,
            delegate_id: row.delegate_id,
            actions: MandateActions::from_stored(&row.actions.0),
            valid_until: row.valid_until,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

impl Mandate {
    /// Neither revoked nor expired at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.valid_until > now
    }
}

/// Who the delegate is: by id, or by the email address the grantor knows.
pub enum DelegateRef {
    Id(Uuid),
    Email(String),
}

pub struct GrantInput {
    pub delegate: DelegateRef,
    pub actions: Vec<MandateAction>,
    pub valid_until: DateTime<Utc>,
}

/// Whom a write is made for: the signed-in person, or the grantor of a
/// mandate they hold.
pub(crate) struct ActingAs {
    /// The actor the use case decides with: the grantor, with a resident's
    /// rights, when acting under a mandate. The record belongs to its user.
    pub actor: Actor,
    user: CurrentUser,
    pub acting: Acting,
}

impl ActingAs {
    /// The signed-in actor, acting for themself.
    pub fn itself(actor: &Actor) -> AppResult<Self> {
        let user = actor.require_user()?.clone();
        Ok(Self {
            actor: actor.clone(),
            user,
            acting: Acting::default(),
        })
    }

    /// Whom the record belongs to.
    pub fn current(&self) -> &CurrentUser {
        &self.user
    }
}

/// The stored provenance of assisted intake, when both parts are there.
pub(crate) fn intake_of(
    resident: Option<String>,
    place: Option<String>,
) -> Option<plein_domain::IntakeProvenance> {
    Some(plein_domain::IntakeProvenance {
        resident_name: resident?,
        place: place?,
    })
}

/// Checks assisted-intake input: professionals and admins only.
pub(crate) fn parse_intake(
    actor: &Actor,
    raw: Option<(String, String)>,
) -> AppResult<Option<Intake>> {
    let Some((name, place)) = raw else {
        return Ok(None);
    };
    crate::listing::require_official(actor).map_err(|_| {
        AppError::Forbidden("only professionals and admins take down ideas and comments for others")
    })?;
    let parsed = plein_domain::IntakeProvenance::parse(&name, &place)?;
    Ok(Some(Intake {
        resident: parsed.resident_name,
        place: parsed.place,
    }))
}

impl App {
    /// Resolves `on_behalf_of` inside the write's transaction: without it the
    /// actor acts for themself; with it, an active mandate from that person
    /// to the actor must cover `action`, or the answer is `FORBIDDEN` on the
    /// field `onBehalfOf`. The delegate then acts with a resident's rights,
    /// whatever the grantor's role.
    pub(crate) async fn act_as(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        on_behalf_of: Option<Uuid>,
        action: MandateAction,
        now: DateTime<Utc>,
    ) -> AppResult<ActingAs> {
        let user = actor.require_verified()?;
        let Some(grantor_id) = on_behalf_of else {
            return ActingAs::itself(actor);
        };
        if grantor_id == user.id {
            return Err(AppError::bad_input(
                "onBehalfOf",
                "leave it out to act for yourself",
            ));
        }
        let mandate = mandates::active_between_for_update(db, grantor_id, user.id, now)
            .await?
            .into_iter()
            .map(Mandate::from)
            .find(|m| m.actions.contains(action))
            .ok_or(AppError::NoMandate)?;
        // A blocked grantor's mandates stop working with their account.
        users::find(db, grantor_id)
            .await?
            .filter(|u| u.blocked_at.is_none())
            .ok_or(AppError::NoMandate)?;
        let grantor = CurrentUser {
            id: grantor_id,
            role: Role::Resident,
            session_id: user.session_id,
            email_verified: true,
        };
        Ok(ActingAs {
            actor: Actor {
                user: Some(grantor.clone()),
                client: actor.client.clone(),
            },
            user: grantor,
            acting: Acting {
                acted_by: Some(user.id),
                mandate_id: Some(mandate.id),
            },
        })
    }

    /// Gives someone a mandate to act for you. Only ever for yourself: there
    /// is no way to grant for someone else, so a mandate cannot be passed on.
    pub async fn grant_mandate(&self, actor: &Actor, input: GrantInput) -> AppResult<Mandate> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let actions = MandateActions::parse(&input.actions)?;
        let valid_until = parse_valid_until(input.valid_until, now)?;
        enum Lookup {
            Id(Uuid),
            Email(Email),
        }
        let (field, lookup) = match input.delegate {
            DelegateRef::Id(id) => ("delegateId", Lookup::Id(id)),
            DelegateRef::Email(raw) => (
                "delegateEmail",
                Lookup::Email(Email::parse_field("delegateEmail", &raw)?),
            ),
        };
        let txn = self.db.begin_write().await?;
        let delegate = match lookup {
            Lookup::Id(id) => users::find(&txn, id).await?,
            Lookup::Email(email) => users::find_by_email(&txn, email.as_str()).await?,
        };
        let delegate = delegate
            .ok_or_else(|| AppError::bad_input(field, "no account has this address or id"))?;
        if delegate.id == user.id {
            return Err(AppError::bad_input(
                field,
                "you cannot give yourself a mandate",
            ));
        }
        if delegate.blocked_at.is_some() {
            return Err(AppError::bad_input(field, "this account is blocked"));
        }
        let row = mandates::insert(
            &txn,
            mandates::NewMandate {
                id: Uuid::now_v7(),
                grantor_id: user.id,
                delegate_id: delegate.id,
                actions: actions.names(),
                valid_until,
                now,
            },
        )
        .await?;
        MandateMailJob { mandate_id: row.id }
            .enqueue(&txn, now)
            .await?;
        txn.commit().await?;
        tracing::info!(mandate_id = %row.id, "mandate granted");
        Ok(row.into())
    }

    /// Ends a mandate at once. The grantor may, and so may the delegate (who
    /// gives it back); revoking twice is the same as once.
    pub async fn revoke_mandate(&self, actor: &Actor, id: Uuid) -> AppResult<Mandate> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = mandates::find_for_update(&txn, id)
            .await?
            .filter(|m| m.grantor_id == user.id || m.delegate_id == user.id)
            .ok_or(AppError::NotFound("mandate"))?;
        let row = if row.revoked_at.is_none() {
            mandates::revoke(&txn, id, now).await?
        } else {
            row
        };
        txn.commit().await?;
        tracing::info!(mandate_id = %id, "mandate revoked");
        Ok(row.into())
    }

    /// The members of a group who gave `actor` an active mandate covering
    /// `action` (`Rsvp` or `Vote`): whom the actor may answer the group's
    /// meetings or proposals for. Newest mandate first, each person once;
    /// blocked and deleted grantors are left out, as `act_as` refuses them.
    /// Empty when signed out or unconfirmed.
    pub async fn group_grantors(
        &self,
        actor: &Actor,
        group_id: Uuid,
        action: MandateAction,
    ) -> AppResult<Vec<Uuid>> {
        let Some(user) = actor.user.as_ref().filter(|u| u.email_verified) else {
            return Ok(Vec::new());
        };
        let conn = &self.db.conn;
        let mut grantors: Vec<Uuid> = Vec::new();
        for mandate in mandates::active_held(conn, user.id, self.now()).await? {
            let mandate = Mandate::from(mandate);
            if mandate.actions.contains(action) && !grantors.contains(&mandate.grantor_id) {
                grantors.push(mandate.grantor_id);
            }
        }
        let members = plein_storage::groups::members_among(conn, group_id, &grantors).await?;
        grantors.retain(|id| members.contains(id));
        let usable: Vec<Uuid> = users::find_many(conn, &grantors)
            .await?
            .into_iter()
            .filter(|u| u.blocked_at.is_none() && u.deleted_at.is_none())
            .map(|u| u.id)
            .collect();
        grantors.retain(|id| usable.contains(id));
        Ok(grantors)
    }

    /// The mandates the signed-in person gave (`given`) or holds, newest first.
    pub async fn my_mandates(&self, actor: &Actor, given: bool) -> AppResult<Vec<Mandate>> {
        let user = actor.require_user()?;
        let rows = mandates::of_user(&self.db.conn, user.id, given, MAX_LISTED).await?;
        Ok(rows.into_iter().map(Mandate::from).collect())
    }

    /// What to mail the delegate of a new mandate; `None` when there is
    /// nothing to say any more (the mandate was revoked or ran out before the
    /// mail went) or nobody to say it to (the delegate's account is blocked,
    /// deleted or has no confirmed address).
    pub async fn mandate_mail(&self, mandate_id: Uuid) -> AppResult<Option<MandateMail>> {
        let conn = &self.db.conn;
        let Some(mandate) = mandates::find(conn, mandate_id).await?.map(Mandate::from) else {
            return Ok(None);
        };
        if !mandate.is_active(self.now()) {
            return Ok(None);
        }
        let Some(delegate) = users::find(conn, mandate.delegate_id).await?.filter(|u| {
            u.blocked_at.is_none() && u.deleted_at.is_none() && u.email_verified_at.is_some()
        }) else {
            return Ok(None);
        };
        let Some(grantor) = users::find(conn, mandate.grantor_id).await? else {
            return Ok(None);
        };
        Ok(Some(MandateMail {
            to_address: delegate.email,
            to_name: delegate.display_name,
            locale: delegate.locale,
            grantor_name: grantor.display_name,
            actions: mandate.actions,
            valid_until: mandate.valid_until,
        }))
    }

    /// One mandate, for its grantor or delegate.
    pub async fn mandate(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Mandate>> {
        let Some(user) = actor.user_id() else {
            return Ok(None);
        };
        Ok(mandates::find(&self.db.conn, id)
            .await?
            .filter(|m| m.grantor_id == user || m.delegate_id == user)
            .map(Mandate::from))
    }
}
