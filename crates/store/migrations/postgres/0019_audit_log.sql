-- The audit log (issue 10 point 6): append-only, one hash chain per organisation (or the
-- deployment's chain, key 'deployment', for sign-in failures of unknown addresses). Only
-- ids, fixed words and the client's address: never content, names or numbers.
-- No foreign keys: an entry outlives the records it names (erasure removes those).
create table audit_log (
    org_id text collate "C" not null,
    seq bigint not null,
    at bigint not null,
    actor text collate "C" not null,
    action text collate "C" not null,
    conversation_id text collate "C",
    contact_id text collate "C",
    message_id text collate "C",
    setting text,
    client_ip text,
    result text not null,
    prev_hash text not null,
    hash text not null,
    -- The last line of defence against a forked chain (two appends with the same seq).
    primary key (org_id, seq)
);
create index audit_log_at on audit_log (org_id, at);

-- Append-only: the application never changes or removes an entry. (Whoever can drop
-- this trigger can also rewrite the table; the hash chain is what finds that.)
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only();
