//! Batch loaders for ideas, plans and comments, built from one generic shape:
//! a function that answers many keys in a fixed number of queries.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use futures::future::BoxFuture;
use plein_app::comments::{Comment, CommentRevision};
use plein_app::ideas::{Idea, IdeaRevision, StatusChange};
use plein_app::mandates::MandateRecord;
use plein_app::plans::{Answer, Plan, Question};
use plein_app::{Actor, App, AppError, AppResult};
use plein_domain::FollowKind;
use uuid::Uuid;

type LoadFn<V> = fn(App, Actor, Vec<Uuid>) -> BoxFuture<'static, AppResult<HashMap<Uuid, V>>>;

/// Loads values for many ids at once, as the request's actor may see them.
pub struct Batch<V> {
    app: App,
    actor: Actor,
    load: LoadFn<V>,
}

impl<V: Send + Sync + Clone + 'static> Loader<Uuid> for Batch<V> {
    type Value = V;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, V>, Self::Error> {
        (self.load)(self.app.clone(), self.actor.clone(), keys.to_vec())
            .await
            .map_err(Arc::new)
    }
}

pub(super) fn loader<V: Send + Sync + Clone + 'static>(
    app: &App,
    actor: &Actor,
    load: LoadFn<V>,
) -> DataLoader<Batch<V>> {
    DataLoader::new(
        Batch {
            app: app.clone(),
            actor: actor.clone(),
            load,
        },
        tokio::spawn,
    )
}

/// Groups `items` under `keys` (every key present, possibly empty), in order.
pub(super) fn group<T>(
    keys: &[Uuid],
    items: Vec<T>,
    key: impl Fn(&T) -> Uuid,
) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for item in items {
        map.entry(key(&item)).or_default().push(item);
    }
    map
}

pub(super) fn flags(ids: Vec<Uuid>) -> HashMap<Uuid, bool> {
    ids.into_iter().map(|id| (id, true)).collect()
}

pub struct ContentLoaders {
    pub ideas: DataLoader<Batch<Idea>>,
    pub plans: DataLoader<Batch<Plan>>,
    pub comments: DataLoader<Batch<Comment>>,
    /// Direct replies, keyed by parent comment.
    pub replies: DataLoader<Batch<Vec<Comment>>>,
    pub idea_revisions: DataLoader<Batch<Vec<IdeaRevision>>>,
    pub status_history: DataLoader<Batch<Vec<StatusChange>>>,
    pub supported: DataLoader<Batch<bool>>,
    pub agreed: DataLoader<Batch<bool>>,
    pub comment_revisions: DataLoader<Batch<Vec<CommentRevision>>>,
    pub questions: DataLoader<Batch<Vec<Question>>>,
    pub answer_counts: DataLoader<Batch<i64>>,
    pub viewer_answers: DataLoader<Batch<Answer>>,
    /// The ideas a plan takes up, keyed by plan.
    pub plan_ideas: DataLoader<Batch<Vec<Idea>>>,
    /// The plans that take up an idea, keyed by idea.
    pub idea_plans: DataLoader<Batch<Vec<Plan>>>,
    /// Whether the viewer follows these ideas, plans and areas.
    pub followed_ideas: DataLoader<Batch<bool>>,
    pub followed_plans: DataLoader<Batch<bool>>,
    pub followed_areas: DataLoader<Batch<bool>>,
    /// What was done under the viewer's mandates, keyed by mandate.
    pub mandate_records: DataLoader<Batch<Vec<MandateRecord>>>,
}

impl ContentLoaders {
    pub fn new(app: &App, actor: &Actor) -> Self {
        Self {
            ideas: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let ideas = app.ideas_by_ids(&actor, &ids).await?;
                    Ok(ideas.into_iter().map(|i| (i.id, i)).collect())
                })
            }),
            plans: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let plans = app.plans_by_ids(&actor, &ids).await?;
                    Ok(plans.into_iter().map(|p| (p.id, p)).collect())
                })
            }),
            comments: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let comments = app.comments_by_ids(&actor, &ids).await?;
                    Ok(comments.into_iter().map(|c| (c.id, c)).collect())
                })
            }),
            replies: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let replies = app.replies_to(&ids).await?;
                    Ok(group(&ids, replies, |c| c.parent_id.unwrap_or_default()))
                })
            }),
            idea_revisions: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let revisions = app.idea_revisions(&ids).await?;
                    Ok(group(&ids, revisions, |r| r.idea_id))
                })
            }),
            status_history: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let changes = app.idea_status_histories(&ids).await?;
                    Ok(group(&ids, changes, |c| c.idea_id))
                })
            }),
            supported: loader(app, actor, |app, actor, ids| {
                Box::pin(async move { Ok(flags(app.supported_by_viewer(&actor, &ids).await?)) })
            }),
            agreed: loader(app, actor, |app, actor, ids| {
                Box::pin(async move { Ok(flags(app.agreed_by_viewer(&actor, &ids).await?)) })
            }),
            comment_revisions: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let revisions = app.comment_revisions(&ids).await?;
                    Ok(group(&ids, revisions, |r| r.comment_id))
                })
            }),
            questions: loader(app, actor, |app, _, ids| {
                Box::pin(async move {
                    let questions = app.plan_questions(&ids).await?;
                    Ok(group(&ids, questions, |q| q.plan_id))
                })
            }),
            answer_counts: loader(app, actor, |app, _, ids| {
                Box::pin(async move { Ok(app.answer_counts(&ids).await?.into_iter().collect()) })
            }),
            viewer_answers: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let answers = app.viewer_answers(&actor, &ids).await?;
                    Ok(answers.into_iter().map(|a| (a.question_id, a)).collect())
                })
            }),
            plan_ideas: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let pairs = app.ideas_of_plans(&actor, &ids).await?;
                    let grouped = group(&ids, pairs, |(plan, _)| *plan);
                    Ok(grouped
                        .into_iter()
                        .map(|(k, v)| (k, v.into_iter().map(|(_, i)| i).collect()))
                        .collect())
                })
            }),
            idea_plans: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    let pairs = app.plans_of_ideas(&actor, &ids).await?;
                    let grouped = group(&ids, pairs, |(idea, _)| *idea);
                    Ok(grouped
                        .into_iter()
                        .map(|(k, v)| (k, v.into_iter().map(|(_, p)| p).collect()))
                        .collect())
                })
            }),
            followed_ideas: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    Ok(flags(
                        app.followed_by_viewer(&actor, FollowKind::Idea, &ids)
                            .await?,
                    ))
                })
            }),
            followed_plans: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    Ok(flags(
                        app.followed_by_viewer(&actor, FollowKind::Plan, &ids)
                            .await?,
                    ))
                })
            }),
            followed_areas: loader(app, actor, |app, actor, ids| {
                Box::pin(async move {
                    Ok(flags(
                        app.followed_by_viewer(&actor, FollowKind::Area, &ids)
                            .await?,
                    ))
                })
            }),
            mandate_records: loader(app, actor, |app, actor, ids| {
                Box::pin(async move { app.mandate_records(&actor, &ids).await })
            }),
        }
    }
}
