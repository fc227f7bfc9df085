-- The inbox's views, filters and search (issue 9): each reads one index range, so a page of
-- 50 stays fast at a million conversations. A view's page is its waiting part (by
-- `waiting_since`) and then its answered part (by `last_message_at`); an index per part.
-- The assignee and team indexes replace their shorter forms of 0001 and 0009.
drop index conversations_org_assignee;
drop index conversations_org_team;
create index conversations_assignee_waiting on conversations (org_id, assignee, waiting_since, id);
create index conversations_assignee_recent on conversations (org_id, assignee, last_message_at, id);
create index conversations_team_waiting on conversations (org_id, team, waiting_since, id);
create index conversations_team_recent on conversations (org_id, team, last_message_at, id);
create index conversations_status_recent on conversations (org_id, status, last_message_at, id);
create index conversations_channel_recent on conversations (org_id, channel_id, last_message_at, id);
-- Search: a resident's conversations, and residents and identities by prefix, compared
-- byte-wise (`collate "C"`) whatever the database's collation, as the queries compare.
create index conversations_org_contact on conversations (org_id, contact_id, last_message_at);
create index contacts_org_name on contacts (org_id, (lower(display_name) collate "C"));
create index contact_identities_prefix on contact_identities (org_id, kind, (value collate "C"));
