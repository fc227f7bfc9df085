-- Conversation ids are `collate "C"` (0001: byte order for keyset paging), but
-- `conversation_labels.conversation_id` kept the database's default collation. A join of
-- the two (`l.conversation_id = c.id`: every listed conversation's labels, the label filter)
-- then mixes collations, and PostgreSQL cannot use the (conversation_id, label) index for
-- it: each row of an inbox page scanned the whole label table (0.5 s a page at 100,000
-- conversations). The same collation on both sides lets the index answer.
alter table conversation_labels alter column conversation_id type text collate "C";
