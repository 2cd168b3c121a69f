//! The scheduler loop: sleeps until the next slot of any deployment is due (or a deployment
//! changes), then records what is due and hands runs to the engine.
//!
//! Why a plain tokio timer: one task, one `sleep_until(next due)`, no polling per
//! deployment, so 1,000 idle deployments cost one timer. Edits made through this process's
//! engine wake it at once (a `Notify`); edits made by another process (the CLI beside the
//! desktop app) are noticed by a one-row query every [`OTHER_PROCESS_POLL`].
//!
//! The scheduler never executes a flow itself: it creates Scheduled flow runs (in the same
//! transaction that moves the deployment's slot cursor, so a slot is handled once even with two
//! schedulers on one database) and asks the engine to start them ([`Engine::start_scheduled`]),
//! so scheduled runs behave exactly like manual and CLI ones.
//!
//! A bad deployment row (a schedule out of bounds stored by an older build, JSON that does not
//! parse) is reported ([`Tick::rejected`], a warning in the log) and left out; the others keep
//! firing. When the clock goes back (the user fixed it, a VM was restored), a slot cursor left
//! in the future is clamped to the new "now", so the schedules go on from there instead of
//! staying silent until the clock catches up with the old cursor; a slot that already has a run
//! is not run twice (the slot's unique index), and the jump back makes no slot "missed".

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::policy::{on_overlap, plan_due, summarise_skips, CatchupPolicy, OverlapAction, SlotAction};
pub use super::signal::ScheduleSignal;
use super::spec::{upcoming_merged, CompiledSchedule};
use super::store::{Deployment, SlotRow};
use crate::store::new_id;
use crate::{Engine, EngineError, Result};

/// How often the loop checks whether another process edited the deployments.
pub const OTHER_PROCESS_POLL: Duration = Duration::from_secs(5);
/// How long a deployment whose due slots could not be recorded waits before the next try.
const RETRY_AFTER_ERROR: Duration = Duration::from_secs(5);
/// How often a run waiting behind a run of another process checks whether it may start.
const QUEUE_POLL: Duration = Duration::from_secs(1);
/// Most due slots looked at individually in one go (older ones are counted).
const MAX_DUE: usize = 10_000;
/// Most due slots walked one by one in one go. Beyond, the walk jumps to the start of the
/// catch-up window (every slot older is Skipped anyway) and the summary says "at least": a 1 s
/// interval after a year off, or after the clock went back years and forward again, costs a
/// bounded walk, not 30 million steps.
const MAX_SCAN: u64 = 100_000;

struct DeploymentState {
    dep: Deployment,
    compiled: Vec<CompiledSchedule>,
    next_due: Option<DateTime<Utc>>,
    /// Scheduled runs waiting for the deployment's runs in progress to end.
    queue: VecDeque<String>,
}

/// What one [`Scheduler::tick`] did.
#[derive(Debug, Clone, Default)]
pub struct Tick {
    /// Flow runs started.
    pub started: Vec<String>,
    /// Flow runs created but waiting (overlap `queue_one`, `cancel_previous`, catch-up backlog).
    pub queued: Vec<String>,
    /// Slots recorded as Skipped.
    pub skipped: usize,
    /// When the next slot of any deployment is due.
    pub next_due: Option<DateTime<Utc>>,
    /// Deployments this scheduler leaves out because their row is bad (a schedule out of
    /// bounds or unreadable): `name (id): error`, one per deployment.
    pub rejected: Vec<String>,
}

/// The scheduler of one engine. Drive it with [`Scheduler::spawn`] (a background loop), or
/// call [`Scheduler::tick`] yourself with an injected clock (tests).
pub struct Scheduler {
    engine: Engine,
    states: HashMap<String, DeploymentState>,
    /// Deployments left out at the last reload, for [`Tick::rejected`].
    rejected: Vec<String>,
    signature: Option<(i64, String)>,
    last_poll: Option<tokio::time::Instant>,
    loaded: bool,
}

impl Scheduler {
    pub fn new(engine: &Engine) -> Self {
        Self {
            engine: engine.clone(),
            states: HashMap::new(),
            rejected: Vec::new(),
            signature: None,
            last_poll: None,
            loaded: false,
        }
    }

