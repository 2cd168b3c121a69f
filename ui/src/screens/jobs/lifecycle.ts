/**
 * Closed, reposted and old postings in plain words. A job is closed when its job site no longer
 * lists it, a repost when a closed job of the same company and title came back under a new
 * posting, old when it has been open for more than 60 days. Pure functions.
 */
import type { JobDto, JobRow } from "../../bindings";
import { formatDate } from "./format";

/** The short labels a list row carries ("Closed", "Reposted", "Old"). */
export function lifecycleBadges(row: Pick<JobRow, "closed_at" | "reposted_from" | "old">): string[] {
  const badges: string[] = [];
  if (row.closed_at) badges.push("Closed");
  if (row.reposted_from) badges.push("Reposted");
  if (row.old && !row.closed_at) badges.push("Old");
  return badges;
}

/** The job page's hints, one sentence each, in the order they matter. */
export function lifecycleHints(
  job: Pick<JobDto, "closedAt" | "repostedFrom" | "earlierPosting" | "old" | "openDays">,
): string[] {
  const hints: string[] = [];
  if (job.closedAt) {
    hints.push(`Closed on ${formatDate(job.closedAt)}: the job site no longer lists this posting.`);
  }
  if (job.repostedFrom) {
    const earlier = job.earlierPosting;
    const dates = earlier
      ? [`first seen ${formatDate(earlier.firstSeen)}`, earlier.closedAt ? `closed ${formatDate(earlier.closedAt)}` : null]
          .filter(Boolean)
          .join(", ")
      : "";
    hints.push(dates ? `Reposted — ${dates}.` : "Reposted: the same job was listed before.");
  }
  if (job.old && !job.closedAt) {
    hints.push(`Old posting: open for ${job.openDays} ${job.openDays === 1 ? "day" : "days"}.`);
  }
  return hints;
}
