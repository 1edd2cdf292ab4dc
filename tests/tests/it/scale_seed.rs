//! The load-test generator: the same seed gives the same data, and every
//! counter column matches the rows it counts.

use plein_app::scale_seed::{ScaleReport, ScaleSpec};
use plein_storage::entities::{comments, group_members, ideas, supports, working_groups};
use plein_tests::TestApp;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

const SPEC: ScaleSpec = ScaleSpec {
    ideas: 200,
    seed: 7,
};

async fn seeded() -> (TestApp, ScaleReport) {
    let t = TestApp::spawn().await;
    let mut stages = Vec::new();
    let report = t
        .app
        .seed_scale(SPEC, |p| stages.push(p.stage))
        .await
        .expect("seed");
    assert!(stages.contains(&"ideas"));
    (t, report)
}

async fn titles(t: &TestApp) -> Vec<(uuid::Uuid, String, i32, i32)> {
    ideas::Entity::find()
        .order_by_asc(ideas::Column::Id)
        .all(&t.app.db.conn)
        .await
        .expect("ideas")
        .into_iter()
        .map(|i| (i.id, i.title, i.support_count, i.comment_count))
        .collect()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let (a, report_a) = seeded().await;
    let (b, report_b) = seeded().await;
    assert_eq!(report_a, report_b);
    assert_eq!(report_a.ideas, 200);
    assert_eq!(report_a.users, 100);
    assert!((480..=560).contains(&report_a.areas), "{report_a:?}");
    assert_eq!(titles(&a).await, titles(&b).await);

    let other = TestApp::spawn().await;
    other
        .app
        .seed_scale(ScaleSpec { seed: 8, ..SPEC }, |_| {})
        .await
        .expect("seed");
    assert_ne!(titles(&a).await, titles(&other).await);
}

#[tokio::test]
async fn counters_match_the_rows() {
    let (t, report) = seeded().await;
    let db = &t.app.db.conn;
    let all_ideas = ideas::Entity::find().all(db).await.expect("ideas");
    let all_supports = supports::Entity::find().all(db).await.expect("supports");
    let all_comments = comments::Entity::find().all(db).await.expect("comments");
    assert_eq!(all_supports.len() as u64, report.supports);
    assert_eq!(all_comments.len() as u64, report.comments);
    // About ten supports and five comments per idea.
    assert!((1_400..=2_600).contains(&report.supports), "{report:?}");
    assert!((700..=1_300).contains(&report.comments), "{report:?}");
    for idea in &all_ideas {
        let supports = all_supports.iter().filter(|s| s.idea_id == idea.id).count();
        let comments = all_comments
            .iter()
            .filter(|c| c.subject_id == idea.id)
            .count();
        assert_eq!(idea.support_count as usize, supports, "{}", idea.title);
        assert_eq!(idea.comment_count as usize, comments, "{}", idea.title);
    }
    for group in working_groups::Entity::find()
        .all(db)
        .await
        .expect("groups")
    {
        let members = group_members::Entity::find()
            .all(db)
            .await
            .expect("members")
            .into_iter()
            .filter(|m| m.group_id == group.id)
            .count();
        assert_eq!(group.member_count as usize, members);
    }
    assert_eq!(
        ideas::Entity::find().count(db).await.expect("count"),
        report.ideas
    );

    // The generated accounts sign in, and their ideas are in the feed.
    let body = t
        .gql(
            "mutation { signIn(input: {email: \"bewoner3@seed.plein.example\", password: \"plein-seed-2026\"}) { token } }",
            plein_tests::serde_json::json!({}),
        )
        .await;
    assert!(
        body.data()["signIn"]["token"].is_string(),
        "{:?}",
        body.body
    );
}
