/**
 * The query cache's keys, in one place: every cached command read is keyed here, so that what
 * a RunEvent (or a mutation) makes stale can be named by prefix (`queryKeys.jobs.all` covers
 * every jobs page and every job).
 *
 * Keys are hierarchical arrays: `[area]`, `[area, "list", filters]`, `[area, "detail", id]`.
 */
import type { Stage, FlowRunQuery, JobQuery, TaskRunQuery } from "../bindings";

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
  },
  /** `list_task_runs`, `get_task_run`, `operation_stats`. */
  taskRuns: {
    all: ["taskRuns"] as const,
    lists: () => ["taskRuns", "list"] as const,
    list: (query: TaskRunQuery) => ["taskRuns", "list", query] as const,
    detail: (id: string) => ["taskRuns", "detail", id] as const,
    stats: () => ["taskRuns", "stats"] as const,
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
  },
  /** `list_documents`, `read_document`. */
  documents: {
    all: ["documents"] as const,
    list: (jobId: string | null) => ["documents", "list", jobId] as const,
    content: (id: string) => ["documents", "content", id] as const,
  },
  /** `list_applications`, `list_sends_to_check`. */
  applications: {
    all: ["applications"] as const,
    list: (stage: Stage | null) => ["applications", "list", stage] as const,
    sendsToCheck: () => ["applications", "sendsToCheck"] as const,
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
  },
  /** `get_profile`. */
  profile: { all: ["profile"] as const },
  /** `get_settings`, `list_channels`, `list_rules`. */
  settings: {
    all: ["settings"] as const,
    general: () => ["settings", "general"] as const,
    channels: () => ["settings", "channels"] as const,
    rules: () => ["settings", "rules"] as const,
  },
} as const;
