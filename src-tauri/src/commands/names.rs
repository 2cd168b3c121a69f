// The names of the app's commands, as the front end invokes them.
//
// Included by `src-tauri/build.rs` (tauri-build generates an `allow-<name>` permission for
// each) and by `commands/mod.rs`, whose tests check this list against the commands registered
// in `specta_builder()` and against `capabilities/default.json`. Plain `//` comments only:
// this file is `include!`d into the build script.

/// Every command registered in `specta_builder()`, in snake_case.
pub const COMMAND_NAMES: &[&str] = &[
    "list_flows",
    "start_flow",
    "list_flow_runs",
    "search_flow_runs",
    "get_flow_run",
    "cancel_flow_run",
    "restart_flow_run",
    "list_task_runs",
    "get_task_run",
    "replay_task_run",
    "operation_stats",
    "list_jobs",
    "get_job",
    "list_documents",
    "approve_document",
    "generate_document",
    "read_document",
    "list_applications",
    "move_application",
    "list_deployments",
    "pause_deployment",
    "resume_deployment",
    "run_deployment_now",
    "preview_schedule",
    "create_deployment",
    "update_deployment",
    "delete_deployment",
    "get_profile",
    "import_profile",
    "run_health",
    "get_settings",
    "save_settings",
    "save_llm_api_key",
    "list_channels",
    "save_channel",
    "delete_channel",
    "test_channel",
    "list_rules",
    "add_rule",
    "delete_rule",
    "open_external",
    "hunt_now",
];
