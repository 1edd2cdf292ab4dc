use std::fmt;
use std::str::FromStr;

/// What someone may do on the square.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Lives or works in an area: posts ideas, supports, comments.
    Resident,
    /// Municipal staff or a partner organisation: publishes plans, answers officially.
    Professional,
    /// Keeps the square civil: handles reports, hides content.
    Moderator,
    /// Runs the installation: areas, roles.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Resident,
        Role::Professional,
        Role::Moderator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Professional => "professional",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Professionals and admins speak for the municipality.
    pub fn is_official(self) -> bool {
        matches!(self, Role::Professional | Role::Admin)
    }

    /// Only professionals carry an organisation.
    pub fn takes_organisation(self) -> bool {
        self == Role::Professional
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
