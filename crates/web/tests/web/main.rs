//! The HTTP surface end to end: real store (SQLite, and PostgreSQL when
//! `LOKET_TEST_POSTGRES_URL` is set), real server on port 0, the Graph API simulator.

mod api;
mod edge_errors;
mod edge_inputs;
mod edge_timeouts;
mod contract;
mod config_truth;
mod fixtures;
mod invariants;
mod logs;
mod openapi;
mod outbound;
mod outbound_faults;
mod shared_media;
mod poison;
mod outbox_hardening;
mod support;
mod webhooks;
