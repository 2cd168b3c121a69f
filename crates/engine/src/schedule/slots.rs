//! The scheduler's side of the deployments store: the rows it inserts for due slots, the one
//! transaction that records them together with the slot cursor (`scheduled_until`), and the
//! queries it makes about a deployment's runs (in progress, waiting, skipped).
//!
//! Why a module of its own: these are the crate-internal queries only the scheduler makes;
//! `store` keeps the public API over deployments (create, edit, pause, history).

use chrono::{DateTime, Utc};

use super::store::Deployment;
use crate::clock::{from_db, to_db};
use crate::{Engine, Result};

/// A row the scheduler inserts for a slot.
#[derive(Debug, Clone)]
pub(crate) struct SlotRow {
    pub id: String,
    pub expected_start: DateTime<Utc>,
    /// Scheduled ("Scheduled" or "Late") or Cancelled ("Skipped").
    pub skipped: bool,
    pub late: bool,
    pub message: Option<String>,
}

impl Engine {
    /// Records the scheduler's decisions for `d`'s slots up to `until` in one transaction,
    /// provided no other process moved the cursor first (then nothing is written: `None`).
    /// Returns the ids of the rows inserted: a slot that already has a run keeps it.
    pub(crate) async fn record_slots(
        &self,
        d: &Deployment,
        until: DateTime<Utc>,
        rows: &[SlotRow],
    ) -> Result<Option<Vec<String>>> {
        let now = to_db(self.clock().now());
        let mut tx = self.store().pool().begin_with("BEGIN IMMEDIATE").await?;
        let moved = sqlx::query(
            "UPDATE deployments SET scheduled_until = ? WHERE id = ? AND scheduled_until = ? AND paused = 0",
        )
        .bind(to_db(until))
        .bind(&d.id)
        .bind(to_db(d.scheduled_until))
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
        let mut inserted = Vec::with_capacity(rows.len());
        let params = d.parameters.to_string();
        let tags = serde_json::to_string(&self.run_tags(Some(&d.tags), &d.flow_name))
            .unwrap_or_else(|_| "[]".into());
        for row in rows {
            let (state_type, state_name, finished) = match (row.skipped, row.late) {
                (true, _) => ("CANCELLED", "Skipped", Some(now.clone())),
                (false, true) => ("SCHEDULED", "Late", None),
                (false, false) => ("SCHEDULED", "Scheduled", None),
            };
            let done = sqlx::query(
                "INSERT INTO flow_runs (id, flow_name, deployment_id, trigger, actor, parameters, state_type, \
                 state_name, created_at, finished_at, expected_start_time, state_message, tags) \
                 VALUES (?, ?, ?, 'schedule', 'scheduler', ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(&row.id)
            .bind(&d.flow_name)
            .bind(&d.id)
            .bind(&params)
            .bind(state_type)
            .bind(state_name)
            .bind(&now)
            .bind(finished)
            .bind(to_db(row.expected_start))
            .bind(&row.message)
            .bind(&tags)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                inserted.push(row.id.clone());
            }
        }
        tx.commit().await?;
        Ok(Some(inserted))
    }

    /// Ids of a deployment's runs in progress (any process).
    pub(crate) async fn busy_runs(&self, deployment_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM flow_runs WHERE deployment_id = ? AND state_type IN ('RUNNING', 'PENDING', 'PAUSED')",
        )
        .bind(deployment_id)
        .fetch_all(self.store().pool())
        .await?)
    }

    /// Marks a Scheduled run (not started) as Cancelled/"Skipped" with `reason`.
    pub(crate) async fn skip_scheduled(&self, flow_run_id: &str, reason: &str) -> Result<()> {
        sqlx::query(
            "UPDATE flow_runs SET state_type = 'CANCELLED', state_name = 'Skipped', finished_at = ?, \
             state_message = ? WHERE id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(to_db(self.clock().now()))
        .bind(reason)
        .bind(flow_run_id)
        .execute(self.store().pool())
        .await?;
        Ok(())
    }

    /// Scheduled runs of a deployment that no process has started, oldest slot first.
    pub(crate) async fn waiting_scheduled(
        &self,
        deployment_id: &str,
    ) -> Result<Vec<(String, Option<DateTime<Utc>>)>> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT id, expected_start_time FROM flow_runs WHERE deployment_id = ? AND state_type = 'SCHEDULED' \
             ORDER BY expected_start_time",
        )
        .bind(deployment_id)
        .fetch_all(self.store().pool())
        .await?;
        rows.into_iter().map(|(id, t)| Ok((id, t.map(|t| from_db(&t)).transpose()?))).collect()
    }

    /// A cheap signature of the deployments table, to notice another process's edits.
    pub(crate) async fn deployments_signature(&self) -> Result<(i64, String)> {
        Ok(sqlx::query_as("SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM deployments")
            .fetch_one(self.store().pool())
            .await?)
    }
}
