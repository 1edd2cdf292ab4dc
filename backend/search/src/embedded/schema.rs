//! The tantivy schema: text fields for matching, raw fast fields for filters,
//! facets and sorting, and the stored title and body for snippets.

use plein_app::search::SearchDocument;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument, Term};

/// The analyzer every text field and every query goes through: words split
/// on anything not alphanumeric, lower case, diacritics folded (`coöperatie`
/// matches `cooperatie`), as Meilisearch normalises.
pub const ANALYZER: &str = "plein";

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Longer words are not indexed.
pub const MAX_WORD_BYTES: usize = 64;

/// The same analysis for query text, except that over-long words are kept
/// (cut short) rather than dropped: a query of one enormous word must find
/// nothing, not everything.
pub fn query_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Runs one word through the analyzer; `None` when nothing is left of it.
pub fn normalize_word(word: &str) -> Option<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(word);
    let mut out = None;
    while stream.advance() {
        out.get_or_insert_with(String::new)
            .push_str(&stream.token().text);
    }
    out
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub status: Field,
    pub tags: Field,
    pub area_path_ids: Field,
    pub title: Field,
    pub body: Field,
    pub tags_text: Field,
    pub author: Field,
    pub id_high: Field,
    pub id_low: Field,
    pub support_count: Field,
    pub created_at: Field,
}

/// Field names that the collector reads as fast fields.
pub mod names {
    pub const ID: &str = "id";
    /// The id's 128 bits as two integers, read per match without a
    /// dictionary lookup.
    pub const ID_HIGH: &str = "id_high";
    pub const ID_LOW: &str = "id_low";
    pub const KIND: &str = "kind";
    pub const STATUS: &str = "status";
    pub const TAGS: &str = "tags";
    pub const AREA_PATH_IDS: &str = "area_path_ids";
    pub const SUPPORT_COUNT: &str = "support_count";
    pub const CREATED_AT: &str = "created_at";
}

pub fn schema() -> Schema {
    let mut builder = Schema::builder();
    let raw = STRING | FAST;
    let text = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    // Matched for replacing and deleting; the collector reads the id from
    // the two integer columns.
    builder.add_text_field(names::ID, STRING);
    builder.add_text_field(names::KIND, raw.clone());
    builder.add_text_field(names::STATUS, raw.clone());
    builder.add_text_field(names::TAGS, raw.clone());
    builder.add_text_field(names::AREA_PATH_IDS, raw);
    builder.add_text_field("title", text(true));
    builder.add_text_field("body", text(true));
    builder.add_text_field("tags_text", text(false));
    builder.add_text_field("author", text(false));
    builder.add_u64_field(names::ID_HIGH, FAST);
    builder.add_u64_field(names::ID_LOW, FAST);
    builder.add_i64_field(names::SUPPORT_COUNT, FAST);
    builder.add_i64_field(names::CREATED_AT, FAST);
    builder.build()
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        Ok(Self {
            id: field(names::ID)?,
            kind: field(names::KIND)?,
            status: field(names::STATUS)?,
            tags: field(names::TAGS)?,
            area_path_ids: field(names::AREA_PATH_IDS)?,
            title: field("title")?,
            body: field("body")?,
            tags_text: field("tags_text")?,
            author: field("author")?,
            id_high: field(names::ID_HIGH)?,
            id_low: field(names::ID_LOW)?,
            support_count: field(names::SUPPORT_COUNT)?,
            created_at: field(names::CREATED_AT)?,
        })
    }

    pub fn id_term(&self, id: uuid::Uuid) -> Term {
        Term::from_field_text(self.id, &id.to_string())
    }

    pub fn document(&self, doc: &SearchDocument) -> TantivyDocument {
        let mut out = TantivyDocument::new();
        out.add_text(self.id, doc.id.to_string());
        out.add_text(self.kind, doc.kind.as_str());
        out.add_text(self.status, &doc.status);
        for tag in crate::normalized_tags(&doc.tags) {
            out.add_text(self.tags, &tag);
            out.add_text(self.tags_text, &tag);
        }
        for area in crate::area_path(doc) {
            out.add_text(self.area_path_ids, area.to_string());
        }
        out.add_text(self.title, &doc.title);
        out.add_text(self.body, &doc.body);
        out.add_text(self.author, &doc.author_name);
        let (high, low) = doc.id.as_u64_pair();
        out.add_u64(self.id_high, high);
        out.add_u64(self.id_low, low);
        out.add_i64(self.support_count, doc.support_count);
        out.add_i64(self.created_at, doc.created_at.timestamp());
        out
    }
}

/// Opens or creates the tantivy index in `dir` with our analyzer registered.
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}
