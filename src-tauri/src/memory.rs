//! Giving memory back once the window is gone (Linux): the tray-only app should weigh what it
//! needs, not what the window needed (issue #16).
//!
//! Destroying the window ends WebKit's web process, but the app's own process keeps two things
//! from the window's time: heap that the allocators keep after the window's objects were
//! freed (mimalloc's `mi_collect` for the app's own, glibc's [`malloc_trim`] for GTK's and
//! WebKit's), and the pages of WebKit's and GTK's libraries it touched while
//! showing the page, which now count wholly to the app (the web process shared them before).
//! [`trim_working_set`] drops the latter from the app's page tables: the pages stay in the
//! kernel's page cache (reclaimable, no longer counted to the app) and come back on a minor
//! fault when the window is opened again, as Windows' `EmptyWorkingSet` does for a minimized
//! browser. Only read-only private file mappings without copied-on-write pages are dropped,
//! which always read back the same bytes from the file; nothing written is ever dropped.
//!
//! WebKit also keeps its network process (about 30 MB) after the last webview is gone, for the
//! life of the app (tauri-runtime-wry keeps the web context on Linux, tauri issue #14626).
//! [`end_network_process`] ends it (SIGTERM to the app's own child, by its process id); WebKit
//! starts a new one when the window is built again (measured: the reopen takes the same time).
//!
//! With the window open, only the app's own executable is trimmed ([`release_own_code`]): no
//! other process maps it, so its dropped pages are memory given back; a shared library's would
//! only move their share to WebKit's web process.

/// Returns freed heap to the system, then drops the clean library pages from the app's
/// working set. Returns the kilobytes of file pages dropped (0 elsewhere than Linux/glibc).
/// Call it only while no webview exists.
pub fn release() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let ended = end_network_process();
        if ended > 0 {
            // Its pages were shared with the app: let it exit before the app's are counted.
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        // SAFETY: both only walk and shrink their allocator's own memory: mimalloc's (the app's
        // Rust allocations, `main.rs`) and glibc's (GTK's and WebKit's).
        unsafe {
            libmimalloc_sys::mi_collect(true);
            malloc_trim(0)
        };
        match std::fs::read_to_string("/proc/self/smaps") {
            Ok(smaps) => trim_working_set(&smaps),
            Err(error) => {
                tracing::debug!(%error, "cannot read /proc/self/smaps");
                0
            }
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    0
}

/// Ends WebKit's network process (the app's child named `WebKitNetworkProcess`) by its
/// process id; returns how many were ended. Call it only while no webview exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn end_network_process() -> usize {
    let me = std::process::id();
    let mut ended = 0;
    for pid in children(me) {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim_end().starts_with("WebKitNetworkPr") {
            // SAFETY: kill(2) with the id of the app's own child process.
            if unsafe { kill(pid as i32, 15) } == 0 {
                tracing::info!(pid, "ended WebKit's network process (no window to serve)");
                ended += 1;
            }
        }
    }
    ended
}

