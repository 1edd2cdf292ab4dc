//! Search at city scale: builds an index of N generated Dutch-looking ideas
//! and plans through `rebuild`, then measures queries and how soon a new
//! document is searchable. Embedded engine by default; Meilisearch when
//! `MEILI_URL` and `MEILI_MASTER_KEY` are set.
//!
//! cargo run --release -p plein-search --example search_bench -- 1000000

use std::time::{Duration, Instant};

use chrono::Utc;
use futures::stream;
use plein_app::search::{SearchDocument, SearchKind, SearchQuery, SearchSort};
use plein_search::SearchConfig;
use uuid::Uuid;

const WORDS: &[&str] = &[
    "bankjes",
    "speeltuin",
    "stoep",
    "fietsenstalling",
    "bomen",
    "verlichting",
    "zebrapad",
    "drempel",
    "afval",
    "container",
    "geveltuin",
    "parkeren",
    "buurthuis",
    "markt",
    "hondenpoep",
    "groenstrook",
    "waterpunt",
    "jeugd",
    "ouderen",
    "ontmoeting",
    "school",
    "verkeer",
    "veiligheid",
    "plein",
    "moestuin",
    "kunst",
    "muurschildering",
    "bibliotheek",
    "sportveld",
    "trapveld",
    "oversteekplaats",
    "snelheid",
    "geluid",
    "fietspad",
    "bushalte",
    "laadpaal",
    "zonnepanelen",
    "regenwater",
    "tegels",
    "vergroenen",
    "schaduw",
    "speelplek",
    "skatebaan",
    "kinderboerderij",
];
const TAGS: &[&str] = &[
    "groen",
    "verkeer",
    "spelen",
    "veiligheid",
    "ontmoeten",
    "duurzaam",
    "jeugd",
    "afval",
];
const STATUSES: &[&str] = &[
    "published",
    "under_review",
    "accepted",
    "in_progress",
    "realised",
    "declined",
];

/// Halves of Dutch compound words; together with [`WORDS`] they make a
/// vocabulary of a few thousand words.
const HEADS: &[&str] = &[
    "fiets", "speel", "straat", "buurt", "groen", "water", "auto", "park", "school", "sport",
    "jeugd", "zorg", "licht", "boom", "bank", "weg", "plein", "tuin", "huis", "markt", "bus",
    "kunst", "afval", "hond", "regen", "zon", "wind", "geluid", "verkeer", "winkel", "kerk",
    "brug", "dijk", "sloot", "haven", "spoor", "tram", "kade", "veld", "bos",
];
const TAILS: &[&str] = &[
    "pad", "rek", "plaats", "hoek", "strook", "vak", "zone", "plan", "dag", "groep", "punt",
    "huis", "hek", "bak", "lamp", "paal", "tegel", "kant", "route", "tocht", "feest", "raad",
    "werk", "club", "band", "net", "kaart", "bord", "plek", "strip", "baan", "laan", "kamer",
    "zaal", "pomp", "put", "dam", "muur", "dak", "gat",
];

/// Words ranked by how often they occur: a few compounds are very common,
/// the topic words follow (each in a few percent of the items, as a word
/// like "speeltuin" is in a real municipality), then a long tail.
fn vocabulary() -> Vec<String> {
    let mut compounds = Vec::new();
    for (i, head) in HEADS.iter().enumerate() {
        for (j, tail) in TAILS.iter().enumerate() {
            // A fixed shuffle, so the tail is not alphabetical.
            compounds.push(((i * 7 + j * 13) % 97, format!("{head}{tail}")));
        }
    }
    compounds.sort();
    let mut words: Vec<String> = compounds.iter().take(20).map(|(_, w)| w.clone()).collect();
    words.extend(WORDS.iter().map(|w| (*w).to_owned()));
    words.extend(compounds.into_iter().skip(20).map(|(_, w)| w));
    words
}

/// Draws ranks with probability proportional to 1 / rank (Zipf's law).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().expect("words");
        let x = (rng.next() % 1_000_000_007) as f64 / 1_000_000_007.0 * total;
        self.cumulative.partition_point(|&c| c < x)
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

/// A municipality of 5 districts × 10 neighbourhoods × 10 streets (555 areas).
fn areas() -> Vec<Vec<Uuid>> {
    let root = Uuid::new_v4();
    let mut paths = Vec::new();
    for _ in 0..5 {
        let district = Uuid::new_v4();
        for _ in 0..10 {
            let neighbourhood = Uuid::new_v4();
            paths.push(vec![root, district, neighbourhood]);
            for _ in 0..10 {
                paths.push(vec![root, district, neighbourhood, Uuid::new_v4()]);
            }
        }
    }
    paths
}

