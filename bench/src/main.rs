//! `plein-bench`: drives a running Plein (started with `PLEIN_METRICS=true`
//! and `PLEIN_TRUST_PROXY=true`, on data from `plein seed --scale`) with
//! concurrent clients, checks every answer, and writes a Markdown report.

mod budget;
mod floor;
mod gql;
mod load;
mod report;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::gql::{Caller, Client};
use crate::load::Run;

#[derive(Parser)]
#[command(name = "plein-bench", about)]
struct Args {
    /// The running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Its database, for the floor and the support check.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Concurrent clients in the saturated runs.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// The fixed rate of the feed run, per second.
    #[arg(long, default_value_t = 500)]
    feed_rate: u32,
    /// The rate of the support run, per second.
    #[arg(long, default_value_t = 500)]
    support_rate: u32,
    /// The rate of the comment run, per second.
    #[arg(long, default_value_t = 50)]
    comment_rate: u32,
    /// The rate of the budget ballot run, per second: ballots replaced by
    /// the signed-in accounts that live in the round's district (about one
    /// in twelve), so keep it low enough for each to stay within its 60
    /// writes in ten minutes.
    #[arg(long, default_value_t = 10)]
    ballot_rate: u32,
    /// Generated accounts to sign in for the writes (each may write 60
    /// times in ten minutes).
    #[arg(long, default_value_t = 200)]
    accounts: u32,
    /// The first generated account to use (`bewoner<n>`); move it on between
    /// runs within ten minutes so the write limits do not bite.
    #[arg(long, default_value_t = 10)]
    first_account: u32,
    /// A label for the report, such as the data set.
    #[arg(long, default_value = "")]
    label: String,
    /// Where to write the Markdown report.
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

/// What the scenarios work on.
struct Fixture {
    area: Uuid,
    area_name: String,
    ideas: Vec<String>,
    callers: Vec<Caller>,
    round: budget::Round,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = Client::new(&args.url)?;
    let duration = Duration::from_secs(args.duration);
    let fixture = Arc::new(setup(&client, &args).await?);
    eprintln!(
        "Area {} ({}), {} ideas to visit, {} accounts signed in.",
        fixture.area_name,
        fixture.area,
        fixture.ideas.len(),
        fixture.callers.len()
    );
    eprintln!(
        "Budget round {} in voting with {} projects, {} voters.",
        fixture.round.id,
        fixture.round.projects.len(),
        fixture.round.voters.len()
    );
    let rss_start = client.memory().await?;

    let mut runs = Vec::new();
    let mut statements = Vec::new();
    let mut rss = Vec::new();

    // Reads: statements per request, then saturated.
    for (name, query, vars) in reads(&fixture) {
        let anonymous = Caller::default();
        let cost = statements_per_request(&client, query, |_| (&anonymous, vars.clone())).await?;
        statements.push((name, cost));
    }
    // Writes, each a new one, by the people the fixed-rate runs below use
    // least: comments on the last idea of the list, supports of the one
    // before it.
    {
        let f = &fixture;
        let caller = |n: u64| &f.callers[f.callers.len() - 1 - n as usize % f.callers.len()];
        let nth_last = |k: usize| f.ideas[f.ideas.len().saturating_sub(k)].clone();
        let (commented, supported) = (nth_last(1), nth_last(2));
        let cost = statements_per_request(&client, gql::COMMENT, |n| {
            let body = format!("Reactie {n} voor de telling van statements.");
            (caller(n), json!({ "idea": commented, "body": body }))
        })
        .await?;
        statements.push(("postComment", cost));
        let cost = statements_per_request(&client, gql::SUPPORT, |n| {
            (caller(n), json!({ "idea": supported }))
        })
        .await?;
        statements.push(("supportIdea", cost));
        if !f.round.voters.is_empty() {
            let voters = &f.round.voters;
            let cost = statements_per_request(&client, gql::CAST_BALLOT, |n| {
                let voter = voters[n as usize % voters.len()];
                (&f.callers[voter], f.round.ballot(n))
            })
            .await?;
            statements.push(("castBudgetBallot (replacing)", cost));
            // The round page as a voter sees it: with their ballot.
            let vars = json!({ "id": f.round.id, "onBallot": false });
            let cost = statements_per_request(&client, gql::BUDGET_ROUND, |n| {
                let voter = voters[n as usize % voters.len()];
                (&f.callers[voter], vars.clone())
            })
            .await?;
            statements.push(("budget round page, signed in as a voter", cost));
        }
    }
    for (name, query, vars) in reads(&fixture) {
        eprintln!("{name}: {} clients for {}s …", args.clients, args.duration);
        let run = closed_read(&client, name, query, vars, args.clients, duration).await;
        rss.push((name, client.memory().await?));
        runs.push(run);
    }
    // One client at a time: the feed's own cost over the floor's, and
    // search end to end without queueing.
    for (name, query, vars) in reads(&fixture) {
        if name == "idea page" {
            continue;
        }
        eprintln!("{name}: 1 client for {}s …", args.duration);
        runs.push(closed_read(&client, name, query, vars, 1, duration).await);
    }
    {
        let (name, query, vars) = reads(&fixture).swap_remove(0);
        eprintln!("feed at {}/s for {}s …", args.feed_rate, args.duration);
        let vars = Arc::new(vars);
        let c = client.clone();
        let run = load::open(name, args.feed_rate, 1024, duration, move |_| {
            let (c, vars) = (c.clone(), vars.clone());
            async move {
                c.outcome(&Caller::default(), query, (*vars).clone(), has_nodes)
                    .await
            }
        })
        .await;
        runs.push(run);
    }

