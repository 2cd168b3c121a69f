//! The main window: built when it is opened, destroyed when it is closed to the tray.
//!
//! The app lives in the tray all day. A hidden window keeps its webview, and WebKit's web
//! process alone is over 100 MB (issue #16), so closing the window destroys it (the web
//! process exits) and "Open" (the tray, a second launch, a notification click) builds it again
//! on the screen the user was on. The state of a screen is in its hash route: the UI reports
//! the route when it changes ([`ROUTE_EVENT`], ui/src/lib/reportRoute.ts), the window's own
//! address is read once more as it closes, and the last one is kept here ([`LastRoute`]).
//!
//! Without a tray (no way back to a destroyed window) closing the window quits, as before.
//! tauri.conf.json declares the window with `"create": false`: it is built by [`show`], so a
//! login start (`--hidden`) never builds it at all.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tauri::{
    AppHandle, Listener, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent,
};

/// The label of the main window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// The event the UI emits with its hash route (`/jobs/42?tab=cv`) whenever it changes.
pub const ROUTE_EVENT: &str = "route-changed";

/// Whether closing the window keeps the app in the tray (set once the tray exists).
static IN_TRAY: AtomicBool = AtomicBool::new(false);

/// When the last "Open" asked for a window that had to be built: its first page load logs
/// how long that took (`scripts/measure-desktop` reads `reopen_ms`).
static OPENING: Mutex<Option<std::time::Instant>> = Mutex::new(None);

/// The route the UI last showed: where a rebuilt window opens.
#[derive(Default)]
pub struct LastRoute(Mutex<Option<String>>);

impl LastRoute {
    /// Keeps `route` if it is one the window can open on ([`is_route`]).
    pub fn set(&self, route: &str) -> bool {
        let ok = is_route(route);
        if ok {
            *self.0.lock().expect("route lock") = Some(route.to_owned());
        }
        ok
    }

    /// The last route kept, else the Dashboard (`/`).
    pub fn get(&self) -> String {
        self.0.lock().expect("route lock").clone().unwrap_or_else(|| "/".to_owned())
    }
}

/// Whether `route` is a hash route the window may be built on: a path starting with `/`, of
/// printable ASCII (what `encodeURIComponent` leaves and its `%XX`), no `#`, at most 2 KiB.
pub fn is_route(route: &str) -> bool {
    route.starts_with('/')
        && route.len() <= 2048
        && route.bytes().all(|b| b.is_ascii_graphic() && !b"#\\\"<>`".contains(&b))
}

/// The route in a window address (`tauri://localhost/index.html#/jobs` -> `/jobs`), if any.
pub fn route_of(url: &tauri::Url) -> Option<String> {
    url.fragment().filter(|f| is_route(f)).map(str::to_owned)
}

/// The address the main window is built on to open `route`.
pub fn page_for(route: &str) -> WebviewUrl {
    let route = if is_route(route) { route } else { "/" };
    WebviewUrl::App(format!("index.html#{route}").into())
}

/// Remembers the routes the UI reports; call once in `setup`, before the window is built.
pub fn setup<R: Runtime>(app: &tauri::App<R>) {
    app.manage(LastRoute::default());
    let handle = app.handle().clone();
    app.listen_any(ROUTE_EVENT, move |event| {
        let Ok(route) = serde_json::from_str::<String>(event.payload()) else { return };
        if !handle.state::<LastRoute>().set(&route) {
            tracing::debug!(route, "the UI reported a route the window cannot open on");
        }
    });
}

/// From now on closing the window releases it and the app stays in the tray.
pub fn keep_running_in_tray() {
    IN_TRAY.store(true, Ordering::SeqCst);
}

/// Whether closing the window keeps the app running (a tray exists to come back from).
pub fn runs_in_tray() -> bool {
    IN_TRAY.load(Ordering::SeqCst)
}

/// Shows, un-minimizes and focuses the main window, building it on the last route when it
/// was closed.
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        bring_forward(&window);
        return;
    }
    let route = app.try_state::<LastRoute>().map(|r| r.get()).unwrap_or_else(|| "/".to_owned());
    if let Err(error) = build(app, &route) {
        tracing::error!(%error, "could not open the window");
    }
}

