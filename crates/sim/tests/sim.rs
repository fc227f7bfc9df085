//! Integration tests of the Graph API simulator: one binary, modules under `tests/sim/`.

#[path = "sim/support.rs"]
mod support;

#[path = "sim/bsuid.rs"]
mod bsuid;
#[path = "sim/faults.rs"]
mod faults;
#[path = "sim/media.rs"]
mod media;
#[path = "sim/outbound.rs"]
mod outbound;
#[path = "sim/scenarios.rs"]
mod scenarios;
#[path = "sim/statuses.rs"]
mod statuses;
#[path = "sim/templates.rs"]
mod templates;
#[path = "sim/traffic.rs"]
mod traffic;
#[path = "sim/upload.rs"]
mod upload;
#[path = "sim/webhook.rs"]
mod webhook;
#[path = "sim/window.rs"]
mod window;
