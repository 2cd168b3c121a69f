/**
 * A flow's parameter form, derived from the JSON Schema schemars produces for its parameters
 * struct: one field per property, the form's text values, and their conversion back to the
 * parameters object with inline validation messages that name the field.
 *
 * Labels are the schema's `title` (`#[schemars(title = "...")]`) and help is its
 * `description` (the Rust doc comment); the raw property name is only a fallback. A number
 * marked `"x-unit": "fraction"` (`#[schemars(extend("x-unit" = "fraction"))]`: scores and
 * thresholds, 0..1 in JSON, in flow parameters and on the command line) is edited as a
 * percentage, 0-100 %: the form converts 0.85 <-> 85 both ways.
 *
 * Pure functions (tested in schema.test.ts); SchemaForm.tsx renders the fields.
 */

/** A JSON Schema (sub)schema, loosely typed: schemars output or hand-written. */
export type Schema = { [key: string]: unknown };

/** How a property is edited. */
export type FieldKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  /** `enum` (or `oneOf` of `const`s): a select. */
  | "enum"
  /** An array of scalars: a textarea, one item per line. */
  | "list"
  /** An object map of scalars (`additionalProperties`): `key=value` lines. */
  | "map"
  /** Anything else (nested objects, arrays of objects): a JSON textarea. */
  | "json";

export type ScalarKind = "string" | "integer" | "number" | "boolean";

export type Field = {
  name: string;
  kind: FieldKind;
  /** `null` is a valid value (`["string","null"]`, `anyOf [.., {type: null}]`). */
  nullable: boolean;
  required: boolean;
  title: string | null;
  description: string | null;
  /** The schema's default, when it has one. */
  default: unknown;
  hasDefault: boolean;
  minimum: number | null;
  maximum: number | null;
  exclusiveMinimum: number | null;
  exclusiveMaximum: number | null;
  /** The choices of an enum field (without null). */
  options: unknown[];
  /** The item kind of a list, the value kind of a map. */
  itemKind: ScalarKind;
  /** `"fraction"`: a 0..1 number shown and typed as 0-100 %. */
  unit: "fraction" | null;
};

/** The schema extension that marks a 0..1 number as a percentage in the form. */
export const UNIT_KEY = "x-unit";

/** The form's value of a field: text, or a checkbox's state. */
export type FieldValue = string | boolean;
export type FormValues = Record<string, FieldValue>;

const MAX_REF_DEPTH = 32;

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Follows a local `$ref` (`#/$defs/X`, `#/definitions/X`, any JSON pointer into the root). */
export function resolveRef(root: Schema, ref: string): Schema | null {
  if (!ref.startsWith("#")) return null;
  const pointer = ref.slice(1);
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node)) return null;
    node = node[key];
  }
  return isObject(node) ? node : null;
}

/**
 * The schema with `$ref`s and single-element `allOf`s merged in (the referring schema's own
 * keywords, e.g. `description` and `default`, win).
 */
export function deref(root: Schema, schema: Schema, depth = 0): Schema {
  if (depth > MAX_REF_DEPTH) return schema;
  if (typeof schema.$ref === "string") {
    const target = resolveRef(root, schema.$ref);
    const { $ref: _ref, ...rest } = schema;
    void _ref;
    if (!target) return rest;
    return { ...deref(root, target, depth + 1), ...rest };
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && isObject(schema.allOf[0])) {
    const { allOf, ...rest } = schema;
    return { ...deref(root, allOf[0] as Schema, depth + 1), ...rest };
  }
  return schema;
}

function isNullSchema(root: Schema, schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const s = deref(root, schema);
  return s.type === "null" || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null") || ("const" in s && s.const === null);
}

/**
 * Splits nullability off a schema: `{type: [T, "null"]}`, `anyOf`/`oneOf` with a null
 * branch, an enum listing null.
 */
