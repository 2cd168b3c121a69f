/** Parameter schemas as the app's flows publish them (schemars output), for tests. */
export const DAILY_JOB_HUNT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  additionalProperties: false,
  properties: {
    auto_apply: { default: false, description: "Apply to high matches whose CV you approved.", type: "boolean" },
    fallbacks: {
      additionalProperties: { type: "string" },
      default: {},
      description: "Backup source per source.",
      type: "object",
    },
    keywords: {
      default: [],
      description: "One search per keyword on every source.",
      items: { type: "string" },
      type: "array",
    },
    limit: {
      default: 50,
      description: "Most postings per source and keyword.",
      format: "uint32",
      minimum: 0,
      type: "integer",
    },
    match_threshold: {
      default: 0.8,
      description: "Score (0..1) from which a job is a high match.",
      format: "double",
      type: "number",
      minimum: 0,
      maximum: 1,
    },
    max_cvs: {
      default: 10,
      description: "Most CVs generated in one run (the best matches first).",
      format: "uint32",
      minimum: 0,
      type: "integer",
    },
    profile_id: {
      default: null,
      description: "Match against this profile (default: the default profile).",
      type: ["string", "null"],
    },
    sources: {
      default: [],
      description: 'Source specs, e.g. ["remoteok", "greenhouse:acme"].',
      items: { type: "string" },
      type: "array",
    },
  },
  title: "DailyJobHuntParams",
  type: "object",
};

export const SMART_APPLICATION_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  additionalProperties: false,
  properties: {
    auto_apply_threshold: { default: 0.9, format: "double", type: "number" },
    job_id: { type: "string" },
    profile_id: { default: null, type: ["string", "null"] },
  },
  required: ["job_id"],
  title: "SmartApplicationParams",
  type: "object",
};

/** $ref into $defs / definitions, anyOf with null, enums, nested objects. */
export const REF_SCHEMA = {
  type: "object",
  properties: {
    level: { $ref: "#/$defs/Level", description: "How loud." },
    mode: { anyOf: [{ $ref: "#/definitions/Mode" }, { type: "null" }], default: null },
    window: { anyOf: [{ $ref: "#/$defs/Window" }, { type: "null" }] },
    weights: { type: "object", additionalProperties: { type: "number" } },
    ports: { type: "array", items: { type: "integer", format: "uint16" } },
    dry_run: { type: ["boolean", "null"] },
  },
  $defs: {
    Level: { oneOf: [{ const: "info", description: "Quiet" }, { const: "error" }] },
    Window: { type: "object", properties: { from: { type: "string" } } },
  },
  definitions: {
    Mode: { type: "string", enum: ["fast", "thorough"] },
  },
};
