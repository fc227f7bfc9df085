//! `/admin/audit.csv`: the filtered entries, newest first, as CSV — capped at
//! [`MAX_ROWS`] (read in pages, built in memory; a narrower filter gets the rest). Every
//! column, hashes included, so an export can be checked against the chain.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use loket_engine::records::AuditRecord;

use super::super::account::failure;
use super::super::admin::Admin;
use super::AuditQuery;
use crate::AppState;

/// The most entries one export holds.
pub const MAX_ROWS: usize = 10_000;
const BATCH: u32 = 1_000;
const HEADER: &str = "seq,at,actor,action,conversation_id,contact_id,message_id,setting,client_ip,result,prev_hash,hash\r\n";

pub async fn export(
    State(state): State<AppState>,
    admin: Admin,
    Query(query): Query<AuditQuery>,
) -> Response {
    let (filter, invalid) = query.filter();
    if invalid {
        return axum::http::StatusCode::BAD_REQUEST.into_response();
    }
    let mut out = String::from(HEADER);
    let mut before = query.before_seq();
    let mut written = 0;
    while written < MAX_ROWS {
        let page = match state
            .engine
            .list_audit(admin.org, &filter, before, BATCH)
            .await
        {
            Ok(page) => page,
            Err(error) => return failure(error),
        };
        let Some(last) = page.last() else { break };
        before = Some(last.fields.seq);
        let full = page.len() == BATCH as usize;
        for record in page.iter().take(MAX_ROWS - written) {
            line(&mut out, record);
            written += 1;
        }
        if !full {
            break;
        }
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}

fn line(out: &mut String, record: &AuditRecord) {
    let f = &record.fields;
    let at = jiff::Timestamp::from_microsecond(f.at)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let cells: [&str; 12] = [
        &f.seq.to_string(),
        &at,
        &f.actor,
        &f.action,
        f.conversation_id.as_deref().unwrap_or_default(),
        f.contact_id.as_deref().unwrap_or_default(),
        f.message_id.as_deref().unwrap_or_default(),
        f.setting.as_deref().unwrap_or_default(),
        f.client_ip.as_deref().unwrap_or_default(),
        &f.result,
        &record.prev_hash,
        &record.hash,
    ];
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// RFC 4180 quoting; a value a spreadsheet would run as a formula gets a leading `'`.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=cmd()"), "'=cmd()");
        assert_eq!(cell("user:0190"), "user:0190");
    }
}
