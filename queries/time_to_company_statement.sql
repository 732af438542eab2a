-- Question: how long, on average, does each company take to speak after an incident is first reported?
-- Returns:  company, events, events_with_statement, mean_hours, median_hours, fastest_hours, slowest_hours
--           (hours from an event's first report to the company's first own statement about it).
-- The first report is the earliest non-duplicate document of the event; the company's own statement is a
-- claim attributed to a spokesperson, an executive, a postmortem or a status page. Events on which the
-- company has said nothing count in `events` but not in the hours. 0 hours means the first report already
-- carried the company's words (a spokesperson quoted in the breaking story).
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/time_to_company_statement.sql)"
WITH first_report AS (
    SELECT ed.event_id, min(d.published_at) AS at
    FROM event_documents ed JOIN documents d USING (doc_id)
    WHERE d.duplicate_of IS NULL
    GROUP BY 1
),
first_statement AS (
    SELECT event_id, min(published_at) AS at
    FROM claims
    WHERE attribution IN ('spokesperson', 'executive', 'postmortem', 'status_page')
    GROUP BY 1
),
per_event AS (
    SELECT e.company, e.event_id, date_diff('minute', r.at, s.at) / 60 AS hours
    FROM events e
    LEFT JOIN first_report r USING (event_id)
    LEFT JOIN first_statement s USING (event_id)
)
SELECT
    company,
    count(*) AS events,
    count(hours) AS events_with_statement,
    round(avg(hours), 1) AS mean_hours,
    round(median(hours), 1) AS median_hours,
    round(min(hours), 1) AS fastest_hours,
    round(max(hours), 1) AS slowest_hours
FROM per_event
GROUP BY company
ORDER BY mean_hours NULLS LAST, company
