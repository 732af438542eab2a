-- Question: which source first reported each event, and when?
-- Returns:  company, event_id, kind, started_at, outlet, title, url, published_at (of the first report),
--           hours_after_start (from the event's start to that report; NULL when the start is unknown).
-- The first report is the earliest document linked to the event that is not a copy of another
-- (duplicate_of IS NULL), so a syndicated repost never takes the credit; ties go to the lower doc_id,
-- as in the timeline view.
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/first_reports.sql)"
SELECT
    e.company,
    e.event_id,
    e.kind,
    e.started_at,
    d.outlet,
    d.title,
    d.url,
    d.published_at,
    round(date_diff('minute', e.started_at, d.published_at) / 60, 1) AS hours_after_start
FROM events e
JOIN event_documents ed USING (event_id)
JOIN documents d USING (doc_id)
WHERE d.duplicate_of IS NULL
QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY d.published_at NULLS LAST, d.doc_id) = 1
ORDER BY d.published_at NULLS LAST, e.company
