-- Mentions (issue 9): one row per colleague an internal note names, kept until they have
-- seen it (`read_at`), so a mention outlives the live notice: the navigation's badge counts
-- the unread ones and `/mentions` lists them. A mention names a conversation, so it goes
-- with its note (erasure and retention delete notes; the cascade takes the mentions). The
-- twin in the other backend's folder has the same name and meaning.
create table mentions (
    note_id text not null references notes (id) on delete cascade,
    user_id text not null references users (id),
    org_id text not null references organisations (id),
    conversation_id text not null references conversations (id),
    at bigint not null,
    read_at bigint,
    primary key (note_id, user_id)
);
-- A user's mentions, newest first (the `/mentions` page, keyset by (at, note_id)).
create index mentions_user on mentions (org_id, user_id, at, note_id);
-- The unread ones only: the badge's count, and opening a conversation marks its own read.
create index mentions_unread on mentions (org_id, user_id, conversation_id) where read_at is null;

-- Notes written before this migration named their mentions in `notes.mentions` only: they
-- become mentions already read (their live notice is long past), so the list has them but
-- the badge does not suddenly count them.
insert into mentions (note_id, user_id, org_id, conversation_id, at, read_at)
select distinct n.id, j.value, n.org_id, n.conversation_id, n.created_at, n.created_at
from notes n, json_each(n.mentions) j
where exists (select 1 from users u where u.id = j.value);
