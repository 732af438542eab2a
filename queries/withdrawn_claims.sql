-- Question: which claims were withdrawn: taken out of a later revision of the article that carried them?
-- Returns:  company, event_id, claim_id, who (speaker, else the attribution), attribution, topic, stance,
--           quote, outlet, url, published_at (of the revision that carried it), withdrawn_revision,
--           withdrawn_at (when the revision without it was fetched), note.
-- A story that is edited after publication keeps its earlier claims in the store, marked with the revision
-- that dropped them, so a quietly deleted statement stays on the record.
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/withdrawn_claims.sql)"
SELECT
    e.company,
    c.event_id,
    c.claim_id,
    coalesce(c.speaker, c.attribution) AS who,
    c.attribution,
    c.topic,
    c.stance,
    c.quote,
    d.outlet,
    d.url,
    c.published_at,
    c.withdrawn_revision,
    r.fetched_at AS withdrawn_at,
    c.note
FROM claims c
JOIN events e USING (event_id)
JOIN documents d ON d.doc_id = c.doc_id
LEFT JOIN document_revisions r ON r.doc_id = c.doc_id AND r.revision = c.withdrawn_revision
WHERE c.withdrawn_revision IS NOT NULL
ORDER BY withdrawn_at NULLS LAST, e.company, c.claim_id
