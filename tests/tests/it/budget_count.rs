//! The budget count against pabutools, the reference implementation of the
//! rules: many generated rounds (small and medium, approval and cumulative,
//! with deliberate ties in costs and votes) are written as `.pb` files, read
//! back, counted by Plein and by pabutools (one Python process for all
//! files), and the selected projects must be the same for both rules.
//!
//! pabutools comes from `PLEIN_PABUTOOLS` (a Python with pabutools installed,
//! see `scripts/pabutools-venv.sh`). Without it the test is skipped, unless
//! `PLEIN_TEST_PABUTOOLS=1`, in which case that is a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use plein_domain::budget::{Ballot, BallotKind, Instance, Project, Rule, count, pabulib};

/// A tiny deterministic generator (xorshift), so the rounds are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// In `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn python() -> Option<PathBuf> {
    std::env::var_os("PLEIN_PABUTOOLS")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pabutools/count.py")
}

/// One generated round. `size` 0 is small, 1 medium.
fn generate(rng: &mut Rng, size: u64, cumulative: bool) -> (Instance, BallotKind) {
    let (projects, voters) = if size == 0 {
        (rng.range(2, 7) as usize, rng.range(2, 12) as usize)
    } else {
        (rng.range(8, 16) as usize, rng.range(15, 50) as usize)
    };
    // Few distinct costs (€100 to €1,000, so the completion's one-euro steps
    // take many runs), so equal costs happen; some with cents.
    let costs = [
        10_000, 15_050, 20_000, 25_000, 30_000, 45_075, 50_000, 75_000, 100_000,
    ];
    let projects: Vec<Project> = (0..projects)
        .map(|i| Project {
            // "p10" sorts before "p2": ties follow the ids as strings, as in pabutools.
            key: format!("p{}", i + 1),
            cost: costs[rng.range(0, costs.len() as u64 - 1) as usize]
                * (1 + rng.range(0, 1) as i64 * 2),
        })
        .collect();
    let total: i64 = projects.iter().map(|p| p.cost).sum();
    let budget = (total * rng.range(25, 70) as i64 / 100).max(10_000);
    let n = projects.len();
    // A few ballot "types" repeated, so vote counts tie.
    let mut types: Vec<Vec<usize>> = Vec::new();
    for _ in 0..rng.range(1, 5) {
        let mut chosen: Vec<usize> = (0..n).filter(|_| rng.range(0, 2) == 0).collect();
        if chosen.is_empty() {
            chosen.push(rng.range(0, n as u64 - 1) as usize);
        }
        types.push(chosen);
    }
    let points = 5u32;
    let ballots = (0..voters)
        .map(|_| {
            let chosen = if rng.range(0, 2) == 0 {
                types[rng.range(0, types.len() as u64 - 1) as usize].clone()
            } else {
                let mut c: Vec<usize> = (0..n).filter(|_| rng.range(0, 3) == 0).collect();
                if c.is_empty() {
                    c.push(rng.range(0, n as u64 - 1) as usize);
                }
                c
            };
            if cumulative {
                // Spread exactly `points` over the chosen projects.
                let chosen: Vec<usize> = chosen.into_iter().take(points as usize).collect();
                let mut given = vec![1u32; chosen.len()];
                for _ in chosen.len() as u32..points {
                    let i = rng.range(0, chosen.len() as u64 - 1) as usize;
                    given[i] += 1;
                }
                Ballot::Cumulative(chosen.into_iter().zip(given).collect())
            } else {
                Ballot::Approval(chosen)
            }
        })
        .collect();
    let kind = if cumulative {
        BallotKind::Cumulative { points }
    } else {
        BallotKind::Approval {
            max_projects: None,
            max_total: None,
        }
    };
    (
        Instance {
            budget,
            projects,
            ballots,
        },
        kind,
    )
}

#[test]
fn outcomes_match_pabutools() {
    let Some(python) = python() else {
        if std::env::var("PLEIN_TEST_PABUTOOLS").as_deref() == Ok("1") {
            panic!(
                "PLEIN_TEST_PABUTOOLS=1 but PLEIN_PABUTOOLS is not set; run \
                 `scripts/pabutools-venv.sh` and export what it prints"
            );
        }
        eprintln!(
            "budget_count: skipped, PLEIN_PABUTOOLS is not set (see scripts/pabutools-venv.sh)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng(0x5eed_0021_b0d6_e7a1);
    let mut files: Vec<(String, Instance)> = Vec::new();
    for i in 0..300u64 {
        let size = if i % 3 == 2 { 1 } else { 0 };
        let cumulative = i % 4 == 3;
        let (instance, kind) = generate(&mut rng, size, cumulative);
        let text = pabulib::write(&instance, &kind, None, &[("description", "generated")]);
        let path = dir.path().join(format!("round-{i:03}.pb"));
        std::fs::write(&path, &text).expect("write .pb");
        // Count what was read back from the file, as an imported round is.
        let parsed = pabulib::parse(&text).expect("generated file parses");
        files.push((path.display().to_string(), parsed.instance));
    }

    let output = Command::new(&python)
        .arg(script())
        .args(files.iter().map(|(p, _)| p))
        .output()
        .expect("run pabutools");
    assert!(
        output.status.success(),
        "pabutools failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut theirs: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 3, "unexpected line {line:?}");
        let ids = cols[2]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        theirs.insert((cols[0].to_owned(), cols[1].to_owned()), ids);
    }

    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (path, instance) in &files {
        for rule in Rule::ALL {
            let mut ours: Vec<String> = count(instance, rule)
                .funded()
                .into_iter()
                .map(|p| instance.projects[p].key.clone())
                .collect();
            ours.sort();
            let Some(expected) = theirs.get(&(path.clone(), rule.as_str().to_owned())) else {
                panic!("pabutools printed nothing for {path} {rule}");
            };
            compared += 1;
            if &ours != expected {
                mismatches.push(format!(
                    "{path} {rule}: Plein {ours:?}, pabutools {expected:?}"
                ));
            }
        }
    }
    assert_eq!(compared, 600);
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
