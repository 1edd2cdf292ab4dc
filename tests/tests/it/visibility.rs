//! One visibility rule per subject: for every kind of viewer (anonymous, an
//! author and another resident, a professional, a moderator, an admin, a
//! group's coordinator, member and outsider), the rule applied to each row
//! (`plein_storage::visibility::*_row`, which asks `plein_domain::visibility`)
//! and the SQL condition (`plein_storage::visibility::{ideas, plans, groups,
//! budget_projects, comments}`) pick exactly the same rows out of a mix of
//! public, draft, withdrawn, members-only and hidden ones. The lists of the API show that
//! same set.

use std::collections::{BTreeSet, HashSet};

use plein_domain::{Role, SubjectKind, Viewer};
use plein_storage::entities::{
    budget_projects, comments, group_members, ideas, plans, users, working_groups,
};
use plein_storage::visibility;
use plein_tests::{TestApp, serde_json::json};
use sea_orm::{EntityTrait, QueryFilter};
use uuid::Uuid;

async fn hide(app: &TestApp, token: &str, kind: &str, id: &str) {
    app.mutate(
        Some(token),
        "setHidden",
        json!({ "subjectKind": kind, "subjectId": id, "hidden": true, "reason": "Beledigend." }),
        "{ done }",
    )
    .await
    .data();
}

async fn withdraw(app: &TestApp, token: &str, id: &str) {
    app.mutate(
        Some(token),
        "withdrawIdea",
        json!({ "id": id }),
        "{ idea { id } }",
    )
    .await
    .data();
}

