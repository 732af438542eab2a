-- Question: how many incidents did each company have, month by month?
-- Returns:  company, month (DATE, first day of the month), incidents (events that started that month),
--           kinds (the distinct event kinds, e.g. [outage, security_incident]), event_ids.
-- An event is dated by started_at, or by first_reported_at when the start is unknown.
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/incidents_per_company_month.sql)"
SELECT
    company,
    date_trunc('month', coalesce(started_at, first_reported_at))::DATE AS month,
    count(*) AS incidents,
    list(DISTINCT kind ORDER BY kind) AS kinds,
    list(event_id ORDER BY coalesce(started_at, first_reported_at), event_id) AS event_ids
FROM events
GROUP BY ALL
ORDER BY month NULLS LAST, company
