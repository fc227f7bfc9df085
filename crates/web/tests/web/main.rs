//! The HTTP surface end to end: real store (SQLite, and PostgreSQL when
//! `LOKET_TEST_POSTGRES_URL` is set), real server on port 0, the Graph API simulator.

mod api;
mod assignment;
mod browser;
mod browser_pages;
mod browser_sign_in;
mod config_refresh;
mod config_truth;
mod contract;
mod contract_queue;
mod disabled_channel;
mod edge_errors;
mod edge_inputs;
mod edge_review;
mod edge_timeouts;
mod fixtures;
mod inbox_reads;
mod invariants;
mod job_failures;
mod live_events;
mod logs;
mod openapi;
mod outbound;
mod outbound_faults;
mod outbox_hardening;
mod pages;
mod pages_settings;
mod poison;
mod queue;
mod queue_messages;
mod shared_media;
mod sign_in;
mod sign_in_refusals;
mod support;
mod visitor;
mod webhooks;