struct Corpus {
    areas: Vec<Vec<Uuid>>,
    words: Vec<String>,
    zipf: Zipf,
}

impl Corpus {
    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.zipf.draw(rng).min(self.words.len() - 1)]
    }

    fn document(&self, rng: &mut Rng, n: u64) -> SearchDocument {
        let path = &self.areas[(rng.next() % self.areas.len() as u64) as usize];
        let title = format!(
            "{} bij de {} ({n})",
            capitalised(self.word(rng)),
            self.word(rng)
        );
        let body: Vec<&str> = (0..30).map(|_| self.word(rng)).collect();
        let now = Utc::now() - chrono::Duration::seconds((rng.next() % 50_000_000) as i64);
        SearchDocument {
            id: Uuid::new_v4(),
            kind: if n % 20 == 0 {
                SearchKind::Plan
            } else {
                SearchKind::Idea
            },
            title,
            body: body.join(" "),
            tags: vec![rng.pick(TAGS).to_owned(), rng.pick(TAGS).to_owned()],
            status: rng.pick(STATUSES).to_owned(),
            area_id: *path.last().expect("area"),
            area_path_ids: path.clone(),
            author_name: "Bewoner".to_owned(),
            support_count: (rng.next() % 500) as i64,
            comment_count: (rng.next() % 50) as i64,
            created_at: now,
            updated_at: now,
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let config = SearchConfig::from_env(dir.path()).expect("config");
    let index = plein_search::open(&config).await.expect("open index");
    let words = vocabulary();
    let corpus = std::sync::Arc::new(Corpus {
        areas: areas(),
        zipf: Zipf::new(words.len()),
        words,
    });
    let areas = &corpus.areas;
    let mut rng = Rng(0x5eed_cafe_f00d);

    let batch = 5_000u64;
    let started = Instant::now();
    let mut made = 0;
    let mut generated = Vec::new();
    while made < n {
        let size = batch.min(n - made);
        generated.push((made, size));
        made += size;
    }
    let docs = stream::iter(generated.into_iter().map(|(from, size)| {
        let mut rng = Rng(0x5eed ^ (from + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        Ok((from..from + size)
            .map(|i| corpus.document(&mut rng, i))
            .collect())
    }));
    let count = index.rebuild(Box::pin(docs)).await.expect("rebuild");
    let reindex = started.elapsed();

    let queries = [
        "bankjes",
        "speeltuin",
        "stoep",
        "fietsenstaling",
        "zebrapd",
        "verlichting schaduw",
        "bomen bij de school",
        "tramhoek",
        "dijkpaal gat",
    ];
    let mut latencies = Vec::new();
    let mut per_query = std::collections::BTreeMap::new();
    for i in 0..300 {
        let mut query = SearchQuery {
            text: queries[i % queries.len()].to_owned(),
            limit: 20,
            ..SearchQuery::default()
        };
        if i % 3 == 0 {
            query.area_id = Some(areas[(rng.next() % areas.len() as u64) as usize][1]);
        }
        if i % 4 == 0 {
            query.sort = SearchSort::MostSupported;
        }
        if i % 5 == 0 {
            query.statuses = vec!["published".to_owned()];
        }
        let t = Instant::now();
        let results = index.search(&query).await.expect("search");
        let took = t.elapsed();
        latencies.push(took);
        per_query
            .entry(query.text.clone())
            .or_insert_with(Vec::new)
            .push((took, results.estimated_total));
    }
    latencies.sort();
    // To stderr, so the table on stdout stays one line to paste.
    for (text, mut runs) in per_query {
        runs.sort();
        let (median, matches) = runs[runs.len() / 2];
        eprintln!(
            "{text:>24}: median {:.1} ms, {matches} matches (median run)",
            median.as_secs_f64() * 1000.0
        );
    }

    let mut visible = Vec::new();
    for i in 0..30 {
        let mut doc = corpus.document(&mut rng, n + i);
        doc.title = format!("Nieuw idee kwartiermaker{i}");
        let t = Instant::now();
        index
            .upsert(std::slice::from_ref(&doc))
            .await
            .expect("upsert");
        let query = SearchQuery {
            text: format!("kwartiermaker{i}"),
            ..SearchQuery::default()
        };
        loop {
            let results = index.search(&query).await.expect("search");
            if results.hits.iter().any(|h| h.id == doc.id) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        visible.push(t.elapsed());
    }
    visible.sort();

    println!(
        "| engine | documents | reindex | search p50 | search p95 | search p99 | write → searchable p95 |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    println!(
        "| {} | {count} | {:.1} s | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} ms |",
        index.name(),
        reindex.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        percentile(&visible, 0.95),
    );
}
