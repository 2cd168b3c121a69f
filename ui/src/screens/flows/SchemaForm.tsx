/**
 * The fields of a generated parameter form (see schema.ts for the schema handling): each is
 * labelled with its schema title and explained with its description, never by its raw name;
 * percentages get a "%" after the box, maps get rows of inputs.
 */
import { MapInput } from "./MapInput";
import type { Field, FieldValue, FormValues } from "./schema";
import { labelOf, optionKey } from "./schema";

/** The id of a field's input: `param-<prop>` (stable for end-to-end tests). */
export function fieldId(name: string): string {
  return `param-${name}`;
}

function hint(field: Field): string | null {
  switch (field.kind) {
    case "list":
      return "One per line.";
    case "json":
      return "JSON.";
    default:
      return field.unit === "fraction" ? "In percent, 0 to 100." : null;
  }
}

export function SchemaFields({
  fields,
  values,
  errors,
  onChange,
  onBlur,
  disabled,
}: {
  fields: Field[];
  values: FormValues;
  /** Shown errors by field name (already prefixed with the name). */
  errors: Record<string, string | undefined>;
  onChange: (name: string, value: FieldValue) => void;
  onBlur?: (name: string) => void;
  disabled?: boolean;
}) {
  if (fields.length === 0) return <p className="status">There is nothing to set.</p>;
  return (
    <div className="schema-fields">
      {fields.map((field) => (
        <FieldRow
          key={field.name}
          field={field}
          value={values[field.name]}
          error={errors[field.name]}
          onChange={(v) => onChange(field.name, v)}
          onBlur={() => onBlur?.(field.name)}
          disabled={disabled}
        />
      ))}
    </div>
  );
}

function FieldRow({
  field,
  value,
  error,
  onChange,
  onBlur,
  disabled,
}: {
  field: Field;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
  onBlur: () => void;
  disabled?: boolean;
}) {
  const id = fieldId(field.name);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const extra = hint(field);
  const describedBy = [field.description || extra ? helpId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.name,
    onBlur,
    disabled,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": field.required || undefined,
  } as const;
  const text = typeof value === "string" ? value : "";

  let input;
  if (field.kind === "boolean" && !field.nullable) {
    input = (
      <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
    );
  } else if (field.kind === "boolean" || field.kind === "enum") {
    const options = field.kind === "boolean" ? [true, false] : field.options;
    input = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {field.nullable || (!field.required && !field.hasDefault) || text === "" ? (
          <option value="">{field.nullable ? "(none)" : "(choose)"}</option>
        ) : null}
        {options.map((o) => (
          <option key={optionKey(o)} value={optionKey(o)}>
            {typeof o === "string" ? o : JSON.stringify(o)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "map") {
    input = (
      <MapInput id={id} field={field} text={text} onChange={onChange} onBlur={onBlur} disabled={disabled} describedBy={describedBy} />
    );
  } else if (field.kind === "list" || field.kind === "json") {
    const rows = Math.min(10, Math.max(3, text.split("\n").length + 1));
    input = (
      <textarea
        {...common}
        rows={rows}
        spellCheck={false}
        className={field.kind === "json" ? "mono" : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        type="text"
        inputMode={field.kind === "integer" ? "numeric" : field.kind === "number" ? "decimal" : undefined}
        value={text}
        placeholder={field.nullable ? "(none)" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
    if (field.unit === "fraction") {
      input = (
        <span className="schema-field-percent">
          {input}
          <span aria-hidden="true">%</span>
        </span>
      );
    }
  }

  return (
    <div className={`schema-field schema-field-${field.kind}${error ? " has-error" : ""}`}>
      {field.kind === "map" ? (
        <span className="schema-field-label">
          <span className="schema-field-name">{labelOf(field)}</span>
        </span>
      ) : (
        <label htmlFor={id}>
          <span className="schema-field-name">{labelOf(field)}</span>
          {field.unit === "fraction" ? <span className="sr-only"> (percent)</span> : null}
          {field.required ? <span className="schema-field-required"> (required)</span> : null}
        </label>
      )}
      {input}
      {field.description || extra ? (
        <p className="schema-field-help" id={helpId}>
          {field.description}
          {field.description && extra ? " " : null}
          {extra ? <span className="schema-field-hint">{extra}</span> : null}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
