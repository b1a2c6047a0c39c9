-- The curated knowledge base (docs/kb-format.md), rebuilt as a whole by `techbloc init`.
-- List columns hold ids of small closed vocabularies; partial dates keep their precision.
CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY, publisher VARCHAR NOT NULL, title VARCHAR NOT NULL,
    source_date DATE, source_date_precision VARCHAR, url VARCHAR, note VARCHAR,
    kb_file VARCHAR NOT NULL);

CREATE TABLE actors (
    actor_code VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
    actor_kind VARCHAR NOT NULL, iso3 VARCHAR, region VARCHAR, ended_date DATE, note VARCHAR);
CREATE TABLE actor_names (actor_code VARCHAR NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL);

CREATE TABLE domains (
    domain_id VARCHAR PRIMARY KEY, parent_id VARCHAR, name_en VARCHAR, name_zh VARCHAR,
    description_en VARCHAR, description_zh VARCHAR, keywords_en VARCHAR[], keywords_zh VARCHAR[],
    cet_categories VARCHAR[], wassenaar_categories VARCHAR[], hs_codes VARCHAR[]);
CREATE TABLE stages (
    stage_id VARCHAR PRIMARY KEY, name_en VARCHAR, name_zh VARCHAR,
    description_en VARCHAR, description_zh VARCHAR);
CREATE TABLE dimensions (
    dimension_id VARCHAR PRIMARY KEY, name_en VARCHAR, name_zh VARCHAR,
    description_en VARCHAR, description_zh VARCHAR);
CREATE TABLE instruments (
    instrument_id VARCHAR PRIMARY KEY, name_en VARCHAR, name_zh VARCHAR,
    description_en VARCHAR, description_zh VARCHAR, default_direction VARCHAR);

CREATE TABLE alliances (
    alliance_id VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
    short_name_en VARCHAR, short_name_zh VARCHAR, kind VARCHAR NOT NULL, form VARCHAR NOT NULL,
    tech_scope VARCHAR[], founded_date DATE, founded_precision VARCHAR, ended_date DATE,
    ended_precision VARCHAR, predecessor_id VARCHAR, summary_en VARCHAR, summary_zh VARCHAR,
    domains VARCHAR[], stages VARCHAR[], source_ids VARCHAR[], note VARCHAR, kb_file VARCHAR NOT NULL);
CREATE TABLE alliance_names (alliance_id VARCHAR NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL);
CREATE TABLE alliance_status (
    alliance_id VARCHAR NOT NULL, status VARCHAR NOT NULL, since_date DATE NOT NULL,
    since_precision VARCHAR NOT NULL, source_ids VARCHAR[], note VARCHAR);
CREATE TABLE alliance_dimensions (
    alliance_id VARCHAR NOT NULL, dimension_id VARCHAR NOT NULL, level INTEGER NOT NULL,
    evidence VARCHAR, source_ids VARCHAR[]);
CREATE TABLE memberships (
    alliance_id VARCHAR NOT NULL, actor_code VARCHAR NOT NULL, role VARCHAR NOT NULL,
    joined_date DATE, joined_precision VARCHAR, left_date DATE, left_precision VARCHAR,
    as_of_date DATE, as_of_precision VARCHAR, effective_from_date DATE, source_ids VARCHAR[], note VARCHAR);

CREATE TABLE measures (
    measure_id VARCHAR PRIMARY KEY, measure_date DATE NOT NULL, date_precision VARCHAR NOT NULL,
    actor_code VARCHAR NOT NULL, issuer VARCHAR, alliance_id VARCHAR, title_en VARCHAR,
    title_zh VARCHAR, instrument_id VARCHAR NOT NULL, direction VARCHAR NOT NULL,
    target_codes VARCHAR[], target_entities VARCHAR[], domains VARCHAR[], stages VARCHAR[],
    dimensions VARCHAR[], tech_scope VARCHAR, severity_score INTEGER NOT NULL, citation VARCHAR,
    source_ids VARCHAR[], summary_en VARCHAR, summary_zh VARCHAR, note VARCHAR,
    kb_file VARCHAR NOT NULL);

CREATE TABLE country_attributes (
    actor_code VARCHAR NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL,
    value DOUBLE NOT NULL, source_ids VARCHAR[], note VARCHAR);
CREATE TABLE country_attribute_gaps (
    actor_code VARCHAR NOT NULL, indicator VARCHAR NOT NULL, year INTEGER, reason VARCHAR NOT NULL);
