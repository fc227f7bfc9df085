-- Issue 7 §8 and §9 (SQLite). The PostgreSQL twin has the same file name and meaning.

-- Fencing token: every claim of a job takes the next number, and only the worker holding
-- the latest claim may complete, retry, postpone or fail it (a worker whose lease expired
-- during a long media fetch must not overwrite the outcome of the one that took over).
alter table jobs add column claim bigint not null default 0;

-- A text's link preview, kept so that an agent's retry sends it the same way.
alter table messages add column preview_url integer not null default 0;

-- What status webhooks say about the price of an outbound message (they carry no amount;
-- cost reports multiply these by a rate card), and the resident's business-scoped user id.
alter table messages add column pricing_model text;
alter table messages add column pricing_type text;
alter table messages add column pricing_category text;
alter table messages add column pricing_billable integer;
alter table messages add column recipient_user_id text;

-- A status that arrives before its message's wamid is known keeps the same facts until then.
alter table pending_statuses add column pricing text;
alter table pending_statuses add column recipient_user_id text;

-- Pending statuses are pruned past Meta's redelivery horizon, oldest first.
create index pending_statuses_at on pending_statuses (at);
