/** The run view's Gantt-like timeline: where each task run's bar goes. Pure (timeline.test.ts). */
import type { FlowRunSummary, StateType, TaskRunStatus, TaskRunSummary } from "../../bindings";

export const TERMINAL_STATES: readonly StateType[] = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"];

export function isTerminal(state: StateType): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Restart from failure applies to these. */
export function canRestart(state: StateType): boolean {
  return state === "FAILED" || state === "CRASHED" || state === "CANCELLED";
}

export type TimelineBar = {
  taskRun: TaskRunSummary;
  /** Percent of the timeline's width. */
  offset: number;
  width: number;
  /** Still growing (running and the run is not over). */
  running: boolean;
  /** The bar's time span in ms. */
  elapsedMs: number;
  /** "attempt 2" when the call was retried, else null. */
  attemptLabel: string | null;
};

export type Timeline = { startMs: number; totalMs: number; bars: TimelineBar[] };

function ms(rfc3339: string | null | undefined): number | null {
  if (!rfc3339) return null;
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? null : t;
}

/** The smallest bar, in percent, so instant tasks stay visible. */
const MIN_WIDTH = 0.5;

export function layoutTimeline(run: FlowRunSummary, taskRuns: TaskRunSummary[], nowMs: number): Timeline {
  const runStart = ms(run.startedAt) ?? ms(run.createdAt) ?? nowMs;
  const starts = taskRuns.map((t) => ms(t.startedAt)).filter((t): t is number => t !== null);
  const startMs = Math.min(runStart, ...starts);
  const terminal = isTerminal(run.stateType);
  const runEnd = ms(run.finishedAt);

  const ends = taskRuns.map((t) => {
    const s = ms(t.startedAt) ?? startMs;
    const f = ms(t.finishedAt);
    if (f !== null) return f;
    if (t.status === "running" && !terminal) return Math.max(nowMs, s);
    return s + (t.durationMs ?? 0);
  });
  const endMs = Math.max(runEnd ?? (terminal ? startMs : nowMs), ...ends, startMs);
  const totalMs = Math.max(endMs - startMs, 1);

  const attemptsPerCall = new Map<string, number>();
  for (const t of taskRuns) attemptsPerCall.set(t.callId, (attemptsPerCall.get(t.callId) ?? 0) + 1);

  const bars = taskRuns.map((taskRun, i) => {
    const s = ms(taskRun.startedAt) ?? startMs;
    const e = ends[i];
    const offset = ((s - startMs) / totalMs) * 100;
    const width = Math.min(Math.max(((e - s) / totalMs) * 100, MIN_WIDTH), Math.max(100 - offset, MIN_WIDTH));
    const retried = taskRun.attempt > 1 || (attemptsPerCall.get(taskRun.callId) ?? 0) > 1;
    return {
      taskRun,
      offset,
      width,
      running: taskRun.status === "running" && !terminal,
      elapsedMs: Math.max(e - s, 0),
      attemptLabel: retried ? `attempt ${taskRun.attempt}` : null,
    };
  });
  return { startMs, totalMs, bars };
}

/** A CSS class for a task run status. */
export function statusClass(status: TaskRunStatus): string {
  switch (status) {
    case "success":
      return "bar-success";
    case "cached":
      return "bar-cached";
    case "running":
      return "bar-running";
    case "cancelled":
      return "bar-cancelled";
    default:
      return "bar-failed";
  }
}
