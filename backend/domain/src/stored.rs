//! How the domain's closed sets of values sit in the database: as their text
//! (`as_str`, read back with `FromStr`) in plain string columns, so the
//! stored strings and the migrations stay what they were. Compiled only with
//! the `sea-orm` feature, which storage turns on; the rest of the domain
//! knows nothing of databases.
//!
//! This does what sea-orm's `DeriveActiveEnum` with `rs_type = "String"` and
//! `db_type = "String(StringLen::None)"` does, but keeps one table of names
//! per type (its `as_str`) instead of a second one in `string_value`
//! attributes, and a stored text that is no value of the type fails with an
//! error naming the column, the text and the type. It never becomes a default.

use crate::groups::{GroupRole, GroupVisibility, JoinPolicy, Rsvp, TaskStatus, VoteAnswer};
use crate::rounds::{BallotShape, CountRule, Phase, ProjectChange};
use crate::street_reports::{PartyKind, ReportStatus};
use crate::{
    AreaKind, Cadence, FollowKind, IdeaStatus, Locale, NotificationKind, PlanStatus, Role,
    SubjectKind,
};

/// The error for a stored text that is no value of `type_name`.
fn bad_value(type_name: &str, column: &impl sea_orm::ColIdx, text: &str) -> sea_orm::TryGetError {
    let column = match (column.as_str(), column.as_usize()) {
        (Some(name), _) => name.to_owned(),
        (None, Some(index)) => format!("#{index}"),
        (None, None) => format!("{column:?}"),
    };
    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
        "column {column} holds {text:?}, which is no {type_name}"
    )))
}

macro_rules! stored_as_text {
    ($($name:ident),+ $(,)?) => {$(
        impl From<$name> for sea_orm::Value {
            fn from(value: $name) -> Self {
                value.as_str().into()
            }
        }

        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                index: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let text = <String as sea_orm::TryGetable>::try_get_by(res, index)?;
                text.parse()
                    .map_err(|_| bad_value(stringify!($name), &index, &text))
            }
        }

        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                <String as sea_orm::sea_query::ValueType>::try_from(value)?
                    .parse()
                    .map_err(|_| sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::sea_query::postgres_array::NotU8 for $name {}

        /// Part of a composite primary key, never one made by the database.
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    )+};
}

stored_as_text!(
    AreaKind,
    BallotShape,
    Cadence,
    CountRule,
    FollowKind,
    GroupRole,
    GroupVisibility,
    IdeaStatus,
    JoinPolicy,
    Locale,
    NotificationKind,
    Phase,
    PartyKind,
    PlanStatus,
    ProjectChange,
    ReportStatus,
    Role,
    Rsvp,
    SubjectKind,
    TaskStatus,
    VoteAnswer,
);
