//! Counts every match for the totals and facets, and keeps only the best
//! `offset + limit` of them for the page. Everything is read from fast
//! fields in one pass per segment: facet values are counted by their ordinal
//! in the segment's dictionary and named once per segment, and the id comes
//! from two integer columns, so no string is touched per match.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use plein_app::search::{Facets, SearchKind, SearchSort};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};
use uuid::Uuid;

use super::schema::names;

/// One matching document on the page.
#[derive(Debug, Clone)]
pub struct Row {
    pub address: DocAddress,
    pub id: Uuid,
    pub kind: SearchKind,
    pub score: Score,
    /// What the page is ordered by, best first (see [`rank`]).
    rank: [f64; 3],
}

impl Row {
    /// Better rows first; ties go to the lower id, so pages never overlap
    /// or skip.
    fn order(&self, other: &Self) -> Ordering {
        rank_order(&self.rank, &other.rank).then(self.id.cmp(&other.id))
    }
}

/// `Less` when rank `a` comes before rank `b`.
fn rank_order(a: &[f64; 3], b: &[f64; 3]) -> Ordering {
    b[0].total_cmp(&a[0])
        .then(b[1].total_cmp(&a[1]))
        .then(b[2].total_cmp(&a[2]))
}

/// A heap entry: the worst kept row sits on top, ready to be pushed out.
struct Kept(Row);

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.order(&other.0)
    }
}

/// The best `keep` rows seen so far.
struct Best {
    keep: usize,
    heap: BinaryHeap<Kept>,
}

impl Best {
    fn new(keep: usize) -> Self {
        Self {
            keep,
            heap: BinaryHeap::with_capacity(keep.min(1024) + 1),
        }
    }

    /// Whether a row of this rank could be kept; a full heap turns away a
    /// row whose rank comes after its worst one without reading its id.
    fn admits(&self, rank: &[f64; 3]) -> bool {
        if self.keep == 0 {
            return false;
        }
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.keep => {
                rank_order(rank, &worst.0.rank) != Ordering::Greater
            }
            _ => true,
        }
    }

    fn offer(&mut self, row: Row) {
        if self.keep == 0 {
            return;
        }
        if self.heap.len() < self.keep {
            self.heap.push(Kept(row));
        } else if let Some(worst) = self.heap.peek()
            && row.order(&worst.0) == Ordering::Less
        {
            self.heap.pop();
            self.heap.push(Kept(row));
        }
    }

    fn into_sorted(self) -> Vec<Row> {
        let mut rows: Vec<Row> = self.heap.into_iter().map(|kept| kept.0).collect();
        rows.sort_by(Row::order);
        rows
    }
}

/// The ordering values of a match, larger is better, most significant first.
fn rank(
    sort: SearchSort,
    has_text: bool,
    score: Score,
    created_at: i64,
    supports: i64,
) -> [f64; 3] {
    let (score, newest, supports) = (f64::from(score), created_at as f64, supports as f64);
    match sort {
        SearchSort::Relevance if has_text => [score, newest, 0.0],
        SearchSort::Relevance | SearchSort::Newest => [newest, score, 0.0],
        SearchSort::MostSupported => [supports, newest, score],
    }
}

/// The best rows in order and the exact counts over all matches.
#[derive(Debug, Default)]
pub struct Matches {
    pub rows: Vec<Row>,
    pub total: u64,
    pub facets: Facets,
}

pub struct MatchCollector {
    /// How many of the best rows to keep: the page and everything before it.
    pub keep: usize,
    pub sort: SearchSort,
    /// Whether the query has words, so relevance means something.
    pub has_text: bool,
}

impl MatchCollector {
    /// Scoring costs; only a relevance order of a text query needs it.
    fn scores(&self) -> bool {
        self.has_text && self.sort == SearchSort::Relevance
    }
}

