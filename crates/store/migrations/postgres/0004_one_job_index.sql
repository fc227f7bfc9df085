-- jobs_fifo (state, run_at, seq) from 0003 covers every use of jobs_due (state, run_at).
drop index jobs_due;
