-- Pending statuses are pruned by when Loket received them, never by the provider's `at`
-- (a sender's clock in the future would keep a row forever). Existing rows only know `at`.
alter table pending_statuses add column received_at bigint not null default 0;
update pending_statuses set received_at = at;
drop index pending_statuses_at;
create index pending_statuses_received_at on pending_statuses (received_at);
