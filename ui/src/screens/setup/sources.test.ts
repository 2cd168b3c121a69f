/** Short names of the company boards added with issue #15, as the lists show a source. */
import { describe, expect, it } from "vitest";
import type { SourceInfo } from "../../bindings";
import { shortSourceName } from "./sources";

const catalogue: SourceInfo[] = [
  { spec: "remoteok", name: "Remote OK", description: "Remote jobs.", needs_company: false, countries: [] },
];

describe("shortSourceName", () => {
  it("names each new company board by the company and the board's own spelling", () => {
    expect(shortSourceName("smartrecruiters:Visa", catalogue)).toBe("Visa (SmartRecruiters)");
    expect(shortSourceName("recruitee:acme", catalogue)).toBe("acme (Recruitee)");
    expect(shortSourceName("personio:globex", catalogue)).toBe("globex (Personio)");
    expect(shortSourceName("workable:initech", catalogue)).toBe("initech (Workable)");
    expect(shortSourceName("teamtailor:umbrella", catalogue)).toBe("umbrella (Teamtailor)");
  });

  it("names a Workday site by its tenant, without the data centre or the site", () => {
    expect(shortSourceName("workday:acme.wd3/External", catalogue)).toBe("acme (Workday)");
  });

  it("keeps a catalogue name and a spec without a company as they are", () => {
    expect(shortSourceName("remoteok", catalogue)).toBe("Remote OK");
    expect(shortSourceName("unknown", catalogue)).toBe("unknown");
  });
});
