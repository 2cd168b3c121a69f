//! Deployments in SQLite: create, edit, pause, resume, delete, run now, history. The one
//! transaction through which the scheduler records what it decided for due slots is in
//! `slots`; tag checks are in `tags`.
//!
//! Why a module of its own: a deployment is validated here against the registry (the flow
//! exists, the parameters fit its type, every schedule compiles) so no caller can store one
//! the scheduler would choke on, and the slot cursor (`scheduled_until`) is only ever moved
//! together with the runs it accounts for.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::policy::{CatchupPolicy, OverlapPolicy};
pub(crate) use super::slots::SlotRow;
use super::spec::{upcoming_merged, CompiledSchedule, Schedule};
pub use super::tags::{check_tags, merge_tags, MAX_TAG_LEN};
use crate::clock::{from_db, to_db};
use crate::store::{new_id, FlowRunFilter};
use crate::{Engine, EngineError, FlowRunHandle, FlowRunRecord, Result, RunOptions};

/// Default catch-up window: missed slots older than this are recorded as Skipped.
pub const DEFAULT_CATCHUP_WINDOW: Duration = Duration::from_secs(86_400);

/// A stored deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    pub name: String,
    pub flow_name: String,
    /// Normalized by the flow's parameter type (defaults filled in).
    pub parameters: Value,
    pub schedules: Vec<Schedule>,
    pub catchup: CatchupPolicy,
    pub catchup_window_secs: u64,
    pub overlap: OverlapPolicy,
    pub paused: bool,
    /// Labels the deployment's runs carry (`scheduled`, `production`, ...).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Every slot up to this instant has been handled by a scheduler.
    pub scheduled_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Deployment {
    pub fn compiled(&self) -> Result<Vec<CompiledSchedule>> {
        self.schedules.iter().map(Schedule::compile).collect()
    }

    /// The next `count` fire times after `after` (none while paused).
    pub fn next_runs(&self, after: DateTime<Utc>, count: usize) -> Result<Vec<DateTime<Utc>>> {
        if self.paused {
            return Ok(Vec::new());
        }
        Ok(upcoming_merged(&self.compiled()?, after.max(self.scheduled_until), count))
    }

    pub fn catchup_window(&self) -> Duration {
        Duration::from_secs(self.catchup_window_secs)
    }
}

/// A deployment row that cannot be used: unreadable, or with a schedule that does not pass
/// today's checks (e.g. an interval out of bounds stored by an older build).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadDeployment {
    pub id: String,
    pub name: String,
    pub error: String,
}

impl std::fmt::Display for BadDeployment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.name, self.id, self.error)
    }
}

/// What a new deployment is made of.
#[derive(Debug, Clone)]
pub struct DeploymentSpec {
    pub name: String,
    pub flow_name: String,
    pub parameters: Value,
    pub schedules: Vec<Schedule>,
    pub catchup: CatchupPolicy,
    pub catchup_window: Duration,
    pub overlap: OverlapPolicy,
    pub paused: bool,
    /// Labels its runs carry; blank and repeated tags are dropped.
    pub tags: Vec<String>,
}

impl DeploymentSpec {
    pub fn new(name: &str, flow_name: &str, schedules: Vec<Schedule>) -> Self {
        Self {
            name: name.to_owned(),
            flow_name: flow_name.to_owned(),
            parameters: Value::Object(Default::default()),
            schedules,
            catchup: CatchupPolicy::default(),
            catchup_window: DEFAULT_CATCHUP_WINDOW,
            overlap: OverlapPolicy::default(),
            paused: false,
            tags: Vec::new(),
        }
    }

    /// The same spec with these tags.
    pub fn with_tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }
}

/// An edit; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct DeploymentUpdate {
    pub name: Option<String>,
    pub parameters: Option<Value>,
    pub schedules: Option<Vec<Schedule>>,
    pub catchup: Option<CatchupPolicy>,
    pub catchup_window: Option<Duration>,
    pub overlap: Option<OverlapPolicy>,
    /// Replaces the tags (runs created from now on carry the new ones).
    pub tags: Option<Vec<String>>,
}

/// A flow run of a deployment, with the scheduling columns.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentRun {
    #[serde(flatten)]
    pub run: FlowRunRecord,
    /// The slot it was due at (runs created by the schedule).
    pub expected_start_time: Option<DateTime<Utc>>,
    /// Why it is in its state: Late, Skipped by a policy, ...
    pub state_message: Option<String>,
}

const COLUMNS: &str =
    "id, name, flow_name, parameters, schedules, catchup, catchup_window_secs, overlap, paused, \
                       scheduled_until, created_at, updated_at, tags";

