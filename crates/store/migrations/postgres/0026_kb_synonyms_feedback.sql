-- The knowledge base's admin-edited synonyms and what editors and other instances read
-- (issue 11): one synonym list per organisation, in the text format of the built-in list
-- (merged with it when searching); an index so each instance's cheap "did anything
-- change?" check (count and newest `updated_at` of the organisation's articles) reads an
-- index only; and the feedback counts per article for the editor's list. The list holds
-- the municipality's own words, no resident data. The twin in the other backend's folder
-- has the same name and meaning.
create table kb_synonyms (
    org_id text collate "C" primary key references organisations (id),
    -- The text as the admin saved it (checked by the engine: at most 100,000 characters).
    body text not null,
    updated_at bigint not null
);
create index kb_articles_changed on kb_articles (org_id, updated_at);
create index kb_feedback_org on kb_feedback (org_id, article_id, helpful);
