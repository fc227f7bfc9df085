-- Retention (issue 10): what the retention job keeps track of. The SQLite twin has the same
-- file name and meaning.

-- An anonymised conversation keeps its content-free facts (events, statuses, timestamps,
-- labels) for reports; this marks it so the job does not visit it again.
alter table conversations add column anonymised_at bigint;

-- The job looks for resolved conversations by organisation and resolution time.
create index conversations_org_resolved on conversations (org_id, status, resolved_at, id);

-- One row per run and organisation: what was removed, as counts only (never content, never
-- which conversations, so the record itself holds no personal data).
create table retention_runs (
    id text collate "C" primary key,
    org_id text not null references organisations (id),
    started_at bigint not null,
    finished_at bigint not null,
    dry_run boolean not null,
    conversations_deleted bigint not null,
    conversations_anonymised bigint not null,
    messages_deleted bigint not null,
    messages_anonymised bigint not null,
    media_removed bigint not null,
    notes_deleted bigint not null,
    jobs_deleted bigint not null,
    contacts_removed bigint not null,
    channel_events_deleted bigint not null,
    error text
);
create index retention_runs_org on retention_runs (org_id, started_at);