export function unwrapNullable(root: Schema, input: Schema): { schema: Schema; nullable: boolean } {
  let schema = deref(root, input);
  let nullable = false;
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some((b) => isNullSchema(root, b))) {
      const others = branches.filter((b) => !isNullSchema(root, b));
      nullable = true;
      const { [key]: _drop, ...rest } = schema;
      void _drop;
      if (others.length === 1 && isObject(others[0])) {
        schema = { ...deref(root, others[0]), ...rest };
      } else {
        schema = { ...rest, [key]: others };
      }
    }
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== "null");
    if (types.length !== schema.type.length) nullable = true;
    schema = { ...schema, type: types.length === 1 ? types[0] : types };
  }
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) {
    nullable = true;
    schema = { ...schema, enum: schema.enum.filter((v) => v !== null) };
  }
  return { schema, nullable };
}

function scalarKind(type: unknown): ScalarKind | null {
  return type === "string" || type === "integer" || type === "number" || type === "boolean" ? type : null;
}

/** The choices of `enum` or of a `oneOf`/`anyOf` whose branches are all `const`s. */
function enumOptions(root: Schema, schema: Schema): unknown[] | null {
  if (Array.isArray(schema.enum)) return schema.enum;
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const values: unknown[] = [];
    for (const b of branches) {
      if (!isObject(b)) return null;
      const s = deref(root, b);
      if ("const" in s) values.push(s.const);
      else if (Array.isArray(s.enum)) values.push(...s.enum);
      else return null;
    }
    return values;
  }
  return null;
}

/**
 * The item kind of "one T or a list of T" (`anyOf`/`oneOf` of `{type: T}` and
 * `{type: "array", items: {type: T}}`, e.g. keywords that take "Data Engineer" or a list):
 * edited as a list, which sends the array form.
 */
function scalarOrListKind(root: Schema, schema: Schema): ScalarKind | null {
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || branches.length !== 2 || !branches.every(isObject)) continue;
    const [a, b] = (branches as Schema[]).map((branch) => deref(root, branch));
    const [one, many] = a.type === "array" ? [b, a] : [a, b];
    const scalar = scalarKind(one.type);
    if (!scalar || many.type !== "array" || !isObject(many.items)) continue;
    const items = unwrapNullable(root, many.items);
    if (!items.nullable && scalarKind(items.schema.type) === scalar && !enumOptions(root, items.schema) && !enumOptions(root, one)) {
      return scalar;
    }
  }
  return null;
}

function kindOf(root: Schema, schema: Schema): { kind: FieldKind; itemKind: ScalarKind; options: unknown[] } {
  const options = enumOptions(root, schema);
  if (options) return { kind: "enum", itemKind: "string", options };
  const listItem = scalarOrListKind(root, schema);
  if (listItem) return { kind: "list", itemKind: listItem, options: [] };
  const scalar = scalarKind(schema.type);
  if (scalar) return { kind: scalar, itemKind: scalar, options: [] };
  if (schema.type === "array" && isObject(schema.items)) {
    const items = unwrapNullable(root, schema.items);
    const item = scalarKind(items.schema.type);
    if (item && !items.nullable && !enumOptions(root, items.schema)) return { kind: "list", itemKind: item, options: [] };
    return { kind: "json", itemKind: "string", options: [] };
  }
  if (schema.type === "object" && !isObject(schema.properties) && isObject(schema.additionalProperties)) {
    const values = unwrapNullable(root, schema.additionalProperties);
    const value = scalarKind(values.schema.type);
    if (value && !values.nullable) return { kind: "map", itemKind: value, options: [] };
  }
  return { kind: "json", itemKind: "string", options: [] };
}

/** The fields of a parameters schema, in the order of its properties. */
export function fieldsOf(rootSchema: unknown): Field[] {
  if (!isObject(rootSchema)) return [];
  const root = deref(rootSchema, rootSchema);
  const properties = isObject(root.properties) ? root.properties : {};
  const required = new Set(Array.isArray(root.required) ? root.required.map(String) : []);
  const rootDefault = isObject(root.default) ? root.default : {};
  return Object.entries(properties).map(([name, raw]) => {
    const own = isObject(raw) ? raw : {};
    const { schema, nullable } = unwrapNullable(rootSchema, own);
    const { kind, itemKind, options } = kindOf(rootSchema, schema);
    const hasDefault = "default" in schema || name in rootDefault;
    return {
      name,
      kind,
      nullable,
      required: required.has(name),
      title: typeof schema.title === "string" ? schema.title : null,
      description: typeof schema.description === "string" ? schema.description : null,
      default: "default" in schema ? schema.default : rootDefault[name],
      hasDefault,
      minimum: num(schema.minimum),
      maximum: num(schema.maximum),
      exclusiveMinimum: num(schema.exclusiveMinimum),
      exclusiveMaximum: num(schema.exclusiveMaximum),
      options,
      itemKind,
      unit: schema[UNIT_KEY] === "fraction" && (kind === "number" || kind === "integer") ? "fraction" : null,
    };
  });
}

