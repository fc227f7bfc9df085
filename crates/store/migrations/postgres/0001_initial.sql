-- Loket's initial schema (PostgreSQL). The SQLite twin has the same file name and meaning.
-- Ids are UUIDv7 text (they sort by creation time), timestamps are microseconds since the
-- Unix epoch, JSON is text, booleans are boolean, enums are their lowercase names.

create table organisations (
    id text primary key,
    slug text not null unique,
    name text not null,
    reopen_within_secs bigint not null,
    created_at bigint not null
);

create table meta_apps (
    name text primary key,
    app_secret text not null,
    verify_token text not null,
    graph_base_url text not null
);

create table api_tokens (
    token_hash text primary key,
    org_id text not null references organisations (id),
    managed_by_config boolean not null,
    created_at bigint not null,
    disabled_at bigint
);
create index api_tokens_org on api_tokens (org_id);

create table channels (
    id text primary key,
    org_id text not null references organisations (id),
    kind text not null,
    name text not null,
    app_name text,
    phone_number_id text unique,
    display_phone_number text,
    waba_id text,
    access_token text,
    enabled boolean not null,
    needs_attention text,
    created_at bigint not null
);
create index channels_org on channels (org_id);
create index channels_waba on channels (waba_id);

create table contacts (
    id text primary key,
    org_id text not null references organisations (id),
    display_name text,
    created_at bigint not null,
    updated_at bigint not null
);
create index contacts_org on contacts (org_id);

create table contact_identities (
    org_id text not null references organisations (id),
    kind text not null,
    value text not null,
    contact_id text not null references contacts (id),
    primary key (org_id, kind, value)
);
create index contact_identities_contact on contact_identities (contact_id);

create table conversations (
    id text collate "C" primary key,
    org_id text not null references organisations (id),
    channel_id text not null references channels (id),
    contact_id text not null references contacts (id),
    status text not null,
    assignee text,
    team text,
    priority text not null,
    last_inbound_at bigint,
    last_message_at bigint not null,
    created_at bigint not null,
    resolved_at bigint
);
create index conversations_org_id on conversations (org_id, id);
create index conversations_org_status on conversations (org_id, status, id);
create index conversations_org_assignee on conversations (org_id, assignee, id);
create index conversations_channel_contact on conversations (channel_id, contact_id, created_at);

create table conversation_labels (
    conversation_id text not null references conversations (id),
    label text not null,
    primary key (conversation_id, label)
);
create index conversation_labels_label on conversation_labels (label, conversation_id);

-- `seq` keeps insertion order among events with the same time.
create table conversation_events (
    seq bigint generated always as identity,
    id text collate "C" primary key,
    org_id text not null references organisations (id),
    conversation_id text not null references conversations (id),
    kind text not null,
    data text not null,
    at bigint not null
);
create index conversation_events_conversation on conversation_events (conversation_id, at, seq);

-- `seq` keeps arrival order among messages with the same (second-precision) time.
create table messages (
    seq bigint generated always as identity,
    id text collate "C" primary key,
    org_id text not null references organisations (id),
    conversation_id text not null references conversations (id),
    channel_id text not null references channels (id),
    direction text not null,
    sender text not null,
    provider_message_id text,
    content text not null,
    context text not null,
    reply_to_message_id text,
    sent_at bigint not null,
    created_at bigint not null,
    status text,
    status_at bigint,
    error text,
    media text,
    pii text not null,
    edited_content text,
    edited_at bigint,
    revoked_at bigint,
    raw text,
    unique (channel_id, provider_message_id)
);
create index messages_conversation on messages (conversation_id, sent_at, seq);

-- Statuses that arrived before their outbound message recorded the provider id.
create table pending_statuses (
    channel_id text not null references channels (id),
    provider_message_id text not null,
    status text not null,
    at bigint not null,
    errors text not null,
    raw text not null,
    primary key (channel_id, provider_message_id, status)
);

create table jobs (
    id text collate "C" primary key,
    kind text not null,
    payload text not null,
    run_at bigint not null,
    attempts bigint not null,
    max_attempts bigint not null,
    locked_until bigint,
    last_error text,
    state text not null,
    created_at bigint not null
);
create index jobs_due on jobs (state, run_at);

create table unrouted_events (
    id text collate "C" primary key,
    phone_number_id text not null,
    received_at bigint not null,
    event text not null,
    replayed_at bigint
);
create index unrouted_events_number on unrouted_events (phone_number_id, received_at);

create table template_status_events (
    id text collate "C" primary key,
    account_id text not null,
    org_id text references organisations (id),
    channel_id text references channels (id),
    template_id text not null,
    name text not null,
    language text not null,
    event text not null,
    reason text,
    at bigint,
    raw text not null,
    received_at bigint not null
);
create index template_status_events_account on template_status_events (account_id, received_at);

create table channel_events (
    id text collate "C" primary key,
    org_id text not null references organisations (id),
    channel_id text not null references channels (id),
    kind text not null,
    errors text not null,
    raw text not null,
    received_at bigint not null
);
create index channel_events_channel on channel_events (channel_id, received_at);
