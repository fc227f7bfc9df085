//! Signing in and sessions: tokens are 256-bit random, shown once, stored as SHA-256;
//! sessions expire, time out when idle, and end with the user's account or membership.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use loket_domain::OrgId;
use loket_domain::people::{Email, MAX_PASSWORD_CHARS};
use loket_domain::time::add;
use loket_store::{Membership, SessionRecord, User};
use secrecy::{ExposeSecret, SecretString};

use super::passwords::{dummy_hash, verify_password};
use super::{
    IDLE_TIMEOUT, NewSession, SESSION_LIFETIME, SessionState, SessionToken, SessionView,
    SignInOutcome, sha256_hex,
};
use crate::{Engine, EngineError};

/// Activity is written at most this often per session (not on every request).
const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What comes next for `user` in a session at `org`, `second_factor` passed or not.
fn state_of(
    user: &User,
    org: Option<(OrgId, bool)>,
    second_factor: bool,
    operator_without_org: bool,
) -> SessionState {
    if user.totp_enabled && !second_factor {
        return SessionState::NeedsSecondFactor;
    }
    match org {
        Some((_, require_2fa)) if require_2fa && !user.totp_enabled => SessionState::NeedsEnrolment,
        Some(_) => SessionState::Complete,
        None if operator_without_org => SessionState::Complete,
        None => SessionState::ChooseOrganisation,
    }
}

impl Engine {
    /// Check the password (argon2id, off the runtime) and start a session. `address` is the
    /// client's address, for the lockout; `previous` is a session token the browser still
    /// carried, revoked here (a new token at every sign-in: no session fixation).
    pub async fn sign_in(
        &self,
        email: &str,
        password: SecretString,
        address: &str,
        previous: Option<&str>,
    ) -> Result<SignInOutcome, EngineError> {
        if let Some(token) = previous {
            self.sign_out(token).await?;
        }
        // The lockout key uses the normalised address, so case variants share one counter.
        let account = Email::parse(email)
            .map(|e| e.as_str().to_owned())
            .unwrap_or_else(|_| email.trim().to_lowercase());
        if let Some(until) = self.lockout_of(address, &account).await? {
            return Ok(SignInOutcome::LockedOut { until });
        }
        let user = match Email::parse(email) {
            Ok(parsed) => self.store().find_user_by_email(&parsed).await?,
            Err(_) => None,
        };
        // An unknown address costs a verification too, so timing does not tell.
        let hash = match &user {
            Some(u) => u.password_hash.clone(),
            None => dummy_hash().await?,
        };
        // An absurdly long "password" is refused unhashed: hashing a megabyte costs CPU
        // (and no account has one: new passwords are bounded).
        let bounded = password.expose_secret().len() <= 4 * MAX_PASSWORD_CHARS;
        let matches = bounded && verify_password(password, hash).await?;
        let user = match user {
            Some(u) if matches && u.active => u,
            _ => {
                return Ok(match self.record_failure(address, &account).await? {
                    Some(until) => SignInOutcome::LockedOut { until },
                    None => SignInOutcome::Refused,
                });
            }
        };
        self.clear_failures(address, &account).await?;
        let memberships = self.store().list_memberships(user.id).await?;
        // One organisation is chosen for the user; with several they choose.
        let org = match memberships.as_slice() {
            [only] => Some(only.org_id),
            _ => None,
        };
        let session = self.start_session(&user, org, false).await?;
        tracing::info!(user_id = %user.id, "signed in");
        Ok(SignInOutcome::SignedIn(Box::new(session)))
    }

    /// Store a new session for `user` and return its token (once).
    pub(crate) async fn start_session(
        &self,
        user: &User,
        org: Option<OrgId>,
        second_factor: bool,
    ) -> Result<NewSession, EngineError> {
        let now = self.clock().now();
        let token = random_token();
        let record = SessionRecord {
            token_hash: sha256_hex(&token),
            user_id: user.id,
            org_id: org,
            created_at: now,
            expires_at: add(now, SESSION_LIFETIME),
            last_seen_at: now,
            second_factor,
            csrf_secret: random_token(),
        };
        self.store().insert_session(&record).await?;
        let memberships = self.store().list_memberships(user.id).await?;
        let session = self.view_of(user, &record, memberships).await?;
        Ok(NewSession {
            token: SessionToken(SecretString::from(token)),
            session,
        })
    }

