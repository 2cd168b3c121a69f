//! The app's events: the engine's live progress ([`RunUpdate`]) and a finished hunt's high
//! matches ([`HighMatches`]), sent to the windows as `RunEvent` and `HighMatchesEvent`
//! (`events.runEvent`, `events.highMatchesEvent` in the bindings). Events are best effort: a
//! UI that falls behind misses some (logged), and the store stays the record of truth.

use jobhunter_api::events::{high_matches_of_run, pump, HighMatches, RunUpdate};
use jobhunter_engine::{Engine, StateType};
use serde::{Deserialize, Serialize};
use tauri_specta::Event as _;

/// Something that happened in a run, as it happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct RunEvent(pub RunUpdate);

/// A job hunt finished with new high matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct HighMatchesEvent(pub HighMatches);

/// Forwards the engine's events to the app's windows as `RunEvent`s, on the app's runtime,
/// and raises a `HighMatchesEvent` when a run completes with high matches.
pub fn forward(engine: &Engine, app: tauri::AppHandle) {
    let rx = engine.subscribe();
    let engine = engine.clone();
    tauri::async_runtime::spawn(pump(rx, move |update| {
        if let RunUpdate::FlowRunState { flow_run_id, state_type: StateType::Completed, .. } = &update {
            let (engine, app, id) = (engine.clone(), app.clone(), flow_run_id.clone());
            tauri::async_runtime::spawn(async move {
                if let Some(high) = high_matches_of_run(&engine, &id).await {
                    if let Err(error) = HighMatchesEvent(high).emit(&app) {
                        tracing::debug!(%error, "could not emit the high matches event");
                    }
                }
            });
        }
        if let Err(error) = RunEvent(update).emit(&app) {
            tracing::debug!(%error, "could not emit a run event");
        }
    }));
}
