-- The SLA-risico view and its tab count, on every inbox page, start from an organisation's
-- warnings and breaches (`sla_risk_candidates`). Without this index the only way in was
-- the conversations: at 1,000,000 conversations SQLite probed every one of them
-- (≈ 0.5 s a page). Covering: the events' columns the query reads are in the index, so
-- only the conversation is looked up per event. The twin in the other backend's folder
-- has the same name and meaning.
create index sla_events_org_kind on sla_events (org_id, kind, conversation_id, target, due_at, at);
