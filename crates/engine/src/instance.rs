//! This process's identity for crash recovery. Each engine instance holds an exclusive lock on
//! `<data dir>/instances/<id>.lock` for its lifetime and stamps the runs it executes with that
//! id. At startup, a run still marked in progress whose owner's lock file can be locked (or is
//! gone) belongs to a dead process and is marked Crashed: no heartbeats, no guessing, and a
//! second live process (the CLI beside the desktop app) is never mistaken for a dead one.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::{EngineError, Result};

pub(crate) struct Instance {
    id: String,
    path: PathBuf,
    _file: File,
}

fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("instances")
}

fn lock_path(data_dir: &Path, id: &str) -> PathBuf {
    dir(data_dir).join(format!("{id}.lock"))
}

impl Instance {
    pub fn acquire(data_dir: &Path) -> Result<Self> {
        let dir = dir(data_dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| EngineError::io(format!("cannot create {}", dir.display()), e))?;
        let id = uuid::Uuid::now_v7().to_string();
        let path = lock_path(data_dir, &id);
        // Locked under a temporary name, then renamed: a sweep by another process never sees
        // this instance's `.lock` file unlocked.
        let tmp = dir.join(format!("{id}.tmp"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(&tmp)
            .map_err(|e| EngineError::io(format!("cannot create {}", tmp.display()), e))?;
        file.try_lock().map_err(|e| {
            EngineError::io(format!("cannot lock {}", tmp.display()), std::io::Error::other(e.to_string()))
        })?;
        std::fs::rename(&tmp, &path)
            .map_err(|e| EngineError::io(format!("cannot create {}", path.display()), e))?;
        Ok(Self { id, path, _file: file })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the instance `id` still holds its lock (its process is alive).
    pub fn is_alive(data_dir: &Path, id: &str) -> bool {
        let Ok(file) = File::open(lock_path(data_dir, id)) else {
            return false;
        };
        matches!(file.try_lock(), Err(TryLockError::WouldBlock))
    }

    /// How many instances (this process's included) hold their lock on `data_dir` now.
    pub fn live_count(data_dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir(data_dir)) else { return 0 };
        entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "lock"))
            .filter_map(|e| e.path().file_stem().and_then(|s| s.to_str()).map(str::to_owned))
            .filter(|id| Self::is_alive(data_dir, id))
            .count()
    }

    pub fn remove_stale(data_dir: &Path, id: &str) {
        let _ = std::fs::remove_file(lock_path(data_dir, id));
    }

    /// Removes lock files left by dead instances that owned no open runs.
    pub fn sweep_stale(data_dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir(data_dir)) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else { continue };
            if path.extension().is_some_and(|e| e == "lock") && !Self::is_alive(data_dir, id) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