    async fn view_of(
        &self,
        user: &User,
        record: &SessionRecord,
        memberships: Vec<Membership>,
    ) -> Result<SessionView, EngineError> {
        let current = record
            .org_id
            .and_then(|org| memberships.iter().find(|m| m.org_id == org));
        let org = match current {
            Some(m) => Some((m.org_id, self.store().require_2fa(m.org_id).await?)),
            None => None,
        };
        Ok(SessionView {
            user_id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            locale: user.locale,
            operator: user.operator,
            org_id: current.map(|m| m.org_id),
            role: current.map(|m| m.role),
            state: state_of(
                user,
                org,
                record.second_factor,
                user.operator && memberships.is_empty(),
            ),
            memberships,
            expires_at: record.expires_at,
            csrf_token: record.csrf_secret.clone(),
        })
    }

    /// The session this token belongs to, if it is still valid: not expired, not idle for
    /// longer than the timeout, its user active, and still a member of its organisation
    /// (an invalid session is deleted).
    pub async fn session(&self, token: &str) -> Result<Option<SessionView>, EngineError> {
        let hash = sha256_hex(token);
        let Some(record) = self.store().find_session(&hash).await? else {
            return Ok(None);
        };
        let now = self.clock().now();
        let user = self.store().get_user(record.user_id).await?;
        let memberships = self.store().list_memberships(user.id).await?;
        let member = record
            .org_id
            .is_none_or(|org| memberships.iter().any(|m| m.org_id == org));
        let valid = record.expires_at > now
            && add(record.last_seen_at, IDLE_TIMEOUT) > now
            && user.active
            && member;
        if !valid {
            self.store().delete_session(&hash).await?;
            return Ok(None);
        }
        if add(record.last_seen_at, TOUCH_EVERY) <= now {
            self.store().touch_session(&hash, now).await?;
        }
        Ok(Some(self.view_of(&user, &record, memberships).await?))
    }

    /// Work for another organisation; only one the user is a member of (else `NotFound`,
    /// which says nothing about whether it exists).
    pub async fn switch_organisation(
        &self,
        token: &str,
        org: OrgId,
    ) -> Result<SessionView, EngineError> {
        let view = self.session(token).await?.ok_or(EngineError::NotFound)?;
        if view.state == super::SessionState::NeedsSecondFactor
            || !view.memberships.iter().any(|m| m.org_id == org)
        {
            return Err(EngineError::NotFound);
        }
        let hash = sha256_hex(token);
        let record = self.store().find_session(&hash).await?;
        let second_factor = record.is_some_and(|r| r.second_factor);
        self.store()
            .update_session(&hash, Some(org), second_factor)
            .await?;
        self.session(token).await?.ok_or(EngineError::NotFound)
    }

    /// Revoke this session (sign out). Unknown tokens are fine: the result is the same.
    pub async fn sign_out(&self, token: &str) -> Result<(), EngineError> {
        Ok(self.store().delete_session(&sha256_hex(token)).await?)
    }

    /// Whether `submitted` is the session's CSRF token (constant time).
    pub fn csrf_matches(session: &SessionView, submitted: &str) -> bool {
        crate::constant_time_eq(session.csrf_token.as_bytes(), submitted.as_bytes())
    }

    /// Replace `token`'s session by a new one with the second factor passed (rotation).
    pub(crate) async fn rotate_with_second_factor(
        &self,
        token: &str,
        user: &User,
    ) -> Result<NewSession, EngineError> {
        let hash = sha256_hex(token);
        let record = self.store().find_session(&hash).await?;
        self.store().delete_session(&hash).await?;
        let org = record.and_then(|r| r.org_id);
        self.start_session(user, org, true).await
    }
}
