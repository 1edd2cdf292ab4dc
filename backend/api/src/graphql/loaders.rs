//! Batch loaders: a page of any list loads its relations in a fixed number of
//! queries. They are built per request, because what a user may see of
//! another depends on who is asking.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

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
    pub groups: super::groups::batch::GroupLoaders,
    /// Budget rounds' projects and their history.
    pub budget: super::budget::batch::BudgetLoaders,
    /// Street reports' categories, parties, history and join counts.
    pub reports: super::street_reports::batch::ReportLoaders,
    /// People and areas a list read with its page (see [`Loaders::prime`]).
    primed: Primed,
    app: App,
    actor: Actor,
}

#[derive(Default)]
struct Primed {
    users: Mutex<HashMap<Uuid, User>>,
    areas: Mutex<HashMap<Uuid, Area>>,
    /// Whether the viewer supports an idea, as a support or its withdrawal
    /// in this request left it.
    supported: Mutex<HashMap<Uuid, bool>>,
}

fn primed<V: Clone>(map: &Mutex<HashMap<Uuid, V>>, id: Uuid) -> Option<V> {
    map.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
        .cloned()
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
            groups: super::groups::batch::GroupLoaders::new(app, actor),
            budget: super::budget::batch::BudgetLoaders::new(app, actor),
            reports: super::street_reports::batch::ReportLoaders::new(app, actor),
            primed: Primed::default(),
            app: app.clone(),
            actor: actor.clone(),
        }
    }

    /// A person as the viewer may see them.
    pub async fn user(&self, id: Uuid) -> Result<Option<User>, Arc<AppError>> {
        match primed(&self.primed.users, id) {
            Some(user) => Ok(Some(user)),
            None => self.users.load_one(id).await,
        }
    }

    pub async fn area(&self, id: Uuid) -> Result<Option<Area>, Arc<AppError>> {
        match primed(&self.primed.areas, id) {
            Some(area) => Ok(Some(area)),
            None => self.areas.load_one(id).await,
        }
    }

    /// Areas by id: those read with the page from memory, the rest in one
    /// batch.
    pub async fn areas_many(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Area>, Arc<AppError>> {
        let mut found = HashMap::with_capacity(ids.len());
        let mut missing = Vec::new();
        {
            let primed = self
                .primed
                .areas
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            for id in ids {
                match primed.get(id) {
                    Some(area) => {
                        found.insert(*id, area.clone());
                    }
                    None => missing.push(*id),
                }
            }
        }
        if !missing.is_empty() {
            found.extend(self.areas.load_many(missing).await?);
        }
        Ok(found)
    }

    /// Whether the viewer supports the idea `id`.
    pub async fn supported(&self, id: Uuid) -> Result<bool, Arc<AppError>> {
        match primed(&self.primed.supported, id) {
            Some(supported) => Ok(supported),
            None => Ok(self.content.supported.load_one(id).await?.unwrap_or(false)),
        }
    }

    /// Records what a support or its withdrawal by the viewer, committed in
    /// this request, left: the payload then needs no query to say so.
    pub fn now_supported(&self, id: Uuid, supported: bool) {
        self.primed
            .supported
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, supported);
    }

    /// Reads the people and areas of a list's page at once, one statement
    /// each, side by side. Its items then find them here instead of waiting
    /// for a batch loader's window to close.
    pub async fn prime(&self, users: Vec<Uuid>, areas: Vec<Uuid>) -> Result<(), AppError> {
        let (found_users, found_areas) = tokio::try_join!(
            async {
                if users.is_empty() {
                    Ok(Vec::new())
                } else {
                    self.app.users_by_ids(&self.actor, &users).await
                }
            },
            async {
                if areas.is_empty() {
                    Ok(Vec::new())
                } else {
                    self.app.areas_by_ids(&areas).await
                }
            },
        )?;
        self.remember(found_users, found_areas);
        Ok(())
    }

    /// Keeps people and areas already read (with a page, say) for the
    /// items that resolve them.
    pub fn remember(&self, users: Vec<User>, areas: Vec<Area>) {
        self.primed
            .users
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(users.into_iter().map(|u| (u.id, u)));
        self.primed
            .areas
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(areas.into_iter().map(|a| (a.id, a)));
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
