/**
 * A map parameter (e.g. "Backup sites": job site -> the site searched instead) as rows of two
 * labelled inputs with Add and Remove buttons, so nobody has to type JSON or `key=value`. The
 * form keeps the value as `key=value` lines (schema.ts parses them); this only edits them.
 */
import type { Field } from "./schema";

type Pair = { key: string; value: string };

/** `key=value` lines as pairs (the first `=` splits; a line without one is a key). */
export function pairsOf(text: string): Pair[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const eq = line.indexOf("=");
      return eq < 0 ? { key: line.trim(), value: "" } : { key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() };
    });
}

/** Pairs as `key=value` lines; an empty pair is kept as `=` so that a new row stays on screen. */
export function textOf(pairs: Pair[]): string {
  return pairs.map((p) => `${p.key}=${p.value}`).join("\n");
}

export function MapInput({
  id,
  field,
  text,
  onChange,
  onBlur,
  disabled,
  describedBy,
}: {
  id: string;
  field: Field;
  text: string;
  onChange: (text: string) => void;
  onBlur: () => void;
  disabled?: boolean;
  describedBy?: string;
}) {
  const pairs = pairsOf(text);
  const label = field.title ?? field.name;
  const set = (index: number, patch: Partial<Pair>) =>
    onChange(textOf(pairs.map((p, i) => (i === index ? { ...p, ...patch } : p))));
  return (
    <div className="map-input" id={id} role="group" aria-label={label} aria-describedby={describedBy}>
      {pairs.length === 0 ? <p className="form-hint">None yet.</p> : null}
      <ul className="map-input-rows">
        {pairs.map((pair, i) => (
          <li key={i} className="map-input-row">
            <input
              aria-label={`${label} ${i + 1}: for`}
              value={pair.key}
              disabled={disabled}
              onBlur={onBlur}
              onChange={(e) => set(i, { key: e.target.value })}
            />
            <span aria-hidden="true">→</span>
            <input
              aria-label={`${label} ${i + 1}: use instead`}
              value={pair.value}
              disabled={disabled}
              onBlur={onBlur}
              onChange={(e) => set(i, { value: e.target.value })}
            />
            <button
              type="button"
              className="button button-secondary"
              disabled={disabled}
              aria-label={`Remove ${label} ${i + 1}`}
              onClick={() => onChange(textOf(pairs.filter((_, j) => j !== i)))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-secondary"
        disabled={disabled}
        onClick={() => onChange(textOf([...pairs, { key: "", value: "" }]))}
      >
        Add {label.toLowerCase()}
      </button>
    </div>
  );
}
