//! The GraphQL schema: queries, mutations and the types they return.

mod batch;
mod content_query;
mod error;
mod group_batch;
mod group_query;
mod limits;
mod loaders;
mod moderation_query;
mod mutation;
mod notify_query;
mod query;
mod search_query;
mod subscription;
mod types;

use async_graphql::{Context, MergedObject, Schema};
use plein_app::{Actor, App};

pub use error::{ResultExt, codes};
pub use limits::{
    GetRequest, MAX_ALIASES, MAX_BATCH, MAX_COMPLEXITY, MAX_DEPTH, MAX_INTROSPECTION_DEPTH,
    QueryLimits,
};
pub use loaders::Loaders;

/// The loaders of one HTTP request, shared by the operations of a batch.
#[derive(Clone)]
pub struct LoadersRef(pub std::sync::Arc<Loaders>);

/// Every query field: accounts and areas, then ideas, plans and comments.
#[derive(MergedObject)]
#[graphql(name = "Query")]
pub struct RootQuery(
    query::Query,
    content_query::ContentQuery,
    search_query::SearchQuery,
    notify_query::NotificationQuery,
    group_query::GroupQuery,
    moderation_query::ModerationQuery,
);

pub type PleinSchema = Schema<RootQuery, mutation::Mutation, subscription::Subscription>;

/// Builds the schema. `introspection: false` turns off introspection and the
/// field-name suggestions in error messages, for production.
pub fn build_schema(app: Option<App>, introspection: bool) -> PleinSchema {
    let mut builder = Schema::build(
        RootQuery(
            query::Query,
            content_query::ContentQuery,
            search_query::SearchQuery,
            notify_query::NotificationQuery,
            group_query::GroupQuery,
            moderation_query::ModerationQuery,
        ),
        mutation::Mutation::default(),
        subscription::Subscription,
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