/// The ids of `pid`'s child processes (from each of its threads).
#[cfg(target_os = "linux")]
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    let mut out = Vec::new();
    for task in tasks.flatten() {
        let path = task.path().join("children");
        if let Ok(text) = std::fs::read_to_string(path) {
            out.extend(text.split_whitespace().filter_map(|c| c.parse::<u32>().ok()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
    fn malloc_trim(pad: usize) -> i32;
    fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
}

/// `MADV_DONTNEED` (Linux).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MADV_DONTNEED: i32 = 4;

/// One mapping of /proc/self/smaps that [`droppable`] allows, with its file and resident
/// kilobytes.
#[derive(Debug, PartialEq)]
pub struct Droppable {
    pub start: usize,
    pub end: usize,
    pub path: String,
    pub rss_kb: u64,
}

/// The mappings whose pages may be dropped: private (`p`), not writable, backed by a file
/// (a path, not `[heap]`, `[vdso]`, ...; not a deleted file nor a memfd), resident, and
/// without anonymous (copied-on-write) pages: relocated `.data.rel.ro` after `mprotect` is
/// read-only too but has such pages, and dropping them would lose the relocations.
pub fn droppable(smaps: &str) -> Vec<Droppable> {
    let mut out = Vec::new();
    let mut current: Option<(Droppable, bool, u64)> = None; // (mapping, eligible, anonymous kB)
    let finish = |m: Option<(Droppable, bool, u64)>, out: &mut Vec<Droppable>| {
        if let Some((m, true, 0)) = m {
            if m.rss_kb > 0 {
                out.push(m);
            }
        }
    };
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if let Some((start, end)) = first.split_once('-').filter(|_| !first.ends_with(':')) {
            let (Ok(start), Ok(end)) = (usize::from_str_radix(start, 16), usize::from_str_radix(end, 16))
            else {
                continue;
            };
            finish(current.take(), &mut out);
            let perms = fields.next().unwrap_or("");
            let path = path_of(line);
            let eligible = perms.len() == 4
                && perms.as_bytes()[0] == b'r'
                && perms.as_bytes()[1] == b'-'
                && perms.as_bytes()[3] == b'p'
                && path.starts_with('/')
                && !path.starts_with("/memfd:")
                && !path.starts_with("/dev/")
                && !path.ends_with(" (deleted)");
            let path = path.to_owned();
            current = Some((Droppable { start, end, path, rss_kb: 0 }, eligible, 0));
        } else if let Some((mapping, _, anonymous)) = current.as_mut() {
            let kb = || fields.clone().next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            match first {
                "Rss:" => mapping.rss_kb = kb(),
                "Anonymous:" => *anonymous = kb(),
                _ => {}
            }
        }
    }
    finish(current.take(), &mut out);
    out
}

/// The path of a mapping's first smaps line: everything after its fifth field (address,
/// permissions, offset, device, inode), which may hold spaces; empty for an anonymous one.
fn path_of(line: &str) -> &str {
    let mut rest = line;
    for _ in 0..5 {
        rest = rest.trim_start();
        rest = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
    }
    rest.trim()
}

/// Drops the [`droppable`] mappings' pages from the app's page tables; returns the kilobytes
/// that were resident in them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_working_set(smaps: &str) -> u64 {
    drop_pages(droppable(smaps))
}

/// Drops the pages of the app's own executable that it is not using, with the window open:
/// what its start touched (opening the engine, the first-start defaults, building the tray
/// and the window) and whatever the kernel mapped around each page touched (64 KB), nearly all
/// of its 16 MB of code. No other process maps the app's executable, so this is memory given
/// back, not a share moved to another process as dropping a shared library's pages would be.
/// The code still in use comes back on its next run (a minor fault from the page cache).
/// Returns the kilobytes dropped (0 elsewhere than Linux/glibc).
pub fn release_own_code() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let (Ok(exe), Ok(smaps)) =
            (std::fs::read_link("/proc/self/exe"), std::fs::read_to_string("/proc/self/smaps"))
        else {
            return 0;
        };
        drop_pages(of_file(droppable(&smaps), &exe.to_string_lossy()))
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    0
}

