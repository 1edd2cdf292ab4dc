//! The outbox handlers that send mail: each reads what its job names, renders
//! the mail in the recipient's language and hands it to the mailer.

use std::sync::Arc;

use uuid::Uuid;

use crate::Templates;
use plein_app::App;
use plein_app::accounts::{AccountMailJob, TokenPurpose};
use plein_app::groups::InvitationMailJob;
use plein_app::jobs::{Claimed, Handler, JobError};
use plein_app::mail::{MailError, Mailer};
use plein_app::mandates::MandateMailJob;
use plein_app::notifications::NotificationMailJob;
use plein_app::street_reports::ReportMailJob;

pub struct AccountMailHandler {
    pub app: App,
    pub mailer: Arc<dyn Mailer>,
    pub templates: Templates,
}

impl AccountMailHandler {
    async fn send(&self, key: Uuid, payload: &AccountMailJob) -> Result<(), JobError> {
        let Some(mail) = self
            .app
            .issue_account_mail(payload)
            .await
            .map_err(|e| JobError::transient(format!("issuing the token failed: {e:?}")))?
        else {
            return Ok(());
        };
        let token = &mail.token;
        let rendered = match mail.purpose {
            TokenPurpose::VerifyEmail => self
                .templates
                .verify_email(mail.locale, &format!("/verify-email?token={token}")),
            TokenPurpose::SignIn => self.templates.sign_in_link(
                mail.locale,
                &format!("/sign-in-link?token={token}"),
                mail.valid_minutes,
            ),
            TokenPurpose::PasswordReset => self
                .templates
                .password_reset(mail.locale, &format!("/reset-password?token={token}")),
            TokenPurpose::ChangeEmail => self
                .templates
                .email_change_confirm(mail.locale, &format!("/confirm-email?token={token}")),
            TokenPurpose::DataExport => self
                .templates
                .data_export(mail.locale, &format!("/my-data?token={token}")),
        }
        .map_err(mail_error)?;
        let outgoing = rendered.to(mail.to_address, Some(&mail.to_name));
        self.mailer
            .send(&outgoing.keyed(key))
            .await
            .map_err(mail_error)
    }
}

fn mail_error(err: MailError) -> JobError {
    if err.is_transient() {
        JobError::transient(err.to_string())
    } else {
        JobError::permanent(err.to_string())
    }
}

#[async_trait::async_trait]
impl Handler for AccountMailHandler {
    type Job = AccountMailJob;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<AccountMailJob>) -> Result<(), JobError> {
        self.send(job.id, &job.job).await
    }
}

/// The outbox handler that sends notification mail, one at once or a digest.
pub struct NotificationMailHandler {
    pub app: App,
    pub mailer: Arc<dyn Mailer>,
    pub templates: Templates,
}

impl NotificationMailHandler {
    async fn send(&self, key: Uuid, payload: &NotificationMailJob) -> Result<(), JobError> {
        let Some(mail) =
            self.app.notification_mail(payload).await.map_err(|e| {
                JobError::transient(format!("loading the notifications failed: {e:?}"))
            })?
        else {
            return Ok(());
        };
        let rendered = self
            .templates
            .notification_mail(&mail)
            .map_err(mail_error)?;
        let outgoing = rendered.to(mail.to_address, Some(&mail.to_name));
        self.mailer
            .send(&outgoing.keyed(key))
            .await
            .map_err(mail_error)
    }
}

#[async_trait::async_trait]
impl Handler for NotificationMailHandler {
    type Job = NotificationMailJob;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<NotificationMailJob>) -> Result<(), JobError> {
        self.send(job.id, &job.job).await
    }
}

/// The outbox handler that mails invitations to working groups: it issues
/// the invitation's token and sends the link to the invited address.
pub struct GroupInvitationMailHandler {
    pub app: App,
    pub mailer: Arc<dyn Mailer>,
    pub templates: Templates,
}

impl GroupInvitationMailHandler {
    async fn send(&self, key: Uuid, payload: &InvitationMailJob) -> Result<(), JobError> {
        let Some(mail) = self
            .app
            .issue_invitation_mail(payload.invitation_id)
            .await
            .map_err(|e| JobError::transient(format!("issuing the token failed: {e:?}")))?
        else {
            return Ok(());
        };
        let link = format!("{}?token={}", crate::templates::INVITATION_PATH, mail.token);
        let rendered = self
            .templates
            .group_invitation(mail.locale, &mail.group_name, &link, mail.expires_at)
            .map_err(mail_error)?;
        let outgoing = rendered.to(mail.to_address, None);
        self.mailer
            .send(&outgoing.keyed(key))
            .await
            .map_err(mail_error)
    }
}

#[async_trait::async_trait]
impl Handler for GroupInvitationMailHandler {
    type Job = InvitationMailJob;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<InvitationMailJob>) -> Result<(), JobError> {
        self.send(job.id, &job.job).await
    }
}

/// The outbox handler that tells a delegate they were given a mandate.
pub struct MandateMailHandler {
    pub app: App,
    pub mailer: Arc<dyn Mailer>,
    pub templates: Templates,
}

impl MandateMailHandler {
    async fn send(&self, key: Uuid, payload: &MandateMailJob) -> Result<(), JobError> {
        let Some(mail) = self
            .app
            .mandate_mail(payload.mandate_id)
            .await
            .map_err(|e| JobError::transient(format!("loading the mandate failed: {e:?}")))?
        else {
            return Ok(());
        };
        let rendered = self.templates.mandate_granted(&mail).map_err(mail_error)?;
        let outgoing = rendered.to(mail.to_address, Some(&mail.to_name));
        self.mailer
            .send(&outgoing.keyed(key))
            .await
            .map_err(mail_error)
    }
}

#[async_trait::async_trait]
impl Handler for MandateMailHandler {
    type Job = MandateMailJob;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<MandateMailJob>) -> Result<(), JobError> {
        self.send(job.id, &job.job).await
    }
}

/// The outbox handler that sends the mails about street reports: to the
/// party, to the reporter and to those who joined.
pub struct StreetReportMailHandler {
    pub app: App,
    pub mailer: Arc<dyn Mailer>,
    pub templates: Templates,
}

impl StreetReportMailHandler {
    async fn send(&self, key: Uuid, payload: &ReportMailJob) -> Result<(), JobError> {
        let Some(mail) = self
            .app
            .report_mail(payload)
            .await
            .map_err(|e| JobError::transient(format!("loading the report failed: {e:?}")))?
        else {
            return Ok(());
        };
        let rendered = self
            .templates
            .street_report_mail(&mail)
            .map_err(mail_error)?;
        let outgoing = rendered.to(mail.to_address, mail.to_name.as_deref());
        self.mailer
            .send(&outgoing.keyed(key))
            .await
            .map_err(mail_error)
    }
}

#[async_trait::async_trait]
impl Handler for StreetReportMailHandler {
    type Job = ReportMailJob;

    fn batch_size(&self) -> u64 {
        10
    }

    async fn run(&self, job: Claimed<ReportMailJob>) -> Result<(), JobError> {
        self.send(job.id, &job.job).await
    }
}
