-- Question: how well sourced is each event: how many independent reports, and how many distinct statements?
-- Returns:  company, event_id, kind, started_at, independent_sources (documents that are not copies of
--           another), outlets (their distinct outlets), copies (syndicated or reposted copies),
--           distinct_statements (claims counted once however many outlets carried them, withdrawn ones
--           left out), open_conflicts.
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/event_sources.sql)"
WITH docs AS (
    SELECT ed.event_id,
           count(DISTINCT d.doc_id) FILTER (WHERE d.duplicate_of IS NULL) AS independent_sources,
           list(DISTINCT d.outlet ORDER BY d.outlet) FILTER (WHERE d.duplicate_of IS NULL) AS outlets,
           count(DISTINCT d.doc_id) FILTER (WHERE d.duplicate_of IS NOT NULL) AS copies
    FROM event_documents ed JOIN documents d USING (doc_id)
    GROUP BY 1
),
statements AS (
    SELECT event_id, count(*) AS distinct_statements
    FROM claims
    WHERE same_as IS NULL AND withdrawn_revision IS NULL
    GROUP BY 1
),
disputes AS (
    SELECT event_id, count(*) AS open_conflicts FROM conflicts WHERE status = 'open' GROUP BY 1
)
SELECT
    e.company,
    e.event_id,
    e.kind,
    e.started_at,
    coalesce(d.independent_sources, 0) AS independent_sources,
    coalesce(d.outlets, []) AS outlets,
    coalesce(d.copies, 0) AS copies,
    coalesce(s.distinct_statements, 0) AS distinct_statements,
    coalesce(k.open_conflicts, 0) AS open_conflicts
FROM events e
LEFT JOIN docs d USING (event_id)
LEFT JOIN statements s USING (event_id)
LEFT JOIN disputes k USING (event_id)
ORDER BY independent_sources DESC, distinct_statements DESC, e.company, e.event_id
