mod account_mail;
mod accounts;
mod areas;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountMutations,
    account_mail::AccountMailMutations,
    areas::AreaMutations,
);
