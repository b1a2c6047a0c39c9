-- Policy documents (PDF, HTML, DOCX, TXT, Markdown, Federal Register JSON/XML): the original bytes,
-- the clean text with paragraph offsets, the mentions found in it, the stance towards each alliance,
-- the dates of the events it reports, and the passages indexed for full-text search.
CREATE SEQUENCE document_import_ids START 1;

CREATE TABLE document_imports (
    import_id INTEGER PRIMARY KEY, source_location VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL,
    files_seen INTEGER NOT NULL, added INTEGER NOT NULL, duplicates INTEGER NOT NULL,
    failed INTEGER NOT NULL);

-- doc_id = 'doc-' || the first 16 hex digits of content_sha256 (the SHA-256 of the normalised
-- clean text), so the same text arriving as PDF and as HTML is one document.
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY, content_sha256 VARCHAR NOT NULL UNIQUE,
    original_sha256 VARCHAR NOT NULL, title VARCHAR, language VARCHAR NOT NULL, published DATE,
    format VARCHAR NOT NULL, media_type VARCHAR, pages INTEGER, chars INTEGER NOT NULL,
    source_location VARCHAR NOT NULL, file_name VARCHAR, text VARCHAR NOT NULL,
    original BLOB NOT NULL, metadata JSON, tagger_version VARCHAR, import_id INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL);

-- Paragraph-level blocks: [start_offset, end_offset) into documents.text; page is 1-based (PDF).
CREATE TABLE document_blocks (
    doc_id VARCHAR NOT NULL, block_index INTEGER NOT NULL, page INTEGER, kind VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, PRIMARY KEY (doc_id, block_index));

-- Files of a batch that could not be read (broken, encrypted, unsupported); the batch went on.
CREATE TABLE document_failures (
    import_id INTEGER NOT NULL, source_location VARCHAR NOT NULL, error_kind VARCHAR NOT NULL,
    reason VARCHAR NOT NULL);

-- Every mention: type in (alliance, country, domain, instrument, stage, dimension), the knowledge-
-- base key it resolves to, the text as written, its span and the sentence around it.
CREATE TABLE document_mentions (
    doc_id VARCHAR NOT NULL, mention_type VARCHAR NOT NULL, key VARCHAR NOT NULL,
    surface VARCHAR NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
    block_index INTEGER, page INTEGER, sentence VARCHAR NOT NULL, method VARCHAR NOT NULL);

-- The document's stance towards each alliance it mentions: counts of restrictive, cooperative and
-- relaxing cues in the sentences about it, the resulting stance and direction, and one evidence
-- sentence.
CREATE TABLE document_stances (
    doc_id VARCHAR NOT NULL, alliance_id VARCHAR NOT NULL, stance VARCHAR NOT NULL,
    direction VARCHAR, restrictive INTEGER NOT NULL, cooperative INTEGER NOT NULL,
    relaxing INTEGER NOT NULL, evidence VARCHAR, evidence_start INTEGER);

-- Dates of the events a document reports, with their precision (day, month, year).
CREATE TABLE document_event_dates (
    doc_id VARCHAR NOT NULL, event_date DATE NOT NULL, precision VARCHAR NOT NULL,
    surface VARCHAR NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
    sentence VARCHAR NOT NULL);

-- Federal Register documents read as candidate measures, linked to a knowledge-base measure when
-- their citation falls inside one (see techbloc/enrich/citations.py).
CREATE TABLE candidate_measures (
    document_number VARCHAR PRIMARY KEY, doc_id VARCHAR, citation VARCHAR, volume INTEGER,
    start_page INTEGER, end_page INTEGER, publication_date DATE, effective_date DATE,
    agencies VARCHAR[], document_type VARCHAR, action VARCHAR, title VARCHAR, rin VARCHAR,
    cfr_references VARCHAR[], url VARCHAR, linked_measure_id VARCHAR, link_reason VARCHAR,
    import_id INTEGER NOT NULL);

-- Passages (blocks) as segmented tokens for full-text search: Chinese cut into words, English
-- lower-cased; passage_id = doc_id || ':' || block_index.
CREATE TABLE document_search (
    passage_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, block_index INTEGER NOT NULL,
    tokens VARCHAR NOT NULL);
