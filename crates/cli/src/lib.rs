//! The `loket` binary's library half: configuration loading and wiring, so integration
//! tests start Loket exactly as the binary does.

pub mod assignment_settings;
pub mod audit;
pub mod backup;
pub mod bench_pages;
pub mod bench_search;
pub mod contact_request_settings;
pub mod demo;
pub mod demo_automation;
pub mod demo_clock;
pub mod demo_logins;
pub mod demo_replies;
pub mod generate;
pub mod hours_settings;
pub mod kb_eval;
pub mod kb_import;
pub mod load;
pub mod logging;
pub mod metrics;
pub mod pii_eval;
pub mod privacy_settings;
pub mod reindex;
pub mod retention;
pub mod runtime;
pub mod safety_settings;
pub mod scripted_agent;
pub mod settings;
pub mod sla_settings;
pub mod storage;
pub mod users;
mod web_settings;
