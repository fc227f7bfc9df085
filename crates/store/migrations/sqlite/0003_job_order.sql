-- Jobs due at the same instant run in the order they were queued (an agent's messages
-- leave in the order written). SQLite orders by the table's implicit rowid, which grows
-- with every insert; PostgreSQL gets an identity column in its 0003.
create index jobs_fifo on jobs (state, run_at);
