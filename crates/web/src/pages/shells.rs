//! The pages the issue asks for, as typed templates; [`super::account`] and
//! [`super::inbox`] fill them (and `/preview/…` with sample content).

use askama::Template;
use askama_web::WebTemplate;

use super::Layout;
// The keyboard shortcuts' help dialog (`?`) on the inbox too.
use super::conversation::side::SHORTCUTS;

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub layout: Layout,
    /// The previous attempt failed: say so above the form.
    pub failed: bool,
    /// Too many failed attempts: say when to try again (the same for every account,
    /// known or not).
    pub locked: bool,
    /// The session ended (signed out, expired): say so.
    pub signed_out: bool,
    /// Filled in again after a failed attempt.
    pub email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "two_factor.html")]
pub struct TwoFactorPage {
    pub layout: Layout,
    pub failed: bool,
    pub locked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "two_factor_enrol.html")]
pub struct TwoFactorEnrolPage {
    pub layout: Layout,
    /// The QR code as a `data:` URL (the CSP allows `data:` images only for this).
    pub qr_data_url: String,
    /// The same secret in base32, for typing in.
    pub secret: String,
    /// The previous code was not right (a new secret is shown: scan again).
    pub failed: bool,
}

/// The recovery codes, shown once right after enrolment is confirmed.
#[derive(Template, WebTemplate)]
#[template(path = "recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub layout: Layout,
    pub recovery_codes: Vec<String>,
}

/// A 403: a form came from elsewhere or without the session's token.
#[derive(Template, WebTemplate)]
#[template(path = "refused.html")]
pub struct RefusedPage {
    pub layout: Layout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    TeamLead,
    Admin,
    BackOffice,
}

impl From<loket_domain::people::Role> for Role {
    fn from(role: loket_domain::people::Role) -> Self {
        use loket_domain::people::Role as R;
        match role {
            R::Agent => Role::Agent,
            R::TeamLead => Role::TeamLead,
            R::Admin => Role::Admin,
            R::BackOffice => Role::BackOffice,
        }
    }
}

impl Role {
    pub fn message(&self) -> &'static str {
        match self {
            Role::Agent => "role-agent",
            Role::TeamLead => "role-team-lead",
            Role::Admin => "role-admin",
            Role::BackOffice => "role-back-office",
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
    /// The message key of what was wrong with the last attempt.
    pub problem: Option<&'static str>,
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConversationStatus {
    #[default]
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
#[derive(Default, Clone)]
pub struct ConversationRow {
    pub id: String,
    pub resident: String,
    /// The last message, shortened; shown escaped like all resident text.
    pub preview: String,
    /// As shown (local time) and as ISO 8601 for `<time datetime>`.
    pub waiting_since: String,
    pub waiting_since_iso: String,
    /// How long the resident waits ("12 min"), when waiting.
    pub waiting_for: Option<String>,
    pub status: ConversationStatus,
    pub assignee: Option<String>,
    pub unread: bool,
    pub channel: String,
    pub labels: Vec<String>,
    /// The reply window's time left ("nog 3 u") or that it is closed.
    pub window: String,
    pub window_open: bool,
    /// The most urgent SLA timer, when one runs.
    pub sla: Option<super::sla::SlaBadge>,
}

/// A tab of the inbox: a view with its count.
pub struct ViewTab {
    pub href: String,
    /// The message key of its name.
    pub name: &'static str,
    /// "12", or "999+" above the cap.
    pub count: String,
    pub current: bool,
}

/// An option of a filter's `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Everything the list shows besides the layout; the preview fills it with samples.
#[derive(Default)]
pub struct InboxList {
    pub rows: Vec<ConversationRow>,
    pub tabs: Vec<ViewTab>,
    /// The current view's key (`mine`, `unassigned`, `teams`, `all`).
    pub view: String,
    pub statuses: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub label: String,
    /// The current filters as a query string (for the live rows and paging).
    pub query: String,
    /// The next page, the previous page and the first page, when paging.
    pub next_href: Option<String>,
    pub prev_href: Option<String>,
    pub first_href: Option<String>,
    /// What the last bulk action did, already worded.
    pub notice: Option<String>,
    /// Whether the bulk action may offer a team.
    pub bulk_teams: Vec<Choice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub layout: Layout,
    pub list: InboxList,
    /// The signed-in colleague's availability form (auto-assignment).
    pub availability: Vec<super::availability::AvailabilityChoice>,
}
