//! Time in the demo: `--start-at` and `--speed` give Loket, the simulator, the residents and
//! the scripted agent one [`ScaledClock`], so a weekend passes in minutes. With `--start-at`
//! the demo organisation has office hours (without it, always open: the plain demo answers
//! at any real hour). Progress lines carry the simulated time.

use std::sync::Arc;

use anyhow::Context;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use loket_domain::Clock;
use loket_domain::message::{Direction, SenderKind};
use loket_domain::time::{MAX_SPEED, ScaledClock, SystemClock};
use loket_engine::{Engine, Event};

/// The time zone of the demo's municipality, of `--start-at` without an offset, and of the
/// progress lines.
const ZONE: &str = "Europe/Amsterdam";

/// The demo organisation's office hours when time is simulated (`[organisation.office_hours]`),
/// matching its `opening_hours_text`.
pub const OFFICE_HOURS_TOML: &str = r#"
[organisation.office_hours]
monday = ["08:30-17:00"]
tuesday = ["08:30-17:00"]
wednesday = ["08:30-17:00"]
thursday = ["08:30-20:00"]
friday = ["08:30-17:00"]
"#;

/// The opening hours residents read in saved replies, in either case.
pub const OPENING_HOURS_TEXT: &str =
    "maandag tot en met vrijdag van 8.30 tot 17.00 uur, donderdag tot 20.00 uur";

/// `--start-at`: RFC 3339 (`2026-12-05T21:00:00Z`, `…+01:00`), or a local date-time in
/// Europe/Amsterdam (`2026-12-05T22:00`, `2026-12-05 22:00`).
pub fn parse_start_at(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let local: DateTime = text.parse().map_err(|_| {
        format!(
            "'{text}' is no date-time: use e.g. 2026-12-05T22:00 (Europe/Amsterdam) or \
             2026-12-05T21:00:00Z"
        )
    })?;
    let zone = TimeZone::get(ZONE).map_err(|e| format!("the time zone {ZONE}: {e}"))?;
    // In the autumn's repeated hour the earlier one counts; the spring's missing hour moves on.
    local
        .to_zoned(zone)
        .map(|z| z.timestamp())
        .map_err(|e| format!("'{text}' in {ZONE}: {e}"))
}

/// `--speed`: a number above 0 and at most [`MAX_SPEED`].
pub fn parse_speed(text: &str) -> Result<f64, String> {
    let speed: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is no number: use e.g. --speed 60"))?;
    if !(speed.is_finite() && speed > 0.0 && speed <= MAX_SPEED) {
        return Err(format!(
            "the speed must be above 0 and at most {MAX_SPEED}, not {text}"
        ));
    }
    Ok(speed)
}

/// The demo's one clock: real time, or simulated from `start_at` at `speed`.
pub struct DemoClock {
    pub clock: Arc<dyn Clock>,
    scaled: Option<Arc<ScaledClock>>,
}

impl DemoClock {
    /// Simulated time stands at `start_at` until [`DemoClock::run`]: the set-up (migrations,
    /// password hashing) would otherwise eat simulated hours at a high speed.
    pub fn new(start_at: Option<Timestamp>, speed: f64) -> anyhow::Result<Self> {
        if start_at.is_none() && speed == 1.0 {
            return Ok(Self {
                clock: Arc::new(SystemClock),
                scaled: None,
            });
        }
        let start = start_at.unwrap_or_else(|| SystemClock.now());
        let scaled =
            Arc::new(ScaledClock::held(Arc::new(SystemClock), start, speed).context("--speed")?);
        Ok(Self {
            clock: scaled.clone(),
            scaled: Some(scaled),
        })
    }

    /// Let simulated time run; says where it stands.
    pub fn run(&self) {
        if let Some(scaled) = &self.scaled {
            scaled.release();
            println!(
                "Gesimuleerde tijd: nu {}, {}x zo snel als de klok (Europe/Amsterdam).\n",
                local(scaled.now()),
                scaled.speed()
            );
        }
    }
}

/// `za 2026-12-05 22:00`: a simulated moment as the progress lines show it.
pub fn local(at: Timestamp) -> String {
    const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    let Ok(zone) = TimeZone::get(ZONE) else {
        return at.to_string();
    };
    let when = zone.to_datetime(at);
    let day = DAYS[when.date().weekday().to_monday_zero_offset() as usize];
    format!("{day} {}", when.strftime("%Y-%m-%d %H:%M"))
}

/// Print a line for each message, with its simulated time; Loket's automatic messages (the
/// out-of-hours receipt) in full, since they are Loket's own text, never a resident's.
pub async fn print_progress(engine: Engine, stop: impl std::future::Future<Output = ()>) {
    let mut events = engine.bus().subscribe();
    tokio::pin!(stop);
    loop {
        let event = tokio::select! {
            _ = &mut stop => return,
            event = events.recv() => event,
        };
        let event = match event {
            Ok(event) => event,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        };
        let Event::MessageCreated {
            org_id, message_id, ..
        } = event
        else {
            continue;
        };
        let Ok(message) = engine.get_message(org_id, message_id).await else {
            continue;
        };
        let what = match (message.direction, message.sender) {
            (Direction::Inbound, _) => "Een inwoner schreef.".to_owned(),
            (_, SenderKind::System) => format!(
                "Loket antwoordde automatisch: {}",
                message.content.text().unwrap_or_default()
            ),
            (_, SenderKind::Agent) => "De gesimuleerde medewerker antwoordde.".to_owned(),
            _ => continue,
        };
        println!("[{}] {what}", local(message.created_at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_start_is_read_in_amsterdam_and_rfc_3339_as_written() {
        let winter = parse_start_at("2026-12-05T22:00").unwrap();
        assert_eq!(winter.to_string(), "2026-12-05T21:00:00Z");
        assert_eq!(parse_start_at("2026-12-05 22:00").unwrap(), winter);
        assert_eq!(parse_start_at("2026-12-05T21:00:00Z").unwrap(), winter);
        assert_eq!(parse_start_at("2026-12-05T22:00:00+01:00").unwrap(), winter);
        let summer = parse_start_at("2026-07-04T22:00").unwrap();
        assert_eq!(summer.to_string(), "2026-07-04T20:00:00Z");
        assert_eq!(local(winter), "za 2026-12-05 22:00");
    }

    #[test]
    fn a_start_that_is_no_date_time_is_refused_with_an_example() {
        for bad in ["", "zaterdag", "2026-13-05T22:00", "2026-12-05T25:00"] {
            let e = parse_start_at(bad).unwrap_err();
            assert!(e.contains("2026-12-05T22:00"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_speed_must_be_above_zero_and_at_most_the_maximum() {
        assert_eq!(parse_speed("60").unwrap(), 60.0);
        assert_eq!(parse_speed("0.5").unwrap(), 0.5);
        for bad in ["0", "-1", "NaN", "inf", "10001", "snel"] {
            assert!(parse_speed(bad).is_err(), "{bad}");
        }
    }
}
