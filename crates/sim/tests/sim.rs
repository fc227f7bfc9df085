//! Integration tests of the Graph API simulator: one binary, modules under `tests/sim/`.

#[path = "sim/support.rs"]
mod support;

#[path = "sim/media.rs"]
mod media;
#[path = "sim/scenarios.rs"]
mod scenarios;
#[path = "sim/traffic.rs"]
mod traffic;
#[path = "sim/webhook.rs"]
mod webhook;
