//! The store's conformance suite: every test runs its body on every backend the harness
//! offers (SQLite always; PostgreSQL when `LOKET_TEST_POSTGRES_URL` is set), so the two
//! backends cannot drift apart.

mod conformance {
    mod support;

    mod audit;
    mod automation;
    mod availability;
    mod backup;
    mod busy;
    mod concurrency;
    mod config_truth;
    mod contact_requests;
    mod conversations;
    mod erasure;
    mod erasure_guards;
    mod floor;
    mod identities;
    mod inbox;
    mod ingest;
    mod jobs;
    mod knowledge;
    mod knowledge_admin;
    mod live_events;
    mod mentions;
    mod notes;
    mod office_hours;
    mod outbound;
    mod paging;
    mod people;
    mod pricing;
    mod privacy;
    mod provisioning;
    mod queue;
    mod reading;
    mod replies;
    mod residents;
    mod retention;
    mod saved_replies;
    mod search;
    mod sla;
    mod start;
    mod statuses;
    mod teams_admin;
    mod templates;
    mod unreadable;
    mod wrap_ups;
}
