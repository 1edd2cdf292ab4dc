//! The accessibility and privacy statements, for the web app's pages (texts
//! in `crate::statements`).

use async_graphql::{Context, Enum, Object, SimpleObject};

use crate::ApiConfig;
use crate::graphql::types::LocaleValue;
use crate::statements::StatementKind;

/// Which statement.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "StatementKind")]
pub enum StatementKindValue {
    /// The toegankelijkheidsverklaring, in the national format.
    Accessibility,
    /// Which personal data Plein keeps, why, how long, and how to see or delete it.
    Privacy,
}

/// A statement as the web app shows it.
#[derive(SimpleObject)]
#[graphql(name = "Statement")]
pub struct StatementNode {
    kind: StatementKindValue,
    locale: LocaleValue,
    /// The text as safe HTML.
    html: String,
    /// The municipality's own text rather than Plein's default.
    custom: bool,
}

#[derive(Default)]
pub struct StatementQuery;

#[Object]
impl StatementQuery {
    /// A statement in the reader's language (Dutch when not given). Open to everyone.
    async fn statement(
        &self,
        ctx: &Context<'_>,
        kind: StatementKindValue,
        locale: Option<LocaleValue>,
    ) -> StatementNode {
        let locale = locale.unwrap_or(LocaleValue::Nl);
        let config = ctx.data_unchecked::<ApiConfig>();
        let domain_kind = match kind {
            StatementKindValue::Accessibility => StatementKind::Accessibility,
            StatementKindValue::Privacy => StatementKind::Privacy,
        };
        let domain_locale = match locale {
            LocaleValue::Nl => plein_domain::Locale::Nl,
            LocaleValue::En => plein_domain::Locale::En,
        };
        let (html, custom) = config.statements.html(domain_kind, domain_locale);
        StatementNode {
            kind,
            locale,
            html: html.to_owned(),
            custom,
        }
    }
}
