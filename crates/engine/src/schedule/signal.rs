//! The scheduler's doorbell: the engine owns one, and every deployment edit or finished
//! scheduled run rings it, so the scheduler wakes at once instead of polling.

use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// Wakes the scheduler; owned by the engine so every deployment edit can ring it.
#[derive(Debug, Default)]
pub struct ScheduleSignal {
    pub(crate) notify: Notify,
    pub(crate) dirty: AtomicBool,
}

impl ScheduleSignal {
    /// Deployments changed: reload them and recompute the next wake-up.
    pub fn changed(&self) {
        self.dirty.store(true, Ordering::SeqCst);
        self.notify.notify_one();
    }
    /// Something else worth a look (a run ended: a queued run may start).
    pub fn poke(&self) {
        self.notify.notify_one();
    }
}
