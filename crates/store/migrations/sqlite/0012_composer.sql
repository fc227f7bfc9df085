-- Who wrote an agent's outbound message (the signed-in user; null for the API, bots and
-- everything sent before), and for a conversation an agent started with a template: who
-- stated that the resident gave permission to be contacted, and when.
alter table messages add column sender_user_id text;
alter table messages add column opt_in_by text;
alter table messages add column opt_in_at bigint;
