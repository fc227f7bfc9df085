// Automation rules, their log and the event pass's cursor (`crate::automation`), shared by
// both backends.

use crate::automation::{
    AutomationMessage, AutomationRuleRecord, AutomationRunRecord, AutomationStore, NewAutomationRun,
};
use loket_domain::AutomationRuleId;
use loket_domain::automation::{Rule, RuleDefinition};

type RuleRow = (String, String, bool, String, i64, i64);
type RunRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
);

fn rule_of(row: RuleRow) -> StoreResult<AutomationRuleRecord> {
    let (id, name, enabled, definition, enabled_since, created_at) = row;
    // A definition that no longer reads (hand-edited, or from a newer version) leaves the
    // rule listed as damaged instead of breaking the list or the worker.
    let definition = serde_json::from_str::<RuleDefinition>(&definition)
        .inspect_err(|e| {
            tracing::warn!(rule = %id, category = ?e.classify(), "automation rule does not decode; skipped")
        })
        .ok();
    Ok(AutomationRuleRecord {
        id: parse("automation_rules.id", &id)?,
        name,
        enabled,
        definition,
        enabled_since: from_micros(enabled_since),
        created_at: from_micros(created_at),
    })
}

fn run_of(row: RunRow) -> StoreResult<AutomationRunRecord> {
    let (rule_id, rule_name, conversation, run_key, trigger, why, actions, outcome, at) = row;
    Ok(AutomationRunRecord {
        run: NewAutomationRun {
            rule_id: parse("automation_runs.rule_id", &rule_id)?,
            rule_name,
            conversation_id: parse("automation_runs.conversation_id", &conversation)?,
            run_key,
            trigger,
            why,
            actions,
            at: from_micros(at),
        },
        outcome,
    })
}

