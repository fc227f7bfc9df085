//! The organisation's own admin (the web's admin pages): the CLI's user operations, scoped
//! by organisation and addressed by user id. A user who is no member of `org` reads as
//! [`EngineError::NotFound`], like every other organisation's record.
//!
//! Users are deployment-wide (a shared KCC), so an organisation's admin may not disable,
//! reset or re-enrol a user who also works for another organisation or is an operator:
//! that would reach beyond their organisation. Those answer `Conflict`; the operator
//! (CLI) does it.

use loket_domain::people::{Locale, Role};
use loket_domain::{OrgId, TeamId, UserId};
use loket_store::{NewTeam, Team, User, UserListing};
use secrecy::SecretString;

use super::users::{AddedUser, NewUserRequest};
use crate::{Engine, EngineError};

/// Why an admin may not change a user on their own.
pub const SHARED_USER: &str = "the user also works elsewhere; an operator can change them";
pub const NOT_YOURSELF: &str = "an admin cannot disable themselves";
pub const DECLARED_TEAM: &str = "a team from the configuration is changed there";

impl Engine {
    /// The organisation's members (any state), by e-mail address.
    pub async fn org_members(&self, org: OrgId) -> Result<Vec<UserListing>, EngineError> {
        Ok(self.store().list_users(Some(org)).await?)
    }

    /// A member of `org` and their role there (`NotFound` for anyone else).
    pub async fn org_member(&self, org: OrgId, user: UserId) -> Result<(User, Role), EngineError> {
        let memberships = self.store().list_memberships(user).await?;
        let role = memberships
            .iter()
            .find(|m| m.org_id == org)
            .map(|m| m.role)
            .ok_or(EngineError::NotFound)?;
        Ok((self.user(user).await?, role))
    }

    /// A member the admin of `org` may disable or reset: theirs alone, and no operator.
    async fn own_member(&self, org: OrgId, user: UserId) -> Result<User, EngineError> {
        let (found, _) = self.org_member(org, user).await?;
        let memberships = self.store().list_memberships(user).await?;
        if found.operator || memberships.iter().any(|m| m.org_id != org) {
            return Err(EngineError::Conflict(SHARED_USER.into()));
        }
        Ok(found)
    }

    /// Invite someone to `org`: a new user with a generated password (returned once), or an
    /// existing user (by e-mail) who gets a membership.
    pub async fn invite_member(
        &self,
        org: OrgId,
        email: &str,
        name: &str,
        role: Role,
    ) -> Result<AddedUser, EngineError> {
        let slug = self.org_slug(org).await?;
        self.add_user(NewUserRequest {
            email: email.into(),
            name: name.into(),
            membership: Some((slug, role)),
            operator: false,
            locale: Locale::default(),
            password: None,
        })
        .await
    }

    /// Change a member's role in `org` (only there).
    pub async fn set_member_role(
        &self,
        org: OrgId,
        user: UserId,
        role: Role,
    ) -> Result<(), EngineError> {
        self.org_member(org, user).await?;
        let now = self.clock().now();
        Ok(self.store().upsert_membership(user, org, role, now).await?)
    }

    /// Disable (`active = false`, every session ends) or enable a member. `actor` is the
    /// admin doing it: nobody disables themselves (and so locks the organisation out).
    pub async fn set_member_active(
        &self,
        org: OrgId,
        actor: UserId,
        user: UserId,
        active: bool,
    ) -> Result<(), EngineError> {
        let found = self.own_member(org, user).await?;
        if !active && actor == user {
            return Err(EngineError::Conflict(NOT_YOURSELF.into()));
        }
        let now = self.clock().now();
        self.store().set_user_active(found.id, active, now).await?;
        tracing::info!(user_id = %found.id, active, "member's access changed by an admin");
        Ok(())
    }

    /// A new generated password for a member (shown once); every session ends.
    pub async fn reset_member_password(
        &self,
        org: OrgId,
        user: UserId,
    ) -> Result<SecretString, EngineError> {
        let found = self.own_member(org, user).await?;
        let generated = self.reset_password(found.email.as_str(), None).await?;
        generated.ok_or_else(|| EngineError::Other(anyhow::anyhow!("no password generated")))
    }

    /// Remove a member's second factor; every session ends and they enrol again.
    pub async fn reset_member_two_factor(
        &self,
        org: OrgId,
        user: UserId,
    ) -> Result<(), EngineError> {
        let found = self.own_member(org, user).await?;
        self.reset_two_factor(found.email.as_str()).await?;
        Ok(())
    }

    /// A team made in the admin pages (not declared: the pages may change it).
    pub async fn create_team(
        &self,
        org: OrgId,
        slug: &str,
        name: &str,
    ) -> Result<Team, EngineError> {
        let team = NewTeam {
            slug: check_slug(slug)?,
            name: check_team_name(name)?,
        };
        let now = self.clock().now();
        Ok(self.store().insert_team(org, &team, now).await?)
    }

    pub async fn get_team(&self, org: OrgId, team: TeamId) -> Result<Team, EngineError> {
        Ok(self.store().get_team(org, team).await?)
    }

    /// A team the pages may change: the organisation's and not declared.
    async fn own_team(&self, org: OrgId, team: TeamId) -> Result<Team, EngineError> {
        let found = self.get_team(org, team).await?;
        if found.declared {
            return Err(EngineError::Conflict(DECLARED_TEAM.into()));
        }
        Ok(found)
    }

    pub async fn rename_team(
        &self,
        org: OrgId,
        team: TeamId,
        name: &str,
    ) -> Result<(), EngineError> {
        self.own_team(org, team).await?;
        let name = check_team_name(name)?;
        Ok(self.store().rename_team(org, team, &name).await?)
    }

    /// Add a member of `org` to one of its own teams.
    pub async fn add_member_to_team(
        &self,
        org: OrgId,
        team: TeamId,
        user: UserId,
    ) -> Result<(), EngineError> {
        self.own_team(org, team).await?;
        self.org_member(org, user).await?;
        self.add_team_member(org, team, user).await
    }

    pub async fn remove_member_from_team(
        &self,
        org: OrgId,
        team: TeamId,
        user: UserId,
    ) -> Result<(), EngineError> {
        self.own_team(org, team).await?;
        Ok(self.store().remove_team_member(org, team, user).await?)
    }

    async fn org_slug(&self, org: OrgId) -> Result<String, EngineError> {
        Ok(self.store().get_organisation(org).await?.slug)
    }
}

fn invalid(field: &str, reason: &str) -> EngineError {
    EngineError::InvalidFields(vec![loket_domain::input::FieldProblem::new(field, reason)])
}

/// Lowercase letters, digits and hyphens, 1 to 50: it appears in URLs and configuration.
fn check_slug(slug: &str) -> Result<String, EngineError> {
    let slug = slug.trim();
    let fine = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if slug.is_empty() || slug.len() > 50 || !slug.chars().all(fine) {
        return Err(invalid(
            "slug",
            "lowercase letters, digits and hyphens, 1 to 50",
        ));
    }
    Ok(slug.to_owned())
}

fn check_team_name(name: &str) -> Result<String, EngineError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid("name", "must be 1 to 100 characters"));
    }
    Ok(name.to_owned())
}
