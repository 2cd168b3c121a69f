import { describe, expect, it } from "vitest";
import { DAILY_JOB_HUNT_SCHEMA, REF_SCHEMA, SMART_APPLICATION_SCHEMA } from "./fixtures";
import { buildParams, fieldsOf, initialValues, parseField, type Field } from "./schema";

function field(fields: Field[], name: string): Field {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}

describe("fieldsOf", () => {
  it("reads the kinds, defaults and descriptions of a schemars schema", () => {
    const fields = fieldsOf(DAILY_JOB_HUNT_SCHEMA);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ["auto_apply", "boolean"],
      ["fallbacks", "map"],
      ["keywords", "list"],
      ["limit", "integer"],
      ["match_threshold", "number"],
      ["max_cvs", "integer"],
      ["profile_id", "string"],
      ["sources", "list"],
    ]);
    expect(field(fields, "profile_id").nullable).toBe(true);
    expect(field(fields, "limit")).toMatchObject({ default: 50, minimum: 0, nullable: false });
    expect(field(fields, "keywords").description).toBe("One search per keyword on every source (empty: the profile's search phrases).");
    // Every field has a plain title; thresholds are marked as 0..1 fractions.
    expect(fields.map((f) => f.title)).toEqual([
      "Apply automatically",
      "Backup sites",
      "Search terms",
      "Most jobs per site",
      "Strong match from",
      "Most CVs per hunt",
      "Profile",
      "Job sites",
    ]);
    expect(fields.filter((f) => f.unit === "fraction").map((f) => f.name)).toEqual(["match_threshold"]);
    expect(initialValues(fields)).toEqual({
      auto_apply: false,
      fallbacks: "",
      keywords: "",
      limit: "50",
      match_threshold: "80",
      max_cvs: "10",
      profile_id: "",
      sources: "",
    });
  });

  it("follows $ref into $defs and definitions, and unwraps anyOf with null", () => {
    const fields = fieldsOf(REF_SCHEMA);
    const level = field(fields, "level");
    expect(level).toMatchObject({ kind: "enum", options: ["info", "error"], nullable: false, description: "How loud." });
    expect(field(fields, "mode")).toMatchObject({ kind: "enum", options: ["fast", "thorough"], nullable: true });
    expect(field(fields, "window")).toMatchObject({ kind: "json", nullable: true });
    expect(field(fields, "weights")).toMatchObject({ kind: "map", itemKind: "number" });
    expect(field(fields, "ports")).toMatchObject({ kind: "list", itemKind: "integer" });
    expect(field(fields, "dry_run")).toMatchObject({ kind: "boolean", nullable: true });
  });

  it("marks required properties", () => {
    const fields = fieldsOf(SMART_APPLICATION_SCHEMA);
    expect(field(fields, "job_id").required).toBe(true);
    expect(field(fields, "profile_id").required).toBe(false);
  });

  it("survives a schema that is not an object", () => {
    expect(fieldsOf(null)).toEqual([]);
    expect(fieldsOf(true)).toEqual([]);
  });
});

