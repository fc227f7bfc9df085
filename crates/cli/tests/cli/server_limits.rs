//! The server's connection timeouts come from `[server]`, with safe defaults.

use std::time::Duration;

use loket_cli::settings::Settings;

fn settings(server_extra: &str) -> anyhow::Result<Settings> {
    Settings::from_toml(&format!(
        "[server]\ndatabase_url = \"sqlite://x.db\"\n{server_extra}\n"
    ))
}

#[test]
fn connection_timeouts_default_to_at_most_thirty_seconds() {
    let limits = settings("").unwrap().server_limits().unwrap();
    assert!(limits.header_read_timeout <= Duration::from_secs(30));
    assert!(limits.header_read_timeout > Duration::ZERO);
    assert!(limits.body_read_timeout > Duration::ZERO);
    assert!(limits.idle_timeout > Duration::ZERO);
}

#[test]
fn connection_timeouts_are_read_from_the_server_section() {
    let limits = settings("header_read_timeout = 5\nbody_read_timeout = 20\nidle_timeout = 90")
        .unwrap()
        .server_limits()
        .unwrap();
    assert_eq!(limits.header_read_timeout, Duration::from_secs(5));
    assert_eq!(limits.body_read_timeout, Duration::from_secs(20));
    assert_eq!(limits.idle_timeout, Duration::from_secs(90));
}

#[test]
fn a_zero_timeout_is_refused_because_it_would_close_every_connection() {
    let e = settings("body_read_timeout = 0")
        .unwrap()
        .server_limits()
        .unwrap_err();
    assert!(e.to_string().contains("body_read_timeout"), "{e}");
}
