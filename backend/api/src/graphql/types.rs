//! What the features' GraphQL code shares: connections, ids, a few small
//! enums, and every feature's node types under one name, so one feature can
//! name another's nodes without knowing where they live.

pub use super::accounts::types::{SessionNode, UserNode};
pub use super::areas::types::AreaNode;
pub use super::budget::types::BudgetProjectNode;
pub use super::comments::types::{CommentNode, SubjectKindValue};
pub use super::groups::types::{
    DecisionNode, GroupMemberNode, GroupNode, GroupRoleValue, GroupVisibilityValue, InvitationNode,
    JoinPolicyValue, MeetingNode, RsvpValue, TaskNode, TaskStatusValue, VoteAnswerValue, VoteNode,
};
pub(crate) use super::ideas::types::mirror_enum;
pub use super::ideas::types::{IdeaNode, IdeaStatusValue, ListSort};
pub use super::mandates::types::{IntakeInput, IntakeNode, MandateActionValue, MandateNode};
pub use super::moderation::types::{AuditEntryNode, ReportKindValue, ReportNode};
pub use super::notifications::types::{
    CadenceValue, FollowKindValue, NotificationKindValue, NotificationNode, PreferenceNode,
};
pub use super::plans::types::{PlanAnswerNode, PlanNode, PlanStatusValue};

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Enum, ID, OutputType, SimpleObject};
use plein_app::AppError;
use plein_app::page::Page;
use uuid::Uuid;

/// Every connection carries the size of the whole list.
#[derive(SimpleObject)]
pub struct ListInfo {
    /// How many items the whole list holds, across all pages.
    pub total_count: u64,
}

pub type Conn<T> = Connection<String, T, ListInfo, EmptyFields>;

/// Turns a page from a use case into a Relay connection.
pub fn connection<T, N: OutputType>(
    page: Page<T>,
    had_cursor: bool,
    node: impl Fn(T) -> N,
) -> Conn<N> {
    let mut conn = Connection::with_additional_fields(
        had_cursor,
        page.has_next_page,
        ListInfo {
            total_count: page.total_count,
        },
    );
    conn.edges.extend(
        page.items
            .into_iter()
            .map(|(cursor, item)| Edge::new(cursor, node(item))),
    );
    conn
}

/// Reads an `ID` argument as a UUID, naming the field when it is not one.
pub fn parse_id(field: &'static str, id: &ID) -> Result<Uuid, AppError> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::bad_input(field, "is not a valid id"))
}

/// Reads the optional `onBehalfOf` of a write made under a mandate.
pub fn parse_on_behalf_of(id: Option<&ID>) -> Result<Option<Uuid>, AppError> {
    id.map(|id| parse_id("onBehalfOf", id)).transpose()
}

/// What someone may do on the square.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Role")]
pub enum RoleValue {
    /// Lives or works in an area: posts ideas, supports, comments.
    Resident,
    /// Municipal staff or a partner organisation: publishes plans, answers officially.
    Professional,
    /// Handles reports and keeps the square civil.
    Moderator,
    /// Runs the installation: areas and roles.
    Admin,
}

impl From<plein_domain::Role> for RoleValue {
    fn from(role: plein_domain::Role) -> Self {
        use plein_domain::Role;
        match role {
            Role::Resident => RoleValue::Resident,
            Role::Professional => RoleValue::Professional,
            Role::Moderator => RoleValue::Moderator,
            Role::Admin => RoleValue::Admin,
        }
    }
}

impl From<RoleValue> for plein_domain::Role {
    fn from(role: RoleValue) -> Self {
        use plein_domain::Role;
        match role {
            RoleValue::Resident => Role::Resident,
            RoleValue::Professional => Role::Professional,
            RoleValue::Moderator => Role::Moderator,
            RoleValue::Admin => Role::Admin,
        }
    }
}

/// The level of an area in the tree.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "AreaKind")]
pub enum AreaKindValue {
    Municipality,
    District,
    Neighbourhood,
    /// Anything finer than a neighbourhood: a street, a block, a square.
    Street,
}

impl From<plein_domain::AreaKind> for AreaKindValue {
    fn from(kind: plein_domain::AreaKind) -> Self {
        use plein_domain::AreaKind;
        match kind {
            AreaKind::Municipality => AreaKindValue::Municipality,
            AreaKind::District => AreaKindValue::District,
            AreaKind::Neighbourhood => AreaKindValue::Neighbourhood,
            AreaKind::Street => AreaKindValue::Street,
        }
    }
}

impl From<AreaKindValue> for plein_domain::AreaKind {
    fn from(kind: AreaKindValue) -> Self {
        use plein_domain::AreaKind;
        match kind {
            AreaKindValue::Municipality => AreaKind::Municipality,
            AreaKindValue::District => AreaKind::District,
            AreaKindValue::Neighbourhood => AreaKind::Neighbourhood,
            AreaKindValue::Street => AreaKind::Street,
        }
    }
}

/// The language someone reads Plein in.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Locale")]
pub enum LocaleValue {
    /// Nederlands (the default).
    Nl,
    /// English.
    En,
}

impl From<plein_domain::Locale> for LocaleValue {
    fn from(locale: plein_domain::Locale) -> Self {
        match locale {
            plein_domain::Locale::Nl => LocaleValue::Nl,
            plein_domain::Locale::En => LocaleValue::En,
        }
    }
}

impl LocaleValue {
    pub fn code(self) -> &'static str {
        match self {
            LocaleValue::Nl => "nl",
            LocaleValue::En => "en",
        }
    }
}

/// Whether the query reads `field` of a list's items.
pub(crate) fn items_read(ctx: &async_graphql::Context<'_>, field: &str) -> bool {
    let list = ctx.look_ahead();
    list.field("nodes").field(field).exists()
        || list.field("edges").field("node").field(field).exists()
}

/// An optional id argument, parsed.
pub(crate) fn optional_id(
    field: &'static str,
    id: Option<&async_graphql::ID>,
) -> async_graphql::Result<Option<uuid::Uuid>> {
    use crate::graphql::ResultExt;
    id.map(|id| parse_id(field, id)).transpose().gql()
}
