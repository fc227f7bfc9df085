-- Message search (issue 11): each message's analysed text (`domain::search::index_text`) in
-- a full-text index, filled by the job worker. The PostgreSQL twin has the same file name and
-- meaning.

-- When the message's current text was indexed; null = still to be indexed. Existing rows are
-- pending without an update of every row, and an edit or anonymisation sets it back to null.
alter table messages add column search_indexed bigint;
create index messages_search_pending on messages (seq) where search_indexed is null;

-- Contentless FTS5 (the text is in `messages`), rowid = `messages.seq` (autoincrement: never
-- reused). `terms` starts with the organisation's token `o<uuid without dashes>`, which every
-- query ANDs in, so a common word is matched within one organisation only.
create virtual table message_search using fts5(
    terms, content = '', contentless_delete = 1, tokenize = 'unicode61'
);

-- A deleted message (erasure, retention) never leaves its entry behind.
create trigger messages_search_delete after delete on messages begin
    delete from message_search where rowid = old.seq;
end;
