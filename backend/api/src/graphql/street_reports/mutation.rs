use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use plein_app::street_reports::{
    CategoryChange, CategoryInput, Handling, NewReportInput, PartyInput,
};

use super::types::{
    HandleActionValue, PartyKindValue, ReportCategoryNode, ReportRouteNode, ResponsiblePartyNode,
    StreetReportNode,
};
use crate::graphql::ideas::mutation::LocationInput;
use crate::graphql::types::parse_id;
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct StreetReportMutations;

/// A new category of reports. Admins only.
#[derive(InputObject)]
pub struct CreateReportCategoryInput {
    /// 1 to 100 characters.
    pub name: String,
    /// The category above it, for a tree such as Afval → Naast container.
    pub parent_id: Option<ID>,
    /// Working days the party has to fix a report: 1 to 90.
    pub deadline_days: i32,
    /// Who gets a report when no route matches its area.
    pub default_party_id: Option<ID>,
}

/// Changes a category; what is left out stays. Admins only.
#[derive(InputObject)]
pub struct UpdateReportCategoryInput {
    pub id: ID,
    pub name: Option<String>,
    pub deadline_days: Option<i32>,
    /// `null` removes the default party.
    pub default_party_id: MaybeUndefined<ID>,
}

#[derive(SimpleObject)]
pub struct ReportCategoryPayload {
    pub category: ReportCategoryNode,
}

/// A team or contractor that fixes what is reported. Admins only.
#[derive(InputObject)]
pub struct SaveResponsiblePartyInput {
    /// Left out for a new party; given to change one.
    pub id: Option<ID>,
    /// 1 to 100 characters.
    pub name: String,
    pub kind: PartyKindValue,
    /// Where reports are mailed with their handling link.
    pub email: String,
}

#[derive(SimpleObject)]
pub struct ResponsiblePartyPayload {
    pub party: ResponsiblePartyNode,
}

/// Reports of a category in an area (and beneath it, unless a deeper route
/// says otherwise) go to a party. Admins only.
#[derive(InputObject)]
pub struct SetReportRouteInput {
    pub category_id: ID,
    pub area_id: ID,
    pub party_id: ID,
}

#[derive(SimpleObject)]
pub struct ReportRoutePayload {
    pub route: ReportRouteNode,
}

#[derive(InputObject)]
pub struct RemoveReportRouteInput {
    pub category_id: ID,
    pub area_id: ID,
}

#[derive(SimpleObject)]
pub struct RemoveReportRoutePayload {
    /// Whether there was such a route.
    pub removed: bool,
}

/// A problem in the street. Signed in with a confirmed address, or with
/// `email` (the report then waits for the link mailed there).
#[derive(InputObject)]
pub struct CreateReportInput {
    pub category_id: ID,
    /// The point, with the address or a description of the spot (required).
    pub location: LocationInput,
    /// What is wrong: 10 to 2000 characters.
    pub description: String,
    /// Without an account: where to mail the confirmation link and updates.
    /// Never shown to anyone.
    pub email: Option<String>,
}

#[derive(SimpleObject)]
pub struct StreetReportPayload {
    pub report: StreetReportNode,
}

#[derive(InputObject)]
pub struct ConfirmReportInput {
    /// The token of the mailed link.
    pub token: String,
}

#[derive(InputObject)]
pub struct JoinReportInput {
    pub id: ID,
}

/// What the party does through its handling link; no account needed.
#[derive(InputObject)]
pub struct HandleReportInput {
    /// The token of the mailed handling link.
    pub token: String,
    pub action: HandleActionValue,
    /// For RESOLVE the public message, for NOT_OURS the reason (both
    /// required, 1 to 1000 characters).
    pub message: Option<String>,
}

/// The reporter's one-click answer to "is it solved?".
#[derive(InputObject)]
pub struct ConfirmReportSolvedInput {
    pub token: String,
    /// `false` reopens the report and tells the party.
    pub solved: bool,
}

#[Object]
impl StreetReportMutations {
    async fn create_report_category(
        &self,
        ctx: &Context<'_>,
        input: CreateReportCategoryInput,
    ) -> async_graphql::Result<ReportCategoryPayload> {
        let parent_id = input
            .parent_id
            .map(|id| parse_id("parentId", &id))
            .transpose()
            .gql()?;
        let default_party_id = input
            .default_party_id
            .map(|id| parse_id("defaultPartyId", &id))
            .transpose()
            .gql()?;
        let category = ctx
            .app()
            .create_report_category(
                ctx.actor(),
                CategoryInput {
                    name: input.name,
                    parent_id,
                    deadline_days: input.deadline_days,
                    default_party_id,
                },
            )
            .await
            .gql()?;
        Ok(ReportCategoryPayload {
            category: ReportCategoryNode(category),
        })
    }

