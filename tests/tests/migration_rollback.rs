//! The latest migration (follows and notifications, when written) rolls
//! back and applies again on both databases, with data in its tables.

use plein_migrations::{Migrator, MigratorTrait};
use plein_tests::TestApp;

#[tokio::test]
async fn the_latest_migration_rolls_back_and_forward() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.drain_notifications().await;
    app.app.unsubscribe_key().await.expect("key");
    let conn = &app.app.db.conn;
    let last = Migrator::migrations().len();
    Migrator::down(conn, Some(1)).await.expect("roll back");
    assert_eq!(
        Migrator::get_pending_migrations(conn)
            .await
            .expect("pending")
            .len(),
        1
    );
    Migrator::up(conn, None).await.expect("apply again");
    assert_eq!(
        Migrator::get_applied_migrations(conn)
            .await
            .expect("applied")
            .len(),
        last
    );
    // The schema works again: the ideas stay, follows and notifications start empty.
    let response = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!) { ideas { totalCount } idea(id: $id) { viewerFollows } unreadNotificationCount }",
            plein_tests::serde_json::json!({ "id": idea }),
        )
        .await;
    assert_eq!(response.data()["ideas"]["totalCount"], 1);
    assert_eq!(response.data()["idea"]["viewerFollows"], false);
    assert_eq!(response.data()["unreadNotificationCount"], 0);
}
