-- Tagged documents as dated events for the indicators and the early warning: one row per document
-- and alliance, domain or country it mentions. The event date is the document's publication date,
-- else the latest event date it reports, else the day it was imported (date_basis says which).
CREATE VIEW document_events AS
WITH latest_reported AS (
    SELECT doc_id, max(event_date) AS reported FROM document_event_dates GROUP BY doc_id),
dated AS (
    SELECT d.doc_id, d.title, d.language,
           coalesce(d.published, r.reported, CAST(d.imported_at AS DATE)) AS event_date,
           CASE WHEN d.published IS NOT NULL THEN 'published'
                WHEN r.reported IS NOT NULL THEN 'latest reported event'
                ELSE 'imported' END AS date_basis
    FROM documents d LEFT JOIN latest_reported r USING (doc_id))
SELECT dated.doc_id, dated.event_date, dated.date_basis, dated.title, dated.language,
       m.mention_type AS scope_type, m.key AS scope_key, count(*) AS mentions,
       any_value(s.stance) AS stance, any_value(s.direction) AS direction,
       min(m.sentence) FILTER (WHERE m.start_offset = (
           SELECT min(m2.start_offset) FROM document_mentions m2
           WHERE m2.doc_id = m.doc_id AND m2.mention_type = m.mention_type AND m2.key = m.key))
           AS evidence
FROM dated
JOIN document_mentions m USING (doc_id)
LEFT JOIN document_stances s
       ON s.doc_id = m.doc_id AND m.mention_type = 'alliance' AND s.alliance_id = m.key
WHERE m.mention_type IN ('alliance', 'domain', 'country')
GROUP BY ALL;
