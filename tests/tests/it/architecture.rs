//! The layers point one way: server → api, search, mail → app → storage →
//! domain (docs/ARCHITECTURE.md). This reads the workspace's own manifests
//! through `cargo metadata` and fails when a crate depends on one it may not.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// For each crate of the workspace, the Plein crates it may depend on
/// (normal and build dependencies; dev-dependencies are tests' business).
/// `None`: anything, for the crates at the top that wire it all together.
fn allowed(krate: &str) -> Option<Option<&'static [&'static str]>> {
    let rule: Option<&'static [&'static str]> = match krate {
        "plein-domain" | "plein-migrations" => Some(&[]),
        "plein-storage" => Some(&["plein-domain", "plein-migrations"]),
        "plein-app" => Some(&["plein-domain", "plein-storage"]),
        // Adapters implement app's ports; they reach the database only
        // through app.
        "plein-search" | "plein-mail" => Some(&["plein-app", "plein-domain"]),
        // The API translates; rows and queries are app's and storage's.
        "plein-api" => Some(&["plein-app", "plein-domain"]),
        "plein-server" | "plein-tests" | "plein-bench" => None,
        _ => return None,
    };
    Some(rule)
}

fn workspace_dependencies() -> BTreeMap<String, Vec<String>> {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let mut crates = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name").to_owned();
        let deps = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|dep| dep["kind"].as_str() != Some("dev"))
            .filter_map(|dep| dep["name"].as_str())
            .filter(|dep| dep.starts_with("plein-"))
            .map(str::to_owned)
            .collect();
        crates.insert(name, deps);
    }
    crates
}

#[test]
fn every_crate_depends_only_on_the_layers_below_it() {
    let crates = workspace_dependencies();
    assert!(
        crates.contains_key("plein-app"),
        "the workspace was read: {crates:?}"
    );
    let mut wrong = Vec::new();
    for (krate, deps) in &crates {
        match allowed(krate) {
            None => wrong.push(format!(
                "{krate} is not in the table of layers in tests/tests/it/architecture.rs \
                 and docs/ARCHITECTURE.md: add it there"
            )),
            Some(None) => {}
            Some(Some(may)) => {
                for dep in deps.iter().filter(|dep| !may.contains(&dep.as_str())) {
                    wrong.push(format!("{krate} depends on {dep}; it may use only {may:?}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the layers:\n{}",
        wrong.join("\n")
    );
}