/// The mappings of `path` among `mappings`.
#[cfg(any(test, all(target_os = "linux", target_env = "gnu")))]
fn of_file(mappings: Vec<Droppable>, path: &str) -> Vec<Droppable> {
    mappings.into_iter().filter(|m| m.path == path).collect()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn drop_pages(mappings: Vec<Droppable>) -> u64 {
    let mut dropped = 0;
    for m in mappings {
        // SAFETY: the range is a whole mapping of this process that is read-only, private and
        // has no anonymous pages: MADV_DONTNEED only unmaps page-cache pages, which the next
        // access maps again with the same bytes from the file.
        let done = unsafe { madvise(m.start as *mut std::ffi::c_void, m.end - m.start, MADV_DONTNEED) };
        if done == 0 {
            dropped += m.rss_kb;
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMAPS: &str = "\
7f0000000000-7f0000100000 r-xp 00000000 08:01 42   /usr/lib/libwebkit2gtk-4.1.so.0
Size:               1024 kB
Rss:                 600 kB
Anonymous:             0 kB
7f0000100000-7f0000110000 r--p 00100000 08:01 42   /usr/lib/libwebkit2gtk-4.1.so.0
Size:                 64 kB
Rss:                  64 kB
Anonymous:            64 kB
7f0000110000-7f0000120000 rw-p 00110000 08:01 42   /usr/lib/libwebkit2gtk-4.1.so.0
Rss:                  64 kB
Anonymous:            12 kB
7f0000200000-7f0000300000 r--p 00000000 08:01 43   /usr/share/icu/icudt.dat
Rss:                 128 kB
Anonymous:             0 kB
7f0000300000-7f0000400000 r--s 00000000 08:01 44   /usr/share/fonts/cache
Rss:                  16 kB
Anonymous:             0 kB
7f0000400000-7f0000500000 rw-p 00000000 00:00 0    [heap]
Rss:                 900 kB
Anonymous:           900 kB
7f0000500000-7f0000600000 r--p 00000000 00:01 9    /memfd:wayland (deleted)
Rss:                   8 kB
Anonymous:             0 kB
7f0000600000-7f0000700000 r--p 00000000 08:01 45   /usr/lib/libnot-touched.so
Rss:                   0 kB
Anonymous:             0 kB
7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0    [vdso]
Rss:                   4 kB
Anonymous:             0 kB
";

    #[test]
    fn only_clean_read_only_private_file_pages_are_dropped() {
        let found = droppable(SMAPS);
        assert_eq!(
            found,
            [
                Droppable {
                    start: 0x7f00_0000_0000,
                    end: 0x7f00_0010_0000,
                    path: "/usr/lib/libwebkit2gtk-4.1.so.0".into(),
                    rss_kb: 600
                },
                Droppable {
                    start: 0x7f00_0020_0000,
                    end: 0x7f00_0030_0000,
                    path: "/usr/share/icu/icudt.dat".into(),
                    rss_kb: 128
                },
            ]
        );
    }

    #[test]
    fn a_path_with_spaces_is_read_whole() {
        let line =
            "55d0c0000000-55d0c0100000 r-xp 00000000 fe:00 5911172    /home/ann/My Apps/jobhunter-desktop";
        assert_eq!(path_of(line), "/home/ann/My Apps/jobhunter-desktop");
        assert_eq!(path_of("7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0"), "");
        let smaps = format!("{line}\nRss:                 64 kB\nAnonymous:            0 kB\n");
        let own = of_file(droppable(&smaps), "/home/ann/My Apps/jobhunter-desktop");
        assert_eq!(own.len(), 1);
        let gone = smaps.replace("jobhunter-desktop", "jobhunter-desktop (deleted)");
        assert!(droppable(&gone).is_empty(), "a replaced executable's pages are kept");
    }

    #[test]
    fn with_the_window_open_only_the_apps_own_executable_is_dropped() {
        let own = of_file(droppable(SMAPS), "/usr/share/icu/icudt.dat");
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].start, 0x7f00_0020_0000);
        assert!(of_file(droppable(SMAPS), "/usr/lib/libwebkit2gtk-4.1").is_empty());
    }

    /// The two tests that trim this test process run one at a time: one trimming between the
    /// other's two looks at what is resident would make its figures meaningless.
    static TRIMMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn dropping_this_test_process_s_own_code_keeps_it_working() {
        let _alone = TRIMMING.lock().unwrap_or_else(|e| e.into_inner());
        let exe = std::fs::read_link("/proc/self/exe").unwrap();
        let resident = || {
            let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
            of_file(droppable(&smaps), &exe.to_string_lossy()).iter().map(|m| m.rss_kb).sum::<u64>()
        };
        let before = resident();
        assert!(before > 0, "the test binary's code is resident");
        let dropped = release_own_code();
        assert!(dropped > 0, "some of the test binary's code was dropped");
        // The code runs on: it comes back from the page cache.
        assert_eq!((0..=255).map(|b: u32| b * 2).sum::<u32>(), 65_280);
        // Other tests' threads may map some back meanwhile, far from all of it.
        let after = resident();
        assert!(after < before, "{after} kB resident after dropping, {before} kB before");
    }

    #[test]
    fn trimming_this_test_process_keeps_it_working() {
        let _alone = TRIMMING.lock().unwrap_or_else(|e| e.into_inner());
        let before: Vec<u8> = (0..=255).collect();
        let dropped = release();
        // Code and read-only data come back on the next access.
        assert_eq!(before, (0..=255).collect::<Vec<u8>>());
        assert_eq!(format!("{dropped}").parse::<u64>().unwrap(), dropped);
        assert!(droppable(&std::fs::read_to_string("/proc/self/smaps").unwrap()).len() < 10_000);
    }
}
