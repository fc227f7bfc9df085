-- Configuration is the truth, also when something is removed: an organisation or Meta app no
-- longer declared is disabled (kept, with its history), and enabled again when declared again.
-- Channels already have `enabled`.
alter table organisations add column disabled_at bigint;
alter table meta_apps add column disabled_at bigint;

-- Secrets (app secrets, verify tokens, channel access tokens) are sealed by the engine with the
-- configured secret key. This one row holds a known value sealed with that key, so a start with
-- another key is refused before anything is read or written with it.
create table secret_key_check (
    id integer primary key check (id = 1),
    sealed text not null
);
