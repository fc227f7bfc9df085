//! Rows of the people tables and their conversion into [`crate::people`] models.

use loket_domain::time::from_micros;

use crate::error::StoreResult;
use crate::people::{Membership, SessionRecord, SignInAttempts, Team, User};
use crate::rows::{opt_time, parse, parse_opt};

/// Every column [`UserRow`] reads, for `select … from users u`.
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.name, u.active, u.operator, u.locale, u.password_hash, u.totp_secret,
         u.totp_enabled, u.totp_last_step, u.created_at, u.updated_at"
    };
}
pub(crate) use user_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub operator: bool,
    pub locale: String,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl UserRow {
    pub fn into_model(self) -> StoreResult<User> {
        Ok(User {
            id: parse("users.id", &self.id)?,
            email: parse("users.email", &self.email)?,
            name: self.name,
            active: self.active,
            operator: self.operator,
            locale: parse("users.locale", &self.locale)?,
            password_hash: self.password_hash,
            totp_secret: self.totp_secret,
            totp_enabled: self.totp_enabled,
            totp_last_step: self.totp_last_step,
            created_at: from_micros(self.created_at),
            updated_at: from_micros(self.updated_at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MembershipRow {
    pub user_id: String,
    pub org_id: String,
    pub slug: String,
    pub role: String,
}

impl MembershipRow {
    pub fn into_model(self) -> StoreResult<Membership> {
        Ok(Membership {
            user_id: parse("memberships.user_id", &self.user_id)?,
            org_id: parse("memberships.org_id", &self.org_id)?,
            org_slug: self.slug,
            role: parse("memberships.role", &self.role)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TeamRow {
    pub id: String,
    pub org_id: String,
    pub slug: String,
    pub name: String,
    pub declared: bool,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

impl TeamRow {
    pub fn into_model(self) -> StoreResult<Team> {
        Ok(Team {
            id: parse("teams.id", &self.id)?,
            org_id: parse("teams.org_id", &self.org_id)?,
            slug: self.slug,
            name: self.name,
            declared: self.declared,
            enabled: self.disabled_at.is_none(),
            created_at: from_micros(self.created_at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub org_id: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_seen_at: i64,
    pub second_factor: bool,
    pub csrf_secret: String,
}

impl SessionRow {
    pub fn into_model(self) -> StoreResult<SessionRecord> {
        Ok(SessionRecord {
            token_hash: self.token_hash,
            user_id: parse("sessions.user_id", &self.user_id)?,
            org_id: parse_opt("sessions.org_id", self.org_id.as_deref())?,
            created_at: from_micros(self.created_at),
            expires_at: from_micros(self.expires_at),
            last_seen_at: from_micros(self.last_seen_at),
            second_factor: self.second_factor,
            csrf_secret: self.csrf_secret,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttemptsRow {
    pub failures: i64,
    pub window_start: i64,
    pub locked_until: Option<i64>,
}

impl AttemptsRow {
    pub fn into_model(self) -> SignInAttempts {
        SignInAttempts {
            failures: u32::try_from(self.failures).unwrap_or(u32::MAX),
            window_start: from_micros(self.window_start),
            locked_until: opt_time(self.locked_until),
        }
    }
}
