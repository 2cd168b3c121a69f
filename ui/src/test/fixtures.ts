/** Builders of command results shared by several screens' tests; `overrides` replace fields. */
import type {
  ApplicationView,
  CvSources,
  DeploymentDto,
  FlowInfo,
  JobDto,
  JobRow,
  JsonValue,
  ProfileDto,
  SetupStatus,
  SourceHealth,
} from "../bindings";
import flowSchemas from "./flowSchemas.json";

/**
 * The JSON Schemas of every flow's parameters and result, as the app publishes them. Generated
 * from the Rust flows by `flows/tests/ui_schemas.rs`, which fails while the file is stale:
 * `UPDATE_FLOW_SCHEMAS=1 cargo test -p jobhunter-flows --test ui_schemas` rewrites it.
 */
export const FLOW_SCHEMAS: Record<FlowName, { parameters: JsonValue; result: JsonValue }> = flowSchemas;

/** The name of a flow of the app (a renamed or removed flow fails the type-check of its tests). */
export type FlowName = keyof typeof flowSchemas;

/** A `list_flows` entry of flow `name`, with its real schemas. */
export function flowDto(name: FlowName, overrides: Partial<FlowInfo> = {}): FlowInfo {
  return {
    name,
    // As the Rust registration titles them: "daily_job_hunt" -> "Daily job hunt".
    title: name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, " "),
    description: `The ${name} flow`,
    retries: 0,
    timeout_secs: null,
    tags: [],
    parameters_schema: FLOW_SCHEMAS[name].parameters,
    result_schema: FLOW_SCHEMAS[name].result,
    ...overrides,
  };
}

/** A jobs-list row: a scored, remote Rust job seen on two sources. */
export function jobRow(overrides: Partial<JobRow> = {}): JobRow {
  return {
    id: "job-1",
    title: "Rust Engineer",
    company: "Acme",
    location: "Berlin",
    workplace: "remote",
    remote: true,
    salary: "EUR 70,000–90,000 / year",
    posted_at: "2026-11-20T10:00:00Z",
    first_seen: "2026-11-21T10:00:00Z",
    sources: ["greenhouse:acme", "remoteok"],
    score: 0.82,
    seen: true,
    closed_at: null,
    reposted_from: null,
    old: false,
    ...overrides,
  };
}

/** A deployment of daily_job_hunt on weekday mornings, not paused. */
export function deploymentDto(overrides: Partial<DeploymentDto> = {}): DeploymentDto {
  return {
    id: "dep-1",
    name: "morning hunt",
    flowName: "daily_job_hunt",
    flowTitle: "Daily job hunt",
    parameters: { keywords: ["rust"] },
    schedules: [
      { kind: "cron", description: "cron 0 9 * * 1-5 (Europe/Berlin)", expr: "0 9 * * 1-5", everySecs: null, timezone: "Europe/Berlin" },
    ],
    catchup: "latest_once",
    catchupWindowSecs: 86400,
    overlap: "skip",
    paused: false,
    tags: ["scheduled", "production"],
    createdAt: "2026-11-20T09:00:00Z",
    updatedAt: "2026-11-20T09:00:00Z",
    nextRuns: ["2026-12-01T08:00:00Z"],
    ...overrides,
  };
}

/** The setup's progress: nothing done and not skipped (a first start) unless overridden. */
export function setupStatus(overrides: Partial<SetupStatus> = {}): SetupStatus {
  return {
    cv: false,
    lookingFor: false,
    sources: false,
    schedule: false,
    firstHunt: false,
    dismissed: false,
    done: false,
    ...overrides,
  };
}

/** A stored profile: a JSON Resume of Ada with two positions. */
export function profileDto(overrides: Partial<ProfileDto> = {}): ProfileDto {
  return {
    id: "default",
    name: "Ada Lovelace",
    isDefault: true,
    createdAt: "2026-11-20T09:00:00Z",
    updatedAt: "2026-11-20T09:00:00Z",
    document: {
      basics: { name: "Ada Lovelace" },
      work: [{ name: "Analytical Engines" }, { name: "Babbage & Co" }],
      preferences: { keywords: ["Backend developer"] },
    },
    warnings: [],
    ...overrides,
  };
}

