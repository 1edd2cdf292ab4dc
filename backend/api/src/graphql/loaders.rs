//! Batch loaders: a page of any list loads its relations in a fixed number of
//! queries. They are built per request, because what a user may see of
//! another depends on who is asking.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use plein_app::accounts::User;
use plein_app::areas::Area;
use plein_app::{Actor, App, AppError};
use uuid::Uuid;

pub struct Loaders {
    pub areas: DataLoader<AreaLoader>,
    pub children: DataLoader<ChildrenLoader>,
    pub users: DataLoader<UserLoader>,
    /// Ideas, plans, comments and what hangs on them.
    pub content: super::batch::ContentLoaders,
    /// Working groups and what hangs on them.
    pub groups: super::group_batch::GroupLoaders,
}

impl Loaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            areas: DataLoader::new(AreaLoader(app.clone()), tokio::spawn),
            children: DataLoader::new(ChildrenLoader(app.clone()), tokio::spawn),
            users: DataLoader::new(
                UserLoader {
                    app: app.clone(),
                    actor: actor.clone(),
                },
                tokio::spawn,
            ),
            content: super::batch::ContentLoaders::new(app, actor),
            groups: super::group_batch::GroupLoaders::new(app, actor),
        }
    }
}

pub struct AreaLoader(App);

impl Loader<Uuid> for AreaLoader {
    type Value = Area;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Area>, Self::Error> {
        let areas = self.0.areas_by_ids(keys).await.map_err(Arc::new)?;
        Ok(areas.into_iter().map(|a| (a.id, a)).collect())
    }
}

/// Loads the children of areas, keyed by parent id.
pub struct ChildrenLoader(App);

impl Loader<Uuid> for ChildrenLoader {
    type Value = Vec<Area>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Area>>, Self::Error> {
        let children = self.0.children_of(keys).await.map_err(Arc::new)?;
        let mut by_parent: HashMap<Uuid, Vec<Area>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for child in children {
            if let Some(parent) = child.parent_id {
                by_parent.entry(parent).or_default().push(child);
            }
        }
        Ok(by_parent)
    }
}

pub struct UserLoader {
    app: App,
    actor: Actor,
}

impl Loader<Uuid> for UserLoader {
    type Value = User;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, User>, Self::Error> {
        let users = self
            .app
            .users_by_ids(&self.actor, keys)
            .await
            .map_err(Arc::new)?;
        Ok(users.into_iter().map(|u| (u.id, u)).collect())
    }
}