/// Shows the window on `route` (a hash route, such as `/jobs/42`): what a click on a desktop
/// notification does. A route the UI could not take only shows the window.
pub fn open_route<R: Runtime>(app: &AppHandle<R>, route: &str) {
    if !jobhunter_ops::notify::message::route::is_valid(route) {
        tracing::warn!(route, "not a route of the app: showing the window as it is");
        show(app);
        return;
    }
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        if let Some(last) = app.try_state::<LastRoute>() {
            last.set(route);
        }
        if let Err(error) = build(app, route) {
            tracing::error!(%error, route, "could not open the window");
        }
        return;
    };
    bring_forward(&window);
    // A JSON string is a JavaScript string literal; the route's characters need no escaping.
    let hash = serde_json::to_string(&format!("#{route}")).expect("a string serializes");
    if let Err(error) = window.eval(format!("window.location.hash = {hash};")) {
        tracing::warn!(%error, route, "could not open the notification's screen");
    }
}

fn bring_forward<R: Runtime>(window: &WebviewWindow<R>) {
    for result in [window.show(), window.unminimize(), window.set_focus()] {
        if let Err(error) = result {
            tracing::debug!(%error, "could not bring the window forward");
        }
    }
}

/// How long a window being built stays hidden at most, should its page never finish loading.
const REVEAL_AT_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// A window was built hidden and has not been shown yet ([`reveal`]).
static UNREVEALED: AtomicBool = AtomicBool::new(false);

/// Shows the main window once after it was built hidden: when its page has loaded
/// (`on_page_load`), or [`REVEAL_AT_LATEST`] after it was built, whichever comes first. Not
/// "if hidden": something else may have mapped the bare window meanwhile (a WebDriver session
/// presents it), and only showing it through the app shows the web view inside it too.
pub fn reveal<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        if UNREVEALED.swap(false, Ordering::SeqCst) {
            bring_forward(&window);
        }
    }
}

/// Builds the main window (its size and limits from tauri.conf.json) on `route`, hidden until
/// its page has loaded ([`reveal`]), and makes closing it release it when the app runs in the
/// tray.
///
/// Why hidden: a window drawn while its page is still loading made one launch in six or seven
/// take 500 ms longer. GTK's draw of the web view waits (up to 500 ms) for WebKit's web
/// process, which at that moment waits for a reply from the app's main thread, the one that is
/// drawing; the wait's timeout ends it. Measured with `scripts/measure-desktop`'s launches: 9
/// of 60 at 715-835 ms while drawn early, 0 of 36 (205-245 ms) with the window shown once the
/// page had loaded.
fn build<R: Runtime>(app: &AppHandle<R>, route: &str) -> tauri::Result<WebviewWindow<R>> {
    let mut config =
        app.config().app.windows.iter().find(|w| w.label == MAIN_WINDOW).cloned().unwrap_or_else(|| {
            tauri::utils::config::WindowConfig { label: MAIN_WINDOW.into(), ..Default::default() }
        });
    config.url = page_for(route);
    config.create = true;
    config.visible = false;
    config.focus = true;
    *OPENING.lock().expect("opening lock") = Some(std::time::Instant::now());
    UNREVEALED.store(true, Ordering::SeqCst);
    let window = WebviewWindowBuilder::from_config(app, &config)?.build()?;
    tracing::info!(route, "window opened");
    let later = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(REVEAL_AT_LATEST);
        reveal(&later);
    });
    let handle = app.clone();
    let closing = window.clone();
    window.on_window_event(move |event| match event {
        WindowEvent::CloseRequested { .. } => {
            // The address has the route too (if an event was missed).
            if let (Ok(url), Some(last)) = (closing.url(), handle.try_state::<LastRoute>()) {
                if let Some(route) = route_of(&url) {
                    last.set(&route);
                }
            }
        }
        WindowEvent::Destroyed if runs_in_tray() => {
            let route = handle.try_state::<LastRoute>().map(|r| r.get()).unwrap_or_default();
            tracing::info!(route, "window closed and released: JobHunter keeps running in the tray");
            crate::tray::hint_once(&handle);
            release_memory(&handle);
        }
        _ => {}
    });
    Ok(window)
}

