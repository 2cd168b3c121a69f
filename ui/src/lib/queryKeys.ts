/**
 * The query cache's keys, in one place: every cached command read is keyed here, so that what
 * a RunEvent (or a mutation) makes stale can be named by prefix (`queryKeys.jobs.all` covers
 * every jobs page and every job).
 *
 * Keys are hierarchical arrays: `[area]`, `[area, "list", filters]`, `[area, "detail", id]`.
 */
import type { Stage, FlowRunQuery, JobQuery, StatsQuery, TaskRunQuery } from "../bindings";

export const queryKeys = {
  /** `list_flows`: the registry's flows (they change only with the app). */
  flows: {
    all: ["flows"] as const,
    list: () => ["flows", "list"] as const,
  },
  /** `search_flow_runs`, `list_flow_runs`, `get_flow_run`. */
  flowRuns: {
    all: ["flowRuns"] as const,
    lists: () => ["flowRuns", "list"] as const,
    list: (query: FlowRunQuery) => ["flowRuns", "list", query] as const,
    details: () => ["flowRuns", "detail"] as const,
    detail: (id: string) => ["flowRuns", "detail", id] as const,
    /** `list_run_tags`: kept under the lists, which a run's events make stale (a new run may carry a new tag). */
    tags: () => ["flowRuns", "list", "tags"] as const,
  },
  /** `list_task_runs`, `get_task_run`, `operation_stats` (`stats()` covers every grouping). */
  taskRuns: {
    all: ["taskRuns"] as const,
    lists: () => ["taskRuns", "list"] as const,
    list: (query: TaskRunQuery) => ["taskRuns", "list", query] as const,
    /** A later page of the audit: not under `lists`, so new task runs do not shift it under the reader. */
    page: (query: TaskRunQuery) => ["taskRuns", "page", query] as const,
    detail: (id: string) => ["taskRuns", "detail", id] as const,
    stats: () => ["taskRuns", "stats"] as const,
    statsFor: (query: StatsQuery) => ["taskRuns", "stats", query] as const,
  },
  /** `run_health`: finished flow runs per day. */
  runHealth: {
    all: ["runHealth"] as const,
    days: (days: number) => ["runHealth", days] as const,
  },
  /** `list_jobs`, `get_job`. */
  jobs: {
    all: ["jobs"] as const,
    lists: () => ["jobs", "list"] as const,
    list: (query: JobQuery) => ["jobs", "list", query] as const,
    detail: (id: string) => ["jobs", "detail", id] as const,
    /** The Dashboard's newest high matches (a list, refreshed with the others). */
    highMatches: (minScore: number | null) => ["jobs", "list", "highMatches", minScore] as const,
    /** `unseen_jobs_count`: "N new since you last looked". */
    unseenCount: () => ["jobs", "unseenCount"] as const,
  },
  /** `latest_hunt_summary`, `hunt_summary`: the summary card of a finished hunt. */
  huntSummary: {
    all: ["huntSummary"] as const,
    latest: () => ["huntSummary", "latest"] as const,
    detail: (id: string) => ["huntSummary", "detail", id] as const,
  },
  /** `hunt_readiness`: asked again whenever the deployments it is decided on change. */
  huntReadiness: (deployments: unknown) => ["huntReadiness", deployments] as const,
  /** `restore_pending`: Settings' "Your data". */
  yourData: {
    restorePending: () => ["yourData", "restorePending"] as const,
  },
  /** `list_documents`, `read_document`, `document_sources`. */
  documents: {
    all: ["documents"] as const,
    list: (jobId: string | null) => ["documents", "list", jobId] as const,
    content: (id: string) => ["documents", "content", id] as const,
    sources: (id: string) => ["documents", "sources", id] as const,
  },
  /** `list_applications`, `list_sends_to_check`, `get_job_application`, `preview_email_application`. */
  applications: {
    all: ["applications"] as const,
    list: (stage: Stage | null) => ["applications", "list", stage] as const,
    sendsToCheck: () => ["applications", "sendsToCheck"] as const,
    forJob: (jobId: string) => ["applications", "forJob", jobId] as const,
    emailPreview: (jobId: string) => ["applications", "emailPreview", jobId] as const,
  },
  /** `list_deployments` (with their next fire times). */
  deployments: {
    all: ["deployments"] as const,
    list: () => ["deployments", "list"] as const,
  },
  /** `setup_status`, `list_sources`: the guided first-run setup. */
  setup: {
    all: ["setup"] as const,
    status: () => ["setup", "status"] as const,
    sources: () => ["setup", "sources"] as const,
    /** `hunt_readiness`: whether the first hunt can start (it follows the setup's steps). */
    readiness: () => ["setup", "readiness"] as const,
  },
  /** `source_health`: the Sources view (a finished hunt changes it). */
  sources: {
    all: ["sources"] as const,
    health: () => ["sources", "health"] as const,
  },
  /** `get_profile`. */
  profile: { all: ["profile"] as const },
  /** The OS's "start at login" state (tauri-plugin-autostart's `isEnabled`). */
  autostart: { all: ["autostart"] as const },
  /** `get_settings`, `list_channels`, `list_rules`. */
  settings: {
    all: ["settings"] as const,
    general: () => ["settings", "general"] as const,
    channels: () => ["settings", "channels"] as const,
    rules: () => ["settings", "rules"] as const,
    /** `llm_configured`: whether a language model is set up (the CV import offers it). */
    llmConfigured: () => ["settings", "llmConfigured"] as const,
  },
} as const;
