//! The audit list: TaskRuns matching a filter, newest first, a page at a time.
//!
//! Newest first is the order the rows were recorded (their rowid), which needs no index of
//! its own. Each filter is served by what keeps it cheap at a million rows without taxing a
//! task's commit (migration 18): a flow run by the `task_runs_flow` index; an operation, or
//! the runs still open, by the audit keys plus the few rows recorded since their last batch
//! (`store::audit_keys`); a status other than running or success by a partial index; success
//! by walking the rows newest first (nearly every row succeeded); a time range (Since, Until)
//! by walking only the rowids of the hours it covers (`task_run_hours`, migration 19) and the
//! rows past the swept mark. The page's rowids are chosen first, then only its rows are read.

use sqlx::{QueryBuilder, Sqlite};

use super::queries::{task_run_from_row, TASK_RUN_COLUMNS};
use super::{TaskRunFilter, TaskRunRecord};
use crate::clock::to_db;
use crate::store::audit_keys::{first_run_since, hour_of, last_run_until, tail, OPEN, OPERATION, SWEPT};
use crate::store::{page, Store};
use crate::{EngineError, Result, TaskRunStatus};

/// The partial index's condition (`task_runs_unsettled`), repeated word for word so that
/// SQLite sees the query implies it.
const UNSETTLED: &str = "t.status NOT IN ('running', 'success')";

/// What picks a page's rows.
enum Driver {
    /// One walk over `task_runs` (by rowid, or by the index SQLite picks for the filter).
    Rows,
    /// A time range: the swept rowids of the hours it covers, merged with the rows past the mark.
    Hours,
    /// Audit keys of a kind (and key) up to the swept mark, merged with the rows past it.
    Keys { kind: i64, key: Option<String> },
}

/// A keyset position: the anchor's rowid, and whether the page lies before it (newer rows).
struct Anchor {
    rowid: i64,
    back: bool,
}

impl Store {
    /// TaskRuns matching `filter`, newest recorded first; a page by offset, or by keyset from
    /// a listed TaskRun (`after` / `before`, its id).
    pub async fn list_task_runs(&self, filter: &TaskRunFilter) -> Result<Vec<TaskRunRecord>> {
        let anchor = match (&filter.after, &filter.before) {
            (Some(id), _) => Some(self.anchor(id, "after", false).await?),
            (None, Some(id)) => Some(self.anchor(id, "before", true).await?),
            (None, None) => None,
        };
        let driver = if filter.flow_run_id.is_some() {
            Driver::Rows
        } else if let Some(op) = &filter.operation {
            Driver::Keys { kind: OPERATION, key: Some(op.clone()) }
        } else if filter.status == Some(TaskRunStatus::Running) {
            Driver::Keys { kind: OPEN, key: None }
        } else if filter.since.is_some() || filter.until.is_some() {
            Driver::Hours
        } else {
            Driver::Rows
        };
        let order = if anchor.as_ref().is_some_and(|a| a.back) { "ASC" } else { "DESC" };
        let mut q =
            QueryBuilder::<Sqlite>::new(format!("SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE rowid IN ("));
        match &driver {
            Driver::Rows => {
                q.push("SELECT t.rowid AS run FROM task_runs t WHERE 1=1");
                conditions(&mut q, filter, anchor.as_ref(), "t.rowid");
            }
            Driver::Hours => {
                q.push("SELECT t.rowid AS run FROM task_runs t WHERE 1=1");
                hours(&mut q, filter, "t.rowid");
                conditions(&mut q, filter, anchor.as_ref(), "t.rowid");
                q.push(format!(" UNION ALL {}", tail("1")));
                conditions(&mut q, filter, anchor.as_ref(), "t.rowid");
            }
            Driver::Keys { kind, key } => {
                q.push(format!(
                    "SELECT k.run AS run FROM task_run_keys k JOIN task_runs t ON t.rowid = k.run \
                     WHERE k.kind = {kind} AND k.run <= {SWEPT}"
                ));
                if let Some(key) = key {
                    q.push(" AND k.key = ").push_bind(key.clone());
                }
                hours(&mut q, filter, "k.run");
                conditions(&mut q, filter, anchor.as_ref(), "k.run");
                q.push(format!(" UNION ALL {}", tail("1")));
                conditions(&mut q, filter, anchor.as_ref(), "t.rowid");
            }
        }
        q.push(format!(" ORDER BY run {order} LIMIT "))
            .push_bind(page(filter.limit))
            .push(" OFFSET ")
            .push_bind(filter.offset as i64)
            .push(") ORDER BY rowid DESC");
        let rows = q.build().fetch_all(self.pool()).await?;
        rows.iter().map(task_run_from_row).collect()
    }

    async fn anchor(&self, id: &str, field: &str, back: bool) -> Result<Anchor> {
        let rowid: i64 = sqlx::query_scalar("SELECT rowid FROM task_runs WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| EngineError::NotFound(format!("{field}: task run '{id}'")))?;
        Ok(Anchor { rowid, back })
    }
}

/// The filter's conditions on `t` (and the keyset bound on `run`, the column that orders the
/// part of the query they are pushed into).
fn conditions(q: &mut QueryBuilder<Sqlite>, filter: &TaskRunFilter, anchor: Option<&Anchor>, run: &str) {
    if let Some(id) = &filter.flow_run_id {
        q.push(" AND t.flow_run_id = ").push_bind(id.clone());
    }
    if let Some(status) = filter.status {
        q.push(" AND t.status = ").push_bind(status.as_str());
        if !matches!(status, TaskRunStatus::Running | TaskRunStatus::Success) {
            q.push(format!(" AND {UNSETTLED}"));
        }
    }
    if let Some(op) = &filter.operation {
        q.push(" AND t.operation_name = ").push_bind(op.clone());
    }
    if let Some(since) = filter.since {
        q.push(" AND t.started_at >= ").push_bind(to_db(since));
    }
    if let Some(until) = filter.until {
        q.push(" AND t.started_at < ").push_bind(to_db(until));
    }
    if let Some(anchor) = anchor {
        let past = if anchor.back { ">" } else { "<" };
        q.push(format!(" AND {run} {past} ")).push_bind(anchor.rowid);
    }
}

/// Bounds `run` (a swept rowid) by the hours' ranges of the filter's time range; no bound
/// without one (then, outside the keys, the walk is by `Driver::Rows`).
fn hours(q: &mut QueryBuilder<Sqlite>, filter: &TaskRunFilter, run: &str) {
    if let Some(since) = filter.since {
        let (before, after) = first_run_since();
        q.push(format!(" AND {run} >= {before}")).push_bind(hour_of(&to_db(since))).push(after);
    }
    if let Some(until) = filter.until {
        let (before, after) = last_run_until();
        q.push(format!(" AND {run} <= {before}")).push_bind(hour_of(&to_db(until))).push(after);
    } else {
        q.push(format!(" AND {run} <= {SWEPT}"));
    }
}