fn from_row(r: &SqliteRow) -> Result<Deployment> {
    let corrupt = |what: &str, e: String| EngineError::Corrupt(format!("deployments.{what}: {e}"));
    let catchup: String = r.try_get("catchup")?;
    let overlap: String = r.try_get("overlap")?;
    Ok(Deployment {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        flow_name: r.try_get("flow_name")?,
        parameters: serde_json::from_str(&r.try_get::<String, _>("parameters")?)
            .map_err(|e| corrupt("parameters", e.to_string()))?,
        schedules: serde_json::from_str(&r.try_get::<String, _>("schedules")?)
            .map_err(|e| corrupt("schedules", e.to_string()))?,
        catchup: CatchupPolicy::parse(&catchup).map_err(|e| corrupt("catchup", e.to_string()))?,
        catchup_window_secs: r.try_get::<i64, _>("catchup_window_secs")?.max(0) as u64,
        overlap: OverlapPolicy::parse(&overlap).map_err(|e| corrupt("overlap", e.to_string()))?,
        paused: r.try_get("paused")?,
        tags: serde_json::from_str(&r.try_get::<String, _>("tags")?)
            .map_err(|e| corrupt("tags", e.to_string()))?,
        scheduled_until: from_db(&r.try_get::<String, _>("scheduled_until")?)?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
    })
}

impl Engine {
    fn check_deployment(&self, flow_name: &str, parameters: &Value, schedules: &[Schedule]) -> Result<Value> {
        let flow =
            self.registry().flow(flow_name).ok_or_else(|| EngineError::UnknownFlow(flow_name.to_owned()))?;
        let parameters = flow
            .normalize(parameters)
            .map_err(|e| EngineError::Invalid(format!("parameters of flow '{flow_name}': {}", e.message)))?;
        for s in schedules {
            s.compile()?;
        }
        Ok(parameters)
    }

