use async_graphql::{Context, ID, Object};
use plein_app::page::PageArgs;

use super::types::{
    ReportCategoryNode, ReportRouteNode, ReportStatusValue, ResponsiblePartyNode, StreetReportNode,
};
use crate::graphql::ideas::mutation::LocationInput;
use crate::graphql::types::{Conn, connection, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct StreetReportQuery;

#[Object]
impl StreetReportQuery {
    /// A report, or `null` when there is none you may see (unconfirmed
    /// reports are for professionals and admins only).
    async fn report(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<StreetReportNode>> {
        let id = parse_id("id", &id).gql()?;
        let report = ctx.app().street_report(ctx.actor(), id).await.gql()?;
        Ok(report.map(StreetReportNode))
    }

    /// Public reports, newest first: in an area and beneath it, by status.
    async fn reports(
        &self,
        ctx: &Context<'_>,
        area: Option<ID>,
        status: Option<ReportStatusValue>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<StreetReportNode>> {
        let area = area.map(|id| parse_id("area", &id)).transpose().gql()?;
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .reports(ctx.actor(), area, status.map(Into::into), &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), StreetReportNode))
    }

    /// Open reports of a category within about 50 m of a point, nearest
    /// first: "is it one of these?" before filing a new one.
    async fn nearby_reports(
        &self,
        ctx: &Context<'_>,
        category: ID,
        point: LocationInput,
    ) -> async_graphql::Result<Vec<StreetReportNode>> {
        let category = parse_id("category", &category).gql()?;
        let found = ctx
            .app()
            .nearby_reports(category, point.into(), ctx.actor())
            .await
            .gql()?;
        Ok(found.into_iter().map(StreetReportNode).collect())
    }

    /// A party's queue, earliest deadline first; without a party the
    /// municipality's triage queue (reports handed back or never routed).
    /// Professionals and admins.
    async fn report_queue(
        &self,
        ctx: &Context<'_>,
        party: Option<ID>,
        status: Option<ReportStatusValue>,
        #[graphql(default = false)] overdue: bool,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<StreetReportNode>> {
        let party = party.map(|id| parse_id("party", &id)).transpose().gql()?;
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .report_queue(ctx.actor(), party, status.map(Into::into), overdue, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), StreetReportNode))
    }

    /// Every report category, by name (the form builds its tree from them).
    async fn report_categories(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ReportCategoryNode>> {
        let all = ctx.app().report_categories().await.gql()?;
        Ok(all.into_iter().map(ReportCategoryNode).collect())
    }

    /// Every responsible party. Professionals and admins.
    async fn responsible_parties(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ResponsiblePartyNode>> {
        let all = ctx.app().responsible_parties(ctx.actor()).await.gql()?;
        Ok(all.into_iter().map(ResponsiblePartyNode).collect())
    }

    /// The routes of a category. Professionals and admins.
    async fn report_routes(
        &self,
        ctx: &Context<'_>,
        category: ID,
    ) -> async_graphql::Result<Vec<ReportRouteNode>> {
        let category = parse_id("category", &category).gql()?;
        let all = ctx.app().report_routes(ctx.actor(), category).await.gql()?;
        Ok(all.into_iter().map(ReportRouteNode).collect())
    }
}
