-- News events and mentions from GDELT 2.0 (docs/methodology.md, "News events (GDELT 2.0)").
-- The GDELT columns keep their codebook meaning under snake_case names (GLOBALEVENTID →
-- global_event_id, Actor1CountryCode → actor1_country_code, DATEADDED → date_added …; the map is
-- src/techbloc/ingest/gdelt/layout.py). CAMEO codes stay text ('010'). Beside the original
-- country codes, *_actor_code is the knowledge base's actor (actors.actor_code), NULL where the
-- code maps to none; domain_id is techbloc's tag (GDELT has no domain).
CREATE SEQUENCE news_import_ids START 1;
CREATE SEQUENCE news_run_ids START 1;

-- One row per file imported; a run (one `techbloc import gdelt`, one transaction) may hold many.
-- file_layout: gdelt-tab (GDELT's own tab-separated files, no header) | csv-header | tsv-header.
CREATE TABLE news_imports (
    import_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, source_location VARCHAR NOT NULL,
    file_kind VARCHAR NOT NULL, file_layout VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL, rows_read INTEGER NOT NULL, rows_kept INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL, rows_already_stored INTEGER NOT NULL,
    domain_tagger VARCHAR);

CREATE TABLE news_events (
    global_event_id BIGINT NOT NULL, sql_date INTEGER NOT NULL, month_year INTEGER, year INTEGER,
    fraction_date DOUBLE, actor1_code VARCHAR, actor1_name VARCHAR, actor1_country_code VARCHAR,
    actor1_known_group_code VARCHAR, actor1_ethnic_code VARCHAR, actor1_religion1_code VARCHAR,
    actor1_religion2_code VARCHAR, actor1_type1_code VARCHAR, actor1_type2_code VARCHAR,
    actor1_type3_code VARCHAR, actor2_code VARCHAR, actor2_name VARCHAR,
    actor2_country_code VARCHAR, actor2_known_group_code VARCHAR, actor2_ethnic_code VARCHAR,
    actor2_religion1_code VARCHAR, actor2_religion2_code VARCHAR, actor2_type1_code VARCHAR,
    actor2_type2_code VARCHAR, actor2_type3_code VARCHAR, is_root_event BOOLEAN,
    event_code VARCHAR NOT NULL, event_base_code VARCHAR, event_root_code VARCHAR NOT NULL,
    quad_class INTEGER NOT NULL, goldstein_scale DOUBLE NOT NULL, num_mentions INTEGER NOT NULL,
    num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE, actor1_geo_type INTEGER,
    actor1_geo_full_name VARCHAR, actor1_geo_country_code VARCHAR, actor1_geo_adm1_code VARCHAR,
    actor1_geo_adm2_code VARCHAR, actor1_geo_lat DOUBLE, actor1_geo_long DOUBLE,
    actor1_geo_feature_id VARCHAR, actor2_geo_type INTEGER, actor2_geo_full_name VARCHAR,
    actor2_geo_country_code VARCHAR, actor2_geo_adm1_code VARCHAR, actor2_geo_adm2_code VARCHAR,
    actor2_geo_lat DOUBLE, actor2_geo_long DOUBLE, actor2_geo_feature_id VARCHAR,
    action_geo_type INTEGER, action_geo_full_name VARCHAR, action_geo_country_code VARCHAR,
    action_geo_adm1_code VARCHAR, action_geo_adm2_code VARCHAR, action_geo_lat DOUBLE,
    action_geo_long DOUBLE, action_geo_feature_id VARCHAR, date_added TIMESTAMP,
    source_url VARCHAR,
    event_date DATE NOT NULL,                 -- SQLDATE as a date
    actor1_actor_code VARCHAR,                -- CAMEO actor1_country_code → actors.actor_code
    actor2_actor_code VARCHAR,
    actor1_geo_actor_code VARCHAR,            -- FIPS 10-4 *_geo_country_code → actors.actor_code
    actor2_geo_actor_code VARCHAR,
    action_geo_actor_code VARCHAR,
    domain_id VARCHAR,                        -- a leaf technology domain, or NULL
    domain_parent_id VARCHAR,                 -- its top-level domain (also when no leaf is named)
    domain_method VARCHAR,                    -- url | actor1-name | actor2-name | NULL (none)
    domain_terms VARCHAR[],                   -- the words that named the domain
    import_id INTEGER NOT NULL, source_row INTEGER NOT NULL,
    PRIMARY KEY (global_event_id));

CREATE TABLE news_mentions (
    global_event_id BIGINT NOT NULL, event_time_date TIMESTAMP NOT NULL,
    mention_time_date TIMESTAMP NOT NULL, mention_type INTEGER NOT NULL,
    mention_source_name VARCHAR, mention_identifier VARCHAR NOT NULL, sentence_id INTEGER NOT NULL,
    actor1_char_offset INTEGER NOT NULL, actor2_char_offset INTEGER NOT NULL,
    action_char_offset INTEGER NOT NULL, in_raw_text BOOLEAN, confidence INTEGER,
    mention_doc_len INTEGER, mention_doc_tone DOUBLE, mention_doc_translation_info VARCHAR,
    extras VARCHAR,
    import_id INTEGER NOT NULL, source_row INTEGER NOT NULL,
    PRIMARY KEY (global_event_id, mention_identifier, sentence_id, actor1_char_offset,
                 actor2_char_offset, action_char_offset));

-- Rows that did not pass: one row per problem (a row can have several). field is the GDELT
-- column name, NULL for a problem of the whole row (column count, encoding); source_row is the
-- line in the file (the header is line 1).
CREATE TABLE news_quarantine (
    import_id INTEGER NOT NULL, source_location VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    field VARCHAR, reason VARCHAR NOT NULL, value VARCHAR);

-- What the early-warning detectors read: one row per day × actor1 × actor2 (knowledge-base actor
-- codes, NULL where the CAMEO code maps to no actor) × domain (leaf, and its top-level domain,
-- which splits only the events without a leaf) × QuadClass × EventRootCode.
CREATE VIEW news_event_counts AS
SELECT event_date, actor1_actor_code, actor2_actor_code, domain_id, domain_parent_id, quad_class,
       event_root_code, count(*) AS events, sum(num_mentions) AS num_mentions,
       avg(goldstein_scale) AS mean_goldstein, avg(avg_tone) AS mean_avg_tone
FROM news_events
GROUP BY event_date, actor1_actor_code, actor2_actor_code, domain_id, domain_parent_id,
         quad_class, event_root_code;
