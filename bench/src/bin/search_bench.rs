//! `search-bench`: one query mix, timed side by side in one run against the
//! same data: (a) Plein on Meilisearch end to end (the web app's `search`
//! query over HTTP), (b) Meilisearch directly over HTTP with the very body
//! Plein's adapter sends for that query, and (c) optionally a second Plein
//! server on the same database with the embedded engine. Queries go one at
//! a time, the three targets in turn for each query, so a busy moment of the
//! machine falls on all of them alike. Then, with `PLEIN_METRICS=true` on the
//! servers, the SQL statements one search costs.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use clap::Parser;
use plein_app::search::{SearchQuery, SearchSort};
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Parser)]
#[command(name = "search-bench", about)]
struct Args {
    /// Plein with `MEILI_URL` set.
    #[arg(long, default_value = "http://127.0.0.1:8851")]
    plein: String,
    /// Plein on the same database with the embedded engine (left out: not timed).
    #[arg(long)]
    embedded: Option<String>,
    /// The Meilisearch that Plein uses.
    #[arg(long, env = "MEILI_URL")]
    meili: String,
    #[arg(long, env = "MEILI_MASTER_KEY")]
    meili_key: String,
    /// Plein's index prefix there.
    #[arg(long, env = "MEILI_INDEX_PREFIX", default_value = "plein_")]
    index_prefix: String,
    /// Timed queries (each sent to every target).
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// Queries sent first and not timed.
    #[arg(long, default_value_t = 30)]
    warmup: usize,
    /// Chooses the query mix; the same seed gives the same queries.
    #[arg(long, default_value_t = 20)]
    seed: u64,
    /// Searches per server for counting SQL statements (0: no count).
    #[arg(long, default_value_t = 100)]
    count: usize,
    /// A label for the report.
    #[arg(long, default_value = "")]
    label: String,
    /// Where to write the Markdown report (it goes to stdout too).
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

/// The search the web app's search page sends (frontend/src/api/operations.ts).
const SEARCH: &str =
    "query Search($query: String!, $filter: SearchFilter, $sort: SearchSort, $after: String) {
  search(query: $query, filter: $filter, sort: $sort, first: 10, after: $after) {
    estimatedTotal
    pageInfo { hasNextPage endCursor }
    edges {
      cursor titleHtml snippetHtml
      node {
        __typename
        ... on Idea { id ideaStatus: status supportCount area { id name } }
        ... on Plan { id planStatus: status area { id name } }
        ... on WorkingGroup { id joinPolicy memberCount area { id name } }
      }
    }
    facets {
      kinds { value count }
      statuses { value count }
      tags { value count }
      areas { count area { id name depth parent { id } } }
    }
  }
}";
/// The page size the web app asks for.
const FIRST: usize = 10;

/// One query of the mix.
#[derive(Debug, Clone)]
struct Query {
    text: String,
    area: Option<Uuid>,
}

/// A small deterministic generator (xorshift64*), so a seed gives the same mix.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One typo: a letter in the middle of the word replaced by another.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = 1 + rng.below(chars.len() - 2);
    let letters = "abcdefghijklmnoprstuvwz";
    let replacement = letters
        .chars()
        .filter(|c| *c != chars[at])
        .nth(rng.below(letters.len() - 1))
        .unwrap_or('x');
    chars[at] = replacement;
    chars.into_iter().collect()
}

/// 1 or 2 words from the titles, a fifth with a typo, half in a district.
fn mix(words: &[String], districts: &[Uuid], n: usize, seed: u64) -> Vec<Query> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..n)
        .map(|i| {
            let count = 1 + rng.below(2);
            let mut chosen: Vec<String> = Vec::new();
            while chosen.len() < count {
                let word = &words[rng.below(words.len())];
                if !chosen.contains(word) {
                    chosen.push(word.clone());
                }
            }
            if i % 5 == 0 {
                let which = rng.below(chosen.len());
                chosen[which] = typo(&chosen[which], &mut rng);
            }
            let area = (i % 2 == 1).then(|| districts[rng.below(districts.len())]);
            Query {
                text: chosen.join(" "),
                area,
            }
        })
        .collect()
}

struct Target {
    name: &'static str,
    times: Vec<Duration>,
    hits: Vec<usize>,
}

