//! Batch loaders for reports: a page of reports with their category, party,
//! history and join count costs a fixed number of statements.

use async_graphql::dataloader::DataLoader;
use plein_app::street_reports::{Category, Party, StatusChange};
use plein_app::{Actor, App};

use crate::graphql::batch::{Batch, group, loader};

pub struct ReportLoaders {
    pub categories: DataLoader<Batch<Category>>,
    pub parties: DataLoader<Batch<Party>>,
    pub history: DataLoader<Batch<Vec<StatusChange>>>,
    pub join_counts: DataLoader<Batch<i64>>,
}

impl ReportLoaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            categories: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let found = app.report_categories_by_ids(&ids).await?;
                    Ok(found.into_iter().map(|c| (c.id, c)).collect())
                })
            }),
            parties: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let found = app.parties_by_ids(&ids).await?;
                    Ok(found.into_iter().map(|p| (p.id, p)).collect())
                })
            }),
            history: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let changes = app.report_history(&ids).await?;
                    Ok(group(&ids, changes, |c| c.report_id))
                })
            }),
            join_counts: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let counts = app.report_join_counts(&ids).await?;
                    Ok(counts.into_iter().collect())
                })
            }),
        }
    }
}
