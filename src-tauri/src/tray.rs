//! The tray icon and what keeps the app alive without its window.
//!
//! Menu: "Run daily hunt now" (the `daily_job_hunt` flow with the parameters of its first
//! deployment, else the flow's defaults), "Open" (shows and focuses the window), "Pause
//! schedules" / "Resume schedules" (every deployment) and "Quit" (exits; the app's
//! `RunEvent::Exit` handler winds the runs down and closes the engine). SIGTERM and SIGINT quit
//! the same way.
//!
//! Closing the window hides it: the scheduler and the notification rules go on running, and
//! the tray (or launching the app again, see [`crate::instance`]) brings the window back.
//! Where no tray host shows the icon, the icon is simply invisible; the app does not fail.

use jobhunter_engine::schedule::Deployment;
use jobhunter_engine::{Engine, RunOptions};
use jobhunter_flows::daily::DailyJobHuntParams;
use serde_json::Value;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{App, AppHandle, Manager, Runtime, WindowEvent};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// The flow that "Run daily hunt now" starts.
pub const DAILY_HUNT_FLOW: &str = "daily_job_hunt";
/// The label of the window the tray opens (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

const TRAY_ID: &str = "main";
const RUN_HUNT_ID: &str = "run_daily_hunt";
const OPEN_ID: &str = "open";
const SCHEDULES_ID: &str = "toggle_schedules";
const QUIT_ID: &str = "quit";

/// The text of the schedules item: what clicking it will do.
pub fn schedules_label(paused: bool) -> &'static str {
    if paused {
        "Resume schedules"
    } else {
        "Pause schedules"
    }
}

/// Whether the schedules count as paused: there is at least one deployment and every one is
/// paused.
pub fn all_paused(deployments: &[Deployment]) -> bool {
    !deployments.is_empty() && deployments.iter().all(|d| d.paused)
}

/// What "Run daily hunt now" runs.
#[derive(Debug, Clone, PartialEq)]
pub struct HuntPlan {
    pub parameters: Value,
    /// The deployment whose parameters these are (its id), when there is one.
    pub deployment_id: Option<String>,
    pub deployment_name: Option<String>,
}

impl HuntPlan {
    /// A hunt scrapes its sources: without any it can only fail.
    pub fn has_sources(&self) -> bool {
        self.parameters.get("sources").and_then(Value::as_array).is_some_and(|s| !s.is_empty())
    }
}

/// The parameters of the first deployment of `daily_job_hunt` (in the engine's order, by
/// name), else the flow's defaults.
pub fn plan_daily_hunt(deployments: &[Deployment]) -> HuntPlan {
    match deployments.iter().find(|d| d.flow_name == DAILY_HUNT_FLOW) {
        Some(d) => HuntPlan {
            parameters: d.parameters.clone(),
            deployment_id: Some(d.id.clone()),
            deployment_name: Some(d.name.clone()),
        },
        None => HuntPlan {
            parameters: serde_json::to_value(DailyJobHuntParams::default())
                .expect("the daily hunt's defaults serialize"),
            deployment_id: None,
            deployment_name: None,
        },
    }
}

/// What "Run daily hunt now" did.
#[derive(Debug, Clone, PartialEq)]
pub enum HuntStart {
    /// The run exists and runs in the background.
    Started { flow_run_id: String, deployment_name: Option<String> },
    /// Nothing was started: the parameters have no sources.
    NeedsSources,
}

/// Starts the daily hunt (see [`plan_daily_hunt`]); a run started with a deployment's
/// parameters is tagged with that deployment, like "run now" of the deployment.
pub async fn run_daily_hunt(engine: &Engine) -> jobhunter_engine::Result<HuntStart> {
    let plan = plan_daily_hunt(&engine.deployments().await?);
    if !plan.has_sources() {
        return Ok(HuntStart::NeedsSources);
    }
    let opts = RunOptions { deployment_id: plan.deployment_id, ..RunOptions::new("manual", "desktop") };
    let handle = engine.start_flow_json(DAILY_HUNT_FLOW, plan.parameters, opts).await?;
    Ok(HuntStart::Started { flow_run_id: handle.flow_run_id, deployment_name: plan.deployment_name })
}

