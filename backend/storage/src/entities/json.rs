//! JSON columns with a shape: read into their type, and a stored value of
//! another shape fails to load rather than becoming empty.

use serde::{Deserialize, Serialize};

/// A JSON array of strings: an idea's tags, a mandate's action names.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult,
)]
#[serde(transparent)]
pub struct StringList(pub Vec<String>);

impl From<Vec<String>> for StringList {
    fn from(items: Vec<String>) -> Self {
        Self(items)
    }
}
