-- Colleagues' availability and the round robin of auto-assignment (issue 12). The twin in
-- the other backend's folder has the same name and meaning. No row: offline, never assigned.
create table user_availability (
    org_id text not null references organisations (id),
    user_id text not null references users (id),
    -- online | away | offline
    status text not null,
    changed_at bigint not null,
    -- When auto-assignment last gave them a conversation (the round robin's order).
    last_assigned_at bigint,
    primary key (org_id, user_id)
);
