//! What office hours cost per question on one core: `cargo bench -p loket-domain --bench
//! hours`. Ingestion asks `is_open` for every message of an organisation with office hours
//! and, when closed, `next_opening` and the phrase; SLA clocks will ask `add_working`.
//! A plain bench (no harness), CPU time of this thread where Linux tells it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use loket_domain::Timestamp;
use loket_domain::hours::{HolidayRules, HoursSpec, Interval, OfficeHours, WeekSchedule};
use loket_domain::people::Locale;

fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Nanoseconds per call of `f` over `n` calls (best of three).
fn per_call(n: u64, mut f: impl FnMut(u64)) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let (cpu, wall) = (cpu_ns(), Instant::now());
        for i in 0..n {
            f(i);
        }
        let ns = match (cpu, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64,
            _ => wall.elapsed().as_nanos() as f64,
        };
        best = best.min(ns / n as f64);
    }
    best
}

fn main() {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        let intervals = ["08:30-12:30", "13:00-17:00"].map(|t| Interval::parse(t).unwrap());
        week.set_day(day, intervals.to_vec()).unwrap();
    }
    let hours = OfficeHours::new(HoursSpec {
        time_zone: "Europe/Amsterdam".into(),
        week,
        holidays: HolidayRules::default(),
        closures: vec![],
    })
    .unwrap();
    // Instants spread over a year, a prime number of seconds apart.
    let start = Timestamp::from_second(1_767_225_600).unwrap();
    let at = |i: u64| start + Duration::from_secs((i * 7_919) % (365 * 86_400));
    let n = 200_000;
    let open = per_call(n, |i| {
        black_box(hours.is_open(black_box(at(i))));
    });
    let next = per_call(n, |i| {
        black_box(hours.next_opening(black_box(at(i))));
    });
    let phrase = per_call(n / 4, |i| {
        black_box(hours.when_we_answer(black_box(at(i)), Locale::Nl));
    });
    let working = per_call(n / 4, |i| {
        black_box(hours.add_working(black_box(at(i)), Duration::from_secs(8 * 3600)));
    });
    println!("is_open                 {open:>8.0} ns/call");
    println!("next_opening            {next:>8.0} ns/call");
    println!("when_we_answer (nl)     {phrase:>8.0} ns/call");
    println!("add_working (8 h)       {working:>8.0} ns/call");
}
