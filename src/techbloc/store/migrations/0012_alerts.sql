-- Early warning (docs/methodology.md, "Early warning"): alerts raised by the detectors, the
-- evidence of each, and every change of level or state. An alert's id is derived from its
-- detector, scope and period, so a detector that fires again for the same thing updates the same
-- alert (occurrences, last_seen; escalation when the level rises) instead of adding a new one.
CREATE TABLE alerts (
    alert_id VARCHAR PRIMARY KEY,
    detector VARCHAR NOT NULL,           -- rule id ('rule:…') or statistical detector name
    scope_type VARCHAR NOT NULL,         -- domain | alliance | country | organisation | system
    scope_key VARCHAR NOT NULL,          -- domain_id, alliance_id, actor code, entity id, 'all'
    period_start DATE NOT NULL,          -- the window the statistic was computed over
    period_end DATE NOT NULL,
    level VARCHAR NOT NULL,              -- blue | yellow | orange | red
    statistic VARCHAR NOT NULL,          -- what was measured, e.g. 'cusum', 'count_30d'
    value DOUBLE,
    threshold DOUBLE,
    title_en VARCHAR NOT NULL,
    title_zh VARCHAR NOT NULL,
    detail JSON,                         -- detector-specific figures (baseline, sigma, k, h …)
    state VARCHAR NOT NULL DEFAULT 'new',  -- new | acknowledged | closed
    first_seen DATE NOT NULL,            -- data date at which it was first raised
    last_seen DATE NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL);

-- What an alert rests on: a measure, a listing, a document, a news event, a membership change.
CREATE TABLE alert_evidence (
    alert_id VARCHAR NOT NULL,
    evidence_kind VARCHAR NOT NULL,      -- measure | listing | document | news_event | membership | alliance
    evidence_id VARCHAR NOT NULL,
    evidence_date DATE,
    label VARCHAR,
    url VARCHAR,
    PRIMARY KEY (alert_id, evidence_kind, evidence_id));

-- History: raised, escalated, acknowledged, closed, reopened; who and why where known.
CREATE TABLE alert_events (
    alert_id VARCHAR NOT NULL,
    happened_at TIMESTAMP NOT NULL,
    event VARCHAR NOT NULL,
    level_before VARCHAR,
    level_after VARCHAR,
    state_before VARCHAR,
    state_after VARCHAR,
    note VARCHAR);
