//! Row models: what the store reads and writes, in domain types.

mod conversations;
mod ingest;
mod jobs;
mod operations;
mod org;

pub use conversations::*;
pub use ingest::*;
pub use jobs::*;
pub use operations::*;
pub use org::*;