impl Target {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            times: Vec::new(),
            hits: Vec::new(),
        }
    }

    fn quantile_ms(&self, q: f64) -> f64 {
        let mut sorted = self.times.clone();
        sorted.sort();
        let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1].as_secs_f64() * 1_000.0
    }
}

struct Bench {
    http: reqwest::Client,
    args: Args,
    index_uid: String,
}

impl Bench {
    /// The whole search through Plein; the number of hits on the page.
    async fn plein(&self, base: &str, query: &Query) -> anyhow::Result<usize> {
        let variables = json!({
            "query": query.text,
            "filter": { "kinds": [], "statuses": [], "areaId": query.area, "tags": [] },
            "sort": "RELEVANCE",
            "after": null,
        });
        let body: Value = self
            .http
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": SEARCH, "variables": variables }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if let Some(errors) = body.get("errors") {
            bail!("{base}: {errors}");
        }
        body["data"]["search"]["edges"]
            .as_array()
            .map(Vec::len)
            .context("no edges")
    }

    /// Meilisearch asked directly what Plein's adapter asks for this query.
    async fn meili(&self, query: &Query) -> anyhow::Result<usize> {
        let body = plein_search::meili_search_body(&SearchQuery {
            text: query.text.clone(),
            area_id: query.area,
            sort: SearchSort::Relevance,
            offset: 0,
            limit: FIRST + 1,
            ..SearchQuery::default()
        })?;
        let answer: Value = self
            .http
            .post(format!(
                "{}/indexes/{}/search",
                self.args.meili.trim_end_matches('/'),
                self.index_uid
            ))
            .bearer_auth(&self.args.meili_key)
            .json(&body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(answer["hits"]
            .as_array()
            .context("no hits")?
            .len()
            .min(FIRST))
    }

    async fn graphql(&self, base: &str, query: &str) -> anyhow::Result<Value> {
        let body: Value = self
            .http
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        ensure!(body.get("errors").is_none(), "{body}");
        Ok(body["data"].clone())
    }

    /// Words of the indexed titles, five letters or more, no stop words.
    async fn words(&self) -> anyhow::Result<Vec<String>> {
        let answer: Value = self
            .http
            .get(format!(
                "{}/indexes/{}/documents?limit=2000&fields=title",
                self.args.meili.trim_end_matches('/'),
                self.index_uid
            ))
            .bearer_auth(&self.args.meili_key)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let mut words: Vec<String> = answer["results"]
            .as_array()
            .context("no documents")?
            .iter()
            .filter_map(|doc| doc["title"].as_str())
            .flat_map(|title| plein_search::language::words(title).collect::<Vec<_>>())
            .filter(|word| {
                word.chars().count() >= 5
                    && word.chars().all(char::is_alphabetic)
                    && !plein_search::language::is_stop_word(word)
            })
            .collect();
        words.sort();
        words.dedup();
        ensure!(words.len() >= 10, "too few words in the index: {words:?}");
        Ok(words)
    }

    async fn metric(&self, base: &str, name: &str) -> anyhow::Result<f64> {
        let text = self
            .http
            .get(format!("{base}/metrics"))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        text.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(' ')?;
                (key == name).then(|| value.trim().parse::<f64>().ok())?
            })
            .with_context(|| format!("{name} is not in {base}/metrics (PLEIN_METRICS=true?)"))
    }

    /// SQL statements per search, less what the server runs when idle.
    async fn statements(&self, base: &str, queries: &[Query]) -> anyhow::Result<f64> {
        const NAME: &str = "plein_sql_statements_total";
        tokio::time::sleep(Duration::from_millis(500)).await;
        let s0 = self.metric(base, NAME).await?;
        let started = Instant::now();
        for query in queries {
            self.plein(base, query).await?;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let busy = started.elapsed();
        let s1 = self.metric(base, NAME).await?;
        tokio::time::sleep(busy).await;
        let s2 = self.metric(base, NAME).await?;
        Ok(((s1 - s0) - (s2 - s1)).max(0.0) / queries.len() as f64)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(8)
        .build()?;
    let index_uid = format!("{}content", args.index_prefix);
    let bench = Bench {
        http,
        args,
        index_uid,
    };
    let args = &bench.args;
    let plein = args.plein.trim_end_matches('/').to_owned();
    let embedded = args.embedded.as_deref().map(|u| u.trim_end_matches('/'));

    let tree = bench
        .graphql(&plein, "{ areaTree { children { id } } }")
        .await?;
    let districts: Vec<Uuid> = tree["areaTree"][0]["children"]
        .as_array()
        .context("no districts: seed with `plein seed --scale N`")?
        .iter()
        .filter_map(|d| d["id"].as_str()?.parse().ok())
        .collect();
    ensure!(!districts.is_empty(), "no districts");
    let words = bench.words().await?;
    let queries = mix(&words, &districts, args.warmup + args.queries, args.seed);
    eprintln!(
        "{} words, {} districts, {} queries (+{} warm-up), e.g. {:?}",
        words.len(),
        districts.len(),
        args.queries,
        args.warmup,
        &queries[..4]
    );

    let mut a = Target::new("Plein on Meilisearch, end to end");
    let mut b = Target::new("Meilisearch over HTTP, Plein's request");
    let mut c = Target::new("Plein on the embedded engine, end to end");
    let mut differ = 0usize;
    for (i, query) in queries.iter().enumerate() {
        let timed = i >= args.warmup;
        let started = Instant::now();
        let hits_a = bench.plein(&plein, query).await?;
        let time_a = started.elapsed();
        let started = Instant::now();
        let hits_b = bench.meili(query).await?;
        let time_b = started.elapsed();
        let embedded_run = match embedded {
            Some(base) => {
                let started = Instant::now();
                let hits = bench.plein(base, query).await?;
                Some((started.elapsed(), hits))
            }
            None => None,
        };
        if !timed {
            continue;
        }
        differ += usize::from(hits_a != hits_b);
        a.times.push(time_a);
        a.hits.push(hits_a);
        b.times.push(time_b);
        b.hits.push(hits_b);
        if let Some((time, hits)) = embedded_run {
            c.times.push(time);
            c.hits.push(hits);
        }
    }

    let timed = &queries[args.warmup..];
    let counted = &timed[..args.count.min(timed.len())];
    let statements_a = if counted.is_empty() {
        None
    } else {
        bench.statements(&plein, counted).await.ok()
    };
    let statements_c = match embedded {
        Some(base) if !counted.is_empty() => bench.statements(base, counted).await.ok(),
        _ => None,
    };

    let mut out = String::new();
    writeln!(
        out,
        "### Search side by side{}",
        if args.label.is_empty() {
            String::new()
        } else {
            format!(": {}", args.label)
        }
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} sequential queries (+{} warm-up; seed {}), one or two title words, every fifth with a typo, \
         every second in one of {} districts; the search page's query (10 hits, facets, highlights, snippets).",
        args.queries,
        args.warmup,
        args.seed,
        districts.len()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| target | p50 ms | p95 ms | p99 ms | mean hits | SQL statements per search |"
    )?;
    writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |")?;
    let targets: Vec<(&Target, Option<f64>)> = if c.times.is_empty() {
        vec![(&a, statements_a), (&b, None)]
    } else {
        vec![(&a, statements_a), (&b, None), (&c, statements_c)]
    };
    for (target, statements) in &targets {
        let hits = target.hits.iter().sum::<usize>() as f64 / target.hits.len().max(1) as f64;
        writeln!(
            out,
            "| {} | {:.2} | {:.2} | {:.2} | {:.1} | {} |",
            target.name,
            target.quantile_ms(0.50),
            target.quantile_ms(0.95),
            target.quantile_ms(0.99),
            hits,
            statements.map_or("—".to_owned(), |s| format!("{s:.2}"))
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Plein on Meilisearch against Meilisearch at p95: **{:.2}×** (p50 {:.2}×).",
        a.quantile_ms(0.95) / b.quantile_ms(0.95),
        a.quantile_ms(0.50) / b.quantile_ms(0.50)
    )?;
    if !c.times.is_empty() {
        writeln!(
            out,
            "Plein on the embedded engine against Plein on Meilisearch at p95: {:.2}×.",
            c.quantile_ms(0.95) / a.quantile_ms(0.95)
        )?;
    }
    writeln!(
        out,
        "Queries where Plein showed another number of hits than Meilisearch gave: {differ}."
    )?;
    print!("{out}");
    if let Some(path) = &args.report {
        std::fs::write(path, &out)?;
    }
    Ok(())
}
