//! The audit writer's prepared statements, and how each write binds its columns to them.

use super::Write;
use crate::store::sqlite::{Bind, RawConnection, SqlError};

/// The prepared statements of the writer connection (the transaction's own too: preparing
/// `BEGIN` and `COMMIT` from text for every batch costs more than the insert).
pub(super) struct Statements {
    pub(super) begin: usize,
    pub(super) commit: usize,
    pub(super) rollback: usize,
    insert_task_run: usize,
    finish_task_run: usize,
    insert_flow_run: usize,
    update_flow_run: usize,
    insert_log: usize,
    cache_put: usize,
}

impl Statements {
    pub(super) fn prepare(conn: &mut RawConnection) -> std::result::Result<Self, SqlError> {
        Ok(Self {
            begin: conn.prepare("BEGIN IMMEDIATE")?,
            commit: conn.prepare("COMMIT")?,
            rollback: conn.prepare("ROLLBACK")?,
            insert_task_run: conn.prepare(
                "INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, \
                 duration_ms, actor, orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, \
                 output, result_refs, error_message, error_kind, error_traceback, tags, metadata, cache_key, \
                 replay_of, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'[]',?,?,?,?,?,?,?,?)",
            )?,
            finish_task_run: conn.prepare(
                "UPDATE task_runs SET status = ?, finished_at = ?, duration_ms = ?, output = ?, \
                 result_refs = ?, error_message = ?, error_kind = ?, error_traceback = ?, metadata = ? \
                 WHERE id = ?",
            )?,
            insert_flow_run: conn.prepare(
                "INSERT INTO flow_runs (id, flow_name, deployment_id, trigger, actor, parameters, \
                 state_type, state_name, created_at, started_at, restarted_from, owner, \
                 expected_start_time, state_message, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            )?,
            update_flow_run: conn.prepare(
                "UPDATE flow_runs SET state_type = ?, state_name = ?, \
                 started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), \
                 duration_ms = COALESCE(?, duration_ms), result = COALESCE(?, result), \
                 error = COALESCE(?, error), run_count = COALESCE(?, run_count), \
                 state_message = COALESCE(?, state_message) WHERE id = ?",
            )?,
            insert_log: conn.prepare(
                "INSERT INTO run_logs (flow_run_id, task_run_id, ts, level, target, message) VALUES (?,?,?,?,?,?)",
            )?,
            cache_put: conn.prepare(
                "INSERT INTO result_cache (cache_key, value, created_at, expires_at) VALUES (?,?,?,?) \
                 ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, \
                 created_at = excluded.created_at, expires_at = excluded.expires_at",
            )?,
        })
    }
}

pub(super) fn apply(
    conn: &RawConnection,
    st: &Statements,
    write: &Write,
) -> std::result::Result<(), SqlError> {
    match write {
        Write::InsertTaskRun(r) => conn.execute(
            st.insert_task_run,
            &[
                r.id.val(),
                r.call.operation_name.val(),
                r.call.task_name.val(),
                r.status.val(),
                r.started_at.val(),
                r.finished_at.val(),
                r.duration_ms.val(),
                r.call.actor.val(),
                r.call.orchestrated.val(),
                r.call.flow_run_id.val(),
                r.call.call_id.val(),
                r.attempt.val(),
                r.call.input_dump.val(),
                r.call.input_hash.val(),
                r.output.val(),
                r.error_message.val(),
                r.error_kind.val(),
                r.error_traceback.val(),
                r.call.tags.val(),
                r.metadata.val(),
                r.cache_key.val(),
                r.call.replay_of.val(),
                r.call.owner.val(),
            ],
        ),
        Write::FinishTaskRun(r) => conn.execute(
            st.finish_task_run,
            &[
                r.status.val(),
                r.finished_at.val(),
                r.duration_ms.val(),
                r.output.val(),
                r.result_refs.val(),
                r.error_message.val(),
                r.error_kind.val(),
                r.error_traceback.val(),
                r.metadata.val(),
                r.id.val(),
            ],
        ),
        Write::InsertFlowRun(r) => conn.execute(
            st.insert_flow_run,
            &[
                r.id.val(),
                r.flow_name.val(),
                r.deployment_id.val(),
                r.trigger.val(),
                r.actor.val(),
                r.parameters.val(),
                r.state_type.val(),
                r.state_name.val(),
                r.created_at.val(),
                r.started_at.val(),
                r.restarted_from.val(),
                r.owner.val(),
                r.expected_start_time.val(),
                r.state_message.val(),
                r.tags.val(),
            ],
        ),
        Write::UpdateFlowRun(u) => conn.execute(
            st.update_flow_run,
            &[
                u.state_type.val(),
                u.state_name.val(),
                u.started_at.val(),
                u.finished_at.val(),
                u.duration_ms.val(),
                u.result.val(),
                u.error.val(),
                u.run_count.val(),
                u.state_message.val(),
                u.id.val(),
            ],
        ),
        Write::Log(l) => conn.execute(
            st.insert_log,
            &[
                l.flow_run_id.val(),
                l.task_run_id.val(),
                l.ts.val(),
                l.level.val(),
                l.target.val(),
                l.message.val(),
            ],
        ),
        Write::CachePut { key, value, created_at, expires_at } => {
            conn.execute(st.cache_put, &[key.val(), value.val(), created_at.val(), expires_at.val()])
        }
        Write::Flush | Write::SweepKeys => Ok(()),
    }
}
