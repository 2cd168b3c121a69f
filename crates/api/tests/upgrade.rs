//! Upgrades keep data: every database snapshot in tests/fixtures/db (made by a release's own
//! CLI with `scripts/make-db-snapshot`, with rows in every table) is opened with today's code.
//! The migrations run, a copy of the old file is kept beside it, every row is still there, and
//! the app's actions read it all.

use std::path::{Path, PathBuf};

use jobhunter_api::{
    applications, channels, documents, flow_runs, jobs, profile, rules, schedules, settings, Api,
};
use jobhunter_engine::DATABASE_FILE;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

fn snapshots() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/db");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no snapshots in {}", dir.display());
    found
}

/// Row counts of every table of the database at `path` (opened read-only).
async fn row_counts(path: &Path) -> Vec<(String, i64)> {
    let mut conn = SqliteConnectOptions::new().filename(path).read_only(true).connect().await.expect("open");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    let mut counts = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(&mut conn)
            .await
            .expect("count");
        counts.push((table, n));
    }
    conn.close().await.expect("close");
    counts
}

#[tokio::test]
async fn every_snapshot_upgrades_without_losing_a_row() {
    for snapshot in snapshots() {
        let name = snapshot.display().to_string();
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join(DATABASE_FILE);
        std::fs::copy(&snapshot, &db).expect("copy the snapshot");
        let before = row_counts(&db).await;
        assert!(before.iter().all(|(_, n)| *n > 0), "{name}: the snapshot has an empty table: {before:?}");

        let api = Api::open(dir.path().to_path_buf()).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(api.engine.store().integrity_check().await.expect("integrity"), "ok", "{name}");

        // A copy of the old database, taken before the migrations, is kept beside it (when
        // there were migrations to run).
        let old_versions = before.iter().find(|(t, _)| t == "_sqlx_migrations").map(|(_, n)| *n).unwrap();
        let upgraded = jobhunter_engine::store::MIGRATOR.iter().count() as i64 > old_versions;
        let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("data dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("jobhunter.db.before-upgrade-"))
            .collect();
        assert_eq!(backups.len(), usize::from(upgraded), "{name}: {backups:?}");
        for backup in &backups {
            assert_eq!(row_counts(backup).await, before, "{name}: the copy is the old database");
        }

        // Every old row is still there (new migrations may only add).
        let after = row_counts(&db).await;
        for (table, n) in &before {
            let now = after.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
            if table == "_sqlx_migrations" {
                assert!(now.unwrap_or(0) >= old_versions, "{name}");
            } else {
                assert_eq!(now, Some(*n), "{name}: table {table}");
            }
        }

        // And the app reads it all.
        let runs = flow_runs::search(&api, Default::default()).await.expect("flow runs");
        assert_eq!(runs.len() as i64, count(&before, "flow_runs"), "{name}");
        let page = jobs::list(&api, Default::default()).await.expect("jobs");
        assert_eq!(page.total as i64, count(&before, "jobs"), "{name}");
        let job = jobs::get(&api, &page.items[0].id).await.expect("a job");
        assert!(!job.found_on.is_null(), "{name}");
        let stored = profile::get(&api).await.expect("profile").expect("a profile");
        assert!(!stored.name.is_empty(), "{name}");
        assert_eq!(
            schedules::list(&api).await.expect("deployments").len() as i64,
            count(&before, "deployments")
        );
        let apps = applications::list(&api, None).await.expect("applications");
        assert_eq!(apps.len() as i64, count(&before, "applications"), "{name}");
        assert!(!apps[0].history.is_empty(), "{name}");
        let docs = documents::list(&api, None).await.expect("documents");
        assert_eq!(docs.len() as i64, count(&before, "documents"), "{name}");
        assert!(channels::list(&api).await.expect("channels").iter().any(|c| c.kind == "webhook"), "{name}");
        assert_eq!(rules::list(&api).await.expect("rules").len() as i64, count(&before, "notify_rules"));
        settings::get(&api).await.expect("settings");
        api.engine.close().await.expect("close");

        // Opening again neither migrates nor copies again.
        let api = Api::open(dir.path().to_path_buf()).await.expect("reopen");
        api.engine.close().await.expect("close");
        let copies = std::fs::read_dir(dir.path())
            .expect("data dir")
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("before-upgrade"))
            .count();
        assert_eq!(copies, usize::from(upgraded), "{name}");
    }
}

fn count(counts: &[(String, i64)], table: &str) -> i64 {
    counts.iter().find(|(t, _)| t == table).map(|(_, n)| *n).unwrap_or_else(|| panic!("no table {table}"))
}

/// A database without migrations run yet (a new install) is not copied.
#[tokio::test]
async fn a_new_database_is_not_copied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Api::open(dir.path().to_path_buf()).await.expect("open");
    api.engine.close().await.expect("close");
    let copies = std::fs::read_dir(dir.path())
        .expect("data dir")
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("before-upgrade"))
        .count();
    assert_eq!(copies, 0);
}
