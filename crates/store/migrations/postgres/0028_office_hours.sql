-- Office hours and the automatic messages around them (issue 12). The twin in the other
-- backend's folder has the same name and meaning.

-- Each organisation's office hours and automatic texts as configured (JSON: the weekly
-- schedule, holiday options, closures, receipt, greeting, follow-up template), with an
-- override per channel. No row: always open, nothing sent by itself.
create table office_hours (
    org_id text collate "C" not null references organisations (id),
    -- '' for the organisation's own, else the id of the channel it overrides.
    scope text collate "C" not null,
    policy text not null,
    primary key (org_id, scope)
);

-- The automatic messages each conversation got, so each goes at most once per period:
-- `out_of_hours` once per closed period (`period`: the opening it announced, microseconds),
-- `follow_up` once per conversation (`period` 0). Goes with its conversation.
create table auto_replies_sent (
    conversation_id text collate "C" not null references conversations (id) on delete cascade,
    org_id text collate "C" not null references organisations (id),
    kind text collate "C" not null,
    period bigint not null,
    sent_at bigint not null,
    primary key (conversation_id, kind, period)
);

-- The next-morning follow-up looks for windows that expired in a stretch of time.
create index conversations_org_last_inbound on conversations (org_id, last_inbound_at);
