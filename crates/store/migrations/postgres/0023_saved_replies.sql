-- Saved replies (issue 11, part 3): the municipality's own texts, found by a shortcut in
-- the composer and filled with variables there. No resident data. The twin in the other
-- backend's folder has the same name and meaning.
create table saved_replies (
    id text collate "C" primary key,
    org_id text collate "C" not null references organisations (id),
    -- Lower-case letters, digits and dashes, without the slash; unique per organisation.
    shortcut text collate "C" not null,
    title text not null,
    body text not null,
    -- Shown first to this team's members; everyone may use it.
    team_id text collate "C" references teams (id),
    created_at bigint not null,
    updated_at bigint not null,
    unique (org_id, shortcut)
);
