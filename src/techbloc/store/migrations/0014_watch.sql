-- Early warning delivery (docs/methodology.md, "Early warning: alert life cycle and delivery"):
-- the runs of `techbloc watch`, the notifications each alert level owes to each channel (an
-- outbox written in the same transaction as the alerts, so a notification is never lost), every
-- delivery attempt, and the ids of alerts merged into another by de-duplication across periods.
CREATE SEQUENCE watch_run_ids START 1;
CREATE SEQUENCE alert_notification_ids START 1;

CREATE TABLE watch_runs (
    run_id INTEGER PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,           -- UTC
    finished_at TIMESTAMP,
    as_of DATE NOT NULL,                     -- the data date the detectors ran for
    since DATE,                              -- the previous completed run's as_of
    status VARCHAR NOT NULL,                 -- running | ok | unchanged | failed | interrupted
    data_mark VARCHAR,                       -- JSON: what the data and settings were (new data?)
    detector VARCHAR,                        -- module.function of the detector run
    watchlist VARCHAR,                       -- the watchlist file, if any
    channels VARCHAR[],                      -- the delivery targets configured
    alerts_found INTEGER NOT NULL DEFAULT 0, -- alerts the detectors returned
    alerts_new INTEGER NOT NULL DEFAULT 0,
    alerts_escalated INTEGER NOT NULL DEFAULT 0,
    alerts_updated INTEGER NOT NULL DEFAULT 0,
    notified INTEGER NOT NULL DEFAULT 0,     -- notifications delivered in this run
    notify_failed INTEGER NOT NULL DEFAULT 0,
    errors VARCHAR[]);

-- One row per alert, level and delivery target: each target hears of an alert at each level at
-- most once (raised at yellow, escalated to red: two notifications; the same again: none).
CREATE TABLE alert_notifications (
    notification_id INTEGER PRIMARY KEY,
    alert_id VARCHAR NOT NULL,
    level VARCHAR NOT NULL,                  -- the level announced
    change VARCHAR NOT NULL,                 -- raised | escalated
    channel VARCHAR NOT NULL,                -- webhook | email
    target VARCHAR NOT NULL,                 -- webhook host and a hash of its URL, or smtp host → recipients
    matched_by VARCHAR,                      -- why the watchlist let it through
    status VARCHAR NOT NULL,                 -- pending | sent | failed | abandoned | superseded | cancelled
    attempts INTEGER NOT NULL DEFAULT 0,     -- attempts over all runs
    runs_tried INTEGER NOT NULL DEFAULT 0,   -- runs that tried to deliver it
    last_error VARCHAR,
    queued_run_id INTEGER,
    created_at TIMESTAMP NOT NULL,
    last_attempt_at TIMESTAMP,
    sent_at TIMESTAMP,
    UNIQUE (alert_id, level, channel, target));

-- The notification log: every attempt, its outcome and the error where it failed.
CREATE TABLE notification_attempts (
    notification_id INTEGER NOT NULL,
    run_id INTEGER,
    attempted_at TIMESTAMP NOT NULL,
    attempt INTEGER NOT NULL,                -- 1, 2, 3 … within the run
    ok BOOLEAN NOT NULL,
    status_code INTEGER,                     -- HTTP status or SMTP reply code, where there was one
    error VARCHAR);

-- De-duplication across periods: an alert id a detector produced that was merged into the open
-- alert of the same detector and scope (alias_id → alert_id).
CREATE TABLE alert_aliases (
    alias_id VARCHAR PRIMARY KEY,
    alert_id VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    merged_at TIMESTAMP NOT NULL);
