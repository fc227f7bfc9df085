//! People and teams as stored: users, memberships, teams, sessions, second factors and
//! sign-in attempts ([`PeopleStore`], a part of every [`crate::Store`]).
//!
//! Secrets are opaque here: a password is its argon2id PHC string, a TOTP secret is sealed
//! by the engine, a session token and a recovery code are their SHA-256. None of them, nor
//! an e-mail address, is printed by `Debug`.

use async_trait::async_trait;
use loket_domain::people::{Email, Locale, Role};
use loket_domain::{OrgId, TeamId, Timestamp, UserId};

use crate::error::StoreResult;

#[derive(Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    /// False once disabled: signs in nowhere, its sessions are gone.
    pub active: bool,
    /// A deployment operator: may see Meta apps and unrouted events (no organisation's).
    pub operator: bool,
    pub locale: Locale,
    /// argon2id, PHC string.
    pub password_hash: String,
    /// Sealed by the engine; set during enrolment, `totp_enabled` once confirmed.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    /// The last accepted TOTP time step: a code is accepted once.
    pub totp_last_step: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("active", &self.active)
            .field("operator", &self.operator)
            .field("totp_enabled", &self.totp_enabled)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub operator: bool,
    pub locale: Locale,
    pub password_hash: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("operator", &self.operator)
            .finish_non_exhaustive()
    }
}

/// A user's place in one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub user_id: UserId,
    pub org_id: OrgId,
    pub org_slug: String,
    pub role: Role,
}

/// A user with every membership (for `loket user list`).
#[derive(Debug, Clone, PartialEq)]
pub struct UserListing {
    pub user: User,
    pub memberships: Vec<Membership>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: TeamId,
    pub org_id: OrgId,
    pub slug: String,
    pub name: String,
    /// From the configuration: read-only elsewhere.
    pub declared: bool,
    /// False once the configuration no longer declares it.
    pub enabled: bool,
    pub created_at: Timestamp,
}

/// A team as the configuration declares it (`[[organisation.team]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTeam {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, PartialEq)]
pub struct SessionRecord {
    /// SHA-256 of the token (hex); the token itself is never stored.
    pub token_hash: String,
    pub user_id: UserId,
    /// The organisation being worked for; `None` until one is chosen.
    pub org_id: Option<OrgId>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// The second factor was passed in this session.
    pub second_factor: bool,
    pub csrf_secret: String,
}

impl std::fmt::Debug for SessionRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRecord")
            .field("user_id", &self.user_id)
            .field("org_id", &self.org_id)
            .field("expires_at", &self.expires_at)
            .field("second_factor", &self.second_factor)
            .finish_non_exhaustive()
    }
}

/// Failed sign-ins of one (address, account) pair in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInAttempts {
    pub failures: u32,
    pub window_start: Timestamp,
    pub locked_until: Option<Timestamp>,
}

