/**
 * The schedule editor's "Tags" field: labels the schedule's runs carry ("scheduled, production"),
 * typed as one line separated by commas, so runs can be filtered by them on the Runs screen.
 * Kept with the runs (it feeds their tag filter); the schedule editor places it in its form.
 */
import { Field } from "../../components/Field";

/** "scheduled, production, ,scheduled" -> ["scheduled", "production"]: trimmed, no blanks or repeats. */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const tag of text.split(",").map((t) => t.trim())) {
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Tags as the field shows them: "scheduled, production". */
export function tagsText(tags: readonly string[]): string {
  return tags.join(", ");
}

/** A tag the app refuses (see the engine's `check_tags`), as the field's error; null when all fit. */
export function tagsError(text: string): string | null {
  const long = parseTags(text).find((t) => [...t].length > 40);
  return long ? `Tags: “${long}” is longer than 40 characters` : null;
}

export function TagsField({ value, onChange, error }: { value: string; onChange: (text: string) => void; error?: string }) {
  return (
    <Field
      id="dep-tags"
      label="Tags"
      error={error}
      hint="Optional labels for this schedule’s runs, separated by commas (such as scheduled, production)."
    >
      <input
        id="dep-tags"
        type="text"
        value={value}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "dep-tags-error" : "dep-tags-hint"}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
