/** The schedule editor's policies: missed runs (catch-up), overlapping runs, paused. */
import { Field } from "../../components/Field";
import { CATCHUP_OPTIONS, OVERLAP_OPTIONS, type DeploymentForm } from "./form";

export function PolicyFields({
  form,
  onChange,
}: {
  form: DeploymentForm;
  onChange: (patch: Partial<DeploymentForm>) => void;
}) {
  const catchupHelp = CATCHUP_OPTIONS.find((o) => o.value === form.catchup)?.help;
  const overlapHelp = OVERLAP_OPTIONS.find((o) => o.value === form.overlap)?.help;
  return (
    <>
      <Field id="dep-catchup" label="Missed runs (catch-up)" hint={catchupHelp}>
        <select
          id="dep-catchup"
          value={form.catchup}
          onChange={(e) => onChange({ catchup: e.target.value as DeploymentForm["catchup"] })}
        >
          {CATCHUP_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>

      <Field id="dep-overlap" label="When the previous run is still going (overlap)" hint={overlapHelp}>
        <select
          id="dep-overlap"
          value={form.overlap}
          onChange={(e) => onChange({ overlap: e.target.value as DeploymentForm["overlap"] })}
        >
          {OVERLAP_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>

      <div className="form-field form-field-inline">
        <input id="dep-paused" type="checkbox" checked={form.paused} onChange={(e) => onChange({ paused: e.target.checked })} />
        <label htmlFor="dep-paused">Paused (saved, but does not run on its schedule)</label>
      </div>
    </>
  );
}
