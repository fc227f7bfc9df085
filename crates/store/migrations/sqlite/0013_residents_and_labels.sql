-- The resident panel and the labels taxonomy (issue 9, part "actions"). The PostgreSQL twin
-- has the same file name and meaning.

-- What agents keep about a resident: free-text notes, a name they set themselves (set: the
-- channel's profile name no longer overwrites it), and a block. A blocked resident's
-- messages are still stored, but they open, reopen or wake no conversation (see ingest).
alter table contacts add column notes text;
alter table contacts add column name_set_at bigint;
alter table contacts add column blocked_at bigint;
alter table contacts add column blocked_by text;

-- One shared list of labels per organisation; a conversation's labels come from it once the
-- organisation has any. `label_group` only orders and groups them on screen. Deactivated
-- labels stay on the conversations that carry them but can no longer be added.
create table labels (
    org_id text not null references organisations (id),
    slug text not null,
    name text not null,
    label_group text not null,
    active integer not null,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (org_id, slug)
);
