//! The engine handle: owns the store, the clock, the registry, the concurrency limits and this
//! process's identity. Opening it recovers runs that a dead process left in progress.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::events::{EngineEvent, EventBus};
use crate::extensions::Extensions;
use crate::instance::Instance;
use crate::store::Store;
use crate::{Clock, EngineError, OpError, Registry, Result, SystemClock, TaskPolicy, TaskRunStatus};

/// Name of the database file inside the data dir.
pub const DATABASE_FILE: &str = "jobhunter.db";

/// The platform data dir shared by the desktop app and the CLI (`~/.local/share/jobhunter`).
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("jobhunter")
}

/// `explicit`, else `$JOBHUNTER_DATA_DIR`, else [`default_data_dir`].
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("JOBHUNTER_DATA_DIR").filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_data_dir)
}

/// Configures and opens an [`Engine`].
pub struct EngineBuilder {
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    registry: Registry,
    limits: Vec<(String, usize)>,
}

impl EngineBuilder {
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
    pub fn registry(mut self, registry: Registry) -> Self {
        self.registry = registry;
        self
    }
    /// At most `max` operations carrying `tag` run at once in this process.
    pub fn concurrency_limit(mut self, tag: &str, max: usize) -> Self {
        self.limits.push((tag.to_owned(), max));
        self
    }

    #[tracing::instrument(skip(self), fields(data_dir = %self.data_dir.display()))]
    pub async fn open(self) -> Result<Engine> {
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| EngineError::io(format!("cannot create data dir {}", self.data_dir.display()), e))?;
        let instance = Instance::acquire(&self.data_dir)?;
        let store = Store::open(&self.data_dir.join(DATABASE_FILE)).await?;
        let limits =
            self.limits.into_iter().map(|(tag, max)| (tag, Arc::new(Semaphore::new(max.max(1))))).collect();
        let engine = Engine {
            inner: Arc::new(Inner {
                data_dir: self.data_dir,
                store,
                clock: self.clock,
                registry: self.registry,
                instance,
                limits: RwLock::new(limits),
                active: Mutex::new(HashMap::new()),
                events: EventBus::new(),
                schedule: crate::schedule::ScheduleSignal::default(),
                extensions: Extensions::default(),
                recovered_at_open: Mutex::new(Vec::new()),
            }),
        };
        let recovered = engine.recover_dead_owners().await?;
        *engine.inner.recovered_at_open.lock().expect("recovered lock") = recovered;
        spawn_cancel_watcher(Arc::downgrade(&engine.inner));
        Ok(engine)
    }
}

pub(crate) struct Inner {
    data_dir: PathBuf,
    store: Store,
    clock: Arc<dyn Clock>,
    registry: Registry,
    instance: Instance,
    limits: RwLock<HashMap<String, Arc<Semaphore>>>,
    /// Flow runs executing in this process, by id.
    active: Mutex<HashMap<String, CancellationToken>>,
    events: EventBus,
    /// Wakes the scheduler when deployments change or a scheduled run ends.
    schedule: crate::schedule::ScheduleSignal,
    /// Typed values the crates built on the engine keep per engine instance.
    extensions: Extensions,
    /// Flow runs found abandoned (and marked Crashed) when this engine opened.
    recovered_at_open: Mutex<Vec<String>>,
}

/// The embedded workflow engine. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<Inner>,
}

/// What a direct (or replayed) operation call produced.
#[derive(Debug, Clone, Serialize)]
pub struct CallOutcome {
    /// The TaskRun row of the last attempt.
    pub taskrun_id: String,
    /// Groups the attempts of this call (`task_run_id` column).
    pub call_id: String,
    pub status: TaskRunStatus,
    pub attempts: u32,
    pub output: Option<Value>,
    #[serde(skip)]
    pub error: Option<OpError>,
}

impl Engine {
    pub fn builder(data_dir: impl Into<PathBuf>) -> EngineBuilder {
        EngineBuilder {
            data_dir: data_dir.into(),
            clock: Arc::new(SystemClock),
            registry: Registry::default(),
            limits: Vec::new(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }
    pub fn clock(&self) -> &dyn Clock {
        &*self.inner.clock
    }
    pub fn registry(&self) -> &Registry {
        &self.inner.registry
    }
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }
    /// This process's engine instance id (owner of the runs it executes).
    pub fn instance_id(&self) -> &str {
        self.inner.instance.id()
    }
    /// Typed values owned by this engine (shared by its clones), e.g. the dependencies of
    /// operations that the host process provides.
    pub fn extensions(&self) -> &Extensions {
        &self.inner.extensions
    }

    /// Live events of this engine (flow-run states, task runs, logs).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    pub(crate) fn emit(&self, make: impl FnOnce() -> EngineEvent) {
        self.inner.events.emit(make)
    }

    /// Sets (or replaces) the concurrency limit of `tag`.
    pub fn set_concurrency_limit(&self, tag: &str, max: usize) {
        self.inner
            .limits
            .write()
            .expect("limits lock")
            .insert(tag.to_owned(), Arc::new(Semaphore::new(max.max(1))));
    }

    /// Waits for a slot under every limited tag in `tags` (in a fixed order: no deadlock).
    pub(crate) async fn acquire_limits(&self, tags: &[String]) -> Vec<OwnedSemaphorePermit> {
        let semaphores: Vec<Arc<Semaphore>> = {
            let limits = self.inner.limits.read().expect("limits lock");
            if limits.is_empty() {
                return Vec::new();
            }
            let mut sorted: Vec<&String> = tags.iter().collect();
            sorted.sort();
            sorted.dedup();
            sorted.into_iter().filter_map(|t| limits.get(t).cloned()).collect()
        };
        let mut permits = Vec::with_capacity(semaphores.len());
        for s in semaphores {
            permits.push(s.acquire_owned().await.expect("semaphores are never closed"));
        }
        permits
    }

