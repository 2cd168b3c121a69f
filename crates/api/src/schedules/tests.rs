//! Tests of the deployment commands: hunt defaults, the schedule preview and its bounds,
//! pause, resume, run now, create, edit and delete.

use chrono::TimeZone;

use super::*;
use crate::test_support::{state, wait_until_finished};

/// A hunt's schedule made with no job sites, as the app's editor sends it by default.
fn hunt_input(flow: &str, parameters: Option<&str>) -> DeploymentInput {
    DeploymentInput {
        name: format!("{flow} in words"),
        flow_name: flow.into(),
        parameters_json: parameters.map(str::to_owned),
        schedule: "30 7 * * 1,3,5".into(),
        timezone: "Europe/Berlin".into(),
        catchup: "latest_once".into(),
        overlap: "skip".into(),
        paused: false,
        ..serde_json::from_value(serde_json::json!({
            "name": "", "flowName": "", "schedule": "", "timezone": "", "catchup": "", "overlap": "",
            "paused": false
        }))
        .expect("a DeploymentInput with its defaults")
    }
}

#[tokio::test]
async fn a_hunt_schedule_without_job_sites_takes_what_i_am_looking_for() {
    let (_dir, state) = state().await;
    // Nothing saved yet: refused, saying what is missing and where to choose it.
    for flow in HUNT_FLOWS {
        for params in [None, Some("{}"), Some(r#"{"sources": []}"#)] {
            let e = create(&state, hunt_input(flow, params)).await.unwrap_err();
            assert_eq!(e.code, "invalid_input", "{flow}: {}", e.message);
            assert!(e.message.starts_with("sources: choose at least one job site first"), "{}", e.message);
        }
    }
    assert!(list(&state).await.unwrap().is_empty(), "nothing is stored");

    // The setup's "Where to search" and "what I'm looking for" are saved.
    crate::setup::save_sources(&state, vec!["remoteok".into(), "greenhouse:acme".into()], "UTC")
        .await
        .unwrap();
    let resume = r#"{"basics": {"name": "Ada"}, "preferences": {"keywords": ["Rust engineer", " "]}}"#;
    jobhunter_ops::profile::import(state.engine.store().pool(), resume, Utc::now()).await.unwrap();

    let hunt = create(&state, hunt_input("daily_job_hunt", Some("{}"))).await.unwrap();
    assert_eq!(hunt.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));
    // The daily hunt reads the profile's phrases at each run: none are copied.
    assert_eq!(hunt.parameters["keywords"], serde_json::json!([]), "{}", hunt.parameters);
    assert_eq!(hunt.flow_title, "Daily job hunt");

    let scrape = create(&state, hunt_input("scrape_and_process", None)).await.unwrap();
    assert_eq!(scrape.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));
    assert_eq!(scrape.parameters["keywords"], serde_json::json!(["Rust engineer"]));
    assert_eq!(scrape.flow_title, "Scrape and process");

    // What the user chose stays; an edit that clears the sites gets the saved ones back.
    let own = r#"{"sources": ["arbeitnow"], "keywords": ["go"]}"#;
    let mine = create(
        &state,
        DeploymentInput { name: "mine".into(), ..hunt_input("scrape_and_process", Some(own)) },
    )
    .await
    .unwrap();
    assert_eq!(mine.parameters["sources"], serde_json::json!(["arbeitnow"]));
    assert_eq!(mine.parameters["keywords"], serde_json::json!(["go"]));
    let edited = update(
        &state,
        &mine.id,
        DeploymentInput {
            name: "mine".into(),
            ..hunt_input("scrape_and_process", Some(r#"{"sources": []}"#))
        },
    )
    .await
    .unwrap();
    assert_eq!(edited.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));

    // Other flows are left as given.
    let maintenance = create(&state, hunt_input("maintenance", Some("{}"))).await.unwrap();
    assert_eq!(maintenance.parameters, serde_json::json!({"cleanup_days": null}));
    assert_eq!(maintenance.flow_title, "Maintenance");
    state.engine.close().await.unwrap();
}

#[test]
fn previews_cron_and_interval_in_the_zone() {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap();
    let p = preview("0 9 * * *", "Europe/Berlin", 3, now).unwrap();
    assert_eq!(p.description, "cron 0 9 * * * (Europe/Berlin)");
    assert_eq!(
        p.next_runs,
        ["2026-11-26T09:00:00+01:00", "2026-11-27T09:00:00+01:00", "2026-11-28T09:00:00+01:00"]
    );
    let p = preview("6h", "UTC", 2, now).unwrap();
    assert_eq!(p.description, "every 6h (UTC)");
    assert_eq!(p.next_runs, ["2026-11-26T13:30:00+00:00", "2026-11-26T19:30:00+00:00"]);

    let error = preview("61 * * * *", "UTC", 5, now).unwrap_err();
    assert_eq!(error.code, "invalid_input");
    assert!(error.message.starts_with("cron_or_interval:"), "{}", error.message);
    let error = preview("0 9 * * *", "Mars/Olympus", 5, now).unwrap_err();
    assert!(error.message.starts_with("tz:") && error.message.contains("Mars/Olympus"), "{}", error.message);
    assert_eq!(preview("", "UTC", 5, now).unwrap_err().code, "invalid_input");
}

