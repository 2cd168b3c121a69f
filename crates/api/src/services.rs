//! What runs in the background while a front end is open: the scheduler (deployments fire)
//! and the notification rules. The desktop app and `jobhunter serve` start and stop them
//! through this one type, so both wind runs down the same way.

use std::future::Future;
use std::time::Duration;

use jobhunter_engine::schedule::{Scheduler, SchedulerHandle};
use jobhunter_engine::{Engine, EngineError};
use jobhunter_ops::notify::{start_rules, NotifyDeps, RulesHandle};

/// The running scheduler and rules loop of one engine.
pub struct Services {
    scheduler: SchedulerHandle,
    rules: RulesHandle,
}

impl Services {
    /// Starts the rules loop first (so that it sees every run the scheduler starts), then the
    /// scheduler. `deps` are the notification dependencies (the app adds its native desktop
    /// notifier; the CLI uses the defaults).
    pub fn start(engine: &Engine, deps: NotifyDeps) -> Self {
        let rules = start_rules(engine, deps);
        let scheduler = Scheduler::spawn(engine);
        Self { scheduler, rules }
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
