//! The latest migration (ideas, plans and comments, when written) rolls
//! back and applies again on both databases, with data in its tables.

use plein_migrations::{Migrator, MigratorTrait};
use plein_tests::TestApp;

#[tokio::test]
async fn the_latest_migration_rolls_back_and_forward() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
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
    // The schema works again, empty.
    let response = app
        .gql("{ ideas { totalCount } }", Default::default())
        .await;
    assert_eq!(response.data()["ideas"]["totalCount"], 0);
}