/** A field's label: its title, else its property name. */
export function labelOf(field: Field): string {
  return field.title ?? field.name;
}

/** 0.85 -> "85" (at most two decimals, no float noise: 0.07 -> "7", not "7.000000000000001"). */
export function percentText(fraction: number): string {
  return String(Math.round(fraction * 100 * 100) / 100);
}

/** An enum option as a `<select>` value (JSON keeps numbers and strings apart). */
export function optionKey(value: unknown): string {
  return JSON.stringify(value);
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A parameter value as the field's form value. */
export function toFieldValue(field: Field, value: unknown): FieldValue {
  switch (field.kind) {
    case "boolean":
      if (field.nullable) return value === true ? "true" : value === false ? "false" : "";
      return value === true;
    case "enum":
      return value === undefined || value === null ? "" : optionKey(value);
    case "list":
      return Array.isArray(value) ? value.map(scalarText).join("\n") : "";
    case "map":
      return isObject(value)
        ? Object.entries(value)
            .map(([k, v]) => `${k}=${scalarText(v)}`)
            .join("\n")
        : "";
    case "json":
      return value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
    default:
      if (field.unit === "fraction" && typeof value === "number") return percentText(value);
      return scalarText(value);
  }
}

/** The form's first values: each field's default (or empty). */
export function initialValues(fields: Field[], given?: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = given && field.name in given ? given[field.name] : field.default;
    values[field.name] = toFieldValue(field, value);
  }
  return values;
}

function fmt(n: number): string {
  return String(n);
}

/** The range a number must lie in, as words; null when unbounded. */
function rangeText(field: Field, noun: string): string | null {
  const lo = field.minimum ?? field.exclusiveMinimum;
  const hi = field.maximum ?? field.exclusiveMaximum;
  if (lo !== null && hi !== null) return `must be ${noun} between ${fmt(lo)} and ${fmt(hi)}`;
  if (field.minimum !== null) return `must be ${noun} of at least ${fmt(field.minimum)}`;
  if (field.exclusiveMinimum !== null) return `must be ${noun} greater than ${fmt(field.exclusiveMinimum)}`;
  if (field.maximum !== null) return `must be ${noun} of at most ${fmt(field.maximum)}`;
  if (field.exclusiveMaximum !== null) return `must be ${noun} less than ${fmt(field.exclusiveMaximum)}`;
  return null;
}

