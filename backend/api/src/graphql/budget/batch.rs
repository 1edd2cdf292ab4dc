//! Batch loaders for budget rounds: a round page with its projects and their
//! history costs a fixed number of statements.

use async_graphql::dataloader::DataLoader;
use plein_app::budget::{Change, Project};
use plein_app::{Actor, App};
use plein_domain::FollowKind;

use crate::graphql::batch::{Batch, flags, group, loader};

pub struct BudgetLoaders {
    /// The projects of each round, in submission order.
    pub projects: DataLoader<Batch<Vec<Project>>>,
    /// The public history of each project, oldest first.
    pub changes: DataLoader<Batch<Vec<Change>>>,
    /// Projects by id, as the viewer may see them.
    pub by_id: DataLoader<Batch<Project>>,
    /// Whether the viewer supports these projects.
    pub supported: DataLoader<Batch<bool>>,
    /// Whether the viewer follows these projects.
    pub followed: DataLoader<Batch<bool>>,
    /// Whether the viewer follows these rounds.
    pub rounds_followed: DataLoader<Batch<bool>>,
}

impl BudgetLoaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            projects: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let projects = app.budget_projects_of(&actor, &ids).await?;
                    Ok(group(&ids, projects, |p| p.round_id))
                })
            }),
            changes: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let changes = app.budget_project_changes(&ids).await?;
                    Ok(group(&ids, changes, |c| c.project_id))
                })
            }),
            by_id: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let projects = app.budget_projects_by_ids(&actor, &ids).await?;
                    Ok(projects.into_iter().map(|p| (p.id, p)).collect())
                })
            }),
            supported: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let ids = app
                        .budget_projects_supported_by_viewer(&actor, &ids)
                        .await?;
                    Ok(flags(ids))
                })
            }),
            followed: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let ids = app
                        .followed_by_viewer(&actor, FollowKind::BudgetProject, &ids)
                        .await?;
                    Ok(flags(ids))
                })
            }),
            rounds_followed: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let ids = app
                        .followed_by_viewer(&actor, FollowKind::BudgetRound, &ids)
                        .await?;
                    Ok(flags(ids))
                })
            }),
        }
    }
}
