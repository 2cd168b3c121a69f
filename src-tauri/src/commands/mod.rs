//! The app's commands, one concern per file, and the tauri-specta builder that registers them.
//!
//! Adding a command: write it in a file here (`#[tauri::command]` + `#[specta::specta]`), add
//! it to `collect_commands!` below and to `COMMAND_NAMES` (names.rs), grant
//! `allow-<command-name>` in `capabilities/default.json`, then regenerate the TypeScript
//! bindings (see `crate::bindings`). The tests below fail when one of these steps is missing.
//!
//! Each command is a call into `jobhunter_api` (where the logic and its tests live) and, at
//! most, a conversion.

pub mod applications;
pub mod backup;
pub mod channels;
pub mod dashboard;
pub mod documents;
pub mod external;
pub mod flow_runs;
pub mod flows;
pub mod jobs;
pub mod profile;
pub mod rules;
pub mod run_events;
pub mod schedules;
pub mod settings;
pub mod setup;
pub mod source_health;
pub mod task_runs;

include!("names.rs");

/// The tauri-specta builder with every command and event of the app: the source of both the
/// invoke handler and `ui/src/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            flows::list_flows,
            flows::start_flow,
            flows::hunt_now,
            flows::hunt_readiness,
            setup::setup_status,
            setup::set_setup_dismissed,
            setup::list_sources,
            setup::resolve_source,
            setup::save_hunt_sources,
            source_health::source_health,
            source_health::retry_source,
            setup::save_hunt_schedule,
            flow_runs::list_flow_runs,
            flow_runs::search_flow_runs,
            flow_runs::get_flow_run,
            flow_runs::cancel_flow_run,
            flow_runs::restart_flow_run,
            flow_runs::list_run_tags,
            task_runs::list_task_runs,
            task_runs::get_task_run,
            task_runs::replay_task_run,
            task_runs::operation_stats,
            jobs::list_jobs,
            jobs::get_job,
            jobs::mark_jobs_seen,
            jobs::mark_all_jobs_seen,
            jobs::unseen_jobs_count,
            documents::list_documents,
            documents::approve_document,
            documents::generate_document,
            documents::read_document,
            documents::document_sources,
            documents::save_document_as,
            documents::show_document_in_folder,
            applications::list_applications,
            applications::move_application,
            applications::list_sends_to_check,
            applications::mark_send_sent,
            applications::send_application_again,
            applications::get_job_application,
            applications::add_application,
            applications::mark_applied,
            applications::set_follow_up,
            applications::add_application_note,
            applications::update_application_note,
            applications::delete_application_note,
            applications::add_application_contact,
            applications::update_application_contact,
            applications::delete_application_contact,
            applications::block_company,
            applications::unblock_company,
            applications::export_applications,
            applications::preview_email_application,
            applications::apply_by_email,
            schedules::list_deployments,
            schedules::pause_deployment,
            schedules::resume_deployment,
            schedules::run_deployment_now,
            schedules::preview_schedule,
            schedules::create_deployment,
            schedules::update_deployment,
            schedules::delete_deployment,
            profile::get_profile,
            profile::import_profile,
            profile::draft_cv,
            profile::llm_configured,
            dashboard::run_health,
            dashboard::latest_hunt_summary,
            dashboard::hunt_summary,
            backup::backup_database,
            backup::restore_database,
            backup::restore_pending,
            backup::cancel_restore,
            backup::restart_app,
            settings::get_settings,
            settings::save_settings,
            settings::save_llm_api_key,
            channels::list_channels,
            channels::save_channel,
            channels::delete_channel,
            channels::test_channel,
            rules::list_rules,
            rules::add_rule,
            rules::delete_rule,
            external::open_external,
        ])
        .events(tauri_specta::collect_events![run_events::RunEvent, run_events::HighMatchesEvent])
        // Flow results the UI reads from a run's `result` (typed, never by key).
        .typ::<jobhunter_flows::daily::DailyJobHuntResult>()
        .typ::<jobhunter_flows::hunt::ScrapeAndProcessResult>()
        .typ::<jobhunter_flows::apply::SmartApplicationResult>()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Command names as the generated bindings invoke them.
    fn invoked_names() -> BTreeSet<String> {
        let bindings = crate::bindings::render(&specta_builder()).expect("bindings render");
        bindings
            .split("TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn command_names_match_registered_commands() {
        let listed: BTreeSet<String> = COMMAND_NAMES.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            invoked_names(),
            listed,
            "COMMAND_NAMES (src-tauri/src/commands/names.rs) must list exactly the commands in \
             specta_builder(): tauri-build generates their permissions from it"
        );
    }

    #[test]
    fn default_capability_allows_every_command() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/default.json");
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read capability"))
                .expect("capability is JSON");
        let granted: BTreeSet<&str> = capability["permissions"]
            .as_array()
            .expect("permissions array")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        for name in COMMAND_NAMES {
            let permission = format!("allow-{}", name.replace('_', "-"));
            assert!(
                granted.contains(permission.as_str()),
                "capabilities/default.json does not grant `{permission}`: the UI could not call `{name}`"
            );
        }
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }
}
