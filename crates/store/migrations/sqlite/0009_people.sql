-- People and teams (issue 8): users with memberships per organisation, teams, sessions,
-- second factors and sign-in attempts. The PostgreSQL twin has the same file name and meaning.

-- `require_2fa`: members of this organisation must pass a second factor to use it.
alter table organisations add column require_2fa integer not null default 0;

-- E-mail is unique across the deployment and stored normalised (trimmed, lowercase), so the
-- unique index compares addresses case-insensitively. `totp_secret` is sealed by the engine;
-- `totp_last_step` is the last accepted time step (a code is accepted once).
create table users (
    id text primary key,
    email text not null unique,
    name text not null,
    active integer not null,
    operator integer not null,
    locale text not null,
    password_hash text not null,
    totp_secret text,
    totp_enabled integer not null,
    totp_last_step bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create table memberships (
    user_id text not null references users (id),
    org_id text not null references organisations (id),
    role text not null,
    created_at bigint not null,
    primary key (user_id, org_id)
);
create index memberships_org on memberships (org_id, user_id);

-- Declared teams come from the configuration (read-only, disabled when no longer declared).
create table teams (
    id text primary key,
    org_id text not null references organisations (id),
    slug text not null,
    name text not null,
    declared integer not null,
    disabled_at bigint,
    created_at bigint not null,
    unique (org_id, slug)
);

create table team_members (
    team_id text not null references teams (id),
    user_id text not null references users (id),
    org_id text not null references organisations (id),
    primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id);

-- Only the SHA-256 of a session token is kept: a leaked database signs nobody in.
create table sessions (
    token_hash text primary key,
    user_id text not null references users (id),
    org_id text references organisations (id),
    created_at bigint not null,
    expires_at bigint not null,
    last_seen_at bigint not null,
    second_factor integer not null,
    csrf_secret text not null
);
create index sessions_user on sessions (user_id);

create table recovery_codes (
    user_id text not null references users (id),
    code_hash text not null,
    used_at bigint,
    primary key (user_id, code_hash)
);

-- Failed sign-ins per (address, account) within a window, and the lockout they caused.
create table sign_in_attempts (
    address text not null,
    email text not null,
    failures bigint not null,
    window_start bigint not null,
    locked_until bigint,
    primary key (address, email)
);

-- `assignee` becomes a user id and `team` a team id. Free text from before cannot name
-- either: it is cleared, and each conversation that had some records an event saying what.
insert into conversation_events (id, org_id, conversation_id, kind, data, at)
select lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       org_id, id, 'assignment_cleared',
       json_object('kind', 'assignment_cleared', 'assignee', assignee, 'team', team),
       cast((julianday('now') - 2440587.5) * 86400000000 as integer)
from conversations where assignee is not null or team is not null;
update conversations set assignee = null, team = null
where assignee is not null or team is not null;
create index conversations_org_team on conversations (org_id, team, id);