    // Writes at a fixed rate, by many people.
    eprintln!("comments at {}/s …", args.comment_rate);
    let f = fixture.clone();
    let c = client.clone();
    runs.push(
        load::open("postComment", args.comment_rate, 1024, duration, move |n| {
            let (c, f) = (c.clone(), f.clone());
            async move {
                let caller = &f.callers[n as usize % f.callers.len()];
                let idea = &f.ideas[n as usize % f.ideas.len()];
                let body = format!("Reactie {n} uit de belasting­test: goed idee!");
                c.outcome(
                    caller,
                    gql::COMMENT,
                    json!({ "idea": idea, "body": body }),
                    |d| d["postComment"]["comment"]["id"].is_string(),
                )
                .await
            }
        })
        .await,
    );

    if fixture.round.voters.is_empty() {
        eprintln!("no signed-in account lives in the district: no ballots.");
    } else {
        eprintln!("budget ballots at {}/s …", args.ballot_rate);
        let f = fixture.clone();
        let c = client.clone();
        runs.push(
            load::open(
                "castBudgetBallot",
                args.ballot_rate,
                1024,
                duration,
                move |n| {
                    let (c, f) = (c.clone(), f.clone());
                    async move {
                        let voter = f.round.voters[n as usize % f.round.voters.len()];
                        c.outcome(
                            &f.callers[voter],
                            gql::CAST_BALLOT,
                            f.round.ballot(n),
                            |d| {
                                d["castBudgetBallot"]["replaced"] == json!(true)
                                    && d["castBudgetBallot"]["round"]["viewerHasVoted"]
                                        == json!(true)
                            },
                        )
                        .await
                    }
                },
            )
            .await,
        );
    }

    eprintln!("supports at {}/s …", args.support_rate);
    let before = support_state(&args.database_url, &fixture.ideas).await?;
    let f = fixture.clone();
    let c = client.clone();
    let attempts = Arc::new(AtomicU64::new(0));
    let a = attempts.clone();
    // Every pair (person, idea) comes twice, the second time at once from
    // another task: the database must keep one support.
    runs.push(
        load::open("supportIdea", args.support_rate, 1024, duration, move |n| {
            let (c, f, a) = (c.clone(), f.clone(), a.clone());
            async move {
                a.fetch_add(1, Ordering::Relaxed);
                let pair = n / 2;
                let caller = &f.callers[pair as usize % f.callers.len()];
                let idea = &f.ideas[(pair as usize / f.callers.len()) % f.ideas.len()];
                c.outcome(caller, gql::SUPPORT, json!({ "idea": idea }), |d| {
                    d["supportIdea"]["idea"]["viewerHasSupported"] == json!(true)
                })
                .await
            }
        })
        .await,
    );
    let after = support_state(&args.database_url, &fixture.ideas).await?;
    rss.push(("writes", client.memory().await?));

