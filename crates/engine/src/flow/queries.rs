//! Queries over flow runs: listings by filter, one run by id, finished runs per day, and the
//! conditional updates through which processes hand a run over (claim a Scheduled run,
//! cancel one before it starts, ask another process to cancel one), plus the decoding of a
//! `flow_runs` row into a [`FlowRunRecord`].

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::{FlowRunFilter, FlowRunRecord};
use crate::clock::{from_db, to_db};
use crate::store::{opt_json, opt_time, page, parse_json, Store};
use crate::{EngineError, Result, StateType};

const FLOW_RUN_COLUMNS: &str =
    "id, flow_name, deployment_id, trigger, actor, parameters, state_type, state_name, \
     result, error, created_at, started_at, finished_at, duration_ms, restarted_from, run_count, tags";

impl Store {
    /// Flow runs matching `filter`, newest first.
    pub async fn list_flow_runs(&self, filter: &FlowRunFilter) -> Result<Vec<FlowRunRecord>> {
        let mut q =
            QueryBuilder::<Sqlite>::new(format!("SELECT {FLOW_RUN_COLUMNS} FROM flow_runs WHERE 1=1"));
        if let Some(name) = &filter.flow_name {
            q.push(" AND flow_name = ").push_bind(name.clone());
        }
        if let Some(state) = filter.state_type {
            q.push(" AND state_type = ").push_bind(state.as_str());
        }
        if let Some(dep) = &filter.deployment_id {
            q.push(" AND deployment_id = ").push_bind(dep.clone());
        }
        if let Some(tag) = filter.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q.push(" AND EXISTS (SELECT 1 FROM json_each(flow_runs.tags) WHERE json_each.value = ")
                .push_bind(tag.to_owned())
                .push(")");
        }
        if let Some(since) = filter.since {
            q.push(" AND created_at >= ").push_bind(to_db(since));
        }
        if let Some(until) = filter.until {
            q.push(" AND created_at < ").push_bind(to_db(until));
        }
        q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
            .push_bind(page(filter.limit))
            .push(" OFFSET ")
            .push_bind(filter.offset as i64);
        let rows = q.build().fetch_all(self.pool()).await?;
        rows.iter().map(flow_run_from_row).collect()
    }

    pub async fn get_flow_run(&self, id: &str) -> Result<FlowRunRecord> {
        let sql = format!("SELECT {FLOW_RUN_COLUMNS} FROM flow_runs WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref()
            .map(flow_run_from_row)
            .unwrap_or_else(|| Err(EngineError::NotFound(format!("flow run '{id}'"))))
    }

    /// Every tag a flow run or a deployment carries, sorted: what a tag filter offers.
    pub async fn tags_in_use(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT value FROM flow_runs, json_each(flow_runs.tags) UNION \
             SELECT value FROM deployments, json_each(deployments.tags) ORDER BY 1",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Finished flow runs per local calendar day (of their end) since `since`: `(day
    /// "YYYY-MM-DD", state_type, count)`, in no particular order.
    pub async fn flow_runs_per_day(&self, since: DateTime<Utc>) -> Result<Vec<(String, String, i64)>> {
        let rows = sqlx::query(
            "SELECT date(COALESCE(finished_at, created_at), 'localtime') AS day, state_type, COUNT(*) AS n \
             FROM flow_runs WHERE created_at >= ? AND state_type IN ('COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED') \
             GROUP BY day, state_type",
        )
        .bind(to_db(since))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("day")?, r.try_get("state_type")?, r.try_get("n")?))).collect()
    }

    /// Claims a Scheduled flow run for `owner` (Scheduled -> Running) in one conditional
    /// update; false when it is no longer Scheduled (another process started or cancelled it).
    pub(crate) async fn claim_scheduled(
        &self,
        flow_run_id: &str,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET state_type = 'RUNNING', state_name = 'Running', owner = ?, started_at = ? \
             WHERE id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(owner)
        .bind(to_db(now))
        .bind(flow_run_id)
        .execute(self.pool())
        .await?;
        Ok(res.rows_affected() == 1)
    }

    /// Cancels a flow run that has not started (still Scheduled); false when it has meanwhile
    /// been claimed or ended.
    pub(crate) async fn cancel_scheduled(&self, flow_run_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET state_type = 'CANCELLED', state_name = 'Cancelled', finished_at = ? \
             WHERE id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(to_db(now))
        .bind(flow_run_id)
        .execute(self.pool())
        .await?;
        Ok(res.rows_affected() == 1)
    }

    /// Asks the process that runs `flow_run_id` to cancel it.
    pub(crate) async fn request_cancel(&self, flow_run_id: &str) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET cancel_requested = 1 WHERE id = ? AND state_type IN ('RUNNING', 'PENDING', 'PAUSED')",
        )
        .bind(flow_run_id)
        .execute(self.pool())
        .await?;
        Ok(res.rows_affected() > 0)
    }

    /// Flow runs owned by `owner` whose cancellation another process asked for.
    pub(crate) async fn cancel_requests(&self, owner: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM flow_runs WHERE owner = ? AND cancel_requested = 1 AND state_type = 'RUNNING'",
        )
        .bind(owner)
        .fetch_all(self.pool())
        .await?)
    }
}

fn flow_run_from_row(r: &SqliteRow) -> Result<FlowRunRecord> {
    let state_type: String = r.try_get("state_type")?;
    Ok(FlowRunRecord {
        id: r.try_get("id")?,
        flow_name: r.try_get("flow_name")?,
        deployment_id: r.try_get("deployment_id")?,
        trigger: r.try_get("trigger")?,
        actor: r.try_get("actor")?,
        parameters: parse_json(&r.try_get::<String, _>("parameters")?, "flow_runs.parameters")?,
        state_type: StateType::parse(&state_type)
            .ok_or_else(|| EngineError::Corrupt(format!("flow_runs.state_type '{state_type}'")))?,
        state_name: r.try_get("state_name")?,
        result: opt_json(r.try_get("result")?, "flow_runs.result")?,
        error: r.try_get("error")?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        started_at: opt_time(r.try_get("started_at")?)?,
        finished_at: opt_time(r.try_get("finished_at")?)?,
        duration_ms: r.try_get("duration_ms")?,
        restarted_from: r.try_get("restarted_from")?,
        run_count: r.try_get("run_count")?,
        tags: serde_json::from_str(&r.try_get::<String, _>("tags")?)
            .map_err(|e| EngineError::Corrupt(format!("flow_runs.tags: {e}")))?,
    })
}
