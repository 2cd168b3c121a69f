//! A panic in a flow function ends its run as Failed, with the panic's message, instead of
//! killing the task that drives it (which left the run Running for as long as the process
//! lived, and its deployment blocked behind it).

mod common;

use common::*;
use jobhunter_engine::{Flow, FlowContext, OpError, Registry, RunOptions, StateType};
use serde_json::{json, Value};

fn panicking() -> Flow<Value, Value> {
    Flow::new("panics", |_ctx: FlowContext, p: Value| async move {
        if p["panic"] == json!(true) {
            panic!("the flow tripped over a bug");
        }
        Ok::<_, OpError>(json!({"ok": true}))
    })
    .retries(2, std::time::Duration::ZERO)
}

#[tokio::test]
async fn a_panicking_flow_ends_failed_without_retries() {
    let mut reg = Registry::new();
    reg.add_flow(&panicking());
    let t = open(reg).await;
    let outcome = t
        .engine
        .run_flow_json("panics", json!({"panic": true}), RunOptions::new("manual", "test"))
        .await
        .expect("the run is recorded");
    assert_eq!(outcome.state.kind, StateType::Failed, "{outcome:?}");
    let error = outcome.error.clone().unwrap_or_default();
    assert!(error.contains("panicked") && error.contains("tripped over a bug"), "{error}");
    let run = t.engine.store().get_flow_run(&outcome.flow_run_id).await.expect("the run");
    assert_eq!(run.state_type, StateType::Failed);
    assert_eq!(run.run_count, 1, "a panic is a bug: no retry");
    assert!(t.engine.active_flow_runs().is_empty(), "nothing left running");

    // The same flow still completes without the panic.
    let outcome =
        t.engine.run_flow_json("panics", json!({}), RunOptions::new("manual", "test")).await.expect("run");
    assert_eq!(outcome.state.kind, StateType::Completed);
}
