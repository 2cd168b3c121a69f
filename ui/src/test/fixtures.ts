/** Builders of command results shared by several screens' tests; `overrides` replace fields. */
import type { DeploymentDto, JobRow } from "../bindings";

/** A jobs-list row: a scored, remote Rust job seen on two sources. */
export function jobRow(overrides: Partial<JobRow> = {}): JobRow {
  return {
    id: "job-1",
    title: "Rust Engineer",
    company: "Acme",
    location: "Berlin",
    remote: true,
    salary: "EUR 70,000–90,000 / year",
    postedAt: "2026-11-20T10:00:00Z",
    firstSeen: "2026-11-21T10:00:00Z",
    sources: ["greenhouse:acme", "remoteok"],
    score: 0.82,
    ...overrides,
  };
}

/** A deployment of daily_job_hunt on weekday mornings, not paused. */
export function deploymentDto(overrides: Partial<DeploymentDto> = {}): DeploymentDto {
  return {
    id: "dep-1",
    name: "morning hunt",
    flowName: "daily_job_hunt",
    parameters: { keywords: ["rust"] },
    schedules: [
      { kind: "cron", description: "cron 0 9 * * 1-5 (Europe/Berlin)", expr: "0 9 * * 1-5", everySecs: null, timezone: "Europe/Berlin" },
    ],
    catchup: "latest_once",
    catchupWindowSecs: 86400,
    overlap: "skip",
    paused: false,
    createdAt: "2026-11-20T09:00:00Z",
    updatedAt: "2026-11-20T09:00:00Z",
    nextRuns: ["2026-12-01T08:00:00Z"],
    ...overrides,
  };
}
