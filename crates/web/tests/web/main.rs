//! The HTTP surface end to end: real store (SQLite, and PostgreSQL when
//! `LOKET_TEST_POSTGRES_URL` is set), real server on port 0, the Graph API simulator.

mod api;
mod fixtures;
mod logs;
mod outbound;
mod outbound_faults;
mod outbox_hardening;
mod support;
mod webhooks;