    async fn update_report_category(
        &self,
        ctx: &Context<'_>,
        input: UpdateReportCategoryInput,
    ) -> async_graphql::Result<ReportCategoryPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let default_party_id = match input.default_party_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(id) => Some(Some(parse_id("defaultPartyId", &id).gql()?)),
        };
        let category = ctx
            .app()
            .update_report_category(
                ctx.actor(),
                CategoryChange {
                    id,
                    name: input.name,
                    deadline_days: input.deadline_days,
                    default_party_id,
                },
            )
            .await
            .gql()?;
        Ok(ReportCategoryPayload {
            category: ReportCategoryNode(category),
        })
    }

    /// Creates a party, or changes the one `id` names.
    async fn save_responsible_party(
        &self,
        ctx: &Context<'_>,
        input: SaveResponsiblePartyInput,
    ) -> async_graphql::Result<ResponsiblePartyPayload> {
        let fields = PartyInput {
            name: input.name,
            kind: input.kind.into(),
            email: input.email,
        };
        let app = ctx.app();
        let party = match input.id {
            Some(id) => {
                let id = parse_id("id", &id).gql()?;
                app.update_responsible_party(ctx.actor(), id, fields).await
            }
            None => app.create_responsible_party(ctx.actor(), fields).await,
        }
        .gql()?;
        Ok(ResponsiblePartyPayload {
            party: ResponsiblePartyNode(party),
        })
    }

    async fn set_report_route(
        &self,
        ctx: &Context<'_>,
        input: SetReportRouteInput,
    ) -> async_graphql::Result<ReportRoutePayload> {
        let category = parse_id("categoryId", &input.category_id).gql()?;
        let area = parse_id("areaId", &input.area_id).gql()?;
        let party = parse_id("partyId", &input.party_id).gql()?;
        let route = ctx
            .app()
            .set_report_route(ctx.actor(), category, area, party)
            .await
            .gql()?;
        Ok(ReportRoutePayload {
            route: ReportRouteNode(route),
        })
    }

    async fn remove_report_route(
        &self,
        ctx: &Context<'_>,
        input: RemoveReportRouteInput,
    ) -> async_graphql::Result<RemoveReportRoutePayload> {
        let category = parse_id("categoryId", &input.category_id).gql()?;
        let area = parse_id("areaId", &input.area_id).gql()?;
        let removed = ctx
            .app()
            .remove_report_route(ctx.actor(), category, area)
            .await
            .gql()?;
        Ok(RemoveReportRoutePayload { removed })
    }

    /// Files a report; it is routed at once.
    async fn create_report(
        &self,
        ctx: &Context<'_>,
        input: CreateReportInput,
    ) -> async_graphql::Result<StreetReportPayload> {
        let category_id = parse_id("categoryId", &input.category_id).gql()?;
        let report = ctx
            .app()
            .create_report(
                ctx.actor(),
                NewReportInput {
                    category_id,
                    location: input.location.into(),
                    description: input.description,
                    email: input.email,
                },
            )
            .await
            .gql()?;
        Ok(StreetReportPayload {
            report: StreetReportNode(report),
        })
    }

    /// Confirms a report filed without an account, from the mailed link.
    async fn confirm_report(
        &self,
        ctx: &Context<'_>,
        input: ConfirmReportInput,
    ) -> async_graphql::Result<StreetReportPayload> {
        let report = ctx.app().confirm_report(&input.token).await.gql()?;
        Ok(StreetReportPayload {
            report: StreetReportNode(report),
        })
    }

    /// "Me too": you hear of the report's status changes as its reporter does.
    async fn join_report(
        &self,
        ctx: &Context<'_>,
        input: JoinReportInput,
    ) -> async_graphql::Result<StreetReportPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let report = ctx.app().join_report(ctx.actor(), id).await.gql()?;
        Ok(StreetReportPayload {
            report: StreetReportNode(report),
        })
    }

    async fn handle_report(
        &self,
        ctx: &Context<'_>,
        input: HandleReportInput,
    ) -> async_graphql::Result<StreetReportPayload> {
        let report = ctx
            .app()
            .handle_report(
                &input.token,
                Handling {
                    action: input.action.into(),
                    message: input.message,
                },
            )
            .await
            .gql()?;
        Ok(StreetReportPayload {
            report: StreetReportNode(report),
        })
    }

    async fn confirm_report_solved(
        &self,
        ctx: &Context<'_>,
        input: ConfirmReportSolvedInput,
    ) -> async_graphql::Result<StreetReportPayload> {
        let report = ctx
            .app()
            .confirm_report_solved(&input.token, input.solved)
            .await
            .gql()?;
        Ok(StreetReportPayload {
            report: StreetReportNode(report),
        })
    }
}
