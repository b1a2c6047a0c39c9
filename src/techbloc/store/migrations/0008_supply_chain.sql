-- Supply chains: technology inputs, who supplies them (share of world supply, percent), how inputs
-- relate, every import and the rows it rejected. See docs/methodology.md ("Supply-chain shares").
CREATE SEQUENCE supply_import_ids START 1;

CREATE TABLE supply_imports (
    import_id INTEGER PRIMARY KEY, source_format VARCHAR NOT NULL, source_location VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL, share_scale VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL, inputs INTEGER NOT NULL, shares INTEGER NOT NULL,
    edges INTEGER NOT NULL, rejected INTEGER NOT NULL);

-- A technology input (a tool, a material, design software …) or a whole stage of the chain.
-- stage_ids: the chain stages it serves (ETO S1 design, S2 fabrication, S3 ATP), derived from
-- the input graph; domain_id: the techbloc technology domain, where the mapping is clear.
CREATE TABLE supply_inputs (
    input_id VARCHAR PRIMARY KEY, input_name VARCHAR NOT NULL, input_type VARCHAR,
    stage_ids VARCHAR[], stage_names VARCHAR[], domain_id VARCHAR, description VARCHAR,
    market_size_text VARCHAR, market_size_usd_m DOUBLE, market_size_year INTEGER,
    source VARCHAR, import_id INTEGER NOT NULL, source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL);

-- One supplier's share of the world supply of an input in a year. A country-level row has no
-- organisation; an organisation row carries its country. actor_code is NULL where the source
-- names no single country ('Various countries', 'Europe'). share_pct is NULL where the source
-- names the supplier without a share. basis: 'country' (as the source gives it),
-- 'organisations' (the sum of the country's organisations, where the source gives no country
-- figure for that input and year), 'organisation'.
CREATE TABLE supply_shares (
    share_key VARCHAR PRIMARY KEY, input_id VARCHAR NOT NULL, year INTEGER NOT NULL,
    actor_code VARCHAR, organisation VARCHAR, provider_id VARCHAR, provider_name VARCHAR NOT NULL,
    share_pct DOUBLE, basis VARCHAR NOT NULL, source VARCHAR, import_id INTEGER NOT NULL,
    source_file VARCHAR NOT NULL, source_row INTEGER NOT NULL);

-- input_id goes_into / is_type_of related_id.
CREATE TABLE supply_edges (
    input_id VARCHAR NOT NULL, related_id VARCHAR NOT NULL, relation VARCHAR NOT NULL,
    import_id INTEGER NOT NULL, source_file VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    PRIMARY KEY (input_id, related_id, relation));

CREATE TABLE supply_quarantine (
    import_id INTEGER NOT NULL, source_location VARCHAR NOT NULL, source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL, field VARCHAR, reason VARCHAR NOT NULL, raw_json VARCHAR);
