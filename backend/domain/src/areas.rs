use std::fmt;
use std::str::FromStr;

use crate::error::{FieldError, bounded_text};

/// The level of an area in the municipality's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaKind {
    Municipality,
    District,
    Neighbourhood,
    /// Anything finer: a street, a block, a square.
    Street,
}

impl AreaKind {
    pub const ALL: [AreaKind; 4] = [
        AreaKind::Municipality,
        AreaKind::District,
        AreaKind::Neighbourhood,
        AreaKind::Street,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaKind::Municipality => "municipality",
            AreaKind::District => "district",
            AreaKind::Neighbourhood => "neighbourhood",
            AreaKind::Street => "street",
        }
    }
}

impl fmt::Display for AreaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AreaKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AreaKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown area kind {s:?}"))
    }
}

/// An area's name as people say it: "Molenwijk", "Centrum".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaName(String);

impl AreaName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("name", raw, 1, Self::MAX_LEN).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A URL-safe, unique handle for an area: lower-case letters, digits and
/// single hyphens, such as `molenwijk` or `oud-zuid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let slug = raw.trim();
        let ok = !slug.is_empty()
            && slug.len() <= Self::MAX_LEN
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--")
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(slug.to_owned()))
        } else {
            Err(FieldError::new(
                "slug",
                format!(
                    "must be 1 to {} lower-case letters, digits or single hyphens",
                    Self::MAX_LEN
                ),
            ))
        }
    }

    /// Derives a slug from a name: "Oud-Zuid & Rivierenbuurt" → "oud-zuid-rivierenbuurt".
    pub fn from_name(name: &AreaName) -> Result<Self, FieldError> {
        let mut slug = String::new();
        for c in name.as_str().chars().flat_map(fold_diacritic) {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug: String = slug.chars().take(Self::MAX_LEN).collect();
        Self::parse(slug.trim_end_matches('-')).map_err(|_| {
            FieldError::new(
                "name",
                "needs at least one letter or digit to derive a slug",
            )
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Dutch names carry diacritics ("Coöperatie", "Ĳsselmonde"); slugs don't.
fn fold_diacritic(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ç' | 'Ç' => "c",
        'ñ' | 'Ñ' => "n",
        'ĳ' | 'Ĳ' => "ij",
        'ß' => "ss",
        _ => "",
    };
    let single = folded.is_empty().then_some(c);
    folded.chars().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_derived_from_dutch_names() {
        let slug = |name: &str| {
            Slug::from_name(&AreaName::parse(name).expect("name"))
                .expect("slug")
                .into_inner()
        };
        assert_eq!(slug("Oud-Zuid & Rivierenbuurt"), "oud-zuid-rivierenbuurt");
        assert_eq!(slug("Ĳsselmonde"), "ijsselmonde");
        assert_eq!(slug("  Coöperatie 't Hof "), "cooperatie-t-hof");
        assert!(Slug::from_name(&AreaName::parse("&&&").expect("name")).is_err());
    }

    #[test]
    fn slugs_are_checked() {
        assert!(Slug::parse("molenwijk").is_ok());
        for bad in ["", "Molenwijk", "-a", "a-", "a--b", "a b", "wijk/1"] {
            assert_eq!(Slug::parse(bad).expect_err(bad).field, "slug");
        }
    }
}