    /// Handles everything due at the engine clock's `now`: records due slots (runs, Late
    /// runs, Skipped ones), starts what may start, and starts queued runs whose predecessor
    /// ended.
    pub async fn tick(&mut self) -> Result<Tick> {
        self.reload_if_changed().await?;
        let now = self.engine.clock().now();
        let mut tick = Tick { rejected: self.rejected.clone(), ..Tick::default() };
        self.clamp_cursors(now).await;
        let due_ids: Vec<String> = self
            .states
            .iter()
            .filter(|(_, s)| s.next_due.is_some_and(|t| t <= now))
            .map(|(id, _)| id.clone())
            .collect();
        for id in due_ids {
            if let Err(e) = self.fire(&id, now, &mut tick).await {
                tracing::warn!(deployment_id = %id, error = %e, "could not handle due slots; retrying shortly");
                // Reload at the next tick, and retry this deployment later rather than at once.
                self.signal().dirty.store(true, Ordering::SeqCst);
                if let Some(state) = self.states.get_mut(&id) {
                    let retry = chrono::Duration::from_std(RETRY_AFTER_ERROR).unwrap_or_default();
                    state.next_due = now.checked_add_signed(retry);
                }
            }
        }
        self.start_queued(&mut tick).await?;
        tick.next_due = self.states.values().filter_map(|s| s.next_due).min();
        Ok(tick)
    }

    /// After the clock went back: a cursor in the future is moved back to `now` (in the
    /// database too, guarded like any cursor move), so the schedule fires again from `now`
    /// rather than once the clock has caught up. No slot between the two counts as missed.
    async fn clamp_cursors(&mut self, now: DateTime<Utc>) {
        let ahead: Vec<String> = self
            .states
            .iter()
            .filter(|(_, s)| s.dep.scheduled_until > now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in ahead {
            let Some(state) = self.states.get_mut(&id) else { continue };
            tracing::warn!(
                deployment = %state.dep.name,
                cursor = %state.dep.scheduled_until,
                now = %now,
                "the clock is behind this deployment's schedule cursor (it went back); scheduling from now"
            );
            match self.engine.record_slots(&state.dep, now, &[]).await {
                Ok(Some(_)) => {
                    state.dep.scheduled_until = now;
                    state.next_due = upcoming_merged(&state.compiled, now, 1).first().copied();
                }
                // Another process moved it (or paused the deployment): reload.
                Ok(None) => self.engine.schedule_signal().changed(),
                Err(e) => {
                    tracing::warn!(deployment_id = %id, error = %e, "could not move the schedule cursor back");
                    self.engine.schedule_signal().changed();
                }
            }
        }
    }

    fn signal(&self) -> &ScheduleSignal {
        self.engine.schedule_signal()
    }

    fn has_queue(&self) -> bool {
        self.states.values().any(|s| !s.queue.is_empty())
    }

    async fn reload_if_changed(&mut self) -> Result<()> {
        let dirty = self.signal().dirty.swap(false, Ordering::SeqCst);
        let poll_due = self.last_poll.is_none_or(|t| t.elapsed() >= OTHER_PROCESS_POLL);
        if !dirty && !poll_due && self.loaded {
            return Ok(());
        }
        self.last_poll = Some(tokio::time::Instant::now());
        let signature = self.engine.deployments_signature().await?;
        if !dirty && self.loaded && self.signature.as_ref() == Some(&signature) {
            return Ok(());
        }
        self.signature = Some(signature);
        self.reload().await
    }

    async fn reload(&mut self) -> Result<()> {
        let (deployments, bad) = self.engine.deployments_with_errors().await?;
        let mut old = std::mem::take(&mut self.states);
        let mut rejected: Vec<String> = bad.iter().map(|b| b.to_string()).collect();
        for b in &bad {
            tracing::warn!(deployment = %b.name, deployment_id = %b.id, error = %b.error, "unreadable deployment row; not scheduled");
        }
        for dep in deployments {
            if dep.paused {
                continue;
            }
            if self.engine.registry().flow(&dep.flow_name).is_none() {
                tracing::warn!(deployment = %dep.name, flow = %dep.flow_name, "deployment of a flow this process does not know; not scheduled here");
                continue;
            }
            let compiled = match dep.compiled() {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(deployment = %dep.name, error = %e, "deployment has a bad schedule; not scheduled");
                    rejected.push(format!("{} ({}): {e}", dep.name, dep.id));
                    continue;
                }
            };
            let mut queue = old.remove(&dep.id).map(|s| s.queue).unwrap_or_default();
            if !self.loaded {
                // Runs created by a scheduler that stopped before starting them: they start
                // (in slot order, one at a time) unless older than the catch-up window.
                let now = self.engine.clock().now();
                let window =
                    chrono::Duration::from_std(dep.catchup_window()).unwrap_or(chrono::Duration::MAX);
                for (id, expected) in self.engine.waiting_scheduled(&dep.id).await? {
                    if expected.is_some_and(|t| now.signed_duration_since(t) > window) {
                        let reason = "skipped: the scheduler stopped before starting this run, \
                                      more than the catch-up window ago";
                        self.engine.skip_scheduled(&id, reason).await?;
                    } else if !queue.contains(&id) {
                        queue.push_back(id);
                    }
                }
            }
            let next_due = upcoming_merged(&compiled, dep.scheduled_until, 1).first().copied();
            self.states.insert(dep.id.clone(), DeploymentState { dep, compiled, next_due, queue });
        }
        // Deployments paused or deleted meanwhile: their waiting runs will not start.
        for (_, state) in old {
            for id in state.queue {
                self.engine
                    .skip_scheduled(&id, "skipped: the deployment was paused or deleted before it started")
                    .await?;
            }
        }
        self.rejected = rejected;
        self.loaded = true;
        Ok(())
    }

