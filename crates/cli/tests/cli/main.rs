//! The `loket` binary's tests, in one test binary (`cargo test -p loket-cli --test cli`):
//! the crash test (the real binary, SIGKILLed under load, on every backend the store's
//! harness offers) and the load tool's own tests.

mod audit;
mod config;
mod crash;
mod demo;
mod demo_time;
mod generate;
mod hours_settings;
mod kb_import;
mod live_events;
mod load;
mod privacy_settings;
mod reindex;
mod server_limits;
mod storage;
mod support;
mod users;
mod web_settings;
