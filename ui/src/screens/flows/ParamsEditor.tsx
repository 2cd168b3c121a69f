/**
 * A flow's parameters as a form generated from its JSON Schema (labels from the schema's
 * titles, help from its descriptions), with an "Advanced (JSON)" toggle for experts. Used by
 * the "Run ..." form of the Flows screen and by the schedule editor, so both edit parameters
 * the same way. The parent keeps the state (`ParamsState`) and reads the result with
 * `paramsResult`.
 */
import type { FlowInfo } from "../../bindings";
import { SchemaFields } from "./SchemaForm";
import { buildParams, initialValues, type Field, type FieldValue, type FormValues } from "./schema";

/** What the editor holds: the form's values, or the JSON text while "Advanced (JSON)" is on. */
export type ParamsState = {
  values: FormValues;
  touched: Record<string, boolean>;
  /** The JSON text in advanced mode; null in the form. */
  raw: string | null;
  rawError: string | null;
};

export function paramsState(fields: Field[], given?: Record<string, unknown>): ParamsState {
  return { values: initialValues(fields, given), touched: {}, raw: null, rawError: null };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON text as a parameters object, or what is wrong with it. */
export function parseRaw(text: string): { value: Record<string, unknown> } | { error: string } {
  if (text.trim() === "") return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (isPlainObject(value)) return { value };
    return { error: "Advanced (JSON): must be a JSON object" };
  } catch (e) {
    return { error: `Advanced (JSON): not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/**
 * The parameters the editor says: `params` (or null while invalid), the errors by field name
 * and the first invalid field (to focus).
 */
export function paramsResult(fields: Field[], state: ParamsState) {
  if (state.raw !== null) {
    const parsed = parseRaw(state.raw);
    return "value" in parsed
      ? { params: parsed.value, errors: {}, rawError: null, firstInvalid: null }
      : { params: null, errors: {}, rawError: parsed.error, firstInvalid: null };
  }
  const { params, errors } = buildParams(fields, state.values);
  const firstInvalid = fields.find((f) => errors[f.name]) ?? null;
  return { params: firstInvalid ? null : params, errors, rawError: null, firstInvalid };
}

/** Switches between the form and the JSON text (keeping what was entered), if the text parses. */
export function toggleAdvanced(fields: Field[], state: ParamsState): ParamsState {
  if (state.raw === null) {
    const { params } = buildParams(fields, state.values);
    return { ...state, raw: JSON.stringify(params, null, 2), rawError: null };
  }
  const parsed = parseRaw(state.raw);
  if ("error" in parsed) return { ...state, rawError: parsed.error };
  return { ...state, values: initialValues(fields, parsed.value), raw: null, rawError: null };
}

export function ParamsEditor({
  flow,
  fields,
  state,
  onChange,
  showErrors,
  disabled,
  idPrefix = "param",
}: {
  flow: FlowInfo;
  fields: Field[];
  state: ParamsState;
  onChange: (next: ParamsState) => void;
  /** Show every field's error (after a submit), not only the touched ones. */
  showErrors: boolean;
  disabled?: boolean;
  idPrefix?: string;
}) {
  const { errors } = buildParams(fields, state.values);
  const shown: Record<string, string | undefined> = {};
  for (const [name, message] of Object.entries(errors)) {
    if (showErrors || state.touched[name]) shown[name] = message;
  }
  const touch = (name: string) =>
    state.touched[name] ? state.touched : { ...state.touched, [name]: true };
  const rawId = `${idPrefix}-raw-json`;
  return (
    <div className="params-editor">
      <div className="params-editor-toggle">
        <button
          type="button"
          className="button button-secondary"
          aria-pressed={state.raw !== null}
          disabled={disabled}
          onClick={() => onChange(toggleAdvanced(fields, state))}
        >
          Advanced (JSON)
        </button>
      </div>
      {state.raw === null ? (
        <SchemaFields
          fields={fields}
          values={state.values}
          errors={shown}
          onChange={(name: string, value: FieldValue) =>
            onChange({ ...state, values: { ...state.values, [name]: value }, touched: touch(name) })
          }
          onBlur={(name) => onChange({ ...state, touched: touch(name) })}
          disabled={disabled}
        />
      ) : (
        <div className="schema-field">
          <label htmlFor={rawId}>Settings of “{flow.title}” as a JSON object</label>
          <textarea
            id={rawId}
            className="mono"
            rows={Math.min(20, Math.max(6, state.raw.split("\n").length + 1))}
            spellCheck={false}
            value={state.raw}
            disabled={disabled}
            aria-invalid={state.rawError ? true : undefined}
            aria-describedby={state.rawError ? `${rawId}-error` : undefined}
            onChange={(e) => onChange({ ...state, raw: e.target.value, rawError: null })}
          />
          {state.rawError ? (
            <p className="field-error" id={`${rawId}-error`}>
              {state.rawError}
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
