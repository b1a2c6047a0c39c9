-- What document tagging reads from a store besides names: the keywords of stages, dimensions and
-- instruments, and the country terms of kb/data/actors/country_terms.yaml (demonyms, seats of
-- government, fixed forms, one-character abbreviations, not-mentions, joint forms).
ALTER TABLE stages ADD COLUMN keywords_en VARCHAR[];
ALTER TABLE stages ADD COLUMN keywords_zh VARCHAR[];
ALTER TABLE dimensions ADD COLUMN keywords_en VARCHAR[];
ALTER TABLE dimensions ADD COLUMN keywords_zh VARCHAR[];
ALTER TABLE instruments ADD COLUMN keywords_en VARCHAR[];
ALTER TABLE instruments ADD COLUMN keywords_zh VARCHAR[];

-- term_kind in (demonym, seat, form, abbreviation, not_mention, joint_form); lang in (en, zh).
-- A joint form (港澳台) has one row per country it names.
CREATE TABLE country_terms (
    actor_code VARCHAR NOT NULL, term_kind VARCHAR NOT NULL, lang VARCHAR NOT NULL,
    term VARCHAR NOT NULL, source_ids VARCHAR[]);