    async fn fire(&mut self, id: &str, now: DateTime<Utc>, tick: &mut Tick) -> Result<()> {
        let state =
            self.states.get_mut(id).ok_or_else(|| EngineError::NotFound(format!("deployment '{id}'")))?;
        let dep = state.dep.clone();
        // The due slots, oldest first; beyond MAX_DUE only counted.
        let mut due: VecDeque<DateTime<Utc>> = VecDeque::new();
        let mut uncounted: u64 = 0;
        let mut first_uncounted = None;
        let mut t = dep.scheduled_until;
        let window = chrono::Duration::from_std(dep.catchup_window()).unwrap_or(chrono::Duration::MAX);
        // Slots before this are older than the catch-up window (whole seconds: the second
        // before the window's start).
        let jump_to = now
            .checked_sub_signed(window)
            .and_then(|start| start.checked_sub_signed(chrono::Duration::seconds(1)));
        let (mut scanned, mut jumped) = (0u64, false);
        while let Some(next) = upcoming_merged(&state.compiled, t, 1).first().copied() {
            if next > now {
                break;
            }
            scanned += 1;
            if scanned > MAX_SCAN && !jumped {
                if let Some(to) = jump_to.filter(|to| *to > next) {
                    jumped = true;
                    first_uncounted = first_uncounted.or(due.front().copied()).or(Some(next));
                    uncounted += due.len() as u64 + 1;
                    due.clear();
                    t = to;
                    continue;
                }
            }
            if due.len() == MAX_DUE {
                let dropped = due.pop_front();
                first_uncounted = first_uncounted.or(dropped);
                uncounted += 1;
            }
            due.push_back(next);
            t = next;
        }
        let due: Vec<DateTime<Utc>> = due.into();
        let mut actions = plan_due(now, &due, dep.catchup, dep.catchup_window());
        summarise_skips(&mut actions, uncounted, first_uncounted, jumped);

        let mut busy = if actions.iter().any(|a| matches!(a, SlotAction::Run { .. })) {
            self.engine.busy_runs(&dep.id).await?
        } else {
            Vec::new()
        };
        // A run another process left Running must not hold the deployment: before the overlap
        // policy counts it, check that its process is alive (a dead one's runs become Crashed).
        let local = self.engine.active_flow_runs();
        if busy.iter().any(|id| !local.contains(id)) {
            match self.engine.recover_dead_owners().await {
                Ok(ended) if !ended.is_empty() => busy = self.engine.busy_runs(&dep.id).await?,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not check the owners of running runs"),
            }
        }
        let mut busy_n = busy.len();
        let mut waiting = state.queue.len();
        let (mut rows, mut to_start, mut to_queue, mut cancel_previous) =
            (Vec::new(), Vec::new(), Vec::new(), false);
        let mut late_runs = 0;
        for action in actions {
            match action {
                SlotAction::Skip { at, message } => rows.push(SlotRow {
                    id: new_id(),
                    expected_start: at,
                    skipped: true,
                    late: false,
                    message: Some(message),
                }),
                SlotAction::Run { at, late, message } => {
                    let backlog = late && dep.catchup == CatchupPolicy::All && late_runs > 0;
                    late_runs += usize::from(late);
                    let decision =
                        if backlog { OverlapAction::Queue } else { on_overlap(dep.overlap, busy_n, waiting) };
                    let run_id = new_id();
                    match decision {
                        OverlapAction::Skip(reason) => {
                            rows.push(SlotRow {
                                id: run_id,
                                expected_start: at,
                                skipped: true,
                                late,
                                message: Some(reason),
                            });
                            continue;
                        }
                        OverlapAction::Start => {
                            busy_n += 1;
                            to_start.push(run_id.clone());
                        }
                        OverlapAction::Queue => {
                            waiting += 1;
                            to_queue.push(run_id.clone());
                        }
                        OverlapAction::CancelPreviousThenStart => {
                            cancel_previous = true;
                            waiting += 1;
                            to_queue.push(run_id.clone());
                        }
                    }
                    rows.push(SlotRow { id: run_id, expected_start: at, skipped: false, late, message });
                }
            }
        }
        let Some(inserted) = self.engine.record_slots(&dep, now, &rows).await? else {
            // Another process handled these slots first.
            self.signal().changed();
            return Ok(());
        };
        // A slot that already had a run (the clock went back over it) is not run again.
        let inserted: HashSet<String> = inserted.into_iter().collect();
        to_start.retain(|r| inserted.contains(r));
        to_queue.retain(|r| inserted.contains(r));
        let cancel_previous = cancel_previous && !to_queue.is_empty();
        tick.skipped += rows.iter().filter(|r| r.skipped && inserted.contains(&r.id)).count();
        let state = self.states.get_mut(id).expect("state still present");
        state.dep.scheduled_until = now;
        state.next_due = upcoming_merged(&state.compiled, now, 1).first().copied();
        state.queue.extend(to_queue.iter().cloned());
        tick.queued.extend(to_queue);
        if cancel_previous {
            for run in &busy {
                tracing::info!(flow_run_id = %run, deployment = %dep.name, "cancelling the previous run (overlap policy cancel_previous)");
                self.engine.cancel_flow_run(run).await?;
            }
        }
        for run in to_start {
            if self.start(&run).await {
                tick.started.push(run);
            }
        }
        Ok(())
    }

