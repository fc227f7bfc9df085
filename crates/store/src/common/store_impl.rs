// The `Store` implementation, shared: each method delegates to the backend-neutral functions
// of the other common files, or to the backend's own `run_migrations` / `claim_job`.
// Reads go to `reader()`, writes to `writer()` / `begin_write()` (on SQLite the single-
// connection writer pool; on PostgreSQL both are the one pool).

#[async_trait]
impl Store for StoreImpl {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn migrate(&self) -> StoreResult<()> {
        self.run_migrations().await
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1").execute(self.reader()).await?;
        Ok(())
    }

    async fn backup(&self, destination: &str) -> StoreResult<()> {
        self.backup_to(destination).await
    }

    async fn upsert_meta_app(&self, app: &MetaApp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        upsert_meta_app(&mut tx, app).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn apply_provisioning(
        &self,
        spec: &ProvisioningSpec,
        now: Timestamp,
    ) -> StoreResult<AppliedProvisioning> {
        let mut tx = self.begin_write().await?;
        let applied = apply_provisioning(&mut tx, spec, now).await?;
        tx.commit().await?;
        Ok(applied)
    }

    async fn init_secret_key_check(&self, sealed: &str) -> StoreResult<String> {
        let mut tx = self.begin_write().await?;
        let stored = init_secret_key_check(&mut tx, sealed).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn list_stored_secrets(&self) -> StoreResult<Vec<StoredSecret>> {
        list_stored_secrets(self.writer()).await
    }

    async fn replace_stored_secrets(
        &self,
        changes: &[(StoredSecret, String)],
    ) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let mut replaced = 0;
        for (old, new_value) in changes {
            replaced += usize::from(replace_stored_secret(&mut tx, old, new_value).await?);
        }
        tx.commit().await?;
        Ok(replaced)
    }

    async fn list_meta_apps(&self) -> StoreResult<Vec<MetaApp>> {
        list_meta_apps(self.reader()).await
    }

    async fn upsert_organisation(
        &self,
        org: &NewOrganisation,
        now: Timestamp,
    ) -> StoreResult<Organisation> {
        let mut tx = self.begin_write().await?;
        let stored = upsert_organisation(&mut tx, org, now).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn get_organisation(&self, id: OrgId) -> StoreResult<Organisation> {
        get_organisation(self.reader(), id).await
    }

    async fn find_organisation_by_slug(&self, slug: &str) -> StoreResult<Option<Organisation>> {
        find_organisation_by_slug(self.reader(), slug).await
    }

    async fn replace_config_api_tokens(
        &self,
        org: OrgId,
        token_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        replace_config_api_tokens(&mut tx, org, token_hashes, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_org_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Organisation>> {
        find_org_by_token_hash(self.reader(), token_hash).await
    }

    async fn upsert_whatsapp_channel(
        &self,
        org: OrgId,
        channel: &NewWhatsappChannel,
        now: Timestamp,
    ) -> StoreResult<Channel> {
        let mut tx = self.begin_write().await?;
        let channel = upsert_whatsapp_channel(&mut tx, org, channel, now).await?;
        tx.commit().await?;
        Ok(channel)
    }

    async fn find_channel_by_phone_number_id(
        &self,
        phone_number_id: &str,
    ) -> StoreResult<Option<Channel>> {
        find_channel_by_phone_number_id(self.reader(), phone_number_id).await
    }

    async fn find_channels_by_waba_id(&self, waba_id: &str) -> StoreResult<Vec<Channel>> {
        find_channels_by_waba_id(self.reader(), waba_id).await
    }

    async fn get_channel(&self, org: OrgId, id: ChannelId) -> StoreResult<Channel> {
        get_channel(self.reader(), org, id).await
    }

    async fn list_channels(&self, org: OrgId) -> StoreResult<Vec<Channel>> {
        list_channels(self.reader(), org).await
    }

    async fn set_channel_attention(
        &self,
        org: OrgId,
        id: ChannelId,
        reason: Option<&str>,
    ) -> StoreResult<()> {
        set_channel_attention(self.writer(), org, id, reason).await
    }

    async fn ingest(&self, requests: &[IngestRequest]) -> Vec<StoreResult<IngestOutcome>> {
        if requests.is_empty() {
            return Vec::new();
        }
        // Every request shares the transaction's fate; each gets an error of the same kind,
        // so the committer knows a busy database from a broken one.
        let all_failed = |what: &str, e: &StoreError| {
            let message = format!("{what}: {e}");
            requests
                .iter()
                .map(|_| match e {
                    StoreError::Busy(_) => Err(StoreError::Busy(message.clone().into())),
                    _ => Err(StoreError::Other(message.clone().into())),
                })
                .collect()
        };
        let mut tx = match self.begin_write().await {
            Ok(tx) => tx,
            Err(e) => return all_failed("could not begin the transaction", &e),
        };
        let results = ingest_requests(&mut tx, requests).await;
        match tx.commit().await {
            Ok(()) => results,
            Err(e) => all_failed("the commit failed", &StoreError::from(e)),
        }
    }

    async fn list_unrouted(
        &self,
        include_replayed: bool,
        limit: u32,
    ) -> StoreResult<Vec<UnroutedEvent>> {
        list_unrouted(self.reader(), include_replayed, limit).await
    }

    async fn unrouted_for(&self, phone_number_id: &str) -> StoreResult<Vec<UnroutedEvent>> {
        unrouted_for(self.reader(), phone_number_id).await
    }

    async fn mark_unrouted_replayed(&self, ids: &[EventId], now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        mark_unrouted_replayed(&mut tx, ids, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_channel_events(
        &self,
        org: OrgId,
        channel: ChannelId,
        limit: u32,
    ) -> StoreResult<Vec<ChannelEventRecord>> {
        list_channel_events(self.reader(), org, channel, limit).await
    }

    async fn list_template_statuses(
        &self,
        account_id: &str,
    ) -> StoreResult<Vec<TemplateStatusRecord>> {
        list_template_statuses(self.reader(), account_id).await
    }

    async fn list_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<ConversationRecord>> {
        list_conversations(self.reader(), org, filter, page).await
    }

    async fn queue_neighbours(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        conversation: &ConversationRecord,
    ) -> StoreResult<(Option<ConversationId>, Option<ConversationId>)> {
        queue_neighbours(self.reader(), org, filter, conversation).await
    }

    async fn count_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
    ) -> StoreResult<u32> {
        count_conversations(self.reader(), org, filter).await
    }

    async fn search_conversations(
        &self,
        org: OrgId,
        search: &ConversationSearch,
        limit: u32,
    ) -> StoreResult<Vec<ConversationRecord>> {
        search_conversations(self.reader(), org, search, limit).await
    }

    async fn get_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> StoreResult<ConversationRecord> {
        get_conversation(self.reader(), org, id).await
    }

    async fn list_messages(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<MessageRecord>> {
        list_messages(self.reader(), org, conversation).await
    }

    async fn get_message(&self, org: OrgId, id: MessageId) -> StoreResult<MessageRecord> {
        get_message(self.reader(), org, id).await
    }

    async fn list_conversation_events(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<ConversationEvent>> {
        list_conversation_events(self.reader(), org, conversation).await
    }

    async fn set_media_state(
        &self,
        org: OrgId,
        message: MessageId,
        state: &MediaState,
    ) -> StoreResult<()> {
        set_media_state(self.writer(), org, message, state).await
    }

    async fn insert_outbound_messages(
        &self,
        messages: &[NewOutboundMessage],
    ) -> StoreResult<Vec<MessageRecord>> {
        let mut tx = self.begin_write().await?;
        let mut records = Vec::with_capacity(messages.len());
        for message in messages {
            records.push(insert_outbound(&mut tx, message).await?);
        }
        tx.commit().await?;
        Ok(records)
    }

    async fn prune_pending_statuses(&self, now: Timestamp) -> StoreResult<u64> {
        prune_pending_statuses(self.writer(), now).await
    }

    async fn record_provider_message_id(
        &self,
        org: OrgId,
        message: MessageId,
        provider_message_id: &str,
        now: Timestamp,
    ) -> StoreResult<MessageRecord> {
        let mut tx = self.begin_write().await?;
        let record = record_provider_id(&mut tx, org, message, provider_message_id, now).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn set_message_status(
        &self,
        org: OrgId,
        message: MessageId,
        status: DeliveryStatus,
        error: Option<&ProviderError>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = set_status(&mut tx, org, message, status, error, now).await?;
        tx.commit().await?;
        Ok(changed)
    }

    async fn requeue_message(
        &self,
        org: OrgId,
        message: MessageId,
        job: &NewJob,
        now: Timestamp,
    ) -> StoreResult<MessageRecord> {
        let mut tx = self.begin_write().await?;
        let record = requeue(&mut tx, org, message, job, now).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn get_contact(&self, org: OrgId, id: ContactId) -> StoreResult<ContactRecord> {
        get_contact(self.reader(), org, id).await
    }

    async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        patch: &ConversationPatch,
        now: Timestamp,
    ) -> StoreResult<ConversationRecord> {
        let mut tx = self.begin_write().await?;
        let record = update_conversation(&mut tx, org, id, patch, now).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn mark_window_closed(
        &self,
        org: OrgId,
        id: ConversationId,
        at: Timestamp,
    ) -> StoreResult<()> {
        mark_window_closed(self.writer(), org, id, at).await
    }

    async fn mark_conversation_read(&self, org: OrgId, id: ConversationId) -> StoreResult<()> {
        mark_conversation_read(self.writer(), org, id).await
    }

    async fn open_conversation_for(
        &self,
        org: OrgId,
        channel: ChannelId,
        resident: &ContactProfile,
        now: Timestamp,
    ) -> StoreResult<ConversationId> {
        let mut tx = self.begin_write().await?;
        let id = open_conversation_for(&mut tx, org, channel, resident, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn wake_snoozed_conversations(
        &self,
        now: Timestamp,
    ) -> StoreResult<Vec<(OrgId, ConversationId)>> {
        let mut tx = self.begin_write().await?;
        let woken = wake_due_snoozed(&mut tx, now).await?;
        tx.commit().await?;
        Ok(woken)
    }

    async fn replace_templates(
        &self,
        org: OrgId,
        channel: ChannelId,
        templates: &[TemplateRecord],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        replace_templates(&mut tx, org, channel, templates).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_templates(
        &self,
        org: OrgId,
        channel: Option<ChannelId>,
    ) -> StoreResult<Vec<TemplateRecord>> {
        list_templates(self.reader(), org, channel).await
    }

    async fn find_template(
        &self,
        org: OrgId,
        channel: ChannelId,
        name: &str,
        language: &str,
    ) -> StoreResult<Option<TemplateRecord>> {
        find_template(self.reader(), org, channel, name, language).await
    }

    async fn postpone_job(&self, lease: JobLease, run_at: Timestamp) -> StoreResult<bool> {
        postpone_job(self.writer(), lease, run_at).await
    }

    async fn enqueue_job(&self, job: &NewJob, now: Timestamp) -> StoreResult<JobId> {
        let mut conn = self.writer().acquire().await?;
        insert_job(&mut conn, job, now).await
    }

    async fn claim_next_job(&self, now: Timestamp, lease: Duration) -> StoreResult<Option<Job>> {
        self.claim_job(now, lease).await
    }

    async fn fail_exhausted_jobs(&self, now: Timestamp) -> StoreResult<Vec<Job>> {
        fail_exhausted_jobs(self.writer(), now).await
    }

    async fn extend_lease(&self, lease: JobLease, until: Timestamp) -> StoreResult<bool> {
        extend_lease(self.writer(), lease, until).await
    }

    async fn complete_job(&self, lease: JobLease) -> StoreResult<bool> {
        complete_job(self.writer(), lease).await
    }

    async fn retry_job(
        &self,
        lease: JobLease,
        run_at: Timestamp,
        error: &str,
    ) -> StoreResult<bool> {
        retry_job(self.writer(), lease, run_at, error).await
    }

    async fn fail_job(&self, lease: JobLease, error: &str) -> StoreResult<bool> {
        fail_job(self.writer(), lease, error).await
    }

    async fn queue_stats(&self, now: Timestamp) -> StoreResult<QueueStats> {
        queue_stats(self.reader(), now).await
    }

    async fn update_contact(
        &self,
        org: OrgId,
        id: ContactId,
        patch: &ContactPatch,
        now: Timestamp,
    ) -> StoreResult<ContactRecord> {
        let mut tx = self.begin_write().await?;
        update_contact(&mut tx, org, id, patch, now).await?;
        tx.commit().await?;
        get_contact(self.writer(), org, id).await
    }

    async fn set_contact_blocked(
        &self,
        org: OrgId,
        conversation: ConversationId,
        blocked: bool,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<ContactRecord> {
        let mut tx = self.begin_write().await?;
        let contact = set_contact_blocked(&mut tx, org, conversation, blocked, by, now).await?;
        tx.commit().await?;
        get_contact(self.writer(), org, contact).await
    }

    async fn list_contact_conversations(
        &self,
        org: OrgId,
        contact: ContactId,
        limit: u32,
    ) -> StoreResult<Vec<ContactConversation>> {
        list_contact_conversations(self.reader(), org, contact, limit).await
    }

    async fn list_labels(&self, org: OrgId) -> StoreResult<Vec<Label>> {
        list_labels(self.reader(), org).await
    }

    async fn put_label(&self, org: OrgId, label: &Label, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        put_label(&mut tx, org, label, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
