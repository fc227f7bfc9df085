//! Loket's domain: pure types and rules shared by every layer.
//!
//! Nothing here does I/O, spawns tasks or reads the system clock: time comes
//! from a [`time::Clock`] that callers inject.

pub mod assignment;
pub mod audit;
pub mod automation;
pub mod channel;
pub mod contact;
pub mod contact_requests;
pub mod conversation;
pub mod delivery;
pub mod hours;
pub mod ids;
pub mod inbound;
pub mod input;
pub mod links;
pub mod message;
pub mod nesting;
pub mod nul;
pub mod outbound;
pub mod people;
pub mod pii;
pub mod presence;
pub mod privacy;
pub mod queue;
pub mod replies;
pub mod retention;
pub mod search;
pub mod sla;
pub mod time;
pub mod window;
pub mod wrap_up;

pub use ids::*;
pub use time::{Clock, Timestamp};
