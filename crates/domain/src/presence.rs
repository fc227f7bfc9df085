//! Channel presence (issue 12 point 9): the WhatsApp business profile's texts generated from
//! the organisation's settings — what the channel is for and not for, its office hours, the
//! warning not to share a BSN — within WhatsApp's limits, and the click-to-chat link
//! (`https://wa.me/<number>?text=…`). Pure: the web layer draws the QR code of the link and
//! writes the HTML snippet for the municipality's website.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::hours::{Interval, WeekSchedule};

/// Everything but RFC 3986's unreserved characters is percent-encoded in the link's text.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// WhatsApp's limits on the business profile's "about" and "description" fields.
pub const MAX_ABOUT_CHARS: usize = 139;
pub const MAX_DESCRIPTION_CHARS: usize = 512;
/// Never share a BSN through the channel (house rule for every municipality's profile).
pub const NO_BSN: &str = "Deel geen BSN via WhatsApp.";

/// Short day names for the hours line, Monday first.
const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

/// What the profile is generated from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PresenceSettings {
    /// "Gemeente Voorbeeld".
    pub name: String,
    /// What residents may ask here ("vragen over afval, paspoorten en parkeren").
    pub for_what: String,
    /// What the channel is not for ("spoed, meldingen openbare ruimte").
    pub not_for: String,
    /// The weekly hours, when the organisation has office hours.
    pub week: Option<WeekSchedule>,
}

/// The two profile texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessProfile {
    pub about: String,
    pub description: String,
}

/// The profile's texts; each is cut at a word to its limit (with "…") when the settings
/// are too long, so it can always be set.
pub fn business_profile(settings: &PresenceSettings) -> BusinessProfile {
    let hours = settings.week.as_ref().map(hours_phrase);
    let about = match &hours {
        Some(h) => format!("{} via WhatsApp. Bereikbaar {h}.", settings.name.trim()),
        None => format!("{} via WhatsApp.", settings.name.trim()),
    };
    let mut parts = Vec::new();
    let for_what = settings.for_what.trim();
    if !for_what.is_empty() {
        parts.push(format!("Stel hier je {}.", for_what.trim_end_matches('.')));
    }
    let not_for = settings.not_for.trim();
    if !not_for.is_empty() {
        parts.push(format!("Niet voor: {}.", not_for.trim_end_matches('.')));
    }
    if let Some(h) = &hours {
        parts.push(format!("We reageren {h}."));
    }
    parts.push(NO_BSN.to_owned());
    BusinessProfile {
        about: cut(&about, MAX_ABOUT_CHARS),
        description: cut(&parts.join(" "), MAX_DESCRIPTION_CHARS),
    }
}

/// "ma–vr 8.30–17.00 uur, za 10.00–12.00 uur": days with the same hours grouped; "op
/// afspraak" never appears (a week without hours reads "niet").
pub fn hours_phrase(week: &WeekSchedule) -> String {
    let mut groups: Vec<(usize, usize, &[Interval])> = Vec::new();
    for day in 0..7 {
        let intervals = week.day(day);
        match groups.last_mut() {
            Some((_, last, same)) if *last + 1 == day && *same == intervals => *last = day,
            _ => groups.push((day, day, intervals)),
        }
    }
    let open: Vec<String> = groups
        .into_iter()
        .filter(|(_, _, intervals)| !intervals.is_empty())
        .map(|(first, last, intervals)| {
            let days = if first == last {
                DAYS[first].to_owned()
            } else {
                format!("{}–{}", DAYS[first], DAYS[last])
            };
            let times: Vec<String> = intervals.iter().map(|i| dutch_interval(*i)).collect();
            format!("{days} {} uur", times.join(" en "))
        })
        .collect();
    if open.is_empty() {
        "niet".into()
    } else {
        open.join(", ")
    }
}

fn dutch_interval(i: Interval) -> String {
    let hm = |m: u16| format!("{}.{:02}", m / 60, m % 60);
    format!("{}–{}", hm(i.start), hm(i.end))
}

/// At most `max` characters, cut at a space with "…" when longer.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end_matches([',', '.', ' ']))
}

/// The click-to-chat link: the number as digits only (country code first, no `+`), the
/// prefilled text percent-encoded (everything but RFC 3986's unreserved characters).
/// `None` for a number with fewer than 8 or more than 15 digits.
pub fn wa_me_link(number: &str, text: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let allowed = number
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    if !allowed || !(8..=15).contains(&digits.len()) {
        return None;
    }
    let text = text.trim();
    if text.is_empty() {
        return Some(format!("https://wa.me/{digits}"));
    }
    Some(format!(
        "https://wa.me/{digits}?text={}",
        utf8_percent_encode(text, NOT_UNRESERVED)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office_week() -> WeekSchedule {
        let mut week = WeekSchedule::default();
        for day in 0..5 {
            let hours = if day == 4 {
                "08:30-12:30"
            } else {
                "08:30-17:00"
            };
            week.set_day(day, vec![Interval::parse(hours).unwrap()])
                .unwrap();
        }
        week
    }

    fn settings() -> PresenceSettings {
        PresenceSettings {
            name: "Gemeente Voorbeeld".into(),
            for_what: "vragen over afval, paspoorten en parkeren".into(),
            not_for: "spoed en meldingen openbare ruimte".into(),
            week: Some(office_week()),
        }
    }

    #[test]
    fn the_hours_phrase_groups_days_with_the_same_hours() {
        assert_eq!(
            hours_phrase(&office_week()),
            "ma–do 8.30–17.00 uur, vr 8.30–12.30 uur"
        );
        assert_eq!(hours_phrase(&WeekSchedule::default()), "niet");
    }

    #[test]
    fn the_profile_says_what_the_channel_is_for_its_hours_and_no_bsn() {
        let profile = business_profile(&settings());
        assert_eq!(
            profile.about,
            "Gemeente Voorbeeld via WhatsApp. Bereikbaar ma–do 8.30–17.00 uur, vr 8.30–12.30 uur."
        );
        assert!(
            profile
                .description
                .starts_with("Stel hier je vragen over afval")
        );
        assert!(
            profile
                .description
                .contains("Niet voor: spoed en meldingen openbare ruimte.")
        );
        assert!(profile.description.ends_with(NO_BSN));
    }

    #[test]
    fn long_settings_are_cut_at_a_word_within_whatsapps_limits() {
        let long = PresenceSettings {
            name: "Gemeente ".repeat(30),
            for_what: "vragen ".repeat(200),
            ..settings()
        };
        let profile = business_profile(&long);
        assert!(profile.about.chars().count() <= MAX_ABOUT_CHARS);
        assert!(profile.description.chars().count() <= MAX_DESCRIPTION_CHARS);
        assert!(profile.about.ends_with('…'));
    }

    #[test]
    fn the_wa_me_link_has_digits_only_and_an_encoded_text() {
        assert_eq!(
            wa_me_link("+31 6 1234 5678", "Hoi gemeente, ik heb een vraag & meer?").as_deref(),
            Some(
                "https://wa.me/31612345678?text=Hoi%20gemeente%2C%20ik%20heb%20een%20vraag%20%26%20meer%3F"
            )
        );
        assert_eq!(
            wa_me_link("31612345678", " ").as_deref(),
            Some("https://wa.me/31612345678")
        );
        assert_eq!(wa_me_link("é", "x"), None);
        assert_eq!(wa_me_link("123", "x"), None);
        assert!(
            wa_me_link("31612345678", "Café")
                .unwrap()
                .ends_with("Caf%C3%A9")
        );
    }
}