    /// Starts, for each deployment with waiting runs and nothing in progress, the oldest one.
    async fn start_queued(&mut self, tick: &mut Tick) -> Result<()> {
        let ids: Vec<String> =
            self.states.iter().filter(|(_, s)| !s.queue.is_empty()).map(|(id, _)| id.clone()).collect();
        for id in ids {
            if !self.engine.busy_runs(&id).await?.is_empty() {
                continue;
            }
            let Some(run) = self.states.get_mut(&id).and_then(|s| s.queue.pop_front()) else { continue };
            if self.start(&run).await {
                tick.started.push(run);
            }
        }
        Ok(())
    }

    /// Starts a Scheduled run; when it ends, the loop wakes (a queued run may follow).
    async fn start(&self, run: &str) -> bool {
        match self.engine.start_scheduled(run).await {
            Ok(handle) => {
                let engine = self.engine.clone();
                tokio::spawn(async move {
                    handle.wait().await;
                    engine.schedule_signal().poke();
                });
                true
            }
            Err(EngineError::Conflict(_)) => false,
            Err(e) => {
                tracing::error!(flow_run_id = %run, error = %e, "could not start a scheduled run");
                false
            }
        }
    }

    /// Records the runs still waiting as Skipped (the scheduler stops before starting them).
    pub async fn stop(&mut self) -> Result<()> {
        for state in self.states.values_mut() {
            for id in state.queue.drain(..) {
                self.engine
                    .skip_scheduled(&id, "skipped: the scheduler stopped before this run could start")
                    .await?;
            }
        }
        Ok(())
    }

    /// Runs the scheduler in the background until [`SchedulerHandle::shutdown`].
    pub fn spawn(engine: &Engine) -> SchedulerHandle {
        let token = CancellationToken::new();
        let mut scheduler = Scheduler::new(engine);
        let stop = token.clone();
        let join = tokio::spawn(async move {
            loop {
                let next_due = match scheduler.tick().await {
                    Ok(tick) => tick.next_due,
                    Err(e) => {
                        tracing::warn!(error = %e, "scheduler tick failed; retrying shortly");
                        None
                    }
                };
                let now = scheduler.engine.clock().now();
                let mut wait = OTHER_PROCESS_POLL;
                if let Some(due) = next_due {
                    // A millisecond late rather than early: the clock must have reached it.
                    let until = due
                        .signed_duration_since(now)
                        .to_std()
                        .unwrap_or_default()
                        .saturating_add(Duration::from_millis(1));
                    wait = wait.min(until);
                }
                if scheduler.has_queue() {
                    wait = wait.min(QUEUE_POLL);
                }
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = scheduler.engine.schedule_signal().notify.notified() => {}
                    _ = stop.cancelled() => break,
                }
            }
            scheduler.stop().await
        });
        SchedulerHandle { token, join }
    }
}

/// A running scheduler loop.
pub struct SchedulerHandle {
    token: CancellationToken,
    join: tokio::task::JoinHandle<Result<()>>,
}

impl SchedulerHandle {
    /// Stops the loop: no new runs are created or started; runs still waiting are recorded
    /// as Skipped. Runs in progress are not touched (see [`Engine::active_flow_runs`]).
    pub async fn shutdown(self) -> Result<()> {
        self.token.cancel();
        self.join.await.map_err(|e| EngineError::Writer(format!("the scheduler task failed: {e}")))?
    }
}