    eprintln!("floor: the feed's SQL straight against the database …");
    let (floor_run, floor_statements) =
        floor::run(&args.database_url, fixture.area, duration).await?;
    runs.push(floor_run);

    let supports = report::SupportCheck {
        attempts: attempts.load(Ordering::Relaxed),
        rows_before: before.0,
        rows_after: after.0,
        mismatched_counts: after.1,
        duplicates: after.2,
    };
    let text = report::markdown(&report::Report {
        label: &args.label,
        url: &args.url,
        clients: args.clients,
        duration: args.duration,
        area: &fixture.area_name,
        budget_round: &format!(
            "{} projects in voting in the same district, each with its area, author and two history entries; {} of the signed-in accounts live there and vote, 3 projects a ballot",
            fixture.round.projects.len(),
            fixture.round.voters.len()
        ),
        runs: &runs,
        statements: &statements,
        floor_statements,
        rss_start,
        rss: &rss,
        supports: &supports,
    });
    println!("{text}");
    if let Some(path) = &args.report {
        std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("Wrote {}.", path.display());
    }
    Ok(())
}

fn has_nodes(data: &Value) -> bool {
    data["ideas"]["nodes"].as_array().is_some_and(|nodes| {
        nodes.len() == 20 && nodes.iter().all(|n| n["author"]["id"].is_string())
    })
}

type Read = (&'static str, &'static str, Value);

fn reads(f: &Fixture) -> Vec<Read> {
    vec![
        ("feed", gql::FEED, json!({ "area": f.area })),
        ("idea page", gql::IDEA, json!({ "id": f.ideas[0] })),
        ("search", gql::SEARCH, json!({ "q": "bankjes Dorpsstraat" })),
        (
            "budget round page",
            gql::BUDGET_ROUND,
            json!({ "id": f.round.id, "onBallot": false }),
        ),
        (
            "budget round page with authors and history",
            gql::BUDGET_ROUND_FULL,
            json!({ "id": f.round.id }),
        ),
    ]
}

fn read_check(name: &str) -> fn(&Value) -> bool {
    match name {
        "feed" => has_nodes,
        "idea page" => |d: &Value| {
            d["idea"]["comments"]["nodes"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        },
        "budget round page" => budget::has_projects,
        "budget round page with authors and history" => budget::has_history,
        _ => |d: &Value| {
            d["search"]["edges"]
                .as_array()
                .is_some_and(|e| !e.is_empty())
        },
    }
}

async fn closed_read(
    client: &Client,
    name: &'static str,
    query: &'static str,
    vars: Value,
    clients: usize,
    duration: Duration,
) -> Run {
    let c = client.clone();
    let vars = Arc::new(vars);
    let check = read_check(name);
    load::closed(name, clients, duration, move |_| {
        let (c, vars) = (c.clone(), vars.clone());
        async move {
            c.outcome(&Caller::default(), query, (*vars).clone(), check)
                .await
        }
    })
    .await
}

/// SQL statements per request: the counter's growth over 100 requests in
/// a row (`request(n)` says who sends the n-th and with what), including
/// what the outbox worker does for them within half a second, less what
/// the server runs meanwhile on its own (the worker's polling), measured
/// over as long before.
async fn statements_per_request<'a>(
    client: &Client,
    query: &str,
    request: impl Fn(u64) -> (&'a Caller, Value),
) -> anyhow::Result<Option<f64>> {
    const N: u64 = 100;
    let send = |n: u64| {
        let (caller, vars) = request(n);
        async move {
            client
                .send(caller, query, vars)
                .await
                .map_err(anyhow::Error::msg)
        }
    };
    // The first request warms what a later one would find ready.
    send(0).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let s0 = client.metric("plein_sql_statements_total").await?;
    let started = Instant::now();
    for n in 1..=N {
        send(n).await?;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let busy = started.elapsed();
    let s1 = client.metric("plein_sql_statements_total").await?;
    tokio::time::sleep(busy).await;
    let s2 = client.metric("plein_sql_statements_total").await?;
    let idle = s2.saturating_sub(s1);
    Ok(Some((s1 - s0).saturating_sub(idle) as f64 / N as f64))
}

async fn setup(client: &Client, args: &Args) -> anyhow::Result<Fixture> {
    let anonymous = Caller::default();
    let tree = client
        .send(&anonymous, gql::AREAS, json!({}))
        .await
        .map_err(anyhow::Error::msg)?;
    // The first district of the first municipality: about a twelfth of it.
    let district = &tree["areaTree"][0]["children"][0];
    let area: Uuid = district["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .context("no district; seed the database with `plein seed --scale N` first")?;
    let area_name = district["name"].as_str().unwrap_or_default().to_owned();
    let data = client
        .send(&anonymous, gql::IDEA_IDS, json!({ "area": area }))
        .await
        .map_err(anyhow::Error::msg)?;
    let ideas: Vec<String> = data["ideas"]["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|n| n["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    anyhow::ensure!(!ideas.is_empty(), "the district has no ideas");

    eprintln!("Signing in {} accounts …", args.accounts);
    let mut callers = Vec::new();
    let mut homes = Vec::new();
    let mut pending = Vec::new();
    for i in 0..args.accounts {
        let n = args.first_account + i;
        let c = client.clone();
        // A client address per person, as if each came from home.
        let address = format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255);
        pending.push(tokio::spawn(async move {
            let caller = Caller {
                token: None,
                address: Some(address),
            };
            let data = c
                .send(
                    &caller,
                    gql::SIGN_IN,
                    json!({ "email": format!("bewoner{n}@seed.plein.example"), "password": "plein-seed-2026" }),
                )
                .await?;
            let home = data["signIn"]["user"]["homeArea"]["id"]
                .as_str()
                .map(str::to_owned);
            Ok::<_, String>((
                Caller {
                    token: data["signIn"]["token"].as_str().map(str::to_owned),
                    ..caller
                },
                home,
            ))
        }));
        if pending.len() == 8 {
            for task in pending.drain(..) {
                let (caller, home) = task.await?.map_err(anyhow::Error::msg)?;
                callers.push(caller);
                homes.push(home);
            }
        }
    }
    for task in pending {
        let (caller, home) = task.await?.map_err(anyhow::Error::msg)?;
        callers.push(caller);
        homes.push(home);
    }
    let round = budget::setup(client, &area.to_string(), &callers, &homes).await?;
    Ok(Fixture {
        area,
        area_name,
        ideas,
        callers,
        round,
    })
}

/// For the ideas: the support rows, the ideas whose support count differs
/// from their rows, and (person, idea) pairs held more than once.
async fn support_state(database_url: &str, ideas: &[String]) -> anyhow::Result<(u64, u64, u64)> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = plein_storage::connect(database_url, 1).await?;
    let ids: Vec<Uuid> = ideas.iter().filter_map(|s| s.parse().ok()).collect();
    let list = ids
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(",");
    let backend = db.backend();
    let one = |sql: String| {
        let conn = db.conn.clone();
        async move {
            let row = conn
                .query_one_raw(Statement::from_string(backend, sql))
                .await?
                .context("no row")?;
            let n: i64 = row.try_get_by_index(0)?;
            Ok::<u64, anyhow::Error>(n as u64)
        }
    };
    let rows = one(format!(
        "SELECT COUNT(*) FROM supports WHERE idea_id IN ({list})"
    ))
    .await?;
    let mismatched = one(format!(
        "SELECT COUNT(*) FROM ideas i WHERE i.id IN ({list}) AND i.support_count <> \
         (SELECT COUNT(*) FROM supports s WHERE s.idea_id = i.id)"
    ))
    .await?;
    let duplicates = one(format!(
        "SELECT COUNT(*) FROM (SELECT idea_id, user_id FROM supports WHERE idea_id IN ({list}) \
         GROUP BY idea_id, user_id HAVING COUNT(*) > 1) d"
    ))
    .await?;
    Ok((rows, mismatched, duplicates))
}
