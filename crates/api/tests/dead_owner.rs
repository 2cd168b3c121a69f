//! No run stays Running behind a process that died: the background services of a long-lived
//! process (the app, `jobhunter serve`) mark such runs Crashed within their check interval,
//! and the `crashed` rule fires, for runs found while running and for runs found at startup.
//!
//! A process killed with SIGKILL leaves exactly what these tests insert: a `RUNNING` row whose
//! owner (an engine instance id) holds no instance lock any more.

use std::sync::Arc;
use std::time::Duration;

use jobhunter_api::services::Services;
use jobhunter_api::Api;
use jobhunter_engine::StateType;
use jobhunter_ops::notify::{
    ChannelConfig, MemorySecretStore, NewRule, Notifier, NotifyDeps, Trigger, WebhookConfig,
};
use jobhunter_testkit::{FixtureServer, Reply};

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
}

/// A webhook channel and a `crashed` rule; returns the fixture receiving the notifications.
async fn crashed_rule(api: &Api) -> FixtureServer {
    let hook = FixtureServer::default();
    hook.route("/hook", vec![Reply::json("{}")]);
    let base = hook.start().await;
    let notifier = Notifier::new(&api.engine, deps());
    let url = format!("{base}/hook");
    notifier.add_channel("hook", ChannelConfig::Webhook(WebhookConfig { url }), None).await.expect("channel");
    let rule = NewRule {
        trigger: Trigger::Crashed,
        channel: "hook".into(),
        deployment_id: None,
        cooldown: Duration::ZERO,
        quiet_hours: None,
    };
    notifier.add_rule(rule).await.expect("rule");
    hook
}

/// A flow run left Running by engine instance `dead-process`, whose lock nobody holds.
async fn abandoned_run(api: &Api, id: &str) {
    sqlx::query(
        "INSERT INTO flow_runs (id, flow_name, trigger, actor, parameters, state_type, state_name, \
         created_at, started_at, owner) VALUES (?, 'maintenance', 'manual', 'test', '{}', 'RUNNING', \
         'Running', '2026-12-01T09:00:00.000000Z', '2026-12-01T09:00:00.000000Z', 'dead-process')",
    )
    .bind(id)
    .execute(api.engine.store().pool())
    .await
    .expect("insert the abandoned run");
}

/// Waits (at most 10 s) until `hook` got a notification naming `flow_run_id`.
async fn wait_for_notification(hook: &FixtureServer, flow_run_id: &str) -> serde_json::Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(seen) = hook.requests("/hook").iter().find(|r| r.body.contains(flow_run_id)) {
            return serde_json::from_str(&seen.body).expect("a JSON body");
        }
        assert!(tokio::time::Instant::now() < deadline, "no notification for {flow_run_id}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_run_of_a_dead_process_is_crashed_by_the_running_services_and_notified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Api::open(dir.path().to_path_buf()).await.expect("open");
    let hook = crashed_rule(&api).await;
    let services = Services::start_with(&api.engine, deps(), Duration::from_millis(100));
    abandoned_run(&api, "run-of-a-dead-process").await;

    let body = wait_for_notification(&hook, "run-of-a-dead-process").await;
    assert_eq!(body["trigger"], "crashed", "{body}");
    let run = api.engine.store().get_flow_run("run-of-a-dead-process").await.expect("the run");
    assert_eq!(run.state_type, StateType::Crashed);
    assert_eq!(hook.requests("/hook").len(), 1, "one notification");

    services.stop(&api.engine, Duration::ZERO, std::future::pending()).await.expect("stop");
    api.engine.close().await.expect("close");
}

#[tokio::test]
async fn runs_found_abandoned_at_startup_are_notified_once_the_services_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Api::open(dir.path().to_path_buf()).await.expect("open");
    let hook = crashed_rule(&api).await;
    abandoned_run(&api, "run-found-at-startup").await;
    api.engine.close().await.expect("close");
    drop(api);

    // The next process finds it when it opens, before anything could subscribe to events.
    let api = Api::open(dir.path().to_path_buf()).await.expect("reopen");
    let run = api.engine.store().get_flow_run("run-found-at-startup").await.expect("the run");
    assert_eq!(run.state_type, StateType::Crashed);
    let services = Services::start_with(&api.engine, deps(), Duration::from_secs(3600));
    let body = wait_for_notification(&hook, "run-found-at-startup").await;
    assert_eq!(body["trigger"], "crashed", "{body}");

    services.stop(&api.engine, Duration::ZERO, std::future::pending()).await.expect("stop");
    api.engine.close().await.expect("close");
}