    /// Runs the registered operation `name` on JSON `input`, directly (one attempt, or the
    /// policy of an enclosing flow task if called from one). Bad input is rejected before
    /// anything runs, with a message naming the field.
    #[tracing::instrument(skip(self, input), fields(operation = %name))]
    pub async fn run_operation(&self, name: &str, input: Value, actor: &str) -> Result<CallOutcome> {
        self.run_registered(name, input, actor, None).await
    }

    /// Re-executes the operation of TaskRun `taskrun_id` with its recorded input, or with
    /// `edited_input`; the new TaskRun records `replay_of`.
    #[tracing::instrument(skip(self, edited_input))]
    pub async fn replay(
        &self,
        taskrun_id: &str,
        edited_input: Option<Value>,
        actor: &str,
    ) -> Result<CallOutcome> {
        let original = self.store().get_task_run(taskrun_id).await?;
        let input = edited_input.unwrap_or(original.input_dump);
        self.run_registered(&original.operation_name, input, actor, Some(original.id)).await
    }

    async fn run_registered(
        &self,
        name: &str,
        input: Value,
        actor: &str,
        replay_of: Option<String>,
    ) -> Result<CallOutcome> {
        let op =
            self.registry().operation(name).ok_or_else(|| EngineError::UnknownOperation(name.to_owned()))?;
        op.validate_input(&input).map_err(|e| EngineError::Invalid(e.message))?;
        let call = crate::task::Call {
            task_name: name.to_owned(),
            op,
            input,
            policy: std::sync::Arc::new(TaskPolicy::default()),
            actor: Some(actor.to_owned()),
            replay_of,
            under_way: None,
        };
        Ok(self.execute(call).await)
    }

    pub(crate) fn schedule_signal(&self) -> &crate::schedule::ScheduleSignal {
        &self.inner.schedule
    }

    /// Ids of the flow runs executing in this process.
    pub fn active_flow_runs(&self) -> Vec<String> {
        self.inner.active.lock().expect("active lock").keys().cloned().collect()
    }

    pub(crate) fn register_active(&self, flow_run_id: &str, token: CancellationToken) {
        self.inner.active.lock().expect("active lock").insert(flow_run_id.to_owned(), token);
    }

    pub(crate) fn unregister_active(&self, flow_run_id: &str) {
        self.inner.active.lock().expect("active lock").remove(flow_run_id);
    }

    pub(crate) fn active_token(&self, flow_run_id: &str) -> Option<CancellationToken> {
        self.inner.active.lock().expect("active lock").get(flow_run_id).cloned()
    }

    /// Marks the runs that engine instances which no longer exist left in progress as Crashed,
    /// and announces each as a `FlowRunState` event (so `crashed` notification rules fire and
    /// a deployment whose run it was may start again). A second live process is never taken
    /// for a dead one: an instance is dead when its lock file can be taken. Called at open and
    /// by long-lived processes every little while (see `jobhunter-api`'s services); returns the
    /// ids of the flow runs it ended.
    pub async fn recover_dead_owners(&self) -> Result<Vec<String>> {
        let now = self.clock().now();
        let mut ended = Vec::new();
        for owner in self.store().owners_of_open_runs().await? {
            if owner == self.instance_id() || Instance::is_alive(self.data_dir(), &owner) {
                continue;
            }
            let (flows, tasks) = self.store().mark_crashed(&owner, now).await?;
            tracing::warn!(owner, flows = flows.len(), tasks, "marked runs of a dead process as Crashed");
            Instance::remove_stale(self.data_dir(), &owner);
            for (flow_run_id, flow_name, deployment_id) in flows {
                self.emit(|| EngineEvent::FlowRunState {
                    flow_run_id: flow_run_id.clone(),
                    flow_name,
                    deployment_id,
                    state: crate::State::crashed(),
                    error: Some("the process running this flow exited before it finished".into()),
                });
                ended.push(flow_run_id);
            }
        }
        if !ended.is_empty() {
            // A deployment that skipped slots behind the dead run may start again.
            self.schedule_signal().poke();
        }
        Instance::sweep_stale(self.data_dir());
        Ok(ended)
    }

    /// The flow runs marked Crashed when this engine opened (they ended before anyone could
    /// subscribe to the events); the first caller takes them, e.g. to apply notification rules.
    pub fn take_recovered_at_open(&self) -> Vec<String> {
        std::mem::take(&mut *self.inner.recovered_at_open.lock().expect("recovered lock"))
    }

    /// Flushes pending writes and releases this process's instance lock.
    pub async fn close(&self) -> Result<()> {
        self.store().close().await
    }
}

/// How often an engine with flow runs in progress checks whether another process asked to
/// cancel one of them. Nothing is queried while no flow runs here.
const CANCEL_POLL: Duration = Duration::from_millis(250);

fn spawn_cancel_watcher(inner: Weak<Inner>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CANCEL_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(inner) = inner.upgrade() else { return };
            let engine = Engine { inner };
            if engine.inner.active.lock().expect("active lock").is_empty() {
                continue;
            }
            match engine.store().cancel_requests(engine.instance_id()).await {
                Ok(ids) => {
                    for id in ids {
                        if let Some(token) = engine.active_token(&id) {
                            tracing::info!(flow_run_id = %id, "cancellation requested by another process");
                            token.cancel();
                        }
                    }
                }
                Err(e) => tracing::debug!(error = %e, "cancel watcher query failed"),
            }
        }
    });
}
