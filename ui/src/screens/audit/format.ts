/** Display helpers of the audit screens. */
import type { TaskRunStatus } from "../../bindings";

export const TASK_RUN_STATUSES: TaskRunStatus[] = [
  "running",
  "success",
  "failed",
  "cached",
  "timed_out",
  "cancelled",
  "crashed",
];

/** The badge colour (a flow-run state class) of a TaskRun status. */
export function statusStateType(status: TaskRunStatus | string): string {
  switch (status) {
    case "success":
    case "cached":
      return "COMPLETED";
    case "failed":
    case "timed_out":
      return "FAILED";
    case "crashed":
      return "CRASHED";
    case "running":
      return "RUNNING";
    case "cancelled":
      return "CANCELLED";
    default:
      return "PENDING";
  }
}

/** "timed_out" -> "timed out". */
export function statusLabel(status: string): string {
  return status.replace(/_/g, " ");
}

/** 0..1 as "95.0 %"; "—" when unknown. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(1)} %`;
}

/**
 * A `datetime-local` value (local time, as typed) as RFC 3339 UTC. Empty: `value` null;
 * unparsable: `error` says so, naming the field.
 */
export function localToRfc3339(field: string, local: string): { value: string | null; error: string | null } {
  if (!local.trim()) return { value: null, error: null };
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return { value: null, error: `${field}: not a valid date and time` };
  return { value: date.toISOString(), error: null };
}

/** The first characters of an id, enough to tell runs apart in a table. */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

/** Who started a call, in words: `desktop` -> "You, in the app"; an unknown actor as it is. */
export function actorLabel(actor: string): string {
  switch (actor) {
    case "desktop":
      return "You, in the app";
    case "cli":
      return "Command line";
    case "scheduler":
      return "A schedule";
    case "api":
      return "Directly (program)";
    case "replay":
      return "A replay";
    default:
      return actor.startsWith("flow:") ? `Flow ${actor.slice(5)}` : actor;
  }
}
