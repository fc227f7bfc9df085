-- The waiting part of the views of open and pending conversations (issue 9), each its own
-- ordered range. The PostgreSQL twin has the same file name and meaning. Measured on PostgreSQL at
-- a million conversations: its statistics take "waiting", "open or pending" and "unassigned"
-- for independent, expect 144 rows where there are 12,321, and chose a bitmap scan plus a
-- sort over all of them (131 ms a page); with these ranges a page reads its 51 rows (1 ms).
create index conversations_active_waiting on conversations (org_id, waiting_since, id)
    where waiting_since is not null and status in ('open', 'pending');
create index conversations_unassigned_waiting on conversations (org_id, waiting_since, id)
    where waiting_since is not null and assignee is null and status in ('open', 'pending');
create index conversations_team_active_waiting on conversations (org_id, team, waiting_since, id)
    where waiting_since is not null and status in ('open', 'pending');
