-- Jobs due at the same instant run in the order they were queued (an agent's messages
-- leave in the order written). SQLite uses its implicit rowid for this.
alter table jobs add column seq bigint generated always as identity;
create index jobs_fifo on jobs (state, run_at, seq);
