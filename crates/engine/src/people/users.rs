//! Users and their memberships; teams. Admin operations (the CLI) address a user by e-mail.

use loket_domain::people::{Email, Locale, Role, check_new_password};
use loket_domain::{OrgId, TeamId, UserId};
use loket_store::{NewUser, StoreError, Team, User, UserListing};
use secrecy::{ExposeSecret, SecretString};

use super::passwords::{generate_password, hash_password, verify_password};
use super::{NewSession, sha256_hex};
use crate::{Engine, EngineError};

/// `loket user add`: who, where, and optionally the password (else one is generated).
#[derive(Debug, Clone)]
pub struct NewUserRequest {
    pub email: String,
    pub name: String,
    /// The organisation's slug and the role there (an operator may have none).
    pub membership: Option<(String, Role)>,
    pub operator: bool,
    pub locale: Locale,
    pub password: Option<SecretString>,
}

#[derive(Debug, Clone)]
pub struct AddedUser {
    pub user: User,
    /// False when the e-mail was known: only the membership was added or changed.
    pub created: bool,
    /// The generated password, to be shown once (only when one was generated).
    pub generated_password: Option<SecretString>,
}

fn invalid(field: &str, reason: &str) -> EngineError {
    EngineError::InvalidFields(vec![loket_domain::input::FieldProblem::new(field, reason)])
}

fn parse_email(text: &str) -> Result<Email, EngineError> {
    Email::parse(text).map_err(|e| invalid("email", &e.to_string()))
}

