-- SLA warnings, breaches and escalations (issue 12, point 6). The twin in the other
-- backend's folder has the same name and meaning.

-- What the worker announced about a conversation's target, each once: the primary key
-- (with `due_at`, the deadline it was about, in microseconds) lets exactly one of several
-- workers claim it, and a new question (a new deadline) gets its own. Goes with its
-- conversation.
create table sla_events (
    conversation_id text not null references conversations (id) on delete cascade,
    org_id text not null references organisations (id),
    -- `first_response` or `resolution`.
    target text not null,
    -- `warning`, `breach` or `escalated`.
    kind text not null,
    due_at bigint not null,
    at bigint not null,
    primary key (conversation_id, target, kind, due_at)
);
