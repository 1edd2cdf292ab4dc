use super::pabulib::{self, PabulibError};
use super::*;

fn project(key: &str, euros: i64) -> Project {
    Project {
        key: key.to_owned(),
        cost: euros * 100,
    }
}

fn approval(list: &[usize]) -> Ballot {
    Ballot::Approval(list.to_vec())
}

fn funded_keys(instance: &Instance, outcome: &Outcome) -> Vec<String> {
    outcome
        .funded()
        .into_iter()
        .map(|p| instance.projects[p].key.clone())
        .collect()
}

/// 51% of the voters want a, b, c; 49% want d, e. Greedy gives the majority
/// everything; Equal Shares gives the minority its share.
fn majority_instance() -> Instance {
    let projects = vec![
        project("a", 300),
        project("b", 300),
        project("c", 300),
        project("d", 300),
        project("e", 300),
    ];
    let mut ballots = Vec::new();
    for _ in 0..51 {
        ballots.push(approval(&[0, 1, 2]));
    }
    for _ in 0..49 {
        ballots.push(approval(&[3, 4]));
    }
    Instance {
        budget: 900 * 100,
        projects,
        ballots,
    }
}

#[test]
fn greedy_funds_the_most_voted_that_fit() {
    let instance = majority_instance();
    let outcome = count(&instance, Rule::Greedy);
    assert_eq!(funded_keys(&instance, &outcome), ["a", "b", "c"]);
    assert_eq!(outcome.budget_used, 90_000);
    assert_eq!(outcome.voters, 100);
    assert_eq!(outcome.projects[0].votes, 51);
    assert_eq!(
        outcome.projects[3].reason,
        Reason::NotFundedDoesNotFit {
            votes: 49,
            left: 0,
            cost: 30_000
        }
    );
}

#[test]
fn greedy_skips_what_does_not_fit_and_keeps_going() {
    let instance = Instance {
        budget: 1000,
        projects: vec![
            Project {
                key: "big".into(),
                cost: 900,
            },
            Project {
                key: "mid".into(),
                cost: 500,
            },
            Project {
                key: "small".into(),
                cost: 100,
            },
            Project {
                key: "none".into(),
                cost: 1,
            },
        ],
        ballots: vec![approval(&[0, 1, 2]), approval(&[0, 1]), approval(&[0])],
    };
    let outcome = count(&instance, Rule::Greedy);
    assert_eq!(funded_keys(&instance, &outcome), ["big", "small"]);
    assert_eq!(outcome.projects[3].reason, Reason::NoVotes);
    assert!(!outcome.projects[3].funded, "no votes, never funded");
}

#[test]
fn greedy_ties_go_to_the_lowest_key() {
    let instance = Instance {
        budget: 100,
        projects: vec![
            Project {
                key: "b".into(),
                cost: 100,
            },
            Project {
                key: "a".into(),
                cost: 100,
            },
            Project {
                key: "10".into(),
                cost: 100,
            },
        ],
        ballots: vec![approval(&[0, 1]), approval(&[2])],
    };
    let outcome = count(&instance, Rule::Greedy);
    // All three have one vote: "10" < "a" < "b" as strings.
    assert_eq!(funded_keys(&instance, &outcome), ["10"]);
}

#[test]
fn equal_shares_is_proportional() {
    let instance = majority_instance();
    let outcome = count(&instance, Rule::EqualShares);
    let keys = funded_keys(&instance, &outcome);
    assert_eq!(keys.len(), 3);
    assert!(keys.contains(&"d".to_owned()), "{keys:?}");
    assert!(matches!(
        outcome.projects[0].reason,
        Reason::FundedByEqualShares { supporters: 51, .. }
    ));
}

#[test]
fn equal_shares_completion_spends_what_is_left() {
    // One project nobody can pay from an equal share; completion funds it.
    let instance = Instance {
        budget: 1000,
        projects: vec![
            Project {
                key: "x".into(),
                cost: 600,
            },
            Project {
                key: "y".into(),
                cost: 400,
            },
        ],
        ballots: vec![approval(&[0]), approval(&[1]), approval(&[1])],
    };
    let outcome = count(&instance, Rule::EqualShares);
    assert_eq!(outcome.budget_used, 1000);
    assert!(outcome.projects[0].funded && outcome.projects[1].funded);
}

