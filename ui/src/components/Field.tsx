import type { ReactNode } from "react";

/**
 * A labelled form field with its inline error (which names the field) and a hint; `inline`
 * puts a checkbox before its label. Give the input `{...invalid(id, error)}`; the hint is `<id>-hint`.
 */
export function Field({
  id,
  label,
  error,
  hint,
  children,
  inline = false,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  inline?: boolean;
}) {
  return (
    <div className={inline ? "form-field form-field-inline" : "form-field"}>
      {inline ? children : null}
      <label htmlFor={id}>{label}</label>
      {inline ? null : children}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** aria attributes tying an input to its error. */
export function invalid(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}
