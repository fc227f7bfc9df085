-- What a queue needs (issue 8 §1). The twin of the other backend has the same file name
-- and meaning. Each column is maintained when messages are written, so listing a queue
-- reads no messages beyond the one preview it joins.

-- The newest message an agent sees in the conversation (edits and revocations change an
-- earlier message and are not one): the list's preview.
alter table conversations add column last_message_id text;
-- The first message asking for an answer (not a reaction, edit, revocation or notice)
-- since the last reply of an agent or bot; null when answered or resolved.
alter table conversations add column waiting_since bigint;
-- Messages of the resident (not edits or revocations) since an agent marked the
-- conversation read (`POST …/read`) or replied.
alter table conversations add column unread_count bigint not null default 0;
-- A snoozed conversation opens again at this time (or when the resident writes).
alter table conversations add column snoozed_until bigint;

update conversations set last_message_id = (
    select m.id from messages m
    where m.conversation_id = conversations.id
      and m.content not like '{"type":"edit"%' and m.content not like '{"type":"revoke"%'
    order by m.sent_at desc, m.seq desc limit 1);

update conversations set waiting_since = (
    select min(m.sent_at) from messages m
    where m.conversation_id = conversations.id and m.direction = 'inbound'
      and m.content not like '{"type":"reaction"%' and m.content not like '{"type":"edit"%'
      and m.content not like '{"type":"revoke"%' and m.content not like '{"type":"system"%'
      and m.sent_at >= coalesce((select max(r.created_at) from messages r
                                 where r.conversation_id = conversations.id
                                   and r.direction = 'outbound' and r.sender in ('agent', 'bot')), 0))
where status <> 'resolved';

-- The queue's two orders: waiting longest first, and most recent activity first.
create index conversations_org_waiting on conversations (org_id, waiting_since, id);
create index conversations_org_recent on conversations (org_id, last_message_at, id);
-- The wake-up of snoozed conversations looks only at those.
create index conversations_snoozed on conversations (status, snoozed_until);
