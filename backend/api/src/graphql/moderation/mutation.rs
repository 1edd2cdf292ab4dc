use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use crate::graphql::accounts::mail::DonePayload;
use crate::graphql::types::{ReportKindValue, ReportNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct ModerationMutations;

/// Reports content or a person you can see to the moderators.
#[derive(InputObject)]
pub struct ReportInput {
    pub subject_kind: ReportKindValue,
    pub subject_id: ID,
    /// Plain text, 3 to 1000 characters.
    pub reason: String,
}

/// Moderators and admins hide content or show it again.
#[derive(InputObject)]
pub struct SetHiddenInput {
    /// Not `USER`: people are blocked.
    pub subject_kind: ReportKindValue,
    pub subject_id: ID,
    pub hidden: bool,
    /// Plain text, 3 to 1000 characters; kept in the audit log.
    pub reason: String,
}

#[derive(InputObject)]
pub struct DismissReportInput {
    pub report_id: ID,
    /// Plain text, 3 to 1000 characters; kept in the audit log.
    pub reason: Option<String>,
}

/// Moderators block residents and professionals; admins anyone but themselves.
#[derive(InputObject)]
pub struct SetBlockedInput {
    pub user_id: ID,
    pub blocked: bool,
    /// Plain text, 3 to 1000 characters; kept in the audit log.
    pub reason: String,
}

#[derive(SimpleObject)]
pub struct ReportPayload {
    pub report: ReportNode,
}

#[Object]
impl ModerationMutations {
    async fn report(
        &self,
        ctx: &Context<'_>,
        input: ReportInput,
    ) -> async_graphql::Result<ReportPayload> {
        let id = parse_id("subjectId", &input.subject_id).gql()?;
        let report = ctx
            .app()
            .report(ctx.actor(), input.subject_kind.into(), id, &input.reason)
            .await
            .gql()?;
        Ok(ReportPayload {
            report: ReportNode(report),
        })
    }

    async fn set_hidden(
        &self,
        ctx: &Context<'_>,
        input: SetHiddenInput,
    ) -> async_graphql::Result<DonePayload> {
        let id = parse_id("subjectId", &input.subject_id).gql()?;
        ctx.app()
            .set_hidden(
                ctx.actor(),
                input.subject_kind.into(),
                id,
                input.hidden,
                &input.reason,
            )
            .await
            .gql()?;
        Ok(DonePayload { done: true })
    }

    async fn dismiss_report(
        &self,
        ctx: &Context<'_>,
        input: DismissReportInput,
    ) -> async_graphql::Result<ReportPayload> {
        let id = parse_id("reportId", &input.report_id).gql()?;
        let report = ctx
            .app()
            .dismiss_report(ctx.actor(), id, input.reason.as_deref())
            .await
            .gql()?;
        Ok(ReportPayload {
            report: ReportNode(report),
        })
    }

    async fn set_blocked(
        &self,
        ctx: &Context<'_>,
        input: SetBlockedInput,
    ) -> async_graphql::Result<DonePayload> {
        let id = parse_id("userId", &input.user_id).gql()?;
        ctx.app()
            .set_blocked(ctx.actor(), id, input.blocked, &input.reason)
            .await
            .gql()?;
        Ok(DonePayload { done: true })
    }
}
