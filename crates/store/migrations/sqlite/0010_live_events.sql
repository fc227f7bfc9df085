-- The live events `GET /events` streams (ids and small fields only, never message text or
-- phone numbers), kept for a bounded time so a reconnecting client replays what it missed.
-- AUTOINCREMENT: an id is never reused, not even after the newest rows were pruned, so a
-- client's Last-Event-ID never names a different event.
create table live_events (
    id integer primary key autoincrement,
    org_id text not null references organisations (id),
    data text not null,
    at bigint not null
);
create index live_events_org on live_events (org_id, id);
create index live_events_at on live_events (at);
