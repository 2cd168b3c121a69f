/**
 * A flow's settings in words for its card: what a failed run does, how long a run may take, and
 * the tags its runs carry. "Tries again once · Time limit 1 hour · Tags: production, scheduled".
 * (Shared by the Flows screen; it lives with the runs because it says how a run behaves.)
 */
import type { FlowInfo } from "../../bindings";

/** `1` -> "Tries again once"; `0` -> "Does not try again". */
export function retriesText(retries: number): string {
  if (retries <= 0) return "Does not try again";
  if (retries === 1) return "Tries again once";
  if (retries === 2) return "Tries again twice";
  return `Tries again up to ${retries} times`;
}

function unit(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/** 3600 -> "1 hour", 5400 -> "1 hour 30 minutes", 45 -> "45 seconds". */
export function durationWords(totalSecs: number): string {
  const secs = Math.max(0, Math.round(totalSecs));
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const parts = [h ? unit(h, "hour") : "", m ? unit(m, "minute") : "", s || secs === 0 ? unit(s, "second") : ""];
  return parts.filter(Boolean).join(" ");
}

/** `3600` -> "Time limit 1 hour"; none -> "No time limit". */
export function timeLimitText(timeoutSecs: number | null): string {
  return timeoutSecs == null ? "No time limit" : `Time limit ${durationWords(timeoutSecs)}`;
}

/** The card's line: retries, time limit and (when it has any) tags, joined by " · ". */
export function flowSettingsText(flow: Pick<FlowInfo, "retries" | "timeout_secs" | "tags">): string {
  const parts = [retriesText(flow.retries), timeLimitText(flow.timeout_secs)];
  if (flow.tags.length > 0) parts.push(`Tags: ${flow.tags.join(", ")}`);
  return parts.join(" · ");
}