#[test]
fn counting_twice_gives_the_same_outcome() {
    let instance = majority_instance();
    for rule in Rule::ALL {
        assert_eq!(count(&instance, rule), count(&instance, rule));
    }
}

#[test]
fn cumulative_counts_points() {
    let instance = Instance {
        budget: 1000,
        projects: vec![
            Project {
                key: "a".into(),
                cost: 600,
            },
            Project {
                key: "b".into(),
                cost: 600,
            },
        ],
        ballots: vec![
            Ballot::Cumulative(vec![(0, 3), (1, 2)]),
            Ballot::Cumulative(vec![(1, 5)]),
        ],
    };
    let outcome = count(&instance, Rule::Greedy);
    assert_eq!(outcome.projects[1].votes, 7);
    assert_eq!(funded_keys(&instance, &outcome), ["b"]);
    let outcome = count(&instance, Rule::EqualShares);
    assert_eq!(funded_keys(&instance, &outcome), ["b"]);
}

#[test]
fn empty_rounds_do_not_panic() {
    let instance = Instance {
        budget: 0,
        projects: vec![],
        ballots: vec![],
    };
    for rule in Rule::ALL {
        let outcome = count(&instance, rule);
        assert_eq!(outcome.budget_used, 0);
    }
    let instance = Instance {
        budget: 100,
        projects: vec![Project {
            key: "a".into(),
            cost: 50,
        }],
        ballots: vec![],
    };
    for rule in Rule::ALL {
        assert_eq!(count(&instance, rule).projects[0].reason, Reason::NoVotes);
    }
}

#[test]
fn rule_names_round_trip() {
    for rule in Rule::ALL {
        assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
    }
    assert!("majority".parse::<Rule>().is_err());
}

#[test]
fn ballots_are_validated_with_a_field_and_reason() {
    let projects = vec![project("a", 100), project("b", 200), project("c", 300)];
    let any = BallotKind::Approval {
        max_projects: None,
        max_total: None,
    };
    assert_eq!(validate_ballot(&any, &projects, &approval(&[0, 2])), Ok(()));
    assert_eq!(
        validate_ballot(&any, &projects, &approval(&[])),
        Err(BallotError::Empty)
    );
    assert_eq!(
        validate_ballot(&any, &projects, &approval(&[3])),
        Err(BallotError::UnknownProject { index: 3 })
    );
    assert_eq!(
        validate_ballot(&any, &projects, &approval(&[1, 1])),
        Err(BallotError::DuplicateProject { index: 1 })
    );
    let two = BallotKind::Approval {
        max_projects: Some(2),
        max_total: None,
    };
    let e = validate_ballot(&two, &projects, &approval(&[0, 1, 2])).expect_err("rejected");
    assert_eq!(e, BallotError::TooManyProjects { max: 2, got: 3 });
    assert_eq!(e.field(), "projects");
    let knapsack = BallotKind::Approval {
        max_projects: None,
        max_total: Some(40_000),
    };
    assert_eq!(
        validate_ballot(&knapsack, &projects, &approval(&[1, 2])),
        Err(BallotError::OverBudget {
            max: 40_000,
            total: 50_000
        })
    );
    assert_eq!(
        validate_ballot(&knapsack, &projects, &approval(&[0, 2])),
        Ok(())
    );
    let points = BallotKind::Cumulative { points: 10 };
    assert_eq!(
        validate_ballot(
            &points,
            &projects,
            &Ballot::Cumulative(vec![(0, 4), (1, 6)])
        ),
        Ok(())
    );
    let e = validate_ballot(
        &points,
        &projects,
        &Ballot::Cumulative(vec![(0, 4), (1, 5)]),
    )
    .expect_err("rejected");
    assert_eq!(
        e,
        BallotError::PointsDontAddUp {
            expected: 10,
            got: 9
        }
    );
    assert_eq!(e.field(), "points");
    assert_eq!(
        validate_ballot(
            &points,
            &projects,
            &Ballot::Cumulative(vec![(0, 10), (1, 0)])
        ),
        Err(BallotError::ZeroPoints { index: 1 })
    );
    assert!(matches!(
        validate_ballot(&points, &projects, &approval(&[0])),
        Err(BallotError::WrongKind { .. })
    ));
}

