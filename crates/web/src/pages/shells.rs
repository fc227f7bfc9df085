//! The pages the issue asks for, as typed templates. Sign-in is served; the others are
//! shells the account wiring fills (served with sample content under `/preview/…`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::Query;
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::Layout;
use super::i18n::Lang;

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub layout: Layout,
    /// The previous attempt failed: say so above the form.
    pub failed: bool,
    /// Filled in again after a failed attempt.
    pub email: String,
}

#[derive(Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    failed: Option<String>,
}

/// `GET /sign-in`.
pub async fn sign_in(lang: Lang, Query(query): Query<SignInQuery>) -> Response {
    let layout = Layout::public(lang, "sign-in-title");
    let page = SignInPage {
        failed: query.failed.is_some(),
        email: String::new(),
        layout: layout.clone(),
    };
    layout.respond(page)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[allow(dead_code)] // read once accounts are wired
    email: String,
    #[allow(dead_code)]
    password: String,
}

/// `POST /sign-in`. No accounts exist yet, so every attempt fails: Post/Redirect/Get
/// back to the form, which says so. (Neither field is logged.)
pub async fn sign_in_submit(Form(_form): Form<SignInForm>) -> Redirect {
    Redirect::to("/sign-in?failed")
}

#[derive(Template, WebTemplate)]
#[template(path = "two_factor.html")]
pub struct TwoFactorPage {
    pub layout: Layout,
}

#[derive(Template, WebTemplate)]
#[template(path = "two_factor_enrol.html")]
pub struct TwoFactorEnrolPage {
    pub layout: Layout,
    /// The QR code as a `data:` URL (the CSP allows `data:` images only for this).
    pub qr_data_url: String,
    /// The same secret in base32, for typing in.
    pub secret: String,
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    TeamLead,
    Admin,
}

impl Role {
    pub fn message(&self) -> &'static str {
        match self {
            Role::Agent => "role-agent",
            Role::TeamLead => "role-team-lead",
            Role::Admin => "role-admin",
        }
    }
}

pub struct OrganisationChoice {
    pub slug: String,
    pub name: String,
    pub role: Role,
}

#[derive(Template, WebTemplate)]
#[template(path = "organisations.html")]
pub struct OrganisationsPage {
    pub layout: Layout,
    pub organisations: Vec<OrganisationChoice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub layout: Layout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationStatus {
    Open,
    Pending,
    Snoozed,
    Resolved,
}

impl ConversationStatus {
    pub fn message(&self) -> &'static str {
        match self {
            Self::Open => "status-open",
            Self::Pending => "status-pending",
            Self::Snoozed => "status-snoozed",
            Self::Resolved => "status-resolved",
        }
    }
}

/// One line of the conversation list, shaped for the page (never a store row).
pub struct ConversationRow {
    pub id: String,
    pub resident: String,
    /// The last message, shortened; shown escaped like all resident text.
    pub preview: String,
    /// As shown (local time) and as ISO 8601 for `<time datetime>`.
    pub waiting_since: String,
    pub waiting_since_iso: String,
    pub status: ConversationStatus,
    pub assignee: Option<String>,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub layout: Layout,
    pub rows: Vec<ConversationRow>,
}
