//! Batch loaders for budget rounds: a round page with its projects and their
//! history costs a fixed number of statements.

use async_graphql::dataloader::DataLoader;
use plein_app::budget::{Change, Project};
use plein_app::{Actor, App};

use crate::graphql::batch::{Batch, group, loader};

pub struct BudgetLoaders {
    /// The projects of each round, in submission order.
    pub projects: DataLoader<Batch<Vec<Project>>>,
    /// The public history of each project, oldest first.
    pub changes: DataLoader<Batch<Vec<Change>>>,
}

impl BudgetLoaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            projects: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let projects = app.budget_projects_of(&ids).await?;
                    Ok(group(&ids, projects, |p| p.round_id))
                })
            }),
            changes: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let changes = app.budget_project_changes(&ids).await?;
                    Ok(group(&ids, changes, |c| c.project_id))
                })
            }),
        }
    }
}
