//! Structured logs. Message bodies, phone numbers and BSNs are never logged: the code
//! logs ids and counts only, and request spans carry route patterns, not URLs.

use tracing_subscriber::EnvFilter;

pub fn init(format: Option<&str>, filter: Option<&str>) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(filter.unwrap_or("info,sqlx=warn,tower_http=info")))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if format == Some("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
