// The `PeopleStore` implementation, shared: reads on `reader()`, writes on `writer()` or in
// a write transaction when several statements must hold together.

#[async_trait]
impl PeopleStore for StoreImpl {
    async fn insert_user(
        &self,
        user: &NewUser,
        memberships: &[(OrgId, Role)],
        now: Timestamp,
    ) -> StoreResult<User> {
        let mut tx = self.begin_write().await?;
        let stored = insert_user(&mut tx, user, memberships, now).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn get_user(&self, id: UserId) -> StoreResult<User> {
        let mut conn = self.reader().acquire().await?;
        fetch_user(&mut conn, id).await
    }

    async fn find_user_by_email(&self, email: &Email) -> StoreResult<Option<User>> {
        find_user_by_email(self.reader(), email).await
    }

    async fn list_users(&self, org: Option<OrgId>) -> StoreResult<Vec<UserListing>> {
        list_users(self.reader(), org).await
    }

    async fn upsert_membership(
        &self,
        user: UserId,
        org: OrgId,
        role: Role,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        upsert_membership(&mut tx, user, org, role, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_memberships(&self, user: UserId) -> StoreResult<Vec<Membership>> {
        memberships_of(self.reader(), Some(user)).await
    }

    async fn is_active_member(&self, org: OrgId, user: UserId) -> StoreResult<bool> {
        is_active_member(self.reader(), org, user).await
    }

    async fn is_enabled_team(&self, org: OrgId, team: TeamId) -> StoreResult<bool> {
        is_enabled_team(self.reader(), org, team).await
    }

    async fn require_2fa(&self, org: OrgId) -> StoreResult<bool> {
        require_2fa_of(self.reader(), org).await
    }

    async fn set_user_active(&self, id: UserId, active: bool, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        set_user_active(&mut tx, id, active, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        revoke_sessions: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        set_password_hash(&mut tx, id, hash, revoke_sessions, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_pending_totp(&self, id: UserId, sealed: &str, now: Timestamp) -> StoreResult<()> {
        set_pending_totp(self.writer(), id, sealed, now).await
    }

    async fn enable_totp(
        &self,
        id: UserId,
        step: i64,
        recovery_code_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        enable_totp(&mut tx, id, step, recovery_code_hashes, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_totp(&self, id: UserId, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        reset_totp(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn accept_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        accept_totp_step(self.writer(), id, step).await
    }

    async fn use_recovery_code(&self, id: UserId, hash: &str, now: Timestamp) -> StoreResult<bool> {
        use_recovery_code(self.writer(), id, hash, now).await
    }

    async fn count_unused_recovery_codes(&self, id: UserId) -> StoreResult<u32> {
        count_unused_recovery_codes(self.reader(), id).await
    }

    async fn insert_team(&self, org: OrgId, team: &NewTeam, now: Timestamp) -> StoreResult<Team> {
        let id = TeamId::new_at(now);
        sqlx::query(
            "insert into teams (id, org_id, slug, name, declared, disabled_at, created_at)
             values ($1, $2, $3, $4, $5, null, $6)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(&team.slug)
        .bind(&team.name)
        .bind(false)
        .bind(micros(now))
        .execute(self.writer())
        .await?;
        get_team(self.writer(), org, id).await
    }

    async fn list_teams(&self, org: OrgId) -> StoreResult<Vec<Team>> {
        list_teams(self.reader(), org).await
    }

    async fn get_team(&self, org: OrgId, id: TeamId) -> StoreResult<Team> {
        get_team(self.reader(), org, id).await
    }

    async fn add_team_member(&self, org: OrgId, team: TeamId, user: UserId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        add_team_member(&mut tx, org, team, user).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_team_members(&self, org: OrgId, team: TeamId) -> StoreResult<Vec<UserId>> {
        list_team_members(self.reader(), org, team).await
    }

    async fn rename_team(&self, org: OrgId, team: TeamId, name: &str) -> StoreResult<()> {
        let result = sqlx::query("update teams set name = $1 where org_id = $2 and id = $3")
            .bind(name)
            .bind(org.to_string())
            .bind(team.to_string())
            .execute(self.writer())
            .await?;
        found(result)
    }

    async fn remove_team_member(&self, org: OrgId, team: TeamId, user: UserId) -> StoreResult<()> {
        // The team must be the organisation's; the member need not be on it (idempotent).
        get_team(self.writer(), org, team).await?;
        sqlx::query("delete from team_members where org_id = $1 and team_id = $2 and user_id = $3")
            .bind(org.to_string())
            .bind(team.to_string())
            .bind(user.to_string())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn insert_session(&self, session: &SessionRecord) -> StoreResult<()> {
        insert_session(self.writer(), session).await
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        // The writer: a session just created or revoked must read as such at once.
        find_session(self.writer(), token_hash).await
    }

    async fn touch_session(&self, token_hash: &str, now: Timestamp) -> StoreResult<()> {
        let result = sqlx::query("update sessions set last_seen_at = $1 where token_hash = $2")
            .bind(micros(now))
            .bind(token_hash)
            .execute(self.writer())
            .await?;
        found(result)
    }

    async fn update_session(
        &self,
        token_hash: &str,
        org: Option<OrgId>,
        second_factor: bool,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update sessions set org_id = $1, second_factor = $2 where token_hash = $3",
        )
        .bind(org.map(|o| o.to_string()))
        .bind(second_factor)
        .bind(token_hash)
        .execute(self.writer())
        .await?;
        found(result)
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("delete from sessions where token_hash = $1")
            .bind(token_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn delete_user_sessions(&self, user: UserId) -> StoreResult<u64> {
        let mut conn = self.writer().acquire().await?;
        delete_user_sessions(&mut conn, user).await
    }

    async fn find_sign_in_attempts(
        &self,
        address: &str,
        email: &str,
    ) -> StoreResult<Option<SignInAttempts>> {
        find_sign_in_attempts(self.writer(), address, email).await
    }

    async fn put_sign_in_attempts(
        &self,
        address: &str,
        email: &str,
        attempts: &SignInAttempts,
    ) -> StoreResult<()> {
        put_sign_in_attempts(self.writer(), address, email, attempts).await
    }

    async fn clear_sign_in_attempts(&self, address: &str, email: &str) -> StoreResult<()> {
        sqlx::query("delete from sign_in_attempts where address = $1 and email = $2")
            .bind(address)
            .bind(email)
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
