/**
 * Plain words and calendar days for tracking applications: how the user applied, the
 * follow-up reminder's day and whether it is due. Days are `YYYY-MM-DD` in the user's own
 * calendar (as the app stores them), never shifted through UTC.
 */
import type { AppliedVia, ApplicationView } from "../../bindings";
import { isClosed } from "./stages";

/** The choices of "I applied", in the order shown. */
export const APPLIED_VIA: { value: AppliedVia; label: string }[] = [
  { value: "email", label: "Email" },
  { value: "company_website", label: "Company website" },
  { value: "job_board", label: "Job board" },
  { value: "referral", label: "Referral" },
  { value: "other", label: "Other" },
];

/** How an application went out, in words ("company website"); null when not known. */
export function channelLabel(channel: string | null): string | null {
  if (channel === null) return null;
  if (channel === "url") return "apply page";
  const known = APPLIED_VIA.find((c) => c.value === channel);
  return known ? known.label.toLowerCase() : channel.replace(/_/g, " ");
}

/** Today in the user's calendar, `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `2026-12-08` as "8 Dec 2026" in the user's locale; the text itself when not a day. */
export function formatDay(day: string | null): string {
  if (!day) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** The follow-up reminder's day has come (today or earlier) on an open application. */
export function isFollowUpDue(app: Pick<ApplicationView, "follow_up_on" | "stage">, today: string): boolean {
  return app.follow_up_on !== null && app.follow_up_on <= today && !isClosed(app.stage);
}

/**
 * A command error's message for people: without the leading field name the engine puts first
 * (`job_id: already applied…` reads "Already applied…"), and the daily limit in words.
 */
export function plainError(message: string): string {
  if (/daily cap reached/i.test(message)) {
    return "You reached today's limit of applications sent by email. Try again tomorrow.";
  }
  const rest = message.replace(/^[A-Za-z_]+: /, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