/// Everything stored about people. Organisation-scoped where it concerns one organisation
/// (teams, memberships); users and sessions are deployment-wide by nature (an e-mail is
/// unique across the deployment and a person may work for several organisations).
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// `Conflict` when the e-mail address is taken (addresses are stored normalised).
    async fn insert_user(
        &self,
        user: &NewUser,
        memberships: &[(OrgId, Role)],
        now: Timestamp,
    ) -> StoreResult<User>;
    async fn get_user(&self, id: UserId) -> StoreResult<User>;
    async fn find_user_by_email(&self, email: &Email) -> StoreResult<Option<User>>;
    /// Every user, or those with a membership in `org`; by e-mail.
    async fn list_users(&self, org: Option<OrgId>) -> StoreResult<Vec<UserListing>>;
    /// Create or change the user's role in `org`.
    async fn upsert_membership(
        &self,
        user: UserId,
        org: OrgId,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// The user's memberships in enabled organisations, by slug.
    async fn list_memberships(&self, user: UserId) -> StoreResult<Vec<Membership>>;
    /// Whether `user` is active and a member of `org` (assignment needs one).
    async fn is_active_member(&self, org: OrgId, user: UserId) -> StoreResult<bool>;
    /// Whether `team` is an enabled team of `org` (assignment needs one).
    async fn is_enabled_team(&self, org: OrgId, team: TeamId) -> StoreResult<bool>;
    /// Whether the organisation requires a second factor of its members.
    async fn require_2fa(&self, org: OrgId) -> StoreResult<bool>;
    /// Disable (and revoke every session, in the same transaction) or enable again.
    async fn set_user_active(&self, id: UserId, active: bool, now: Timestamp) -> StoreResult<()>;
    /// Replace the password hash; with `revoke_sessions` every session goes too.
    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        revoke_sessions: bool,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Keep a (sealed) TOTP secret being enrolled, not yet enabled.
    async fn set_pending_totp(&self, id: UserId, sealed: &str, now: Timestamp) -> StoreResult<()>;
    /// Enable TOTP with the step of the confirming code and the recovery codes' hashes
    /// (replacing any earlier ones).
    async fn enable_totp(
        &self,
        id: UserId,
        step: i64,
        recovery_code_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Remove TOTP and recovery codes, and revoke every session.
    async fn reset_totp(&self, id: UserId, now: Timestamp) -> StoreResult<()>;
    /// Accept `step` only if it is later than the last accepted one (replay protection,
    /// atomic). Returns whether it was accepted.
    async fn accept_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool>;
    /// Use an unused recovery code once; returns whether it was there and unused.
    async fn use_recovery_code(&self, id: UserId, hash: &str, now: Timestamp) -> StoreResult<bool>;
    async fn count_unused_recovery_codes(&self, id: UserId) -> StoreResult<u32>;

    /// A team made by people (not declared); `Conflict` when the slug is taken in `org`.
    async fn insert_team(&self, org: OrgId, team: &NewTeam, now: Timestamp) -> StoreResult<Team>;
    /// The organisation's teams (enabled or not), by slug.
    async fn list_teams(&self, org: OrgId) -> StoreResult<Vec<Team>>;
    async fn get_team(&self, org: OrgId, id: TeamId) -> StoreResult<Team>;
    /// Add a member of `org` to one of its teams (idempotent); `NotFound` when the team is
    /// another organisation's.
    async fn add_team_member(&self, org: OrgId, team: TeamId, user: UserId) -> StoreResult<()>;
    async fn list_team_members(&self, org: OrgId, team: TeamId) -> StoreResult<Vec<UserId>>;
    /// A team's new display name (its slug stays); `NotFound` for another organisation's.
    async fn rename_team(&self, org: OrgId, team: TeamId, name: &str) -> StoreResult<()>;
    /// Take a user off one of `org`'s teams (idempotent); `NotFound` for another
    /// organisation's team.
    async fn remove_team_member(&self, org: OrgId, team: TeamId, user: UserId) -> StoreResult<()>;

    async fn insert_session(&self, session: &SessionRecord) -> StoreResult<()>;
    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>>;
    /// Record activity (idle timeout counts from here).
    async fn touch_session(&self, token_hash: &str, now: Timestamp) -> StoreResult<()>;
    /// Change the organisation worked for and whether the second factor was passed.
    async fn update_session(
        &self,
        token_hash: &str,
        org: Option<OrgId>,
        second_factor: bool,
    ) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Returns how many sessions were revoked.
    async fn delete_user_sessions(&self, user: UserId) -> StoreResult<u64>;

    async fn find_sign_in_attempts(
        &self,
        address: &str,
        email: &str,
    ) -> StoreResult<Option<SignInAttempts>>;
    async fn put_sign_in_attempts(
        &self,
        address: &str,
        email: &str,
        attempts: &SignInAttempts,
    ) -> StoreResult<()>;
    async fn clear_sign_in_attempts(&self, address: &str, email: &str) -> StoreResult<()>;
}
