//! Collects every match with what sorting and facet counting need, read from
//! fast fields in one pass per segment.

use std::collections::HashMap;

use plein_app::search::{Facets, SearchKind, SearchSort};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};
use uuid::Uuid;

use super::schema::names;

/// One matching document.
#[derive(Debug, Clone)]
pub struct Row {
    pub address: DocAddress,
    pub id: Uuid,
    pub kind: SearchKind,
    pub score: Score,
    pub created_at: i64,
    pub support_count: i64,
}

#[derive(Debug, Default)]
pub struct Matches {
    pub rows: Vec<Row>,
    pub facets: Facets,
}

pub struct MatchCollector;

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
        let kind = str_column(names::KIND)?;
        let mut kinds_by_ord = Vec::with_capacity(kind.dictionary().num_terms());
        let mut buffer = String::new();
        for ord in 0..kind.dictionary().num_terms() as u64 {
            kind.ord_to_str(ord, &mut buffer)?;
            kinds_by_ord.push(SearchKind::parse(&buffer));
        }
        Ok(SegmentMatches {
            segment,
            id: str_column(names::ID)?,
            kind,
            kinds_by_ord,
            status: str_column(names::STATUS)?,
            tags: str_column(names::TAGS)?,
            areas: str_column(names::AREA_PATH_IDS)?,
            created_at: fast.i64(names::CREATED_AT)?,
            support_count: fast.i64(names::SUPPORT_COUNT)?,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Matches>>) -> tantivy::Result<Matches> {
        let mut merged = Matches::default();
        for fruit in fruits {
            let fruit = fruit?;
            merged.rows.extend(fruit.rows);
            add_counts(&mut merged.facets.kinds, fruit.facets.kinds);
            add_counts(&mut merged.facets.statuses, fruit.facets.statuses);
            add_counts(&mut merged.facets.areas, fruit.facets.areas);
            add_counts(&mut merged.facets.tags, fruit.facets.tags);
        }
        Ok(merged)
    }
}

fn add_counts<K: Ord>(
    into: &mut std::collections::BTreeMap<K, u64>,
    from: std::collections::BTreeMap<K, u64>,
) {
    for (key, count) in from {
        *into.entry(key).or_default() += count;
    }
}

pub struct SegmentMatches {
    segment: SegmentOrdinal,
    id: StrColumn,
    kind: StrColumn,
    kinds_by_ord: Vec<Option<SearchKind>>,
    status: StrColumn,
    tags: StrColumn,
    areas: StrColumn,
    created_at: Column<i64>,
    support_count: Column<i64>,
    docs: Vec<(DocId, Score)>,
}

impl SegmentCollector for SegmentMatches {
    type Fruit = tantivy::Result<Matches>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push((doc, score));
    }

    fn harvest(self) -> tantivy::Result<Matches> {
        let mut rows = Vec::with_capacity(self.docs.len());
        let mut statuses = HashMap::new();
        let mut tags = HashMap::new();
        let mut areas = HashMap::new();
        let mut buffer = String::new();
        for &(doc, score) in &self.docs {
            let Some(id_ord) = self.id.term_ords(doc).next() else {
                continue;
            };
            self.id.ord_to_str(id_ord, &mut buffer)?;
            let Ok(id) = Uuid::parse_str(&buffer) else {
                continue;
            };
            let kind = self
                .kind
                .term_ords(doc)
                .next()
                .and_then(|ord| self.kinds_by_ord.get(ord as usize).copied().flatten());
            let Some(kind) = kind else { continue };
            for ord in self.status.term_ords(doc) {
                *statuses.entry(ord).or_insert(0u64) += 1;
            }
            for ord in self.tags.term_ords(doc) {
                *tags.entry(ord).or_insert(0u64) += 1;
            }
            for ord in self.areas.term_ords(doc) {
                *areas.entry(ord).or_insert(0u64) += 1;
            }
            rows.push(Row {
                address: DocAddress::new(self.segment, doc),
                id,
                kind,
                score,
                created_at: self.created_at.first(doc).unwrap_or_default(),
                support_count: self.support_count.first(doc).unwrap_or_default(),
            });
        }
        let mut facets = Facets::default();
        for row in &rows {
            *facets.kinds.entry(row.kind).or_default() += 1;
        }
        facets.statuses = resolve(&self.status, statuses, |s| Some(s.to_owned()))?;
        facets.tags = resolve(&self.tags, tags, |s| Some(s.to_owned()))?;
        facets.areas = resolve(&self.areas, areas, |s| Uuid::parse_str(s).ok())?;
        Ok(Matches { rows, facets })
    }
}

fn resolve<K: Ord>(
    column: &StrColumn,
    counts: HashMap<u64, u64>,
    key: impl Fn(&str) -> Option<K>,
) -> tantivy::Result<std::collections::BTreeMap<K, u64>> {
    let mut out = std::collections::BTreeMap::new();
    let mut buffer = String::new();
    for (ord, count) in counts {
        column.ord_to_str(ord, &mut buffer)?;
        if let Some(key) = key(&buffer) {
            *out.entry(key).or_default() += count;
        }
    }
    Ok(out)
}

/// Orders matches for a page; ties fall back to the id so pages never
/// overlap or skip.
pub fn sort(rows: &mut [Row], sort: SearchSort, has_text: bool) {
    rows.sort_by(|a, b| {
        let newest = b.created_at.cmp(&a.created_at);
        let score = b.score.total_cmp(&a.score);
        let order = match sort {
            SearchSort::Relevance if has_text => score.then(newest),
            SearchSort::Relevance | SearchSort::Newest => newest.then(score),
            SearchSort::MostSupported => b
                .support_count
                .cmp(&a.support_count)
                .then(newest)
                .then(score),
        };
        order.then(a.id.cmp(&b.id))
    });
}
