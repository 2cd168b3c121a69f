import { describe, expect, it } from "vitest";
import { errorMessage, formatDuration, formatTimestamp } from "./format";

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [undefined, "—"],
    [-1, "—"],
    [0, "0 ms"],
    [850, "850 ms"],
    [1000, "1.0 s"],
    [12_345, "12.3 s"],
    [65_000, "1 min 05 s"],
    [3_600_000, "1 h 00 min"],
    [7_380_000, "2 h 03 min"],
  ])("%s ms -> %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("formatTimestamp", () => {
  it("returns a dash for missing or invalid values", () => {
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestamp("not a date")).toBe("—");
  });

  it("formats an RFC 3339 timestamp", () => {
    expect(formatTimestamp("2026-11-26T09:00:01Z")).toMatch(/2026/);
  });
});

describe("errorMessage", () => {
  it("reads messages from errors, strings and command errors", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage({ code: "x", message: "from rust" })).toBe("from rust");
    expect(errorMessage(42)).toBe("Unknown error");
  });
});
