// Contactverzoeken (`crate::contact_requests`), shared by both backends.

use crate::contact_requests::{
    ContactRequest, ContactRequestFilter, ContactRequestStep, ContactRequestStore, Expectation,
    NewContactRequest, StepChange,
};
use loket_domain::ContactRequestId;
use loket_domain::contact_requests::{Kind, State as RequestState, StepKind};

#[derive(sqlx::FromRow)]
struct ContactRequestRow {
    id: String,
    org_id: String,
    conversation_id: String,
    contact_id: String,
    kind: String,
    resident: Option<String>,
    team_id: Option<String>,
    team_name: Option<String>,
    assignee_id: Option<String>,
    question: String,
    contact_details: String,
    internal_note: String,
    extra: String,
    state: String,
    due_at: Option<i64>,
    expectation: String,
    expectation_problem: Option<String>,
    created_by: String,
    created_at: i64,
    updated_at: i64,
}

impl ContactRequestRow {
    fn into_model(self) -> StoreResult<ContactRequest> {
        let state = RequestState::parse(&self.state).ok_or_else(|| {
            StoreError::corrupt(format!("contact_requests.state {:?}", self.state))
        })?;
        let expectation = Expectation::parse(&self.expectation).ok_or_else(|| {
            StoreError::corrupt(format!(
                "contact_requests.expectation {:?}",
                self.expectation
            ))
        })?;
        let kind = Kind::parse(&self.kind)
            .ok_or_else(|| StoreError::corrupt(format!("contact_requests.kind {:?}", self.kind)))?;
        Ok(ContactRequest {
            id: parse("contact_requests.id", &self.id)?,
            org_id: parse("contact_requests.org_id", &self.org_id)?,
            conversation_id: parse("contact_requests.conversation_id", &self.conversation_id)?,
            contact_id: parse("conversations.contact_id", &self.contact_id)?,
            kind,
            resident: self.resident,
            team_id: self
                .team_id
                .map(|t| parse("contact_requests.team_id", &t))
                .transpose()?,
            team_name: self.team_name,
            assignee_id: self
                .assignee_id
                .map(|u| parse("contact_requests.assignee_id", &u))
                .transpose()?,
            question: self.question,
            contact_details: self.contact_details,
            internal_note: self.internal_note,
            extra: json(&self.extra)?,
            state,
            due_at: self.due_at.map(from_micros),
            expectation,
            expectation_problem: self.expectation_problem,
            created_by: parse("contact_requests.created_by", &self.created_by)?,
            created_at: from_micros(self.created_at),
            updated_at: from_micros(self.updated_at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct ContactRequestStepRow {
    kind: String,
    actor_id: String,
    to_user_id: Option<String>,
    outcome: String,
    at: i64,
}

impl ContactRequestStepRow {
    fn into_model(self) -> StoreResult<ContactRequestStep> {
        Ok(ContactRequestStep {
            kind: StepKind::parse(&self.kind).ok_or_else(|| {
                StoreError::corrupt(format!("contact_request_steps.kind {:?}", self.kind))
            })?,
            actor_id: parse("contact_request_steps.actor_id", &self.actor_id)?,
            to_user_id: self
                .to_user_id
                .map(|u| parse("contact_request_steps.to_user_id", &u))
                .transpose()?,
            outcome: self.outcome,
            at: from_micros(self.at),
        })
    }
}

/// The columns of a request with its resident's and team's names (`r`, `c`, `ct`, `t`).
const CONTACT_REQUEST_SELECT: &str = "select r.id, r.org_id, r.conversation_id, c.contact_id,
        r.kind, ct.display_name as resident, r.team_id, t.name as team_name, r.assignee_id,
        r.question, r.contact_details, r.internal_note, r.extra, r.state, r.due_at,
        r.expectation, r.expectation_problem, r.created_by, r.created_at, r.updated_at
     from contact_requests r
     join conversations c on c.id = r.conversation_id
     left join contacts ct on ct.id = c.contact_id
     left join teams t on t.id = r.team_id";

async fn insert_contact_request_step(
    conn: &mut Conn,
    org: OrgId,
    id: ContactRequestId,
    step: &ContactRequestStep,
) -> StoreResult<()> {
    sqlx::query(
        "insert into contact_request_steps
             (request_id, seq, org_id, kind, actor_id, to_user_id, outcome, at)
         values ($1, (select coalesce(max(seq), 0) + 1 from contact_request_steps
                      where request_id = $1), $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(step.kind.as_str())
    .bind(step.actor_id.to_string())
    .bind(step.to_user_id.map(|u| u.to_string()))
    .bind(&step.outcome)
    .bind(micros(step.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl ContactRequestStore for StoreImpl {
    async fn insert_contact_request(&self, request: &NewContactRequest) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let found: Option<String> =
            sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
                .bind(request.conversation_id.to_string())
                .bind(request.org_id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "insert into contact_requests (id, org_id, conversation_id, team_id, assignee_id,
                 question, contact_details, internal_note, extra, state, due_at, expectation,
                 created_by, created_at, updated_at, kind)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)",
        )
        .bind(request.id.to_string())
        .bind(request.org_id.to_string())
        .bind(request.conversation_id.to_string())
        .bind(request.team_id.map(|t| t.to_string()))
        .bind(request.assignee_id.map(|u| u.to_string()))
        .bind(&request.question)
        .bind(&request.contact_details)
        .bind(&request.internal_note)
        .bind(to_json(&request.extra)?)
        .bind(RequestState::TeVerwerken.as_str())
        .bind(request.due_at.map(micros))
        .bind(request.expectation.as_str())
        .bind(request.created_by.to_string())
        .bind(micros(request.created_at))
        .bind(request.kind.as_str())
        .execute(&mut *tx)
        .await?;
        let step = ContactRequestStep {
            kind: StepKind::Created,
            actor_id: request.created_by,
            to_user_id: request.assignee_id,
            outcome: String::new(),
            at: request.created_at,
        };
        insert_contact_request_step(&mut tx, request.org_id, request.id, &step).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_contact_request(
        &self,
        org: OrgId,
        id: ContactRequestId,
    ) -> StoreResult<ContactRequest> {
        let sql = format!("{CONTACT_REQUEST_SELECT} where r.org_id = $1 and r.id = $2");
        let row: Option<ContactRequestRow> = // Fixed text and a constant: no input reaches the SQL.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.to_string())
            .bind(id.to_string())
            .fetch_optional(self.reader())
            .await?;
        row.ok_or(StoreError::NotFound)?.into_model()
    }

    async fn list_contact_request_steps(
        &self,
        org: OrgId,
        id: ContactRequestId,
    ) -> StoreResult<Vec<ContactRequestStep>> {
        let mut conn = self.reader().acquire().await?;
        let found: Option<String> =
            sqlx::query_scalar("select id from contact_requests where id = $1 and org_id = $2")
                .bind(id.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *conn)
                .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows: Vec<ContactRequestStepRow> = sqlx::query_as(
            "select kind, actor_id, to_user_id, outcome, at from contact_request_steps
             where org_id = $1 and request_id = $2 order by seq",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(ContactRequestStepRow::into_model)
            .collect()
    }

    async fn list_contact_requests(
        &self,
        org: OrgId,
        filter: &ContactRequestFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<Vec<ContactRequest>> {
        // Placeholders are numbered as the conditions are added; values bound in that order.
        let mut sql = format!("{CONTACT_REQUEST_SELECT} where r.org_id = $1");
        let mut binds: Vec<String> = vec![org.to_string()];
        if let Some(state) = filter.state {
            binds.push(state.as_str().to_owned());
            sql.push_str(&format!(" and r.state = ${}", binds.len()));
        }
        if let Some(team) = filter.team {
            binds.push(team.to_string());
            sql.push_str(&format!(" and r.team_id = ${}", binds.len()));
        }
        if let Some(conversation) = filter.conversation {
            binds.push(conversation.to_string());
            sql.push_str(&format!(" and r.conversation_id = ${}", binds.len()));
        }
        if let Some((user, teams)) = &filter.for_user {
            binds.push(user.to_string());
            let mut alternatives = vec![format!("r.assignee_id = ${}", binds.len())];
            for team in teams {
                binds.push(team.to_string());
                alternatives.push(format!("r.team_id = ${}", binds.len()));
            }
            sql.push_str(&format!(" and ({})", alternatives.join(" or ")));
        }
        sql.push_str(&format!(
            " order by r.created_at desc, r.id desc limit {} offset {offset}",
            limit.min(1000)
        ));
        let mut query = // Only numbered placeholders are added: the values are bound.
        sqlx::query_as::<_, ContactRequestRow>(sqlx::AssertSqlSafe(sql));
        for value in binds {
            query = query.bind(value);
        }
        let rows = query.fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(ContactRequestRow::into_model)
            .collect()
    }

    async fn apply_contact_request_step(
        &self,
        org: OrgId,
        id: ContactRequestId,
        change: &StepChange,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let state: Option<String> =
            sqlx::query_scalar("select state from contact_requests where id = $1 and org_id = $2")
                .bind(id.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        let state = state.ok_or(StoreError::NotFound)?;
        let updated = sqlx::query(
            "update contact_requests set state = $3, assignee_id = coalesce($4, assignee_id),
                 updated_at = $5
             where id = $1 and org_id = $2 and state = $6",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(change.to.as_str())
        .bind(change.new_assignee.map(|u| u.to_string()))
        .bind(micros(change.step.at))
        .bind(change.from.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "the request is {state}, not {}",
                change.from.as_str()
            )));
        }
        insert_contact_request_step(&mut tx, org, id, &change.step).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_contact_request_expectation(
        &self,
        org: OrgId,
        id: ContactRequestId,
        expectation: Expectation,
        problem: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "update contact_requests set expectation = $3, expectation_problem = $4
             where id = $1 and org_id = $2",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(expectation.as_str())
        .bind(problem)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
}
