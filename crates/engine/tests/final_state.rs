//! The final state of a flow run is written again when the write fails for a moment (a busy
//! or failing disk): a run whose end is not recorded would look Running until its process
//! exits.

mod common;

use std::time::Duration;

use common::*;
use jobhunter_engine::{Flow, FlowContext, OpError, Registry, RunOptions, StateType};
use serde_json::{json, Value};

/// Refuses to end any flow run until `end_allowed` drops the trigger.
const REFUSE_END: &str = "CREATE TRIGGER refuse_end BEFORE UPDATE OF state_type ON flow_runs \
     WHEN NEW.state_type = 'COMPLETED' BEGIN SELECT RAISE(ABORT, 'the disk hiccupped'); END";

fn hiccup() -> Flow<Value, Value> {
    Flow::new("hiccup", |ctx: FlowContext, _p: Value| async move {
        let pool = ctx.engine().store().pool().clone();
        sqlx::query(REFUSE_END).execute(&pool).await.map_err(OpError::from)?;
        // The disk recovers shortly after the run ends.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(120)).await;
            sqlx::query("DROP TRIGGER refuse_end").execute(&pool).await.expect("drop the trigger");
        });
        Ok(json!({"ok": true}))
    })
}

#[tokio::test]
async fn a_final_state_write_that_fails_for_a_moment_is_retried() {
    let mut reg = Registry::new();
    reg.add_flow(&hiccup());
    let t = open(reg).await;
    let outcome =
        t.engine.run_flow_json("hiccup", json!({}), RunOptions::new("manual", "test")).await.expect("run");
    assert_eq!(outcome.state.kind, StateType::Completed, "{outcome:?}");
    let run = t.engine.store().get_flow_run(&outcome.flow_run_id).await.expect("the run");
    assert_eq!(run.state_type, StateType::Completed, "the end was recorded after the hiccup");
}
