-- Privacy (issue 10): what keeps a conversation from retention and erasure. The PostgreSQL
-- twin has the same file name and meaning.

-- A legal hold (set by a team lead or admin, with a reason) keeps the conversation from the
-- retention job and blocks erasure of its resident (AVG art. 17(3)) until it is lifted.
alter table conversations add column legal_hold_at bigint;
alter table conversations add column legal_hold_by text;
alter table conversations add column legal_hold_reason text;
-- A conversation marked for transfer to the case system is not removed before it has been
-- transferred (a manual "transferred" action until an archive connector exists).
alter table conversations add column transfer_required_at bigint;
alter table conversations add column transferred_at bigint;