describe("buildParams", () => {
  it("turns form values into typed parameters", () => {
    const fields = fieldsOf(DAILY_JOB_HUNT_SCHEMA);
    const values = {
      ...initialValues(fields),
      auto_apply: true,
      keywords: "rust\n  \ntypescript \n",
      fallbacks: "remotive=remoteok\n greenhouse:acme = lever:acme",
      limit: "20",
      match_threshold: "75",
    };
    expect(buildParams(fields, values)).toEqual({
      params: {
        auto_apply: true,
        fallbacks: { remotive: "remoteok", "greenhouse:acme": "lever:acme" },
        keywords: ["rust", "typescript"],
        limit: 20,
        match_threshold: 0.75,
        max_cvs: 10,
        profile_id: null,
        sources: [],
      },
      errors: {},
    });
  });

  it("names the field in every message", () => {
    const fields = fieldsOf(DAILY_JOB_HUNT_SCHEMA);
    const values = {
      ...initialValues(fields),
      limit: "2.5",
      match_threshold: "high",
      max_cvs: "-1",
      fallbacks: "remotive",
    };
    expect(buildParams(fields, values).errors).toEqual({
      limit: "Most jobs per site: must be a whole number of at least 0",
      match_threshold: "Strong match from: must be a percentage from 0 to 100",
      max_cvs: "Most CVs per hunt: must be a whole number of at least 0",
      fallbacks: "Backup sites: line 1 must be key=value",
    });
  });

  it("checks a number against the schema's range", () => {
    const limit = field(fieldsOf(DAILY_JOB_HUNT_SCHEMA), "limit");
    const bounded: Field = { ...limit, kind: "number", minimum: 0, maximum: 1 };
    expect(parseField(bounded, "1.5")).toEqual({ error: "must be a number between 0 and 1" });
    expect(parseField(bounded, "0.5")).toEqual({ value: 0.5 });
  });

  it("edits a 0..1 fraction as 0-100 % and sends 0..1", () => {
    const threshold = field(fieldsOf(DAILY_JOB_HUNT_SCHEMA), "match_threshold");
    expect(parseField(threshold, "85")).toEqual({ value: 0.85 });
    expect(parseField(threshold, "85 %")).toEqual({ value: 0.85 });
    expect(parseField(threshold, "85.5")).toEqual({ value: 0.855 });
    expect(parseField(threshold, "0")).toEqual({ value: 0 });
    expect(parseField(threshold, "100")).toEqual({ value: 1 });
    for (const bad of ["101", "-1", "high"]) {
      expect(parseField(threshold, bad)).toEqual({ error: "must be a percentage from 0 to 100" });
    }
    // And back: no float noise.
    expect(initialValues([threshold], { match_threshold: 0.07 })).toEqual({ match_threshold: "7" });
    expect(initialValues([threshold], { match_threshold: 0.855 })).toEqual({ match_threshold: "85.5" });
    const smart = fieldsOf(SMART_APPLICATION_SCHEMA);
    expect(smart.filter((f) => f.unit === "fraction").map((f) => f.name)).toEqual(["auto_apply_threshold", "wishlist_threshold"]);
  });

  it("skips an empty backup-site row", () => {
    const fallbacks = field(fieldsOf(DAILY_JOB_HUNT_SCHEMA), "fallbacks");
    expect(parseField(fallbacks, "remotive=remoteok\n=")).toEqual({ value: { remotive: "remoteok" } });
  });

  it("says 'must be a whole number' when there is no range", () => {
    const f: Field = { ...fieldsOf(DAILY_JOB_HUNT_SCHEMA)[3], minimum: null };
    expect(parseField(f, "abc")).toEqual({ error: "must be a whole number" });
  });

  it("requires required fields and omits blank optional ones", () => {
    const fields = fieldsOf(SMART_APPLICATION_SCHEMA);
    const empty = buildParams(fields, { ...initialValues(fields), auto_apply_threshold: "" });
    expect(empty.errors).toEqual({ job_id: "Job: is required" });
    const ok = buildParams(fields, { ...initialValues(fields), job_id: "j-1", auto_apply_threshold: "" });
    expect(ok).toEqual({ params: { job_id: "j-1", profile_id: null, wishlist_threshold: 0.6 }, errors: {} });
  });

  it("parses enums, lists of numbers, maps as JSON and JSON fields", () => {
    const fields = fieldsOf(REF_SCHEMA);
    const values = {
      ...initialValues(fields),
      level: '"error"',
      mode: "",
      window: '{"from": "09:00"}',
      weights: '{"a": 1}',
      ports: "80\n443",
      dry_run: "true",
    };
    expect(buildParams(fields, values)).toEqual({
      params: { level: "error", mode: null, window: { from: "09:00" }, weights: { a: 1 }, ports: [80, 443], dry_run: true },
      errors: {},
    });
    const bad = buildParams(fields, { ...values, ports: "80\nx", window: "{", weights: "a=b" });
    expect(bad.errors.ports).toBe("ports: line 2 must be a whole number");
    expect(bad.errors.window).toMatch(/^window: must be valid JSON/);
    expect(bad.errors.weights).toBe("weights: line 1 value must be a number");
  });

  it("round-trips given values into the form", () => {
    const fields = fieldsOf(DAILY_JOB_HUNT_SCHEMA);
    const given = { keywords: ["a", "b"], fallbacks: { x: "y" }, limit: 5, profile_id: "p" };
    const { params } = buildParams(fields, initialValues(fields, given));
    expect(params).toMatchObject(given);
  });
});
