//! Upgrades from every earlier schema: a database stopped at each earlier
//! migration, with rows in it, takes the current migrations and keeps its
//! rows, readable through today's entities.

use chrono::Utc;
use plein_migrations::{Migrator, MigratorTrait};
use plein_storage::entities::{areas, ideas, supports, users};
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// The step that creates ideas and supports.
const IDEAS_STEP: &str = "m20261123_000020_ideas_plans_comments";

async fn insert(db: &impl ConnectionTrait, table: &str, columns: &[&str], values: Vec<SimpleExpr>) {
    let statement = Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .values_panic(values)
        .to_owned();
    db.execute(&statement)
        .await
        .unwrap_or_else(|e| panic!("insert into {table}: {e}"));
}

#[tokio::test]
async fn every_earlier_schema_upgrades_with_its_rows() {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let ideas_step = names
        .iter()
        .position(|n| n == IDEAS_STEP)
        .expect("the ideas step")
        + 1;
    for step in 1..names.len() {
        let (url, _guard) = plein_tests::fresh_database().await;
        let db = plein_storage::connect(&url, 2).await.expect("connect");
        let conn = &db.conn;
        Migrator::up(conn, Some(step as u32))
            .await
            .unwrap_or_else(|e| panic!("up to {}: {e}", names[step - 1]));
        let state = plein_storage::schema_state(&db).await.expect("state");
        assert_eq!(state.pending, names[step..].to_vec(), "after {step} steps");

        let now = Utc::now();
        let (area, user, idea) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        insert(
            conn,
            "areas",
            &[
                "id",
                "parent_id",
                "name",
                "slug",
                "kind",
                "path",
                "depth",
                "created_at",
                "updated_at",
            ],
            vec![
                area.into(),
                Option::<Uuid>::None.into(),
                "Amstelveld".into(),
                "amstelveld".into(),
                "municipality".into(),
                format!("/{area}/").into(),
                0.into(),
                now.into(),
                now.into(),
            ],
        )
        .await;
        insert(
            conn,
            "users",
            &[
                "id",
                "email",
                "email_verified_at",
                "password_hash",
                "display_name",
                "role",
                "organisation",
                "home_area_id",
                "locale",
                "created_at",
                "updated_at",
            ],
            vec![
                user.into(),
                "fatima@plein.test".into(),
                Some(now).into(),
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".into(),
                "Fatima".into(),
                "resident".into(),
                Option::<String>::None.into(),
                Some(area).into(),
                "nl".into(),
                now.into(),
                now.into(),
            ],
        )
        .await;
        if step >= ideas_step {
            insert(
                conn,
                "ideas",
                &[
                    "id",
                    "author_id",
                    "area_id",
                    "title",
                    "body",
                    "tags",
                    "latitude",
                    "longitude",
                    "status",
                    "support_count",
                    "comment_count",
                    "published_at",
                    "created_at",
                    "updated_at",
                ],
                vec![
                    idea.into(),
                    user.into(),
                    area.into(),
                    "Bankjes".into(),
                    "Meer bankjes op het plein.".into(),
                    plein_tests::serde_json::json!(["groen"]).into(),
                    Option::<f64>::None.into(),
                    Option::<f64>::None.into(),
                    "published".into(),
                    1.into(),
                    0.into(),
                    Some(now).into(),
                    now.into(),
                    now.into(),
                ],
            )
            .await;
            insert(
                conn,
                "supports",
                &["idea_id", "user_id", "created_at"],
                vec![idea.into(), user.into(), now.into()],
            )
            .await;
        }

        Migrator::up(conn, None)
            .await
            .unwrap_or_else(|e| panic!("upgrading from {}: {e}", names[step - 1]));
        assert!(
            plein_storage::schema_state(&db)
                .await
                .expect("state")
                .is_current()
        );
        let area_row = areas::Entity::find_by_id(area)
            .one(conn)
            .await
            .unwrap_or_else(|e| panic!("from {}: reading the area: {e}", names[step - 1]))
            .expect("the area survived");
        assert_eq!(area_row.name, "Amstelveld");
        let user_row = users::Entity::find_by_id(user)
            .one(conn)
            .await
            .unwrap_or_else(|e| panic!("from {}: reading the user: {e}", names[step - 1]))
            .expect("the user survived");
        assert_eq!(user_row.email, "fatima@plein.test");
        assert_eq!(user_row.display_name, "Fatima");
        if step >= ideas_step {
            let idea_row = ideas::Entity::find_by_id(idea)
                .one(conn)
                .await
                .unwrap_or_else(|e| panic!("from {}: reading the idea: {e}", names[step - 1]))
                .expect("the idea survived");
            assert_eq!(idea_row.title, "Bankjes");
            assert_eq!(idea_row.support_count, 1);
            assert_eq!(
                supports::Entity::find()
                    .all(conn)
                    .await
                    .expect("supports")
                    .len(),
                1
            );
        }
    }
}
