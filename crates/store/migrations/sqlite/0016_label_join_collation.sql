-- The PostgreSQL twin gives `conversation_labels.conversation_id` the conversations' byte-wise
-- collation so the label join can use its index. SQLite compares text byte-wise (BINARY)
-- everywhere already: nothing to change.
select 1;
