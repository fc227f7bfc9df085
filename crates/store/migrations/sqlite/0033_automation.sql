-- Automation rules and their log (issue 12, point 7). The twin in the other backend's
-- folder has the same name and meaning.

-- An organisation's rules. `definition` is the rule's trigger, conditions and actions as
-- JSON (read back robustly: a damaged row is shown as such and skipped, never fatal).
-- `enabled_since`: a message older than the moment a rule was switched on never fires it.
create table automation_rules (
    id text primary key,
    org_id text not null references organisations (id),
    name text not null,
    enabled integer not null,
    definition text not null,
    enabled_since bigint not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index automation_rules_org on automation_rules (org_id, created_at, id);

-- What fired and why: one row per rule and message (event rules, `run_key` the message id)
-- or waiting stretch (time rules, `run_key` the question's `waiting_since`). The unique key
-- lets exactly one of several workers claim a run before it acts. `rule_id` is no foreign
-- key and the name is copied: the log outlives a deleted rule. Goes with its conversation.
create table automation_runs (
    org_id text not null references organisations (id),
    rule_id text not null,
    rule_name text not null,
    conversation_id text not null references conversations (id) on delete cascade,
    run_key text not null,
    trigger text not null,
    why text not null,
    actions text not null,
    outcome text,
    at bigint not null,
    primary key (rule_id, conversation_id, run_key)
);
create index automation_runs_org on automation_runs (org_id, at);
create index automation_runs_conversation on automation_runs (conversation_id);

-- Per organisation, the last message (`messages.seq`) the event pass has evaluated.
create table automation_cursors (
    org_id text primary key references organisations (id),
    last_seq bigint not null
);
-- The event pass reads an organisation's messages after its cursor.
create index messages_org_seq on messages (org_id, seq);