    /// Creates a deployment; its schedules fire from now on.
    pub async fn create_deployment(&self, spec: DeploymentSpec) -> Result<Deployment> {
        let name = spec.name.trim();
        if name.is_empty() {
            return Err(EngineError::Invalid("a deployment needs a name".into()));
        }
        let parameters = self.check_deployment(&spec.flow_name, &spec.parameters, &spec.schedules)?;
        let tags = check_tags(&spec.tags)?;
        let id = new_id();
        let now = to_db(self.clock().now());
        let res =
            sqlx::query(&format!("INSERT INTO deployments ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"))
                .bind(&id)
                .bind(name)
                .bind(&spec.flow_name)
                .bind(parameters.to_string())
                .bind(serde_json::to_string(&spec.schedules).unwrap_or_else(|_| "[]".into()))
                .bind(spec.catchup.as_str())
                .bind(spec.catchup_window.as_secs() as i64)
                .bind(spec.overlap.as_str())
                .bind(spec.paused)
                .bind(&now)
                .bind(&now)
                .bind(&now)
                .bind(serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()))
                .execute(self.store().pool())
                .await;
        match res {
            Err(sqlx::Error::Database(e)) if e.message().contains("UNIQUE") => {
                return Err(EngineError::Conflict(format!("a deployment named '{name}' already exists")))
            }
            other => {
                other?;
            }
        }
        self.schedule_signal().changed();
        self.deployment(&id).await
    }

    /// Every readable deployment, by name, and apart the rows that cannot be read (so one bad
    /// row does not hide the others). Schedules are not checked here: see
    /// [`Deployment::compiled`].
    pub async fn deployments_with_errors(&self) -> Result<(Vec<Deployment>, Vec<BadDeployment>)> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM deployments ORDER BY name"))
            .fetch_all(self.store().pool())
            .await?;
        let (mut good, mut bad) = (Vec::new(), Vec::new());
        for r in &rows {
            match from_row(r) {
                Ok(d) => good.push(d),
                Err(e) => bad.push(BadDeployment {
                    id: r.try_get("id").unwrap_or_default(),
                    name: r.try_get("name").unwrap_or_default(),
                    error: e.to_string(),
                }),
            }
        }
        Ok((good, bad))
    }

    /// Every deployment, by name.
    pub async fn deployments(&self) -> Result<Vec<Deployment>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM deployments ORDER BY name"))
            .fetch_all(self.store().pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// A deployment by id or by name.
    pub async fn deployment(&self, id_or_name: &str) -> Result<Deployment> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM deployments WHERE id = ? OR name = ? LIMIT 1"))
            .bind(id_or_name)
            .bind(id_or_name)
            .fetch_optional(self.store().pool())
            .await?;
        row.as_ref()
            .map(from_row)
            .unwrap_or_else(|| Err(EngineError::NotFound(format!("deployment '{id_or_name}'"))))
    }

    /// Edits a deployment. A schedule change takes effect from now (no catch-up of slots the
    /// old schedule would not have had).
    pub async fn update_deployment(&self, id_or_name: &str, update: DeploymentUpdate) -> Result<Deployment> {
        let mut d = self.deployment(id_or_name).await?;
        let now = self.clock().now();
        if let Some(name) = update.name {
            d.name = name;
        }
        if let Some(p) = update.parameters {
            d.parameters = p;
        }
        if let Some(s) = update.schedules {
            d.schedules = s;
            d.scheduled_until = d.scheduled_until.max(now);
        }
        if let Some(c) = update.catchup {
            d.catchup = c;
        }
        if let Some(w) = update.catchup_window {
            d.catchup_window_secs = w.as_secs();
        }
        if let Some(o) = update.overlap {
            d.overlap = o;
        }
        if let Some(tags) = update.tags {
            d.tags = check_tags(&tags)?;
        }
        d.parameters = self.check_deployment(&d.flow_name, &d.parameters, &d.schedules)?;
        sqlx::query(
            "UPDATE deployments SET name = ?, parameters = ?, schedules = ?, catchup = ?, catchup_window_secs = ?, \
             overlap = ?, scheduled_until = ?, updated_at = ?, tags = ? WHERE id = ?",
        )
        .bind(&d.name)
        .bind(d.parameters.to_string())
        .bind(serde_json::to_string(&d.schedules).unwrap_or_else(|_| "[]".into()))
        .bind(d.catchup.as_str())
        .bind(d.catchup_window_secs as i64)
        .bind(d.overlap.as_str())
        .bind(to_db(d.scheduled_until))
        .bind(to_db(now))
        .bind(serde_json::to_string(&d.tags).unwrap_or_else(|_| "[]".into()))
        .bind(&d.id)
        .execute(self.store().pool())
        .await?;
        self.schedule_signal().changed();
        self.deployment(&d.id).await
    }

    /// Stops a deployment's schedules (runs in progress go on).
    pub async fn pause_deployment(&self, id_or_name: &str) -> Result<Deployment> {
        self.set_paused(id_or_name, true).await
    }

    /// Restarts a deployment's schedules from now: slots that passed while it was paused are
    /// not made up (pausing is a decision, not an outage).
    pub async fn resume_deployment(&self, id_or_name: &str) -> Result<Deployment> {
        self.set_paused(id_or_name, false).await
    }

    async fn set_paused(&self, id_or_name: &str, paused: bool) -> Result<Deployment> {
        let d = self.deployment(id_or_name).await?;
        let now = to_db(self.clock().now());
        let sql = if paused {
            "UPDATE deployments SET paused = 1, updated_at = ? WHERE id = ?"
        } else {
            "UPDATE deployments SET paused = 0, scheduled_until = MAX(scheduled_until, ?1), updated_at = ?1 WHERE id = ?2"
        };
        sqlx::query(sql).bind(&now).bind(&d.id).execute(self.store().pool()).await?;
        self.schedule_signal().changed();
        self.deployment(&d.id).await
    }

    /// Deletes a deployment. Its past runs stay (with their deployment id); runs created for
    /// it that have not started are cancelled.
    pub async fn delete_deployment(&self, id_or_name: &str) -> Result<Deployment> {
        let d = self.deployment(id_or_name).await?;
        let now = to_db(self.clock().now());
        let mut tx = self.store().pool().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "UPDATE flow_runs SET state_type = 'CANCELLED', state_name = 'Cancelled', finished_at = ?, \
             state_message = 'the deployment was deleted before this run started' \
             WHERE deployment_id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(&now)
        .bind(&d.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM deployments WHERE id = ?").bind(&d.id).execute(&mut *tx).await?;
        tx.commit().await?;
        self.schedule_signal().changed();
        Ok(d)
    }

    /// Runs a deployment now, whatever its schedule and pause state (trigger `manual`, or the
    /// one in `opts`); the run is like any other run of the flow, tagged with the deployment.
    pub async fn run_deployment_now(&self, id_or_name: &str, opts: RunOptions) -> Result<FlowRunHandle> {
        let d = self.deployment(id_or_name).await?;
        let opts = RunOptions { deployment_id: Some(d.id.clone()), ..opts };
        self.start_flow_json(&d.flow_name, d.parameters.clone(), opts).await
    }

    /// A deployment's recent runs, newest first (`limit` 0: 50), with their scheduling columns.
    pub async fn deployment_runs(&self, id_or_name: &str, limit: u32) -> Result<Vec<DeploymentRun>> {
        let d = self.deployment(id_or_name).await?;
        let filter = FlowRunFilter { deployment_id: Some(d.id.clone()), limit, ..Default::default() };
        let runs = self.store().list_flow_runs(&filter).await?;
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            let (expected, message) = self.scheduling_columns(&run.id).await?;
            out.push(DeploymentRun { run, expected_start_time: expected, state_message: message });
        }
        Ok(out)
    }

    /// `expected_start_time` and `state_message` of a flow run.
    pub async fn scheduling_columns(
        &self,
        flow_run_id: &str,
    ) -> Result<(Option<DateTime<Utc>>, Option<String>)> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT expected_start_time, state_message FROM flow_runs WHERE id = ?")
                .bind(flow_run_id)
                .fetch_optional(self.store().pool())
                .await?;
        let (expected, message) =
            row.ok_or_else(|| EngineError::NotFound(format!("flow run '{flow_run_id}'")))?;
        Ok((expected.map(|t| from_db(&t)).transpose()?, message))
    }
}