#[test]
fn euros_are_written_for_residents() {
    assert_eq!(euros_nl(314_000), "€ 3.140");
    assert_eq!(euros_nl(2_500_000_000), "€ 25.000.000");
    assert_eq!(euros_nl(314_050), "€ 3.140,50");
    assert_eq!(euros_nl(5), "€ 0,05");
    assert_eq!(euros_en(314_050), "€3,140.50");
    assert_eq!(euros_en(100_000), "€1,000");
}

#[test]
fn every_reason_has_a_sentence() {
    let r = Reason::NotFundedSupportersShort {
        supporters: 212,
        left: 314_000,
        cost: 2_500_000,
        budget_left: 0,
    };
    assert_eq!(
        r.sentence_nl(),
        "Niet gekozen: de 212 steunbetuigers hadden samen nog € 3.140 van hun deel over; het project kost € 25.000."
    );
    assert_eq!(
        r.sentence_en(),
        "Not funded: its 212 supporters had €3,140 left of their share; it costs €25,000."
    );
    for rule in Rule::ALL {
        let outcome = count(&majority_instance(), rule);
        for p in &outcome.projects {
            assert!(p.reason.sentence_nl().ends_with('.'));
            assert!(p.reason.sentence_en().ends_with('.'));
        }
    }
}

const SAMPLE: &str = "META
key;value
description;Test round
budget;1000.50
vote_type;approval
max_length;2
rule;equalshares/add1
PROJECTS
project_id;cost;name
1;600;Park
2;400.50;Bankjes
3;200;Licht
VOTES
voter_id;vote
a;1,2
b;2
c;3,1
";

#[test]
fn pabulib_is_parsed() {
    let file = pabulib::parse(SAMPLE).expect("parses");
    assert_eq!(file.instance.budget, 100_050);
    assert_eq!(file.instance.projects[1].cost, 40_050);
    assert_eq!(file.project_names[0], "Park");
    assert_eq!(file.rule, Some(Rule::EqualShares));
    assert_eq!(
        file.kind,
        BallotKind::Approval {
            max_projects: Some(2),
            max_total: None
        }
    );
    assert_eq!(file.instance.ballots[2], approval(&[2, 0]));
    assert_eq!(file.meta("description"), Some("Test round"));
}

#[test]
fn pabulib_round_trips() {
    let file = pabulib::parse(SAMPLE).expect("parses");
    let text = pabulib::write(
        &file.instance,
        &file.kind,
        file.rule,
        &[("description", "Test round")],
    );
    let again = pabulib::parse(&text).expect("parses again");
    assert_eq!(again.instance.budget, file.instance.budget);
    assert_eq!(again.instance.projects, file.instance.projects);
    assert_eq!(again.kind, file.kind);
    assert_eq!(again.rule, file.rule);
    // Ballots are written sorted, under pseudonymous ids.
    let mut a = file.instance.ballots.clone();
    let mut b = again.instance.ballots.clone();
    a.sort_by_key(|x| format!("{x:?}"));
    b.sort_by_key(|x| format!("{x:?}"));
    assert_eq!(a, b);
    assert_eq!(again.voter_ids, ["1", "2", "3"]);
    for rule in Rule::ALL {
        assert_eq!(
            count(&file.instance, rule).funded().len(),
            count(&again.instance, rule).funded().len()
        );
    }

    let cumulative = Instance {
        budget: 12_345,
        projects: vec![project("x", 10), project("y", 20)],
        ballots: vec![
            Ballot::Cumulative(vec![(0, 3), (1, 7)]),
            Ballot::Cumulative(vec![(1, 10)]),
        ],
    };
    let kind = BallotKind::Cumulative { points: 10 };
    let text = pabulib::write(&cumulative, &kind, None, &[]);
    let again = pabulib::parse(&text).expect("cumulative parses");
    assert_eq!(again.kind, kind);
    assert_eq!(again.instance, cumulative);
}

