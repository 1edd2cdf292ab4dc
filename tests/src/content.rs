//! Shortcuts for tests of ideas, plans and comments.

use plein_domain::Role;
use serde_json::{Value, json};

use crate::{GqlResponse, TestApp};

/// The people a test usually needs, and an area tree
/// (municipality → district → neighbourhood).
pub struct Square {
    pub admin: String,
    pub resident: String,
    pub resident_id: String,
    pub neighbour: String,
    pub neighbour_id: String,
    pub professional: String,
    pub professional_id: String,
    pub moderator: String,
    pub municipality: String,
    pub district: String,
    pub neighbourhood: String,
}

impl TestApp {
    pub async fn square(&self) -> Square {
        let admin = self.admin().await;
        let municipality = self.area(&admin, "Amstelveld", "MUNICIPALITY", None).await;
        let district = self
            .area(&admin, "Centrum", "DISTRICT", Some(&municipality))
            .await;
        let neighbourhood = self
            .area(&admin, "Molenwijk", "NEIGHBOURHOOD", Some(&district))
            .await;
        let (resident, resident_id) = self.register("fatima@plein.test", "Fatima").await;
        let (neighbour, neighbour_id) = self.register("jan@plein.test", "Jan").await;
        let (professional, professional_id) = self
            .user_with_role("ambtenaar@plein.test", Role::Professional)
            .await;
        let (moderator, _) = self
            .user_with_role("moderator@plein.test", Role::Moderator)
            .await;
        Square {
            admin,
            resident,
            resident_id,
            neighbour,
            neighbour_id,
            professional,
            professional_id,
            moderator,
            municipality,
            district,
            neighbourhood,
        }
    }

    /// Runs a mutation `name(input: $input) { … }` and answers the response.
    pub async fn mutate(
        &self,
        token: Option<&str>,
        name: &str,
        input: Value,
        selection: &str,
    ) -> GqlResponse {
        let input_type = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
        let query =
            format!("mutation($input: {input_type}!) {{ {name}(input: $input) {selection} }}");
        self.gql_as(token, &query, json!({ "input": input })).await
    }

    /// Creates a draft idea in `area` and answers its id.
    pub async fn draft_idea(&self, token: &str, area: &str, title: &str) -> String {
        let response = self
            .mutate(
                Some(token),
                "createIdea",
                json!({ "title": title, "body": "Een *goed* idee.", "areaId": area, "tags": ["groen"] }),
                "{ idea { id } }",
            )
            .await;
        response.data()["createIdea"]["idea"]["id"]
            .as_str()
            .expect("idea id")
            .to_owned()
    }

    /// Creates and publishes an idea and answers its id.
    pub async fn idea(&self, token: &str, area: &str, title: &str) -> String {
        let id = self.draft_idea(token, area, title).await;
        self.mutate(
            Some(token),
            "publishIdea",
            json!({ "id": id }),
            "{ idea { id } }",
        )
        .await
        .data();
        id
    }

    /// Creates a plan consulting now, with a window of one week and one
    /// question, and answers its id.
    pub async fn plan(&self, token: &str, area: &str, title: &str) -> String {
        let now = self.clock_now();
        let response = self
            .mutate(
                Some(token),
                "createPlan",
                json!({
                    "title": title,
                    "description": "We willen het plein vergroenen.",
                    "areaId": area,
                    "feedbackOpensAt": now,
                    "feedbackClosesAt": now + chrono::Duration::days(7),
                    "questions": ["Wat vindt u ervan?"],
                }),
                "{ plan { id } }",
            )
            .await;
        let id = response.data()["createPlan"]["plan"]["id"]
            .as_str()
            .expect("plan id")
            .to_owned();
        self.mutate(
            Some(token),
            "setPlanStatus",
            json!({ "id": id, "status": "CONSULTING" }),
            "{ plan { id } }",
        )
        .await
        .data();
        id
    }

    /// Posts a comment and answers its id.
    pub async fn comment(
        &self,
        token: &str,
        kind: &str,
        subject: &str,
        parent: Option<&str>,
    ) -> String {
        let response = self
            .mutate(
                Some(token),
                "postComment",
                json!({ "subjectKind": kind, "subjectId": subject, "parentId": parent, "body": "Mee eens!" }),
                "{ comment { id } }",
            )
            .await;
        response.data()["postComment"]["comment"]["id"]
            .as_str()
            .expect("comment id")
            .to_owned()
    }

    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use plein_app::Clock;
        self.clock.now()
    }
}
