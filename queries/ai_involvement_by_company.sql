-- Question: for each company's events, who asserts that AI was involved, and who denies or limits it?
-- Returns:  company, event_id, kind, started_at,
--           asserted, denied, limited, hedged (counts of distinct statements with that stance),
--           asserted_by, denied_or_limited_by (the attributions behind them, e.g. [internal_document]),
--           company_says (the stance of the company's own latest statement: spokesperson, executive,
--           postmortem or status page; NULL when it said nothing about AI).
-- Counts distinct statements once (same_as IS NULL: not the same words carried by another outlet)
-- and leaves out statements withdrawn in a later revision (withdrawn_revision IS NULL).
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/ai_involvement_by_company.sql)"
WITH statements AS (
    SELECT c.*, c.attribution IN ('spokesperson', 'executive', 'postmortem', 'status_page') AS own_voice
    FROM claims c
    WHERE c.topic = 'ai_involvement' AND c.same_as IS NULL AND c.withdrawn_revision IS NULL
)
SELECT
    e.company,
    e.event_id,
    e.kind,
    e.started_at,
    count(*) FILTER (WHERE s.stance = 'asserts') AS asserted,
    count(*) FILTER (WHERE s.stance = 'denies') AS denied,
    count(*) FILTER (WHERE s.stance = 'limits') AS limited,
    count(*) FILTER (WHERE s.stance = 'hedges') AS hedged,
    coalesce(list(DISTINCT s.attribution ORDER BY s.attribution) FILTER (WHERE s.stance = 'asserts'), [])
        AS asserted_by,
    coalesce(list(DISTINCT s.attribution ORDER BY s.attribution) FILTER (WHERE s.stance IN ('denies', 'limits')), [])
        AS denied_or_limited_by,
    arg_max(s.stance, s.published_at) FILTER (WHERE s.own_voice) AS company_says
FROM statements s
JOIN events e USING (event_id)
GROUP BY e.company, e.event_id, e.kind, e.started_at
ORDER BY e.company, e.started_at NULLS LAST, e.event_id
