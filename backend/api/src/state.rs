//! What every handler of the router shares: the app, the GraphQL schema and
//! the HTTP configuration.

use std::sync::Arc;

use plein_app::App;

use crate::ApiConfig;
use crate::graphql::PleinSchema;

#[derive(Clone)]
pub(crate) struct ApiState {
    pub(crate) app: App,
    pub(crate) schema: PleinSchema,
    pub(crate) config: Arc<ApiConfig>,
}
