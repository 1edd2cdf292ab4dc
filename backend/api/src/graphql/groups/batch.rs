//! Batch loaders for working groups and what hangs on them.

use std::collections::HashMap;

use async_graphql::dataloader::DataLoader;
use plein_app::groups::{DecisionTally, Group, RsvpCounts, Vote};
use plein_app::{Actor, App};
use plein_domain::groups::Rsvp;
use plein_domain::{FollowKind, SubjectKind};
use uuid::Uuid;

use crate::graphql::batch::{Batch, flags, group, loader};

type Pairs<T> = Vec<(Uuid, T)>;

fn grouped<T>(keys: &[Uuid], pairs: Pairs<T>) -> HashMap<Uuid, Vec<T>> {
    group(keys, pairs, |(k, _)| *k)
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(|(_, t)| t).collect()))
        .collect()
}

pub struct GroupLoaders {
    pub groups: DataLoader<Batch<Group>>,
    /// Whether the viewer awaits an answer to a request to join.
    pub requested: DataLoader<Batch<bool>>,
    pub followed: DataLoader<Batch<bool>>,
    /// The ideas and plans a group works on, keyed by group.
    pub links: DataLoader<Batch<Vec<(SubjectKind, Uuid)>>>,
    pub rsvp_counts: DataLoader<Batch<RsvpCounts>>,
    pub viewer_rsvps: DataLoader<Batch<Rsvp>>,
    pub tallies: DataLoader<Batch<DecisionTally>>,
    pub votes: DataLoader<Batch<Vec<Vote>>>,
    /// The groups working on an idea, a plan, or that a person belongs to.
    pub of_ideas: DataLoader<Batch<Vec<Group>>>,
    pub of_plans: DataLoader<Batch<Vec<Group>>>,
    pub of_users: DataLoader<Batch<Vec<Group>>>,
}

impl GroupLoaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            groups: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let groups = app.groups_by_ids(&actor, &ids).await?;
                    Ok(groups.into_iter().map(|g| (g.id, g)).collect())
                })
            }),
            requested: loader(app, actor, |app, actor, ids| {
                Box::pin(async move { Ok(flags(app.viewer_join_requests(&actor, &ids).await?)) })
            }),
            followed: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    Ok(flags(
                        app.followed_by_viewer(&actor, FollowKind::Group, &ids)
                            .await?,
                    ))
                })
            }),
            links: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let links = app.links_of_groups(&ids).await?;
                    let pairs = links.into_iter().map(|(g, k, s)| (g, (k, s))).collect();
                    Ok(grouped(&ids, pairs))
                })
            }),
            rsvp_counts: loader(app, actor, |app, _, ids| {
                Box::pin(async move { app.rsvp_counts(&ids).await })
            }),
            viewer_rsvps: loader(app, actor, |app, actor, ids| {
                Box::pin(async move { app.viewer_rsvps(&actor, &ids).await })
            }),
            tallies: loader(app, actor, |app, _, ids| {
                Box::pin(async move { app.decision_tallies(&ids).await })
            }),
            votes: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let votes = app.decision_votes(&ids).await?;
                    Ok(group(&ids, votes, |v| v.decision_id))
                })
            }),
            of_ideas: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let pairs = app
                        .groups_of_subjects(&actor, SubjectKind::Idea, &ids)
                        .await?;
                    Ok(grouped(&ids, pairs))
                })
            }),
            of_plans: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let pairs = app
                        .groups_of_subjects(&actor, SubjectKind::Plan, &ids)
                        .await?;
                    Ok(grouped(&ids, pairs))
                })
            }),
            of_users: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let pairs = app.memberships_of_users(&actor, &ids).await?;
                    Ok(grouped(&ids, pairs))
                })
            }),
        }
    }
}
