-- The live events `GET /events` streams (ids and small fields only, never message text or
-- phone numbers), kept for a bounded time so a reconnecting client replays what it missed.
-- Appends take a transaction-scoped advisory lock (see postgres.rs), so ids are handed out in
-- commit order and a reader that saw id N has seen every committed id below N.
create table live_events (
    id bigserial primary key,
    org_id text not null references organisations (id),
    data text not null,
    at bigint not null
);
create index live_events_org on live_events (org_id, id);
create index live_events_at on live_events (at);
