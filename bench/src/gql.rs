//! A small GraphQL-over-HTTP client that checks every answer.

use serde_json::{Value, json};

use crate::load::Outcome;

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    url: String,
}

/// Who sends a request: a bearer token and the client address the server
/// should see (with `PLEIN_TRUST_PROXY=true`), so rate limits count per person.
#[derive(Clone, Default)]
pub struct Caller {
    pub token: Option<String>,
    pub address: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            .build()?;
        Ok(Self {
            http,
            url: format!("{}/graphql", base.trim_end_matches('/')),
        })
    }

    /// Sends one operation; a transport error, a status other than 200, a
    /// body that is not JSON or one with `errors` is a failure.
    pub async fn send(
        &self,
        caller: &Caller,
        query: &str,
        variables: Value,
    ) -> Result<Value, String> {
        let mut request = self
            .http
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = &caller.token {
            request = request.bearer_auth(token);
        }
        if let Some(address) = &caller.address {
            request = request.header("x-forwarded-for", address);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("reading: {e}"))?;
        if status != reqwest::StatusCode::OK {
            return Err(format!(
                "status {status}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        let value: Value =
            serde_json::from_slice(&body).map_err(|e| format!("body is not JSON: {e}"))?;
        if let Some(errors) = value.get("errors") {
            return Err(format!("GraphQL errors: {errors}"));
        }
        match value.get("data") {
            Some(data) if !data.is_null() => Ok(data.clone()),
            _ => Err("no data".to_owned()),
        }
    }

    /// Like [`send`](Self::send), with `check` looking at the data too.
    pub async fn outcome(
        &self,
        caller: &Caller,
        query: &str,
        variables: Value,
        check: impl Fn(&Value) -> bool,
    ) -> Outcome {
        match self.send(caller, query, variables).await {
            Ok(data) if check(&data) => Outcome::Ok,
            Ok(data) => Outcome::Failed(format!("unexpected data: {data}")),
            Err(why) => Outcome::Failed(why),
        }
    }

    /// The server's resident memory, from `/metrics`.
    pub async fn memory(&self) -> anyhow::Result<crate::report::Memory> {
        Ok(crate::report::Memory {
            rss: self.metric("process_resident_memory_bytes").await?,
            anonymous: self.metric("plein_resident_anonymous_memory_bytes").await?,
        })
    }

    /// A Prometheus counter or gauge from `/metrics`.
    pub async fn metric(&self, name: &str) -> anyhow::Result<u64> {
        let url = self.url.replace("/graphql", "/metrics");
        let text = self
            .http
            .get(url)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        text.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(' ')?;
                (key == name).then(|| value.trim().parse::<f64>().ok())?
            })
            .map(|v| v as u64)
            .ok_or_else(|| anyhow::anyhow!("{name} is not in /metrics (is PLEIN_METRICS=true?)"))
    }
}

pub const FEED: &str = "query Feed($area: ID!) { ideas(areaId: $area, first: 20) { nodes { \
    id title status supportCount commentCount publishedAt \
    author { id displayName } area { id name } } } }";

pub const IDEA: &str = "query Idea($id: ID!) { idea(id: $id) { id title bodyHtml status \
    supportCount commentCount author { id displayName } area { id name } \
    comments(first: 50) { nodes { id body createdAt depth author { id displayName } } } } }";

pub const SEARCH: &str = "query Search($q: String!) { search(query: $q, first: 20) { \
    estimatedTotal edges { node { ... on Idea { id title supportCount } \
    ... on Plan { id title } ... on WorkingGroup { id name } } } } }";

pub const COMMENT: &str = "mutation Comment($idea: ID!, $body: String!) { \
    postComment(input: {subjectKind: IDEA, subjectId: $idea, body: $body}) { comment { id } } }";

pub const SUPPORT: &str = "mutation Support($idea: ID!) { \
    supportIdea(input: {ideaId: $idea}) { idea { id supportCount viewerHasSupported } } }";

pub const SIGN_IN: &str = "mutation SignIn($email: String!, $password: String!) { \
    signIn(input: {email: $email, password: $password}) { token user { homeArea { id } } } }";

pub const AREAS: &str = "{ areaTree { id name children { id name } } }";

pub const IDEA_IDS: &str = "query Ids($area: ID!) { ideas(areaId: $area, status: PUBLISHED, first: 50, sort: MOST_DISCUSSED) { nodes { id } } }";

pub const AREA_CHILDREN: &str = "query Children($id: ID!) { area(id: $id) { id children { id } } }";

/// The budget round page as the web app asks for it (frontend/src/budget/api.ts,
/// `BudgetRoundQuery` with `onBallot: false`).
pub const BUDGET_ROUND: &str = "query BudgetRound($id: ID!, $onBallot: Boolean) { \
    budgetRound(id: $id) { \
    id title phase budget descriptionHtml maxProjectCost ballotKind maxProjects maxTotal points rule minAge \
    submittingAt assessmentAt votingAt resultAt realisationAt viewerHasVoted \
    viewerBallot { projectId points } area { id name } \
    projects(onBallot: $onBallot) { id title descriptionHtml cost feasible assessmentReason area { id name } } } }";

/// The round page with each project's author and history with actors, as
/// the integration test counts its statements.
pub const BUDGET_ROUND_FULL: &str = "query BudgetRoundFull($id: ID!) { budgetRound(id: $id) { \
    title area { name } projects { id title cost feasible area { name } author { displayName } \
    history { kind actor { displayName } } } } }";

pub const CREATE_ROUND: &str = "mutation CreateRound($input: CreateBudgetRoundInput!) { \
    createBudgetRound(input: $input) { round { id phase } } }";

pub const SUBMIT_PROJECT: &str = "mutation Submit($input: SubmitBudgetProjectInput!) { \
    submitBudgetProject(input: $input) { project { id } } }";

pub const ASSESS_PROJECT: &str = "mutation Assess($input: AssessBudgetProjectInput!) { \
    assessBudgetProject(input: $input) { project { id feasible } } }";

pub const SET_PHASE: &str = "mutation Phase($input: SetBudgetRoundPhaseInput!) { \
    setBudgetRoundPhase(input: $input) { round { id phase } } }";

/// Casting a ballot as the web app does (`CastBallotMutation`).
pub const CAST_BALLOT: &str = "mutation CastBudgetBallot($input: CastBudgetBallotInput!) { \
    castBudgetBallot(input: $input) { replaced round { id viewerHasVoted } } }";
