//! The tray icon and what keeps the app alive without its window.
//!
//! Menu: "Next hunt: today 08:00" (disabled; when the next scheduled hunt fires, or "No hunt
//! scheduled"), "Run daily hunt now" (the `daily_job_hunt` flow with the parameters of its first
//! deployment, else the flow's defaults; disabled, saying what is missing, while the hunt
//! cannot start: the Dashboard's rule, re-read every few seconds), "Open" (shows and focuses the
//! window, building it again if it was closed: see [`crate::window`]), "Pause
//! schedules" / "Resume schedules" (every deployment) and "Quit" (exits; the app's
//! `RunEvent::Exit` handler winds the runs down and closes the engine). SIGTERM and SIGINT quit
//! the same way.
//!
//! Closing the window releases it (see [`crate::window`]): the scheduler and the notification
//! rules go on running, and the tray (a click on the icon where the system reports one, or
//! launching the app again, see [`crate::instance`]) builds the window back. The first time
//! (per data dir), a notification says so.
//! Where no tray host shows the icon, the icon is simply invisible; the app does not fail.

use std::time::Duration;

use jobhunter_api::hunt::{
    hunt_need, next_hunt_text, run_daily_hunt, run_hunt_label, schedules_label, schedules_paused,
    toggle_schedules, HuntNeed, HuntStart,
};
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{App, AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use jobhunter_api::Api;

/// The label of the window the tray opens (tauri.conf.json).
pub use crate::window::MAIN_WINDOW;

const TRAY_ID: &str = "main";
const NEXT_HUNT_ID: &str = "next_hunt";
const RUN_HUNT_ID: &str = "run_daily_hunt";
const OPEN_ID: &str = "open";
const SCHEDULES_ID: &str = "toggle_schedules";
const QUIT_ID: &str = "quit";

/// How often the tray re-reads whether the hunt can start (a CV imported, sources chosen) and
/// when the next hunt is.
const READINESS_EVERY: Duration = Duration::from_secs(3);

/// Shows, un-minimizes and focuses the main window (building it if it was closed).
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    crate::window::show(app);
}

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(%error, "could not show a notification");
    }
}

/// Creates the tray icon with its menu and makes closing the main window release it (the app
/// keeps running). Needs the [`Api`] managed. If the tray cannot be created, closing the window
/// quits as usual (there would be no way back to it). Returns whether the tray was created.
pub fn setup(app: &mut App) -> tauri::Result<bool> {
    let engine = app.state::<Api>().engine.clone();
    let paused = tauri::async_runtime::block_on(schedules_paused(&engine)).unwrap_or_else(|error| {
        tracing::warn!(%error, "could not read the deployments");
        false
    });

    let need = tauri::async_runtime::block_on(hunt_need(&engine)).unwrap_or_else(|error| {
        tracing::warn!(%error, "could not tell whether the hunt can start");
        None
    });
    let next_text = tauri::async_runtime::block_on(next_hunt_text(&engine, chrono::Utc::now()))
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "could not tell when the next hunt is");
            "No hunt scheduled".to_owned()
        });
    let next_hunt = MenuItem::with_id(app, NEXT_HUNT_ID, &next_text, false, None::<&str>)?;
    let schedules = MenuItem::with_id(app, SCHEDULES_ID, schedules_label(paused), true, None::<&str>)?;
    let run_hunt = MenuItem::with_id(app, RUN_HUNT_ID, run_hunt_label(need), need.is_none(), None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &next_hunt,
            &PredefinedMenuItem::separator(app)?,
            &run_hunt,
            &MenuItem::with_id(app, OPEN_ID, "Open", true, None::<&str>)?,
            &schedules,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT_ID, "Quit", true, None::<&str>)?,
        ],
    )?;

    let mut tray = TrayIconBuilder::with_id(TRAY_ID).menu(&menu).tooltip("JobHunter");
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    let tray = tray
        .on_menu_event(move |app, event| on_menu_event(app, event, &schedules))
        // A left click on the icon opens the window (Windows, macOS; Linux tray hosts show
        // the menu instead and report no clicks).
        .show_menu_on_left_click(false)
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main_window(tray.app_handle());
            }
        })
        .build(app);
    match tray {
        Ok(_) => tracing::debug!("tray icon created"),
        Err(error) => {
            tracing::error!(%error, "could not create the tray icon; closing the window will quit");
            return Ok(false);
        }
    }

    quit_on_signals(app.handle());
    follow_readiness(engine, run_hunt, need, next_hunt, next_text);

    crate::window::keep_running_in_tray();
    Ok(true)
}