#[tokio::test]
async fn pause_resume_and_run_now() {
    let (_dir, state) = state().await;
    assert!(list(&state).await.unwrap().is_empty());
    assert_eq!(pause(&state, "nope").await.unwrap_err().code, "not_found");

    let schedule = Schedule::cron("0 3 * * *", "UTC").unwrap();
    let spec = DeploymentSpec::new("nightly-maintenance", "maintenance", vec![schedule]);
    let created = state.engine.create_deployment(spec).await.unwrap();
    let listed = list(&state).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].next_runs.len(), NEXT_RUNS);
    assert_eq!(listed[0].schedules[0].kind, ScheduleKind::Cron);

    let paused = pause(&state, &created.id).await.unwrap();
    assert!(paused.paused && paused.next_runs.is_empty());
    let resumed = resume(&state, "nightly-maintenance").await.unwrap();
    assert!(!resumed.paused);

    let run_id = run_now(&state, &created.id).await.unwrap();
    let detail = wait_until_finished(&state, &run_id).await;
    assert_eq!(detail.run.state_name, "Completed");
    assert_eq!(detail.deployment_id.as_deref(), Some(created.id.as_str()));
    state.engine.close().await.unwrap();
}

#[test]
fn a_schedule_out_of_bounds_is_refused_by_the_preview() {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap();
    for bad in ["10000000000000000s", "9000000000000s", "367d", "0s", "0 0 30 2 *"] {
        let e = preview(bad, "UTC", 5, now).unwrap_err();
        assert_eq!(e.code, "invalid_input", "{bad}: {}", e.message);
        assert!(e.message.starts_with("cron_or_interval:"), "{bad}: {}", e.message);
    }
    assert_eq!(preview("366d", "UTC", 1, now).unwrap().next_runs, ["2027-11-27T07:30:00+00:00"]);
}

#[tokio::test]
async fn a_schedule_out_of_bounds_is_refused_and_a_stored_one_lists_without_next_runs() {
    let (_dir, state) = state().await;
    let input = DeploymentInput {
        name: "big".into(),
        flow_name: "maintenance".into(),
        parameters_json: None,
        schedule: "9000000000000s".into(),
        timezone: "UTC".into(),
        catchup: "skip".into(),
        overlap: "skip".into(),
        paused: false,
        tags: None,
    };
    let e = create(&state, input.clone()).await.unwrap_err();
    assert_eq!(e.code, "invalid_input", "{}", e.message);
    assert!(e.message.starts_with("schedule:"), "{}", e.message);
    assert!(list(&state).await.unwrap().is_empty(), "nothing is stored");

    // Rows an older build stored: one with the huge interval, one unreadable.
    for name in ["big", "broken", "good"] {
        create(&state, DeploymentInput { name: name.into(), schedule: "1h".into(), ..input.clone() })
            .await
            .unwrap();
    }
    let huge = serde_json::json!([{
        "kind": "interval", "every_secs": 9_000_000_000_000u64, "anchor": "2026-01-01T00:00:00Z", "timezone": "UTC"
    }]);
    for (name, schedules) in [("big", huge.to_string()), ("broken", "not json".to_owned())] {
        sqlx::query("UPDATE deployments SET schedules = ? WHERE name = ?")
            .bind(schedules)
            .bind(name)
            .execute(state.engine.store().pool())
            .await
            .unwrap();
    }
    let listed = list(&state).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["big", "good"]);
    assert!(listed[0].next_runs.is_empty());
    assert_eq!(listed[1].next_runs.len(), NEXT_RUNS);
    // The unreadable row still holds its name.
    let e = create(&state, DeploymentInput { name: "broken".into(), schedule: "1h".into(), ..input })
        .await
        .unwrap_err();
    assert!(e.message.starts_with("name:"), "{}", e.message);
    state.engine.close().await.unwrap();
}

