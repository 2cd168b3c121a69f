/** Parameter schemas for the form's tests. */
import { FLOW_SCHEMAS } from "../../test/fixtures";

/** The schemas the app's flows publish (schemars output, generated from Rust). */
export const DAILY_JOB_HUNT_SCHEMA = FLOW_SCHEMAS.daily_job_hunt.parameters;
export const SMART_APPLICATION_SCHEMA = FLOW_SCHEMAS.smart_job_application.parameters;

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
