-- Outbound messaging (SQLite). The PostgreSQL twin has the same file name and meaning.

-- When the provider reported the reply window closed (e.g. WhatsApp 131047); cleared by the
-- resident's next message.
alter table conversations add column window_closed_at bigint;

-- Message templates per channel, as the provider lists them (replaced by a sync; their
-- status also follows the template status webhook).
create table templates (
    org_id text not null references organisations (id),
    channel_id text not null references channels (id),
    template_id text not null,
    name text not null,
    language text not null,
    status text not null,
    category text not null,
    parameter_format text,
    components text not null,
    updated_at bigint not null,
    primary key (channel_id, name, language)
);
create index templates_org on templates (org_id, name, language);
create index templates_template_id on templates (channel_id, template_id);