function inRange(field: Field, n: number): boolean {
  if (field.minimum !== null && n < field.minimum) return false;
  if (field.maximum !== null && n > field.maximum) return false;
  if (field.exclusiveMinimum !== null && n <= field.exclusiveMinimum) return false;
  if (field.exclusiveMaximum !== null && n >= field.exclusiveMaximum) return false;
  return true;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** One scalar from text (a field, a list item, a map value). */
function parseScalar(field: Field, kind: ScalarKind, text: string): Parsed {
  const t = text.trim();
  switch (kind) {
    case "integer": {
      if (!/^[-+]?\d+$/.test(t)) {
        const range = rangeText(field, "a whole number");
        return { ok: false, message: range ?? "must be a whole number" };
      }
      const n = Number(t);
      if (!inRange(field, n)) return { ok: false, message: rangeText(field, "a whole number") ?? "out of range" };
      return { ok: true, value: n };
    }
    case "number": {
      const n = t === "" ? NaN : Number(t);
      if (!Number.isFinite(n) || !inRange(field, n)) {
        return { ok: false, message: rangeText(field, "a number") ?? "must be a number" };
      }
      return { ok: true, value: n };
    }
    case "boolean":
      if (t === "true") return { ok: true, value: true };
      if (t === "false") return { ok: true, value: false };
      return { ok: false, message: "must be true or false" };
    default:
      return { ok: true, value: text };
  }
}

/**
 * A field's parameter value from its form value: `{ omit: true }` leaves it out (the flow's
 * default applies), or an error message (without the field name).
 */
export function parseField(field: Field, input: FieldValue | undefined): { value?: unknown; omit?: boolean; error?: string } {
  if (field.kind === "boolean" && !field.nullable) return { value: input === true };
  const text = typeof input === "string" ? input : input === undefined ? "" : String(input);
  const blank = text.trim() === "";
  const emptyResult = () => {
    if (field.nullable) return { value: null };
    if (field.required) return { error: "is required" };
    return { omit: true };
  };
  switch (field.kind) {
    case "boolean":
      return blank ? emptyResult() : { value: text === "true" };
    case "enum": {
      if (blank) return emptyResult();
      const choice = field.options.find((o) => optionKey(o) === text);
      return choice === undefined ? { error: "must be one of the listed choices" } : { value: choice };
    }
    case "string":
      if (text === "") return emptyResult();
      return { value: text };
    case "integer":
    case "number": {
      if (blank) return emptyResult();
      if (field.unit === "fraction") return parsePercent(field, text);
      const parsed = parseScalar(field, field.kind, text);
      return parsed.ok ? { value: parsed.value } : { error: parsed.message };
    }
    case "list": {
      const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
      const items: unknown[] = [];
      for (const [i, line] of lines.entries()) {
        const parsed = parseScalar(field, field.itemKind, line);
        if (!parsed.ok) return { error: `line ${i + 1} ${parsed.message}` };
        items.push(parsed.value);
      }
      return { value: items };
    }
    case "map": {
      const trimmed = text.trim();
      if (trimmed.startsWith("{")) {
        try {
          const value: unknown = JSON.parse(trimmed);
          if (!isObject(value)) return { error: "must be a JSON object or key=value lines" };
          return { value };
        } catch {
          return { error: "must be valid JSON or key=value lines" };
        }
      }
      const map: Record<string, unknown> = {};
      const lines = text.split("\n");
      for (const [i, raw] of lines.entries()) {
        const line = raw.trim();
        // An empty pair (a row added but not filled in) says nothing.
        if (line === "" || line === "=") continue;
        const eq = line.indexOf("=");
        if (eq <= 0) return { error: `line ${i + 1} must be key=value` };
        const parsed = parseScalar(field, field.itemKind, line.slice(eq + 1).trim());
        if (!parsed.ok) return { error: `line ${i + 1} value ${parsed.message}` };
        map[line.slice(0, eq).trim()] = parsed.value;
      }
      return { value: map };
    }
    case "json": {
      if (blank) return emptyResult();
      try {
        return { value: JSON.parse(text) };
      } catch (e) {
        return { error: `must be valid JSON (${e instanceof Error ? e.message : String(e)})` };
      }
    }
  }
}

/**
 * A percentage typed for a 0..1 `fraction` field ("85", "85 %", "85.5") as its fraction, within
 * 0-100 % and the schema's bounds (scaled).
 */
function parsePercent(field: Field, text: string): { value?: unknown; error?: string } {
  const t = text.trim().replace(/\s*%$/, "");
  const n = t === "" ? NaN : Number(t);
  const lo = Math.max(0, (field.minimum ?? 0) * 100);
  const hi = Math.min(100, (field.maximum ?? 1) * 100);
  if (!Number.isFinite(n) || n < lo || n > hi) return { error: `must be a percentage from ${fmt(lo)} to ${fmt(hi)}` };
  return { value: Math.round(n * 100) / 10000 };
}

/** The field's inline error as shown: the field's label, a colon, what is wrong. */
export function fieldError(field: Field, message: string): string {
  return `${labelOf(field)}: ${message}`;
}

/** The parameters object from the form, or the errors by field name. */
export function buildParams(
  fields: Field[],
  values: FormValues,
): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = parseField(field, values[field.name]);
    if (result.error) errors[field.name] = fieldError(field, result.error);
    else if (!result.omit) params[field.name] = result.value;
  }
  return { params, errors };
}
