//! The integration tests: one binary, so the app is linked once. Each module
//! covers one capability against the real router and a fresh database.

mod accounts;
mod api_tooling;
mod architecture;
mod areas;
mod authorization;
mod budget;
mod budget_count;
mod budget_rounds;
mod budget_threads;
mod comments;
mod cursors;
mod feeds;
mod graphql_http;
mod groups;
mod ideas;
mod mail;
mod mandates;
mod migration_rollback;
mod migration_upgrade;
mod moderation;
mod my_data;
mod notification_mail;
mod notifications;
mod operations;
mod outbox;
mod places;
mod plans;
mod races;
mod scale_seed;
mod search;
mod search_faults;
mod supports;
mod typed_columns;
mod visibility;
mod write_limits;
