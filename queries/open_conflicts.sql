-- Question: which conflicts are still open, and what exactly does each side say?
-- Returns:  company, event_id, conflict_id, topic, description, detected_at, then for each side (a_, b_):
--           who (speaker, else the attribution), attribution, stance, quote, outlet, published_at, url.
-- A conflict is two claims about the same event and topic that cannot both be true; the store keeps
-- both sides with their sources and dates, and gives no verdict.
-- Run:      outagewatch query --db data/demo/outagewatch.duckdb "$(cat queries/open_conflicts.sql)"
SELECT
    e.company,
    k.event_id,
    k.conflict_id,
    k.topic,
    k.description,
    k.detected_at,
    coalesce(a.speaker, a.attribution) AS a_who,
    a.attribution AS a_attribution,
    a.stance AS a_stance,
    a.quote AS a_quote,
    da.outlet AS a_outlet,
    a.published_at AS a_published_at,
    da.url AS a_url,
    coalesce(b.speaker, b.attribution) AS b_who,
    b.attribution AS b_attribution,
    b.stance AS b_stance,
    b.quote AS b_quote,
    db.outlet AS b_outlet,
    b.published_at AS b_published_at,
    db.url AS b_url
FROM conflicts k
JOIN events e USING (event_id)
JOIN claims a ON a.claim_id = k.claim_a
JOIN claims b ON b.claim_id = k.claim_b
JOIN documents da ON da.doc_id = a.doc_id
JOIN documents db ON db.doc_id = b.doc_id
WHERE k.status = 'open'
ORDER BY e.company, k.event_id, greatest(a.published_at, b.published_at), k.conflict_id