/// Whether every deployment is paused (see [`all_paused`]).
pub async fn schedules_paused(engine: &Engine) -> jobhunter_engine::Result<bool> {
    Ok(all_paused(&engine.deployments().await?))
}

/// Pauses every deployment, or resumes every one when all are paused already (the stored
/// state decides, not the menu's text, so that pauses made elsewhere count). Returns whether
/// the schedules are paused afterwards.
pub async fn toggle_schedules(engine: &Engine) -> jobhunter_engine::Result<bool> {
    let deployments = engine.deployments().await?;
    let resume = all_paused(&deployments);
    for d in deployments.iter().filter(|d| d.paused == resume) {
        if resume {
            engine.resume_deployment(&d.id).await?;
        } else {
            engine.pause_deployment(&d.id).await?;
        }
    }
    schedules_paused(engine).await
}

/// Shows, un-minimizes and focuses the main window.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else { return };
    for result in [window.show(), window.unminimize(), window.set_focus()] {
        if let Err(error) = result {
            tracing::debug!(%error, "could not bring the window forward");
        }
    }
}

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(%error, "could not show a notification");
    }
}

/// Creates the tray icon with its menu and makes closing the main window hide it. Needs the
/// [`AppState`] managed. If the tray cannot be created, closing the window quits as usual
/// (there would be no way back to it).
pub fn setup(app: &mut App) -> tauri::Result<()> {
    let engine = app.state::<AppState>().engine.clone();
    let paused = tauri::async_runtime::block_on(schedules_paused(&engine)).unwrap_or_else(|error| {
        tracing::warn!(%error, "could not read the deployments");
        false
    });

    let schedules = MenuItem::with_id(app, SCHEDULES_ID, schedules_label(paused), true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, RUN_HUNT_ID, "Run daily hunt now", true, None::<&str>)?,
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
    let tray = tray.on_menu_event(move |app, event| on_menu_event(app, event, &schedules)).build(app);
    match tray {
        Ok(_) => tracing::debug!("tray icon created"),
        Err(error) => {
            tracing::error!(%error, "could not create the tray icon; closing the window will quit");
            return Ok(());
        }
    }

    quit_on_signals(app.handle());

    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let hidden = window.clone();
        window.on_window_event(move |event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                match hidden.hide() {
                    Ok(()) => tracing::info!("window closed: JobHunter keeps running in the tray"),
                    Err(error) => tracing::warn!(%error, "could not hide the window"),
                }
            }
        });
    }
    Ok(())
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
                let engine = app.state::<AppState>().engine.clone();
                match run_daily_hunt(&engine).await {
                    Ok(HuntStart::Started { flow_run_id, deployment_name }) => tracing::info!(
                        flow_run_id,
                        deployment = deployment_name.as_deref().unwrap_or("-"),
                        "started the daily hunt from the tray"
                    ),
                    Ok(HuntStart::NeedsSources) => {
                        tracing::info!("the daily hunt needs sources: nothing started");
                        notify(
                            &app,
                            "The daily hunt needs sources",
                            "A hunt searches job sources (e.g. remoteok). Create a daily_job_hunt \
                         schedule with at least one source, then run it again.",
                        )
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
                let engine = app.state::<AppState>().engine.clone();
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use jobhunter_engine::schedule::{DeploymentSpec, Schedule};
    use serde_json::json;

    use super::*;

    async fn engine(dir: &tempfile::TempDir) -> Engine {
        Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.expect("engine")
    }

    async fn deploy(engine: &Engine, name: &str, flow: &str, parameters: Value) -> Deployment {
        let every =
            Schedule::interval(Duration::from_secs(3600), chrono::Utc::now(), "UTC").expect("schedule");
        let spec = DeploymentSpec { parameters, ..DeploymentSpec::new(name, flow, vec![every]) };
        engine.create_deployment(spec).await.expect("deployment")
    }

    #[test]
    fn schedules_label_says_what_a_click_does() {
        assert_eq!(schedules_label(false), "Pause schedules");
        assert_eq!(schedules_label(true), "Resume schedules");
        assert!(!all_paused(&[]), "no deployments: nothing to resume");
    }

    #[test]
    fn the_daily_hunt_flow_is_registered() {
        assert!(jobhunter_flows::registry().flow(DAILY_HUNT_FLOW).is_some());
    }

    #[tokio::test]
    async fn without_a_deployment_the_hunt_uses_the_defaults_and_needs_sources() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        deploy(&engine, "nightly-maintenance", "maintenance", json!({})).await;

        let plan = plan_daily_hunt(&engine.deployments().await.expect("deployments"));
        assert_eq!(plan.deployment_id, None);
        assert_eq!(plan.parameters, serde_json::to_value(DailyJobHuntParams::default()).expect("json"));
        assert!(!plan.has_sources());

        assert_eq!(run_daily_hunt(&engine).await.expect("run"), HuntStart::NeedsSources);
        let runs = engine.store().list_flow_runs(&Default::default()).await.expect("runs");
        assert!(runs.is_empty(), "nothing may start without sources: {runs:?}");
        engine.close().await.expect("close");
    }

    #[tokio::test]
    async fn the_hunt_takes_the_first_daily_hunt_deployment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        deploy(&engine, "a-maintenance", "maintenance", json!({})).await;
        let second = deploy(
            &engine,
            "b-hunt",
            DAILY_HUNT_FLOW,
            json!({ "sources": ["greenhouse:acme"], "keywords": ["go"] }),
        )
        .await;
        let first = deploy(
            &engine,
            "a-hunt",
            DAILY_HUNT_FLOW,
            json!({ "sources": ["remoteok"], "keywords": ["rust"] }),
        )
        .await;

        let plan = plan_daily_hunt(&engine.deployments().await.expect("deployments"));
        assert_eq!(plan.deployment_id.as_deref(), Some(first.id.as_str()));
        assert_ne!(plan.deployment_id.as_deref(), Some(second.id.as_str()));
        assert_eq!(plan.deployment_name.as_deref(), Some("a-hunt"));
        assert_eq!(plan.parameters["sources"], json!(["remoteok"]));
        assert_eq!(plan.parameters["keywords"], json!(["rust"]));
        // The stored parameters are normalized: the defaults fill the rest.
        assert_eq!(plan.parameters["limit"], json!(50));
        assert!(plan.has_sources());
        engine.close().await.expect("close");
    }

    #[tokio::test]
    async fn toggling_pauses_every_deployment_then_resumes_every_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        assert!(!schedules_paused(&engine).await.expect("paused"));
        assert!(!toggle_schedules(&engine).await.expect("toggle"), "no deployments: nothing to pause");

        deploy(&engine, "one", "maintenance", json!({})).await;
        deploy(&engine, "two", "maintenance", json!({})).await;
        engine.pause_deployment("one").await.expect("pause one");
        assert!(!schedules_paused(&engine).await.expect("paused"), "one of two paused is not paused");

        assert!(toggle_schedules(&engine).await.expect("toggle"));
        assert!(engine.deployments().await.expect("deployments").iter().all(|d| d.paused));
        assert_eq!(schedules_label(schedules_paused(&engine).await.expect("paused")), "Resume schedules");

        assert!(!toggle_schedules(&engine).await.expect("toggle"));
        assert!(engine.deployments().await.expect("deployments").iter().all(|d| !d.paused));
        assert_eq!(schedules_label(schedules_paused(&engine).await.expect("paused")), "Pause schedules");
        engine.close().await.expect("close");
    }
}
