import { describe, expect, it } from "vitest";
import { durationWords, flowSettingsText, retriesText, timeLimitText } from "./flowSettings";

describe("flow settings in words", () => {
  it("says the seed's daily hunt settings as the Flows card shows them", () => {
    expect(flowSettingsText({ retries: 1, timeout_secs: 3600, tags: ["production", "scheduled"] })).toBe(
      "Tries again once · Time limit 1 hour · Tags: production, scheduled",
    );
    expect(flowSettingsText({ retries: 0, timeout_secs: null, tags: [] })).toBe("Does not try again · No time limit");
  });

  it("counts tries and durations in words", () => {
    expect([0, 1, 2, 3].map(retriesText)).toEqual([
      "Does not try again",
      "Tries again once",
      "Tries again twice",
      "Tries again up to 3 times",
    ]);
    expect(durationWords(300)).toBe("5 minutes");
    expect(durationWords(5400)).toBe("1 hour 30 minutes");
    expect(durationWords(7261)).toBe("2 hours 1 minute 1 second");
    expect(durationWords(0)).toBe("0 seconds");
    expect(timeLimitText(45)).toBe("Time limit 45 seconds");
  });
});
