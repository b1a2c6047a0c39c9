-- The bilingual name bridge of organisations (kb/data/names/organisations.yaml).
CREATE TABLE organisation_names (
    org_id VARCHAR NOT NULL, lang VARCHAR NOT NULL, name VARCHAR NOT NULL, country VARCHAR,
    source_ids VARCHAR[]);