/// The first time the window is closed (per data dir): a notification that the app keeps
/// running in the tray (see [`jobhunter_api::settings::take_close_hint`]).
pub(crate) fn hint_once<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let api = app.state::<Api>().inner().clone();
        match jobhunter_api::settings::take_close_hint(&api).await {
            Ok(true) => {
                let shown = app
                    .notification()
                    .builder()
                    .title("JobHunter")
                    .body(jobhunter_api::settings::CLOSE_HINT)
                    .show();
                match shown {
                    Ok(()) => tracing::info!("said once that JobHunter keeps running in the tray"),
                    // No notification daemon (a bare session): nothing to warn about.
                    Err(error) => tracing::info!(%error, "could not show the tray hint"),
                }
            }
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "could not read whether the tray hint was shown"),
        }
    });
}

/// Keeps the run item's text and enabled state on [`hunt_need`], and the next-hunt item on
/// [`next_hunt_text`] (checked every [`READINESS_EVERY`]; an item changes only when its answer
/// does).
fn follow_readiness(
    engine: jobhunter_engine::Engine,
    item: MenuItem<tauri::Wry>,
    mut shown: Option<HuntNeed>,
    next_item: MenuItem<tauri::Wry>,
    mut next_shown: String,
) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(READINESS_EVERY).await;
            match next_hunt_text(&engine, chrono::Utc::now()).await {
                Ok(text) if text != next_shown => match next_item.set_text(&text) {
                    Ok(()) => next_shown = text,
                    Err(error) => tracing::warn!(%error, "could not update the next-hunt item"),
                },
                Ok(_) => {}
                Err(error) => tracing::debug!(%error, "could not tell when the next hunt is"),
            }
            let need = match hunt_need(&engine).await {
                Ok(need) => need,
                Err(error) => {
                    tracing::debug!(%error, "could not tell whether the hunt can start");
                    continue;
                }
            };
            if need != shown {
                shown = need;
                let done =
                    item.set_text(run_hunt_label(need)).and_then(|()| item.set_enabled(need.is_none()));
                if let Err(error) = done {
                    tracing::warn!(%error, "could not update the run item");
                }
            }
        }
    });
}

/// SIGTERM (a session ending, `kill`) and SIGINT quit like the tray's Quit, so that runs in
/// progress are wound down and the engine is closed; a second signal exits at once.
fn quit_on_signals(app: &AppHandle) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let (Ok(mut term), Ok(mut int)) =
                (signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
            else {
                tracing::warn!("cannot handle SIGTERM/SIGINT: they end the app without winding runs down");
                return;
            };
            let name = tokio::select! { _ = term.recv() => "SIGTERM", _ = int.recv() => "SIGINT" };
            tracing::info!("{name}: quitting");
            app.exit(0);
            tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            tracing::warn!("second signal: exiting without waiting for runs");
            std::process::exit(1);
        });
    }
    #[cfg(not(unix))]
    let _ = app;
}

fn on_menu_event(app: &AppHandle, event: MenuEvent, schedules: &MenuItem<tauri::Wry>) {
    match event.id().as_ref() {
        RUN_HUNT_ID => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let engine = app.state::<Api>().engine.clone();
                match run_daily_hunt(&engine, "desktop").await {
                    Ok(HuntStart::Started { flow_run_id, deployment_name }) => tracing::info!(
                        flow_run_id,
                        deployment = deployment_name.as_deref().unwrap_or("-"),
                        "started the daily hunt from the tray"
                    ),
                    Ok(start @ (HuntStart::NeedsProfile | HuntStart::NeedsSources)) => {
                        // The item is disabled then; a click that raced the change lands here.
                        let need = HuntNeed::of_start(&start).unwrap_or(HuntNeed::Sources);
                        tracing::info!("the daily hunt cannot start: {}", need.short());
                        notify(&app, "The daily hunt did not start", need.reason())
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not start the daily hunt");
                        notify(&app, "The daily hunt did not start", &error.to_string());
                    }
                }
            });
        }
        OPEN_ID => show_main_window(app),
        SCHEDULES_ID => {
            let app = app.clone();
            let item = schedules.clone();
            tauri::async_runtime::spawn(async move {
                let engine = app.state::<Api>().engine.clone();
                match toggle_schedules(&engine).await {
                    Ok(paused) => {
                        tracing::info!(paused, "schedules toggled from the tray");
                        if let Err(error) = item.set_text(schedules_label(paused)) {
                            tracing::warn!(%error, "could not relabel the schedules item");
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not pause or resume the schedules");
                        notify(&app, "Schedules unchanged", &error.to_string());
                    }
                }
            });
        }
        QUIT_ID => {
            tracing::info!("quit from the tray");
            app.exit(0);
        }
        other => tracing::debug!(id = other, "unknown tray menu item"),
    }
}
