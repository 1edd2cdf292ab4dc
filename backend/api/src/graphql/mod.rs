//! The GraphQL schema: queries, mutations and the types they return, one
//! folder per feature (a feature's queries, mutations, types and loaders
//! together), with what they share beside them.

mod accounts;
mod areas;
mod batch;
mod budget;
mod comments;
mod error;
mod geocoder;
mod groups;
mod ideas;
mod limits;
mod loaders;
mod mandates;
mod moderation;
mod notifications;
mod places;
mod plans;
mod request;
mod search;
mod statements;
mod street_reports;
mod types;

use async_graphql::{Context, MergedObject, Schema};
use plein_app::{Actor, App};

pub use error::{ResultExt, codes};
pub use limits::{
    GetRequest, MAX_ALIASES, MAX_BATCH, MAX_COMPLEXITY, MAX_DEPTH, MAX_INTROSPECTION_DEPTH,
    QueryLimits,
};
pub use loaders::Loaders;
pub use request::RequestData;

/// The loaders of one HTTP request, shared by the operations of a batch.
#[derive(Clone)]
pub struct LoadersRef(pub std::sync::Arc<Loaders>);

/// Every query field: accounts and areas, then ideas, plans and comments.
#[derive(MergedObject)]
#[graphql(name = "Query")]
pub struct RootQuery(
    accounts::query::AccountQuery,
    areas::query::AreaQuery,
    ideas::query::IdeaQuery,
    plans::query::PlanQuery,
    comments::query::CommentQuery,
    search::SearchQuery,
    notifications::query::NotificationQuery,
    groups::query::GroupQuery,
    moderation::query::ModerationQuery,
    budget::query::BudgetQuery,
    places::query::PlaceQuery,
    street_reports::query::StreetReportQuery,
    statements::StatementQuery,
    geocoder::GeocoderQuery,
);

// Every mutation field, feature by feature.
#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::mutation::AccountMutations,
    accounts::mail::AccountMailMutations,
    areas::mutation::AreaMutations,
    ideas::mutation::IdeaMutations,
    plans::mutation::PlanMutations,
    comments::mutation::CommentMutations,
    notifications::mutation::NotificationMutations,
    groups::mutation::GroupMutations,
    moderation::mutation::ModerationMutations,
    accounts::my_data::MyDataMutations,
    mandates::mutation::MandateMutations,
    budget::mutation::BudgetMutations,
    places::mutation::PlaceMutations,
    street_reports::mutation::StreetReportMutations,
);

pub type PleinSchema = Schema<RootQuery, Mutation, comments::subscription::Subscription>;

/// Builds the schema. `introspection: false` turns off introspection and the
/// field-name suggestions in error messages, for production.
pub fn build_schema(app: Option<App>, introspection: bool) -> PleinSchema {
    let mut builder = Schema::build(
        RootQuery(
            accounts::query::AccountQuery,
            areas::query::AreaQuery,
            ideas::query::IdeaQuery,
            plans::query::PlanQuery,
            comments::query::CommentQuery,
            search::SearchQuery,
            notifications::query::NotificationQuery,
            groups::query::GroupQuery,
            moderation::query::ModerationQuery,
            budget::query::BudgetQuery,
            places::query::PlaceQuery,
            street_reports::query::StreetReportQuery,
            statements::StatementQuery,
            geocoder::GeocoderQuery,
        ),
        Mutation::default(),
        comments::subscription::Subscription,
    )
    .limit_recursive_depth(32)
    .limit_directives(10)
    .extension(QueryLimits);
    if !introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    if let Some(app) = app {
        builder = builder.data(app);
    }
    builder.finish()
}

/// The schema in SDL, as `plein export-schema` writes it to `schema.graphql`.
pub fn schema_sdl() -> String {
    build_schema(None, true).sdl()
}

/// What every resolver reaches for.
pub(crate) trait ContextExt {
    fn app(&self) -> &App;
    fn actor(&self) -> &Actor;
    fn loaders(&self) -> &Loaders;
}

impl ContextExt for Context<'_> {
    fn app(&self) -> &App {
        self.data_unchecked::<App>()
    }

    fn actor(&self) -> &Actor {
        self.data_unchecked::<Actor>()
    }

    fn loaders(&self) -> &Loaders {
        &self.data_unchecked::<LoadersRef>().0
    }
}
