//! Keeping OpenGL out of the app's own process (Linux; issue #16).
//!
//! WebKitGTK sets up EGL in every process that shows a web view, the app's own included,
//! although the page is drawn by WebKit's web process. Where no GPU driver serves the display
//! (a virtual machine, Xvfb, many laptops' fallback), that loads Mesa's software rasteriser
//! and its LLVM into the app: 19.8 MB of the app's 98 MB with the window open, and what LLVM
//! relocated at load (about 8 MB) stays private to the process for its whole life, tray
//! included (README, "Benchmarks").
//!
//! [`keep_opengl_in_the_web_process`], called first thing in `main`, keeps both doors shut:
//! - EGL (WebKit's): libglvnd, the EGL loader current distributions ship, reads its list of
//!   drivers once per process, from `__EGL_VENDOR_LIBRARY_DIRS` when that is set. The app sets
//!   it to a path that is no directory and makes libglvnd read it.
//! - GLX (GTK's): the first GTK app on an X display asks the GL driver which visuals it can
//!   draw on (later ones read the answer GTK leaves on the screen). With `GDK_GL=disable`
//!   while GTK starts, GTK does not ask.
//!
//! Then it puts the environment back, so the web process WebKit starts later finds the
//! system's drivers as always and draws with them, and nothing the app launches inherits
//! either setting. WebKit's side in the app shows the web process's frames without GL, as it
//! does with hardware acceleration off. `scripts/smoke-desktop` checks it on a fresh display:
//! the window's page is painted, Mesa is mapped in the web process and not in the app's.
//!
//! Only on X11: on Wayland it has not been tried (the build machine has no Wayland compositor),
//! so there the app leaves OpenGL as WebKitGTK sets it up.
//!
//! `JOBHUNTER_APP_OPENGL=1` leaves the app's EGL and GTK's GL as they would be; so does an
//! `__EGL_VENDOR_LIBRARY_DIRS` or `__EGL_VENDOR_LIBRARY_FILENAMES` the user set (and a
//! `GDK_GL` the user set is left as it is).

/// The variable libglvnd reads its EGL driver directories from.
const VENDOR_DIRS: &str = "__EGL_VENDOR_LIBRARY_DIRS";

/// The variable that lists libglvnd's EGL drivers by file (it wins over [`VENDOR_DIRS`]).
const VENDOR_FILES: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";

/// The opt-out: set to anything but `0` or empty, the app's process keeps its EGL and GTK's GL.
const OPT_OUT: &str = "JOBHUNTER_APP_OPENGL";

/// Not a directory: libglvnd finds no driver there.
const NO_DRIVERS: &str = "/dev/null";

/// GTK's (3) switch for its OpenGL, read once while GTK starts.
const GDK_GL: &str = "GDK_GL";

/// What [`keep_opengl_in_the_web_process`] did, for the start's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppOpenGl {
    /// The app's process has an EGL without drivers.
    Kept,
    /// `JOBHUNTER_APP_OPENGL` is set.
    OptedOut,
    /// The user set libglvnd's own variables: theirs stand.
    UserSet,
    /// GTK runs on Wayland, where this has not been tried.
    Wayland,
    /// No EGL library is loaded (not Linux, or a WebKit built without it).
    NoEgl,
}

/// The environment's values that [`decide`] reads.
#[derive(Debug)]
struct Env {
    /// [`OPT_OUT`].
    opt_out: Option<String>,
    /// [`VENDOR_DIRS`] or [`VENDOR_FILES`] is set.
    vendors_set: bool,
    /// `WAYLAND_DISPLAY`.
    wayland_display: Option<String>,
    /// `GDK_BACKEND`: the backends GTK may use, in order of preference.
    gdk_backend: Option<String>,
}

impl Env {
    fn read() -> Self {
        let var = |name| std::env::var(name).ok();
        Self {
            opt_out: var(OPT_OUT),
            vendors_set: var(VENDOR_DIRS).is_some() || var(VENDOR_FILES).is_some(),
            wayland_display: var("WAYLAND_DISPLAY"),
            gdk_backend: var("GDK_BACKEND"),
        }
    }

    /// Whether GTK will run on Wayland: the first backend `GDK_BACKEND` names, else Wayland
    /// whenever a Wayland display is there (GTK's own preference).
    fn on_wayland(&self) -> bool {
        let first = self.gdk_backend.as_deref().and_then(|b| b.split(',').next()).map(str::trim);
        match first {
            Some("x11") => false,
            Some("wayland") => true,
            _ => self.wayland_display.as_deref().is_some_and(|d| !d.is_empty()),
        }
    }
}

