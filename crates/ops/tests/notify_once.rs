//! High-match notifications once per job, against a real SQLite file: a job is announced once,
//! not again by the next hunt, when it is reposted under a new board id, or when the same job
//! turns up on another board; a delivery that did not reach the user is tried again by the next
//! hunt; two hunts finishing together announce a job once. Each "hunt" is a flow run that
//! reports its high matches through the `notify_high_match` operation, as `daily_job_hunt` does.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{open, ops_registry, TestEngine};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Engine, Flow, RunOptions, StateType, Task};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::store::import_postings;
use jobhunter_ops::notify::ops::{notify_high_match, HighMatchInput};
use jobhunter_ops::notify::{
    install, DesktopNotifier, HighMatch, MemorySecretStore, NewRule, NotificationFilter, Notifier,
    NotifyDeps, ShowFuture, Status, Trigger,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What the desktop was asked to show: title, body, route. Fails the first `fail_first` times.
#[derive(Default)]
struct Desktop {
    shown: Mutex<Vec<(String, String, Option<String>)>>,
    fail_first: AtomicUsize,
}

impl DesktopNotifier for Desktop {
    fn show(&self, title: &str, body: &str) -> jobhunter_ops::Result<()> {
        self.shown.lock().unwrap().push((title.into(), body.into(), None));
        Ok(())
    }

    fn show_routed(&self, title: &str, body: &str, route: Option<&str>) -> ShowFuture {
        let failing =
            self.fail_first.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
        let result = if failing {
            Err(jobhunter_ops::Error::transient("notification daemon not running"))
        } else {
            self.shown.lock().unwrap().push((title.into(), body.into(), route.map(str::to_owned)));
            Ok(())
        };
        Box::pin(async move { result })
    }
}

impl Desktop {
    fn titles(&self) -> Vec<String> {
        self.shown.lock().unwrap().iter().map(|s| s.0.clone()).collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
struct HuntParams {
    job_ids: Vec<String>,
}

/// A hunt that found `job_ids` above the threshold: reports them like `daily_job_hunt`.
fn hunt() -> Flow<HuntParams, Value> {
    Flow::new("daily_job_hunt", |ctx, p: HuntParams| async move {
        let jobs = p
            .job_ids
            .iter()
            .map(|id| HighMatch {
                job_id: id.clone(),
                title: id.clone(),
                company: None,
                score: 0.9,
                url: None,
            })
            .collect();
        let out = ctx.run(&Task::new(&notify_high_match()), HighMatchInput { jobs }).await?;
        Ok(json!({ "sent": out.sent, "failed": out.failed }))
    })
}

async fn run_hunt(engine: &Engine, job_ids: &[&str]) -> Value {
    let params = HuntParams { job_ids: job_ids.iter().map(|s| s.to_string()).collect() };
    let outcome = engine.run_flow(&hunt(), params, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(outcome.state.kind, StateType::Completed, "{:?}", outcome.error);
    outcome.result.unwrap_or(Value::Null)
}

fn posting(source: &str, source_id: &str, company: &str, title: &str, place: &str) -> Posting {
    Posting {
        source: source.into(),
        source_job_id: source_id.into(),
        title: title.into(),
        company: company.into(),
        location: Some(place.into()),
        description_text: "Build things in Rust.".into(),
        ..Default::default()
    }
}

/// Imports `p` and returns its job id.
async fn import(t: &TestEngine, p: Posting) -> String {
    let now = jobhunter_engine::Clock::now(&*t.clock);
    import_postings(t.engine.store().pool(), &[p], now).await.unwrap().job_ids.remove(0)
}

async fn setup(desktop: Arc<Desktop>) -> (TestEngine, Notifier) {
    let t = open(ops_registry(), Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()).await;
    let deps = NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
        .with_desktop(desktop);
    install(&t.engine, deps.clone());
    let n = Notifier::new(&t.engine, deps);
    n.add_rule(NewRule::new(Trigger::HighMatch, "desktop")).await.unwrap();
    (t, n)
}

#[tokio::test]
async fn a_job_is_announced_once_across_hunts_reposts_and_boards() {
    let desktop = Arc::new(Desktop::default());
    let (t, n) = setup(desktop.clone()).await;
    let acme =
        import(&t, posting("greenhouse:acme", "100", "Acme GmbH", "Senior Rust Engineer", "Berlin, DE"))
            .await;

    // Hunt 1 announces the job, and a click opens its page.
    assert_eq!(run_hunt(&t.engine, &[&acme]).await["sent"], 1);
    let shown = desktop.shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].2.as_deref(), Some(format!("/jobs/{acme}").as_str()));

    // Hunt 2 finds it again: nothing.
    assert_eq!(run_hunt(&t.engine, &[&acme]).await["sent"], 0);

    // Reposted on the same board under a new id, after the old job was cleaned up: a new job
    // row with the same identity.
    sqlx::query("DELETE FROM jobs WHERE id = ?").bind(&acme).execute(t.engine.store().pool()).await.unwrap();
    let repost =
        import(&t, posting("greenhouse:acme", "205", "ACME GmbH", "Senior Rust Engineer", "Berlin")).await;
    assert_ne!(repost, acme);
    assert_eq!(run_hunt(&t.engine, &[&repost]).await["sent"], 0);

    // The same job on another board (a duplicate with its own id), alone or with the first.
    let lever = import(&t, posting("lever:acme", "x-9", "Acme", "Senior Rust Engineer", "Berlin")).await;
    assert_ne!(lever, repost);
    assert_eq!(run_hunt(&t.engine, &[&lever]).await["sent"], 0);
    assert_eq!(run_hunt(&t.engine, &[&repost, &lever]).await["sent"], 0);
    assert_eq!(desktop.titles().len(), 1, "{:?}", desktop.titles());

    // A different job is announced, alone (the old one is not listed again).
    let other = import(&t, posting("lever:beta", "7", "Beta", "Rust Developer", "Remote")).await;
    assert_eq!(run_hunt(&t.engine, &[&lever, &other]).await["sent"], 1);
    let shown = desktop.shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[1].0, format!("High match: {other}"));
    assert_eq!(shown[1].2.as_deref(), Some(format!("/jobs/{other}").as_str()));

    // Recorded: two notifications sent, one claim per identity.
    let sent = n
        .notifications(&NotificationFilter { status: Some(Status::Sent), limit: 100, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sent.len(), 2);
    let claims: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notified_jobs")
        .fetch_one(t.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(claims, 2);
}

#[tokio::test]
async fn several_new_jobs_open_the_hunts_jobs_and_a_failed_delivery_is_retried() {
    let desktop = Arc::new(Desktop::default());
    desktop.fail_first.store(1, Ordering::SeqCst);
    let (t, n) = setup(desktop.clone()).await;
    let a = import(&t, posting("greenhouse:acme", "1", "Acme", "Rust Engineer", "Berlin")).await;
    let b = import(&t, posting("greenhouse:acme", "2", "Acme", "Platform Engineer", "Berlin")).await;

    // The daemon is not there: failed, and nothing is claimed.
    assert_eq!(run_hunt(&t.engine, &[&a, &b]).await["failed"], 1);
    let failed = n
        .notifications(&NotificationFilter { status: Some(Status::Failed), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].error.as_deref().unwrap().contains("not running"), "{failed:?}");
    // The next hunt announces both; a click opens the jobs that hunt found.
    let second = t
        .engine
        .run_flow(
            &hunt(),
            HuntParams { job_ids: vec![a.clone(), b.clone()] },
            RunOptions::new("manual", "test"),
        )
        .await
        .unwrap();
    assert_eq!(second.result.unwrap()["sent"], 1);
    let shown = desktop.shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].0, "2 high-match jobs found");
    assert_eq!(shown[0].2.as_deref(), Some(format!("/jobs?hunt={}", second.flow_run_id).as_str()));
    assert_eq!(run_hunt(&t.engine, &[&b, &a]).await["sent"], 0);
}

#[tokio::test]
async fn two_hunts_finishing_together_announce_a_job_once() {
    let desktop = Arc::new(Desktop::default());
    let (t, _n) = setup(desktop.clone()).await;
    let job = import(&t, posting("greenhouse:acme", "1", "Acme", "Rust Engineer", "Berlin")).await;
    let dup = import(&t, posting("remoteok", "55", "Acme", "Rust Engineer", "Berlin")).await;
    let (one, two) = ([job.as_str()], [dup.as_str()]);
    let (x, y) = tokio::join!(run_hunt(&t.engine, &one), run_hunt(&t.engine, &two));
    assert_eq!(x["sent"].as_u64().unwrap() + y["sent"].as_u64().unwrap(), 1, "{x} {y}");
    assert_eq!(desktop.titles().len(), 1);
}

#[tokio::test]
async fn each_rule_announces_a_job_once_and_quiet_hours_claim_nothing() {
    let desktop = Arc::new(Desktop::default());
    let (t, n) = setup(desktop.clone()).await;
    let job = import(&t, posting("greenhouse:acme", "1", "Acme", "Rust Engineer", "Berlin")).await;
    let jobs = vec![HighMatch {
        job_id: job.clone(),
        title: "Rust Engineer".into(),
        company: None,
        score: 0.9,
        url: None,
    }];
    // A second desktop rule with quiet hours covering now (09:00 UTC): skipped, not claimed.
    let mut quiet = NewRule::new(Trigger::HighMatch, "desktop");
    quiet.quiet_hours = Some(jobhunter_ops::notify::QuietHours::parse("08:00-10:00", "UTC").unwrap());
    n.add_rule(quiet).await.unwrap();
    let records = n.high_matches(&jobs, None).await.unwrap();
    let statuses: Vec<Status> = records.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![Status::Sent, Status::Skipped]);
    // After the quiet hours, only the quiet rule announces it (and only once).
    t.clock.advance(chrono::Duration::hours(2));
    let again = n.high_matches(&jobs, Some(&run_id(&t.engine).await)).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].status, Status::Sent);
    assert_ne!(again[0].rule_id, records[0].rule_id);
    assert!(n.high_matches(&jobs, Some(&run_id(&t.engine).await)).await.unwrap().is_empty());
    assert_eq!(desktop.titles().len(), 2);
}

/// A finished flow run (for `high_matches` inside a run).
async fn run_id(engine: &Engine) -> String {
    engine
        .run_flow(&hunt(), HuntParams { job_ids: vec![] }, RunOptions::new("manual", "test"))
        .await
        .unwrap()
        .flow_run_id
}
