-- Wrap-up (issue 12 point 8). The twin in the other backend's folder has the same name and
-- meaning.

-- Each organisation's result list and whether resolving needs a wrap-up (JSON, the domain's
-- `WrapUpPolicy`). No row: the default list, asked but not required.
create table wrap_up_policies (
    org_id text primary key references organisations (id),
    policy text not null
);

-- One row per resolution (a reopened and re-resolved conversation gets another): the
-- result's key, the question in the agent's words (personal: cleared by erasure and
-- retention), the articles used (a JSON list of ids; `article_count` for the reports), who
-- and when. The facts outlive the conversation for the reports: erasing it sets the link
-- null.
create table conversation_wrap_ups (
    id text primary key,
    org_id text not null references organisations (id),
    conversation_id text references conversations (id) on delete set null,
    result text not null,
    question text,
    articles text not null,
    article_count bigint not null,
    user_id text references users (id),
    at bigint not null
);
-- The reports count per organisation over a period; a conversation lists its own.
create index conversation_wrap_ups_org_at on conversation_wrap_ups (org_id, at);
create index conversation_wrap_ups_conversation on conversation_wrap_ups (conversation_id);