async fn group(app: &TestApp, token: &str, area: &str, name: &str, visibility: &str) -> String {
    let created = app
        .mutate(
            Some(token),
            "createGroup",
            json!({ "name": name, "purpose": "Samen doen.", "areaId": area,
                    "visibility": visibility, "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await;
    created.data()["createGroup"]["group"]["id"]
        .as_str()
        .expect("group id")
        .to_owned()
}

fn ids<M>(rows: &[M], id: impl Fn(&M) -> Uuid) -> BTreeSet<Uuid> {
    rows.iter().map(id).collect()
}

#[tokio::test]
async fn the_rule_and_its_sql_condition_see_the_same_rows_for_every_viewer() {
    let app = &TestApp::spawn().await;
    let sq = &app.square().await;
    let hood = &sq.neighbourhood;

    // Ideas: each resident's draft, published, withdrawn and hidden ones,
    // and a withdrawn one hidden on top.
    let mut commented = Vec::new();
    for (token, name) in [(&sq.resident, "Fatima"), (&sq.neighbour, "Jan")] {
        app.draft_idea(token, hood, &format!("Concept van {name}"))
            .await;
        let published = app.idea(token, hood, &format!("Idee van {name}")).await;
        app.comment(&sq.neighbour, "IDEA", &published, None).await;
        let withdrawn = app.idea(token, hood, &format!("Ingetrokken {name}")).await;
        withdraw(app, token, &withdrawn).await;
        let hidden = app.idea(token, hood, &format!("Verborgen {name}")).await;
        commented.push(("IDEA", hidden.clone()));
        let both = app.idea(token, hood, &format!("Weg {name}")).await;
        withdraw(app, token, &both).await;
        hide(app, &sq.admin, "IDEA", &both).await;
    }

    // Plans: a draft, a consulting one, a hidden one and a hidden draft.
    let draft_plan = |title: &'static str| async move {
        let now = app.clock_now();
        app.mutate(
            Some(&sq.professional),
            "createPlan",
            json!({ "title": title, "description": "Plan.", "areaId": hood,
                    "feedbackOpensAt": now, "feedbackClosesAt": now + chrono::Duration::days(7) }),
            "{ plan { id } }",
        )
        .await
        .data()["createPlan"]["plan"]["id"]
            .as_str()
            .expect("plan id")
            .to_owned()
    };
    draft_plan("Concept plan").await;
    let consulting = app.plan(&sq.professional, hood, "Groen plein").await;
    app.comment(&sq.resident, "PLAN", &consulting, None).await;
    let hidden_plan = app.plan(&sq.professional, hood, "Verborgen plan").await;
    commented.push(("PLAN", hidden_plan.clone()));
    let hidden_draft = draft_plan("Verborgen concept").await;
    hide(app, &sq.admin, "PLAN", &hidden_draft).await;

    // Groups: public and members-only, each also hidden; Fatima coordinates
    // them all, Jan is a member of some, the professional of none.
    let public = group(app, &sq.resident, hood, "Open groep", "PUBLIC").await;
    let members = group(app, &sq.resident, hood, "Besloten groep", "MEMBERS").await;
    let members_jan = group(app, &sq.resident, hood, "Besloten met Jan", "MEMBERS").await;
    let hidden_public = group(app, &sq.resident, hood, "Verborgen open", "PUBLIC").await;
    let hidden_members = group(app, &sq.resident, hood, "Verborgen besloten", "MEMBERS").await;
    for group in [&public, &members, &members_jan] {
        app.comment(&sq.resident, "GROUP", group, None).await;
    }
    let db = &app.app.db.conn;
    let jan: Uuid = sq.neighbour_id.parse().expect("uuid");
    for group in [&public, &members_jan, &hidden_members] {
        plein_storage::groups::add_member(
            db,
            group.parse().expect("uuid"),
            jan,
            plein_domain::groups::GroupRole::Member,
            app.clock_now(),
        )
        .await
        .expect("member");
    }
    commented.push(("GROUP", hidden_public.clone()));
    commented.push(("GROUP", hidden_members.clone()));

    // Budget projects: one shown, and one of each resident hidden.
    let now = app.clock_now();
    let round = app
        .mutate(
            Some(&sq.professional),
            "createBudgetRound",
            json!({ "areaId": hood, "title": "Burgerbegroting", "description": "Geld.",
                    "budget": 1_000_000, "ballotKind": "APPROVAL", "rule": "GREEDY",
                    "submittingAt": now - chrono::Duration::hours(1),
                    "assessmentAt": now + chrono::Duration::days(1),
                    "votingAt": now + chrono::Duration::days(2),
                    "resultAt": now + chrono::Duration::days(3),
                    "realisationAt": now + chrono::Duration::days(4) }),
            "{ round { id } }",
        )
        .await;
    let round = round.data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned();
    for (token, title) in [
        (&sq.resident, "Speeltuin"),
        (&sq.resident, "Verborgen van Fatima"),
        (&sq.neighbour, "Verborgen van Jan"),
    ] {
        let project = app
            .mutate(
                Some(token),
                "submitBudgetProject",
                json!({ "roundId": round, "title": title, "description": "Plan.",
                        "areaId": hood, "cost": 1_000 }),
                "{ project { id } }",
            )
            .await;
        let id = project.data()["submitBudgetProject"]["project"]["id"]
            .as_str()
            .expect("project id")
            .to_owned();
        if title.starts_with("Verborgen") {
            commented.push(("BUDGET_PROJECT", id));
        } else {
            app.comment(&sq.neighbour, "BUDGET_PROJECT", &id, None)
                .await;
        }
    }
    // Comments on what is hidden next, and a hidden comment.
    for (kind, id) in &commented {
        app.comment(&sq.resident, kind, id, None).await;
    }
    let hidden_comment = app.comment(&sq.neighbour, "PLAN", &consulting, None).await;
    hide(app, &sq.moderator, "COMMENT", &hidden_comment).await;
    for (kind, id) in &commented {
        hide(app, &sq.moderator, kind, id).await;
    }

    // Every row, and every viewer: nobody, and each account by its role.
    let all_ideas = ideas::Entity::find().all(db).await.expect("ideas");
    let all_plans = plans::Entity::find().all(db).await.expect("plans");
    let all_groups = working_groups::Entity::find()
        .all(db)
        .await
        .expect("groups");
    let all_comments = comments::Entity::find().all(db).await.expect("comments");
    let all_projects = budget_projects::Entity::find()
        .all(db)
        .await
        .expect("projects");
    let memberships: HashSet<(Uuid, Uuid)> = group_members::Entity::find()
        .all(db)
        .await
        .expect("members")
        .into_iter()
        .map(|m| (m.group_id, m.user_id))
        .collect();
    assert_eq!(
        (all_ideas.len(), all_plans.len(), all_groups.len()),
        (10, 4, 5)
    );
    let mut viewers = vec![Viewer::ANONYMOUS];
    viewers.extend(
        users::Entity::find()
            .all(db)
            .await
            .expect("users")
            .iter()
            .map(visibility::viewer_of),
    );
    assert_eq!(viewers.len(), 6, "anonymous and five accounts");

    let mut seen_counts = Vec::new();
    let mut project_counts = Vec::new();
    for viewer in &viewers {
        let who = format!("{:?}", viewer.role);
        let member = |group: Uuid| viewer.id.is_some_and(|u| memberships.contains(&(group, u)));

        let by_rule = ids(
            &all_ideas
                .iter()
                .filter(|r| visibility::idea_row(viewer, r))
                .collect::<Vec<_>>(),
            |r| r.id,
        );
        let by_sql = ids(
            &ideas::Entity::find()
                .filter(visibility::ideas(viewer))
                .all(db)
                .await
                .expect("ideas"),
            |r| r.id,
        );
        assert_eq!(by_rule, by_sql, "ideas for {who}");
        let idea_count = by_rule.len();

        let by_rule_plans = ids(
            &all_plans
                .iter()
                .filter(|r| visibility::plan_row(viewer, r))
                .collect::<Vec<_>>(),
            |r| r.id,
        );
        let by_sql = ids(
            &plans::Entity::find()
                .filter(visibility::plans(viewer))
                .all(db)
                .await
                .expect("plans"),
            |r| r.id,
        );
        assert_eq!(by_rule_plans, by_sql, "plans for {who}");

        let by_rule_groups = ids(
            &all_groups
                .iter()
                .filter(|r| visibility::group_row(viewer, r, member(r.id)))
                .collect::<Vec<_>>(),
            |r| r.id,
        );
        let by_sql = ids(
            &working_groups::Entity::find()
                .filter(visibility::groups(viewer))
                .all(db)
                .await
                .expect("groups"),
            |r| r.id,
        );
        assert_eq!(by_rule_groups, by_sql, "groups for {who}");

        let by_rule_projects = ids(
            &all_projects
                .iter()
                .filter(|r| visibility::budget_project_row(viewer, r))
                .collect::<Vec<_>>(),
            |r| r.id,
        );
        let by_sql = ids(
            &budget_projects::Entity::find()
                .filter(visibility::budget_projects(viewer))
                .all(db)
                .await
                .expect("projects"),
            |r| r.id,
        );
        assert_eq!(by_rule_projects, by_sql, "budget projects for {who}");
        project_counts.push((viewer.id, by_rule_projects.len()));

        let subject_seen = |c: &comments::Model| match c.subject_kind {
            SubjectKind::Idea => by_rule.contains(&c.subject_id),
            SubjectKind::Plan => by_rule_plans.contains(&c.subject_id),
            SubjectKind::Group => by_rule_groups.contains(&c.subject_id),
            SubjectKind::BudgetProject => by_rule_projects.contains(&c.subject_id),
        };
        let by_rule_comments = ids(
            &all_comments
                .iter()
                .filter(|c| visibility::comment_row(c, subject_seen(c)))
                .collect::<Vec<_>>(),
            |c| c.id,
        );
        let by_sql = ids(
            &comments::Entity::find()
                .filter(visibility::comments(viewer))
                .all(db)
                .await
                .expect("comments"),
            |c| c.id,
        );
        assert_eq!(by_rule_comments, by_sql, "comments for {who}");
        seen_counts.push((
            *viewer,
            idea_count,
            by_rule_plans.len(),
            by_rule_groups.len(),
        ));
    }

    // The rule itself, for the people of the square: (ideas, plans, groups).
    let counts_of = |id: Option<Uuid>| {
        seen_counts
            .iter()
            .find(|(viewer, ..)| viewer.id == id)
            .map(|(_, ideas, plans, groups)| (*ideas, *plans, *groups))
            .expect("viewer")
    };
    let with_role = |role: Role| {
        seen_counts
            .iter()
            .find(|(viewer, ..)| viewer.role == Some(role))
            .map(|(viewer, ..)| viewer.id)
            .expect("an account with the role")
    };
    let fatima: Uuid = sq.resident_id.parse().expect("uuid");
    let professional = with_role(Role::Professional);
    let moderator = with_role(Role::Moderator);
    let admin = with_role(Role::Admin);
    // Nobody signed in: the two published ideas, the consulting plan, the
    // public group.
    assert_eq!(counts_of(None), (2, 1, 1));
    // Fatima adds her draft and withdrawn idea; she is in every group, but
    // the hidden ones are gone for her too.
    assert_eq!(counts_of(Some(fatima)), (4, 1, 3));
    // Jan: his own draft and withdrawn idea; the groups he is a member of.
    assert_eq!(counts_of(Some(jan)), (4, 1, 2));
    // The professional: the published ideas, and his own draft plan.
    assert_eq!(counts_of(professional), (2, 2, 1));
    // The moderator: what is public, and everything hidden.
    assert_eq!(counts_of(moderator), (6, 3, 3));
    // The admin: everything.
    assert_eq!(counts_of(admin), (10, 4, 5));
    // Budget projects: a hidden one stays for its author, moderators and admins.
    let projects_of = |id: Option<Uuid>| {
        project_counts
            .iter()
            .find(|(viewer, _)| *viewer == id)
            .map(|(_, n)| *n)
            .expect("viewer")
    };
    assert_eq!(projects_of(None), 1);
    assert_eq!(projects_of(Some(fatima)), 2);
    assert_eq!(projects_of(Some(jan)), 2);
    assert_eq!(projects_of(professional), 1);
    assert_eq!(projects_of(moderator), 3);
    assert_eq!(projects_of(admin), 3);

    // The lists of the API show the same sets.
    let lists = "{ ideas(first: 50) { totalCount } plans(first: 50) { totalCount } groups(first: 50) { totalCount } }";
    for (token, id) in [
        (None, None),
        (Some(&sq.resident), Some(fatima)),
        (Some(&sq.neighbour), Some(jan)),
        (Some(&sq.professional), professional),
        (Some(&sq.moderator), moderator),
        (Some(&sq.admin), admin),
    ] {
        let seen = app
            .gql_as(token.map(String::as_str), lists, json!({}))
            .await;
        let (ideas, plans, groups) = counts_of(id);
        assert_eq!(seen.data()["ideas"]["totalCount"], ideas, "{id:?}");
        assert_eq!(seen.data()["plans"]["totalCount"], plans, "{id:?}");
        assert_eq!(seen.data()["groups"]["totalCount"], groups, "{id:?}");
    }
}
