/** Flow run and task run builders for tests. */
import type { FlowRunDetail, FlowRunSummary, TaskRunSummary } from "../../bindings";

export const T0 = Date.parse("2026-11-26T09:00:00Z");
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export function runSummary(overrides: Partial<FlowRunSummary> = {}): FlowRunSummary {
  return {
    id: "r",
    flowName: "daily_job_hunt",
    trigger: "manual",
    stateType: "COMPLETED",
    stateName: "Completed",
    createdAt: at(0),
    startedAt: at(0),
    finishedAt: at(100),
    durationMs: 100_000,
    error: null,
    tags: [],
    ...overrides,
  };
}

export function taskRun(overrides: Partial<TaskRunSummary> = {}): TaskRunSummary {
  return {
    id: "t",
    operationName: "scrape",
    taskName: "scrape",
    status: "success",
    startedAt: at(0),
    finishedAt: at(10),
    durationMs: 10_000,
    actor: "flow:daily_job_hunt",
    orchestrated: true,
    flowRunId: "r",
    callId: "c1",
    attempt: 1,
    errorMessage: null,
    errorKind: null,
    replayOf: null,
    ...overrides,
  };
}

export function runDetail(overrides: Partial<FlowRunDetail> = {}): FlowRunDetail {
  return {
    run: runSummary(),
    actor: "desktop",
    deploymentId: null,
    parameters: {},
    result: null,
    restartedFrom: null,
    runCount: 1,
    taskRuns: [],
    logs: [],
    ...overrides,
  };
}
