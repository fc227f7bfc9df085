-- The inbox's views, filters and search (issue 9): each reads one index range, so a page of
-- 50 stays fast at a million conversations. A view's page is its waiting part (by
-- `waiting_since`) and then its answered part (by `last_message_at`); an index per part.
-- The assignee and team indexes replace their shorter forms of 0001 and 0009. Waiting
-- indexes hold only waiting conversations (so an answered part never reads them, and uses
-- its `last_message_at` index instead of sorting); the views' answered parts and counts
-- read only open and pending ones (the inbox's default), so a view's range holds no
-- resolved history. Checked with EXPLAIN (QUERY PLAN) on a million conversations.
drop index conversations_org_assignee;
drop index conversations_org_team;
drop index conversations_org_waiting;
create index conversations_org_waiting on conversations (org_id, waiting_since, id)
    where waiting_since is not null;
create index conversations_assignee_waiting on conversations (org_id, assignee, waiting_since, id)
    where waiting_since is not null;
create index conversations_assignee_recent on conversations (org_id, assignee, last_message_at, id)
    where status in ('open', 'pending');
create index conversations_unassigned_recent on conversations (org_id, last_message_at, id)
    where assignee is null and status in ('open', 'pending');
create index conversations_team_waiting on conversations (org_id, team, waiting_since, id)
    where waiting_since is not null;
create index conversations_team_recent on conversations (org_id, team, last_message_at, id)
    where status in ('open', 'pending');
create index conversations_status_recent on conversations (org_id, status, last_message_at, id);
create index conversations_channel_recent on conversations (org_id, channel_id, last_message_at, id);
-- Search: a resident's conversations, and residents and identities by prefix, compared
-- byte-wise (`collate "C"`) whatever the database's collation, as the queries compare.
create index conversations_org_contact on conversations (org_id, contact_id, last_message_at);
create index contacts_org_name on contacts (org_id, (lower(display_name) collate "C"));
create index contact_identities_prefix on contact_identities (org_id, kind, (value collate "C"));
