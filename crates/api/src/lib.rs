//! JobHunter's user-facing actions: one typed function per thing a person can do, called by
//! every front end. The desktop app's Tauri commands and the `jobhunter` CLI's commands are a
//! call and a conversion around these; validation lives here once, and the types here (with
//! the engine's, through its `specta` feature) are what `ui/src/bindings.ts` is generated from.
//!
//! No Tauri: this crate builds and tests without WebKit.

pub mod applications;
pub mod backup;
pub mod channels;
pub mod dashboard;
pub mod defaults;
pub mod documents;
pub mod error;
pub mod events;
pub mod external;
pub mod flow_runs;
pub mod flows;
pub mod hunt;
pub mod hunt_summary;
pub mod jobs;
pub mod profile;
pub mod rules;
pub mod schedules;
pub mod sends;
pub mod services;
pub mod settings;
pub mod setup;
pub mod source_health;
pub mod sources;
pub mod task_runs;

use std::path::PathBuf;

pub use error::{parse_json_arg, CommandError, CommandResult};
pub use jobhunter_engine::ErrorCode;
use jobhunter_engine::{Engine, EngineError};

/// The API over one opened engine (the job-hunt flows registered). Cheap to clone.
#[derive(Clone)]
pub struct Api {
    pub engine: Engine,
}

impl Api {
    /// Opens the engine on `data_dir` (migrating the database) with the job-hunt flows.
    pub async fn open(data_dir: PathBuf) -> Result<Self, EngineError> {
        let engine = Engine::builder(data_dir).registry(jobhunter_flows::registry()).open().await?;
        Ok(Self { engine })
    }

    /// The API over an engine opened elsewhere (it must have the job-hunt flows registered).
    pub fn new(engine: Engine) -> Self {
        Self { engine }
    }
}

/// Helpers of the tests: an API on a temporary data dir.
#[cfg(test)]
pub(crate) mod test_support {
    use std::time::Duration;

    use crate::flow_runs::{self, FlowRunDetail};
    use crate::Api;

    /// A fresh API (engine + flows) on its own temporary data dir.
    pub async fn state() -> (tempfile::TempDir, Api) {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = Api::open(dir.path().to_path_buf()).await.expect("engine opens on an empty data dir");
        (dir, state)
    }

    /// Imports one Greenhouse posting ("Rust Engineer" at Acme, remote) with `description` and
    /// returns its job id.
    pub async fn import_job(state: &Api, description: &str) -> String {
        import_job_with_id(state, "1", description).await
    }

    /// [`import_job`] with the posting's id on the board (another id: another job).
    pub async fn import_job_with_id(state: &Api, source_job_id: &str, description: &str) -> String {
        let posting = jobhunter_jobs::posting::Posting {
            source: "greenhouse:acme".into(),
            source_job_id: source_job_id.into(),
            title: "Rust Engineer".into(),
            company: "Acme".into(),
            location: Some("Berlin".into()),
            remote: Some(true),
            employment_type: None,
            salary: None,
            description_text: description.into(),
            description_html: None,
            url: None,
            apply_url: None,
            apply_email: None,
            posted_at: None,
            tags: vec![],
            ..Default::default()
        };
        let pool = state.engine.store().pool();
        let imported = jobhunter_jobs::store::import_postings(pool, &[posting], chrono::Utc::now())
            .await
            .expect("the posting imports");
        imported.job_ids[0].clone()
    }

    /// Waits (at most 30 s) until flow run `id` has ended, and returns it.
    pub async fn wait_until_finished(state: &Api, id: &str) -> FlowRunDetail {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let detail = flow_runs::detail(state, id).await.expect("the run exists");
            if detail.run.state_type.is_terminal() {
                return detail;
            }
            assert!(tokio::time::Instant::now() < deadline, "run did not finish: {detail:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