/// What to do: `None` to keep OpenGL out of the app's process, else why not.
fn decide(env: &Env) -> Option<AppOpenGl> {
    if env.opt_out.as_deref().is_some_and(|v| !v.is_empty() && v != "0") {
        Some(AppOpenGl::OptedOut)
    } else if env.vendors_set {
        Some(AppOpenGl::UserSet)
    } else if env.on_wayland() {
        Some(AppOpenGl::Wayland)
    } else {
        None
    }
}

/// Keeps Mesa out of the app's process and starts GTK (see the module's docs). Call it before
/// anything starts a thread: it changes the process's environment for a moment.
pub fn keep_opengl_in_the_web_process() -> AppOpenGl {
    if let Some(done) = decide(&Env::read()) {
        return done;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let gdk_gl_set = std::env::var_os(GDK_GL).is_some();
        std::env::set_var(VENDOR_DIRS, NO_DRIVERS);
        if !gdk_gl_set {
            std::env::set_var(GDK_GL, "disable");
        }
        let read = read_egl_drivers();
        // Tauri starts GTK again later: a second start on this thread does nothing. Without a
        // display this fails, and Tauri's own start reports it.
        let _ = gtk::init();
        std::env::remove_var(VENDOR_DIRS);
        if !gdk_gl_set {
            std::env::remove_var(GDK_GL);
        }
        if read {
            return AppOpenGl::Kept;
        }
    }
    AppOpenGl::NoEgl
}

/// Makes libglvnd read its driver list now (it does so once per process), if the process has
/// loaded libEGL (WebKitGTK links it); returns whether it had.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn read_egl_drivers() -> bool {
    const RTLD_NOW: i32 = 2;
    const RTLD_NOLOAD: i32 = 4;
    const EGL_EXTENSIONS: i32 = 0x3055;
    extern "C" {
        fn dlopen(file: *const std::ffi::c_char, mode: i32) -> *mut std::ffi::c_void;
        fn dlsym(handle: *mut std::ffi::c_void, name: *const std::ffi::c_char) -> *mut std::ffi::c_void;
    }
    type QueryString = unsafe extern "C" fn(*mut std::ffi::c_void, i32) -> *const std::ffi::c_char;
    // SAFETY: RTLD_NOLOAD only returns a library already loaded (no constructor runs), and
    // `eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS)` is EGL's documented query of the client
    // extensions, which needs no display; its string is libEGL's own and is not kept.
    unsafe {
        let egl = dlopen(c"libEGL.so.1".as_ptr(), RTLD_NOW | RTLD_NOLOAD);
        if egl.is_null() {
            return false;
        }
        let query = dlsym(egl, c"eglQueryString".as_ptr());
        if query.is_null() {
            return false;
        }
        let query: QueryString = std::mem::transmute(query);
        query(std::ptr::null_mut(), EGL_EXTENSIONS);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(opt_out: Option<&str>, vendors_set: bool, wayland: Option<&str>, backend: Option<&str>) -> Env {
        Env {
            opt_out: opt_out.map(str::to_owned),
            vendors_set,
            wayland_display: wayland.map(str::to_owned),
            gdk_backend: backend.map(str::to_owned),
        }
    }

    #[test]
    fn the_users_choice_stands() {
        assert_eq!(decide(&env(Some("1"), false, None, None)), Some(AppOpenGl::OptedOut));
        assert_eq!(decide(&env(Some("1"), true, None, None)), Some(AppOpenGl::OptedOut));
        assert_eq!(decide(&env(None, true, None, None)), Some(AppOpenGl::UserSet));
        assert_eq!(decide(&env(Some("0"), true, None, None)), Some(AppOpenGl::UserSet));
        assert_eq!(decide(&env(Some(""), false, None, None)), None);
        assert_eq!(decide(&env(Some("0"), false, None, None)), None);
        assert_eq!(decide(&env(None, false, None, None)), None);
    }

    #[test]
    fn only_on_x11() {
        assert_eq!(decide(&env(None, false, Some("wayland-0"), None)), Some(AppOpenGl::Wayland));
        assert_eq!(
            decide(&env(None, false, Some("wayland-0"), Some("wayland,x11"))),
            Some(AppOpenGl::Wayland)
        );
        assert_eq!(decide(&env(None, false, Some("wayland-0"), Some("x11"))), None);
        assert_eq!(decide(&env(None, false, Some(""), None)), None);
        assert_eq!(decide(&env(None, false, None, Some("*"))), None);
        assert_eq!(decide(&env(None, false, None, Some("wayland"))), Some(AppOpenGl::Wayland));
    }
}
