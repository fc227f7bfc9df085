-- Message search (issue 11): each message's analysed text (`domain::search::index_text`) in
-- a full-text index, filled by the job worker. The SQLite twin has the same file name and
-- meaning.

-- When the message's current text was indexed; null = still to be indexed. Existing rows are
-- pending without an update of every row, and an edit or anonymisation sets it back to null.
alter table messages add column search_indexed bigint;
create index messages_search_pending on messages (seq) where search_indexed is null;

-- `seq` is the message's, so both backends page newest first by the same key. `terms`
-- starts with the organisation's token `o<uuid without dashes>`, which every query ANDs
-- in, so a common word is matched within one organisation only. A deleted message (erasure,
-- retention) takes its entry with it.
create table message_search (
    message_id text collate "C" primary key references messages (id) on delete cascade,
    org_id text not null,
    seq bigint not null,
    terms tsvector not null
);
create index message_search_terms on message_search using gin (terms);
create index message_search_org_seq on message_search (org_id, seq desc);
