mod accounts;
mod areas;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct Mutation(accounts::AccountMutations, areas::AreaMutations);
