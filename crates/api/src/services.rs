//! What runs in the background while a front end is open: the scheduler (deployments fire),
//! the notification rules, and the watch for runs whose process died. The desktop app and
//! `jobhunter serve` start and stop them through this one type, so both wind runs down the
//! same way.

use std::future::Future;
use std::time::Duration;

use jobhunter_engine::schedule::{Scheduler, SchedulerHandle};
use jobhunter_engine::{Engine, EngineError};
use jobhunter_ops::notify::{start_rules, Notifier, NotifyDeps, RulesHandle};
use tokio_util::sync::CancellationToken;

/// How often a long-lived process looks for runs left Running by a process that died: their
/// runs become Crashed (and `crashed` rules fire) within this time.
pub const OWNER_CHECK_INTERVAL: Duration = Duration::from_secs(30);

/// The running scheduler, rules loop and owner watch of one engine.
pub struct Services {
    scheduler: SchedulerHandle,
    rules: RulesHandle,
    watch: CancellationToken,
}

impl Services {
    /// Starts the rules loop first (so that it sees every run the scheduler starts), then the
    /// scheduler and the owner watch. `deps` are the notification dependencies (the app adds
    /// its native desktop notifier; the CLI uses the defaults). Runs found abandoned when the
    /// engine opened get their notification rules applied now.
    pub fn start(engine: &Engine, deps: NotifyDeps) -> Self {
        Self::start_with(engine, deps, OWNER_CHECK_INTERVAL)
    }

    /// [`Services::start`] with another owner-check interval (tests).
    pub fn start_with(engine: &Engine, deps: NotifyDeps, owner_check: Duration) -> Self {
        let notifier = Notifier::new(engine, deps.clone());
        let rules = start_rules(engine, deps);
        let recovered = engine.take_recovered_at_open();
        if !recovered.is_empty() {
            tokio::spawn(async move {
                for id in recovered {
                    if let Err(error) = notifier.on_flow_run_finished(&id).await {
                        tracing::warn!(flow_run_id = %id, %error, "could not notify about a crashed run");
                    }
                }
            });
        }
        let scheduler = Scheduler::spawn(engine);
        let watch = CancellationToken::new();
        tokio::spawn(watch_owners(engine.clone(), owner_check, watch.clone()));
        Self { scheduler, rules, watch }
    }

    /// Stops scheduling, gives runs in progress `grace` to finish (or less, once `cut_short`
    /// completes: a second signal), cancels the rest, and stops the rules loop after it has
    /// seen their end. Returns the ids of the cancelled flow runs.
    pub async fn stop(
        self,
        engine: &Engine,
        grace: Duration,
        cut_short: impl Future<Output = ()>,
    ) -> Result<Vec<String>, EngineError> {
        self.watch.cancel();
        let stopped = self.scheduler.shutdown().await;
        let cancelled = tokio::select! {
            r = engine.wind_down(grace) => r,
            () = cut_short => engine.wind_down(Duration::ZERO).await,
        };
        self.rules.stop().await;
        stopped?;
        cancelled
    }
}

/// Every `every`, marks the runs of dead processes Crashed (the engine announces them, so the
/// rules loop notifies and the scheduler looks again), until `stop`.
async fn watch_owners(engine: Engine, every: Duration, stop: CancellationToken) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await; // the engine checked when it opened
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        if let Err(error) = engine.recover_dead_owners().await {
            tracing::warn!(%error, "could not check for runs of dead processes");
        }
    }
}