impl Engine {
    pub async fn add_user(&self, request: NewUserRequest) -> Result<AddedUser, EngineError> {
        let email = parse_email(&request.email)?;
        let name = request.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(invalid("name", "must be 1 to 100 characters"));
        }
        let membership = match &request.membership {
            Some((slug, role)) => Some((self.org_by_slug(slug).await?, *role)),
            None => None,
        };
        let now = self.clock().now();
        if let Some(existing) = self.store().find_user_by_email(&email).await? {
            let Some((org, role)) = membership else {
                return Err(EngineError::Conflict(
                    "this e-mail address has a user".into(),
                ));
            };
            self.store()
                .upsert_membership(existing.id, org, role, now)
                .await?;
            return Ok(AddedUser {
                user: existing,
                created: false,
                generated_password: None,
            });
        }
        let (password, generated) = match request.password {
            Some(given) => (given, None),
            None => {
                let made = generate_password();
                (made.clone(), Some(made))
            }
        };
        check_new_password(password.expose_secret()).map_err(|why| invalid("password", why))?;
        let new = NewUser {
            email,
            name,
            operator: request.operator,
            locale: request.locale,
            password_hash: hash_password(password).await?,
        };
        let memberships: Vec<(OrgId, Role)> = membership.into_iter().collect();
        let user = self.store().insert_user(&new, &memberships, now).await?;
        tracing::info!(user_id = %user.id, operator = user.operator, "user added");
        Ok(AddedUser {
            user,
            created: true,
            generated_password: generated,
        })
    }

    async fn org_by_slug(&self, slug: &str) -> Result<OrgId, EngineError> {
        match self.store().find_organisation_by_slug(slug).await? {
            Some(org) if org.enabled => Ok(org.id),
            _ => Err(invalid("org", "no such organisation")),
        }
    }

    /// Every user, or the members of the organisation with this slug.
    pub async fn list_users(
        &self,
        org_slug: Option<&str>,
    ) -> Result<Vec<UserListing>, EngineError> {
        let org = match org_slug {
            Some(slug) => Some(self.org_by_slug(slug).await?),
            None => None,
        };
        Ok(self.store().list_users(org).await?)
    }

    /// The user with this e-mail address (any case), if any.
    pub async fn find_user(&self, email: &str) -> Result<Option<User>, EngineError> {
        let email = parse_email(email)?;
        Ok(self.store().find_user_by_email(&email).await?)
    }

    async fn user_by_email(&self, email: &str) -> Result<User, EngineError> {
        self.find_user(email).await?.ok_or(EngineError::NotFound)
    }

    /// Signs in nowhere any more; every session ends at once.
    pub async fn disable_user(&self, email: &str) -> Result<User, EngineError> {
        let user = self.user_by_email(email).await?;
        self.store()
            .set_user_active(user.id, false, self.clock().now())
            .await?;
        tracing::info!(user_id = %user.id, "user disabled, sessions revoked");
        Ok(user)
    }

    pub async fn enable_user(&self, email: &str) -> Result<User, EngineError> {
        let user = self.user_by_email(email).await?;
        self.store()
            .set_user_active(user.id, true, self.clock().now())
            .await?;
        Ok(user)
    }

    /// A new password (generated and returned when none is given); every session ends.
    pub async fn reset_password(
        &self,
        email: &str,
        password: Option<SecretString>,
    ) -> Result<Option<SecretString>, EngineError> {
        let user = self.user_by_email(email).await?;
        let (password, generated) = match password {
            Some(given) => (given, None),
            None => {
                let made = generate_password();
                (made.clone(), Some(made))
            }
        };
        check_new_password(password.expose_secret()).map_err(|why| invalid("password", why))?;
        let hash = hash_password(password).await?;
        self.store()
            .set_password_hash(user.id, &hash, true, self.clock().now())
            .await?;
        tracing::info!(user_id = %user.id, "password reset, sessions revoked");
        Ok(generated)
    }

    /// Remove TOTP and the recovery codes; every session ends (the user enrols again).
    pub async fn reset_two_factor(&self, email: &str) -> Result<User, EngineError> {
        let user = self.user_by_email(email).await?;
        self.store().reset_totp(user.id, self.clock().now()).await?;
        tracing::info!(user_id = %user.id, "second factor reset, sessions revoked");
        Ok(user)
    }

    /// The signed-in user changes their password: the current one must be right. Every
    /// session ends; a new one is returned for this browser.
    pub async fn change_password(
        &self,
        token: &str,
        current: SecretString,
        new: SecretString,
    ) -> Result<NewSession, EngineError> {
        let session = self.session(token).await?.ok_or(EngineError::NotFound)?;
        let user = self.store().get_user(session.user_id).await?;
        if !verify_password(current, user.password_hash.clone()).await? {
            return Err(invalid("current_password", "is not your current password"));
        }
        check_new_password(new.expose_secret()).map_err(|why| invalid("password", why))?;
        let stored = self.store().find_session(&sha256_hex(token)).await?;
        let second_factor = stored.is_some_and(|s| s.second_factor);
        let hash = hash_password(new).await?;
        self.store()
            .set_password_hash(user.id, &hash, true, self.clock().now())
            .await?;
        self.start_session(&user, session.org_id, second_factor)
            .await
    }

    pub(crate) async fn user(&self, id: UserId) -> Result<User, EngineError> {
        self.store().get_user(id).await.map_err(|e| match e {
            StoreError::NotFound => EngineError::NotFound,
            other => other.into(),
        })
    }

    /// The organisation's teams (declared and not), by slug.
    pub async fn list_teams(&self, org: OrgId) -> Result<Vec<Team>, EngineError> {
        Ok(self.store().list_teams(org).await?)
    }

    /// Add a member of `org` to one of its teams (`NotFound` for another organisation's
    /// team or a user who is no member).
    pub async fn add_team_member(
        &self,
        org: OrgId,
        team: TeamId,
        user: UserId,
    ) -> Result<(), EngineError> {
        Ok(self.store().add_team_member(org, team, user).await?)
    }

    pub async fn list_team_members(
        &self,
        org: OrgId,
        team: TeamId,
    ) -> Result<Vec<UserId>, EngineError> {
        Ok(self.store().list_team_members(org, team).await?)
    }

    /// Add or change a user's role in an organisation (by slug).
    pub async fn add_membership(
        &self,
        email: &str,
        org_slug: &str,
        role: Role,
    ) -> Result<(), EngineError> {
        let user = self.user_by_email(email).await?;
        let org = self.org_by_slug(org_slug).await?;
        Ok(self
            .store()
            .upsert_membership(user.id, org, role, self.clock().now())
            .await?)
    }
}