/** An application on the wishlist of job `job-1` (Rust engineer at Ferris GmbH), nothing tracked yet. */
export function applicationView(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: "app-1",
    job_id: "job-1",
    job_title: "Rust engineer",
    company: "Ferris GmbH",
    stage: "wishlist",
    channel: null,
    cv_id: null,
    created_at: "2026-11-20T09:00:00Z",
    updated_at: "2026-11-21T10:00:00Z",
    applied_on: null,
    follow_up_on: null,
    reminded_at: null,
    history: [{ from_stage: null, to_stage: "wishlist", at: "2026-11-20T09:00:00Z", note: null }],
    notes: [],
    contacts: [],
    do_not_apply: null,
    ...overrides,
  };
}

/** Where the lines of Ada's CV come from: her name, a job heading and a highlight, the skills. */
export function cvSources(overrides: Partial<CvSources> = {}): CvSources {
  return {
    lines: [
      { section: null, text: "Ada Lovelace", facts: [{ field: "basics.name", text: "Ada Lovelace", label: "Your name" }] },
      {
        section: "Experience",
        text: "Engineer — Analytical Engines",
        facts: [
          { field: "work[0].position", text: "Engineer", label: "Your job at Analytical Engines, job title" },
          { field: "work[0].name", text: "Analytical Engines", label: "Your job at Analytical Engines, employer" },
        ],
      },
      {
        section: "Experience",
        text: "Wrote the first program <b>ever</b>.",
        facts: [
          {
            field: "work[0].highlights[2]",
            text: "Wrote the first program <b>ever</b>.",
            label: "Your job at Analytical Engines, highlight 3",
          },
        ],
      },
      {
        section: "Key skills for this role",
        text: "Rust",
        facts: [{ field: "skills[0].name", text: "Rust", label: "Your skills: Rust" }],
      },
    ],
    ...overrides,
  };
}

/** A job site's health (`source_health`): Lever's "globex" board, working, two recent searches. */
export function sourceHealth(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    spec: "lever:globex",
    name: "Lever board 'globex'",
    state: "working",
    consecutive_failures: 0,
    failing_since: null,
    last_attempt: "2026-12-06T07:00:00.000000Z",
    last_success: "2026-12-06T07:00:00.000000Z",
    last_error: null,
    last_error_kind: null,
    jobs_last_run: 4,
    new_last_run: 1,
    median_latency_ms: 120,
    paused_until: null,
    pause_reason: null,
    yield: [
      { at: "2026-12-05T07:00:00.000000Z", outcome: "ok", found: 3, new: 3 },
      { at: "2026-12-06T07:00:00.000000Z", outcome: "ok", found: 4, new: 1 },
    ],
    ...overrides,
  };
}

/** A job as the job page reads it: an open, processed posting without a match. */
export function jobDto(overrides: Partial<JobDto> = {}): JobDto {
  return {
    id: "job-1",
    title: "Rust Engineer",
    company: "Acme",
    location: null,
    locations: [],
    workplace: null,
    remote: null,
    employmentType: null,
    salary: null,
    salaryText: null,
    yearlySalaryMax: null,
    url: null,
    applyUrl: null,
    applyEmail: null,
    postedAt: null,
    firstSeen: "2026-11-21T10:00:00Z",
    lastSeen: "2026-11-25T10:00:00Z",
    foundOn: [],
    description: "",
    tags: [],
    skills: [],
    language: null,
    processed: true,
    match: null,
    warnings: [],
    seen: true,
    closedAt: null,
    repostedFrom: null,
    earlierPosting: null,
    old: false,
    openDays: 5,
    ...overrides,
  };
}
