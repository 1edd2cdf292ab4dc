//! The `plein` binary's commands, run as an operator would run them.

use std::process::{Command, Output};

fn plein(data_dir: &std::path::Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(args)
        .env("PLEIN_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("PLEIN_ADMIN_PASSWORD", "beheer-wachtwoord-2026")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run plein")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "plein failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn seed_demo_builds_a_municipality_once() {
    let (url, _guard) = plein_tests::fresh_database().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let first = stdout(&plein(dir.path(), &url, &["seed-demo"]));
    assert!(
        first.contains("Created 34 demo areas, accounts, ideas and plans"),
        "{first}"
    );
    let second = stdout(&plein(dir.path(), &url, &["seed-demo"]));
    assert!(second.contains("nothing changed"), "{second}");

    // The demo is there for the API to read.
    let db = plein_storage::connect(&url, 2).await.expect("connect");
    let app = plein_app::App::new(
        db,
        std::sync::Arc::new(plein_app::SystemClock),
        plein_app::Settings::default(),
    );
    let roots = app.root_areas().await.expect("roots");
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].name, "Gemeente Amstelveld");
    let districts = app.children_of(&[roots[0].id]).await.expect("districts");
    assert_eq!(districts.len(), 5);
    let neighbourhoods = app
        .children_of(&districts.iter().map(|d| d.id).collect::<Vec<_>>())
        .await
        .expect("neighbourhoods");
    assert_eq!(neighbourhoods.len(), 15);

    // And a living square: published ideas with supports, a plan open for feedback.
    let anonymous = plein_app::Actor::default();
    let ideas = app
        .ideas(
            &anonymous,
            &plein_app::ideas::IdeaQuery {
                area_id: Some(roots[0].id),
                ..Default::default()
            },
            plein_storage::listing::Sort::MostSupported,
            &plein_app::page::PageArgs::parse(Some(10), None).expect("page"),
        )
        .await
        .expect("ideas");
    // The fifth idea is a draft: nobody else sees it.
    assert_eq!(ideas.page.total_count, 4);
    assert_eq!(
        ideas.page.items[0].1.title,
        "Meer bankjes langs de Molenvliet"
    );
}

#[tokio::test]
async fn create_admin_creates_then_promotes() {
    let (url, _guard) = plein_tests::fresh_database().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let created = stdout(&plein(
        dir.path(),
        &url,
        &[
            "create-admin",
            "--email",
            "beheer@amstelveld.nl",
            "--name",
            "Beheer",
        ],
    ));
    assert!(
        created.contains("Created admin account beheer@amstelveld.nl"),
        "{created}"
    );
    let again = stdout(&plein(
        dir.path(),
        &url,
        &["create-admin", "--email", "beheer@amstelveld.nl"],
    ));
    assert!(again.contains("already an admin"), "{again}");

    let bad = plein(dir.path(), &url, &["create-admin", "--email", "geen-adres"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("email"));
}

#[test]
fn migrate_creates_the_sqlite_file_under_the_data_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let output = Command::new(env!("CARGO_BIN_EXE_plein"))
        .arg("migrate")
        .env("PLEIN_DATA_DIR", &data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run plein");
    assert!(stdout(&output).contains("up to date"));
    assert!(data.join("plein.db").is_file());
}

#[test]
fn export_schema_prints_the_checked_in_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["export-schema", "--output", "-"])
        .output()
        .expect("run plein");
    let printed = stdout(&output);
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql"))
            .expect("schema.graphql");
    assert_eq!(printed, on_disk);
}

#[test]
fn bad_configuration_is_refused_with_the_variable_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = Command::new(env!("CARGO_BIN_EXE_plein"))
        .arg("migrate")
        .env("PLEIN_DATA_DIR", dir.path())
        .env("PLEIN_LISTEN", "nowhere")
        .output()
        .expect("run plein");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PLEIN_LISTEN"));
}

/// The seeder's multi-row inserts stay under SQLite's bind-parameter limit
/// (from 400 ideas on they did not), and its progress, off a terminal, comes
/// as separate lines rather than one line of `\r`-joined counts.
#[tokio::test]
async fn seed_at_scale_1000_works_and_reports_progress_line_by_line() {
    let (url, _guard) = plein_tests::fresh_database().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let output = plein(dir.path(), &url, &["seed", "--scale", "1000"]);
    let printed = stdout(&output);
    assert!(printed.contains("1000 ideas"), "{printed}");
    assert!(printed.contains("Indexed "), "{printed}");
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(!progress.contains('\r'), "{progress}");
    assert!(progress.contains("ideas: 1000 of 1000\n"), "{progress}");
    for line in progress.lines() {
        assert!(
            line.matches("documents read").count() <= 1,
            "run-together progress: {line}"
        );
    }
    assert!(progress.contains("documents read: "), "{progress}");

    // Reindexing on its own prints its count line by line too.
    let output = plein(dir.path(), &url, &["reindex"]);
    assert!(stdout(&output).contains("Indexed "));
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(!progress.contains('\r'), "{progress}");
}

/// A failing command says why on one line, without a backtrace unless
/// `RUST_BACKTRACE` asks for one.
#[tokio::test]
async fn a_failing_command_prints_its_cause_on_one_line() {
    let (url, _guard) = plein_tests::fresh_database().await;
    let dir = tempfile::tempdir().expect("tempdir");
    stdout(&plein(
        dir.path(),
        &url,
        &["seed", "--scale", "10", "--no-index"],
    ));
    // Seeding again collides with the first run's rows.
    let again = Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["seed", "--scale", "10", "--no-index"])
        .env("PLEIN_DATA_DIR", dir.path())
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .expect("run plein");
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("Error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    let error = errors[0].to_lowercase();
    assert!(error.starts_with("error: seeding: "), "{error}");
    assert!(error.contains("unique"), "the cause is missing: {error}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert!(!stderr.contains("Caused by"), "{stderr}");
}