/// How long ago the window being built was asked for, once (the first page load after a
/// [`show`] that built it).
pub fn opened_ms() -> Option<f64> {
    OPENING.lock().expect("opening lock").take().map(|t| t.elapsed().as_secs_f64() * 1e3)
}

/// How long after the window's page has loaded the app drops the code its start used
/// ([`crate::memory::release_own_code`]): by then the page's first requests are answered.
const OWN_CODE_RELEASE_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

/// Once the window has shown its page, gives back the pages of the app's code that only its
/// start used (see [`crate::memory::release_own_code`]), if the window is still open then.
pub fn release_start_code<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(OWN_CODE_RELEASE_AFTER);
        if app.get_webview_window(MAIN_WINDOW).is_some() {
            let kb = crate::memory::release_own_code();
            tracing::info!(code_pages_mb = kb / 1024, "code only the start used given back");
        }
    });
}

/// How often the app in the tray gives back what its work since touched (a hunt reads
/// libraries and grows the heap; see [`crate::memory`]).
const TRAY_RELEASE_EVERY: std::time::Duration = std::time::Duration::from_secs(20);

/// Counts the windows closed: a release loop ends when a newer one starts.
static RELEASES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Gives the memory the window used back to the system (see [`crate::memory`]) a moment after
/// it is gone (GTK frees its widgets on the next turns of the main loop), or after a start in
/// the tray, then again every [`TRAY_RELEASE_EVERY`] while the app is in the tray; stops when
/// the window opens again.
pub fn release_memory<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let generation = RELEASES.fetch_add(1, Ordering::SeqCst) + 1;
    std::thread::spawn(move || {
        let mut wait = std::time::Duration::from_secs(2);
        let mut first = true;
        loop {
            std::thread::sleep(wait);
            if RELEASES.load(Ordering::SeqCst) != generation || app.get_webview_window(MAIN_WINDOW).is_some()
            {
                return;
            }
            let kb = crate::memory::release();
            if first {
                tracing::info!(library_pages_mb = kb / 1024, "memory of the window given back");
            } else {
                tracing::debug!(library_pages_kb = kb, "memory given back in the tray");
            }
            first = false;
            wait = TRAY_RELEASE_EVERY;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_the_window_may_open_on() {
        for ok in
            ["/", "/jobs/42", "/jobs?q=rust+dev&hunt=r%201", "/jobs/greenhouse%3Aacme%2F42", "/runs/0193-ab"]
        {
            assert!(is_route(ok), "{ok}");
        }
        for bad in ["", "jobs", "/jobs#x", "/a b", "/\"x\"", "/<script>", &format!("/{}", "a".repeat(2048))] {
            assert!(!is_route(bad), "{bad}");
        }
    }

    #[test]
    fn the_last_route_is_kept_and_the_dashboard_is_the_default() {
        let last = LastRoute::default();
        assert_eq!(last.get(), "/");
        assert!(last.set("/applications/7"));
        assert!(!last.set("javascript:alert(1)"));
        assert_eq!(last.get(), "/applications/7");
    }

    #[test]
    fn the_window_address_carries_the_route() {
        let url = |s: &str| tauri::Url::parse(s).unwrap();
        assert_eq!(
            route_of(&url("tauri://localhost/index.html#/jobs/42?tab=cv")).as_deref(),
            Some("/jobs/42?tab=cv")
        );
        assert_eq!(route_of(&url("http://tauri.localhost/#/settings")).as_deref(), Some("/settings"));
        assert_eq!(route_of(&url("tauri://localhost/index.html")), None);
        match page_for("/jobs?hunt=r%201") {
            WebviewUrl::App(path) => assert_eq!(path.to_str(), Some("index.html#/jobs?hunt=r%201")),
            other => panic!("{other:?}"),
        }
        match page_for("not a route") {
            WebviewUrl::App(path) => assert_eq!(path.to_str(), Some("index.html#/")),
            other => panic!("{other:?}"),
        }
    }
}