impl Collector for MatchCollector {
    type Fruit = Matches;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let fast = reader.fast_fields();
        let str_column = |name: &str| -> tantivy::Result<StrColumn> {
            fast.str(name)?
                .ok_or_else(|| TantivyError::SchemaError(format!("{name} is not a fast field")))
        };
        let counter = |column: StrColumn| {
            let terms = column.dictionary().num_terms();
            Counter {
                column,
                counts: vec![0; terms],
            }
        };
        let kind = str_column(names::KIND)?;
        let mut kinds_by_ord = Vec::with_capacity(kind.dictionary().num_terms());
        let mut buffer = String::new();
        for ord in 0..kind.dictionary().num_terms() as u64 {
            kind.ord_to_str(ord, &mut buffer)?;
            kinds_by_ord.push(SearchKind::parse(&buffer));
        }
        Ok(SegmentMatches {
            segment,
            sort: self.sort,
            has_text: self.has_text,
            id_high: fast.u64(names::ID_HIGH)?,
            id_low: fast.u64(names::ID_LOW)?,
            kind_counts: vec![0; kinds_by_ord.len()],
            kind,
            kinds_by_ord,
            statuses: counter(str_column(names::STATUS)?),
            tags: counter(str_column(names::TAGS)?),
            areas: counter(str_column(names::AREA_PATH_IDS)?),
            created_at: fast.i64(names::CREATED_AT)?,
            support_count: fast.i64(names::SUPPORT_COUNT)?,
            total: 0,
            best: Best::new(self.keep),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scores()
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Matches>>) -> tantivy::Result<Matches> {
        let mut best = Best::new(self.keep);
        let mut merged = Matches::default();
        for fruit in fruits {
            let fruit = fruit?;
            merged.total += fruit.total;
            for row in fruit.rows {
                best.offer(row);
            }
            add_counts(&mut merged.facets.kinds, fruit.facets.kinds);
            add_counts(&mut merged.facets.statuses, fruit.facets.statuses);
            add_counts(&mut merged.facets.areas, fruit.facets.areas);
            add_counts(&mut merged.facets.tags, fruit.facets.tags);
        }
        merged.rows = best.into_sorted();
        Ok(merged)
    }
}

fn add_counts<K: Ord>(into: &mut BTreeMap<K, u64>, from: BTreeMap<K, u64>) {
    for (key, count) in from {
        *into.entry(key).or_default() += count;
    }
}

/// Counts the values of one facet by ordinal.
struct Counter {
    column: StrColumn,
    counts: Vec<u64>,
}

impl Counter {
    fn count(&mut self, doc: DocId) {
        for ord in self.column.term_ords(doc) {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
    }

    /// Names the counted values, once each.
    fn resolve<K: Ord>(
        &self,
        key: impl Fn(&str) -> Option<K>,
    ) -> tantivy::Result<BTreeMap<K, u64>> {
        let mut out = BTreeMap::new();
        let mut buffer = String::new();
        for (ord, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            self.column.ord_to_str(ord as u64, &mut buffer)?;
            if let Some(key) = key(&buffer) {
                *out.entry(key).or_default() += count;
            }
        }
        Ok(out)
    }
}

pub struct SegmentMatches {
    segment: SegmentOrdinal,
    sort: SearchSort,
    has_text: bool,
    id_high: Column<u64>,
    id_low: Column<u64>,
    kind: StrColumn,
    kinds_by_ord: Vec<Option<SearchKind>>,
    kind_counts: Vec<u64>,
    statuses: Counter,
    tags: Counter,
    areas: Counter,
    created_at: Column<i64>,
    support_count: Column<i64>,
    total: u64,
    best: Best,
}

impl SegmentCollector for SegmentMatches {
    type Fruit = tantivy::Result<Matches>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(kind_ord) = self.kind.term_ords(doc).next() else {
            return;
        };
        let Some(kind) = self.kinds_by_ord.get(kind_ord as usize).copied().flatten() else {
            return;
        };
        self.total += 1;
        self.kind_counts[kind_ord as usize] += 1;
        self.statuses.count(doc);
        self.tags.count(doc);
        self.areas.count(doc);
        let created_at = self.created_at.first(doc).unwrap_or_default();
        let supports = self.support_count.first(doc).unwrap_or_default();
        let rank = rank(self.sort, self.has_text, score, created_at, supports);
        if !self.best.admits(&rank) {
            return;
        }
        let id = Uuid::from_u64_pair(
            self.id_high.first(doc).unwrap_or_default(),
            self.id_low.first(doc).unwrap_or_default(),
        );
        self.best.offer(Row {
            address: DocAddress::new(self.segment, doc),
            id,
            kind,
            score,
            rank,
        });
    }

    fn harvest(self) -> tantivy::Result<Matches> {
        let mut facets = Facets::default();
        for (ord, &count) in self.kind_counts.iter().enumerate() {
            if let (Some(Some(kind)), true) = (self.kinds_by_ord.get(ord), count > 0) {
                *facets.kinds.entry(*kind).or_default() += count;
            }
        }
        facets.statuses = self.statuses.resolve(|s| Some(s.to_owned()))?;
        facets.tags = self.tags.resolve(|s| Some(s.to_owned()))?;
        facets.areas = self.areas.resolve(|s| Uuid::parse_str(s).ok())?;
        Ok(Matches {
            rows: self.best.into_sorted(),
            total: self.total,
            facets,
        })
    }
}
