-- Enrichment of listed entities, derived from their records and the knowledge base; rebuilt after
-- every list import and every knowledge-base change (see techbloc/enrich/).
CREATE TABLE listing_domains (
    entity_id VARCHAR NOT NULL, domain_id VARCHAR NOT NULL, basis VARCHAR NOT NULL,
    evidence VARCHAR NOT NULL);

CREATE TABLE listing_measures (
    entity_id VARCHAR NOT NULL, measure_id VARCHAR NOT NULL, citation VARCHAR NOT NULL,
    link_rule VARCHAR NOT NULL, day_gap INTEGER);
