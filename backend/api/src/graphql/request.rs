//! The data each GraphQL operation runs with, built in one place for
//! requests over POST and GET and for WebSocket connections alike.

use std::sync::Arc;

use async_graphql::Data;
use plein_app::{Actor, App};

use super::{Loaders, LoadersRef};
use crate::ApiConfig;

/// Who asks, the loaders their operations share (all operations of a batch,
/// or of one WebSocket connection), and the HTTP configuration.
pub struct RequestData {
    actor: Actor,
    loaders: LoadersRef,
    config: ApiConfig,
}

impl RequestData {
    pub fn new(app: &App, config: &ApiConfig, actor: Actor) -> Self {
        let loaders = LoadersRef(Arc::new(Loaders::new(app, &actor)));
        Self {
            actor,
            loaders,
            config: config.clone(),
        }
    }

    /// Adds it to one operation's data (or a connection's).
    pub fn add_to(&self, data: &mut Data) {
        data.insert(self.actor.clone());
        data.insert(self.loaders.clone());
        data.insert(self.config.clone());
    }
}
