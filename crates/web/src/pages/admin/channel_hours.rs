//! The office hours a channel follows, as read-only lines for `/admin/channels` (issue 12).
//! They come from the configuration file, like the channels, so nothing here edits them.

use loket_domain::ChannelId;
use loket_domain::hours::{AutoReplyPolicy, LiberationDayRule};

use crate::pages::i18n::Tr;

const DAY_KEYS: [&str; 7] = [
    "admin-hours-monday",
    "admin-hours-tuesday",
    "admin-hours-wednesday",
    "admin-hours-thursday",
    "admin-hours-friday",
    "admin-hours-saturday",
    "admin-hours-sunday",
];

/// Closures listed at most; the rest are counted.
const CLOSURES_SHOWN: usize = 10;

/// The lines describing `channel`'s hours: its override, else the organisation's, else
/// "always open".
pub fn lines_for(
    channel: ChannelId,
    overview: &[(Option<ChannelId>, AutoReplyPolicy)],
    tr: &Tr,
) -> Vec<String> {
    let policy = overview
        .iter()
        .find(|(c, _)| *c == Some(channel))
        .or_else(|| overview.iter().find(|(c, _)| c.is_none()))
        .map(|(_, p)| p);
    let Some(policy) = policy else {
        return vec![tr.t("admin-hours-always")];
    };
    let mut lines = Vec::new();
    for (day, key) in DAY_KEYS.iter().enumerate() {
        let intervals = policy.hours.week.day(day);
        let text = if intervals.is_empty() {
            tr.t("admin-hours-closed")
        } else {
            let texts: Vec<String> = intervals.iter().map(ToString::to_string).collect();
            texts.join(", ")
        };
        lines.push(format!("{}: {text}", tr.t(key)));
    }
    lines.push(holidays(policy, tr));
    let closures = &policy.hours.closures;
    for c in closures.iter().take(CLOSURES_SHOWN) {
        let dates = if c.from == c.to {
            c.from.to_string()
        } else {
            format!("{} – {}", c.from, c.to)
        };
        lines.push(format!(
            "{}: {dates} ({})",
            tr.t("admin-hours-closure"),
            c.label
        ));
    }
    if closures.len() > CLOSURES_SHOWN {
        let more = (closures.len() - CLOSURES_SHOWN).to_string();
        lines.push(tr.t1("admin-hours-more-closures", "n", &more));
    }
    let on_off = |on: bool| {
        tr.t(if on {
            "admin-hours-on"
        } else {
            "admin-hours-off"
        })
    };
    lines.push(format!(
        "{}: {}",
        tr.t("admin-hours-receipt"),
        on_off(policy.out_of_hours.is_some())
    ));
    lines.push(format!(
        "{}: {}",
        tr.t("admin-hours-greeting"),
        on_off(policy.greeting.is_some())
    ));
    if let Some(template) = &policy.follow_up {
        lines.push(tr.t1("admin-hours-follow-up", "name", &template.name));
    }
    lines
}

fn holidays(policy: &AutoReplyPolicy, tr: &Tr) -> String {
    let rules = &policy.hours.holidays;
    if !rules.observed {
        return tr.t("admin-hours-holidays-open");
    }
    let mut text = tr.t("admin-hours-holidays");
    if rules.good_friday {
        text.push_str(&format!("; {}", tr.t("admin-hours-good-friday")));
    }
    let liberation = match rules.liberation_day {
        LiberationDayRule::Yearly => "admin-hours-liberation-yearly",
        LiberationDayRule::EveryFiveYears => "admin-hours-liberation-lustrum",
    };
    text.push_str(&format!("; {}", tr.t(liberation)));
    text
}
