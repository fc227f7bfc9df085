//! `/preview/…`: the page shells not wired to accounts yet, with made-up content, so they
//! can be seen and tested (axe, CSP) before sign-in exists. Only served when
//! `WebSettings::preview_pages` is on (tests, demos).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::Layout;
use super::i18n::Lang;
use super::shells::*;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/preview/two-factor", get(two_factor))
        .route("/preview/two-factor/enrol", get(enrol))
        .route("/preview/organisations", get(organisations))
        .route("/preview/password", get(password))
        .route("/preview/inbox", get(inbox))
        .route("/preview/recovery-codes", get(recovery_codes))
}

/// `?org=slug`: whose theme and form of address the preview takes.
#[derive(Deserialize)]
struct OrgQuery {
    org: Option<String>,
}

fn layout(state: &AppState, lang: Lang, query: &OrgQuery, title_key: &str) -> Layout {
    let mut layout = match &query.org {
        Some(slug) => Layout::for_organisation(state, lang, slug, "Gemeente Voorbeeld", title_key),
        None => Layout::public(lang, title_key),
    };
    layout.signed_in = true;
    layout
}

async fn two_factor(State(s): State<AppState>, lang: Lang, Query(q): Query<OrgQuery>) -> Response {
    let mut layout = layout(&s, lang, &q, "two-factor-title");
    layout.signed_in = false;
    layout.respond(TwoFactorPage {
        layout: layout.clone(),
        failed: false,
        locked: false,
    })
}

/// A placeholder where the QR code goes (an SVG as a `data:` URL, as the real one will be).
const QR_SLOT: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 21 21'%3E%3Cpath d='M0 0h7v7H0zM14 0h7v7h-7zM0 14h7v7H0zM9 9h3v3H9z'/%3E%3C/svg%3E";

async fn enrol(State(s): State<AppState>, lang: Lang, Query(q): Query<OrgQuery>) -> Response {
    let layout = layout(&s, lang, &q, "enrol-title");
    layout.respond(TwoFactorEnrolPage {
        layout: layout.clone(),
        qr_data_url: QR_SLOT.to_owned(),
        secret: "JBSW Y3DP EHPK 3PXP".to_owned(),
        failed: false,
    })
}

async fn recovery_codes(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<OrgQuery>,
) -> Response {
    let layout = layout(&s, lang, &q, "enrol-recovery-title");
    layout.respond(RecoveryCodesPage {
        layout: layout.clone(),
        recovery_codes: ["k7f2e-9qx4m", "m3p8a-2wz6t", "t5r1b-8hv3k"]
            .map(str::to_owned)
            .to_vec(),
    })
}

async fn organisations(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<OrgQuery>,
) -> Response {
    let layout = layout(&s, lang, &q, "organisations-title");
    let choice = |slug: &str, name: &str, role| OrganisationChoice {
        slug: slug.to_owned(),
        name: name.to_owned(),
        role,
    };
    layout.respond(OrganisationsPage {
        layout: layout.clone(),
        organisations: vec![
            choice("voorbeeld", "Gemeente Voorbeeld", Role::Agent),
            choice("buurdorp", "Gemeente Buurdorp", Role::TeamLead),
        ],
    })
}

async fn password(State(s): State<AppState>, lang: Lang, Query(q): Query<OrgQuery>) -> Response {
    let layout = layout(&s, lang, &q, "password-title");
    layout.respond(PasswordPage {
        layout: layout.clone(),
        problem: None,
        changed: false,
    })
}

async fn inbox(State(s): State<AppState>, lang: Lang, Query(q): Query<OrgQuery>) -> Response {
    let layout = layout(&s, lang, &q, "inbox-title");
    layout.respond(InboxPage {
        layout: layout.clone(),
        list: InboxList {
            rows: sample_rows(),
            view: "all".to_owned(),
            ..Default::default()
        },
        availability: super::availability::choices(Default::default()),
    })
}

fn sample_rows() -> Vec<ConversationRow> {
    let row = |id: &str,
               resident: &str,
               preview: &str,
               at: (&str, &str),
               status,
               assignee: Option<&str>,
               unread| {
        ConversationRow {
            id: id.to_owned(),
            resident: resident.to_owned(),
            preview: preview.to_owned(),
            waiting_since: at.0.to_owned(),
            waiting_since_iso: at.1.to_owned(),
            status,
            assignee: assignee.map(str::to_owned),
            unread,
            channel: "WhatsApp".to_owned(),
            ..Default::default()
        }
    };
    vec![
        row(
            "0193a0c4-1f2e-7c3a-9d41-5b6e7f809a1b",
            "Fatima de Vries",
            "Mijn paspoort verloopt volgende maand. Kan ik online een afspraak maken?",
            ("08:47", "2026-11-19T08:47:00+01:00"),
            ConversationStatus::Open,
            None,
            true,
        ),
        row(
            "0193a0c4-2a3b-7d4c-8e52-6c7f8091a2b3",
            "Jan Jansen",
            "Er staat al twee weken grofvuil naast de container op het Marktplein <3",
            ("09:12", "2026-11-19T09:12:00+01:00"),
            ConversationStatus::Open,
            Some("Sanne Bakker"),
            false,
        ),
        row(
            "0193a0c4-3b4c-7e5d-9f63-7d8091a2b3c4",
            "Priya Ramdin",
            "Dank u, dan kom ik donderdag langs.",
            ("10:05", "2026-11-19T10:05:00+01:00"),
            ConversationStatus::Pending,
            Some("Mohamed El Amrani"),
            false,
        ),
    ]
}