/// Whether the rule `id` exists and is another organisation's.
async fn rule_is_foreign(conn: &mut Conn, org: OrgId, id: AutomationRuleId) -> StoreResult<bool> {
    let owner: Option<String> =
        sqlx::query_scalar("select org_id from automation_rules where id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(owner.is_some_and(|o| o != org.to_string()))
}

#[async_trait]
impl AutomationStore for StoreImpl {
    async fn list_automation_rules(&self, org: OrgId) -> StoreResult<Vec<AutomationRuleRecord>> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "select id, name, enabled, definition, enabled_since, created_at
             from automation_rules where org_id = $1 order by created_at, id",
        )
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(rule_of).collect()
    }

    async fn put_automation_rule(
        &self,
        org: OrgId,
        id: AutomationRuleId,
        rule: &Rule,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        require_organisation(&mut tx, org).await?;
        if rule_is_foreign(&mut tx, org, id).await? {
            return Err(StoreError::NotFound);
        }
        // Switching on (or creating switched on) starts the rule's time: older messages
        // never fire it.
        sqlx::query(
            "insert into automation_rules
               (id, org_id, name, enabled, definition, enabled_since, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $6, $6)
             on conflict (id) do update set name = excluded.name, enabled = excluded.enabled,
               definition = excluded.definition, updated_at = excluded.updated_at,
               enabled_since = case when automation_rules.enabled then automation_rules.enabled_since
                                    else excluded.enabled_since end",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(&rule.name)
        .bind(rule.enabled)
        .bind(to_json(&rule.definition)?)
        .bind(micros(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_automation_rule_enabled(
        &self,
        org: OrgId,
        id: AutomationRuleId,
        enabled: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update automation_rules set
               enabled_since = case when enabled then enabled_since else $3 end,
               enabled = $4, updated_at = $3
             where id = $1 and org_id = $2",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(micros(now))
        .bind(enabled)
        .execute(self.writer())
        .await?;
        found(result)
    }

    async fn delete_automation_rule(&self, org: OrgId, id: AutomationRuleId) -> StoreResult<()> {
        let result = sqlx::query("delete from automation_rules where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(self.writer())
            .await?;
        found(result)
    }

    async fn organisations_with_automation(&self) -> StoreResult<Vec<OrgId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "select o.id from organisations o where o.disabled_at is null
               and exists (select 1 from automation_rules r where r.org_id = o.id and r.enabled)
             order by o.id",
        )
        .fetch_all(self.reader())
        .await?;
        ids.iter().map(|id| parse("organisations.id", id)).collect()
    }

    async fn automation_messages(
        &self,
        org: OrgId,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<AutomationMessage>> {
        type Row = (i64, String, String, String, Option<String>, i64, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "select m.seq, m.id, m.conversation_id, m.content, m.edited_content, m.created_at,
               cast(case when exists (select 1 from messages p
                 where p.conversation_id = m.conversation_id and p.seq < m.seq) then 0 else 1 end
               as bigint)
             from messages m
             where m.org_id = $1 and m.seq > $2 and m.direction = 'inbound' and m.sender = 'resident'
             order by m.seq limit $3",
        )
        .bind(org.to_string())
        .bind(after_seq)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(
                |(seq, id, conversation, content, edited, created_at, first)| {
                    let column = if edited.is_some() {
                        "edited_content"
                    } else {
                        "content"
                    };
                    let content =
                        content_or_unreadable(&id, column, edited.as_deref().unwrap_or(&content));
                    Ok(AutomationMessage {
                        seq,
                        id: parse("messages.id", &id)?,
                        conversation_id: parse("messages.conversation_id", &conversation)?,
                        text: content.text().map(str::to_owned),
                        first: first == 1,
                        created_at: from_micros(created_at),
                    })
                },
            )
            .collect()
    }

    async fn automation_cursor(&self, org: OrgId) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("select last_seq from automation_cursors where org_id = $1")
                .bind(org.to_string())
                .fetch_optional(self.reader())
                .await?,
        )
    }

    async fn set_automation_cursor(&self, org: OrgId, seq: i64) -> StoreResult<()> {
        sqlx::query(
            "insert into automation_cursors (org_id, last_seq) values ($1, $2)
             on conflict (org_id) do update set last_seq = excluded.last_seq
             where automation_cursors.last_seq < excluded.last_seq",
        )
        .bind(org.to_string())
        .bind(seq)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn latest_message_seq(&self, org: OrgId) -> StoreResult<i64> {
        let seq: Option<i64> =
            sqlx::query_scalar("select max(seq) from messages where org_id = $1")
                .bind(org.to_string())
                .fetch_one(self.reader())
                .await?;
        Ok(seq.unwrap_or(0))
    }

    async fn claim_automation_run(&self, org: OrgId, run: &NewAutomationRun) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        require_conversation(&mut tx, org, run.conversation_id).await?;
        // The primary key decides between concurrent claims: exactly one inserts.
        let inserted = sqlx::query(
            "insert into automation_runs
               (org_id, rule_id, rule_name, conversation_id, run_key, trigger, why, actions, at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing",
        )
        .bind(org.to_string())
        .bind(run.rule_id.to_string())
        .bind(&run.rule_name)
        .bind(run.conversation_id.to_string())
        .bind(&run.run_key)
        .bind(&run.trigger)
        .bind(&run.why)
        .bind(&run.actions)
        .bind(micros(run.at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn finish_automation_run(
        &self,
        org: OrgId,
        run: &NewAutomationRun,
        outcome: &str,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update automation_runs set outcome = $5
             where org_id = $1 and rule_id = $2 and conversation_id = $3 and run_key = $4",
        )
        .bind(org.to_string())
        .bind(run.rule_id.to_string())
        .bind(run.conversation_id.to_string())
        .bind(&run.run_key)
        .bind(outcome)
        .execute(self.writer())
        .await?;
        found(result)
    }

    async fn list_automation_runs(
        &self,
        org: OrgId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<AutomationRunRecord>> {
        let rows: Vec<RunRow> = sqlx::query_as(
            "select rule_id, rule_name, conversation_id, run_key, trigger, why, actions, outcome, at
             from automation_runs where org_id = $1
             order by at desc, rule_id desc, conversation_id desc, run_key desc
             limit $2 offset $3",
        )
        .bind(org.to_string())
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(run_of).collect()
    }
}
