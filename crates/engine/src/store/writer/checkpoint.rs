//! The writer's checkpoints of the write-ahead log, on a thread of their own.

use std::ffi::c_int;
use std::path::Path;
use std::sync::mpsc;

use crate::store::sqlite::{RawConnection, WalHook};

/// WAL size (frames of one page) past which the checkpointer thread is woken: SQLite's own
/// automatic checkpoint threshold.
const CHECKPOINT_FRAMES: c_int = 1000;

/// WAL size past which the writer checkpoints itself after a commit, as SQLite would, because
/// the checkpointer has not kept up (about 16 MB of 4 KiB pages).
const INLINE_CHECKPOINT_FRAMES: c_int = 4000;

/// Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint runs on the
/// connection that commits, inside its commit, every 1,000 frames: copying the pages into the
/// database and two fsyncs, a pause of milliseconds for whichever task's row happened to
/// commit then. Here a thread with its own connection runs a passive checkpoint when the WAL
/// passes [`CHECKPOINT_FRAMES`]; a commit never waits for it. Durability is unchanged: a
/// commit is durable once it is in the WAL, whether or not it has been copied yet. Should the
/// thread fall behind (the WAL past [`INLINE_CHECKPOINT_FRAMES`]), or not start, the writer
/// checkpoints after its commit as SQLite would have. The thread ends with the writer's
/// connection (the hook holds the only sender).
pub(super) fn checkpointer(path: &Path) -> WalHook {
    let (wake, woken) = mpsc::sync_channel::<()>(1);
    let conn = RawConnection::open(path, 0);
    let started = conn.map_err(|e| e.message).and_then(|conn| {
        std::thread::Builder::new()
            .name("jobhunter-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    if let Err(e) = conn.checkpoint_passive() {
                        // Busy: another connection is checkpointing; the next wake tries again.
                        tracing::debug!(error = %e, "background checkpoint did not run");
                    }
                }
            })
            .map_err(|e| e.to_string())
    });
    if let Err(e) = &started {
        tracing::warn!(error = %e, "no checkpoint thread; the audit writer checkpoints after its commits");
    }
    let background = started.is_ok();
    Box::new(move |frames| {
        if !background {
            return frames >= CHECKPOINT_FRAMES;
        }
        if frames >= INLINE_CHECKPOINT_FRAMES {
            return true;
        }
        if frames >= CHECKPOINT_FRAMES {
            // Full means a wake is already pending.
            let _ = wake.try_send(());
        }
        false
    })
}
