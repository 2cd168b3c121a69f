/**
 * A job site's health in plain words: what its state means for the job seeker and what to do
 * ("the board answered 'not found' – check the company name"), never the engine's kinds.
 */
import type { SourceHealth } from "../../bindings";

/** Why the last search of a site failed, and what helps. */
export function failureInWords(kind: string | null): string {
  switch (kind) {
    case "not_found":
      return "the board answered “not found” – check the company name";
    case "blocked":
      return "the site refused to answer (it blocks automatic searches or asked to slow down)";
    case "malformed":
      return "the site changed the way it lists jobs, so they could not be read";
    case "unavailable":
      return "the site did not answer (it may be down for a while)";
    default:
      return "the search did not work";
  }
}

/** A date and time without seconds ("7 Dec 2026, 08:00"), or "—". */
export function when(rfc3339: string | null): string {
  if (!rfc3339) return "—";
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** The one-line state: "Working", "Failing since …: …", "Paused until …", "No jobs lately". */
export function stateInWords(h: SourceHealth): string {
  switch (h.state) {
    case "working":
      return "Working";
    case "failing":
      return `Failing since ${when(h.failing_since)}: ${failureInWords(h.last_error_kind)}`;
    case "paused":
      return `Paused until ${when(h.paused_until)}: ${failureInWords(h.last_error_kind)}`;
    case "suspicious":
      return "Answering, but no jobs in the last searches – the site may have changed";
  }
}

/** "3 jobs found, 1 new" for the last search. */
export function lastRunInWords(h: SourceHealth): string {
  if (h.last_attempt === null) return "Not searched yet";
  const jobs = h.jobs_last_run === 1 ? "1 job" : `${h.jobs_last_run} jobs`;
  return `Last search: ${jobs} found, ${h.new_last_run} new`;
}