#[tokio::test]
async fn create_edit_and_delete_from_the_editor() {
    let (_dir, state) = state().await;
    let input = DeploymentInput {
        name: "weekday-hunt".into(),
        flow_name: "maintenance".into(),
        parameters_json: Some(r#"{"cleanup_days": 14}"#.into()),
        schedule: "0 9 * * 1-5".into(),
        timezone: "Europe/Berlin".into(),
        catchup: "skip".into(),
        overlap: "queue_one".into(),
        paused: false,
        tags: Some(vec!["weekly".into(), " weekly ".into(), "".into()]),
    };
    let created = create(&state, input.clone()).await.unwrap();
    assert_eq!(created.tags, ["weekly"], "trimmed, without blanks or repeats");
    assert_eq!(created.schedules[0].description, "cron 0 9 * * 1-5 (Europe/Berlin)");
    assert_eq!((created.catchup.as_str(), created.overlap.as_str()), ("skip", "queue_one"));
    assert_eq!(created.parameters["cleanup_days"], 14);
    assert_eq!(created.next_runs.len(), NEXT_RUNS);

    let edited = update(
        &state,
        &created.id,
        DeploymentInput { schedule: "6h".into(), timezone: "UTC".into(), paused: true, ..input.clone() },
    )
    .await
    .unwrap();
    assert_eq!(edited.schedules[0].description, "every 6h (UTC)");
    assert!(edited.paused && edited.next_runs.is_empty());
    assert_eq!(edited.tags, ["weekly"]);
    let untagged = DeploymentInput { tags: None, ..input.clone() };
    assert_eq!(update(&state, &created.id, untagged).await.unwrap().tags, ["weekly"], "absent: kept");
    let retagged = DeploymentInput { tags: Some(vec!["cleanup".into()]), ..input.clone() };
    assert_eq!(update(&state, &created.id, retagged).await.unwrap().tags, ["cleanup"]);
    let bad = DeploymentInput { tags: Some(vec!["a,b".into()]), ..input.clone() };
    let e = update(&state, &created.id, bad).await.unwrap_err();
    assert!(e.message.starts_with("tags:"), "{}", e.message);
    // Back to the 6-hour interval for what follows.
    update(
        &state,
        &created.id,
        DeploymentInput { schedule: "6h".into(), timezone: "UTC".into(), paused: true, ..input.clone() },
    )
    .await
    .unwrap();
    // Saving again without touching the interval keeps its anchor (and so its runs).
    let anchor = |d: &Deployment| match &d.schedules[0] {
        Schedule::Interval { anchor, .. } => *anchor,
        other => panic!("{other:?}"),
    };
    let before = anchor(&state.engine.deployment(&created.id).await.unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    update(
        &state,
        &created.id,
        DeploymentInput {
            name: "renamed".into(),
            schedule: "6h".into(),
            timezone: "UTC".into(),
            paused: true,
            ..input.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(anchor(&state.engine.deployment(&created.id).await.unwrap()), before);
    // Names stay unique, and the error names the field.
    create(&state, DeploymentInput { name: "other".into(), ..input.clone() }).await.unwrap();
    let e = update(&state, &created.id, DeploymentInput { name: "other".into(), ..input.clone() })
        .await
        .unwrap_err();
    assert!(e.message.starts_with("name:"), "{}", e.message);
    let e = create(&state, DeploymentInput { name: "renamed".into(), ..input.clone() }).await.unwrap_err();
    assert!(e.message.starts_with("name:"), "{}", e.message);

    for (bad, field) in [
        (DeploymentInput { name: " ".into(), ..input.clone() }, "name:"),
        (DeploymentInput { flow_name: "nope".into(), ..input.clone() }, "flowName:"),
        (DeploymentInput { parameters_json: Some("[1]".into()), ..input.clone() }, "parametersJson:"),
        (
            DeploymentInput { parameters_json: Some(r#"{"cleanup_days": "x"}"#.into()), ..input.clone() },
            "parametersJson:",
        ),
        (DeploymentInput { schedule: "61 * * * *".into(), ..input.clone() }, "schedule:"),
        (DeploymentInput { timezone: "Mars/Base".into(), ..input.clone() }, "timezone:"),
        (DeploymentInput { catchup: "sometimes".into(), ..input.clone() }, "catchup:"),
        (DeploymentInput { overlap: "never".into(), ..input.clone() }, "overlap:"),
    ] {
        let e = create(&state, bad).await.unwrap_err();
        assert!(e.message.starts_with(field), "{field}: {}", e.message);
    }
    let e = update(&state, &created.id, DeploymentInput { flow_name: "daily_digest".into(), ..input })
        .await
        .unwrap_err();
    assert!(e.message.starts_with("flowName:"), "{}", e.message);

    state.engine.delete_deployment(&created.id).await.unwrap();
    assert_eq!(list(&state).await.unwrap().len(), 1);
    state.engine.close().await.unwrap();
}
