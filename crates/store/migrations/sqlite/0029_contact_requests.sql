-- Contactverzoeken (issue 12, point 4): a resident's question handed from a conversation to
-- a back-office team or colleague, with its history of steps. Both hold what the resident
-- asked and how to reach them, so both go with the conversation (erasure and retention
-- delete conversations; the cascades take the requests and their steps). The twin in the
-- other backend's folder has the same name and meaning.
create table contact_requests (
    id text not null primary key,
    org_id text not null references organisations (id),
    conversation_id text not null references conversations (id) on delete cascade,
    -- Addressed to a team, a colleague or both (at least one: checked by the engine).
    team_id text references teams (id),
    assignee_id text references users (id),
    question text not null,
    contact_details text not null,
    internal_note text not null,
    -- The team's extra questions with their answers: JSON [[question, answer], ...].
    extra text not null,
    -- te_verwerken | verwerkt | terug_naar_kcc
    state text not null,
    -- When the resident was told to hear from us at the latest (null: not computable).
    due_at bigint,
    -- What became of the expectation message: sent | template | not_sent.
    expectation text not null,
    created_by text not null references users (id),
    created_at bigint not null,
    updated_at bigint not null
);
-- The list per state, newest first; a conversation's requests (its side panel).
create index contact_requests_org_state on contact_requests (org_id, state, created_at);
create index contact_requests_conversation on contact_requests (conversation_id);

-- Each step: who did what when, and what they wrote (how the resident was answered, why it
-- went back). Forwarding names the new colleague.
create table contact_request_steps (
    request_id text not null references contact_requests (id) on delete cascade,
    seq bigint not null,
    org_id text not null references organisations (id),
    kind text not null,
    actor_id text not null references users (id),
    to_user_id text references users (id),
    outcome text not null,
    at bigint not null,
    primary key (request_id, seq)
);
