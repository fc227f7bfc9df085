//! The log scan, in a test binary of its own: it installs a global subscriber at TRACE, so
//! no other test may share its process (under `cargo test` the `web` binary runs its tests
//! on many threads, and a callsite first reached there could cache "not interested").

// The shared support serves many tests of the `web` binary; this one uses a part of it.
#[allow(dead_code)]
#[path = "../web/support.rs"]
mod support;

#[path = "../web/settings.rs"]
mod settings;

mod scan;
