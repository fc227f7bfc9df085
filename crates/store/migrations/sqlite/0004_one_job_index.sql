-- 0003's jobs_fifo (state, run_at) duplicates 0001's jobs_due: SQLite appends the rowid to
-- every index, so jobs_due already serves "order by run_at, rowid".
drop index jobs_fifo;
