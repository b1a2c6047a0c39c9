-- Trade ties of the knowledge base (kb/data/ties/): free trade agreements with their parties, a
-- reporter's largest trading partners by year, and agreements left out as not verified. Rebuilt
-- with the other knowledge-base tables by `techbloc init`.
CREATE TABLE trade_agreements (
    agreement_id VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
    agreement_kind VARCHAR NOT NULL, signed_date DATE, signed_precision VARCHAR,
    in_force_date DATE, in_force_precision VARCHAR, ended_date DATE, ended_precision VARCHAR,
    source_ids VARCHAR[], note VARCHAR, kb_file VARCHAR NOT NULL);
CREATE TABLE trade_agreement_parties (agreement_id VARCHAR NOT NULL, actor_code VARCHAR NOT NULL);
CREATE TABLE trade_partner_ranks (
    reporter_code VARCHAR NOT NULL, year INTEGER NOT NULL, rank INTEGER NOT NULL,
    partner_code VARCHAR NOT NULL, total_trade_usd DOUBLE, source_ids VARCHAR[], note VARCHAR);
CREATE TABLE trade_tie_gaps (name VARCHAR NOT NULL, parties VARCHAR[], reason VARCHAR NOT NULL);