fn parse_err(text: &str) -> PabulibError {
    pabulib::parse(text).expect_err("must be rejected")
}

#[test]
fn malformed_pabulib_names_line_and_reason() {
    let e = parse_err("PROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n");
    assert!(e.reason.contains("META"), "{e}");
    let e = parse_err(&SAMPLE.replace("2;400.50;Bankjes", "2;abc;Bankjes"));
    assert_eq!(e.line, 11);
    assert!(e.reason.contains("abc"));
    let e = parse_err(&SAMPLE.replace("2;400.50;Bankjes", "2;0;Bankjes"));
    assert_eq!(e.line, 11);
    assert!(e.reason.contains("more than 0"));
    let e = parse_err(&SAMPLE.replace("c;3,1", "c;3,9"));
    assert_eq!(e.line, 17);
    assert!(e.reason.contains("project 9"));
    let e = parse_err(&SAMPLE.replace("c;3,1", "c;3,3"));
    assert!(e.reason.contains("twice"));
    let e = parse_err(&SAMPLE.replace("budget;1000.50", "budget;ten"));
    assert!(e.reason.contains("budget"));
    let e = parse_err(&SAMPLE.replace("vote_type;approval", "vote_type;ordinal"));
    assert!(e.reason.contains("ordinal"));
    let e = parse_err(&SAMPLE.replace("3;200;Licht", "3;200;Licht;extra"));
    assert_eq!(e.line, 12);
    let e = parse_err(&SAMPLE.replace("budget;1000.50", "budget;1000.505"));
    assert!(e.reason.contains("budget"));
}

#[test]
fn pabulib_never_panics_on_garbage() {
    // A tiny deterministic generator: garbage made of the format's own pieces
    // and random bytes.
    let pieces = [
        "META\n",
        "PROJECTS\n",
        "VOTES\n",
        "key;value\n",
        "budget;",
        "vote_type;cumulative\n",
        "vote_type;approval\n",
        "project_id;cost;name\n",
        "voter_id;vote;points\n",
        "1;",
        "2,",
        ",",
        ";",
        "\n",
        "-5",
        "1e9",
        "99999999999999999999",
        ".",
        "é",
        "\r\n",
        "max_sum_points;x\n",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let mut text = String::new();
        let len = next() % 40;
        for _ in 0..len {
            let r = next();
            if r % 5 == 0 {
                let bytes: Vec<u8> = (0..(r % 7)).map(|_| (next() % 256) as u8).collect();
                text.push_str(&String::from_utf8_lossy(&bytes));
            } else {
                text.push_str(pieces[(r as usize / 5) % pieces.len()]);
            }
        }
        if let Ok(file) = pabulib::parse(&text) {
            for rule in Rule::ALL {
                let _ = count(&file.instance, rule);
            }
        }
    }
}

#[test]
fn skipping_unchanged_steps_gives_the_same_result() {
    // Few voters and large costs: the completion needs many one-cent steps.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..60 {
        let n = 2 + next(6) as usize;
        let projects: Vec<Project> = (0..n)
            .map(|i| Project {
                key: format!("p{i}"),
                cost: (1 + next(8) as i64) * 700,
            })
            .collect();
        let total: i64 = projects.iter().map(|p| p.cost).sum();
        let cumulative = next(3) == 0;
        let ballots = (0..1 + next(7))
            .map(|_| {
                let mut chosen: Vec<usize> = (0..n).filter(|_| next(2) == 0).collect();
                if chosen.is_empty() {
                    chosen.push(next(n as u64) as usize);
                }
                if cumulative {
                    Ballot::Cumulative(
                        chosen
                            .into_iter()
                            .map(|p| (p, 1 + next(3) as u32))
                            .collect(),
                    )
                } else {
                    Ballot::Approval(chosen)
                }
            })
            .collect();
        let instance = Instance {
            budget: total * (30 + next(50) as i64) / 100,
            projects,
            ballots,
        };
        assert_eq!(
            count(&instance, Rule::EqualShares),
            super::count::count_every_step(&instance, Rule::EqualShares),
            "{instance:?}"
        );
    }
}
