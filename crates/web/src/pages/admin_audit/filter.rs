//! The audit view's query: what the form sends, checked into a store filter.

use loket_domain::ConversationId;
use loket_domain::time::Timestamp;
use loket_engine::records::AuditFilter;
use serde::Deserialize;

const ZONE: &str = "Europe/Amsterdam";

/// The form's fields as sent (all optional; empty means "any").
#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub conversation: Option<String>,
    /// First day (`YYYY-MM-DD`, Amsterdam), inclusive.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`, Amsterdam), inclusive.
    pub until: Option<String>,
    /// Older than this `seq` (the next page).
    pub before: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The start of a day in Amsterdam (`days` later), or `None` if it is no date.
fn day_start(value: &str, days: i64) -> Option<Timestamp> {
    let date: jiff::civil::Date = value.parse().ok()?;
    let date = date.checked_add(jiff::Span::new().days(days)).ok()?;
    let zoned = date
        .to_datetime(jiff::civil::Time::midnight())
        .in_tz(ZONE)
        .or_else(|_| date.to_datetime(jiff::civil::Time::midnight()).in_tz("UTC"))
        .ok()?;
    Some(zoned.timestamp())
}

impl AuditQuery {
    pub fn text(value: &Option<String>) -> &str {
        given(value).unwrap_or_default()
    }

    /// The store filter, and whether some value was not understood (then nothing is
    /// listed and the page says so, rather than listing more than was asked for).
    pub fn filter(&self) -> (AuditFilter, bool) {
        let mut invalid = false;
        let actor = given(&self.actor).map(|a| {
            // A bare user id is the common case: accept it without its prefix.
            if a.parse::<loket_domain::UserId>().is_ok() {
                format!("user:{a}")
            } else {
                a.to_owned()
            }
        });
        let conversation_id = given(&self.conversation).and_then(|c| {
            let parsed = c.parse::<ConversationId>().ok().map(|id| id.to_string());
            invalid |= parsed.is_none();
            parsed
        });
        let from = given(&self.from).and_then(|d| {
            let at = day_start(d, 0);
            invalid |= at.is_none();
            at
        });
        let until = given(&self.until).and_then(|d| {
            let at = day_start(d, 1);
            invalid |= at.is_none();
            at
        });
        let action = given(&self.action).map(str::to_owned);
        let filter = AuditFilter {
            actor,
            action,
            conversation_id,
            from,
            until,
        };
        (filter, invalid)
    }

    pub fn before_seq(&self) -> Option<i64> {
        given(&self.before).and_then(|b| b.parse().ok())
    }

    /// This filter as a query string, with `before` for a next page.
    pub fn query_string(&self, before: Option<i64>) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("conversation", &self.conversation),
            ("from", &self.from),
            ("until", &self.until),
        ] {
            if let Some(value) = given(value) {
                out.append_pair(key, value);
            }
        }
        if let Some(before) = before {
            out.append_pair("before", &before.to_string());
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_range_covers_whole_amsterdam_days() {
        let query = AuditQuery {
            from: Some("2026-11-26".into()),
            until: Some("2026-11-26".into()),
            ..AuditQuery::default()
        };
        let (filter, invalid) = query.filter();
        assert!(!invalid);
        assert_eq!(filter.from.unwrap().to_string(), "2026-11-25T23:00:00Z");
        assert_eq!(filter.until.unwrap().to_string(), "2026-11-26T23:00:00Z");
    }

    #[test]
    fn a_malformed_value_is_reported_not_ignored() {
        let query = AuditQuery {
            conversation: Some("06-12345678".into()),
            ..AuditQuery::default()
        };
        assert!(query.filter().1);
        let query = AuditQuery {
            from: Some("gisteren".into()),
            ..AuditQuery::default()
        };
        assert!(query.filter().1);
    }

    #[test]
    fn a_bare_user_id_filters_on_that_user() {
        let id = "01900000-0000-7000-8000-000000000001";
        let query = AuditQuery {
            actor: Some(format!(" {id} ")),
            ..AuditQuery::default()
        };
        assert_eq!(query.filter().0.actor, Some(format!("user:{id}")));
        assert_eq!(query.query_string(Some(7)), format!("actor={id}&before=7"));
    }
}
