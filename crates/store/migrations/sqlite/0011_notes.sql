-- Internal notes: what agents write to each other on a conversation, never sent to the
-- resident. `mentions` is a JSON array of the user ids the note mentions (read with the
-- note; nothing queries inside it).
create table notes (
    id text primary key,
    org_id text not null references organisations (id),
    conversation_id text not null references conversations (id),
    author_id text not null references users (id),
    body text not null,
    mentions text not null,
    created_at bigint not null
);
create index notes_conversation on notes (org_id, conversation_id, created_at);
