//! The rules loop: a tokio task that applies the notification rules to the engine's live
//! flow-run events. Only terminal states are acted on (Completed, Failed, Crashed): a flow
//! retry shows as Running/"Retrying", so nothing alerts before the retries are exhausted.
//!
//! Two stages keep the event bus from lagging behind a slow channel: a receiver that only
//! filters terminal flow-run states into an unbounded queue, and a worker that applies the
//! rules one run at a time (so cooldowns and the never-twice check see each other's records).

use jobhunter_engine::{Engine, EngineEvent};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;

use super::{install, Notifier, NotifyDeps};

/// The running rules loop.
pub struct RulesHandle {
    stop: watch::Sender<bool>,
    receiver: JoinHandle<()>,
    worker: JoinHandle<()>,
}

impl RulesHandle {
    /// Stops listening, lets the worker finish the runs already queued, and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.receiver.await;
        let _ = self.worker.await;
    }

    /// Stops at once; queued runs are not notified.
    pub fn abort(&self) {
        self.receiver.abort();
        self.worker.abort();
    }
}

/// Installs `deps` for the engine's notification operations and starts applying the rules
/// to every flow run that ends in this process. Subscribes before returning, so no run that
/// ends after this call is missed. Call it once per engine (desktop app, `serve`).
pub fn start_rules(engine: &Engine, deps: NotifyDeps) -> RulesHandle {
    install(engine, deps.clone());
    let notifier = Notifier::new(engine, deps);
    let mut events = engine.subscribe();
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let (queue_tx, mut queue_rx) = mpsc::unbounded_channel::<String>();
    let receiver = tokio::spawn(async move {
        loop {
            // Events first: on stop, what the bus already holds is still queued.
            let event = tokio::select! {
                biased;
                event = events.recv() => event,
                _ = stop_rx.changed() => break,
            };
            match event {
                Ok(EngineEvent::FlowRunState { flow_run_id, state, .. }) if state.kind.is_terminal() => {
                    if queue_tx.send(flow_run_id).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(
                        missed = n,
                        "notification rules missed engine events (the bus overflowed)"
                    );
                }
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    let worker = tokio::spawn(async move {
        while let Some(id) = queue_rx.recv().await {
            match notifier.on_flow_run_finished(&id).await {
                Ok(records) => {
                    for r in records {
                        tracing::info!(flow_run_id = %id, channel = %r.channel, status = r.status.as_str(), "notification rule applied");
                    }
                }
                Err(e) => {
                    tracing::warn!(flow_run_id = %id, error = %e, "could not apply the notification rules")
                }
            }
        }
    });
    RulesHandle { stop: stop_tx, receiver, worker }
}
