/**
 * "When" in words: the schedule builder's state ("every weekday at 09:00", "on Mon, Wed and
 * Fri at 07:30", "every 6 hours"), the cron expression or interval the API takes for it, and
 * the way back from a stored cron or interval to the builder. What the builder cannot say
 * (any other cron) opens the expert cron field instead.
 *
 * Pure functions, tested in builder.test.ts. The time-of-day helpers are the setup's
 * (`setup/schedule.ts`): both say "HH:MM", 24-hour, in the schedule's zone.
 */
import { DEFAULT_TIME, isTime } from "../setup/schedule";

/** Which days a daily schedule runs on. */
export type DayChoice = "everyDay" | "weekdays" | "chosen";

/** The builder's state; `days`, `chosen` and `time` are kept while "every N hours" is picked. */
export type When = {
  mode: "daily" | "hours";
  days: DayChoice;
  /** Cron weekday numbers (0 = Sunday ... 6 = Saturday) of "chosen days". */
  chosen: number[];
  /** "HH:MM", 24-hour. */
  time: string;
  /** "Every N hours" as typed. */
  hours: string;
};

/** Monday first, as a job seeker's week reads; `day` is cron's number. */
export const WEEK: Array<{ day: number; short: string; long: string }> = [
  { day: 1, short: "Mon", long: "Monday" },
  { day: 2, short: "Tue", long: "Tuesday" },
  { day: 3, short: "Wed", long: "Wednesday" },
  { day: 4, short: "Thu", long: "Thursday" },
  { day: 5, short: "Fri", long: "Friday" },
  { day: 6, short: "Sat", long: "Saturday" },
  { day: 0, short: "Sun", long: "Sunday" },
];

/** The most hours "every N hours" takes (a week; longer is a daily schedule). */
export const MAX_HOURS = 168;

/** A new schedule: every weekday at 09:00. */
export function defaultWhen(): When {
  return { mode: "daily", days: "weekdays", chosen: [1, 2, 3, 4, 5], time: DEFAULT_TIME, hours: "6" };
}

function sortedDays(days: number[]): number[] {
  return [...new Set(days.map((d) => (d === 7 ? 0 : d)))].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
}

/** What is wrong with the builder's state, in words; null when it makes a schedule. */
export function whenError(when: When): string | null {
  if (when.mode === "hours") {
    const n = Number(when.hours.trim());
    if (!/^\d+$/.test(when.hours.trim()) || n < 1 || n > MAX_HOURS) {
      return `Every how many hours: enter a whole number from 1 to ${MAX_HOURS}.`;
    }
    return null;
  }
  if (!isTime(when.time)) return "Time: enter a time of day such as 09:00.";
  if (when.days === "chosen" && sortedDays(when.chosen).length === 0) return "Days: choose at least one day.";
  return null;
}

/**
 * The cron expression ("30 7 * * 1,3,5") or interval ("6h") of the builder's state, or null
 * while it has an error (see `whenError`).
 */
export function scheduleOf(when: When): string | null {
  if (whenError(when)) return null;
  if (when.mode === "hours") return `${Number(when.hours.trim())}h`;
  const [h, m] = when.time.split(":").map(Number);
  let days = "*";
  if (when.days === "weekdays") days = "1-5";
  if (when.days === "chosen") {
    const chosen = sortedDays(when.chosen);
    if (chosen.length === 7) days = "*";
    else if (chosen.join(",") === "1,2,3,4,5") days = "1-5";
    else days = chosen.join(",");
  }
  return `${m} ${h} * * ${days}`;
}

/** "Monday, Wednesday and Friday". */
function listInWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** The builder's state as a sentence ("Every weekday at 09:00"); null while it has an error. */
export function describeWhen(when: When): string | null {
  if (whenError(when)) return null;
  if (when.mode === "hours") {
    const n = Number(when.hours.trim());
    return n === 1 ? "Every hour" : `Every ${n} hours`;
  }
  if (when.days === "everyDay") return `Every day at ${when.time}`;
  if (when.days === "weekdays") return `Every weekday (Monday to Friday) at ${when.time}`;
  const chosen = sortedDays(when.chosen);
  if (chosen.length === 7) return `Every day at ${when.time}`;
  const names = WEEK.filter((w) => chosen.includes(w.day)).map((w) => w.long);
  return `Every ${listInWords(names)} at ${when.time}`;
}

const DAY_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** A cron weekday field ("*", "1-5", "1,3,5", "mon-fri", "sat,sun") as day numbers; null if it is not one. */
function parseDays(field: string): number[] | null {
  if (field === "*") return [0, 1, 2, 3, 4, 5, 6];
  const days: number[] = [];
  const one = (text: string): number | null => {
    if (/^[0-7]$/.test(text)) return Number(text) % 7;
    return DAY_NAMES[text.toLowerCase()] ?? null;
  };
  for (const part of field.split(",")) {
    const range = part.split("-");
    if (range.length === 1) {
      const d = one(range[0]);
      if (d === null) return null;
      days.push(d);
    } else if (range.length === 2) {
      const from = one(range[0]);
      // "5-7" ends on Sunday, written 7.
      const to = range[1] === "7" ? 7 : one(range[1]);
      if (from === null || to === null || to < from) return null;
      for (let d = from; d <= to; d++) days.push(d % 7);
    } else {
      return null;
    }
  }
  return sortedDays(days);
}

/**
 * The builder's state for a stored schedule (a cron expression, or an interval in seconds),
 * or null when the builder cannot say it (the expert cron field opens instead).
 */
export function whenOf(schedule: { expr: string | null; everySecs: number | null }): When | null {
  const base = defaultWhen();
  if (schedule.expr === null) {
    const secs = schedule.everySecs;
    if (secs === null || secs <= 0 || secs % 3600 !== 0 || secs / 3600 > MAX_HOURS) return null;
    return { ...base, mode: "hours", hours: String(secs / 3600) };
  }
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\S+)$/.exec(schedule.expr.trim().replace(/\s+/g, " "));
  if (!m) return null;
  const time = `${m[2].padStart(2, "0")}:${m[1].padStart(2, "0")}`;
  const days = parseDays(m[3]);
  if (!isTime(time) || days === null || days.length === 0) return null;
  const key = days.join(",");
  if (key === "0,1,2,3,4,5,6") return { ...base, time, days: "everyDay", chosen: days };
  if (key === "1,2,3,4,5") return { ...base, time, days: "weekdays", chosen: days };
  return { ...base, time, days: "chosen", chosen: days };
}

/** A cron expression or interval as typed in the expert field, read back into the builder. */
export function whenOfText(text: string): When | null {
  const t = text.trim();
  const interval = /^(\d+)\s*(h|m|d)$/.exec(t);
  if (interval) {
    const n = Number(interval[1]);
    const secs = interval[2] === "h" ? n * 3600 : interval[2] === "d" ? n * 86400 : n * 60;
    return whenOf({ expr: null, everySecs: secs });
  }
  return whenOf({ expr: t, everySecs: null });
}
