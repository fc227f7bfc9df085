//! People, teams and signing in: the engine's API for the CLI (`loket user …`) and the
//! web's sign-in pages. What the sign-in pages get ([`SessionView`], [`NewSession`],
//! [`TotpEnrolment`]) holds no password hash, stored TOTP secret or token hash; the admin
//! operations return the stored `User` (its secrets opaque: a PHC string, sealed text).
//!
//! # Users (`users.rs`)
//! - [`Engine::add_user`] — a user with a membership (role) in one organisation; without a
//!   password one is generated and returned once. An e-mail already taken (case-insensitive,
//!   deployment-wide) adds or changes that user's membership instead (a shared KCC).
//! - [`Engine::list_users`] (all, or one organisation's), [`Engine::find_user`],
//!   [`Engine::disable_user`] (revokes every session), [`Engine::enable_user`],
//!   [`Engine::reset_password`] (revokes every session; generated unless given),
//!   [`Engine::change_password`] (needs the current one; rotates the session),
//!   [`Engine::reset_two_factor`] (revokes every session).
//! - Teams: [`Engine::list_teams`], [`Engine::add_team_member`] (declared teams come from the
//!   configuration, see `provision.rs`).
//!
//! # Sessions (`sessions.rs`)
//! - [`Engine::sign_in`]`(email, password, address, previous_token)` → [`SignInOutcome`]:
//!   `SignedIn` with a new 256-bit token (returned once; only its SHA-256 is stored; any
//!   previous session token of the browser is revoked: rotation), `Refused` (wrong password,
//!   unknown e-mail, disabled user — indistinguishable, also in timing), or `LockedOut`.
//! - [`Engine::session`]`(token)` → `Option<`[`SessionView`]`>`: `None` when unknown,
//!   expired ([`SESSION_LIFETIME`]), idle too long ([`IDLE_TIMEOUT`]), the user disabled or
//!   the membership of the current organisation gone. Its [`SessionState`] tells the web
//!   what comes next: `NeedsSecondFactor`, `NeedsEnrolment` (`require_2fa`),
//!   `ChooseOrganisation`, or `Complete`.
//! - [`Engine::switch_organisation`] (must be a member, else `NotFound`),
//!   [`Engine::sign_out`], [`Engine::csrf_matches`].
//!
//! # Second factor (`totp.rs`)
//! - [`Engine::begin_totp_enrolment`] → [`TotpEnrolment`] (otpauth URL and QR code as SVG),
//!   [`Engine::confirm_totp_enrolment`]`(token, code)` → 10 recovery codes, shown once.
//! - [`Engine::verify_second_factor`]`(token, code, address)`: a TOTP code (RFC 6238, 30 s,
//!   6 digits, ±1 step, each step accepted once) or an unused recovery code; rotates the
//!   session token; failures count towards the same lockout as passwords.
//!
//! Operators (`User::operator`) may use the deployment-wide admin views (Meta apps,
//! unrouted events): [`SessionView::operator`].

mod lockout;
mod org_admin;
mod passwords;
mod sessions;
mod totp;
mod users;

pub use org_admin::{DECLARED_TEAM, NOT_YOURSELF, SHARED_USER};

use std::time::Duration;

use loket_domain::people::{Email, Locale, Role};
use loket_domain::{OrgId, Timestamp, UserId};
use loket_store::Membership;
use secrecy::SecretString;

pub use lockout::{FAILURE_WINDOW, LOCKOUT, MAX_FAILURES};
pub use passwords::generate_password;
pub use totp::{RECOVERY_CODES, SecondFactorOutcome, TotpEnrolment, totp_code};
pub use users::{AddedUser, NewUserRequest};

/// A session ends this long after sign-in, whatever happens.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// A session unused this long ends.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// What a session may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// The password was right; the account has TOTP: a code is needed.
    NeedsSecondFactor,
    /// The current organisation requires a second factor and the account has none: enrol.
    NeedsEnrolment,
    /// Signed in, but no organisation chosen (several, or none, to choose from).
    ChooseOrganisation,
    Complete,
}

/// A session token: shown once to the browser (a cookie), never stored, never logged.
#[derive(Clone)]
pub struct SessionToken(pub SecretString);

impl SessionToken {
    /// The token's text, for the cookie.
    pub fn expose(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.0)
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

/// A new session, as sign-in (or a rotation) hands it to the web.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: SessionToken,
    pub session: SessionView,
}

#[derive(Debug, Clone)]
pub enum SignInOutcome {
    SignedIn(Box<NewSession>),
    /// Wrong e-mail or password, or a disabled account: one answer for all.
    Refused,
    /// Too many failures from this address for this account.
    LockedOut {
        until: Timestamp,
    },
}

/// A signed-in session as the web sees it.
#[derive(Clone)]
pub struct SessionView {
    pub user_id: UserId,
    pub email: Email,
    pub name: String,
    pub locale: Locale,
    pub operator: bool,
    /// The organisation being worked for, and the role there.
    pub org_id: Option<OrgId>,
    pub role: Option<Role>,
    /// Every organisation the user may switch to.
    pub memberships: Vec<Membership>,
    pub state: SessionState,
    pub expires_at: Timestamp,
    /// The synchroniser token forms must carry (compare with [`Engine::csrf_matches`]).
    pub csrf_token: String,
}

/// Without the CSRF token (a secret) and the e-mail address (personal data).
impl std::fmt::Debug for SessionView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionView")
            .field("user_id", &self.user_id)
            .field("operator", &self.operator)
            .field("org_id", &self.org_id)
            .field("role", &self.role)
            .field("state", &self.state)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// SHA-256, hex: tokens and recovery codes are long random strings, so a fast hash suffices
/// (unlike passwords) and a lookup stays one indexed query.
fn sha256_hex(text: &str) -> String {
    crate::provision::hash_api_token(text)
}
