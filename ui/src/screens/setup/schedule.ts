/** "When to hunt" in words, and the time read back from the hunt's stored schedule. */
import type { DeploymentDto } from "../../bindings";

export const DEFAULT_TIME = "09:00";

/** The user's time zone (IANA name, e.g. Europe/Berlin). */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** "Every day at 09:00", "Monday to Friday at 07:30", plus the 6-hour look when on. */
export function describeSchedule(time: string, weekdaysOnly: boolean, every6h: boolean): string {
  const days = weekdaysOnly ? "Monday to Friday" : "Every day";
  const more = every6h ? ", and a quick look for new jobs every 6 hours" : "";
  return `${days} at ${time}${more}.`;
}

/** The time and days of a daily hunt stored as "M H * * *" or "M H * * 1-5", if it is one. */
export function storedSchedule(hunt: DeploymentDto | null): { time: string; weekdaysOnly: boolean } | null {
  for (const schedule of hunt?.schedules ?? []) {
    const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5)$/.exec(schedule.expr ?? "");
    if (!m) continue;
    const time = `${m[2].padStart(2, "0")}:${m[1].padStart(2, "0")}`;
    if (isTime(time)) return { time, weekdaysOnly: m[3] === "1-5" };
  }
  return null;
}
