-- Privacy (issue 10): personal data found in what residents send. The twin in the other
-- backend's folder has the same name and meaning.

-- The findings of a message's text: kind, range in the stored text and, unless masked, the
-- normalised value (a JSON list). Older messages have none recorded.
alter table messages add column findings text not null default '[]';

-- Each organisation's privacy policy as configured (JSON: per kind mask / highlight / keep,
-- the resident's notice, outbound BSN refuse / confirm). No row: the defaults.
create table org_privacy (
    org_id text primary key references organisations (id),
    policy text not null
);
