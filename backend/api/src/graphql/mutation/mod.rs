mod account_mail;
mod accounts;
mod areas;
mod comments;
mod groups;
mod ideas;
mod mandates;
mod moderation;
mod my_data;
mod notifications;
mod plans;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountMutations,
    account_mail::AccountMailMutations,
    areas::AreaMutations,
    ideas::IdeaMutations,
    plans::PlanMutations,
    comments::CommentMutations,
    notifications::NotificationMutations,
    groups::GroupMutations,
    moderation::ModerationMutations,
    my_data::MyDataMutations,
    mandates::MandateMutations,
);
