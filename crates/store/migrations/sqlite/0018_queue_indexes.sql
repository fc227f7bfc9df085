-- Two more index ranges for the inbox (issue 9), found with EXPLAIN QUERY PLAN on a million
-- conversations. The PostgreSQL twin has the same file name and meaning.

-- "All" view, answered part (and any filter without its own index, e.g. a label): the open
-- and pending conversations by last activity. Before, this walked the organisation's whole
-- history (`conversations_org_recent`, mostly resolved rows) to fill a page; a rare label
-- read a hundred thousand rows.
create index conversations_active_recent on conversations (org_id, last_message_at, id)
    where status in ('open', 'pending');
-- A status filter's waiting part (e.g. "resolved"): an empty or short range of its own,
-- instead of every waiting conversation checked for its status.
create index conversations_status_waiting on conversations (org_id, status, waiting_since, id)
    where waiting_since is not null;
