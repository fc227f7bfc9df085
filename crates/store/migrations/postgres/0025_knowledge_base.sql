-- The knowledge base (kennisbank, issue 11 part 2): the municipality's own articles,
-- imported from question/answer CSV files or written in the editor, and agents' feedback
-- on them. No resident data: feedback names a conversation and a colleague only, and the
-- conversation id is set null when the conversation is erased or pruned. The twin in the
-- other backend's folder has the same name and meaning.
create table kb_articles (
    id text collate "C" primary key,
    org_id text collate "C" not null references organisations (id),
    -- The source's id for imported articles (the CSV's `id`); null when written here.
    external_id text collate "C",
    title text not null,
    -- Markdown.
    body text not null,
    -- The channel-ready answer in the je-form and in the u-form; either may be missing.
    short_answer_je text,
    short_answer_u text,
    -- A JSON list of strings.
    tags text not null,
    department text,
    -- YYYY-MM-DD.
    review_date text,
    source_url text,
    created_at bigint not null,
    updated_at bigint not null,
    -- Set when the editor changes the article, null after an import wrote it: an import
    -- never overwrites an edited article.
    edited_at bigint,
    imported_at bigint,
    unique (org_id, external_id)
);

create table kb_feedback (
    id text collate "C" primary key,
    org_id text collate "C" not null references organisations (id),
    article_id text collate "C" not null references kb_articles (id) on delete cascade,
    conversation_id text collate "C" references conversations (id) on delete set null,
    user_id text collate "C" not null references users (id),
    helpful boolean not null,
    -- At most 1,000 characters (checked by the engine).
    comment text,
    at bigint not null
);
create index kb_feedback_article on kb_feedback (article_id, at);
create index kb_feedback_conversation on kb_feedback (conversation_id);
