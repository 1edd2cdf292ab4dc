use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use plein_app::street_reports::{Category, Party, Route, StatusChange, StreetReport};
use plein_domain::street_reports::{HandleAction, PartyKind, ReportStatus};

use crate::graphql::types::{AreaNode, mirror_enum};
use crate::graphql::{ContextExt, ResultExt};

/// Where a report stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "StreetReportStatus")]
pub enum ReportStatusValue {
    /// Filed without an account; waits for the mailed confirmation link.
    /// Never public.
    Unconfirmed,
    /// Filed and routed; nobody has looked yet.
    New,
    /// The party saw it.
    Acknowledged,
    /// The party is working on it.
    InProgress,
    /// The party says it is fixed.
    Resolved,
    /// The reporter says it is not fixed after all.
    Reopened,
    /// The party handed it back: it waits in the municipality's triage.
    NotOurs,
}

mirror_enum!(
    ReportStatusValue,
    ReportStatus,
    [
        Unconfirmed,
        New,
        Acknowledged,
        InProgress,
        Resolved,
        Reopened,
        NotOurs
    ]
);

/// Who a responsible party is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "PartyKind")]
pub enum PartyKindValue {
    /// A team of the municipality.
    Team,
    /// An outside contractor.
    Contractor,
}

mirror_enum!(PartyKindValue, PartyKind, [Team, Contractor]);

/// What a party does through its handling link.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "HandleReportAction")]
pub enum HandleActionValue {
    /// We saw it.
    Acknowledge,
    /// We are working on it.
    Start,
    /// It is fixed; needs a public message.
    Resolve,
    /// It is not ours; needs a reason. The report goes back to triage.
    NotOurs,
}

mirror_enum!(
    HandleActionValue,
    HandleAction,
    [Acknowledge, Start, Resolve, NotOurs]
);

/// A category of reports; categories form a tree.
pub struct ReportCategoryNode(pub Category);

#[Object(name = "ReportCategory")]
impl ReportCategoryNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|id| ID(id.to_string()))
    }

    /// Working days the party has to fix a report of this category.
    async fn deadline_days(&self) -> i32 {
        self.0.deadline_days
    }

    /// Who gets a report when no route matches. Professionals and admins.
    async fn default_party(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ResponsiblePartyNode>> {
        if !is_official(ctx) {
            return Ok(None);
        }
        let Some(id) = self.0.default_party_id else {
            return Ok(None);
        };
        let party = ctx.loaders().reports.parties.load_one(id).await.gql()?;
        Ok(party.map(ResponsiblePartyNode))
    }
}

fn is_official(ctx: &Context<'_>) -> bool {
    ctx.actor()
        .user
        .as_ref()
        .is_some_and(|u| u.role.is_official())
}

/// A team of the municipality or a contractor that fixes what is reported.
pub struct ResponsiblePartyNode(pub Party);

#[Object(name = "ResponsibleParty")]
impl ResponsiblePartyNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn kind(&self) -> PartyKindValue {
        self.0.kind.into()
    }

    /// Where reports are mailed. Professionals and admins only; `null` for
    /// everyone else.
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        is_official(ctx).then_some(self.0.email.as_str())
    }
}

/// Reports of a category in an area (and beneath it) go to a party.
pub struct ReportRouteNode(pub Route);

#[Object(name = "ReportRoute")]
impl ReportRouteNode {
    async fn category_id(&self) -> ID {
        ID(self.0.category_id.to_string())
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn party(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ResponsiblePartyNode>> {
        let party = ctx
            .loaders()
            .reports
            .parties
            .load_one(self.0.party_id)
            .await
            .gql()?;
        Ok(party.map(ResponsiblePartyNode))
    }
}

/// One step in a report's history.
pub struct ReportStatusChangeNode(pub StatusChange);

#[Object(name = "StreetReportStatusChange")]
impl ReportStatusChangeNode {
    async fn from_status(&self) -> Option<ReportStatusValue> {
        self.0.from_status.map(Into::into)
    }

    async fn to_status(&self) -> ReportStatusValue {
        self.0.to_status.into()
    }

    /// The party's public message or reason, or what the reporter answered.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// A problem in the street, as the public sees it. Who reported it (name,
/// account, email address) is never shown.
pub struct StreetReportNode(pub StreetReport);

#[Object(name = "StreetReport")]
impl StreetReportNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn category(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ReportCategoryNode>> {
        let category = ctx
            .loaders()
            .reports
            .categories
            .load_one(self.0.category_id)
            .await
            .gql()?;
        Ok(category.map(ReportCategoryNode))
    }

    /// The deepest area whose boundary holds the point.
    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let Some(id) = self.0.area_id else {
            return Ok(None);
        };
        let area = ctx.loaders().area(id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn latitude(&self) -> f64 {
        self.0.latitude
    }

    async fn longitude(&self) -> f64 {
        self.0.longitude
    }

    /// Where the problem is, as the reporter described the spot.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn status(&self) -> ReportStatusValue {
        self.0.status.into()
    }

    /// Who handles it now; `null` while it waits in triage.
    async fn party(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ResponsiblePartyNode>> {
        let Some(id) = self.0.party_id else {
            return Ok(None);
        };
        let party = ctx.loaders().reports.parties.load_one(id).await.gql()?;
        Ok(party.map(ResponsiblePartyNode))
    }

    /// The party's public message when it resolved the report.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }

    /// When the party should have fixed it (the category's working days).
    async fn deadline_at(&self) -> DateTime<Utc> {
        self.0.deadline_at
    }

    /// Still open past its deadline.
    async fn overdue(&self, ctx: &Context<'_>) -> bool {
        self.0.is_overdue(ctx.app().clock.now())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }

    /// How many residents joined it ("me too"), besides the reporter.
    async fn join_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let n = ctx
            .loaders()
            .reports
            .join_counts
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(n.unwrap_or(0))
    }

    /// Whether the viewer filed it.
    async fn viewer_is_reporter(&self) -> bool {
        self.0.viewer_is_reporter
    }

    /// Its statuses, oldest first, with the reasons given.
    async fn history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ReportStatusChangeNode>> {
        let changes = ctx
            .loaders()
            .reports
            .history
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(changes.into_iter().map(ReportStatusChangeNode).collect())
    }
}
