-- Restricted-party lists: entities as imported, their history, every import, and rejected rows.
CREATE SEQUENCE list_import_ids START 1;

CREATE TABLE list_imports (
    import_id INTEGER PRIMARY KEY, source_format VARCHAR NOT NULL, source_location VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL, retrieved_date DATE NOT NULL, imported_at TIMESTAMP NOT NULL,
    lists VARCHAR[], rows_read INTEGER, added INTEGER, changed INTEGER, unchanged INTEGER,
    removed INTEGER, rejected INTEGER);

CREATE TABLE restricted_lists (
    list_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, issuer VARCHAR, jurisdiction VARCHAR);

-- One row per entity and list: the current state (is_active = false once removed from the list).
CREATE TABLE listed_entities (
    entity_id VARCHAR PRIMARY KEY, list_id VARCHAR NOT NULL, source_key VARCHAR NOT NULL,
    entity_type VARCHAR, name VARCHAR NOT NULL, aliases VARCHAR[], addresses VARCHAR[],
    countries VARCHAR[], programs VARCHAR[], listing_date DATE, end_date DATE, citation VARCHAR,
    license_requirement VARCHAR, license_policy VARCHAR, remarks VARCHAR, source_url VARCHAR,
    identifiers VARCHAR[], record_hash VARCHAR NOT NULL, is_active BOOLEAN NOT NULL,
    first_seen_date DATE NOT NULL, last_seen_date DATE NOT NULL,
    source_location VARCHAR NOT NULL, source_row INTEGER NOT NULL, import_id INTEGER NOT NULL);

-- History: every addition, change and removal, dated by the snapshot's retrieval date.
CREATE TABLE listing_events (
    entity_id VARCHAR NOT NULL, list_id VARCHAR NOT NULL, event VARCHAR NOT NULL,
    event_date DATE NOT NULL, import_id INTEGER NOT NULL, record_hash VARCHAR, name VARCHAR,
    record_json VARCHAR);

CREATE TABLE list_quarantine (
    import_id INTEGER NOT NULL, source_location VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    field VARCHAR, reason VARCHAR NOT NULL, raw_json VARCHAR);
