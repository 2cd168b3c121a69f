import { describe, expect, it } from "vitest";
import { defaultWhen, describeWhen, scheduleOf, whenError, whenOf, whenOfText, type When } from "./builder";

const daily = (patch: Partial<When>): When => ({ ...defaultWhen(), mode: "daily", ...patch });

describe("schedule builder -> cron or interval", () => {
  it("says each kind of day in cron", () => {
    expect(scheduleOf(daily({ days: "everyDay", time: "09:00" }))).toBe("0 9 * * *");
    expect(scheduleOf(daily({ days: "weekdays", time: "07:30" }))).toBe("30 7 * * 1-5");
    expect(scheduleOf(daily({ days: "chosen", chosen: [5, 1, 3], time: "18:05" }))).toBe("5 18 * * 1,3,5");
    expect(scheduleOf(daily({ days: "chosen", chosen: [0, 6], time: "10:00" }))).toBe("0 10 * * 0,6");
    // Every day, or Monday to Friday, chosen one by one, is the same schedule.
    expect(scheduleOf(daily({ days: "chosen", chosen: [0, 1, 2, 3, 4, 5, 6], time: "09:00" }))).toBe("0 9 * * *");
    expect(scheduleOf(daily({ days: "chosen", chosen: [1, 2, 3, 4, 5], time: "09:00" }))).toBe("0 9 * * 1-5");
  });

  it("says every N hours as an interval", () => {
    expect(scheduleOf({ ...defaultWhen(), mode: "hours", hours: "6" })).toBe("6h");
    expect(scheduleOf({ ...defaultWhen(), mode: "hours", hours: " 12 " })).toBe("12h");
  });

  it("refuses what is not a schedule, in words", () => {
    expect(whenError(daily({ time: "25:00" }))).toMatch(/^Time:/);
    expect(whenError(daily({ days: "chosen", chosen: [] }))).toMatch(/^Days: choose at least one day/);
    for (const hours of ["0", "1.5", "", "169", "six"]) {
      expect(whenError({ ...defaultWhen(), mode: "hours", hours })).toMatch(/^Every how many hours:/);
      expect(scheduleOf({ ...defaultWhen(), mode: "hours", hours })).toBeNull();
    }
    expect(whenError(defaultWhen())).toBeNull();
  });

  it("says the schedule in words", () => {
    expect(describeWhen(daily({ days: "everyDay", time: "09:00" }))).toBe("Every day at 09:00");
    expect(describeWhen(daily({ days: "weekdays", time: "07:30" }))).toBe("Every weekday (Monday to Friday) at 07:30");
    expect(describeWhen(daily({ days: "chosen", chosen: [5, 1, 3], time: "08:00" }))).toBe(
      "Every Monday, Wednesday and Friday at 08:00",
    );
    expect(describeWhen(daily({ days: "chosen", chosen: [0], time: "08:00" }))).toBe("Every Sunday at 08:00");
    expect(describeWhen({ ...defaultWhen(), mode: "hours", hours: "1" })).toBe("Every hour");
    expect(describeWhen({ ...defaultWhen(), mode: "hours", hours: "6" })).toBe("Every 6 hours");
  });
});

describe("cron or interval -> schedule builder", () => {
  it("reads back what the builder writes", () => {
    const cases: When[] = [
      daily({ days: "everyDay", time: "09:00", chosen: [0, 1, 2, 3, 4, 5, 6] }),
      daily({ days: "weekdays", time: "07:30", chosen: [1, 2, 3, 4, 5] }),
      daily({ days: "chosen", chosen: [1, 3, 5], time: "18:05" }),
      daily({ days: "chosen", chosen: [0, 6], time: "00:00" }),
    ];
    for (const when of cases) {
      expect(whenOf({ expr: scheduleOf(when), everySecs: null })).toEqual(when);
    }
    expect(whenOf({ expr: null, everySecs: 6 * 3600 })).toEqual({ ...defaultWhen(), mode: "hours", hours: "6" });
  });

  it("reads the usual ways of writing days", () => {
    expect(whenOf({ expr: "0 9 * * MON-FRI", everySecs: null })?.days).toBe("weekdays");
    expect(whenOf({ expr: "0 9 * * 1-7", everySecs: null })?.days).toBe("everyDay");
    expect(whenOf({ expr: "0 9 * * sat,sun", everySecs: null })).toMatchObject({ days: "chosen", chosen: [0, 6] });
    expect(whenOf({ expr: "0 9 * * 5-7", everySecs: null })).toMatchObject({ days: "chosen", chosen: [0, 5, 6] });
    expect(whenOf({ expr: "5  7 * * *", everySecs: null })).toMatchObject({ days: "everyDay", time: "07:05" });
  });

  it("leaves to the expert field what the builder cannot say", () => {
    for (const expr of ["*/15 * * * *", "0 9 1 * *", "0 9-17 * * *", "0 9 * 1 *", "0 0 9 * * *", "0 9 * * 8"]) {
      expect(whenOf({ expr, everySecs: null })).toBeNull();
    }
    expect(whenOf({ expr: null, everySecs: 900 })).toBeNull();
    expect(whenOf({ expr: null, everySecs: 200 * 3600 })).toBeNull();
  });

  it("reads typed intervals", () => {
    expect(whenOfText("6h")).toMatchObject({ mode: "hours", hours: "6" });
    expect(whenOfText("1d")).toMatchObject({ mode: "hours", hours: "24" });
    expect(whenOfText("120m")).toMatchObject({ mode: "hours", hours: "2" });
    expect(whenOfText("15m")).toBeNull();
    expect(whenOfText("30 7 * * 1-5")).toMatchObject({ mode: "daily", days: "weekdays", time: "07:30" });
  });
});
